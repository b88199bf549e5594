"""A Redis lock store that really keeps one turn of a conversation at a time across Rasa instances.

Rasa 3.6's ``RedisLockStore`` keeps each conversation's tickets in one JSON value that every instance reads,
changes and writes back; two instances taking a turn of the same conversation at the same moment can both
be issued the first ticket and run together (seen in ``tests/scale``: both turns read the concern before
either saved it, so one observation was lost). Here the lock is one Redis key set atomically (``SET NX PX``,
redis-py's ``Lock``) and released only by its owner, so two instances never hold it together. Turns that wait
are taken as the lock frees, without a queue order; one practitioner rarely sends two at once.
"""
from __future__ import annotations

import asyncio
import inspect
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator, Optional, Text

from rasa.core.lock_store import DEFAULT_SOCKET_TIMEOUT_IN_SECONDS, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

LOCK_LIFETIME = 60      # seconds a turn may hold the lock before Redis frees it (Rasa's default)
POLL = 0.02             # seconds between attempts while another instance holds it


class SerialRedisLockStore(RedisLockStore):
    """``lock_store: type: bot.lock_store.SerialRedisLockStore`` with Rasa's Redis settings (url, port, db...)."""

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **kwargs: Any) -> None:
        settings = dict(endpoint_config.kwargs if endpoint_config else {}, **kwargs)
        accepted = set(inspect.signature(RedisLockStore.__init__).parameters) - {"self"}
        settings = {k: v for k, v in settings.items() if k in accepted}
        settings.setdefault("socket_timeout", DEFAULT_SOCKET_TIMEOUT_IN_SECONDS)
        host = (endpoint_config.url if endpoint_config else None) or settings.pop("host", "localhost")
        settings.pop("host", None)
        super().__init__(host=host, **settings)

    @asynccontextmanager
    async def lock(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME,
                   wait_time_in_seconds: float = POLL) -> AsyncGenerator[Any, None]:
        held = self.red.lock(f"{self.key_prefix}serial:{conversation_id}", timeout=lock_lifetime)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + lock_lifetime
        while not held.acquire(blocking=False):
            if loop.time() > deadline:
                raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")
            await asyncio.sleep(min(wait_time_in_seconds, POLL))
        try:
            yield held
        finally:
            try:
                held.release()
            except Exception:  # expired and taken by another turn: nothing of ours to release
                pass
