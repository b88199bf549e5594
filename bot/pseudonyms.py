"""Pseudonyms: a keyed hash of an id, so no account, chat or conversation id is stored or shown in clear.

Two kinds, one way of making them:

* **Conversation ids for outside chat services** (``keyed_id``). Rasa files every conversation under its
  sender id and the tracker store keeps it. A Telegram chat id or a Teams conversation id identifies a person,
  so it never goes further than its channel: Rasa, the logs and the review tools see only
  ``prefix + HMAC-SHA256(key, kind:id)[:32 hex]`` (``bot.telegram.identity``, ``bot.channels.teams.identity``).
  Each channel has its own key and prefix, so a leaked key says nothing about the other channel; a stable key
  keeps a practitioner's conversation across restarts.
* **Practice participants** (``bot.scenarios.results.pseudonymous_id``: ``p-`` and 16 hex digits of
  HMAC-SHA256(key, conversation id)), so a trainer's results never name the trainee.

The key makes a pseudonym unlinkable to the id without it: a plain hash, or a hash keyed with a word anyone
could read in the code, could be reversed by trying every id. So every key goes through ``check_key``, which
refuses a missing key or one shorter than ``MIN_KEY_LENGTH`` characters.
"""
from __future__ import annotations

import hashlib
import hmac

HEX_CHARS = 32  # 128 bits: no collisions in practice, short enough to read in a log line
MIN_KEY_LENGTH = 16


class IdentityKeyError(ValueError):
    """The hashing key is missing or too short to protect the ids."""


def check_key(key: str | bytes | None, variable: str) -> bytes:
    """The key as bytes, or an error that names ``variable`` and says how to make one."""
    if not key:
        raise IdentityKeyError(f"{variable} is not set: make one with "
                               "`python -c 'import secrets; print(secrets.token_hex(32))'` and keep it")
    raw = key.encode() if isinstance(key, str) else key
    if len(raw) < MIN_KEY_LENGTH:
        raise IdentityKeyError(f"{variable} is too short: use at least {MIN_KEY_LENGTH} characters "
                               "(32 random bytes in hex is best)")
    return raw


def keyed_hash(key: bytes, message: str, hex_chars: int = HEX_CHARS) -> str:
    """The first ``hex_chars`` hex digits of HMAC-SHA256(key, message); ``key`` as ``check_key`` returns it."""
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()[:hex_chars]


def keyed_id(prefix: str, kind: str, raw_id: str, key: bytes) -> str:
    """``prefix`` and the keyed hash of ``kind:raw_id``; the same id and key always give the same result."""
    return prefix + keyed_hash(key, f"{kind}:{raw_id}")
