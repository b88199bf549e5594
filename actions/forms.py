"""Validation for the two forms: who is asking and how old the child is; the child's area. The words are the
wording file's (group ``about_you``)."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.tracker_state import intent_of, say, text_slot
from bot import wording
from bot.conversation import turns
from bot.conversation.answers import is_adult_age, is_unsure, parse_age, parse_role, yes_no_unsure
from bot.conversation.area import read_area


def typed(value: Any, tracker: Tracker) -> str:
    """The answer as words: a button's intent shortcut ("/unsure") reads as its intent."""
    return "not sure" if intent_of(tracker) == "unsure" else str(value)


def retried(tracker: Tracker) -> bool:
    """The form question has already been asked again once: the next unusable answer takes the safe default."""
    return bool(tracker.get_slot("form_retries"))


class ValidateAboutYouForm(FormValidationAction):
    def name(self) -> str:
        return "validate_about_you_form"

    def validate_role(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                      domain: dict[str, Any]) -> dict[str, Any]:
        """The practitioner's role decides some wording (FGM reporting duties); "not sure" counts as other."""
        if value is None:  # cleared, not answered (a form re-checks slots set in the same turn)
            return {"role": None}
        words = typed(value, tracker)
        role = parse_role(words) or ("other" if is_unsure(words) else None)
        if role is None:
            if retried(tracker):
                say(dispatcher, wording.text("about_you.role_other"))
                return {"role": "other", "form_retries": 0.0}
            say(dispatcher, wording.text("about_you.role_unclear"))
            return {"role": None, "form_retries": 1.0}
        return {"role": role, "form_retries": 0.0}

    def validate_child_age(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                           domain: dict[str, Any]) -> dict[str, Any]:
        """Some alerting features depend on age; "not sure" is a fine answer (I ask later if it matters)."""
        if value is None:
            return {"child_age": None}
        words = typed(value, tracker)
        if is_unsure(words):
            return {"child_age": "not sure", "age_range": None}
        if is_adult_age(words):
            reply = turns.adult_concern(text_slot(tracker, "area"))
            say(dispatcher, reply.text, payload=reply.payload)
            return {"child_age": None}
        age = parse_age(words)
        if age is None:
            if retried(tracker):
                say(dispatcher, wording.text("about_you.age_not_sure"))
                return {"child_age": "not sure", "age_range": None, "form_retries": 0.0}
            say(dispatcher, wording.text("about_you.age_unclear"))
            return {"child_age": None, "form_retries": 1.0}
        return {"child_age": age.words, "age_range": age.to_dict(), "form_retries": 0.0}


class ValidateAreaForm(FormValidationAction):
    def name(self) -> str:
        return "validate_area_form"

    def validate_area(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                      domain: dict[str, Any]) -> dict[str, Any]:
        """An area the contacts file knows; a near miss is confirmed first; an unknown one gets national routes."""
        if value is None:
            return {"area": None, "area_candidate": None}
        words = typed(value, tracker)
        candidate = text_slot(tracker, "area_candidate")
        if candidate:
            answer = yes_no_unsure(words, intent_of(tracker))
            if answer == "yes":
                return {"area": candidate, "area_candidate": None}
            if answer == "no":
                if retried(tracker):
                    return {"area": words, "area_candidate": None, "form_retries": 0.0}  # the national routes
                say(dispatcher, wording.text("about_you.area_again"))
                return {"area": None, "area_candidate": None, "form_retries": 1.0}
        reading = read_area(words)
        if reading.kind == "confirm":  # action_ask_area asks "Did you mean ...?"
            return {"area": None, "area_candidate": reading.area}
        if reading.kind == "choose":
            say(dispatcher, wording.text("about_you.area_choose"), [(n, n) for n in reading.options])
            return {"area": None, "area_candidate": None}
        return {"area": reading.area, "area_candidate": None}


class ActionAskArea(Action):
    """The area question, or "did you mean ...?" when the last answer was close to an area in the file."""

    def name(self) -> str:
        return "action_ask_area"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        candidate = text_slot(tracker, "area_candidate")
        if candidate:
            say(dispatcher, wording.text("about_you.area_confirm", area=candidate),
                [(wording.text("about_you.area_yes_button", area=candidate), candidate),
                 (wording.text("buttons.no"), "/deny")])
        else:
            dispatcher.utter_message(response="utter_ask_area")
        return []
