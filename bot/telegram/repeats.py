"""Updates Telegram delivers again are handled once: a bounded memory of the update ids already taken.

In webhook mode Telegram posts an update again when it did not get the answer to the first post: the answer
was lost on the way, or a proxy in front of the bot timed out. python-telegram-bot answers only after
queueing the update, so the first copy is handled too, and without this the practitioner's message would
reach Rasa twice and be answered twice. In polling mode python-telegram-bot confirms a batch only by asking
for the next one, with an offset past it, so a failed poll gets back updates that were never handled, not
repeats; the check costs nothing there.

Memory is in-process only: after a crash, Telegram delivers again what was never confirmed, and this cannot
know it was handled before the restart.
"""
from __future__ import annotations

from collections import deque


class RecentUpdates:
    """The last ``size`` update ids taken, forgetting the oldest first."""

    def __init__(self, size: int = 10_000) -> None:
        self._order: deque[int] = deque()
        self._ids: set[int] = set()
        self.size = size

    def __len__(self) -> int:
        return len(self._ids)

    def repeated(self, update_id: int) -> bool:
        """Whether ``update_id`` was taken before; if not, it is taken now."""
        if update_id in self._ids:
            return True
        self._ids.add(update_id)
        self._order.append(update_id)
        while len(self._order) > self.size:
            self._ids.discard(self._order.popleft())
        return False
