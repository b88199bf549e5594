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
    assert buttons == ["/affirm", "/deny", "/unsure"]


def test_not_sure_at_the_danger_question_means_act_now_then_carry_on(stack):
    """Unsure about danger means act now: 999 and children's social care this minute, then the conversation."""
    sender = f"t-{uuid.uuid4()}"
    stack.say(sender, "hello")
    replies = stack.say(sender, "not sure")
    act_now = [r for r in replies if (r.get("custom") or {}).get("kind") == "act_now"]
    assert act_now and "999" in act_now[0]["text"] and "children's social care" in act_now[0]["text"]
    assert any((r.get("custom") or {}).get("kind") == "contacts" for r in replies)
    assert "Carry on" in [b["title"] for r in replies for b in r.get("buttons", [])]
    assert "role" in texts(stack.say(sender, "/carry_on")), "then the conversation goes on"


def test_yes_to_immediate_danger_gives_999_and_childrens_social_care(stack):
    sender = f"t-{uuid.uuid4()}"
    stack.say(sender, "hello")
    replies = stack.say(sender, "/affirm")
    advice = advice_of(replies)
    assert advice["level"] == "danger" and "danger" in advice["routes"]
    assert "999" in texts(replies)
    assert any("social care" in step for step in advice["steps"])
