"""A database that goes away and comes back, for the store tests and the crash driver."""
from __future__ import annotations

import json

import sqlalchemy as sa

from bot.transcripts.database import create_engine, session_factory

UNREACHABLE = {"postgresql": "postgresql://127.0.0.1:9/test?connect_timeout=2",  # a closed port
               "sqlite": "sqlite:////nonexistent-folder/for/sure/conversations.db"}  # a folder that is not there


def break_database(store) -> str:
    """Point the store at a database that cannot be reached; the working URL back, for ``mend_database``."""
    working = store.engine.url.render_as_string(hide_password=False)
    _point(store, UNREACHABLE[store.engine.dialect.name])
    return working


def mend_database(store, url: str) -> None:
    _point(store, url)


def _point(store, url: str) -> None:
    store.engine.dispose()
    store.engine = create_engine(url)
    store.sessionmaker = session_factory(store.engine)


def stored_events(url: str, sender_id: str) -> list[dict]:
    """The conversation's rows in Rasa's ``events`` table, read with a connection of their own, in id order."""
    engine = sa.create_engine(url, future=True)
    try:
        with engine.connect() as connection:
            rows = connection.execute(sa.text("SELECT data FROM events WHERE sender_id = :s ORDER BY id"),
                                      {"s": sender_id})
            return [json.loads(row[0]) for row in rows]
    finally:
        engine.dispose()


def stored_user_texts(url: str, sender_id: str) -> list[str]:
    return [event.get("text") for event in stored_events(url, sender_id) if event.get("event") == "user"]
