"""The Redis lock store keeps one holder at a time for a conversation (against the machine's Redis)."""
from __future__ import annotations

import asyncio
import uuid

import pytest
from rasa.utils.endpoints import EndpointConfig

from bot.lock_store import SerialRedisLockStore


def configured(prefix: str) -> SerialRedisLockStore:
    """A lock store as Rasa builds one from endpoints.scale.yml (one per Rasa instance)."""
    return SerialRedisLockStore(endpoint_config=EndpointConfig(
        url="127.0.0.1", port=6379, db=1, key_prefix=prefix, type="bot.lock_store.SerialRedisLockStore"))


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
