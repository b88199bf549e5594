"""The store in the running assistant: no personal detail reaches the database or the logs; PostgreSQL works.

1. Every sentence with personal details in tests/redaction/pii_sentences.yml (200) goes to the running stack
   (the shared ``stack`` fixture, which uses endpoints.yml and so this store) twice: through the REST channel,
   the practitioner's path, and through Rasa's HTTP API (POST /conversations/<id>/messages), which bypasses the
   channel's redaction so that the store is the only defence. Then every value of every row of this test's
   conversations (and of every table that has no conversations), the SQLite file's raw bytes, and both
   servers' logs are searched for each annotated detail. The database is shared with the other end-to-end tests,
   so their rows are left out (a practice scenario's fictional child has one of the sentences' names) and in
   the raw bytes a detail counts next to its own sentence's characters (``leak_search``).
2. A second stack with ``BOT_DATABASE_URL`` pointing at PostgreSQL (a schema of its own) and Rasa's DEBUG
   logging on: a short conversation to advice, personal details through both paths, then the tables and the
   debug log are read.
"""
from __future__ import annotations

import json
import sqlite3
import uuid

import pytest
import requests
import sqlalchemy as sa

from bot.redaction.cli import load_set
from tests.e2e.servers import running_stack
from tests.transcripts.leak_search import leaks, raw_sentence_leaks, sqlite_raw_text, sqlite_rows, texts_of_rows
from tests.transcripts.databases import postgres_schema

pytestmark = [pytest.mark.e2e, pytest.mark.model]

PER_CONVERSATION = 20


def annotated() -> list[tuple[str, list[tuple[int, int]]]]:
    """(sentence, its annotated details' spans)."""
    return [(text, [(start, end) for _, start, end in spans]) for text, spans in load_set().with_details]


def sentences() -> list[tuple[str, list[str]]]:
    """(sentence, its annotated details' raw values)."""
    return [(text, [text[start:end] for start, end in spans]) for text, spans in annotated()]


def api_message(stack, sender: str, text: str) -> dict:
    """Add a user message through Rasa's HTTP API; the reply is the tracker as Rasa holds it in memory."""
    response = requests.post(f"{stack.url}/conversations/{sender}/messages", params={"token": stack.api_token},
                             json={"text": text, "sender": "user"}, timeout=60)
    response.raise_for_status()
    return response.json()


def test_no_personal_detail_reaches_the_database_or_the_logs(stack):
    run = uuid.uuid4().hex[:8]
    items = sentences()
    assert len(items) >= 100
    for n, (text, _) in enumerate(items):
        group = n // PER_CONVERSATION
        assert stack.say(f"pii-rest-{run}-{group}", text), "every message gets a reply"
        in_memory = api_message(stack, f"pii-api-{run}-{group}", text)
        # this path reaches Rasa unredacted, so whatever is clean below was cleaned by the store
        assert in_memory["latest_message"]["text"] == text

    database = stack.workdir / "conversations.db"
    details = [value for _, values in items for value in values]
    stored = sqlite_rows(database, senders_like=f"pii-%-{run}-%")
    found = leaks(details, database=stored,
                  rasa_log=(stack.workdir / "rasa.log").read_text(errors="replace"),
                  actions_log=(stack.workdir / "actions.log").read_text(errors="replace"))
    found += raw_sentence_leaks(annotated(), sqlite_raw_text(database))
    assert not found, f"{len(found)} personal details stored or logged: {found[:20]}"

    with sqlite3.connect(database) as connection:
        records = connection.execute(
            "SELECT sender_id, channel, messages FROM conversation_records WHERE sender_id LIKE ?",
            (f"pii-%-{run}-%",)).fetchall()
        user_events = connection.execute(
            "SELECT count(*) FROM events WHERE type_name = 'user' AND sender_id LIKE ?", (f"pii-api-{run}-%",)
        ).fetchone()[0]
    groups = -(-len(items) // PER_CONVERSATION)
    assert len(records) == 2 * groups, "a record for every conversation, from either path"
    assert user_events == len(items), "every message sent through the API is stored (redacted)"
    assert {channel for sender, channel, _ in records if sender.startswith("pii-rest")} == {"rest"}
    assert "[NAME]" in stored and "[PHONE]" in stored and "[NHS_NUMBER]" in stored


@pytest.fixture(scope="module")
def postgres_stack(trained_model, tmp_path_factory):
    """The real servers keeping conversations in PostgreSQL, with Rasa's DEBUG logging on."""
    with postgres_schema() as url:
        env = {"BOT_DATABASE_URL": url, "LOG_LEVEL": "DEBUG"}
        with running_stack(trained_model, tmp_path_factory.mktemp("postgres-stack"), env=env) as running:
            yield running, url


def test_a_conversation_kept_in_postgresql_with_debug_logs_clean(postgres_stack):
    stack, url = postgres_stack
    sender = f"pg-{uuid.uuid4().hex[:8]}"
    for text in ("hello", "No", "Teacher or school staff", "7",
                 "a year 9 girl told me she was cut during the summer holiday abroad", "That's everything"):
        last = stack.say(sender, text)
    advice = [r["custom"] for r in last if isinstance(r.get("custom"), dict) and r["custom"].get("kind") == "advice"]
    details_sent = sentences()[:12]
    for text, _ in details_sent:
        stack.say(f"{sender}-pii", text)
        api_message(stack, f"{sender}-api", text)

    engine = sa.create_engine(url, future=True)
    try:
        with engine.connect() as connection:
            record = connection.execute(sa.text(
                "SELECT channel, level, features, routes, steps, contacts_given, practice, messages "
                "FROM conversation_records WHERE sender_id = :s"), {"s": sender}).one()
            rows = connection.execute(sa.text(
                "SELECT type_name, data FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender}).all()
            tables = [t for t in sa.inspect(connection).get_table_names()]
            everything = texts_of_rows(row for table in tables
                                       for row in connection.execute(sa.text(f'SELECT * FROM "{table}"')))
    finally:
        engine.dispose()

    event_types = [type_name for type_name, _ in rows]
    typed = [json.loads(data)["text"] for type_name, data in rows if type_name == "user"]
    assert len(typed) == 6 and "bot" in event_types
    assert record.messages == len([t for t in typed if not t.startswith("/")]), "buttons are not typed words"
    assert record.channel == "rest" and not record.practice
    if advice:  # the conversation reached advice: the record says what it said
        assert record.level == advice[-1]["level"] and record.routes == advice[-1]["routes"]
        assert record.features == advice[-1]["features"] and record.contacts_given and record.steps
    assert "fgm" in record.routes
    log = (stack.workdir / "rasa.log").read_text(errors="replace")
    assert " DEBUG " in log, "Rasa's debug logging was on"
    found = leaks([v for _, values in details_sent for v in values], postgresql=everything, rasa_debug_log=log,
                  actions_log=(stack.workdir / "actions.log").read_text(errors="replace"))
    assert not found, f"personal details stored or logged: {found}"
