"""The memory of update ids already handled: a repeat is recognised, and memory stays bounded."""
from __future__ import annotations

from bot.telegram.repeats import RecentUpdates


def test_an_update_id_is_new_once_then_repeated() -> None:
    recent = RecentUpdates()
    assert [recent.repeated(i) for i in (1000, 1001, 1000, 1001, 1002)] == [False, False, True, True, False]


def test_the_oldest_ids_are_forgotten_first() -> None:
    recent = RecentUpdates(size=3)
    for update_id in (1, 2, 3, 4):
        recent.repeated(update_id)
    assert len(recent) == 3
    assert recent.repeated(4) and recent.repeated(2)
    assert not recent.repeated(1)  # forgotten: taken as new
