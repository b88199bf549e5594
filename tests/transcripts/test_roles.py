"""PostgreSQL roles: the chatbot cannot reach the review app's tables or its triggers, nobody truncates, the
review app adds notes and audit rows but deletes none, and the retention role purges.

Against the PostgreSQL server on this machine (tests/transcripts/databases.py), in a schema of the test's own
and with roles made for the test (``database_roles``), set up by ``python -m bot transcripts roles --apply``.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from types import SimpleNamespace
from typing import Iterator

import pytest
import sqlalchemy as sa
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.orm import Session

from bot.review.tables import Account, AuditEntry, Note, Review, WebSession
from bot.transcripts import cli
from bot.transcripts.roles import Roles, RolesError, apply, sql
from tests.transcripts.conversation import advice, bot, run, user
from tests.transcripts.databases import database_roles, postgres_schema

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)
T = datetime(2026, 5, 30, 9, 0)
REFUSED = (sa.exc.ProgrammingError, sa.exc.InternalError)   # permission denied; the trigger's exception


@pytest.fixture
def roles(monkeypatch) -> Iterator[dict[str, str]]:
    for name in ("BOT_DATABASE_URL", "BOT_TRACKER_DB", "BOT_REVIEW_DB"):
        monkeypatch.delenv(name, raising=False)
    with postgres_schema() as url, database_roles(url) as urls:
        engines: dict[str, sa.engine.Engine] = {}

        def engine(job: str) -> sa.engine.Engine:
            if job not in engines:
                from bot.transcripts.database import create_engine

                engines[job] = create_engine(urls[job])
            return engines[job]

        yield SimpleNamespace(url=urls, engine=engine)
        for made in engines.values():
            made.dispose()


def refused(engine: sa.engine.Engine, statement: str, match: str = "permission denied|must be owner") -> None:
    with pytest.raises(REFUSED, match=match):
        with engine.begin() as connection:
            connection.execute(sa.text(statement))


def lead_and_note(engine: sa.engine.Engine, sender_id: str, at: datetime = T) -> int:
    """An account, a note and a review status, written by the review app's role; the account's id."""
    with Session(engine, future=True) as session, session.begin():
        account = Account(username=f"lead-{sender_id}", organisation="Northshire", role="lead",
                          password_hash="scrypt$...", created_at=at)
        session.add(account)
        session.flush()
        session.add(Note(sender_id=sender_id, account_id=account.id, author=account.username, author_role="lead",
                         at=at, text="Spoke to the class teacher."))
        session.add(Review(sender_id=sender_id, status="reviewed", reviewed_by=account.username,
                           account_id=account.id, at=at))
        session.add(AuditEntry(at=at, account_id=account.id, username=account.username, organisation="Northshire",
                               action="annotate", sender_id=sender_id, detail="note 1"))
        return account.id


# ---------------------------------------------------------------------------- the chatbot's role

def test_the_chatbots_role_cannot_log_itself_in_to_the_review_app(roles):
    """The internet-facing Rasa process cannot write a login session, or read or change an account."""
    admin = lead_and_note(roles.engine("review"), "c-1")
    chat = roles.engine("chat")
    refused(chat, f"INSERT INTO review_sessions (token_hash, account_id, csrf_token, created_at, last_seen_at) "
                  f"VALUES ('{'0' * 64}', {admin}, 'x', now(), now())")
    refused(chat, "UPDATE review_accounts SET role = 'admin', password_hash = 'mine'")
    refused(chat, "SELECT password_hash FROM review_accounts")
    refused(chat, "SELECT text FROM review_notes")
    refused(chat, "INSERT INTO review_audit (at, username, organisation, action) VALUES (now(), 'x', 'y', 'login')")
    with Session(roles.engine("owner"), future=True) as session:
        assert session.scalars(sa.select(WebSession)).all() == []


def test_the_chatbots_role_cannot_drop_disable_or_replace_the_append_only_triggers(roles):
    for job in ("chat", "review", "retention"):
        engine = roles.engine(job)
        refused(engine, "DROP TRIGGER review_audit_append_only ON review_audit")
        refused(engine, "ALTER TABLE review_audit DISABLE TRIGGER ALL")
        refused(engine, "DROP FUNCTION review_append_only() CASCADE")
        refused(engine, "CREATE OR REPLACE FUNCTION review_append_only() RETURNS trigger LANGUAGE plpgsql AS "
                        "$$ BEGIN RETURN OLD; END $$")
        refused(engine, "CREATE TABLE review_audit_copy (id integer)", match="permission denied")
    with roles.engine("owner").connect() as connection:
        triggers = set(connection.scalars(sa.text(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'review_audit'::regclass AND tgenabled = 'O'")))
    assert triggers == {"review_audit_append_only", "review_audit_no_truncate"}


def test_nobody_truncates_and_the_owner_is_stopped_by_the_trigger(roles):
    lead_and_note(roles.engine("review"), "c-1")
    for job in ("chat", "review", "retention"):
        for table in ("review_audit", "review_notes", "events", "review_sessions"):
            refused(roles.engine(job), f"TRUNCATE {table}")
    refused(roles.engine("owner"), "TRUNCATE review_audit", match="review_audit is append-only")
    refused(roles.engine("owner"), "TRUNCATE review_notes", match="review_notes is append-only")


def test_the_chatbots_role_keeps_conversations_and_practice_results(roles, domain):
    """What the chatbot needs it has: the store starts, saves and reads back; a practice result is added."""
    from bot.scenarios.results import PracticeResult, pseudonymous_id, record_result, session_factory
    from bot.transcripts.records import ConversationRecord
    from bot.transcripts.store import RedactingSQLTrackerStore

    store = RedactingSQLTrackerStore(domain=domain, host=roles.url["chat"], attempts=1)
    try:
        events = [user("he takes food from other children's lunchboxes"),
                  bot("advice", advice("suspect", [("1.3.23", "suspect")]))]
        run(store.save(DialogueStateTracker.from_events("c-food", events, domain.slots)))
        run(store.save(DialogueStateTracker.from_events("c-food", events + [user("that's everything")],
                                                        domain.slots)))
        assert len(run(store.retrieve("c-food")).events) == 3
    finally:
        store.close()
    score = SimpleNamespace(scenario_id="food-hoarding", missed_feature_ids=[], summary=lambda: {
        "scores": {"overall": 1.0}}, level=SimpleNamespace(given="suspect", expected="suspect"))
    with session_factory(roles.url["chat"])() as session, session.begin():
        record_result(session, participant=pseudonymous_id("c-food", key="a test key long enough for practice ids"),
                      score=score)
    with Session(roles.engine("owner"), future=True) as session:
        assert session.scalar(sa.select(ConversationRecord.messages)) == 2
        assert session.scalar(sa.select(sa.func.count()).select_from(PracticeResult)) == 1
    refused(roles.engine("chat"), "DELETE FROM events")
    refused(roles.engine("chat"), "SELECT scores FROM practice_results")
    refused(roles.engine("chat"), "SELECT * FROM lead_alerts")


# ---------------------------------------------------------------------------- the review app's role

def test_the_review_role_adds_notes_and_audit_rows_and_deletes_none(roles):
    review = roles.engine("review")
    lead_and_note(review, "c-1")
    with Session(review, future=True) as session:
        assert session.scalar(sa.select(Note.text)) == "Spoke to the class teacher."
    refused(review, "DELETE FROM review_notes")
    refused(review, "UPDATE review_notes SET text = 'changed'")
    refused(review, "DELETE FROM review_audit")
    refused(review, "UPDATE review_audit SET username = 'someone else'")
    refused(review, "DELETE FROM review_status")
    refused(review, "DELETE FROM review_accounts")
    refused(review, "INSERT INTO events (sender_id, type_name) VALUES ('c-2', 'user')")
    refused(review, "UPDATE conversation_records SET level = 'none'")
    refused(review, "DELETE FROM events")
    with review.begin() as connection:   # what it reads, and the alert service's outbox it keeps
        connection.execute(sa.text("SELECT count(*) FROM events"))
        connection.execute(sa.text("SELECT count(*) FROM conversation_records"))
        connection.execute(sa.text("SELECT count(*) FROM practice_results"))
        connection.execute(sa.text("INSERT INTO lead_alert_cursor (feed, last_event_id) VALUES ('database', 0)"))


# ---------------------------------------------------------------------------- the retention role

def test_the_retention_role_purges_conversations_notes_and_practice_results(roles):
    from bot.scenarios.results import PracticeResult, delete_results_before
    from bot.transcripts.records import ConversationRecord, RecordDelta, apply_delta
    from bot.transcripts.retention import purge

    owner = roles.engine("owner")
    old = (NOW - timedelta(days=400)).timestamp()
    with Session(owner, future=True) as session, session.begin():
        events = [{"event": "user", "timestamp": old, "text": "an old concern"}]
        session.execute(sa.text("INSERT INTO events (sender_id, type_name, timestamp, data) "
                                "VALUES ('c-old', 'user', :t, '{}')"), {"t": old})
        apply_delta(session, "c-old", RecordDelta.from_events(events))
        session.add(PracticeResult(participant="p-1", scenario_id="s", recorded_at=NOW - timedelta(days=400),
                                   overall=1.0, scores={}, missed_features=[], level_expected="suspect"))
    lead_and_note(roles.engine("review"), "c-old", at=(NOW - timedelta(days=399)).replace(tzinfo=None))

    report = purge(roles.engine("retention"), timedelta(days=365), now=NOW)
    assert (report.conversations, report.events, report.records, report.notes, report.statuses) == (1, 1, 1, 1, 1)
    with Session(roles.engine("retention"), future=True) as session, session.begin():
        assert delete_results_before(session, NOW - timedelta(days=365)) == 1
    with Session(owner, future=True) as session:
        for model in (ConversationRecord, Note, Review, PracticeResult):
            assert session.scalar(sa.select(sa.func.count()).select_from(model)) == 0
        assert session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 1   # the audit stays
    refused(roles.engine("retention"), "DELETE FROM review_audit")
    refused(roles.engine("retention"), "UPDATE review_notes SET text = 'x'")


# ---------------------------------------------------------------------------- the script

def test_the_script_refuses_a_role_with_the_owners_rights(roles):
    chat = sa.engine.make_url(roles.url["chat"]).username
    with roles.engine("owner").begin() as connection:
        connection.execute(sa.text(f'ALTER TABLE conversation_findings OWNER TO "{chat}"'))
    names = {job: sa.engine.make_url(roles.url[job]).username for job in ("chat", "review", "retention")}
    with pytest.raises(RolesError, match=f"{chat} has the rights of the owner of conversation_findings"):
        apply(roles.engine("owner"), Roles(**names))


def test_print_sql_and_role_names(capsys):
    assert cli.main(["roles", "--print-sql", "--chat", "bot_a", "--review", "bot_b", "--retention", "bot_c"]) == 0
    out = capsys.readouterr().out
    assert out == sql(Roles("bot_a", "bot_b", "bot_c"))
    assert 'GRANT SELECT, INSERT ON review_notes TO "bot_b"' in out and "TRUNCATE" in out
    assert cli.main(["roles", "--print-sql", "--chat", "Robert'); DROP TABLE x;--"]) == 2
    assert cli.main(["roles", "--print-sql", "--chat", "same", "--review", "same"]) == 2
