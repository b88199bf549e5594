"""Offered buttons: a token works once, in its own conversation, until the dialogue moves on."""
from __future__ import annotations

from bot.telegram.buttons import Choice, OfferedButtons

YES, NO = Choice("Yes", "/affirm"), Choice("No", "/deny")


def test_a_token_gives_its_choice_once_and_uses_up_the_keyboard() -> None:
    store = OfferedButtons()
    yes, no = store.offer("tg-a", [YES, NO])
    assert store.take("tg-a", no) == NO
    assert store.take("tg-a", no) is None
    assert store.take("tg-a", yes) is None  # the other button of the same keyboard


def test_tokens_are_short_distinct_and_not_the_payload() -> None:
    store = OfferedButtons()
    tokens = store.offer("tg-a", [YES, NO, Choice("Long", "/x" * 100)])
    assert len(set(tokens)) == 3
    assert all(len(t.encode()) <= 64 and "/" not in t for t in tokens)


def test_a_token_from_another_conversation_is_unknown() -> None:
    store = OfferedButtons()
    [token] = store.offer("tg-a", [YES])
    store.offer("tg-b", [NO])
    assert store.take("tg-b", token) is None
    assert store.take("tg-a", token) == YES


def test_a_new_message_to_rasa_supersedes_older_keyboards() -> None:
    store = OfferedButtons()
    [token] = store.offer("tg-a", [YES])
    store.supersede("tg-a")
    assert store.take("tg-a", token) is None


def test_several_keyboards_of_one_turn_stay_valid() -> None:
    store = OfferedButtons()
    [first] = store.offer("tg-a", [YES])
    [second] = store.offer("tg-a", [NO])
    assert store.take("tg-a", first) == YES and store.take("tg-a", second) == NO


def test_keyboards_expire() -> None:
    now = [0.0]
    store = OfferedButtons(max_age=60, clock=lambda: now[0])
    [token] = store.offer("tg-a", [YES])
    now[0] = 61
    assert store.take("tg-a", token) is None


def test_memory_is_bounded() -> None:
    store = OfferedButtons(max_conversations=2, max_keyboards=2)
    [old] = store.offer("tg-a", [YES])
    store.offer("tg-a", [NO])
    store.offer("tg-a", [NO])
    assert store.take("tg-a", old) is None  # only the last two keyboards are kept
    store.offer("tg-b", [YES])
    store.offer("tg-c", [YES])
    assert len(store) == 2  # the least recently active conversation is forgotten


def test_unknown_conversation_and_empty_offer() -> None:
    store = OfferedButtons()
    assert store.take("tg-none", "whatever") is None
    assert store.offer("tg-a", []) == []
