"""The Redis lock store keeps one holder at a time for a conversation (against the machine's Redis)."""
from __future__ import annotations

import asyncio
import socket
import threading
import time
import uuid
from contextlib import suppress

import pytest
from rasa.utils.endpoints import EndpointConfig

from bot.rasa_runtime.lock_store import SerialRedisLockStore

TYPE = "bot.rasa_runtime.lock_store.SerialRedisLockStore"  # as endpoints.scale.yml names it


def configured(prefix: str) -> SerialRedisLockStore:
    """A lock store as Rasa builds one from endpoints.scale.yml (one per Rasa instance)."""
    return SerialRedisLockStore(endpoint_config=EndpointConfig(
        url="127.0.0.1", port=6379, db=1, key_prefix=prefix, type=TYPE))


@pytest.fixture
def prefix() -> str:
    return f"test{uuid.uuid4().hex[:6]}"


def test_two_turns_of_one_conversation_never_overlap(prefix):
    inside, overlaps = [0], [0]
    store = configured(prefix)

    async def turn(name: str) -> None:
        async with store.lock("c1"):
            inside[0] += 1
            overlaps[0] = max(overlaps[0], inside[0])
            await asyncio.sleep(0.05)
            inside[0] -= 1

    async def main() -> None:
        other = configured(prefix)  # a second Rasa instance
        async def other_turn() -> None:
            async with other.lock("c1"):
                inside[0] += 1
                overlaps[0] = max(overlaps[0], inside[0])
                await asyncio.sleep(0.05)
                inside[0] -= 1
        await asyncio.gather(*(turn(str(n)) for n in range(4)), *(other_turn() for _ in range(4)))

    asyncio.run(main())
    assert overlaps[0] == 1


def test_different_conversations_do_not_wait_for_each_other(prefix):
    store, inside, most = configured(prefix), [0], [0]

    async def turn(cid: str) -> None:
        async with store.lock(cid):
            inside[0] += 1
            most[0] = max(most[0], inside[0])
            await asyncio.sleep(0.05)
            inside[0] -= 1

    async def main() -> None:
        await asyncio.gather(*(turn(f"c{n}") for n in range(5)))

    asyncio.run(main())
    assert most[0] == 5


class SlowRedis:
    """A TCP relay to the machine's Redis that holds each of Redis's answers for ``delay`` seconds, as a
    distant or busy Redis would; ``port`` is where it listens."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self._closed = threading.Event()

    def __enter__(self) -> "SlowRedis":
        threading.Thread(target=self._accept, daemon=True, name="slow-redis").start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._closed.set()
        self._server.close()

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", 6379))
            threading.Thread(target=self._pump, args=(client, upstream, 0.0), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, self.delay), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket, delay: float) -> None:
        with suppress(OSError):
            while chunk := source.recv(65536):
                time.sleep(delay)
                target.sendall(chunk)
        with suppress(OSError):
            target.shutdown(socket.SHUT_WR)


def test_waiting_for_redis_does_not_stall_the_other_conversations(prefix):
    """Rasa serves every conversation from one event loop: a turn waiting for Redis must let the others run."""
    with SlowRedis(delay=0.5) as relay:
        store = SerialRedisLockStore(endpoint_config=EndpointConfig(
            url="127.0.0.1", port=relay.port, db=1, key_prefix=prefix, type=TYPE))

        async def main() -> float:
            loop = asyncio.get_running_loop()
            gaps: list[float] = []
            taking = asyncio.Event()

            async def another_conversation() -> None:  # ticks every 10 ms while the turn takes the lock
                last = loop.time()
                while not taking.is_set():
                    await asyncio.sleep(0.01)
                    gaps.append(loop.time() - last)
                    last = loop.time()

            ticking = asyncio.create_task(another_conversation())
            await asyncio.sleep(0.05)
            async with store.lock("c1"):
                pass
            taking.set()
            await ticking
            return max(gaps)

        longest = asyncio.run(main())
    assert longest < 0.35, f"the event loop stood still for {longest:.2f} s while Redis answered"
