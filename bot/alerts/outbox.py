"""The alerts table: each alert waits here until a sender confirms it, so nothing is lost in an outage.

One row per (conversation, kind, destination): a conversation that reaches suspect and later danger gets two
alerts, never two of the same. A failed send is retried with a growing wait (``BACKOFF_SECONDS``), and every
attempt is written to the audit log by the service. The row keeps numbers and names only (level, feature
numbers, routes, channel, times), never words of the conversation.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Optional, Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session, declarative_base

from bot.alerts.reached import Reached
from bot.transcripts.database import create_missing_tables

metadata = sa.MetaData()
Base = declarative_base(metadata=metadata)
JSONList = sa.JSON()
BACKOFF_SECONDS = (30, 60, 120, 300, 600, 1800)  # then every 30 minutes until it is taken


class LeadAlert(Base):
    __tablename__ = "lead_alerts"
    __table_args__ = (sa.UniqueConstraint("sender_id", "kind", "destination", name="uq_lead_alert_once"),)

    id = sa.Column(sa.Integer, primary_key=True)
    sender_id = sa.Column(sa.String(255), nullable=False, index=True)
    kind = sa.Column(sa.String(16), nullable=False)           # danger | referral | suspect
    destination = sa.Column(sa.String(16), nullable=False)    # email | teams
    level = sa.Column(sa.String(16), nullable=False)
    features = sa.Column(JSONList, nullable=False, default=list)   # feature numbers only
    routes = sa.Column(JSONList, nullable=False, default=list)
    channel = sa.Column(sa.String(64))
    reached_at = sa.Column(sa.DateTime, nullable=False)       # UTC: when the conversation reached it
    queued_at = sa.Column(sa.DateTime, nullable=False)
    status = sa.Column(sa.String(16), nullable=False, default="queued", index=True)  # queued | sent
    attempts = sa.Column(sa.Integer, nullable=False, default=0)
    next_attempt_at = sa.Column(sa.DateTime, nullable=False, index=True)
    sent_at = sa.Column(sa.DateTime)
    last_error = sa.Column(sa.String(120))                    # an error's type, never a message's text


class FeedCursor(Base):
    """How far the database feed has read Rasa's ``events`` table (the newest event id it has seen)."""

    __tablename__ = "lead_alert_cursor"

    feed = sa.Column(sa.String(32), primary_key=True)
    last_event_id = sa.Column(sa.Integer, nullable=False, default=0)


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def create_tables(engine: sa.engine.Engine) -> None:
    create_missing_tables(metadata, engine)


@dataclass(frozen=True)
class Queued:
    sender_id: str
    kind: str
    destination: str


def enqueue(session: Session, sender_id: str, state: Reached, destinations: Sequence[str],
            now: Optional[datetime] = None) -> list[Queued]:
    """Queue every alert ``state`` deserves that is not queued yet; what was newly queued."""
    now = now or utcnow()
    reached_at = datetime.fromtimestamp(state.at, tz=timezone.utc).replace(tzinfo=None) if state.at else now
    existing = {(row.kind, row.destination) for row in session.scalars(
        sa.select(LeadAlert).where(LeadAlert.sender_id == sender_id))}
    added = []
    for kind in state.alert_kinds():
        for destination in destinations:
            if (kind, destination) in existing:
                continue
            session.add(LeadAlert(sender_id=sender_id, kind=kind, destination=destination, level=state.level,
                                  features=state.feature_ids(), routes=list(state.routes),
                                  channel=state.channel, reached_at=reached_at, queued_at=now, status="queued",
                                  attempts=0, next_attempt_at=now))
            added.append(Queued(sender_id, kind, destination))
    return added


def due(session: Session, now: Optional[datetime] = None, limit: int = 50) -> list[LeadAlert]:
    """Queued alerts whose time has come, most urgent kind first, oldest first."""
    now = now or utcnow()
    order = sa.case({"danger": 0, "referral": 1, "suspect": 2}, value=LeadAlert.kind, else_=3)
    return list(session.scalars(sa.select(LeadAlert).where(LeadAlert.status == "queued",
                                                           LeadAlert.next_attempt_at <= now)
                                .order_by(order, LeadAlert.queued_at, LeadAlert.id).limit(limit)))


def mark_sent(alert: LeadAlert, now: Optional[datetime] = None) -> None:
    alert.attempts += 1
    alert.status, alert.sent_at, alert.last_error = "sent", now or utcnow(), None


def mark_failed(alert: LeadAlert, error: BaseException, now: Optional[datetime] = None) -> None:
    """Keep it queued and try again later: 30 s, 1, 2, 5, 10 minutes, then every half hour."""
    now = now or utcnow()
    alert.attempts += 1
    wait = BACKOFF_SECONDS[min(alert.attempts - 1, len(BACKOFF_SECONDS) - 1)]
    alert.next_attempt_at = now + timedelta(seconds=wait)
    alert.last_error = type(error).__name__[:120]
