"""The safe path every channel takes (bot.channels.safe_path): redacted, never a typed shortcut, whole replies,
never silent."""
from __future__ import annotations

import asyncio

from bot.channels.safe_path import EMPTY_TEXT, FALLBACK_TEXT, handle


def run(text, reply=True, fail=False):
    seen: list[str] = []

    async def on_new_message(message):
        seen.append(message.text)
        if fail:
            raise RuntimeError("action server down")
        if reply:
            await message.output_channel.send_response(
                message.sender_id, {"text": "noted", "buttons": [{"title": "Yes", "payload": "/affirm"}],
                                    "custom": {"kind": "readback"}})

    replies = asyncio.run(handle(on_new_message, text, "s1", "rest", None))
    return seen, replies


def test_personal_details_are_redacted_before_rasa_sees_them():
    seen, _ = run("His mum Sarah rang me on 07700 900123, she's 6 and always hungry")
    assert "Sarah" not in seen[0] and "07700" not in seen[0]
    assert "[NAME]" in seen[0] and "[PHONE]" in seen[0] and "she's 6" in seen[0]


def test_a_typed_shortcut_is_only_words():
    seen, _ = run('/inform{"role": "teacher"}')
    assert not seen[0].startswith("/")


def test_each_message_arrives_whole():
    _, replies = run("hello")
    assert replies == [{"recipient_id": "s1", "text": "noted", "buttons": [{"title": "Yes", "payload": "/affirm"}],
                        "custom": {"kind": "readback"}}]


def test_empty_messages_are_answered_without_disturbing_the_conversation():
    seen, replies = run("   ")
    assert seen == [] and replies[0]["text"] == EMPTY_TEXT


def test_a_failed_or_silent_turn_gets_the_safe_reply():
    for kwargs in ({"fail": True}, {"reply": False}):
        _, replies = run("he has bruises", **kwargs)
        assert replies[0]["text"].startswith(FALLBACK_TEXT) and "0808 800 5000" in replies[0]["text"]
        assert replies[0]["custom"]["kind"] == "fallback"


def test_a_turn_not_in_the_record_is_said_plainly(monkeypatch):
    from bot.channels import safe_path
    from bot.transcripts.store import TurnKept

    for kept, notice in ((TurnKept.ON_THIS_SERVER, safe_path.NOT_SAVED_TEXT), (TurnKept.NOT_KEPT, safe_path.NOT_KEPT_TEXT)):
        monkeypatch.setattr(safe_path, "how_kept", lambda message_id, kept=kept: kept)
        _, replies = run("he has bruises")
        assert replies[-1]["text"] == notice and replies[0]["text"] == "noted"
    monkeypatch.setattr(safe_path, "how_kept", lambda message_id: TurnKept.IN_THE_RECORD)
    _, replies = run("he has bruises")
    assert [r["text"] for r in replies] == ["noted"], "nothing to add when the record has the turn"


def test_the_fallback_says_kept_only_when_the_store_wrote_the_turn(monkeypatch):
    from bot.channels import safe_path
    from bot.transcripts.store import TurnKept

    texts = {}
    for kept in (TurnKept.IN_THE_RECORD, TurnKept.ON_THIS_SERVER, TurnKept.NOT_KEPT, None):
        monkeypatch.setattr(safe_path, "how_kept", lambda message_id, kept=kept: kept)
        _, [reply] = run("he has bruises", fail=True)
        texts[kept] = reply["text"]
        assert reply["text"].startswith(FALLBACK_TEXT) and reply["custom"]["kind"] == "fallback"
        assert "call 999 now, then contact children's social care" in reply["text"], "never a dead end"
        assert "0808 800 5000" in reply["text"]
    assert "your conversation is kept." in texts[TurnKept.IN_THE_RECORD]
    assert "saved on this server" in texts[TurnKept.ON_THIS_SERVER] and "is kept" not in texts[TurnKept.ON_THIS_SERVER]
    assert "was not kept" in texts[TurnKept.NOT_KEPT] and "is kept" not in texts[TurnKept.NOT_KEPT]
    assert "can't tell whether" in texts[None] and "is kept" not in texts[None]
