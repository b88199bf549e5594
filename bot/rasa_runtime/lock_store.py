"""A Redis lock store that really keeps one turn of a conversation at a time across Rasa instances.

Rasa 3.6's ``RedisLockStore`` keeps each conversation's tickets in one JSON value that every instance reads,
changes and writes back; two instances taking a turn of the same conversation at the same moment can both
be issued the first ticket and run together (seen in ``tests/scale``: both turns read the concern before
either saved it, so one observation was lost). Here the lock is one Redis key set atomically (``SET NX PX``,
redis-py's ``Lock``) and released only by its owner, so two instances never hold it together. Turns that wait
are taken as the lock frees, without a queue order; one practitioner rarely sends two at once.

Rasa serves every conversation from one event loop, so Redis is spoken to with redis-py's asyncio client
(``redis.asyncio``): while one turn waits for Redis's answer the others go on. Rasa's own ``RedisLockStore``
(and the synchronous client it keeps in ``self.red``) blocks the loop for every round trip, which on a
distant or busy Redis stalls every conversation of the instance. An asyncio client belongs to the loop it
was made in, so one is made per loop (Rasa runs one; tests run several).

``tests/rasa_runtime/test_lock_store.py`` checks, against the machine's Redis, that two stores (two instances)
never hold one conversation's lock together and that a slow Redis stalls no other conversation;
``tests/scale/test_two_instances.py`` runs two Rasa instances on one conversation.
"""
from __future__ import annotations

import asyncio
import inspect
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator, Optional, Text

import redis.asyncio
from rasa.core.lock_store import DEFAULT_SOCKET_TIMEOUT_IN_SECONDS, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig
from redis.exceptions import RedisError

LOCK_LIFETIME = 60      # seconds a turn may hold the lock before Redis frees it (Rasa's default)
POLL = 0.02             # seconds between attempts while another instance holds it


class SerialRedisLockStore(RedisLockStore):
    """``lock_store: type: bot.rasa_runtime.lock_store.SerialRedisLockStore`` with Rasa's Redis settings (url,
    port, db...). It leans on ``RedisLockStore``'s constructor and ``key_prefix``, so it runs on the pinned Rasa
    only."""

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **kwargs: Any) -> None:
        from bot.rasa_runtime import require_pinned_rasa

        require_pinned_rasa()
        settings = dict(endpoint_config.kwargs if endpoint_config else {}, **kwargs)
        accepted = set(inspect.signature(RedisLockStore.__init__).parameters) - {"self"}
        settings = {k: v for k, v in settings.items() if k in accepted}
        settings.setdefault("socket_timeout", DEFAULT_SOCKET_TIMEOUT_IN_SECONDS)
        host = (endpoint_config.url if endpoint_config else None) or settings.pop("host", "localhost")
        settings.pop("host", None)
        super().__init__(host=host, **settings)
        # the same connection settings as Rasa's synchronous client, for the asyncio one
        self._connection = dict(
            host=host, port=int(settings.get("port", 6379)), db=int(settings.get("db", 1)),
            username=settings.get("username"), password=settings.get("password"),
            ssl=bool(settings.get("use_ssl", False)), ssl_certfile=settings.get("ssl_certfile"),
            ssl_keyfile=settings.get("ssl_keyfile"), ssl_ca_certs=settings.get("ssl_ca_certs"),
            socket_timeout=settings["socket_timeout"])
        self._clients: dict[asyncio.AbstractEventLoop, redis.asyncio.Redis] = {}

    def _client(self) -> redis.asyncio.Redis:
        """The asyncio Redis client of the running loop (clients of loops that have closed are dropped)."""
        loop = asyncio.get_running_loop()
        client = self._clients.get(loop)
        if client is None:
            self._clients = {other: c for other, c in self._clients.items() if not other.is_closed()}
            client = self._clients[loop] = redis.asyncio.Redis(**self._connection)
        return client

    @asynccontextmanager
    async def lock(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME,
                   wait_time_in_seconds: float = POLL) -> AsyncGenerator[Any, None]:
        held = self._client().lock(f"{self.key_prefix}serial:{conversation_id}", timeout=lock_lifetime,
                                   thread_local=False)  # one lock object per turn: no token to share
        loop = asyncio.get_running_loop()
        deadline = loop.time() + lock_lifetime
        while not await held.acquire(blocking=False):
            if loop.time() > deadline:
                raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")
            await asyncio.sleep(min(wait_time_in_seconds, POLL))
        try:
            yield held
        finally:
            try:
                await held.release()
            except RedisError:  # expired and taken by another turn, or Redis gone: nothing of ours to release
                pass
