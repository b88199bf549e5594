"""Conversation ids for outside chat services: a keyed hash, so no account or chat id is stored in clear.

Rasa files every conversation under its sender id and the tracker store keeps it. A Telegram chat id or a
Teams conversation id identifies a person, so it never goes further than its channel: Rasa, the logs and the
review tools see only ``prefix + HMAC-SHA256(key, kind:id)[:32 hex]``. The key makes the id unlinkable to the
account without it (a plain hash of a number could be reversed by trying every id); each channel has its own
key and prefix, so a leaked key says nothing about the other channel; a stable key keeps a practitioner's
conversation across restarts.
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


def keyed_id(prefix: str, kind: str, raw_id: str, key: bytes) -> str:
    """``prefix`` and the keyed hash of ``kind:raw_id``; the same id and key always give the same result."""
    return prefix + hmac.new(key, f"{kind}:{raw_id}".encode(), hashlib.sha256).hexdigest()[:HEX_CHARS]
