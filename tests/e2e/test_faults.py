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
    tracker = stack.tracker(sender)
    said = [e.get("text") for e in tracker["events"] if e.get("event") == "user"]
    assert "He keeps taking food from the other children's lunchboxes every day." in said
    # and it carries on where it was once the action server is back
    replies = stack.say(sender, "He keeps taking food from the other children's lunchboxes every day.")
    assert any((r.get("custom") or {}).get("kind") == "readback" for r in replies)
    replies = stack.say(sender, "that's all")
    assert any((r.get("custom") or {}).get("kind") == "advice" for r in replies)


# ---------------------------------------------------------------------------- the Rasa server killed

def _user_texts(stack, sender: str) -> list[str]:
    import requests

    tracker = stack.tracker(sender)
    return [e.get("text") for e in tracker["events"] if e.get("event") == "user"]


def test_rasa_killed_and_restarted_keeps_every_turn_and_carries_on(stack):
    """SIGKILL between turns and again in the middle of one: what was answered is all still there, and the
    concern goes on to advice that includes the observations made before the kills."""
    import threading

    import requests

    sender = f"t-{uuid.uuid4()}"
    first = "He keeps taking food from the other children's lunchboxes every day."
    for answer in ("hello", "/deny", "Teacher or school staff", "7", first):
        stack.say(sender, answer)
    said_before = _user_texts(stack, sender)
    stack.kill_rasa()
    try:
        stack.start_rasa()
        assert _user_texts(stack, sender) == said_before, "every answered turn survives SIGKILL"
        second = "His clothes are filthy and he smells of urine most days."
        in_flight: list = []
        thread = threading.Thread(target=lambda: in_flight.append(_post_quietly(stack, sender, second)))
        thread.start()
        stack.kill_rasa()  # while that turn may be under way: its practitioner gets no answer, so sends it again
        thread.join(timeout=60)
    finally:
        if stack.rasa is None:
            stack.start_rasa()
    assert _user_texts(stack, sender)[:len(said_before)] == said_before
    replies = stack.say(sender, second)
    readback = next(r["custom"] for r in replies if (r.get("custom") or {}).get("kind") == "readback")
    words = [item["words"] for item in readback["items"]]
    # the turn killed mid-way may have been saved before the kill; sent again, it is then noted twice
    assert len(words) in (2, 3) and "lunchboxes" in words[0] and all("urine" in w for w in words[1:]), words
    replies = stack.say(sender, "that's all")
    assert any((r.get("custom") or {}).get("kind") == "advice" for r in replies)
    assert requests.get(f"{stack.url}/status", params={"token": stack.api_token}, timeout=10).ok


def _post_quietly(stack, sender: str, text: str):
    import requests

    try:
        return requests.post(f"{stack.url}/webhooks/rest/webhook", json={"sender": sender, "message": text},
                             timeout=60).status_code
    except requests.RequestException as error:
        return type(error).__name__
