"""Conversation ids for Teams conversations: a keyed hash, so no Teams id is stored or logged in clear.

Rasa files every conversation under its sender id and the tracker store keeps it. A Teams conversation id
("a:1Hx...", "19:...@thread.v2") is tied to a person's work account, so it never goes further than the
Teams channel: Rasa, the logs and the review tools only see ``"teams-" + HMAC-SHA256(key, id)[:32 hex]``.

The hash is made by ``bot.pseudonyms``, as for Telegram; a different prefix and key (env
``BOT_TEAMS_ID_KEY``) keep the two channels' ids apart, so a leaked Telegram key says nothing about Teams.
"""
from __future__ import annotations

import re

from bot import pseudonyms
from bot.pseudonyms import HEX_CHARS, IdentityKeyError  # noqa: F401  (re-exported)

PREFIX = "teams-"
KEY_VARIABLE = "BOT_TEAMS_ID_KEY"
CONVERSATION_ID = re.compile(rf"^{PREFIX}[0-9a-f]{{{HEX_CHARS}}}$")


def check_key(key: str | bytes | None) -> bytes:
    """The key as bytes, or an error that says how to make one (a weak key would make ids guessable)."""
    return pseudonyms.check_key(key, KEY_VARIABLE)


def conversation_id(teams_conversation_id: str, key: bytes) -> str:
    """The Rasa sender id for a Teams conversation; the same conversation and key always give the same id."""
    return pseudonyms.keyed_id(PREFIX, "teams-conversation", teams_conversation_id, key)
