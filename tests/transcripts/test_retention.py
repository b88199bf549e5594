"""Retention: conversations whose last event is older than the period go, events and record; with a fixed clock."""
from __future__ import annotations

import logging
import os
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.orm import Session

from bot.alerts.outbox import LeadAlert
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
                    "(6 events, 3 records, 0 notes, 0 review statuses, 0 alerts)"]
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


# ---------------------------------------------------------------------------- the review app's notes and status

def reviewed(engine, sender_id: str, days: float, note: str = "Spoke to the class teacher.") -> None:
    """A lead's note and review status about ``sender_id``, written ``days`` before NOW."""
    from bot.review.tables import Account, Note, Review, create_tables

    create_tables(engine)
    at = (NOW - timedelta(days=days)).replace(tzinfo=None)
    with Session(engine, future=True) as session, session.begin():
        account = session.scalars(sa.select(Account)).first()
        if account is None:
            account = Account(username="lead", organisation="Northshire", role="lead", password_hash="x",
                              created_at=at)
            session.add(account)
            session.flush()
        session.add(Note(sender_id=sender_id, account_id=account.id, author="lead", author_role="lead", at=at,
                         text=note))
        session.merge(Review(sender_id=sender_id, status="reviewed", reviewed_by="lead", account_id=account.id,
                             at=at))


def alerted(engine, *sender_ids: str) -> None:
    """An alert to the lead queued about each conversation (bot.alerts: level and feature numbers)."""
    from bot.alerts.outbox import create_tables

    create_tables(engine)
    at = NOW.replace(tzinfo=None)
    with Session(engine, future=True) as session, session.begin():
        session.add_all(LeadAlert(sender_id=s, kind="suspect", destination="email", level="suspect",
                                  features=["1.3.23"], routes=[], reached_at=at, queued_at=at, next_attempt_at=at)
                        for s in sender_ids)


def review_ids(engine) -> dict[str, set[str]]:
    from bot.review.tables import Note, Review

    with Session(engine, future=True) as session:
        return {"notes": set(session.scalars(sa.select(Note.sender_id))),
                "status": set(session.scalars(sa.select(Review.sender_id)))}


def test_notes_and_review_status_go_with_their_conversation(conversations):
    engine = conversations.engine
    reviewed(engine, "old", 399)
    reviewed(engine, "just-old", 300)            # a note added after the last message: goes with it
    reviewed(engine, "old-then-recent", 400)     # the conversation is kept, so is its note
    reviewed(engine, "recent", 2)
    reviewed(engine, "purged-long-ago", 400)     # its conversation went before notes were purged
    reviewed(engine, "purged-lately", 30)        # gone too, but its note is younger than the period: kept
    alerted(engine, "old", "recent")
    report = purge(engine, timedelta(days=365), now=NOW)
    assert (report.notes, report.statuses, report.alerts) == (3, 3, 1)
    kept = {"old-then-recent", "recent", "purged-lately"}
    assert review_ids(engine) == {"notes": kept, "status": kept}
    with Session(engine, future=True) as session:
        assert set(session.scalars(sa.select(LeadAlert.sender_id))) == {"recent"}
    assert counts(conversations)["events"] == {"old-then-recent", "recent"}
    with pytest.raises(sa.exc.DatabaseError, match="append-only"):   # the trigger is back in force
        with engine.begin() as connection:
            connection.execute(sa.text("DELETE FROM review_notes"))


def test_a_dry_run_counts_notes_and_deletes_none(conversations):
    reviewed(conversations.engine, "old", 399)
    report = purge(conversations.engine, timedelta(days=365), now=NOW, dry_run=True)
    assert (report.notes, report.statuses) == (1, 1)
    assert review_ids(conversations.engine)["notes"] == {"old"}


def test_notes_in_the_review_apps_own_database_go_too(conversations, tmp_path):
    from bot.transcripts.database import create_engine

    review = create_engine(f"sqlite:///{tmp_path / 'review.db'}")
    try:
        reviewed(review, "old", 399)
        reviewed(review, "recent", 2)
        report = purge(conversations.engine, timedelta(days=365), now=NOW, review=review)
        assert (report.conversations, report.notes, report.statuses) == (3, 1, 1)
        assert review_ids(review) == {"notes": {"recent"}, "status": {"recent"}}
    finally:
        review.dispose()


# ---------------------------------------------------------------------------- deleted is erased from the file

WORD = "quokkaberet"   # a word no redaction touches and no other row holds


@pytest.fixture
def upstream_sqlite(monkeypatch):
    """Every new SQLite connection starts with ``secure_delete`` off, SQLite's own default (Debian builds it on;
    python.org's, Windows' and macOS' builds do not), so the test proves what the project sets, not the build."""
    from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite

    plain = SQLiteDialect_pysqlite.connect

    def connect(self, *args, **kwargs):
        connection = plain(self, *args, **kwargs)
        connection.execute("PRAGMA secure_delete=OFF")
        return connection

    monkeypatch.setattr(SQLiteDialect_pysqlite, "connect", connect)


def test_purged_words_are_not_left_in_the_sqlite_files(upstream_sqlite, make_store, database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("the file's bytes are SQLite's")
    store = make_store()
    for n in range(12):   # kept conversations around the old one, so its rows share pages with theirs
        stored(store, f"recent-{n}", 3)
    events = [user(f"he keeps saying {WORD} at the gate", timestamp=days_ago(400)),
              bot("advice", advice("consider", [("1.3.31", "consider")]), timestamp=days_ago(400))]
    run(store.save(DialogueStateTracker.from_events("old", events, store.domain.slots)))
    for n in range(12, 24):
        stored(store, f"recent-{n}", 3)
    reviewed(store.engine, "recent-0", 1)
    reviewed(store.engine, "old", 399, note=f"Mum also said {WORD}.")
    reviewed(store.engine, "recent-1", 1)
    path = database_url[len("sqlite:///"):]

    def file_bytes() -> bytes:
        return b"".join(open(p, "rb").read() for p in (path, path + "-wal") if os.path.exists(p))

    assert WORD.encode() in file_bytes()
    report = purge(store.engine, timedelta(days=365), now=NOW)
    assert (report.conversations, report.notes) == (1, 1)
    assert WORD.encode() not in file_bytes()
    assert counts(store)["events"] == {f"recent-{n}" for n in range(24)}   # what is kept is still there
