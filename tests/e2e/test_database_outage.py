"""PostgreSQL stopped and started under a live conversation: the store fails closed and loses nothing.

The real servers run on PostgreSQL (a database made for this test). Mid-conversation the PostgreSQL server
itself is stopped (``pg_ctlcluster ... stop``) for several turns, then started again. The practitioner is
told the record cannot be written, the conversation carries on from memory, a new conversation is refused
plainly rather than started empty, the log raises an alert, and once the database is back every turn is in
it, once and in order.
"""
from __future__ import annotations

import json
import subprocess
import time
import uuid
from pathlib import Path
from typing import Iterator

import pytest
import sqlalchemy as sa

from bot.channels.safe_path import NOT_SAVED_TEXT, STORE_DOWN_TEXT
from tests.e2e.servers import Stack, running_stack

pytestmark = [pytest.mark.e2e, pytest.mark.model]

SERVER = "postgresql://127.0.0.1:5432"


def _cluster() -> list[str]:
    versions = sorted(p.name for p in Path("/etc/postgresql").iterdir()) if Path("/etc/postgresql").is_dir() else []
    assert versions, "this test stops and starts the machine's PostgreSQL: none found under /etc/postgresql"
    return ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main"]


def _ready(url: str) -> bool:
    engine = sa.create_engine(url, connect_args={"connect_timeout": 2})
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("select 1"))
        return True
    except sa.exc.OperationalError:
        return False
    finally:
        engine.dispose()


def stop_postgres() -> None:
    subprocess.run([*_cluster(), "stop", "-m", "fast"], check=True, capture_output=True, timeout=60)
    assert not _ready(f"{SERVER}/test"), "PostgreSQL still answers after stop"


def start_postgres() -> None:
    subprocess.run([*_cluster(), "start"], check=False, capture_output=True, timeout=60)
    deadline = time.monotonic() + 60
    while not _ready(f"{SERVER}/test"):
        assert time.monotonic() < deadline, "PostgreSQL did not come back"
        time.sleep(0.5)


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    name = f"bot_outage_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(f"{SERVER}/test", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{SERVER}/{name}"
    finally:
        start_postgres()  # whatever happened in the test, leave the machine's PostgreSQL running
        admin.dispose()  # its connection did not survive the stop
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module")
def pg_stack(trained_model, tmp_path_factory, database) -> Iterator[Stack]:
    with running_stack(trained_model, tmp_path_factory.mktemp("outage"), env={"BOT_DATABASE_URL": database}) as s:
        yield s


def stored_user_texts(url: str, sender: str) -> list[str]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(sa.text(
                "SELECT data FROM events WHERE sender_id = :s AND type_name = 'user' ORDER BY id"), {"s": sender})
            return [json.loads(row[0]).get("text") for row in rows]
    finally:
        engine.dispose()


def texts(replies: list[dict]) -> list[str]:
    return [r.get("text") or "" for r in replies]


def test_postgres_stopped_for_several_turns_then_started(pg_stack, database):
    sender = f"t-{uuid.uuid4()}"
    before = ["hello", "/deny", "Teacher or school staff", "7",
              "He keeps taking food from the other children's lunchboxes every day."]
    for text in before:
        pg_stack.say(sender, text)
    during = ["His clothes are filthy and he smells of urine most days.",
              "He has had toothache for weeks and nobody takes him to a dentist."]
    stop_postgres()
    try:
        for text in during:
            replies = pg_stack.say(sender, text)
            kinds = [(r.get("custom") or {}).get("kind") for r in replies]
            assert "readback" in kinds, f"the conversation carries on from memory: {texts(replies)}"
            assert NOT_SAVED_TEXT in texts(replies), "the practitioner is told the record is not written"
        readback = next(r["custom"] for r in replies if (r.get("custom") or {}).get("kind") == "readback")
        assert len(readback["items"]) == 3, "nothing said before the outage was lost"

        stranger = pg_stack.say(f"t-{uuid.uuid4()}", "hello")
        assert texts(stranger) == [STORE_DOWN_TEXT], "a conversation it cannot read is refused, not started empty"
    finally:
        start_postgres()

    replies = pg_stack.say(sender, "that's all")
    assert any((r.get("custom") or {}).get("kind") == "advice" for r in replies)
    assert NOT_SAVED_TEXT not in texts(replies)
    stored = stored_user_texts(database, sender)
    words = [before[-1], *during, "that's all"]  # typed words (button answers are stored as their payloads)
    assert stored[-len(words):] == words, "every turn written, in order"
    assert all(stored.count(w) == 1 for w in words), "and once"
    assert len(stored) == len(before) + len(words) - 1
    log = (pg_stack.workdir / "rasa.log").read_text()
    assert "ALERT conversation store" in log
    assert "lunchboxes" not in log and "urine" not in log, "the alert names ids, never what was said"
