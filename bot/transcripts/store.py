"""Rasa's SQL tracker store with personal details taken out before anything is written.

Configured in ``endpoints.yml``::

    tracker_store:
      type: bot.transcripts.store.RedactingSQLTrackerStore

Rasa builds it with ``host`` (the endpoint's ``url``), ``domain``, ``event_broker`` and every other key of
that entry (rasa/core/tracker_store.py, ``_load_from_module_name_in_endpoint_config``). The database is
``BOT_DATABASE_URL`` when set, else a ``url`` in the entry, else SQLite at ``BOT_TRACKER_DB``
(``bot.transcripts.database``). Optional keys: ``attempts`` (3), ``retry_wait`` (0.5 s), ``threads`` (8),
``startup_wait`` (60 s), ``cache_size`` (256), ``retry_pending_every`` (2 s), ``pending_dir``
(``BOT_PENDING_DIR``, else ``var/pending``) and ``pending_max_mb`` (64).

On each save the store

1. takes the tracker's events after those it knows are stored (it marks every tracker it hands to Rasa with
   that number), never a count of the database's rows: rows another worker wrote cannot hide new events;
2. redacts copies of the new events (``event_redaction``), in the event loop: spaCy is shared with the NLU
   pipeline, which runs there too;
3. in one transaction, in a worker thread, appends to Rasa's ``events`` table (Rasa's own columns and JSON)
   those the conversation does not already hold, matched by identity (``pending.identity``), so a retry after
   a commit whose answer was lost writes nothing twice, and merges what they add into the conversation's row
   in ``conversation_records`` (``records``).

Database work runs in a small thread pool, so a slow database stalls the conversation that waits for it, not
every conversation on the server. A failed save or read is tried ``attempts`` times.

**The last tracker of each recent conversation is kept in memory** (``cache_size`` conversations, default 256).
A turn reads the conversation's newest row id and event count (one small query) and, when the database holds
exactly what was kept, carries on with the kept tracker instead of reading and replaying every event: the cost
of a turn does not grow with the length of the conversation. Anything else (another Rasa instance wrote, the
kept tracker was changed and not saved) is caught up by reading only the rows added since (another instance
or worker took a turn), or, when that cannot be exact, by reading the conversation as Rasa does.

**Failing closed, and saying only what is true.** Stock Rasa wraps every tracker store in a
``FailSafeTrackerStore`` which, when the database fails, starts an empty conversation and keeps new events only
in memory: the practitioner's observations vanish without a word. Here that wrapper is not used (the store's
constructor installs ``bot.rasa_runtime.fail_closed``), and

* a save that fails writes the turn's new events, redacted, to the pending folder on this server
  (``bot.transcripts.pending``: 0700/0600, fsync'd, bounded), logs an alert (ERROR, ids and counts only) and
  keeps the tracker in memory so the conversation carries on. The batches are written to the database, by
  event identity and never twice, as soon as it answers: at the conversation's next turn, from a background
  retry every ``retry_pending_every`` seconds, or when any process sharing the folder starts;
* each turn's outcome is reported by the id of the message that began it (``turn_kept``): in the record, on
  this server, or not kept (the pending folder full or unwritable); a turn that failed before Rasa saved it
  has no outcome. The channel tells the practitioner exactly that;
* a read that fails carries on with the kept tracker when there is one (the practitioner loses nothing);
  when there is none, it raises ``ConversationUnavailable`` and the channel says the message was not read and
  should be sent again in a minute, rather than starting an empty conversation.
"""
from __future__ import annotations

import asyncio
import functools
import json
import logging
import time
import weakref
from collections import Counter, OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Awaitable, Callable, Iterable, Optional, Text, TypeVar

import sqlalchemy as sa
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_runtime import fail_closed
from bot.transcripts.database import (
    create_engine, create_tables, database_url, describe, for_writing, session_factory,
)
from bot.transcripts.event_redaction import came_through_channel, redact_events, redact_text
from bot.transcripts.log_filter import install as install_log_filter
from bot.transcripts.pending import DEFAULT_MAX_MB, PendingFull, PendingWrites, identity, pending_folder
from bot.transcripts.records import RecordDelta, apply_delta

logger = logging.getLogger(__name__)
T = TypeVar("T")


class TranscriptStoreError(RuntimeError):
    """The conversation store could not save or read a conversation. The message names the conversation id
    and the kind of failure, never what was said."""


class ConversationUnavailable(TranscriptStoreError):
    """The database cannot be read and this process holds no copy of the conversation: the turn must not go
    ahead on an empty conversation."""


class _StaleCount(Exception):
    """Another writer stored events for the conversation between counting and writing: count again."""


RETRYABLE = (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.DisconnectionError, sa.exc.IntegrityError,
             sa.exc.TimeoutError, _StaleCount)


class TurnKept(str, Enum):
    """Where a turn's events are once the store has saved it: what the channel may tell the practitioner."""

    IN_THE_RECORD = "in_the_record"    # written to the database
    ON_THIS_SERVER = "on_this_server"  # in the pending folder, to be written when the database is back
    NOT_KEPT = "not_kept"              # neither: the pending folder was full or could not be written


# Conversations whose last save did not reach the database (ids only); cleared once everything is written.
_unsaved: set[str] = set()
# How each recent turn was kept, by the id of the message that began it; read once by the channel.
_turns: "OrderedDict[str, TurnKept]" = OrderedDict()
_TURNS_REMEMBERED = 10_000
# Each tracker this store hands out or saves carries the number of its leading events that are in the database
# or the pending folder; the events after them are the new ones.
_SECURED = "_transcripts_secured"


def save_failed(sender_id: str) -> bool:
    """Has the conversation events not yet in the database (in this process)?"""
    return sender_id in _unsaved


def turn_kept(message_id: str) -> Optional[TurnKept]:
    """How the turn begun by this message was kept; None when no save of it happened in this process (the turn
    failed before Rasa saved it, so nothing of it was kept). Answered once."""
    return _turns.pop(message_id, None)


def _report(events: Iterable[Event], kept: TurnKept) -> None:
    for event in events:
        if isinstance(event, UserUttered) and event.message_id:
            _turns[event.message_id] = kept
            _turns.move_to_end(event.message_id)
    while len(_turns) > _TURNS_REMEMBERED:
        _turns.popitem(last=False)


def _since_last_message(events: list[dict], since_last_message: bool) -> list[dict]:
    """``events`` from the last practitioner message on, when asked; else all of them."""
    if since_last_message:
        for at in range(len(events) - 1, -1, -1):
            if events[at].get("event") == UserUttered.type_name:
                return events[at:]
    return events


def _secured(tracker: DialogueStateTracker) -> Optional[int]:
    """How many leading events of the tracker are in the database or the pending folder (None: not known,
    the tracker did not come from this store)."""
    return getattr(tracker, _SECURED, None)


def _mark(tracker: DialogueStateTracker, secured: int) -> None:
    setattr(tracker, _SECURED, secured)


@dataclass
class _Kept:
    """The last tracker of a conversation as this process saved or read it."""

    tracker: DialogueStateTracker
    length: int                 # len(tracker.events) then: a longer tracker was changed and not saved since
    stored: int                 # events of the current session in the database then (-1: not known)
    newest_id: Optional[int]    # the conversation's newest row id in the database then
    pending: bool = False       # some of its events are not in the database yet
    used: float = field(default_factory=time.monotonic)

    def unchanged(self) -> bool:
        return len(self.tracker.events) == self.length

    def only_in_memory(self) -> bool:
        """Events neither in the database nor in the pending folder: this copy must not be dropped."""
        return self.pending and (_secured(self.tracker) or 0) < len(self.tracker.events)


class RedactingSQLTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` that redacts events before writing them and keeps a record per conversation."""

    reports_turns = True  # the channel may ask ``turn_kept`` how each turn was kept
    handles_its_own_failures = True  # Rasa is to use it without FailSafeTrackerStore (bot.rasa_runtime.fail_closed)

    def __init__(self, domain: Optional[Domain] = None, host: Optional[Text] = None, db: Optional[Text] = None,
                 dialect: Optional[Text] = None, port: Optional[int] = None, username: Optional[Text] = None,
                 password: Optional[Text] = None, event_broker: Optional[EventBroker] = None,
                 login_db: Optional[Text] = None, query: Optional[dict] = None, attempts: int = 3,
                 retry_wait: float = 0.5, threads: int = 8, startup_wait: float = 60.0, cache_size: int = 256,
                 retry_pending_every: float = 2.0, pending_dir: Optional[Text] = None,
                 pending_max_mb: float = DEFAULT_MAX_MB, **kwargs: Any) -> None:
        fail_closed.install()  # before Rasa builds the Agent that would wrap this store in its fail-safe
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
            self._kept: "OrderedDict[str, _Kept]" = OrderedDict()
            self._cache_size = max(0, int(cache_size))
            self._retry_pending_every = max(0.1, float(retry_pending_every))
            self._flusher: Optional[asyncio.Task] = None
            # SQLite's writes queue here (``_in_write_thread``); made on the event loop at the first write
            self._write_queue: Optional[tuple[asyncio.AbstractEventLoop, asyncio.Lock]] = None
            self._bypassed: set[str] = set()  # conversations with a message that did not come through the channel
            self._locks: "weakref.WeakValueDictionary[str, asyncio.Lock]" = weakref.WeakValueDictionary()
            self.pending_writes = PendingWrites(pending_folder(pending_dir), self.url,
                                         int(float(pending_max_mb) * 1024 * 1024))
            self._create_tables(float(startup_wait))
            install_log_filter()
            redact_text("Warm up the redaction model, Sarah.")  # load spaCy now, not on the first message
        except (AttributeError, ImportError) as error:
            # Rasa replaces a custom store whose constructor raises these with an in-memory store, saying only
            # "not found": conversations would be kept nowhere. Fail loudly instead.
            raise TranscriptStoreError(f"the conversation store could not start ({type(error).__name__}: "
                                       f"{error})") from error
        logger.info("conversations are kept in %s", self.url)
        self._replay_at_start()

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

    def _replay_at_start(self) -> None:
        """Write the batches a stopped process left in the pending folder, before the first turn reads them."""
        written = 0
        for sender_id in self.pending_writes.conversations():
            for path in self.pending_writes.batches(sender_id):
                with self.pending_writes.claim(path) as batch:
                    if batch is None:
                        break  # another process is writing it: it keeps the conversation's order
                    try:
                        written += self._write_batch(batch.sender_id, batch.rows)[0]
                    except sa.exc.SQLAlchemyError as error:
                        logger.error("ALERT conversation store %s: pending batches of conversation %s could not "
                                     "be written at start (%s); trying again later", self.url, sender_id,
                                     type(error).__name__)
                        break
                    self.pending_writes.done(batch)
        if written:
            logger.warning("%d events left in the pending folder by an earlier run are written now", written)

    def close(self) -> None:
        """Stop the worker threads and close the database connections."""
        if self._flusher is not None and not self._flusher.done():
            self._flusher.cancel()
        self._executor.shutdown(wait=True)
        self.engine.dispose()

    # ------------------------------------------------------------------ running database work in threads
    async def _in_thread(self, function: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(function, *args))

    async def _in_write_thread(self, function: Callable[..., T], *args: Any) -> T:
        """A write, in a worker thread; on SQLite, one write at a time per process, in the order asked.

        SQLite has one writer. Without this queue each worker thread waits for the file's lock inside SQLite,
        whose busy handler sleeps and tries again, so a write could lose to newer ones several times over and
        single turns starved under load (the p95 and p99 of docs/profiling.md). An ``asyncio.Lock`` hands the
        turn to the writers in the order they came; another process still waits in SQLite's busy handler."""
        if self.engine.dialect.name != "sqlite":
            return await self._in_thread(function, *args)
        loop = asyncio.get_running_loop()
        if self._write_queue is None or self._write_queue[0] is not loop:
            self._write_queue = (loop, asyncio.Lock())
        async with self._write_queue[1]:
            return await self._in_thread(function, *args)

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

    def _lock(self, sender_id: str) -> asyncio.Lock:
        """One save or pending write of a conversation at a time in this process (Rasa's turn and the
        background retry)."""
        lock = self._locks.get(sender_id)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[sender_id] = lock
        return lock

    # ------------------------------------------------------------------ Rasa's interface
    async def save(self, tracker: DialogueStateTracker) -> None:
        """Append the tracker's new events, redacted, and update the conversation's record. Never raises on a
        database failure: the new events go to the pending folder, to be written when the database is back,
        and the turn's outcome is reported for the channel (``turn_kept``)."""
        await self.stream_events(tracker)
        sender_id = tracker.sender_id
        events = list(tracker.events)
        new = events[_secured(tracker) or 0:]
        async with self._lock(sender_id):
            try:
                await self._settle(sender_id, tracker, events)
                kept = TurnKept.IN_THE_RECORD
            except TranscriptStoreError:
                kept = await self._keep_pending(tracker, events)
        _report(new, kept)

    async def _settle(self, sender_id: str, tracker: DialogueStateTracker, events: list[Event]) -> None:
        """Write everything of the conversation the database does not hold: the batches in the pending folder,
        oldest first, then the tracker's events after those already secured. TranscriptStoreError if the
        database cannot take them (what was written stays written)."""
        if not await self._replay(sender_id):
            raise TranscriptStoreError(f"conversation {sender_id} still has pending batches")
        kept = self._kept.get(sender_id)
        last_seen = kept.newest_id if kept is not None and kept.tracker is tracker and not kept.pending else None
        stored, newest_id = await self._write_events(sender_id, events, _secured(tracker), last_seen)
        _mark(tracker, len(events))
        previous = self._kept.get(sender_id)
        if previous is not None and previous.pending:
            logger.warning("conversation %s: everything it holds is written to the record now", sender_id)
        self._keep(sender_id, _Kept(tracker, len(events), stored, newest_id))
        _unsaved.discard(sender_id)

    async def _write_events(self, sender_id: str, events: list[Event], secured: Optional[int],
                            last_seen: Optional[int] = None) -> tuple[int, Optional[int]]:
        """Write the events after ``secured``; the conversation's stored count and newest id afterwards when
        the database holds exactly the tracker's events, else (-1, None): the next turn reads it again.
        ``last_seen``: the conversation's newest row id when this tracker was last read or saved, if known.

        A tracker this store did not hand out (``secured`` None: Rasa made a new one) is written as Rasa's own
        store writes, the events after as many as the database holds."""
        if secured is None:
            return await self._write_by_count(sender_id, events)
        new = events[secured:]
        rows = self._rows(sender_id, new)

        async def attempt() -> tuple[int, Optional[int]]:
            # by identity, so a retry after a commit whose answer was lost writes nothing twice
            inserted, before, newest = await self._in_write_thread(self._write_batch, sender_id, rows, secured,
                                                                    last_seen)
            if inserted:
                logger.debug("conversation %s: %d new events stored", sender_id, inserted)
            if before - (len(rows) - inserted) != secured:  # another writer's rows, or a new session
                return -1, None                                # the kept copy is not the database: read it again
            return secured + len(rows), newest

        return await self._retrying("save", sender_id, attempt)

    async def _write_by_count(self, sender_id: str, events: list[Event]) -> tuple[int, Optional[int]]:
        prepared: dict[int, tuple[list[dict], RecordDelta]] = {}

        async def attempt() -> tuple[int, Optional[int]]:
            stored = await self._in_thread(self._count_stored, sender_id)
            if stored not in prepared:
                rows = self._rows(sender_id, events[stored:])
                prepared[stored] = (rows, RecordDelta.from_events(row["data"] for row in rows))
            rows, delta = prepared[stored]
            if not rows:
                return await self._in_thread(self._newest, sender_id)
            _, newest = await self._in_write_thread(self._write, sender_id, stored, rows, delta)
            return stored + len(rows), newest

        return await self._retrying("save", sender_id, attempt)

    def _rows(self, sender_id: str, new: list[Event]) -> list[dict]:
        """Redacted rows for Rasa's ``events`` table, as written now or kept in the pending folder."""
        dicts = [event.as_dict() for event in new]
        redacted = redact_events(dicts, model_for_bot_texts=self._needs_model_pass(sender_id, dicts)) if dicts else []
        rows = []
        for event, data in zip(new, redacted):
            parse_data = data.get("parse_data") if isinstance(data.get("parse_data"), dict) else {}
            rows.append({"type_name": event.type_name, "timestamp": data.get("timestamp"),
                         "intent_name": (parse_data.get("intent") or {}).get("name"),
                         "action_name": data.get("name"), "data": data})
        return rows

    def _needs_model_pass(self, sender_id: str, new_events: list[dict]) -> bool:
        """Redact the bot's own texts with spaCy too, unless every message of the conversation came through
        the channel (which redacted it in full): a message that came another way stays unredacted in the
        tracker in memory, so the bot may repeat it."""
        if sender_id in self._bypassed:
            return True
        if came_through_channel(new_events):
            return False
        self._bypassed.add(sender_id)
        return True

    async def _retrieve(self, sender_id: Text, fetch_events_from_all_sessions: bool
                        ) -> Optional[DialogueStateTracker]:
        self._start_flusher_if_waiting()
        async with self._lock(sender_id):
            kept = self._kept.get(sender_id)
            if kept is not None and kept.pending and kept.unchanged():
                try:
                    await self._settle(sender_id, kept.tracker, list(kept.tracker.events))
                    kept = self._kept.get(sender_id)
                except TranscriptStoreError:
                    if not fetch_events_from_all_sessions:
                        return kept.tracker  # still pending: the practitioner loses nothing
            elif self.pending_writes.holds(sender_id):  # left by an earlier run or another process: write them first
                await self._replay(sender_id)
            if kept is not None and kept.pending and not kept.unchanged():
                logger.error("conversation %s: pending tracker changed without a save; reading the database",
                             sender_id)
        if fetch_events_from_all_sessions:
            return await self._load_tracker(sender_id, True)
        try:
            stored, newest_id = await self._retrying(
                "retrieve", sender_id, lambda: self._in_thread(self._newest, sender_id))
        except TranscriptStoreError as error:
            if kept is not None and kept.unchanged():
                logger.error("conversation %s: database unreachable, carrying on with the copy in memory", sender_id)
                return kept.tracker
            raise ConversationUnavailable(f"conversation {sender_id} cannot be read and no copy is held") from error
        if kept is not None and kept.unchanged() and (kept.stored, kept.newest_id) == (stored, newest_id):
            kept.used = time.monotonic()
            self._kept.move_to_end(sender_id)
            return kept.tracker
        if kept is not None and kept.unchanged() and await self._catch_up(sender_id, kept, stored, newest_id):
            return kept.tracker
        tracker = await self._load_tracker(sender_id, False)
        if tracker is not None:
            self._keep(sender_id, _Kept(tracker, len(tracker.events), stored, newest_id))
        return tracker

    async def _catch_up(self, sender_id: str, kept: _Kept, stored: int, newest_id: Optional[int]) -> bool:
        """Bring a kept tracker up to date with the events another instance (or worker) appended since, read
        and applied one by one as Rasa's ``from_dict`` would: turns that alternate between instances stay as
        cheap as turns on one. False (read the whole conversation instead) unless the new rows are exactly
        the difference and none of them starts a new session."""
        if kept.newest_id is None or newest_id is None or newest_id <= kept.newest_id or stored <= kept.stored:
            return False
        try:
            rows = await self._retrying("retrieve", sender_id,
                                        lambda: self._in_thread(self._rows_after, sender_id, kept.newest_id))
        except TranscriptStoreError:
            return False
        if len(rows) != stored - kept.stored or any(row.get("event") == "session_started" for row in rows):
            return False
        from rasa.shared.core.events import deserialise_events

        for event in deserialise_events(rows):
            kept.tracker.update(event)
        kept.length, kept.stored, kept.newest_id = len(kept.tracker.events), stored, newest_id
        _mark(kept.tracker, kept.length)
        kept.used = time.monotonic()
        self._kept.move_to_end(sender_id)
        return True

    async def _load_tracker(self, sender_id: str, fetch_all: bool) -> Optional[DialogueStateTracker]:
        async def attempt() -> list[dict]:
            return await self._in_thread(self._load, sender_id, fetch_all)

        try:
            events = await self._retrying("retrieve", sender_id, attempt)
        except TranscriptStoreError as error:
            raise ConversationUnavailable(f"conversation {sender_id} cannot be read") from error
        if self.domain and len(events) > 0:
            logger.debug("recreating the tracker of conversation %s", sender_id)
            tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
            _mark(tracker, len(tracker.events))
            return tracker
        logger.debug("no stored events for conversation %s", sender_id)
        return None

    async def recent_events(self, sender_id: Text, limit: int = 60, *, since_last_message: bool = False
                            ) -> list[dict]:
        """The conversation's last ``limit`` events as dicts, oldest first: from memory while writes are
        pending, else one small query. ``since_last_message``: only those from the practitioner's last
        message on (the channel reads the buttons the bot offered from them at every turn, so only the rows
        it needs are decoded, issue 19)."""
        kept = self._kept.get(sender_id)
        if kept is not None and kept.pending:
            return _since_last_message([e.as_dict() for e in list(kept.tracker.events)[-limit:]], since_last_message)
        try:
            return await self._retrying("read", sender_id, lambda: self._in_thread(
                self._recent, sender_id, limit, since_last_message))
        except TranscriptStoreError:
            if kept is not None:
                return _since_last_message([e.as_dict() for e in list(kept.tracker.events)[-limit:]],
                                           since_last_message)
            return []

    async def keys(self) -> Iterable[Text]:
        async def attempt() -> list[str]:
            return await self._in_thread(self._keys)

        return await self._retrying("keys", "(all)", attempt)

    # ------------------------------------------------------------------ kept trackers and pending writes
    def _keep(self, sender_id: str, kept: _Kept) -> None:
        self._kept[sender_id] = kept
        self._kept.move_to_end(sender_id)
        while len(self._kept) > self._cache_size:
            # oldest first; a conversation whose pending events are in the pending folder may go (its next turn
            # waits for the database), one with events only in memory never does
            oldest = next((key for key, value in self._kept.items() if not value.only_in_memory()), None)
            if oldest is None:
                break
            del self._kept[oldest]

    async def _keep_pending(self, tracker: DialogueStateTracker, events: list[Event]) -> TurnKept:
        """The database refused the save: put the new events in the pending folder; keep the tracker in memory
        so the conversation carries on. How the turn was kept."""
        sender_id = tracker.sender_id
        secured = _secured(tracker) or 0
        new = events[secured:]
        kept = TurnKept.ON_THIS_SERVER
        if new:
            rows = self._rows(sender_id, new)
            try:
                await asyncio.to_thread(self.pending_writes.add, sender_id, rows)
                _mark(tracker, len(events))
                logger.error("ALERT conversation store %s unreachable: conversation %s (%d new events) is saved in "
                             "the pending folder until it can be written; %d batch(es) pending", self.url,
                             sender_id, len(new), len(self.pending_writes.batches()))
            except (PendingFull, OSError) as error:
                kept = TurnKept.NOT_KEPT
                why = f"it is full: {error}" if isinstance(error, PendingFull) else f"{type(error).__name__}"
                logger.error("ALERT conversation store %s unreachable and the pending folder %s refused the batch "
                             "(%s): conversation %s, %d events NOT kept on disk, held in this process's memory "
                             "only; the practitioner is told", self.url, self.pending_writes.directory, why,
                             sender_id, len(new))
        previous = self._kept.get(sender_id)
        self._keep(sender_id, _Kept(tracker, len(events), previous.stored if previous else -1,
                                    previous.newest_id if previous else None, pending=True))
        _unsaved.add(sender_id)
        self._start_flusher()
        return kept

    async def _replay(self, sender_id: str) -> bool:
        """Write the conversation's batches in the pending folder, oldest first, each once; True when none is
        left."""
        written = 0
        for path in self.pending_writes.batches(sender_id):
            with self.pending_writes.claim(path) as batch:
                if batch is None:
                    if path.exists():
                        return False  # another process is writing it; the later batches wait for it
                    continue
                try:
                    inserted, _, _ = await self._retrying(
                        "save", sender_id, lambda: self._in_write_thread(self._write_batch, sender_id, batch.rows))
                except TranscriptStoreError:
                    return False
                written += inserted
                self.pending_writes.done(batch)
        if written:
            logger.warning("conversation %s: %d events from the pending folder are written now", sender_id, written)
        return True

    def _start_flusher(self) -> None:
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.get_running_loop().create_task(self._retry_pending())

    def _start_flusher_if_waiting(self) -> None:
        """After a start whose replay could not finish, retry from the first turn on."""
        if (self._flusher is None or self._flusher.done()) and self.pending_writes.batches():
            self._start_flusher()

    async def _retry_pending(self) -> None:
        """Write pending conversations as soon as the database answers, whether or not anyone writes again."""
        while True:
            await asyncio.sleep(self._retry_pending_every)
            in_memory = [key for key, kept in self._kept.items() if kept.pending]
            on_disk = self.pending_writes.conversations()
            if not in_memory and not on_disk:
                return
            for sender_id in dict.fromkeys(in_memory + on_disk):
                async with self._lock(sender_id):
                    kept = self._kept.get(sender_id)
                    if kept is not None and kept.pending and kept.unchanged():
                        try:
                            await self._settle(sender_id, kept.tracker, list(kept.tracker.events))
                        except TranscriptStoreError:
                            continue
                    elif sender_id in on_disk:  # a copy being changed is saved by its own turn
                        await self._replay(sender_id)

    # ------------------------------------------------------------------ the database work (worker threads)
    def _count_stored(self, sender_id: str) -> int:
        with self.sessionmaker() as session:
            return self._newest_in(session, sender_id)[0]

    def _in_current_session(self, session: sa.orm.Session, sender_id: str) -> sa.sql.ColumnElement:
        """The rows of the conversation's current session, as Rasa's ``_event_query`` chooses them: every row
        from the newest ``session_started`` on, by timestamp, or all rows before there is one. The session's
        start is looked up first, on its own, so that both reads take only the rows they need through the
        events table's indexes (``database.events_indexes``). Rasa joins the lookup as a subquery with an
        ``OR``, which reads every row of the conversation; on a table PostgreSQL had no statistics for yet
        it even ran the lookup once per row, and a turn of a 400-turn conversation spent 100 to 150 ms in
        this count alone (issue 19)."""
        event = self.SQLEvent
        start = session.scalar(sa.select(sa.func.max(event.timestamp)).where(
            event.sender_id == sender_id, event.type_name == SessionStarted.type_name))
        if start is None:
            return event.sender_id == sender_id
        return sa.and_(event.sender_id == sender_id, event.timestamp >= start)

    def _read_once(self, session: sa.orm.Session) -> sa.orm.Session:
        """On PostgreSQL, make the session's statements read one snapshot (repeatable read): the session's start
        and its rows are two statements, and another instance could start a new session between them. SQLite's
        read transaction is one snapshot already. Only the loading of a tracker needs it: a count taken across
        such a moment (``_newest``) can only differ from the kept one, which sends the turn to that loading."""
        if self.engine.dialect.name == "postgresql":
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        return session

    def _newest(self, sender_id: str) -> tuple[int, Optional[int]]:
        """The number of events in the current session and the conversation's newest row id."""
        with self.sessionmaker() as session:
            return self._newest_in(session, sender_id)

    def _newest_in(self, session: sa.orm.Session, sender_id: str) -> tuple[int, Optional[int]]:
        count, newest = session.execute(
            sa.select(sa.func.count(self.SQLEvent.id), sa.func.max(self.SQLEvent.id))
            .where(self._in_current_session(session, sender_id))).one()
        return int(count), newest

    def _rows_after(self, sender_id: str, after_id: int) -> list[dict]:
        with self.sessionmaker() as session:
            rows = session.scalars(sa.select(self.SQLEvent.data).where(
                self.SQLEvent.sender_id == sender_id, self.SQLEvent.id > after_id).order_by(self.SQLEvent.id)).all()
            return [json.loads(data) for data in rows]

    def _recent(self, sender_id: str, limit: int, since_last_message: bool = False) -> list[dict]:
        with self.sessionmaker() as session:
            rows = session.execute(sa.select(self.SQLEvent.type_name, self.SQLEvent.data)
                                   .where(self.SQLEvent.sender_id == sender_id)
                                   .order_by(self.SQLEvent.id.desc()).limit(limit)).all()
        if since_last_message:
            newest_first = []
            for type_name, data in rows:
                newest_first.append(data)
                if type_name == UserUttered.type_name:
                    break
            rows = [(None, data) for data in newest_first]
        return [json.loads(data) for _, data in reversed(rows)]

    def _insert(self, session: sa.orm.Session, sender_id: str, rows: list[dict]) -> None:
        """The rows in one INSERT with many parameter sets, in order (the ORM's unit of work for each row was
        a tenth of a turn's write, issue 19)."""
        session.execute(sa.insert(self.SQLEvent.__table__), [
            {"sender_id": sender_id, "type_name": row["type_name"], "timestamp": row["timestamp"],
             "intent_name": row["intent_name"], "action_name": row["action_name"], "data": json.dumps(row["data"])}
            for row in rows])

    def _write(self, sender_id: str, expected: int, rows: list[dict], delta: RecordDelta
               ) -> tuple[int, Optional[int]]:
        """Append the rows if the conversation still has ``expected`` events; the count of the current session
        before, and the newest row id after."""
        with self.sessionmaker() as session, session.begin():
            for_writing(session)
            if self._newest_in(session, sender_id)[0] != expected:
                raise _StaleCount()
            self._insert(session, sender_id, rows)
            apply_delta(session, sender_id, delta)
            session.flush()
            return expected, self._newest_id(session, sender_id)

    def _write_batch(self, sender_id: str, rows: list[dict], secured: Optional[int] = None,
                     last_seen: Optional[int] = None) -> tuple[int, int, Optional[int]]:
        """Insert the rows the conversation does not already hold, matched by identity, in one transaction:
        how many were inserted, the current session's count before, and the newest row id after.

        ``secured`` and ``last_seen``: the current session's count and the conversation's newest row id when
        the tracker was last read or saved. When the conversation's newest row is still that one, nothing was
        written since, by this process (a commit whose answer was lost) or any other, so the rows are inserted
        without reading and matching what is held: the common turn's write made shorter, which holds the
        process's write queue on SQLite (issue 19). The newest row id is read across every session: a count
        alone can come back to its old value after another instance's new session, or miss rows stamped
        before a session start by a clock behind (``tests/transcripts/test_store_writes.py``)."""
        with self.sessionmaker() as session, session.begin():
            for_writing(session)
            before, newest = self._newest_in(session, sender_id)
            if not rows:
                return 0, before, newest
            if (secured is not None and last_seen is not None and before == secured
                    and self._newest_id(session, sender_id) == last_seen):
                self._insert(session, sender_id, rows)
                apply_delta(session, sender_id, RecordDelta.from_events(row["data"] for row in rows))
                session.flush()
                return len(rows), before, self._newest_id(session, sender_id)
            identities = [row.get("identity") or identity(sender_id, row["type_name"], row["data"]) for row in rows]
            query = sa.select(self.SQLEvent.type_name, self.SQLEvent.data).where(self.SQLEvent.sender_id == sender_id)
            stamps = [row["timestamp"] for row in rows]
            if all(isinstance(stamp, (int, float)) for stamp in stamps):
                query = query.where(self.SQLEvent.timestamp.between(min(stamps) - 1, max(stamps) + 1))
            held = Counter(identity(sender_id, type_name, json.loads(data))
                           for type_name, data in session.execute(query))
            missing = []
            for row, key in zip(rows, identities):
                if held[key] > 0:
                    held[key] -= 1
                else:
                    missing.append(row)
            if missing:
                self._insert(session, sender_id, missing)
                apply_delta(session, sender_id, RecordDelta.from_events(row["data"] for row in missing))
                session.flush()
                newest = self._newest_id(session, sender_id)
            return len(missing), before, newest

    def _newest_id(self, session: sa.orm.Session, sender_id: str) -> Optional[int]:
        return session.scalar(sa.select(sa.func.max(self.SQLEvent.id)).where(self.SQLEvent.sender_id == sender_id))

    def _load(self, sender_id: str, fetch_all: bool) -> list[dict]:
        with self.sessionmaker() as session:
            chosen = (self.SQLEvent.sender_id == sender_id if fetch_all
                      else self._in_current_session(self._read_once(session), sender_id))
            rows = session.scalars(sa.select(self.SQLEvent.data).where(chosen).order_by(self.SQLEvent.id))
            return [json.loads(data) for data in rows]

    def _keys(self) -> list[str]:
        with self.sessionmaker() as session:
            return list(session.scalars(sa.select(self.SQLEvent.sender_id).distinct()))
