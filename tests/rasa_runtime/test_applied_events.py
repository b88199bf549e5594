"""The incremental ``applied_events`` gives Rasa's answer after every event of random conversations."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rasa.shared.core.events import (
    ActionExecuted, ActionReverted, ActiveLoop, BotUttered, Restarted, SessionStarted, SlotSet,
    UserUtteranceReverted, UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_runtime import applied_events as incremental

EVENTS = st.sampled_from([
    lambda: ActionExecuted("action_listen"), lambda: ActionExecuted("utter_greet"),
    lambda: ActionExecuted("about_you_form"), lambda: ActionExecuted("area_form"),
    lambda: ActiveLoop("about_you_form"), lambda: ActiveLoop("area_form"), lambda: ActiveLoop(None),
    lambda: UserUttered("hi", {"name": "greet"}), lambda: UserUtteranceReverted(), lambda: ActionReverted(),
    lambda: Restarted(), lambda: SessionStarted(), lambda: SlotSet("role", "teacher"), lambda: BotUttered("ok"),
])


def rasas(tracker: DialogueStateTracker) -> list:
    own = incremental.RASAS_OWN.get("applied_events", DialogueStateTracker.__dict__["applied_events"])
    assert own is not incremental.applied_events
    return own(tracker)


@settings(max_examples=300, deadline=None)
@given(st.lists(EVENTS, max_size=60), st.lists(st.integers(min_value=1, max_value=6), max_size=30))
def test_the_same_as_rasa_after_every_event(makers, steps):
    tracker = DialogueStateTracker("random", [])
    events = [make() for make in makers]
    position = 0
    for step in steps or [len(events)]:  # asked after one event or after several, as Rasa does
        for event in events[position:position + step]:
            tracker.events.append(event)
        position += step
        assert incremental.applied_events(tracker) == rasas(tracker)
    tracker.events.extend(events[position:])
    assert incremental.applied_events(tracker) == rasas(tracker)


def test_the_list_returned_is_the_callers_own():
    tracker = DialogueStateTracker("own", [])
    tracker.events.extend([ActionExecuted("action_listen"), UserUttered("hi", {"name": "greet"})])
    first = incremental.applied_events(tracker)
    first.clear()
    assert incremental.applied_events(tracker) == rasas(tracker) and len(rasas(tracker)) == 2


def test_a_new_tracker_built_from_the_same_events_is_worked_out_afresh():
    events = [ActionExecuted("action_listen"), UserUttered("hi", {"name": "greet"}), Restarted(),
              ActionExecuted("action_listen")]
    one = DialogueStateTracker("one", [])
    one.events.extend(events[:2])
    incremental.applied_events(one)
    two = DialogueStateTracker("two", [])
    two.events.extend(events)
    assert incremental.applied_events(two) == rasas(two) == [events[3]]
