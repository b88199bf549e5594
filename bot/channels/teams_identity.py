"""Conversation ids for Teams conversations: a keyed hash, so no Teams id is stored or logged in clear.

Rasa files every conversation under its sender id and the tracker store keeps it. A Teams conversation id
("a:1Hx...", "19:...@thread.v2") is tied to a person's work account, so it never goes further than the
Teams channel: Rasa, the logs and the review tools only see ``"teams-" + HMAC-SHA256(key, id)[:32 hex]``.

This mirrors ``bot.telegram.identity`` (same hash, same length, same minimum key length) rather than
reusing it, because that module is written for Telegram's integer chat ids and names Telegram's key in its
errors; a different prefix and key (env ``BOT_TEAMS_ID_KEY``) also keep the two channels' ids apart, so a
leaked Telegram key says nothing about Teams conversations.
"""
from __future__ import annotations

import hashlib
import hmac
import re

from bot.telegram.identity import HEX_CHARS, MIN_KEY_LENGTH

PREFIX = "teams-"
KEY_VARIABLE = "BOT_TEAMS_ID_KEY"
CONVERSATION_ID = re.compile(rf"^{PREFIX}[0-9a-f]{{{HEX_CHARS}}}$")


class IdentityKeyError(ValueError):
    """The hashing key is missing or too short to protect the ids."""


def check_key(key: str | bytes | None) -> bytes:
    """The key as bytes, or an error that says how to make one (a weak key would make ids guessable)."""
    if not key:
        raise IdentityKeyError(f"{KEY_VARIABLE} is not set: make one with "
                               "`python -c 'import secrets; print(secrets.token_hex(32))'` and keep it")
    raw = key.encode() if isinstance(key, str) else key
    if len(raw) < MIN_KEY_LENGTH:
        raise IdentityKeyError(f"{KEY_VARIABLE} is too short: use at least {MIN_KEY_LENGTH} characters "
                               "(32 random bytes in hex is best)")
    return raw


def conversation_id(teams_conversation_id: str, key: bytes) -> str:
    """The Rasa sender id for a Teams conversation; the same conversation and key always give the same id."""
    digest = hmac.new(key, f"teams-conversation:{teams_conversation_id}".encode(), hashlib.sha256).hexdigest()
    return PREFIX + digest[:HEX_CHARS]
