"""Actions that give the guideline's steps, the contacts, and the summary to copy."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.concern import send
from actions.tracker_state import age_of, concern_of, findings_of, say, text_of, text_slot
from bot import wording
from bot.conversation import turns
from bot.conversation.summary import summary


class ActionAdvise(Action):
    """The advice for everything the practitioner confirmed: levels, steps, recording, review, contacts."""

    def name(self) -> str:
        return "action_advise"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        turn = turns.final_advice(concern_of(tracker), text_slot(tracker, "area"), text_slot(tracker, "role"))
        return send(dispatcher, turn)


class ActionImmediateDanger(Action):
    """Immediate danger first: 999, then children's social care; the conversation can carry on after."""

    def name(self) -> str:
        return "action_immediate_danger"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        turn = turns.danger(concern_of(tracker), findings_of(tracker), text_slot(tracker, "area"),
                            text_slot(tracker, "role"))
        return send(dispatcher, turn)


class ActionDangerUnsure(Action):
    """Not sure whether the child is in danger now: act now (999, children's social care), then carry on."""

    def name(self) -> str:
        return "action_danger_unsure"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        return send(dispatcher, turns.danger_unsure(concern_of(tracker), text_slot(tracker, "area"),
                                                    text_slot(tracker, "role")))


class ActionContacts(Action):
    """Who to talk to: the local contacts for the child's area (or the default area) and the national routes."""

    def name(self) -> str:
        return "action_contacts"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        advice = turns.advise(concern_of(tracker), text_slot(tracker, "area"), text_slot(tracker, "role"))
        for reply in turns.advice_replies(advice)[1:]:
            say(dispatcher, reply.text, reply.buttons, reply.payload)
        return []


class ActionSummary(Action):
    """A summary to copy into CPOMS, MyConcern or paper: no child's name, every step cited."""

    def name(self) -> str:
        return "action_summary"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        concern = concern_of(tracker)
        if not concern.notes and not concern.descriptions and not concern.advised:
            say(dispatcher, f"{wording.text('summary.nothing_yet')} {wording.text('describe.nothing_yet')}")
            return []
        advice = turns.advise(concern, text_slot(tracker, "area"), text_slot(tracker, "role"))
        text, payload = summary(concern, advice, text_slot(tracker, "role"), age_of(tracker))
        say(dispatcher, text, payload=payload)
        return []


class ActionChangeArea(Action):
    """The child lives somewhere else: use the area named, or ask for it."""

    def name(self) -> str:
        return "action_change_area"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        from rasa_sdk.events import FollowupAction, SlotSet

        from bot.conversation.area import read_area

        reading = read_area(text_of(tracker))
        if reading.kind != "known":
            return [SlotSet("area", None), SlotSet("area_candidate", None), FollowupAction("area_form")]
        advice = turns.advise(concern_of(tracker), reading.area, text_slot(tracker, "role"))
        for reply in turns.advice_replies(advice)[1:]:
            say(dispatcher, reply.text, reply.buttons, reply.payload)
        return [SlotSet("area", reading.area)]
