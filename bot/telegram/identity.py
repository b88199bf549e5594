"""Conversation ids for Telegram chats: a keyed hash, so the raw Telegram id is never stored or logged.

Rasa files every conversation under its sender id, and the tracker store keeps it. A Telegram chat id is a
stable account number that identifies a person, so it never leaves this process: Rasa, the logs and the
review tools only see ``"tg-" + HMAC-SHA256(key, chat id)[:32 hex]``. The key (env ``BOT_TELEGRAM_ID_KEY``)
makes the id unlinkable to the account without it (a plain hash of a number could be reversed by trying
every id), and keeping the key stable keeps a practitioner's conversation across restarts.
"""
from __future__ import annotations

import hashlib
import hmac
import re

PREFIX = "tg-"
HEX_CHARS = 32  # 128 bits: no collisions in practice, short enough to read in a log line
MIN_KEY_LENGTH = 16
CONVERSATION_ID = re.compile(rf"^{PREFIX}[0-9a-f]{{{HEX_CHARS}}}$")


class IdentityKeyError(ValueError):
    """The hashing key is missing or too short to protect the ids."""


def check_key(key: str | bytes | None) -> bytes:
    """The key as bytes, or an error that says how to make one (a weak key would make ids guessable)."""
    if not key:
        raise IdentityKeyError("BOT_TELEGRAM_ID_KEY is not set: make one with "
                               "`python -c 'import secrets; print(secrets.token_hex(32))'` and keep it")
    raw = key.encode() if isinstance(key, str) else key
    if len(raw) < MIN_KEY_LENGTH:
        raise IdentityKeyError(f"BOT_TELEGRAM_ID_KEY is too short: use at least {MIN_KEY_LENGTH} characters "
                               "(32 random bytes in hex is best)")
    return raw


def conversation_id(chat_id: int, key: bytes) -> str:
    """The Rasa sender id for a Telegram chat; the same chat and key always give the same id."""
    digest = hmac.new(key, f"telegram-chat:{int(chat_id)}".encode(), hashlib.sha256).hexdigest()
    return PREFIX + digest[:HEX_CHARS]
