"""What the practitioner is told about keeping their message matches what the real store did with it.

The REST channel's ``handle`` runs with the real store (SQLite and PostgreSQL) behind a stand-in for Rasa that
does what Rasa's ``MessageProcessor.handle_message`` does: read the tracker, add the message with the id the
channel gave it, answer, save once at the end. Before issue 17 the fallback said "your conversation is kept"
even when the turn failed before the save (a lock timeout, an NLU error), when nothing of it was stored.
"""
from __future__ import annotations

import asyncio

import pytest
from rasa.shared.core.events import BotUttered, UserUttered

from bot.channels import safe_path
from tests.transcripts.outage import break_database, mend_database, stored_user_texts

NATIONAL = "0808 800 5000"  # the NSPCC Helpline, one of the national routes every fallback gives


class RasaStandIn:
    """Rasa's turn against the real store: add the message, reply (or not), then save; or fail before saving."""

    def __init__(self, store, *, fail_before_save: bool = False, reply: bool = True) -> None:
        self.store, self.fail_before_save, self.reply = store, fail_before_save, reply

    async def __call__(self, message) -> None:
        tracker = await self.store.get_or_create_tracker(message.sender_id)
        tracker.update(UserUttered(message.text, {"name": "observe", "confidence": 1.0}, [],
                                   input_channel=message.input_channel, message_id=message.message_id))
        if self.fail_before_save:
            raise TimeoutError("the conversation's lock timed out")  # Rasa saves nothing of this turn
        if self.reply:
            await message.output_channel.send_response(message.sender_id, {"text": "noted"})
            tracker.update(BotUttered("noted"))
        await self.store.save(tracker)


@pytest.fixture
def channel_store(make_store, monkeypatch):
    store = make_store()
    monkeypatch.setattr(safe_path, "_tracker_store", lambda: store)  # Rasa's agent holds it
    return store


def say(store, text: str, sender: str, **kwargs) -> list[str]:
    replies = asyncio.run(safe_path.handle(RasaStandIn(store, **kwargs), text, sender, "rest", None))
    return [reply.get("text") or "" for reply in replies]


def url_of(store) -> str:
    return store.engine.url.render_as_string(hide_password=False)


def test_a_turn_that_failed_before_the_save_is_never_called_kept(channel_store):
    [text] = say(channel_store, "He has bruises on his back", "lost-turn", fail_before_save=True)
    assert stored_user_texts(url_of(channel_store), "lost-turn") == [], "Rasa saved nothing of the turn"
    assert "was not kept" in text and "is kept" not in text
    assert "call 999 now, then contact children's social care" in text and NATIONAL in text


def test_a_silent_turn_that_was_written_is_called_kept(channel_store):
    [text] = say(channel_store, "He has bruises on his back", "silent-turn", reply=False)
    assert stored_user_texts(url_of(channel_store), "silent-turn") == ["He has bruises on his back"]
    assert "your conversation is kept." in text and NATIONAL in text


def test_a_turn_saved_on_this_server_says_so_and_is_written_later(channel_store):
    say(channel_store, "He is hungry every morning", "on-server")
    working = break_database(channel_store)
    texts = say(channel_store, "He has bruises on his back", "on-server")
    assert texts[0] == "noted" and "saved on this server" in texts[-1]
    assert "is kept" not in " ".join(texts)
    assert channel_store.pending_writes.batches()
    mend_database(channel_store, working)
    texts = say(channel_store, "that's all", "on-server")
    assert texts == ["noted"]
    assert stored_user_texts(working, "on-server") == ["He is hungry every morning", "He has bruises on his back",
                                                       "that's all"]


def test_a_turn_the_server_could_not_keep_either_says_so_with_the_next_step(make_store, monkeypatch):
    store = make_store(pending_max_mb=0.0001)  # no batch fits
    monkeypatch.setattr(safe_path, "_tracker_store", lambda: store)
    say(store, "He is hungry every morning", "nowhere")
    working = break_database(store)
    texts = say(store, "He has bruises on his back", "nowhere")
    assert texts[0] == "noted"
    assert "couldn't save what you just told me" in texts[-1] and "safeguarding lead" in texts[-1]
    assert "call 999" in texts[-1]
    mend_database(store, working)
