"""Reading the conversation's state from the tracker and sending messages: shared by the actions.

Not an action module: it defines no ``Action`` subclass, so the action server registers nothing from it.

Every value is read as it may arrive, not as the actions wrote it: the action server takes any JSON, so a
slot or a part of the latest message of the wrong type counts as unset rather than making the action fail.
"""
from __future__ import annotations

from typing import Any, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.conversation.answers import AgeRange
from bot.conversation.concern import Concern
from bot.findings import Findings


def text_slot(tracker: Tracker, name: str) -> Optional[str]:
    """A text slot's value; None when unset or not text."""
    value = tracker.get_slot(name)
    return value if isinstance(value, str) else None


def dict_slot(tracker: Tracker, name: str) -> Optional[dict]:
    """A slot that holds a JSON object (the practice state, a mapping); None when unset or not an object."""
    value = tracker.get_slot(name)
    return value if isinstance(value, dict) else None


def concern_of(tracker: Tracker) -> Concern:
    try:
        return Concern.from_dict(dict_slot(tracker, "concern"))
    except (TypeError, ValueError, AttributeError, KeyError):  # unreadable: a fresh concern, as from_dict does
        return Concern()


def age_of(tracker: Tracker) -> Optional[AgeRange]:
    try:
        return AgeRange.from_dict(dict_slot(tracker, "age_range"))
    except (TypeError, ValueError, KeyError):
        return None


def intent_of(tracker: Tracker) -> Optional[str]:
    intent = tracker.latest_message.get("intent")
    name = intent.get("name") if isinstance(intent, dict) else None
    return name if isinstance(name, str) else None


def text_of(tracker: Tracker) -> str:
    text = tracker.latest_message.get("text")
    return text if isinstance(text, str) else ""


def mapping_of(tracker: Tracker) -> dict:
    """The observation mapping the NLU pipeline attached to the latest message, as the parse data holds it (a dict,
    for keeping in a slot; empty if none)."""
    mapping = tracker.latest_message.get("observations")
    return mapping if isinstance(mapping, dict) else {}


def findings_of(tracker: Tracker) -> Findings:
    """What the NLU pipeline found in the latest message (nothing if none): the parse data read as ``Findings``."""
    try:
        return Findings.from_dict(mapping_of(tracker))
    except (TypeError, ValueError, KeyError, AttributeError):  # unreadable: nothing found, as for a missing mapping
        return Findings()


def entity_of(tracker: Tracker, name: str) -> Optional[str]:
    return next(tracker.get_latest_entity_values(name), None)


def say(dispatcher: CollectingDispatcher, text: str, buttons: Optional[list[tuple[str, str]]] = None,
        payload: Optional[dict[str, Any]] = None) -> None:
    """One message; buttons as (title, payload) pairs; ``payload`` is the machine-readable ``custom`` part."""
    dispatcher.utter_message(text=text, buttons=[{"title": t, "payload": p} for t, p in buttons or []],
                             json_message=payload)
