"""Rasa's ``DialogueStateTracker.applied_events``, worked out once per event instead of once per call.

The events that still apply (not undone by a revert, a restart or a form's retry) are recomputed from the
whole conversation every time they are asked for, and Rasa asks for them many times a turn: when it checks
the session, when it copies the tracker for an action, when the policies read the history. At turn 500 that
is thousands of events walked again and again for a turn that adds ten.

Here the answer is kept on the tracker with how many events it covers. When events have only been added
since, and no new form appears among them (a form's name changes how its earlier executions count), only
the new events are processed, with Rasa's own steps in Rasa's order; otherwise the whole list is worked out
as Rasa does. ``tests/rasa_runtime/test_applied_events.py`` checks the answer against Rasa's own after every
event of many random conversations with reverts, restarts, sessions and forms.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from typing import Any, Callable, Optional

from rasa.shared.core.events import (
    ActionExecuted, ActionReverted, ActiveLoop, Event, Restarted, SessionStarted, UserUtteranceReverted,
    UserUttered,
)

_MEMO = "_bot_applied_events"
RASAS_OWN: dict[str, Callable[..., Any]] = {}


@dataclass
class _Applied:
    events: Any                 # the tracker's event deque this was worked out for
    count: int                  # how many of its events
    last: Optional[Event]       # the last of them, to see that the deque has only grown
    loop_names: set[str]        # the forms named in those events
    applied: list[Event]


def applied_events(tracker: Any) -> list[Event]:
    """The events that apply, as ``DialogueStateTracker.applied_events`` (a new list each call)."""
    events = tracker.events
    memo: Optional[_Applied] = tracker.__dict__.get(_MEMO)
    if (memo is not None and memo.events is events and events.maxlen is None and memo.count <= len(events)
            and (memo.count == 0 or events[memo.count - 1] is memo.last)):
        new = list(islice(events, memo.count, None))
        if all(e.name in memo.loop_names for e in new if isinstance(e, ActiveLoop) and e.name):
            _apply(tracker, new, memo.loop_names, memo.applied)
            memo.count, memo.last = len(events), (events[-1] if events else None)
            return list(memo.applied)
    everything = list(events)
    loop_names = {e.name for e in everything if isinstance(e, ActiveLoop) and e.name}
    applied: list[Event] = []
    _apply(tracker, everything, loop_names, applied)
    tracker.__dict__[_MEMO] = _Applied(events, len(everything), everything[-1] if everything else None,
                                       loop_names, applied)
    return list(applied)


def _apply(tracker: Any, new: list[Event], loop_names: set[str], applied: list[Event]) -> None:
    """Rasa's loop body (rasa/shared/core/trackers.py, ``applied_events``), on ``applied`` in place."""
    for event in new:
        if isinstance(event, (Restarted, SessionStarted)):
            applied.clear()
        elif isinstance(event, ActionReverted):
            tracker._undo_till_previous(ActionExecuted, applied)
        elif isinstance(event, UserUtteranceReverted):
            tracker._undo_till_previous(UserUttered, applied)
            tracker._undo_till_previous(ActionExecuted, applied)
        elif (isinstance(event, ActionExecuted) and event.action_name in loop_names
              and not tracker._first_loop_execution_or_unhappy_path(event.action_name, applied)):
            tracker._undo_till_previous_loop_execution(event.action_name, applied)
        else:
            applied.append(event)


def install() -> None:
    """Use the incremental ``applied_events`` on every tracker (idempotent); on the pinned Rasa only."""
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.rasa_runtime import require_pinned_rasa

    require_pinned_rasa()

    if DialogueStateTracker.__dict__["applied_events"] is applied_events:
        return
    RASAS_OWN["applied_events"] = DialogueStateTracker.__dict__["applied_events"]
    DialogueStateTracker.applied_events = applied_events  # type: ignore[method-assign]
