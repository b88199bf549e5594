"""Retention: a conversation whose last event is older than the period is deleted, with everything about it.

The period is ``BOT_RETENTION_DAYS`` (default 365) or the command's ``--days``. A conversation counts by its
*last* event, so one that is still going on is never cut in half. ``purge`` logs one line with the counts and
the cut-off, never a conversation's id or content:

    python -m bot transcripts purge [--days N] [--dry-run] [--json]

What goes with a conversation: its rows in Rasa's ``events`` table (the one place this project writes to it
other than through Rasa: a retention period that left the messages in place would be no retention), its
``conversation_records`` and ``conversation_findings`` rows, and the review app's notes and review status about
it (``review_notes``, ``review_status``), in the conversations' database or in the review app's own
(``BOT_REVIEW_DB``), and the alerts to leads queued about it (``lead_alerts``, ``bot.alerts``). Notes and
status left about a conversation that is already gone (deleted before notes were purged, or never in this
database) go too once their last change is older than the period. The audit log
keeps its rows: they say who opened or exported which conversation id, never its words, and they are the
record of who looked. The command line also purges practice results (``bot.scenarios.results``) and the lines
of the log files under ``var/`` (``bot.transcripts.log_retention``).

Notes are append-only (``bot.review.tables``). The purge gets past the trigger only as the retention role on
PostgreSQL (``bot.transcripts.roles`` lets that role, and it alone, delete notes), or as the tables' owner and on
SQLite, by lifting the trigger inside its own transaction: nobody else ever sees the table without it.

Deleted is erased: SQLite connections overwrite deleted rows with zeros (``database.erase_deleted``), and after
a purge ``compact`` folds the write-ahead log, which still held the old pages, into the file and empties it.
"""
from __future__ import annotations

import logging
import os
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Iterable, Optional, Union

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.review.tables import Note, Review, sqlite_trigger
from bot.transcripts.database import for_writing
from bot.transcripts.records import ConversationFinding, ConversationRecord

logger = logging.getLogger(__name__)

RETENTION_ENV = "BOT_RETENTION_DAYS"
PRACTICE_RETENTION_ENV = "BOT_PRACTICE_RETENTION_DAYS"
DEFAULT_DAYS = 365
BATCH = 500
Event = SQLTrackerStore.SQLEvent
# bot.alerts' outbox, in the conversations' database when the alert service runs: read as a plain table, so
# that retention does not import the alert service
LEAD_ALERTS = sa.table("lead_alerts", sa.column("sender_id", sa.String))
NOTES_TRIGGER = {"sqlite": "review_notes_no_delete", "postgresql": "review_notes_append_only"}


def retention_days(env: str = RETENTION_ENV, default: Optional[int] = None) -> int:
    """The period from ``env`` (``BOT_RETENTION_DAYS``), else ``default`` (365); not a positive whole number:
    refused."""
    raw = os.environ.get(env, "").strip()
    if not raw:
        return DEFAULT_DAYS if default is None else default
    try:
        days = int(raw)
    except ValueError:
        raise ValueError(f"{env}={raw!r} is not a whole number of days") from None
    if days < 1:
        raise ValueError(f"{env} must be at least 1 (it is {days})")
    return days


@dataclass
class PurgeReport:
    cutoff: datetime          # UTC: conversations whose last event is before this were (or would be) deleted
    conversations: int
    events: int
    records: int
    notes: int = 0            # the review app's notes about them
    statuses: int = 0         # and their review status rows
    alerts: int = 0           # the alerts to leads about them (bot.alerts: level and feature numbers)
    dry_run: bool = False

    def to_dict(self) -> dict:
        return {**asdict(self), "cutoff": self.cutoff.isoformat(timespec="seconds")}

    def line(self) -> str:
        verb = "would delete" if self.dry_run else "deleted"
        return (f"retention: {verb} {self.conversations} conversations last active before "
                f"{self.cutoff.isoformat(timespec='seconds')} ({self.events} events, {self.records} records, "
                f"{self.notes} notes, {self.statuses} review statuses, {self.alerts} alerts)")


Target = Union[Session, Engine]


def purge(target: Target, older_than: timedelta, now: Optional[datetime] = None, dry_run: bool = False,
          review: Optional[Target] = None) -> PurgeReport:
    """Delete every conversation whose last event is older than ``older_than`` (before ``now``, default: now).

    ``review`` is the review app's database when it is not the conversations' (``BOT_REVIEW_DB``); by default
    its tables are looked for beside the conversations. Given engines, each database is purged in a transaction
    of its own (the review app's first) and then compacted; given sessions, in the caller's (who commits).
    """
    if older_than <= timedelta(0):
        raise ValueError("the retention period must be positive")
    cutoff = cutoff_before(older_than, now)
    with _in_transaction(target) as conversations:
        stale = stale_conversations(conversations, cutoff)
        if review is None:
            report = _purge(conversations, conversations, stale, cutoff, dry_run)
        else:
            with _in_transaction(review) as review_session:
                notes, statuses = _purge_review(review_session, conversations, stale, cutoff, dry_run)
            report = _purge(conversations, None, stale, cutoff, dry_run)
            report.notes, report.statuses = notes, statuses
    if not dry_run:
        for engine in {t for t in (target, review) if isinstance(t, Engine)}:
            compact(engine)
    logger.info(report.line())
    return report


def cutoff_before(older_than: timedelta, now: Optional[datetime] = None) -> datetime:
    """``now`` (default: now; naive is UTC) less the period, in UTC."""
    now = now or datetime.now(timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    return (now - older_than).astimezone(timezone.utc)


class _in_transaction:
    """A session from an engine, in a writing transaction committed at the end; or the caller's session as is."""

    def __init__(self, target: Target) -> None:
        self.target, self.session = target, None

    def __enter__(self) -> Session:
        if isinstance(self.target, Engine):
            self.session = Session(self.target, future=True)
            self.session.begin()
            return for_writing(self.session)
        return self.target

    def __exit__(self, kind, *_) -> None:
        if self.session is None:
            return
        try:
            self.session.commit() if kind is None else self.session.rollback()
        finally:
            self.session.close()


def stale_conversations(session: Session, cutoff: datetime) -> list[str]:
    """Ids of the conversations whose last event is before ``cutoff`` (records without events count by theirs)."""
    by_events = (sa.select(Event.sender_id).group_by(Event.sender_id)
                 .having(sa.func.max(Event.timestamp) < cutoff.timestamp()))
    records_only = sa.select(ConversationRecord.sender_id).where(
        ConversationRecord.last_event_at < cutoff.replace(tzinfo=None),
        ~sa.exists().where(Event.sender_id == ConversationRecord.sender_id))
    return sorted(set(session.scalars(by_events)) | set(session.scalars(records_only)))


def _purge(session: Session, review: Optional[Session], stale: list[str], cutoff: datetime,
           dry_run: bool) -> PurgeReport:
    notes = statuses = 0
    if review is not None and _has_review_tables(review):
        notes, statuses = _purge_review(review, session, stale, cutoff, dry_run)
    events = records = alerts = 0
    with_alerts = sa.inspect(session.connection()).has_table(LEAD_ALERTS.name)
    for batch in _batches(stale):
        if dry_run:
            events += _count(session, Event, batch)
            records += _count(session, ConversationRecord, batch)
            alerts += _count(session, LEAD_ALERTS, batch) if with_alerts else 0
            continue
        if with_alerts:
            alerts += session.execute(_delete(LEAD_ALERTS, batch)).rowcount or 0
        session.execute(_delete(ConversationFinding, batch))
        records += session.execute(_delete(ConversationRecord, batch)).rowcount or 0
        events += session.execute(_delete(Event, batch)).rowcount or 0
    return PurgeReport(cutoff, len(stale), events, records, notes=notes, statuses=statuses, alerts=alerts,
                       dry_run=dry_run)


# ---------------------------------------------------------------------------- the review app's notes and status

def _has_review_tables(session: Session) -> bool:
    inspector = sa.inspect(session.connection())
    return inspector.has_table(Note.__tablename__) and inspector.has_table(Review.__tablename__)


def _purge_review(review: Session, conversations: Session, stale: list[str], cutoff: datetime,
                  dry_run: bool) -> tuple[int, int]:
    """Delete (or count) the notes and review status of the stale conversations and of those already gone."""
    doomed = review_rows_to_purge(review, conversations, stale, cutoff)
    if dry_run:
        return (sum(_count(review, Note, b) for b in _batches(doomed)),
                sum(_count(review, Review, b) for b in _batches(doomed)))
    if not doomed:
        return 0, 0
    notes = statuses = 0
    with notes_deletable(review):
        for batch in _batches(doomed):
            notes += review.execute(_delete(Note, batch)).rowcount or 0
            statuses += review.execute(_delete(Review, batch)).rowcount or 0
    return notes, statuses


def review_rows_to_purge(review: Session, conversations: Session, stale: Iterable[str],
                         cutoff: datetime) -> list[str]:
    """The conversation ids whose notes and status go: the stale conversations, and conversations that no
    longer exist whose last note or status change is before ``cutoff`` (the age keeps a wrongly configured
    database, in which no conversation seems to exist, from emptying the notes at once)."""
    last: dict[str, datetime] = {}
    for model in (Note, Review):
        for sender_id, at in review.execute(sa.select(model.sender_id, sa.func.max(model.at))
                                            .group_by(model.sender_id)):
            last[sender_id] = max(at, last.get(sender_id, at))
    stale = set(stale)
    naive_cutoff = cutoff.astimezone(timezone.utc).replace(tzinfo=None)
    gone = [s for s, at in last.items() if s not in stale and at < naive_cutoff]
    present: set[str] = set()
    for batch in _batches(gone):
        present |= set(conversations.scalars(sa.select(ConversationRecord.sender_id)
                                             .where(ConversationRecord.sender_id.in_(batch))))
        present |= set(conversations.scalars(sa.select(Event.sender_id).where(Event.sender_id.in_(batch))
                                             .distinct()))
    return sorted((stale & last.keys()) | (set(gone) - present))


class notes_deletable:
    """Within the session's transaction, let this purge past the notes' append-only trigger.

    SQLite: the trigger is dropped and created again before the transaction ends (SQLite's DDL is part of the
    transaction, and the purge holds the write lock, so no other connection sees the table without it).
    PostgreSQL, as the tables' owner (one role for everything): the trigger is disabled and enabled again the
    same way. PostgreSQL as any other role: nothing to do; the trigger function lets the retention role
    delete notes (``bot.transcripts.roles``) and refuses everybody else.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.dialect = session.get_bind().dialect.name
        self.restore: Optional[Callable[[], None]] = None

    def __enter__(self) -> None:
        run = self.session.execute
        if self.dialect == "sqlite":
            run(sa.text(f"DROP TRIGGER IF EXISTS {NOTES_TRIGGER['sqlite']}"))
            self.restore = lambda: run(sa.text(sqlite_trigger(Note.__tablename__, "DELETE")))
        elif self.dialect == "postgresql" and run(sa.text(
                "SELECT pg_catalog.pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_catalog.pg_class c "
                "WHERE c.oid = to_regclass(:table)"), {"table": Note.__tablename__}).scalar():
            trigger = NOTES_TRIGGER["postgresql"]
            run(sa.text(f"ALTER TABLE {Note.__tablename__} DISABLE TRIGGER {trigger}"))
            self.restore = lambda: run(sa.text(f"ALTER TABLE {Note.__tablename__} ENABLE TRIGGER {trigger}"))

    def __exit__(self, kind, *_) -> None:
        if self.restore is not None and kind is None:
            self.restore()  # after an error the rollback puts the trigger back


# ---------------------------------------------------------------------------- erasing what was deleted

def compact(engine: Engine, vacuum: bool = False) -> None:
    """SQLite: fold the write-ahead log into the file and empty it, so old copies of deleted pages go; with
    ``vacuum``, rebuild the file too (for a database written before ``secure_delete`` was on, whose free
    pages may still hold deleted words). Other databases: nothing (docs/transcripts.md, Retention)."""
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        return
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        if vacuum:
            cursor.execute("VACUUM")
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.close()
    finally:
        raw.close()


# ---------------------------------------------------------------------------- small parts

def _batches(ids: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start:start + BATCH]


def _sender_id(model: Any) -> sa.Column:
    return model.c.sender_id if isinstance(model, sa.sql.TableClause) else model.sender_id


def _count(session: Session, model: Any, sender_ids: list[str]) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(model)
                          .where(_sender_id(model).in_(sender_ids))) or 0


def _delete(model: Any, sender_ids: list[str]) -> sa.sql.Delete:
    return (sa.delete(model).where(_sender_id(model).in_(sender_ids))
            .execution_options(synchronize_session=False))
