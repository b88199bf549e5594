"""The real Application, long polling the Bot API stand-in and relaying to a fake Rasa."""
from __future__ import annotations

import logging

import pytest

from bot.telegram import texts
from bot.telegram.identity import conversation_id
from tests.telegram.bot_api_standin import MAX_TEXT, BotApiStandIn, utf16_length
from tests.telegram.conftest import CHAT, ID_KEY, free_port, make_settings, running_bot
from tests.telegram.fake_rasa import FakeRasa

SAFE_SHOWN = texts.SAFE_MESSAGE.replace("0808 800 5000", "+44 808 800 5000")


def say(stand_in: BotApiStandIn, text: str, expect: int, chat: int = CHAT, chat_type: str = "private") -> list[str]:
    """Send ``text`` as the practitioner; wait for ``expect`` more bot messages; the new ones."""
    before = len(stand_in.texts(chat))
    stand_in.push(stand_in.text_update(chat, text, chat_type))
    stand_in.wait_for(lambda: len(stand_in.texts(chat)) >= before + expect, what=f"{expect} messages")
    stand_in.settle()
    return stand_in.texts(chat)[before:]


def test_start_opens_with_rasas_greeting_and_the_danger_buttons(stand_in, rasa, bot) -> None:
    assert say(stand_in, "/start", 2) == ["Hello. Please don't type the child's name.",
                                          "First: is the child in immediate danger right now?"]
    assert rasa.received == [(conversation_id(CHAT, ID_KEY.encode()), "hello")]
    question = stand_in.sent_messages(CHAT)[-1]
    [[yes, no]] = question["reply_markup"]["inline_keyboard"]
    assert (yes["text"], no["text"]) == ("Yes", "No")
    assert not yes["callback_data"].startswith("/") and len(yes["callback_data"].encode()) <= 64


def test_the_raw_chat_id_never_reaches_rasa(stand_in, rasa, bot) -> None:
    say(stand_in, "/start", 2)
    [(sender, _)] = rasa.received
    assert sender.startswith("tg-") and str(CHAT) not in sender


def test_a_pressed_button_is_answered_its_keyboard_replaced_and_its_payload_relayed(stand_in, rasa, bot) -> None:
    say(stand_in, "/start", 2)
    question = stand_in.sent_messages(CHAT)[-1]
    press = stand_in.press(CHAT, "No")
    stand_in.wait_for(lambda: len(stand_in.texts(CHAT)) == 3, what="the answer to No")
    stand_in.settle()
    assert rasa.messages == ["hello", "/deny"]  # the bot's own payload may be a shortcut
    [answer] = stand_in.calls_of("answerCallbackQuery")
    assert answer.params["callback_query_id"] == press["callback_query"]["id"]
    [edit] = stand_in.calls_of("editMessageReplyMarkup")
    assert edit.params["message_id"] == question["message_id"]
    assert edit.params["reply_markup"]["inline_keyboard"] == [[{"text": "✓ No", "callback_data": "chosen"}]]
    methods = [c.method for c in stand_in.calls if c.method != "getUpdates"]
    assert methods.index("answerCallbackQuery") < methods.index("editMessageReplyMarkup") < len(methods) - 1
    assert stand_in.texts(CHAT)[-1] == "Thank you. In your own words, tell me what you saw or heard."


def test_pressing_the_answered_marker_changes_nothing(stand_in, rasa, bot) -> None:
    say(stand_in, "/start", 2)
    stand_in.press(CHAT, "No")
    stand_in.wait_for(lambda: len(stand_in.texts(CHAT)) == 3)
    stand_in.press(CHAT, "✓ No")
    stand_in.wait_for_calls("answerCallbackQuery", 2)
    stand_in.settle()
    assert rasa.messages == ["hello", "/deny"]
    assert stand_in.calls_of("answerCallbackQuery")[-1].params["text"] == texts.ALREADY_CHOSEN


@pytest.mark.parametrize("typed, relayed", [("/deny", "deny"), ("/affirm{\"x\": 1}", "affirm{\"x\": 1}"),
                                            ("/ /affirm", "affirm"), ("No", "No")])
def test_typed_text_is_never_an_intent_shortcut(stand_in, rasa, bot, typed: str, relayed: str) -> None:
    say(stand_in, typed, 1)
    assert rasa.messages == [relayed]


def test_an_old_button_after_a_typed_answer_has_expired(stand_in, rasa, bot) -> None:
    say(stand_in, "/start", 2)
    say(stand_in, "no", 1)  # typed instead of pressed: the dialogue has moved on
    stand_in.press(CHAT, "Yes")
    stand_in.wait_for(lambda: stand_in.texts(CHAT)[-1] == texts.BUTTON_EXPIRED, what="the expired note")
    stand_in.settle()
    assert rasa.messages == ["hello", "no"]  # "/affirm" was never sent
    assert len(stand_in.calls_of("answerCallbackQuery")) == 1
    [edit] = stand_in.calls_of("editMessageReplyMarkup")
    assert "reply_markup" not in edit.params  # the stale keyboard is removed


def test_a_forged_or_unknown_token_has_expired(stand_in, rasa, bot) -> None:
    say(stand_in, "/start", 2)
    question = stand_in.sent_messages(CHAT)[-1]
    stand_in.push(stand_in.callback_update(CHAT, question, "/affirm"))
    stand_in.wait_for(lambda: stand_in.texts(CHAT)[-1] == texts.BUTTON_EXPIRED)
    assert rasa.messages == ["hello"]


@pytest.mark.parametrize("kind", ["photo", "sticker", "voice", "document"])
def test_non_text_messages_get_a_polite_answer_and_nothing_is_relayed(stand_in, rasa, bot, kind: str) -> None:
    stand_in.push(stand_in.media_update(CHAT, kind))
    stand_in.wait_for(lambda: len(stand_in.texts(CHAT)) == 1)
    stand_in.settle()
    assert stand_in.texts(CHAT) == [texts.NOT_TEXT] and rasa.received == []


def test_an_edited_message_is_not_relayed(stand_in, rasa, bot) -> None:
    stand_in.push(stand_in.edited_update(CHAT, "actually it was on Tuesday"))
    stand_in.wait_for(lambda: len(stand_in.texts(CHAT)) == 1)
    stand_in.settle()
    assert stand_in.texts(CHAT) == [texts.EDITED] and rasa.received == []


@pytest.mark.parametrize("chat_type", ["group", "supergroup", "channel"])
@pytest.mark.parametrize("text", ["/start", "she told me her stepdad hurts her"])
def test_groups_and_channels_are_asked_to_message_privately(stand_in, rasa, bot, chat_type: str, text: str) -> None:
    group = -1001234567890
    assert say(stand_in, text, 1, chat=group, chat_type=chat_type) == [texts.PRIVATE_ONLY]
    assert rasa.received == []


def test_privacy_is_answered_without_rasa(stand_in, rasa, bot) -> None:
    assert say(stand_in, "/privacy", 1) == [texts.PRIVACY]
    assert rasa.received == []


@pytest.mark.parametrize("command, relayed", [("/help", "help"), ("/practice", "practice"),
                                              ("/start@safeguarding_test_bot", "hello")])
def test_commands_relay_their_words(stand_in, rasa, bot, command: str, relayed: str) -> None:
    say(stand_in, command, 1)
    assert rasa.messages == [relayed]


def test_reset_asks_first_and_yes_starts_again(stand_in, rasa, bot) -> None:
    assert say(stand_in, "/reset", 1) == [texts.RESET_QUESTION]
    assert rasa.received == []
    stand_in.press(CHAT, "Yes")
    stand_in.wait_for(lambda: len(stand_in.texts(CHAT)) == 3)
    stand_in.settle()
    assert rasa.messages == ["start again"]


def test_reset_no_keeps_the_conversation_and_its_buttons(stand_in, rasa, bot) -> None:
    say(stand_in, "/start", 2)
    say(stand_in, "/reset", 1)
    stand_in.press(CHAT, "No")  # the latest "No" is the reset question's
    stand_in.wait_for(lambda: stand_in.texts(CHAT)[-1] == texts.RESET_KEPT)
    assert rasa.messages == ["hello"]
    stand_in.press(CHAT, "Yes")  # the immediate-danger question still works
    stand_in.wait_for(lambda: rasa.messages == ["hello", "/affirm"])


@pytest.mark.parametrize("failure", ["down", 500, "empty"])
def test_rasa_failing_gives_the_safe_message(stand_in, failure) -> None:
    def respond(sender: str, message: str):
        return 500 if failure == 500 else []

    with FakeRasa(respond) as rasa:
        url = f"http://127.0.0.1:{free_port()}" if failure == "down" else rasa.url
        with running_bot(make_settings(stand_in, url)):
            assert say(stand_in, "she told me her stepdad hurts her", 1) == [SAFE_SHOWN]
    assert "999" in SAFE_SHOWN and "can't tell whether your last message was kept" in SAFE_SHOWN
    assert "is kept" not in SAFE_SHOWN, "the front end cannot know that Rasa kept the message"


def test_a_long_reply_is_split_and_keeps_its_order(stand_in) -> None:
    lines = [f"{n}. " + "Step text with <angle> & ampersand. " * 4 for n in range(1, 90)]  # ~17,000 characters

    def respond(sender: str, message: str):
        return [{"text": "\n".join(lines), "buttons": [{"title": "Done", "payload": "/affirm"}]},
                {"text": "After the long one."}]

    with FakeRasa(respond) as rasa, running_bot(make_settings(stand_in, rasa.url)):
        stand_in.push(stand_in.text_update(CHAT, "the whole list please"))
        stand_in.wait_for(lambda: "After the long one." in stand_in.texts(CHAT), what="the last message")
        stand_in.settle()
    sent = stand_in.sent_messages(CHAT)
    assert len(sent) >= 5 and sent[-1]["text"] == "After the long one."
    parts = sent[:-1]
    assert all(utf16_length(call.params["text"]) <= MAX_TEXT for call in stand_in.calls_of("sendMessage"))
    shown = "\n".join(m["text"] for m in parts).split("\n")
    assert [line.strip() for line in shown] == [line.strip() for line in lines]  # every line whole, in order
    assert [("reply_markup" in m) for m in parts] == [False] * (len(parts) - 1) + [True]


def test_markup_from_either_side_is_shown_as_typed(stand_in) -> None:
    typed = "he wrote <b>help</b> & <script>x</script> on the board"

    def respond(sender: str, message: str):
        return [{"text": f"You said: {message}", "custom": {"kind": "readback"}}]

    with FakeRasa(respond) as rasa, running_bot(make_settings(stand_in, rasa.url)):
        assert say(stand_in, typed, 1) == [f"You said: {typed}"]
    sent = stand_in.calls_of("sendMessage")[-1].params
    assert sent["parse_mode"] == "HTML" and "&lt;b&gt;help&lt;/b&gt; &amp; &lt;script&gt;" in sent["text"]


def test_advice_is_sent_with_bold_levels_and_step_numbers(stand_in) -> None:
    def respond(sender: str, message: str):
        return [{"text": "Overall level: SUSPECT\n2. Seek advice (NG76 1.3)\nNSPCC Helpline: 0808 800 5000",
                 "custom": {"kind": "advice", "level": "suspect", "steps": ["Seek advice (NG76 1.3)"]}}]

    with FakeRasa(respond) as rasa, running_bot(make_settings(stand_in, rasa.url)):
        say(stand_in, "he hides food", 1)
    sent = stand_in.calls_of("sendMessage")[-1].params["text"]
    assert "<b>SUSPECT</b>" in sent and "<b>2.</b> Seek advice" in sent and "+44 808 800 5000" in sent


def test_a_failed_send_is_logged_by_ids_only_and_the_safe_message_follows(stand_in, rasa, bot, caplog) -> None:
    typed = "Unusual words 7c1f: she told me her stepdad hurts her"
    stand_in.fail_next("sendMessage", 400, "Bad Request: injected by the test")
    with caplog.at_level(logging.INFO):
        stand_in.push(stand_in.text_update(CHAT, typed))
        stand_in.wait_for(lambda: SAFE_SHOWN in stand_in.texts(CHAT), what="the safe message")
        stand_in.settle()
    logged = "\n".join(record.getMessage() + (record.exc_text or "") for record in caplog.records)
    assert "BadRequest" in logged and conversation_id(CHAT, ID_KEY.encode()) in logged
    for secret in (str(CHAT), "7c1f", "stepdad", "injected by the test"):
        assert secret not in logged
