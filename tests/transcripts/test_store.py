"""The redacting store through Rasa's own tracker API, on SQLite and PostgreSQL: round trip and redaction."""
from __future__ import annotations

import asyncio
import json
import logging

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.channels.inbound import offered_buttons
from bot.paths import ROOT
from bot.transcripts import store as store_module
from bot.transcripts.store import (
    ConversationUnavailable, RedactingSQLTrackerStore, TranscriptStoreError, save_failed,
)
from tests.transcripts.conversation import action, advice, bot, converse, run, session_start, slot, user
from tests.transcripts.outage import break_database, mend_database, stored_user_texts

SENTENCE = "His mum Sarah Jones rang on 07700 900123 and says Tyler has bruises on his arm"
RAW = ("Sarah", "Jones", "07700 900123", "Tyler")
OBSERVATIONS = {
    "features": [{"id": "1.3.23", "level": "suspect", "confidence": 0.8, "evidence": "Tyler has bruises on his arm",
                  "title": "Bruising", "notes": ["Tyler said it was his brother"]}],
    "level": "suspect", "routes": [],
    "qualifiers": {"age": {"words": "Tyler is 6", "low": 6, "high": 6}},
    "uncertain": [{"kind": "persistence", "question": "Has Tyler had bruises before?", "features": ["1.3.23"]}],
    "not_met": [], "explained": [], "message": None,
}


def stored_rows(store) -> list[dict]:
    with store.engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(sa.select(SQLTrackerStore.SQLEvent.__table__)
                                                                 .order_by(sa.text("id")))]


def everything_stored(store) -> str:
    """Every value of every row of every table in the store's database, as one text."""
    metadata = sa.MetaData()
    metadata.reflect(store.engine)
    with store.engine.connect() as connection:
        return "\n".join(str(value) for table in metadata.sorted_tables
                         for row in connection.execute(sa.select(table)) for value in row)


def assert_no_raw(text: str, raw=RAW) -> None:
    leaked = [value for value in raw if value in text]
    assert not leaked, f"stored unredacted: {leaked}"


# ---------------------------------------------------------------------------- configuration

def test_rasa_builds_the_store_from_endpoints_yml(database_url, domain, monkeypatch):
    """endpoints.yml names the class; Rasa's own factory builds it (not its silent in-memory fallback)."""
    from rasa.core.utils import read_endpoints_from_path

    monkeypatch.setenv("BOT_ACTION_ENDPOINT", "http://127.0.0.1:1/webhook")
    monkeypatch.setenv("BOT_DATABASE_URL", database_url)
    endpoints = read_endpoints_from_path(ROOT / "endpoints.yml")
    assert endpoints.tracker_store.type == "bot.transcripts.store.RedactingSQLTrackerStore"
    built = TrackerStore.create(endpoints.tracker_store, domain=domain)
    try:
        assert isinstance(built, RedactingSQLTrackerStore)
        assert built.engine.dialect.name == database_url.split(":")[0]
    finally:
        built.close()


def test_sqlite_file_from_bot_tracker_db_relative_to_the_project(monkeypatch, tmp_path, domain):
    from bot.transcripts.database import database_url

    monkeypatch.delenv("BOT_DATABASE_URL", raising=False)
    monkeypatch.setenv("BOT_TRACKER_DB", "var/somewhere.db")
    assert database_url() == f"sqlite:///{ROOT / 'var' / 'somewhere.db'}"
    monkeypatch.setenv("BOT_TRACKER_DB", str(tmp_path / "x.db"))
    assert database_url() == f"sqlite:///{tmp_path / 'x.db'}"
    monkeypatch.setenv("BOT_DATABASE_URL", "postgres://db.example/conversations")
    assert database_url(db="ignored.db") == "postgresql://db.example/conversations"


# ---------------------------------------------------------------------------- round trip

def test_events_round_trip_through_rasas_tracker_api(store):
    turn1 = [user("a child in my class has bruises", observations={"features": [], "level": "none"}),
             action("action_concern"), bot("I noted it.", advice("consider", [("1.3.23", "consider")])),
             slot("area", "Example Borough"), action("action_listen")]
    turn2 = [user("that's everything", intent="affirm"), action("action_listen")]
    tracker = run(converse(store, "round-trip", turn1, turn2))

    assert [e.type_name for e in tracker.events] == [
        "action", "user", "action", "bot", "slot", "action", "user", "action"]
    assert tracker.get_slot("area") == "Example Borough"
    assert tracker.latest_message.intent["name"] == "affirm"
    rows = stored_rows(store)
    assert len(rows) == 8, "each save appends only the events not yet stored"
    assert [r["type_name"] for r in rows] == [e.type_name for e in tracker.events]
    assert rows[1]["intent_name"] == "observe" and rows[2]["action_name"] == "action_concern"
    assert json.loads(rows[3]["data"])["data"]["custom"]["kind"] == "advice"
    assert run(store.keys()) == ["round-trip"]
    assert run(store.exists("round-trip")) and not run(store.exists("nobody"))


def test_sessions_latest_and_full_tracker(store):
    run(converse(store, "sessions", [user("first visit")], [session_start(), action("action_listen"),
                                                            user("second visit")]))
    latest = run(store.retrieve("sessions"))
    full = run(store.retrieve_full_tracker("sessions"))
    assert [e.text for e in latest.events if isinstance(e, UserUttered)] == ["second visit"]
    assert [e.text for e in full.events if isinstance(e, UserUttered)] == ["first visit", "second visit"]


# ---------------------------------------------------------------------------- redaction

def test_user_text_parse_data_entities_and_observations_are_redacted(store):
    event = user(SENTENCE, observations=OBSERVATIONS, metadata={"from": "Sarah Jones"},
                 entities=[{"entity": "person", "value": "Sarah Jones", "start": 8, "end": 19}])
    tracker = run(store.get_or_create_tracker("redact-user"))
    tracker.update(event)
    run(store.save(tracker))

    assert tracker.latest_message.text == SENTENCE, "the conversation in memory keeps the original words"
    data = json.loads(stored_rows(store)[-1]["data"])
    assert data["text"] == "His mum [NAME] rang on [PHONE] and says [NAME] has bruises on his arm"
    assert data["parse_data"]["text"] == data["text"]
    assert data["parse_data"]["entities"][0]["value"] == "[NAME]"
    observed = data["parse_data"]["observations"]
    assert observed["features"][0]["evidence"] == "[NAME] has bruises on his arm"
    assert observed["features"][0]["id"] == "1.3.23" and observed["level"] == "suspect"
    assert "Tyler" not in json.dumps(observed)
    assert observed["qualifiers"]["age"]["low"] == 6
    assert_no_raw(everything_stored(store))


def test_bot_messages_and_payloads_are_redacted_but_contacts_and_ids_kept(store):
    readback = {"kind": "readback", "items": [{"n": 1, "words": "Tyler has bruises", "feature": "1.3.23",
                                               "level": "suspect", "status": "met"}]}
    contacts = [{"label": "Example Borough MASH", "phone": "0113 496 0999"}]
    run(converse(store, "redact-bot", [
        user(SENTENCE),
        bot("I noted:\n1. Tyler has bruises → NG76 1.3.23", readback,
            buttons=[{"title": "Remove 1: Tyler has bruises", "payload": '/correct{"item":"1"}'}]),
        bot("Advice", advice("suspect", [("1.3.23", "suspect")], contacts=contacts)),
        slot("concern", {"notes": [{"words": "his mum Sarah says Tyler has bruises", "feature": "1.3.23"}]}),
        slot("area", "Example Borough"),
    ]))
    rows = [json.loads(r["data"]) for r in stored_rows(store)]
    said = [r for r in rows if r["event"] == "bot"]
    assert said[0]["text"] == "I noted:\n1. [NAME] has bruises → NG76 1.3.23"
    assert said[0]["data"]["custom"]["items"][0] == {"n": 1, "words": "[NAME] has bruises", "feature": "1.3.23",
                                                     "level": "suspect", "status": "met"}
    assert said[0]["data"]["buttons"][0] == {"title": "Remove 1: [NAME] has bruises",
                                             "payload": '/correct{"item":"1"}'}
    assert said[1]["data"]["custom"]["contacts"] == contacts, "the contacts given stay readable"
    slots = {r["name"]: r["value"] for r in rows if r["event"] == "slot"}
    assert slots["concern"]["notes"][0]["words"] == "his mum [NAME] says [NAME] has bruises"
    assert slots["area"] == "Example Borough"
    assert_no_raw(everything_stored(store))


def test_a_detail_found_in_context_is_removed_wherever_it_is_repeated(store):
    """"Kacper" alone is not known to be a name; "named Kacper" is: the echo in the bot's reply goes too."""
    run(converse(store, "known", [user("The boy is named Kacper and he's 6."), bot("You said Kacper is 6.")]))
    bot_text = [json.loads(r["data"]) for r in stored_rows(store)][-1]["text"]
    assert bot_text == "You said [NAME] is 6."


def test_already_redacted_text_is_stored_unchanged(store):
    text = "His mum [NAME] rang on [PHONE] and she's 6"
    run(converse(store, "idempotent", [user(text)]))
    assert json.loads(stored_rows(store)[-1]["data"])["text"] == text


# ---------------------------------------------------------------------------- a database that goes away

def _break(store) -> str:
    return break_database(store)


def _mend(store, url: str) -> None:
    mend_database(store, url)


def stored_texts(store, sender_id: str) -> list[str]:
    return [json.loads(r["data"]).get("text") for r in stored_rows(store)
            if r["sender_id"] == sender_id and r["type_name"] == "user"]


def test_a_failed_save_is_retried_then_kept_in_memory_with_an_alert(make_store, caplog):
    """Failing closed: no exception for Rasa to swallow, the turn kept whole, an alert with the id only."""
    store = make_store(attempts=3, retry_wait=0.01)
    tracker = run(store.get_or_create_tracker("goes-away"))
    _break(store)
    tracker.update(user(SENTENCE))
    caplog.set_level(logging.WARNING, logger="bot.transcripts.store")
    run(store.save(tracker))
    assert save_failed("goes-away")
    retries = [r for r in caplog.records if r.levelno == logging.WARNING and "goes-away" in r.getMessage()]
    alerts = [r for r in caplog.records if r.levelno == logging.ERROR and "ALERT" in r.getMessage()]
    assert len(retries) == 2 and len(alerts) == 1 and "goes-away" in alerts[0].getMessage()
    assert_no_raw(caplog.text)
    kept = run(store.retrieve("goes-away"))
    assert kept is tracker and kept.latest_message.text == SENTENCE, "the next turn carries on with what was said"


def test_pending_events_are_written_at_the_next_turn_once_the_database_is_back(make_store):
    store = make_store()
    run(converse(store, "back-again", [user("He is hungry every morning")]))
    tracker = run(store.retrieve("back-again"))
    working = _break(store)
    tracker.update(user(SENTENCE))
    run(store.save(tracker))
    tracker = run(store.retrieve("back-again"))
    tracker.update(user("She is 6 and misses school"))
    run(store.save(tracker))  # two turns while the database is away
    assert stored_user_texts(working, "back-again") == ["He is hungry every morning"]
    _mend(store, working)
    again = run(store.retrieve("back-again"))
    assert [e.text for e in again.events if isinstance(e, UserUttered)][-2:] == [SENTENCE,
                                                                                   "She is 6 and misses school"]
    texts = stored_user_texts(working, "back-again")
    assert texts[0] == "He is hungry every morning" and texts[2] == "She is 6 and misses school"
    assert "[NAME]" in texts[1] and len(texts) == 3, "written once each, in order, redacted"
    assert not save_failed("back-again")


def test_pending_events_are_written_without_a_new_turn(make_store):
    """A practitioner who never writes again still has their turn written when the database returns."""
    store = make_store(retry_pending_every=0.05)

    async def scenario() -> None:
        tracker = await store.get_or_create_tracker("gone-quiet")
        working = _break(store)
        tracker.update(user("She has no coat all winter"))
        await store.save(tracker)
        await asyncio.sleep(0.2)
        assert save_failed("gone-quiet")
        _mend(store, working)
        for _ in range(100):
            if not save_failed("gone-quiet"):
                break
            await asyncio.sleep(0.05)

    run(scenario())
    assert stored_texts(make_store(), "gone-quiet") == ["She has no coat all winter"]


def test_a_conversation_that_cannot_be_read_is_never_started_again_empty(make_store):
    """Stock Rasa's fail-safe answers a failed read with an empty conversation; this store refuses the turn."""
    run(converse(make_store(), "elsewhere", [user("He is hungry every morning")]))
    store = make_store()  # holds no copy of the conversation
    _break(store)
    with pytest.raises(ConversationUnavailable):
        run(store.retrieve("elsewhere"))


def test_a_kept_tracker_is_used_only_while_the_database_holds_exactly_it(make_store, monkeypatch):
    """One query a turn, no replay of the history; another instance's write is seen at once."""
    ours, theirs = make_store(), make_store()
    run(converse(ours, "shared", [user("He is hungry every morning")]))
    kept = run(ours.retrieve("shared"))
    loads = []
    real_load = ours._load
    monkeypatch.setattr(ours, "_load", lambda *a: loads.append(a) or real_load(*a))
    assert run(ours.retrieve("shared")) is kept and not loads
    other = run(theirs.retrieve("shared"))
    other.update(user("She is 6"))
    run(theirs.save(other))
    fresh = run(ours.retrieve("shared"))
    assert fresh is kept and not loads, "another instance's turn is caught up from its new rows only"
    assert fresh.latest_message.text == "She is 6"
    assert [e.as_dict() for e in fresh.events] == [e.as_dict() for e in run(make_store().retrieve("shared")).events]
    fresh.update(user("changed but not saved"))
    again = run(ours.retrieve("shared"))
    assert again is not fresh and loads, "a tracker changed since its save is read again"
    other = run(theirs.retrieve("shared"))
    other.update(session_start())
    run(theirs.save(other))
    assert run(ours.retrieve("shared")) is not again, "a new session is read whole, as Rasa does"


def test_recent_events_read_only_the_last_rows(store):
    run(converse(store, "recent", *[[user(f"message {n}")] for n in range(30)]))
    recent = run(store.recent_events("recent", limit=4))
    assert [e.get("text") for e in recent if e["event"] == "user"][-1] == "message 29"
    assert len(recent) == 4


def test_the_last_turns_events_are_those_from_the_practitioners_last_message_on(store):
    """What the channel reads at every turn for the buttons it offered: the same buttons as from the last
    rows, with only the last turn's rows decoded."""
    buttons = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]
    run(converse(store, "buttons", [user("first"), bot("Question?", buttons=buttons[:1])],
                 [user("second"), bot("Is the child in danger?"), bot("Choose", buttons=buttons)]))
    last_turn = run(store.recent_events("buttons", since_last_message=True))
    assert [e["event"] for e in last_turn] == ["user", "bot", "bot"]
    assert last_turn[0]["text"] == "second"
    assert offered_buttons(last_turn) == offered_buttons(run(store.recent_events("buttons"))) == buttons


def test_a_store_that_cannot_start_stops_rasa_instead_of_keeping_conversations_nowhere(domain, monkeypatch):
    """Rasa swaps a custom store whose constructor raises AttributeError/ImportError for an in-memory one."""
    from rasa.utils.endpoints import EndpointConfig

    def broken(url):
        raise AttributeError("no such thing")

    monkeypatch.setattr(store_module, "create_engine", broken)
    config = EndpointConfig(type="bot.transcripts.store.RedactingSQLTrackerStore")
    with pytest.raises(TranscriptStoreError, match="could not start"):
        TrackerStore.create(config, domain=domain)


def _create_after(url: str, barrier) -> None:
    from bot.transcripts.database import create_engine, create_tables

    engine = create_engine(url)
    barrier.wait(timeout=30)
    create_tables(engine)
    engine.dispose()


def test_workers_starting_at_once_on_a_new_database_all_start(database_url):
    """Sanic's workers each build the store as they start: on a new PostgreSQL database they used to race through
    the tables, and one could lose twice and die (a benchmark's second worker did). Six processes at once, here."""
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite serialises its own schema changes")
    import multiprocessing

    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(6)
    workers = [context.Process(target=_create_after, args=(database_url, barrier)) for _ in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert [worker.exitcode for worker in workers] == [0] * 6
    engine = sa.create_engine(database_url, future=True)
    with engine.connect() as connection:
        assert {"events", "conversation_records"} <= set(sa.inspect(connection).get_table_names())
    engine.dispose()


def test_tables_are_created_beside_another_process_writing_on_sqlite(tmp_path):
    """The alert service died at start in CI: its ``create_all`` read the SQLite catalogue, Rasa wrote a turn, and
    the CREATE TABLE that followed failed at once with "database is locked" (a read transaction cannot become a
    write after another connection has written; the busy timeout does not wait for that). Here another connection
    writes exactly between the read and the first CREATE TABLE; ``create_missing_tables`` takes the write lock
    first, so the other writer waits its turn instead."""
    import sqlite3

    from bot.transcripts.database import create_engine, create_missing_tables

    path = tmp_path / "conversations.db"
    other = sqlite3.connect(path, timeout=0.2, isolation_level=None)
    other.execute("PRAGMA journal_mode=WAL")
    other.execute("CREATE TABLE turns (n INTEGER)")
    engine = create_engine(f"sqlite:///{path}")
    blocked = []

    @sa.event.listens_for(engine, "before_cursor_execute")
    def _write_from_elsewhere(_conn, _cursor, statement, *_args) -> None:
        if statement.lstrip().startswith("CREATE TABLE") and not blocked:
            try:
                other.execute("INSERT INTO turns VALUES (1)")
                blocked.append(False)
            except sqlite3.OperationalError:   # this process holds the write lock: the other writer waits
                blocked.append(True)

    metadata = sa.MetaData()
    sa.Table("lead_alerts_example", metadata, sa.Column("id", sa.Integer, primary_key=True))
    create_missing_tables(metadata, engine)
    with engine.connect() as connection:
        assert "lead_alerts_example" in sa.inspect(connection).get_table_names()
    assert blocked == [True]
    other.close()
    engine.dispose()
