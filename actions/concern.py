"""Actions for the concern itself: noting descriptions, follow-up questions, corrections and carrying on."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.tracker_state import age_of, concern_of, entity_of, findings_of, intent_of, say, text_of, text_slot
from bot.conversation import groups, turns
from bot.conversation.answers import item_number


def send(dispatcher: CollectingDispatcher, turn: turns.Turn) -> list[dict]:
    """Send a turn's replies; keep its concern (and any age it found); hand over to what must follow."""
    for reply in turn.replies:
        say(dispatcher, reply.text, reply.buttons, reply.payload)
    events: list[dict] = [SlotSet("concern", turn.concern.to_dict())]
    if turn.age is not None:
        events += [SlotSet("child_age", turn.age.words), SlotSet("age_range", turn.age.to_dict())]
    if turn.follow:
        events.append(FollowupAction(turn.follow))
    return events


def about_you_known(tracker: Tracker) -> bool:
    return bool(tracker.get_slot("role")) and bool(tracker.get_slot("child_age"))


class ActionNoteObservations(Action):
    """Note what the practitioner described and read it back, or give a special route's steps straight away."""

    def name(self) -> str:
        return "action_note_observations"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        turn = turns.noted(concern_of(tracker), findings_of(tracker), tracker.active_loop_name is not None,
                           age_of(tracker), text_slot(tracker, "area"), text_slot(tracker, "role"),
                           text=text_of(tracker))
        return send(dispatcher, turn)


class ActionFollowUp(Action):
    """Ask the next question whose answer changes the advice, or hand over to the advice."""

    def name(self) -> str:
        return "action_follow_up"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        turn = turns.follow_up(concern_of(tracker), text_of(tracker), intent_of(tracker), findings_of(tracker),
                               age_of(tracker), about_you_known(tracker))
        return send(dispatcher, turn)


class ActionCorrect(Action):
    """Remove an item the practitioner says is wrong ("remove 2", a Remove button), or ask which."""

    def name(self) -> str:
        return "action_correct"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        concern = concern_of(tracker)
        chosen = entity_of(tracker, "item")
        number = int(chosen) if chosen and str(chosen).isdecimal() else item_number(text_of(tracker), len(concern.notes))
        return send(dispatcher, turns.correct(concern, number))


class ActionResume(Action):
    """Carry on after an interruption (immediate danger, a question, "no, don't start again")."""

    def name(self) -> str:
        return "action_resume"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        return send(dispatcher, turns.resume(concern_of(tracker), about_you_known(tracker)))


class ActionAfterAboutYou(Action):
    """Role and age are known: go on to the description, or back to where the practitioner was."""

    def name(self) -> str:
        return "action_after_about_you"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        return send(dispatcher, turns.after_about_you(concern_of(tracker)))


class ActionNotUnderstood(Action):
    """Not understood, or no next step known: a helpful answer, never silence, and nothing forgotten."""

    def name(self) -> str:
        return "action_not_understood"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        return send(dispatcher, turns.not_understood(concern_of(tracker)))


class ActionShowGroup(Action):
    """Nothing matched: the chosen group's alerting features to choose from (a physical injury: its route)."""

    def name(self) -> str:
        return "action_show_group"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        group = entity_of(tracker, "group") or groups.group_in(text_of(tracker))
        return send(dispatcher, turns.show_group(concern_of(tracker), group, text_slot(tracker, "area"),
                                                 text_slot(tracker, "role")))


class ActionChooseFeature(Action):
    """An alerting feature chosen from a group's list: noted with its questions, and read back."""

    def name(self) -> str:
        return "action_choose_feature"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        feature = entity_of(tracker, "feature") or groups.feature_in(text_of(tracker))
        return send(dispatcher, turns.chose_feature(concern_of(tracker), feature))


class ActionGutFeeling(Action):
    """Only a feeling that something is wrong: the steps NG76 asks of anyone who is worried, never nothing."""

    def name(self) -> str:
        return "action_gut_feeling"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        return send(dispatcher, turns.gut_feeling(concern_of(tracker), text_slot(tracker, "area"),
                                                  text_slot(tracker, "role")))
