"""Conversation ids for Telegram chats: a keyed hash, so the raw Telegram id is never stored or logged.

Rasa files every conversation under its sender id, and the tracker store keeps it. A Telegram chat id is a
stable account number that identifies a person, so it never leaves this process: Rasa, the logs and the
review tools only see ``"tg-" + HMAC-SHA256(key, chat id)[:32 hex]``. The key (env ``BOT_TELEGRAM_ID_KEY``)
makes the id unlinkable to the account without it (a plain hash of a number could be reversed by trying
every id), and keeping the key stable keeps a practitioner's conversation across restarts.
"""
from __future__ import annotations

import re

from bot import pseudonyms
from bot.pseudonyms import HEX_CHARS, MIN_KEY_LENGTH, IdentityKeyError  # noqa: F401  (re-exported)

PREFIX = "tg-"
KEY_VARIABLE = "BOT_TELEGRAM_ID_KEY"
CONVERSATION_ID = re.compile(rf"^{PREFIX}[0-9a-f]{{{HEX_CHARS}}}$")


def check_key(key: str | bytes | None) -> bytes:
    """The key as bytes, or an error that says how to make one (a weak key would make ids guessable)."""
    return pseudonyms.check_key(key, KEY_VARIABLE)


def conversation_id(chat_id: int, key: bytes) -> str:
    """The Rasa sender id for a Telegram chat; the same chat and key always give the same id."""
    return pseudonyms.keyed_id(PREFIX, "telegram-chat", str(int(chat_id)), key)
