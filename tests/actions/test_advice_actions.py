"""The actions are thin: they read the tracker, call the conversation core, send its replies, keep its state."""
from __future__ import annotations

from typing import Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.advice import ActionAdvise, ActionChangeArea, ActionImmediateDanger, ActionSummary
from actions.concern import ActionCorrect, ActionFollowUp, ActionNoteObservations
from actions.forms import ActionAskArea, ValidateAboutYouForm, ValidateAreaForm
from bot.conversation.concern import Concern
from bot.findings import Findings

FOOD = {"features": [{"id": "1.3.23", "level": "suspect", "evidence": "takes food from other children",
                      "title": "Takes, hoards or hides food"}], "level": "suspect"}


def tracker(text: str = "", intent: str = "observe", observations: Optional[dict] = None, slots: Optional[dict] = None,
            entities: Optional[list] = None, loop: Optional[str] = None) -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": entities or []}
    if observations is not None:
        latest["observations"] = observations
    values = {"concern": None, "area": None, "role": None, "child_age": None, "age_range": None,
              "area_candidate": None, **(slots or {})}
    return Tracker("test", values, latest, [], False, None, {"name": loop} if loop else {}, "action_listen")


def followed_by(events: list[dict]) -> list[str]:
    return [e["name"] for e in events if e.get("event") == "followup"]


def slot(events: list[dict], name: str):
    return next(e["value"] for e in events if e.get("event") == "slot" and e["name"] == name)


def concern_after(*mappings: dict) -> dict:
    concern = Concern()
    for mapping in mappings:
        concern.add_findings(Findings.from_dict(mapping))
    return concern.to_dict()


def test_a_description_is_noted_in_the_concern_slot_and_read_back():
    dispatcher = CollectingDispatcher()
    events = ActionNoteObservations().run(dispatcher, tracker("takes food", observations=FOOD), {})
    assert slot(events, "concern")["notes"][0]["feature"] == "1.3.23"
    assert dispatcher.messages[0]["custom"]["kind"] == "readback"
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]] == ["/done", "/correct"]


def test_finishing_without_role_and_age_hands_over_to_the_form():
    events = ActionFollowUp().run(CollectingDispatcher(), tracker("that's all", "done",
                                                                  slots={"concern": concern_after(FOOD)}), {})
    assert followed_by(events) == ["about_you_form"]


def test_the_advice_carries_the_payload_every_channel_sends():
    dispatcher = CollectingDispatcher()
    ActionAdvise().run(dispatcher, tracker(slots={"concern": concern_after(FOOD), "role": "teacher"}), {})
    payload = dispatcher.messages[0]["custom"]
    assert payload["kind"] == "advice" and payload["level"] == "suspect"
    assert payload["features"] == [{"id": "1.3.23", "level": "suspect"}]
    assert all("NG76" in s for s in payload["steps"]), "every step cites the guideline"
    assert payload["contacts"] and dispatcher.messages[1]["custom"]["kind"] == "contacts"


def test_immediate_danger_always_gives_999_even_without_a_mapping():
    dispatcher = CollectingDispatcher()
    events = ActionImmediateDanger().run(dispatcher, tracker("/affirm", "affirm"), {})
    payload = dispatcher.messages[0]["custom"]
    assert payload["level"] == "danger" and payload["routes"] == ["danger"]
    assert "999" in dispatcher.messages[0]["text"] + dispatcher.messages[1]["text"]
    assert slot(events, "concern")["notes"][0]["feature"] == "danger"


def test_a_remove_button_removes_its_item():
    dispatcher = CollectingDispatcher()
    events = ActionCorrect().run(dispatcher, tracker('/correct{"item":"1"}', "correct",
                                                     slots={"concern": concern_after(FOOD)},
                                                     entities=[{"entity": "item", "value": "1"}]), {})
    assert slot(events, "concern")["notes"] == []
    assert dispatcher.messages[0]["text"].startswith("Removed: takes food")


def test_the_summary_is_a_payload_too():
    dispatcher = CollectingDispatcher()
    ActionSummary().run(dispatcher, tracker(slots={"concern": concern_after(FOOD), "role": "health"}), {})
    assert dispatcher.messages[0]["custom"]["kind"] == "summary"
    assert "GP or other health professional" in dispatcher.messages[0]["text"]


def test_role_and_age_validators_read_typed_answers():
    form = ValidateAboutYouForm()
    assert form.validate_role("practice nurse", CollectingDispatcher(), tracker(), {})["role"] == "health"
    dispatcher = CollectingDispatcher()
    assert form.validate_role("banana", dispatcher, tracker(), {}) == {"role": None, "form_retries": 1.0}
    assert dispatcher.messages, "an unreadable answer says why it is asked again"
    answer = form.validate_child_age("Year 2", CollectingDispatcher(), tracker(), {})
    assert answer["child_age"] == "Year 2" and answer["age_range"]["low"] == 7.5
    assert form.validate_child_age("/unsure", CollectingDispatcher(), tracker("/unsure", "unsure"), {})["child_age"] \
        == "not sure"


def test_a_near_miss_area_is_confirmed_before_it_is_used():
    form, dispatcher = ValidateAreaForm(), CollectingDispatcher()
    first = form.validate_area("Exmple Borough", dispatcher, tracker("Exmple Borough", "inform"), {})
    assert first["area"] is None and first["area_candidate"].startswith("Example Borough")
    asked = CollectingDispatcher()
    ActionAskArea().run(asked, tracker(slots={"area_candidate": first["area_candidate"]}), {})
    assert asked.messages[0]["text"].startswith("Did you mean Example Borough")
    second = form.validate_area("yes", CollectingDispatcher(),
                                tracker("yes", "affirm", slots={"area_candidate": first["area_candidate"]}), {})
    assert second["area"] == first["area_candidate"]


def test_a_named_area_gives_its_contacts_at_once():
    dispatcher = CollectingDispatcher()
    events = ActionChangeArea().run(dispatcher, tracker("the family live in Demo Shire", "change_area"), {})
    assert slot(events, "area").startswith("Demo Shire")
    assert dispatcher.messages[0]["custom"]["area"].startswith("Demo Shire")
    unknown = ActionChangeArea().run(CollectingDispatcher(), tracker("a different council please", "change_area"), {})
    assert followed_by(unknown) == ["area_form"]


def test_a_form_question_asked_twice_without_a_usable_answer_moves_on_with_the_safe_default():
    """No loop in the forms: the second unusable answer takes 'Other' for the role, 'not sure' for the age."""
    form = ValidateAboutYouForm()
    again = tracker(slots={"form_retries": 1.0})
    role = form.validate_role("banana", CollectingDispatcher(), again, {})
    assert role == {"role": "other", "form_retries": 0.0}
    age = form.validate_child_age("purple", CollectingDispatcher(), again, {})
    assert age["child_age"] == "not sure" and age["form_retries"] == 0.0
    adult = CollectingDispatcher()
    assert form.validate_child_age("19", adult, tracker(), {}) == {"child_age": None}
    assert "under 18" in adult.messages[0]["text"] and adult.messages[0]["custom"]["kind"] == "contacts"
