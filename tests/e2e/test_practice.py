"""Practice mode through the running bot: a scenario, three answers, a scored debrief; never a real concern."""
from __future__ import annotations

import uuid

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.model]


def play(stack, scenario: str, noticed: str, level: str, steps: str) -> tuple[list[dict], dict]:
    sender = f"p-{uuid.uuid4().hex[:10]}"
    opening = stack.say(sender, f"practice {scenario}")
    assert opening[0]["custom"] == {"kind": "practice", "scenario": scenario} and "fictional" in opening[0]["text"]
    assert "What do you notice" in opening[-1]["text"]
    assert "How concerned" in stack.say(sender, noticed)[-1]["text"]
    assert "What would you do next" in stack.say(sender, level)[-1]["text"]
    replies = stack.say(sender, steps)
    score = next(r["custom"] for r in replies if (r.get("custom") or {}).get("kind") == "practice_score")
    assert all((r.get("custom") or {}).get("kind") != "advice" for r in opening + replies), "never live advice"
    return replies, score


def test_a_strong_answer_scores_high(stack):
    replies, score = play(stack, "food-hoarding-year3",
                          "She takes food from other children's bags almost every day and hides it in her drawer",
                          "Suspect", "Tell the DSL, discuss a referral to children's social care, talk to her with "
                          "open questions and record what I saw with dates")
    assert score["scores"]["noticed"] == 1.0 and score["scores"]["level"] == 1.0
    assert score["scores"]["overall"] >= 0.9
    assert "1.3.23" in replies[0]["text"]


def test_a_partial_answer_names_what_was_missed(stack):
    replies, score = play(stack, "no-coat-in-snow-nursery", "She seems a bit quiet", "Consider",
                          "Keep an eye on her")
    assert score["scores"]["noticed"] < 1.0 and score["scores"]["level"] == 1.0 and score["scores"]["steps"] < 0.5
    assert any(i["id"] == "1.3.27" and i["status"] != "spotted" for i in score["items"])
    assert "Steps to add" in replies[0]["text"]


def test_a_wrong_level_is_explained_with_the_recommendation(stack):
    replies, score = play(stack, "harsh-words-home-time",
                          "Her dad shouts at her and calls her stupid every day at home time, for weeks now",
                          "Consider", "Tell the DSL and record it")
    assert score["scores"]["level"] < 1.0
    text = replies[0]["text"]
    assert "CONSIDER" in text and "SUSPECT" in text and "1.3.32" in text


def test_stop_practice_leaves_practice_mode_at_the_level_question(stack):
    """A practitioner who wants out is never held in a practice question; what follows is a real concern."""
    sender = f"p-{uuid.uuid4().hex[:10]}"
    stack.say(sender, "practice food-hoarding-year3")
    assert "How concerned" in stack.say(sender, "She takes food from other children's bags")[-1]["text"]
    again = stack.say(sender, "contacts for another area")
    assert "stop practice" in again[0]["text"] and "999" in again[0]["text"], "the way out, and the real route"
    stopped = stack.say(sender, "stop practice")
    assert "Practice stopped" in stopped[0]["text"]
    replies = stack.say(sender, "He keeps taking food from the other children's lunchboxes every day.")
    assert not any("PRACTICE" in (r.get("text") or "") for r in replies), "out of practice mode"


def _practising(stack) -> str:
    sender = f"p-{uuid.uuid4().hex[:10]}"
    stack.say(sender, "practice food-hoarding-year3")
    return sender


def _advice(replies: list[dict]) -> dict:
    return next(r["custom"] for r in replies if (r.get("custom") or {}).get("kind") == "advice")


def test_a_real_emergency_typed_during_practice_is_asked_about_then_leaves_practice(stack):
    """H12: danger words in a practice answer ask 'is this about a real child?'; yes gives the danger route."""
    sender = _practising(stack)
    asked = stack.say(sender, "a 3 year old has been left alone in the flat since this morning and won't wake up")
    assert any("Is this about a real child?" in (r.get("text") or "") for r in asked)
    left = stack.say(sender, "yes")
    assert any((r.get("custom") or {}).get("kind") == "practice_left" for r in left)
    advice = _advice(left)
    assert advice["level"] == "danger" and "danger" in advice["routes"] and "999" in left[1]["text"] + str(advice)
    after = stack.say(sender, "/carry_on")
    assert all("PRACTICE" not in (r.get("text") or "") for r in after), "practice is over"


def test_danger_words_that_belong_to_the_practice_case_carry_on_with_practice(stack):
    sender = _practising(stack)
    stack.say(sender, "a 3 year old has been left alone in the flat since this morning and won't wake up")
    back = stack.say(sender, "No")
    assert "How concerned" in back[-1]["text"], "the answer given before is kept and practice goes on"


def test_this_is_real_at_the_level_question_leaves_practice_at_once(stack):
    sender = _practising(stack)
    assert "How concerned" in stack.say(sender, "She takes food from other children's bags")[-1]["text"]
    left = stack.say(sender, "this is real, a child is being hit in the corridor right now")
    assert _advice(left)["level"] == "danger"
