"""Practice mode: a scenario, three questions (what you notice, how concerned you are, what you'd do), a debrief."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.tracker_state import dict_slot, mapping_of, say, text_of, text_slot
from bot.conversation import practice

ANSWERS = ("practice_noticed", "practice_level", "practice_steps", "practice_mapping")


class ActionPracticeStart(Action):
    """Show a practice vignette (by role or topic if asked), then ask the three questions."""

    def name(self) -> str:
        return "action_practice_start"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        replies, state = practice.start(text_of(tracker), dict_slot(tracker, "practice"))
        for reply in replies:
            say(dispatcher, reply.text, reply.buttons, reply.payload)
        if not state.get("scenario"):
            return []
        return [SlotSet("practice", state)] + [SlotSet(slot, None) for slot in ANSWERS] + [
            FollowupAction("practice_form")]


class ValidatePracticeForm(FormValidationAction):
    def name(self) -> str:
        return "validate_practice_form"

    def validate_practice_noticed(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: dict[str, Any]) -> dict[str, Any]:
        """What the trainee noticed, with its mapping by the live mapper (kept for scoring)."""
        if not value or not str(value).strip():
            return {"practice_noticed": None}
        return {"practice_noticed": str(value), "practice_mapping": mapping_of(tracker)}

    def validate_practice_level(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: dict[str, Any]) -> dict[str, Any]:
        if value is None:
            return {"practice_level": None}
        level = practice.level_answer(str(value))
        if level is None:
            say(dispatcher, "Choose one: no concern, consider, suspect or immediate danger. To leave practice, type "
                            "\"stop practice\". If a real child is in immediate danger, call 999 now.")
            return {"practice_level": None}
        return {"practice_level": level}

    def validate_practice_steps(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: dict[str, Any]) -> dict[str, Any]:
        return {"practice_steps": str(value) if value and str(value).strip() else None}


class ActionPracticeDebrief(Action):
    """Score the answers with the same mapper and knowledge base as live advice, and debrief."""

    def name(self) -> str:
        return "action_practice_debrief"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        state = dict_slot(tracker, "practice") or {}
        if not state.get("scenario"):
            return []
        for reply in practice.debrief(state, dict_slot(tracker, "practice_mapping"),
                                      text_slot(tracker, "practice_level"), text_slot(tracker, "practice_steps"),
                                      tracker.sender_id):
            say(dispatcher, reply.text, reply.buttons, reply.payload)
        return [SlotSet(slot, None) for slot in ANSWERS]
