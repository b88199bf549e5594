"""A whole conversation through Telegram: the Bot API stand-in, the real bot, real Rasa and the action server.

Written against behaviour that stays while the dialogue is rebuilt: the opening asks about immediate danger
with buttons; a disclosure leads, perhaps after the questions the steps depend on (answered here with the
first button offered), to a reply that names NG76 1.3.7 or children's social care.
"""
from __future__ import annotations

import uuid

import pytest

from bot.telegram.formatting import tappable_phones
from tests.telegram.bot_api_standin import BotApiStandIn
from tests.telegram.conftest import CHAT, make_settings, running_bot

pytestmark = [pytest.mark.e2e, pytest.mark.model]

OBSERVATION = ("He's 7 and he has been taking food from other children's lunchboxes every day this week "
               "and hiding it in his drawer.")
DISCLOSURE = "she told me her stepdad hurts her"
MAX_QUESTIONS = 6


def advice_for_a_disclosure(text: str) -> bool:
    """NG76 1.3.7 (a child tells you) routes to children's social care."""
    return "1.3.7" in text or "social care" in text.lower()


def new_messages(stand_in: BotApiStandIn, before: int, timeout: float = 90) -> list[dict]:
    """Wait for the bot's next message(s) after ``before`` and until it falls quiet; the new messages."""
    stand_in.wait_for(lambda: len(stand_in.sent_messages(CHAT)) > before, timeout, "the bot's answer")
    stand_in.settle(quiet=1.0, timeout=timeout)
    return stand_in.sent_messages(CHAT)[before:]


def buttons(message: dict) -> list[str]:
    return [b["text"] for row in (message.get("reply_markup") or {}).get("inline_keyboard", []) for b in row]


def test_a_conversation_through_telegram(stack, stand_in: BotApiStandIn) -> None:
    expected_opening = [r for r in stack.say(f"t-{uuid.uuid4()}", "hello") if r.get("text")]
    with running_bot(make_settings(stand_in, stack.url)):
        stand_in.push(stand_in.text_update(CHAT, "/start"))
        opening = new_messages(stand_in, 0)
        # the same messages as the REST channel gives, in the same order, buttons on the question
        assert [m["text"] for m in opening] == [tappable_phones(r["text"]).strip() for r in expected_opening]
        assert [buttons(m) for m in opening] == [[b["title"] for b in r.get("buttons", [])] for r in expected_opening]
        question = opening[-1]
        assert "immediate danger" in question["text"] and "No" in buttons(question)

        seen = len(stand_in.sent_messages(CHAT))
        stand_in.press(CHAT, "No")
        after_no = new_messages(stand_in, seen)
        assert stand_in.calls_of("answerCallbackQuery") and stand_in.calls_of("editMessageReplyMarkup")
        assert all("immediate danger right now" not in m["text"] for m in after_no)

        seen = len(stand_in.sent_messages(CHAT))
        stand_in.push(stand_in.text_update(CHAT, OBSERVATION))
        assert new_messages(stand_in, seen)

        seen = len(stand_in.sent_messages(CHAT))
        stand_in.push(stand_in.text_update(CHAT, DISCLOSURE))
        replies = new_messages(stand_in, seen)
        # the dialogue may first ask what it needs for the steps (role, area): answer with its own buttons
        for _ in range(MAX_QUESTIONS):
            if any(advice_for_a_disclosure(m["text"]) for m in replies):
                break
            seen = len(stand_in.sent_messages(CHAT))
            offered = buttons(replies[-1])
            if offered:
                stand_in.press(CHAT, offered[0])
            else:
                stand_in.push(stand_in.text_update(CHAT, "I'm not sure"))
            replies = new_messages(stand_in, seen)
        assert any(advice_for_a_disclosure(m["text"]) for m in replies), [m["text"] for m in replies]

    texts = [m["text"] for m in stand_in.sent_messages(CHAT)]
    assert not any(t.startswith("Something went wrong on my side") for t in texts), texts
    for message in stand_in.sent_messages(CHAT):  # every keyboard carries tokens, never Rasa payloads
        for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
            assert all(not b["callback_data"].startswith("/") for b in row)
