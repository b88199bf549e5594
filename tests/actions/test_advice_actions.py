"""The actions are thin: they read the mapping from the parse data and utter advice from the knowledge base."""
from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.advice import ActionAdvise, ActionImmediateDanger


def tracker_with(observations: dict | None, text: str = "") -> Tracker:
    latest = {"text": text, "intent": {"name": "observe", "confidence": 0.9}}
    if observations is not None:
        latest["observations"] = observations
    return Tracker("test", {"area": None}, latest, [], False, None, {}, "action_listen")


FOOD = {"features": [{"id": "1.3.23", "level": "suspect", "title": "Takes, hoards or hides food"}], "level": "suspect"}


def test_advise_gives_suspect_steps_with_citations_and_contacts():
    dispatcher = CollectingDispatcher()
    events = ActionAdvise().run(dispatcher, tracker_with(FOOD), {})
    payload = dispatcher.messages[0]["custom"]
    assert payload["kind"] == "advice" and payload["level"] == "suspect"
    assert payload["features"] == [{"id": "1.3.23", "level": "suspect"}]
    assert any("referral" in s and "children's social care" in s for s in payload["steps"])
    assert all("NG76" in s for s in payload["steps"]), "every step cites the guideline"
    assert payload["contacts"]
    assert events[0]["name"] == "concern"


def test_advise_with_nothing_found_says_so_plainly():
    dispatcher = CollectingDispatcher()
    ActionAdvise().run(dispatcher, tracker_with({"features": [], "level": "none",
                                                 "message": "I couldn't find an observation in that."}), {})
    assert dispatcher.messages[0]["text"] == "I couldn't find an observation in that."


def test_immediate_danger_always_gives_999_even_without_a_mapping():
    dispatcher = CollectingDispatcher()
    ActionImmediateDanger().run(dispatcher, tracker_with(None, "/affirm"), {})
    payload = dispatcher.messages[0]["custom"]
    assert payload["level"] == "danger" and payload["routes"] == ["danger"]
    assert "999" in dispatcher.messages[0]["text"]


def test_most_important_next_step_comes_first():
    from bot.advice import build_advice

    suspect = build_advice(FOOD)
    assert suspect.steps[0].id == "suspect_discuss_referral"
    told = build_advice({"features": [{"id": "disclosure", "level": "suspect"}], "level": "suspect"})
    assert told.steps[0].id == "disclosure_refer"
    danger = build_advice({"features": [{"id": "danger", "level": "danger"}, FOOD["features"][0]], "level": "danger"})
    assert danger.steps[0].id == "immediate_danger"
    consider = build_advice({"features": [{"id": "1.3.31", "level": "consider"}], "level": "consider"})
    assert consider.steps[0].id == "seek_advice"
