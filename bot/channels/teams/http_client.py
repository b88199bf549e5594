"""One pooled async HTTP client for the Teams channel's outgoing calls (keys, tokens, replies).

Every outgoing call runs inside Rasa's event loop, so it must never block it: no ``requests`` (Rasa's own
botframework connector uses ``requests`` there, which stalls every conversation while Microsoft answers).
An ``httpx.AsyncClient`` belongs to the loop it was first used in, so the client is made on first use and
made again if the loop changes (tests run several loops; Rasa runs one).
"""
from __future__ import annotations

import asyncio
from typing import Optional

import httpx

TIMEOUT = httpx.Timeout(15.0, connect=5.0)


class LoopClient:
    """``client()`` gives the httpx client for the running loop; ``aclose()`` closes it."""

    def __init__(self, transport: Optional[httpx.AsyncBaseTransport] = None,
                 timeout: httpx.Timeout = TIMEOUT) -> None:
        self._transport = transport
        self._timeout = timeout
        self._client: Optional[httpx.AsyncClient] = None
        self._loop: Optional[asyncio.AbstractEventLoop] = None

    def client(self) -> httpx.AsyncClient:
        """The client of the running loop; redirects are not followed, so a reply cannot be sent elsewhere."""
        loop = asyncio.get_running_loop()
        if self._client is None or self._client.is_closed or self._loop is not loop:
            self._client = httpx.AsyncClient(timeout=self._timeout, transport=self._transport,
                                             follow_redirects=False)
            self._loop = loop
        return self._client

    async def aclose(self) -> None:
        """Close the pool (the channel does this when the server stops)."""
        if self._client is not None and self._loop is asyncio.get_running_loop():
            await self._client.aclose()
        self._client = None
        self._loop = None


def loop_lock(owner: dict, name: str) -> asyncio.Lock:
    """An asyncio lock for the running loop, kept in ``owner`` (a lock is bound to the loop that uses it)."""
    loop = asyncio.get_running_loop()
    lock, lock_loop = owner.get(name, (None, None))
    if lock is None or lock_loop is not loop:
        lock = asyncio.Lock()
        owner[name] = (lock, loop)
    return lock
