"""The safe path every channel takes: one practitioner message in, every bot message out, never silence.

The REST channel (``bot.channels.rest``) and the Teams channel (``bot.channels.teams``) hand each message to
``handle`` (the Telegram front end and the terminal chat reach it through the REST channel), so every
practitioner gets the same protections whatever they type into:

* **One message stays one message.** Stock Rasa sends a message's text, its buttons and its ``custom``
  payload as separate messages, and cuts text at blank lines. Here each bot message arrives whole, so the
  advice payload is always beside the advice text, as the channel contract says, and the Telegram and Teams
  front ends render the same thing.
* **Never silence.** When the action server is down or an action fails, stock Rasa logs the error and sends
  nothing back. Any turn that ends with no bot message gets a reply that needs no custom action: call 999 if
  the child is in immediate danger, the national contacts, and "something went wrong", with what became of
  the message.
* **"Kept" only when it is.** The conversation store reports how it kept each turn, by the id of the message
  that began it (``bot.transcripts.store.turn_kept``): in the record, saved on this server until the database
  is back, or not kept. A turn that failed before Rasa saved it (a lock timeout, an NLU error) has no report,
  so it was not kept. The practitioner is told which, after the reply or in the fallback; "your conversation
  is kept" is said only when the store has written it.
* **Typed text is read against the buttons offered** (``bot.channels.inbound``): a typed title or number is
  that button, and typed text is never an intent shortcut. An empty message gets a plain answer; control
  characters are dropped and a message is cut at ``MAX_MESSAGE_CHARS``, saying so.
* **Personal details never go further than here.** Names, phone numbers, addresses, postcodes, emails, dates
  of birth and NHS numbers in typed text are replaced by placeholders (``bot.redaction``) before Rasa sees
  the message, so neither the conversation store, nor the logs, nor the action server ever hold them. The
  guideline logic still reads what it needs ("she's 6", "Year 2", "Mum").
* **Its words are the wording file's** (``knowledge/wording.yml``, group ``channel``), read when a channel is
  built (``prepare``), so a fallback never depends on reading a file. The old names (``EMPTY_TEXT``,
  ``NOT_SAVED_TEXT``, ...) still give the same sentences.

A channel calls ``prepare()`` when Rasa builds it: that installs the server's changes to Rasa
(``bot.rasa_runtime``) and reads the wording file, so a broken one stops Rasa starting.
"""
from __future__ import annotations

import logging
import re
import uuid
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot import rasa_runtime, wording
from bot.channels.inbound import inbound_text, offered_buttons
from bot.redaction import redact, remember_redacted
from bot.transcripts.store import ConversationUnavailable, TurnKept, turn_kept

logger = logging.getLogger(__name__)

# What a turn that produced no reply says first, by what the conversation store did with the message (None: the
# store in use cannot say); then channel.fallback_next_step and the national contacts. Each starts with
# FALLBACK_TEXT, which channels and tests recognise a fallback by.
FALLBACK_TEXT = "Something went wrong on my side"
FALLBACK_OPENING_KEYS = {
    TurnKept.IN_THE_RECORD: "channel.went_wrong_kept",
    TurnKept.ON_THIS_SERVER: "channel.went_wrong_on_this_server",
    TurnKept.NOT_KEPT: "channel.went_wrong_not_kept",
    None: "channel.went_wrong_unknown",
}
# The channel's sentences under the names other modules and tests import (module ``__getattr__`` below).
SENTENCE_NAMES = {
    "FALLBACK_NEXT_STEP": "channel.fallback_next_step",
    "NOT_SAVED_TEXT": "channel.not_saved",      # added after a turn that was answered but did not reach the record
    "NOT_KEPT_TEXT": "channel.not_kept",
    "STORE_DOWN_TEXT": "channel.store_down",
    "EMPTY_TEXT": "channel.empty",
}


MAX_MESSAGE_CHARS = 5000  # what the observation mapper reads of one message (bot.observations.mapper.MAX_CHARS)


def long_text() -> Text:
    """Said after the reply to a message cut to ``MAX_MESSAGE_CHARS``."""
    return wording.text("channel.long_message", characters=f"{MAX_MESSAGE_CHARS:,}")


def __getattr__(name: str) -> Any:
    """``EMPTY_TEXT``, ``LONG_TEXT``, ``FALLBACK_OPENINGS``, ...: the channel's sentences, from the wording file."""
    if name in SENTENCE_NAMES:
        return wording.text(SENTENCE_NAMES[name])
    if name == "LONG_TEXT":
        return long_text()
    if name == "FALLBACK_OPENINGS":
        return {kept: wording.text(key) for kept, key in FALLBACK_OPENING_KEYS.items()}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# C0 control characters other than tab, line feed and carriage return: PostgreSQL refuses NUL in text, and none
# of them is anything a practitioner meant to type.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: Text) -> tuple[Text, bool]:
    """The message without control characters and cut to ``MAX_MESSAGE_CHARS``; and whether it was cut."""
    text = _CONTROL.sub("", text)
    if len(text) <= MAX_MESSAGE_CHARS:
        return text, False
    return text[:MAX_MESSAGE_CHARS], True


def fallback_reply(kept: Optional[TurnKept] = None) -> Dict[Text, Any]:
    """The reply for a turn that produced nothing: what became of the message (``kept``; None when the store
    cannot say), the next step, and national routes only, from the contacts module."""
    from bot.referral_contacts import national_routes

    contacts = national_routes()
    opening = f"{wording.text(FALLBACK_OPENING_KEYS[kept])} {wording.text('channel.fallback_next_step')}"
    lines = [opening] + [f"{c.label}: {c.phone or c.url or c.email}" for c in contacts]
    payload = [dict(c.to_dict(), source="national") for c in contacts]
    return {"text": "\n".join(lines), "custom": {"kind": "fallback", "level": "unknown", "contacts": payload,
                                                  "kept": kept.value if kept else "unknown"}}


def how_kept(message_id: Text) -> Optional[TurnKept]:
    """How the conversation store kept the turn begun by this message: ``NOT_KEPT`` when it saved nothing of
    it; None when the store in use does not say (not this project's store)."""
    if not getattr(_tracker_store(), "reports_turns", False):
        return None
    return turn_kept(message_id) or TurnKept.NOT_KEPT


class WholeMessageCollector(CollectingOutputChannel):
    """Collects each bot message as one dict: text, buttons and custom payload together."""

    @classmethod
    def name(cls) -> Text:
        return "collector"

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        await self._persist_message(self._message(
            recipient_id, text=message.get("text"), image=message.get("image"),
            buttons=message.get("buttons") or message.get("quick_replies"), attachment=message.get("attachment"),
            custom=message.get("custom")))

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self._persist_message(self._message(recipient_id, text=text))


def _tracker_store() -> Any:
    """The running Rasa server's tracker store, or None outside one."""
    from sanic import Sanic

    agent = next((app.ctx.agent for app in Sanic._app_registry.values() if getattr(app.ctx, "agent", None)), None)
    return getattr(agent, "tracker_store", None)


async def last_buttons(sender_id: Text) -> List[dict]:
    """The buttons the bot offered this conversation on its last turn (none if the store cannot say).

    Our tracker store answers from its last few rows (``recent_events``), so this costs the same at turn 500
    as at turn 5; any other store is asked for the whole tracker."""
    store = _tracker_store()
    if store is None:
        return []
    try:
        if hasattr(store, "recent_events"):
            return offered_buttons(await store.recent_events(sender_id, since_last_message=True))
        tracker = await store.retrieve(sender_id)
    except Exception:  # the store being down must not stop the message: it is read without buttons
        logger.exception("could not read the last buttons for conversation %s", sender_id)
        return []
    return offered_buttons(e.as_dict() for e in tracker.events) if tracker else []


async def handle(on_new_message: Callable[[UserMessage], Awaitable[Any]], text: Optional[Text], sender_id: Text,
                 input_channel: Text, metadata: Optional[Dict[Text, Any]]) -> List[Dict[Text, Any]]:
    """One practitioner message in, every bot message out: never an empty list."""
    collector = WholeMessageCollector()
    text, cut = clean_text("" if text is None else str(text))
    if not text.strip():
        return [collector._message(sender_id, text=wording.text("channel.empty"))]
    text = inbound_text(text, await last_buttons(sender_id))
    if text.startswith("/"):  # only a payload of a button the bot offered starts with "/" here
        remember_redacted(text)
    else:  # typed words
        text = redact(text).text
    message_id = uuid.uuid4().hex  # the store reports how it kept the turn by this id
    try:
        await on_new_message(UserMessage(text, collector, sender_id, input_channel=input_channel,
                                         metadata=metadata, message_id=message_id))
    except ConversationUnavailable:  # the store fails closed: nothing was read or changed
        logger.error("conversation %s could not be opened: the practitioner is asked to send again", sender_id)
        return [collector._message(sender_id, text=wording.text("channel.store_down"),
                                   custom={"kind": "store_unavailable"})]
    except Exception:  # the practitioner still gets the safe reply below
        logger.exception("turn failed for conversation %s", sender_id)
    kept = how_kept(message_id)
    if not collector.messages:
        logger.error("no reply produced for conversation %s: sending the safe fallback (turn %s)", sender_id,
                     kept.value if kept else "kept: unknown")
        reply = fallback_reply(kept)
        return [collector._message(sender_id, text=reply["text"], custom=reply["custom"])]
    if cut:  # redaction and the mapper read only the first part: say so, and that the rest can follow
        collector.messages.append(collector._message(sender_id, text=long_text(), custom={"kind": "long_message"}))
    if kept is TurnKept.ON_THIS_SERVER:  # written to the record when the database is back: say so
        collector.messages.append(collector._message(sender_id, text=wording.text("channel.not_saved"),
                                                     custom={"kind": "not_saved"}))
    elif kept is TurnKept.NOT_KEPT:
        logger.error("conversation %s: a turn was answered but not kept; the practitioner is told", sender_id)
        collector.messages.append(collector._message(sender_id, text=wording.text("channel.not_kept"),
                                                     custom={"kind": "not_kept"}))
    return collector.messages


def prepare() -> None:
    """What every channel does when Rasa builds it: install the Rasa server's changes (``rasa run`` builds the
    channels before it loads the model) and read the wording file now, so a broken one stops Rasa starting
    rather than a fallback mid-conversation."""
    rasa_runtime.install_server_changes()
    wording.sentences()
