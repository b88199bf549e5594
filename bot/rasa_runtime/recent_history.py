"""The dialogue policies read the recent turns of a long conversation, not all of it.

Rasa's policies rebuild the state of the conversation at every action of its history for every prediction
(``DialogueStateTracker.past_states``), and the rule policy formats and deep-copies all of them, several
times a turn: at turn 400 that was half of the time of a turn, and it grows with every turn. Yet what they
decide on is the end of it: the memoization policy looks at the last 4 states (config.yml), the rules at the
last few steps of a rule.

So the policies are given a *view* of a long conversation: the same conversation state (every slot value,
the same latest message, loop and last action) with only the events of its last ``KEEP_TURNS`` or so
practitioner turns. The view starts at a turn boundary where no form is active and the conversation is not
paused; where no such boundary exists, the policies get the whole conversation as before. One difference
remains possible: the memoization policy skips turns decided by rules alone and substitutes the last action
of a story turn, which may lie before the view when every recent turn was a rule turn; the replay test below
found no prediction that changed. The slots at the boundary are computed once per boundary and kept on the
tracker, so a turn's cost no longer grows with the length of the conversation. ``tests/rasa_runtime/test_recent_history.py`` replays long
conversations through the trained model and checks that every prediction is the same as with the whole
history.

Nothing is changed in the conversation itself: the view is a separate tracker, used for prediction only.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from typing import Any, Optional

from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

KEEP_TURNS = 12            # practitioner turns the policies see, at least ...
MAX_TURNS = 2 * KEEP_TURNS  # ... and at most: then the boundary moves forward
MIN_EVENTS = 300           # shorter conversations are read whole: the view would save nothing
_MEMO = "_bot_recent_history"


@dataclass
class _Boundary:
    """Where the view of one tracker starts, and the slot values there."""

    events: Any                # the tracker's event deque the boundary was found in
    index: int                 # the view starts at tracker.events[index] (an action_listen)
    first: Event               # that event, to check the deque has only grown since
    slots: list[SlotSet]       # the slots set by then, with their values at the boundary


@dataclass
class _NoBoundary:
    """No boundary was found when the tracker had ``length`` events: look again ``MAX_TURNS`` turns on."""

    events: Any
    length: int


def view(tracker: DialogueStateTracker, domain: Domain) -> DialogueStateTracker:
    """The tracker for the policies: ``tracker`` itself when short, else the recent view of it."""
    events = tracker.events
    if len(events) < MIN_EVENTS or getattr(tracker, "_max_event_history", None):
        return tracker
    memo = getattr(tracker, _MEMO, None)
    if isinstance(memo, _NoBoundary) and memo.events is events and len(events) < memo.length + 10 * MAX_TURNS:
        return tracker
    boundary = _current_boundary(tracker)
    if boundary is None:
        boundary = _find_boundary(tracker, domain)
        setattr(tracker, _MEMO, boundary or _NoBoundary(events, len(events)))
        if boundary is None:
            return tracker
    recent = list(islice(events, boundary.index, None))
    short = DialogueStateTracker.from_events(tracker.sender_id, [*boundary.slots, *recent], domain.slots)
    short.followup_action = tracker.followup_action  # set by the processor, not by an event
    return short


def _current_boundary(tracker: DialogueStateTracker) -> Optional[_Boundary]:
    """The boundary found earlier, if the conversation has only grown since and the view is not too long."""
    boundary = getattr(tracker, _MEMO, None)
    events = tracker.events
    if not isinstance(boundary, _Boundary) or boundary.events is not events or len(events) <= boundary.index:
        return None
    if events[boundary.index] is not boundary.first:
        return None
    turns = sum(1 for event in islice(events, boundary.index, None) if isinstance(event, UserUttered))
    return boundary if turns <= MAX_TURNS else None


def _find_boundary(tracker: DialogueStateTracker, domain: Domain) -> Optional[_Boundary]:
    """The latest turn boundary with ``KEEP_TURNS`` practitioner turns after it, where no form is active and
    the conversation is not paused."""
    events = list(tracker.events)
    turns = 0
    for index in range(len(events) - 1, 0, -1):
        event = events[index]
        if isinstance(event, UserUttered):
            turns += 1
        elif isinstance(event, ActionExecuted):
            starts_turn = (event.action_name == ACTION_LISTEN_NAME and index + 1 < len(events)
                           and isinstance(events[index + 1], UserUttered))
            if starts_turn and turns >= KEEP_TURNS:
                before = DialogueStateTracker.from_events(tracker.sender_id, events[:index], domain.slots)
                if before.active_loop_name is None and not before.is_paused():
                    slots = [SlotSet(name, slot.value) for name, slot in before.slots.items()
                             if slot.has_been_set]
                    return _Boundary(tracker.events, index, event, slots)
                if turns > 4 * KEEP_TURNS:
                    return None  # a form open for very long: read the whole conversation
    return None


def install() -> None:
    """Give the policies the recent view (``MessageProcessor._predict_next_with_tracker``); idempotent; on
    the pinned Rasa only."""
    from rasa.core.processor import MessageProcessor

    from bot.rasa_runtime import require_pinned_rasa

    require_pinned_rasa()

    original = MessageProcessor._predict_next_with_tracker
    if getattr(original, "recent_view", False):
        return

    def predict_next_with_tracker(self: MessageProcessor, tracker: DialogueStateTracker) -> Any:
        if tracker.followup_action:  # Rasa clears it on the tracker it is given: the real one
            return original(self, tracker)
        return original(self, view(tracker, self.domain))

    predict_next_with_tracker.recent_view = True  # type: ignore[attr-defined]
    predict_next_with_tracker.__wrapped__ = original  # type: ignore[attr-defined]
    MessageProcessor._predict_next_with_tracker = predict_next_with_tracker  # type: ignore[method-assign]
