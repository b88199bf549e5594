"""Reading the conversation's state from the tracker and sending messages: shared by the actions.

Not an action module: it defines no ``Action`` subclass, so the action server registers nothing from it.
"""
from __future__ import annotations

from typing import Any, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.conversation.answers import AgeRange
from bot.conversation.concern import Concern


def concern_of(tracker: Tracker) -> Concern:
    return Concern.from_dict(tracker.get_slot("concern"))


def age_of(tracker: Tracker) -> Optional[AgeRange]:
    return AgeRange.from_dict(tracker.get_slot("age_range"))


def intent_of(tracker: Tracker) -> Optional[str]:
    return (tracker.latest_message.get("intent") or {}).get("name")


def text_of(tracker: Tracker) -> str:
    return tracker.latest_message.get("text") or ""


def mapping_of(tracker: Tracker) -> dict:
    """The observation mapping the NLU pipeline attached to the latest message (empty if none)."""
    return tracker.latest_message.get("observations") or {}


def entity_of(tracker: Tracker, name: str) -> Optional[str]:
    return next(tracker.get_latest_entity_values(name), None)


def say(dispatcher: CollectingDispatcher, text: str, buttons: Optional[list[tuple[str, str]]] = None,
        payload: Optional[dict[str, Any]] = None) -> None:
    """One message; buttons as (title, payload) pairs; ``payload`` is the machine-readable ``custom`` part."""
    dispatcher.utter_message(text=text, buttons=[{"title": t, "payload": p} for t, p in buttons or []],
                             json_message=payload)
