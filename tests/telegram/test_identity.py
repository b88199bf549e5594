"""Conversation ids: keyed, stable, never containing or revealing the Telegram id."""
from __future__ import annotations

import hashlib
import hmac

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.telegram.identity import CONVERSATION_ID, IdentityKeyError, check_key, conversation_id

KEY = b"k" * 32
telegram_ids = st.integers(min_value=-(10 ** 13), max_value=10 ** 13)


@pytest.mark.parametrize("chat_id", [1, 5550001234, -1001234567890, 2 ** 52])
def test_format_and_value(chat_id: int) -> None:
    cid = conversation_id(chat_id, KEY)
    assert CONVERSATION_ID.match(cid)
    expected = hmac.new(KEY, f"telegram-chat:{chat_id}".encode(), hashlib.sha256).hexdigest()[:32]
    assert cid == "tg-" + expected


@given(telegram_ids)
def test_stable_and_free_of_the_raw_id(chat_id: int) -> None:
    cid = conversation_id(chat_id, KEY)
    assert cid == conversation_id(chat_id, KEY)
    # A short number turns up in 32 hex digits by chance (four digits in about one id of 2,000, which made this
    # test fail now and then); an id of seven digits or more, as every real Telegram id is, about once in ten million.
    assert str(abs(chat_id)) not in cid or len(str(abs(chat_id))) < 7


@given(telegram_ids, telegram_ids)
def test_different_chats_get_different_ids(a: int, b: int) -> None:
    if a != b:
        assert conversation_id(a, KEY) != conversation_id(b, KEY)


def test_the_key_matters() -> None:
    """Without the key, the id cannot be recomputed from a guessed Telegram id."""
    assert conversation_id(42, KEY) != conversation_id(42, b"another key of 32 bytes........")
    assert conversation_id(42, KEY) != "tg-" + hashlib.sha256(b"42").hexdigest()[:32]


@pytest.mark.parametrize("key", [None, "", "short"])
def test_missing_or_weak_keys_are_refused(key) -> None:
    with pytest.raises(IdentityKeyError):
        check_key(key)


def test_a_good_key_is_accepted_as_bytes() -> None:
    assert check_key("0123456789abcdef") == b"0123456789abcdef"
