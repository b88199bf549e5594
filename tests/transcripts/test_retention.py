"""Retention: conversations whose last event is older than the period go, events and record; with a fixed clock."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.orm import Session

from bot.transcripts.records import ConversationFinding, ConversationRecord
from bot.transcripts.retention import purge, retention_days
from tests.transcripts.conversation import advice, bot, run, user

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)
Event = SQLTrackerStore.SQLEvent


def days_ago(days: float) -> float:
    return (NOW - timedelta(days=days)).timestamp()


def stored(store, sender_id: str, *ages_in_days: float) -> None:
    """A conversation whose events happened that many days before NOW."""
    events = []
    for n, age in enumerate(ages_in_days):
        events += [user(f"message {n} from Sarah", timestamp=days_ago(age)),
                   bot("advice", advice("suspect", [("1.3.23", "suspect")], ["fgm"]), timestamp=days_ago(age))]
    tracker = DialogueStateTracker.from_events(sender_id, events, store.domain.slots)
    run(store.save(tracker))


def counts(store) -> dict[str, set[str]]:
    with Session(store.engine, future=True) as session:
        return {
            "events": set(session.scalars(sa.select(Event.sender_id).distinct())),
            "records": set(session.scalars(sa.select(ConversationRecord.sender_id))),
            "findings": set(session.scalars(sa.select(ConversationFinding.sender_id).distinct())),
        }


@pytest.fixture
def conversations(store):
    stored(store, "old", 500, 400)
    stored(store, "just-old", 366)
    stored(store, "old-then-recent", 500, 10)  # judged by its last event: kept
    stored(store, "recent", 3)
    with Session(store.engine, future=True) as session, session.begin():  # a record whose events are gone
        session.add(ConversationRecord(sender_id="orphan", started_at=datetime(2024, 1, 1),
                                       last_event_at=datetime(2024, 1, 2), features=[], routes=[], steps=[]))
    return store


def test_purge_deletes_conversations_last_active_before_the_period(conversations, caplog):
    caplog.set_level(logging.INFO, logger="bot.transcripts.retention")
    report = purge(conversations.engine, timedelta(days=365), now=NOW)
    assert (report.conversations, report.events, report.records) == (3, 6, 3)
    assert report.cutoff == NOW - timedelta(days=365) and not report.dry_run
    left = counts(conversations)
    assert left["events"] == left["records"] == left["findings"] == {"old-then-recent", "recent"}
    line = [r.getMessage() for r in caplog.records if r.name == "bot.transcripts.retention"]
    assert line == ["retention: deleted 3 conversations last active before 2025-06-01T12:00:00+00:00 "
                    "(6 events, 3 records)"]
    assert "Sarah" not in caplog.text and "orphan" not in caplog.text and "just-old" not in caplog.text


def test_dry_run_counts_and_deletes_nothing(conversations):
    before = counts(conversations)
    report = purge(conversations.engine, timedelta(days=365), now=NOW, dry_run=True)
    assert (report.conversations, report.events, report.records, report.dry_run) == (3, 6, 3, True)
    assert counts(conversations) == before
    assert report.line().startswith("retention: would delete 3 conversations")


def test_purge_in_the_callers_session_is_committed_by_the_caller(conversations):
    with Session(conversations.engine, future=True) as session:
        purge(session, timedelta(days=365), now=NOW)
        session.rollback()
    assert "old" in counts(conversations)["events"]
    with Session(conversations.engine, future=True) as session, session.begin():
        purge(session, timedelta(days=5), now=NOW)
    assert counts(conversations)["events"] == {"recent"}


def test_a_naive_now_is_utc_and_the_period_must_be_positive(conversations):
    report = purge(conversations.engine, timedelta(days=365), now=NOW.replace(tzinfo=None), dry_run=True)
    assert report.cutoff == NOW - timedelta(days=365)
    with pytest.raises(ValueError):
        purge(conversations.engine, timedelta(0), now=NOW)


@pytest.mark.parametrize("value, days", [(None, 365), ("30", 30), (" 7 ", 7)])
def test_retention_days_from_the_environment(monkeypatch, value, days):
    if value is None:
        monkeypatch.delenv("BOT_RETENTION_DAYS", raising=False)
    else:
        monkeypatch.setenv("BOT_RETENTION_DAYS", value)
    assert retention_days() == days


@pytest.mark.parametrize("value", ["a year", "0", "-5", "1.5"])
def test_a_bad_retention_period_is_refused(monkeypatch, value):
    monkeypatch.setenv("BOT_RETENTION_DAYS", value)
    with pytest.raises(ValueError, match="BOT_RETENTION_DAYS"):
        retention_days()
