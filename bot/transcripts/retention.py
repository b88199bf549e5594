"""Retention: conversations whose last event is older than the period are deleted, events and record alike.

The period is ``BOT_RETENTION_DAYS`` (default 365) or the command's ``--days``. A conversation counts by its
*last* event, so one that is still going on is never cut in half. ``purge`` logs one line with the counts and
the cut-off, never a conversation's id or content:

    python -m bot transcripts purge [--days N] [--dry-run] [--json]

It deletes from Rasa's ``events`` table (the one place this project writes to it other than through Rasa: a
retention period that left the messages in place would be no retention) and from ``conversation_records`` and
``conversation_findings``. Tables added later that hold a conversation's data (the review app's reviews and
notes) must be deleted here too, or reference ``conversation_records`` with ON DELETE CASCADE.
"""
from __future__ import annotations

import logging
import os
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone
from typing import Optional, Union

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.transcripts.database import for_writing
from bot.transcripts.records import ConversationFinding, ConversationRecord

logger = logging.getLogger(__name__)

RETENTION_ENV = "BOT_RETENTION_DAYS"
DEFAULT_DAYS = 365
BATCH = 500
Event = SQLTrackerStore.SQLEvent


def retention_days() -> int:
    """The period from ``BOT_RETENTION_DAYS``, else 365; a value that is not a positive whole number is refused."""
    raw = os.environ.get(RETENTION_ENV, "").strip()
    if not raw:
        return DEFAULT_DAYS
    try:
        days = int(raw)
    except ValueError:
        raise ValueError(f"{RETENTION_ENV}={raw!r} is not a whole number of days") from None
    if days < 1:
        raise ValueError(f"{RETENTION_ENV} must be at least 1 (it is {days})")
    return days


@dataclass
class PurgeReport:
    cutoff: datetime          # UTC: conversations whose last event is before this were (or would be) deleted
    conversations: int
    events: int
    records: int
    dry_run: bool = False

    def to_dict(self) -> dict:
        return {**asdict(self), "cutoff": self.cutoff.isoformat(timespec="seconds")}

    def line(self) -> str:
        verb = "would delete" if self.dry_run else "deleted"
        return (f"retention: {verb} {self.conversations} conversations last active before "
                f"{self.cutoff.isoformat(timespec='seconds')} ({self.events} events, {self.records} records)")


def purge(target: Union[Session, Engine], older_than: timedelta, now: Optional[datetime] = None,
          dry_run: bool = False) -> PurgeReport:
    """Delete every conversation whose last event is older than ``older_than`` (before ``now``, default: now).

    Given an engine, it runs in a transaction of its own; given a session, in the caller's (who commits).
    """
    if older_than <= timedelta(0):
        raise ValueError("the retention period must be positive")
    now = now or datetime.now(timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    cutoff = (now - older_than).astimezone(timezone.utc)
    if isinstance(target, Engine):
        with Session(target, future=True) as session, session.begin():
            report = _purge(for_writing(session), cutoff, dry_run)
    else:
        report = _purge(target, cutoff, dry_run)
    logger.info(report.line())
    return report


def stale_conversations(session: Session, cutoff: datetime) -> list[str]:
    """Ids of the conversations whose last event is before ``cutoff`` (records without events count by theirs)."""
    by_events = (sa.select(Event.sender_id).group_by(Event.sender_id)
                 .having(sa.func.max(Event.timestamp) < cutoff.timestamp()))
    records_only = sa.select(ConversationRecord.sender_id).where(
        ConversationRecord.last_event_at < cutoff.replace(tzinfo=None),
        ~sa.exists().where(Event.sender_id == ConversationRecord.sender_id))
    return sorted(set(session.scalars(by_events)) | set(session.scalars(records_only)))


def _purge(session: Session, cutoff: datetime, dry_run: bool) -> PurgeReport:
    stale = stale_conversations(session, cutoff)
    events = records = 0
    for start in range(0, len(stale), BATCH):
        batch = stale[start:start + BATCH]
        if dry_run:
            events += session.scalar(sa.select(sa.func.count()).select_from(Event)
                                     .where(Event.sender_id.in_(batch))) or 0
            records += session.scalar(sa.select(sa.func.count()).select_from(ConversationRecord)
                                      .where(ConversationRecord.sender_id.in_(batch))) or 0
            continue
        session.execute(_delete(ConversationFinding, batch))
        records += session.execute(_delete(ConversationRecord, batch)).rowcount or 0
        events += session.execute(_delete(Event, batch)).rowcount or 0
    return PurgeReport(cutoff, len(stale), events, records, dry_run)


def _delete(model: type, sender_ids: list[str]) -> sa.sql.Delete:
    return (sa.delete(model).where(model.sender_id.in_(sender_ids))
            .execution_options(synchronize_session=False))
