"""Questions a practitioner can ask at any point; the conversation then carries on where it was."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.tracker_state import age_of, concern_of, intent_of, say, text_of
from bot.conversation import questions
from bot.conversation.follow_up import present
from bot.guideline import guideline


class ActionAnswerQuestion(Action):
    """The levels, early help, vulnerability factors, interventions, recording, "why are you asking?"; then the
    question that was waiting, if any, is asked again so the answer to it can follow."""

    def name(self) -> str:
        return "action_answer_question"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        intent, concern, form = intent_of(tracker), concern_of(tracker), tracker.active_loop_name
        if intent == "ask_why":
            if form == "about_you_form":
                answer = questions.why_about_you()
            elif form == "area_form":
                answer = questions.why_area()
            elif concern.asking is not None:
                answer = present(concern.asking).why
            else:
                answer = questions.why_describe()
        elif intent == "ask_level_meaning":
            dispatcher.utter_message(response="utter_level_meaning", **questions.level_meaning_parts())
            answer = ""
        elif intent == "ask_early_help":
            age = age_of(tracker)
            answer = questions.early_help_answer(age.high if age else None)
        elif intent == "ask_vulnerability":
            answer = questions.vulnerability_answer()
        elif intent == "ask_interventions":
            answer = questions.interventions_answer(text_of(tracker))
        else:
            record = guideline().step("record")
            answer = f"{record.text} ({record.cite})"
        if answer:
            say(dispatcher, answer)
        if form is None and concern.asking is not None:
            asked = present(concern.asking)
            say(dispatcher, asked.text, asked.buttons)
        return []
