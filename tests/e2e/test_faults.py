"""When the action server is down, the practitioner still gets the immediate-danger route and contacts."""
from __future__ import annotations

import uuid

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.model]


def test_stopped_action_server_gives_safe_fallback_and_keeps_the_conversation(stack):
    sender = f"t-{uuid.uuid4()}"
    for answer in ("hello", "/deny", "Teacher or school staff", "7"):
        stack.say(sender, answer)
    stack.stop_actions()
    try:
        replies = stack.say(sender, "He keeps taking food from the other children's lunchboxes every day.")
        assert replies, "a turn must never end in silence"
        text = "\n".join(r.get("text", "") for r in replies)
        assert "999" in text and "your conversation is kept" in text
        assert "0808 800 5000" in text
    finally:
        stack.start_actions()
    # the conversation is still there, with what the practitioner said
    import requests
    tracker = requests.get(f"{stack.url}/conversations/{sender}/tracker", timeout=30).json()
    said = [e.get("text") for e in tracker["events"] if e.get("event") == "user"]
    assert "He keeps taking food from the other children's lunchboxes every day." in said
    # and it carries on where it was once the action server is back
    replies = stack.say(sender, "He keeps taking food from the other children's lunchboxes every day.")
    assert any((r.get("custom") or {}).get("kind") == "readback" for r in replies)
    replies = stack.say(sender, "that's all")
    assert any((r.get("custom") or {}).get("kind") == "advice" for r in replies)
