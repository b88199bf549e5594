"""The first real conversation, through the trained model and the running action server, over HTTP."""
from __future__ import annotations

import uuid

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.model]


def advice_of(replies: list[dict]) -> dict:
    payloads = [r["custom"] for r in replies if isinstance(r.get("custom"), dict) and r["custom"].get("kind") == "advice"]
    assert payloads, f"no advice payload in {replies}"
    return payloads[-1]


def texts(replies: list[dict]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def test_greeting_asks_about_immediate_danger_first(stack):
    replies = stack.say(f"t-{uuid.uuid4()}", "hello")
    said = texts(replies)
    assert "safeguarding lead" in said and "name" in said  # what it is and is not; no names please
    assert "immediate danger" in said
    buttons = [b["payload"] for r in replies for b in r.get("buttons", [])]
    assert buttons == ["/affirm", "/deny"]


def test_yes_to_immediate_danger_gives_999_and_childrens_social_care(stack):
    sender = f"t-{uuid.uuid4()}"
    stack.say(sender, "hello")
    replies = stack.say(sender, "/affirm")
    advice = advice_of(replies)
    assert advice["level"] == "danger" and "danger" in advice["routes"]
    assert "999" in texts(replies)
    assert any("social care" in step for step in advice["steps"])


def test_observation_gets_feature_level_and_recommendation_number(stack):
    sender = f"t-{uuid.uuid4()}"
    stack.say(sender, "hi")
    stack.say(sender, "/deny")
    replies = stack.say(sender, "She's 7 and she has been taking food from other children's lunchboxes every day "
                                "this week and hiding it in her drawer.")
    advice = advice_of(replies)
    assert {"id": "1.3.23", "level": "suspect"} in advice["features"]
    assert advice["level"] == "suspect"
    assert "1.3.23" in texts(replies) and "SUSPECT" in texts(replies)
    assert any("referral" in step and "children's social care" in step for step in advice["steps"])
    assert advice["contacts"], "contacts must always be given"


def test_danger_in_a_later_message_interrupts(stack):
    sender = f"t-{uuid.uuid4()}"
    stack.say(sender, "hello")
    stack.say(sender, "/deny")
    replies = stack.say(sender, "He's just told me his dad said he is going to kill him tonight and he's scared to go home.")
    advice = advice_of(replies)
    assert advice["level"] == "danger"
    assert "999" in texts(replies)
