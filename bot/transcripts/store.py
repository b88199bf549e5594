"""Rasa's SQL tracker store with personal details taken out before anything is written.

Configured in ``endpoints.yml``::

    tracker_store:
      type: bot.transcripts.store.RedactingSQLTrackerStore

Rasa builds it with ``host`` (the endpoint's ``url``), ``domain``, ``event_broker`` and every other key of
that entry (rasa/core/tracker_store.py, ``_load_from_module_name_in_endpoint_config``). The database is
``BOT_DATABASE_URL`` when set, else a ``url`` in the entry, else SQLite at ``BOT_TRACKER_DB``
(``bot.transcripts.database``). Optional keys: ``attempts`` (3), ``retry_wait`` (0.5 s), ``threads`` (8),
``startup_wait`` (60 s).

On each save the store

1. counts the conversation's stored events (as Rasa does) to find the new ones;
2. redacts copies of the new events (``event_redaction``), in the event loop: spaCy is shared with the NLU
   pipeline, which runs there too;
3. in one transaction, in a worker thread, appends them to Rasa's ``events`` table (Rasa's own columns and
   JSON) and merges what they add into the conversation's row in ``conversation_records`` (``records``).

Database work runs in a small thread pool, so a slow database stalls the conversation that waits for it, not
every conversation on the server. A failed save or read is tried ``attempts`` times, then logged with the
conversation id only and raised as ``TranscriptStoreError``; docs/transcripts.md says what Rasa does next.
"""
from __future__ import annotations

import asyncio
import functools
import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Awaitable, Callable, Iterable, Optional, Text, TypeVar

import sqlalchemy as sa
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker

from bot.transcripts.database import (
    create_engine, create_tables, database_url, describe, for_writing, session_factory,
)
from bot.transcripts.event_redaction import redact_events, redact_text
from bot.transcripts.log_filter import install as install_log_filter
from bot.transcripts.records import RecordDelta, apply_delta

logger = logging.getLogger(__name__)
T = TypeVar("T")


class TranscriptStoreError(RuntimeError):
    """The conversation store could not save or read a conversation. The message names the conversation id
    and the kind of failure, never what was said."""


class _StaleCount(Exception):
    """Another writer stored events for the conversation between counting and writing: count again."""


RETRYABLE = (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.DisconnectionError, sa.exc.IntegrityError,
             sa.exc.TimeoutError, _StaleCount)

# Conversations whose last save failed in this process (ids only), for a channel that wants to tell the
# practitioner; cleared by the next successful save.
_unsaved: set[str] = set()


def save_failed(sender_id: str) -> bool:
    """Did the last save of this conversation fail (in this process)?"""
    return sender_id in _unsaved


class RedactingSQLTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` that redacts events before writing them and keeps a record per conversation."""

    def __init__(self, domain: Optional[Domain] = None, host: Optional[Text] = None, db: Optional[Text] = None,
                 dialect: Optional[Text] = None, port: Optional[int] = None, username: Optional[Text] = None,
                 password: Optional[Text] = None, event_broker: Optional[EventBroker] = None,
                 login_db: Optional[Text] = None, query: Optional[dict] = None, attempts: int = 3,
                 retry_wait: float = 0.5, threads: int = 8, startup_wait: float = 60.0, **kwargs: Any) -> None:
        try:
            url = database_url(host, db, dialect, port=port, username=username, password=password,
                               login_db=login_db, query=query)
            TrackerStore.__init__(self, domain, event_broker, **kwargs)
            self.url = describe(url)
            self.engine = create_engine(url)
            self.sessionmaker = session_factory(self.engine)
            self._attempts = max(1, int(attempts))
            self._retry_wait = max(0.0, float(retry_wait))
            self._executor = ThreadPoolExecutor(max_workers=max(1, int(threads)), thread_name_prefix="transcripts")
            self._create_tables(float(startup_wait))
            install_log_filter()
            redact_text("Warm up the redaction model, Sarah.")  # load spaCy now, not on the first message
        except (AttributeError, ImportError) as error:
            # Rasa replaces a custom store whose constructor raises these with an in-memory store, saying only
            # "not found": conversations would be kept nowhere. Fail loudly instead.
            raise TranscriptStoreError(f"the conversation store could not start ({type(error).__name__}: "
                                       f"{error})") from error
        logger.info("conversations are kept in %s", self.url)

    def _create_tables(self, wait: float) -> None:
        """Rasa's ``events`` table and ours; like Rasa, wait for a database that is still starting."""
        deadline = time.monotonic() + wait
        while True:
            try:
                create_tables(self.engine)
                return
            except (sa.exc.ProgrammingError, sa.exc.IntegrityError) as error:
                # several servers creating the tables at once: one wins, the others find them made
                logger.warning("creating the tables raced another process (%s); checking again", type(error).__name__)
                create_tables(self.engine)
                return
            except sa.exc.OperationalError as error:
                if time.monotonic() > deadline:
                    raise
                logger.warning("database %s not reachable yet (%s); trying again", self.url, type(error).__name__)
                time.sleep(2)

    def close(self) -> None:
        """Stop the worker threads and close the database connections."""
        self._executor.shutdown(wait=True)
        self.engine.dispose()

    # ------------------------------------------------------------------ running database work in threads
    async def _in_thread(self, function: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(function, *args))

    async def _retrying(self, what: str, sender_id: str, attempt: Callable[[], Awaitable[T]]) -> T:
        for number in range(1, self._attempts + 1):
            try:
                return await attempt()
            except RETRYABLE as error:
                if number == self._attempts:
                    raise self._failure(what, sender_id, number, error) from error
                logger.warning("%s of conversation %s failed (%s), trying again", what, sender_id,
                               type(error).__name__)
                await asyncio.sleep(self._retry_wait * number)
            except sa.exc.SQLAlchemyError as error:
                raise self._failure(what, sender_id, number, error) from error
        raise AssertionError("unreachable")

    @staticmethod
    def _failure(what: str, sender_id: str, attempts: int, error: Exception) -> TranscriptStoreError:
        if what == "save":
            _unsaved.add(sender_id)
        logger.error("%s of conversation %s failed after %d attempt(s): %s", what, sender_id, attempts,
                     type(error).__name__)
        return TranscriptStoreError(f"{what} of conversation {sender_id} failed after {attempts} attempt(s) "
                                    f"({type(error).__name__})")

    # ------------------------------------------------------------------ Rasa's interface
    async def save(self, tracker: DialogueStateTracker) -> None:
        """Append the tracker's new events, redacted, and update the conversation's record."""
        await self.stream_events(tracker)
        sender_id = tracker.sender_id
        events = list(tracker.events)
        prepared: dict[int, tuple[list[Event], list[dict], RecordDelta]] = {}

        async def attempt() -> int:
            stored = await self._in_thread(self._count_stored, sender_id)
            if stored not in prepared:
                new = events[stored:]
                rows = redact_events(event.as_dict() for event in new)
                prepared[stored] = (new, rows, RecordDelta.from_events(rows))
            new, rows, delta = prepared[stored]
            if new:
                await self._in_thread(self._write, sender_id, stored, new, rows, delta)
            return len(new)

        written = await self._retrying("save", sender_id, attempt)
        _unsaved.discard(sender_id)
        logger.debug("conversation %s: %d new events stored", sender_id, written)

    async def _retrieve(self, sender_id: Text, fetch_events_from_all_sessions: bool
                        ) -> Optional[DialogueStateTracker]:
        async def attempt() -> list[dict]:
            return await self._in_thread(self._load, sender_id, fetch_events_from_all_sessions)

        events = await self._retrying("retrieve", sender_id, attempt)
        if self.domain and len(events) > 0:
            logger.debug("recreating the tracker of conversation %s", sender_id)
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        logger.debug("no stored events for conversation %s", sender_id)
        return None

    async def keys(self) -> Iterable[Text]:
        async def attempt() -> list[str]:
            return await self._in_thread(self._keys)

        return await self._retrying("keys", "(all)", attempt)

    # ------------------------------------------------------------------ the database work (worker threads)
    def _count_stored(self, sender_id: str) -> int:
        with self.sessionmaker() as session:
            return self._event_query(session, sender_id, fetch_events_from_all_sessions=False).count()

    def _write(self, sender_id: str, expected: int, new: list[Event], rows: list[dict], delta: RecordDelta) -> None:
        with self.sessionmaker() as session, session.begin():
            for_writing(session)
            if self._event_query(session, sender_id, fetch_events_from_all_sessions=False).count() != expected:
                raise _StaleCount()
            for event, data in zip(new, rows):
                parse_data = data.get("parse_data") if isinstance(data.get("parse_data"), dict) else {}
                session.add(self.SQLEvent(
                    sender_id=sender_id, type_name=event.type_name, timestamp=data.get("timestamp"),
                    intent_name=(parse_data.get("intent") or {}).get("name"), action_name=data.get("name"),
                    data=json.dumps(data)))
            apply_delta(session, sender_id, delta)

    def _load(self, sender_id: str, fetch_all: bool) -> list[dict]:
        with self.sessionmaker() as session:
            return [json.loads(row.data) for row in self._event_query(session, sender_id, fetch_all)]

    def _keys(self) -> list[str]:
        with self.sessionmaker() as session:
            return list(session.scalars(sa.select(self.SQLEvent.sender_id).distinct()))
