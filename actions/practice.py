"""Practice mode: a scenario, three questions (what you notice, how concerned you are, what you'd do), a debrief."""
from __future__ import annotations

from typing import Any, Optional

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.concern import send
from actions.tracker_state import concern_of, dict_slot, findings_of, mapping_of, say, text_of, text_slot
from bot import wording
from bot.findings import Findings
from bot.conversation import practice, turns

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
    """The three practice answers; a real emergency typed into any of them leaves practice (hazard H12)."""

    def name(self) -> str:
        return "validate_practice_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        events = await super().run(dispatcher, tracker, domain)
        if any(e.get("event") == "slot" and e.get("name") == "practice_real" and e.get("value") for e in events):
            events.append(FollowupAction("action_practice_real"))
        return events

    def _real_emergency(self, slot: str, value: Any, dispatcher: CollectingDispatcher,
                        tracker: Tracker) -> Optional[dict[str, Any]]:
        """Danger words ask "is this about a real child?"; "yes" or "this is real" leaves practice at once."""
        pending = dict_slot(tracker, "practice_pending")
        decision = practice.real_check(str(value), findings_of(tracker), pending)
        if decision == "leave":
            return {slot: None, "practice_real": True}
        if decision == "ask":
            say(dispatcher, *practice.real_child_question())
            return {slot: None, "practice_pending": {"slot": slot, "text": str(value), "mapping": mapping_of(tracker)}}
        if decision == "resume" and pending and pending.get("slot") == slot:
            kept = {slot: pending["text"], "practice_pending": None}
            if slot == "practice_noticed":
                kept["practice_mapping"] = pending.get("mapping")
            return kept
        return None

    def validate_practice_noticed(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: dict[str, Any]) -> dict[str, Any]:
        """What the trainee noticed, with its mapping by the live mapper (kept for scoring)."""
        if not value or not str(value).strip():
            return {"practice_noticed": None}
        real = self._real_emergency("practice_noticed", value, dispatcher, tracker)
        if real is not None:
            return real
        return {"practice_noticed": str(value), "practice_mapping": mapping_of(tracker), "practice_pending": None}

    def validate_practice_level(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: dict[str, Any]) -> dict[str, Any]:
        if value is None:
            return {"practice_level": None}
        if practice.real_check(str(value), None, dict_slot(tracker, "practice_pending")) == "leave":
            return {"practice_level": None, "practice_real": True}
        level = practice.level_answer(str(value))
        if level is None:
            say(dispatcher, wording.text("practice.choose_level"))
            return {"practice_level": None}
        return {"practice_level": level}

    def validate_practice_steps(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: dict[str, Any]) -> dict[str, Any]:
        if not value or not str(value).strip():
            return {"practice_steps": None}
        real = self._real_emergency("practice_steps", value, dispatcher, tracker)
        if real is not None:
            return real
        return {"practice_steps": str(value), "practice_pending": None}


class ActionPracticeReal(Action):
    """A real emergency during practice: leave practice (nothing of it is kept) and give the danger route now."""

    def name(self) -> str:
        return "action_practice_real"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        pending = dict_slot(tracker, "practice_pending") or {}
        kept = pending.get("mapping")
        findings = Findings.from_dict(kept) if isinstance(kept, dict) and kept else findings_of(tracker)
        say(dispatcher, wording.text("practice.leaving"), payload={"kind": "practice_left"})
        turn = turns.danger(concern_of(tracker), findings, text_slot(tracker, "area"), text_slot(tracker, "role"))
        events = send(dispatcher, turn)
        return [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet("practice_real", None),
                SlotSet("practice_pending", None)] + [SlotSet(slot, None) for slot in ANSWERS] + events


class ActionPracticeDebrief(Action):
    """Score the answers with the same mapper and knowledge base as live advice, and debrief."""

    def name(self) -> str:
        return "action_practice_debrief"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        state = dict_slot(tracker, "practice") or {}
        if not state.get("scenario"):
            return []
        for reply in practice.debrief(state, Findings.from_dict(dict_slot(tracker, "practice_mapping")),
                                      text_slot(tracker, "practice_level"), text_slot(tracker, "practice_steps"),
                                      tracker.sender_id):
            say(dispatcher, reply.text, reply.buttons, reply.payload)
        return [SlotSet(slot, None) for slot in ANSWERS]
