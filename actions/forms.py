"""Validation for the two forms: who is asking and how old the child is; the child's area."""
from __future__ import annotations

from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.tracker_state import intent_of, say, text_of
from bot.conversation.answers import is_unsure, parse_age, parse_role, yes_no_unsure
from bot.conversation.area import read_area


def typed(value: Any, tracker: Tracker) -> str:
    """The answer as words: a button's intent shortcut ("/unsure") reads as its intent."""
    text = str(value or text_of(tracker))
    return "not sure" if intent_of(tracker) == "unsure" else text


class ValidateAboutYouForm(FormValidationAction):
    def name(self) -> str:
        return "validate_about_you_form"

    def validate_role(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                      domain: dict[str, Any]) -> dict[str, Any]:
        """The practitioner's role decides some wording (FGM reporting duties); "not sure" counts as other."""
        words = typed(value, tracker)
        role = parse_role(words) or ("other" if is_unsure(words) else None)
        if role is None:
            say(dispatcher, "Sorry, I didn't catch your role. Choose the nearest one, or 'Other'.")
            return {"role": None}
        return {"role": role}

    def validate_child_age(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                           domain: dict[str, Any]) -> dict[str, Any]:
        """Some alerting features depend on age; "not sure" is a fine answer (I ask later if it matters)."""
        words = typed(value, tracker)
        if is_unsure(words):
            return {"child_age": "not sure", "age_range": None}
        age = parse_age(words)
        if age is None:
            say(dispatcher, "Sorry, I couldn't read an age in that. Type it in years (for example 7), a school "
                            "year (Year 3), or choose a band.")
            return {"child_age": None}
        return {"child_age": age.words, "age_range": age.to_dict()}


class ValidateAreaForm(FormValidationAction):
    def name(self) -> str:
        return "validate_area_form"

    def validate_area(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                      domain: dict[str, Any]) -> dict[str, Any]:
        """An area the contacts file knows; a near miss is confirmed first; an unknown one gets national routes."""
        words = typed(value, tracker)
        candidate = tracker.get_slot("area_candidate")
        if candidate:
            answer = yes_no_unsure(words, intent_of(tracker))
            if answer == "yes":
                return {"area": candidate, "area_candidate": None}
            if answer == "no":
                say(dispatcher, "OK. Type the child's area again, or a postcode.")
                return {"area": None, "area_candidate": None}
        reading = read_area(words)
        if reading.kind == "confirm":
            say(dispatcher, f"Did you mean {reading.area}?", [(f"Yes, {reading.area}", reading.area), ("No", "/deny")])
            return {"area": None, "area_candidate": reading.area}
        if reading.kind == "choose":
            say(dispatcher, "Did you mean one of these? Or type the area again.", [(n, n) for n in reading.options])
            return {"area": None, "area_candidate": None}
        return {"area": reading.area, "area_candidate": None}
