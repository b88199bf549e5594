"""Database work runs in worker threads: a slow database does not stall the event loop or serialise saves."""
from __future__ import annotations

import asyncio
import time

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.transcripts.records import ConversationRecord
from tests.transcripts.conversation import advice, bot, run, user

CONVERSATIONS = 8
LATENCY = 0.3  # seconds each write is made to take


async def _saves_with_a_ticker(store, senders: list[str]) -> tuple[float, int]:
    """Save one turn for every sender at once while a ticker counts how often the event loop runs."""
    trackers = [await store.get_or_create_tracker(s) for s in senders]
    for n, tracker in enumerate(trackers):
        tracker.update(user(f"message {n}"))
        tracker.update(bot(f"reply {n}", advice("consider", [("1.3.31", "consider")])))
    ticks = 0
    done = asyncio.Event()

    async def ticker() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            await asyncio.sleep(0.01)

    ticking = asyncio.create_task(ticker())
    start = time.perf_counter()
    await asyncio.gather(*(store.save(t) for t in trackers))
    elapsed = time.perf_counter() - start
    done.set()
    await ticking
    return elapsed, ticks


def test_slow_writes_overlap_and_the_event_loop_keeps_running(make_store, monkeypatch):
    """On PostgreSQL slow writes overlap; on SQLite, which has one writer, they queue in the process, in order
    (``_in_write_thread``), rather than poll the file's lock; either way the event loop keeps running."""
    store = make_store(threads=CONVERSATIONS)
    real_write = store._write_batch  # how a turn's new events are written

    def slow_write(*args):
        time.sleep(LATENCY)  # a database far away, or busy
        return real_write(*args)

    monkeypatch.setattr(store, "_write_batch", slow_write)
    senders = [f"slow-{n}" for n in range(CONVERSATIONS)]
    elapsed, ticks = run(_saves_with_a_ticker(store, senders))

    serial = CONVERSATIONS * LATENCY
    print(f"{CONVERSATIONS} saves with {LATENCY}s writes: {elapsed:.2f}s (serial would be {serial:.1f}s); "
          f"event loop ran {ticks} times")
    if store.engine.dialect.name == "sqlite":
        assert elapsed >= serial * 0.95, f"SQLite writes did not queue: {elapsed:.2f}s (serial {serial:.1f}s)"
    else:
        assert elapsed < serial / 2, f"saves serialised: {elapsed:.2f}s for {CONVERSATIONS} (serial {serial:.1f}s)"
    assert ticks >= (LATENCY / 0.01) / 2, f"the event loop was blocked: only {ticks} ticks in {elapsed:.2f}s"


def test_many_concurrent_conversations_are_all_stored_whole(store):
    senders = [f"many-{n}" for n in range(20)]

    async def conversation(sender: str) -> None:
        for turn in range(3):
            tracker = await store.get_or_create_tracker(sender)
            tracker.update(user(f"{sender} turn {turn}"))
            tracker.update(bot(f"reply {turn}"))
            await store.save(tracker)

    async def everyone() -> None:
        await asyncio.gather(*(conversation(s) for s in senders))

    run(everyone())
    with Session(store.engine, future=True) as session:
        for sender in senders:
            tracker = run(store.retrieve(sender))
            texts = [e.text for e in tracker.events if e.type_name == "user"]
            assert texts == [f"{sender} turn {t}" for t in range(3)]
            record = session.get(ConversationRecord, sender)
            assert record.messages == 3 and record.search_text.count("reply") == 3
        events = session.scalar(sa.text("SELECT count(*) FROM events"))
    assert events == 20 * (1 + 3 * 2)
