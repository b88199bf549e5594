"""Actions that give NG76 advice for what the practitioner described."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.advice import build_advice, danger_advice


class ActionAdvise(Action):
    """Read the mapping the NLU pipeline attached to the message and give the guideline's steps for it."""

    def name(self) -> str:
        return "action_advise"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        observations = tracker.latest_message.get("observations") or {}
        if not observations.get("features") and not observations.get("not_met") and not observations.get("explained"):
            questions = observations.get("uncertain") or []
            dispatcher.utter_message(text=questions[0]["question"] if questions else
                                     observations.get("message") or "I couldn't find an observation in that.")
            return []
        advice = build_advice(observations, area=tracker.get_slot("area"))
        dispatcher.utter_message(text=advice.text(), json_message=advice.payload)
        return [SlotSet("concern", advice.payload)]


class ActionImmediateDanger(Action):
    """Immediate danger first: 999, then children's social care; the conversation can carry on after."""

    def name(self) -> str:
        return "action_immediate_danger"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        observations = tracker.latest_message.get("observations") or {}
        advice = danger_advice(observations, area=tracker.get_slot("area"))
        dispatcher.utter_message(text=advice.text(), json_message=advice.payload)
        dispatcher.utter_message(text="When the child is safe, tell me what you saw or heard and I'll go through the next steps.")
        return [SlotSet("concern", advice.payload)]


class ActionContacts(Action):
    """Who to talk to: the local contacts for the child's area and the national routes."""

    def name(self) -> str:
        return "action_contacts"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        from bot.referral_contacts import get_directory

        answer = get_directory().lookup(tracker.get_slot("area"))
        dispatcher.utter_message(text=answer.to_text(), json_message={"kind": "contacts", "contacts": answer.to_payload()})
        return []
