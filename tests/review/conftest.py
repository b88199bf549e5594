"""The review app in-process (ASGI, through httpx), on a fresh database per test.

``review`` builds the app on a temporary SQLite file (or a fresh PostgreSQL schema for the tests that ask for
``review_pg``), with a clock the test can move. Conversations are written as Rasa and the redacting store
write them: rows in Rasa's ``events`` table (created with Rasa's own definition) and the record beside them
(``bot.transcripts.records.apply_delta``). ``Client`` keeps cookies like a browser and reads the form token
from the pages, as a browser's form would send it; it speaks HTTPS (the app's ``__Host-`` cookies are Secure)
from an address of its choosing (the login throttle counts by address).
"""
from __future__ import annotations

import asyncio
import json
import os
import re
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from html import unescape
from typing import Any, Iterator, Optional
from urllib.parse import quote

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

ORG = "Northshire Council"
PASSWORD = "correct horse battery staple"
POSTGRES_URL = os.environ.get("BOT_TEST_POSTGRES_URL", "postgresql://127.0.0.1:5432/test")
T0 = datetime(2026, 3, 2, 9, 30)


@pytest.fixture(scope="session", autouse=True)
def sanic_test_mode():
    """Sanic 21.12 rewrites some of its own methods when an app starts; in test mode it keeps the originals,
    so that several apps can start in one process."""
    from sanic import Sanic

    Sanic.test_mode = True
    yield


@pytest.fixture(autouse=True)
def fast_scrypt(monkeypatch):
    """scrypt with a small n in the tests (test_passwords.py checks the production parameters)."""
    from bot.review import passwords

    monkeypatch.setattr(passwords, "N", 2 ** 10)
    passwords._DUMMY.clear()
    yield
    passwords._DUMMY.clear()


# ---------------------------------------------------------------------------- conversations as Rasa stores them

def user(text: str, at: float, channel: str = "rest") -> dict:
    return {"event": "user", "timestamp": at, "text": text, "input_channel": channel,
            "parse_data": {"text": text, "intent": {"name": "observe"}}}


def bot(text: Optional[str], at: float, custom: Optional[dict] = None, buttons: Optional[list] = None) -> dict:
    data: dict[str, Any] = {}
    if custom is not None:
        data["custom"] = custom
    if buttons:
        data["buttons"] = [{"title": b, "payload": b} for b in buttons]
    return {"event": "bot", "timestamp": at, "text": text, "data": data}


def slot(name: str, value: Any, at: float) -> dict:
    return {"event": "slot", "timestamp": at, "name": name, "value": value}


CONTACT = {"role": "front_door", "label": "Northshire Children's Front Door", "phone": "0113 496 0999",
           "source": "local"}
STEP = "Discuss your concerns with your safeguarding lead and make a referral to children's social care (NG76 1.3.7)"


def advice(level: str, features: list[tuple[str, str]] = (), routes: list[str] = (), steps: list[str] = (STEP,)
           ) -> dict:
    return {"kind": "advice", "level": level, "features": [{"id": i, "level": lv} for i, lv in features],
            "routes": list(routes), "steps": list(steps), "contacts": [CONTACT]}


def add_conversation(engine: sa.engine.Engine, sender_id: str, events: list[dict]) -> None:
    from rasa.core.tracker_store import SQLTrackerStore

    from bot.transcripts.records import RecordDelta, apply_delta

    table = SQLTrackerStore.SQLEvent.__table__
    with Session(engine, future=True) as session, session.begin():
        for event in events:
            session.execute(sa.insert(table).values(
                sender_id=sender_id, type_name=event["event"], timestamp=event["timestamp"],
                intent_name=None, action_name=None, data=json.dumps(event)))
        apply_delta(session, sender_id, RecordDelta.from_events(events))


def epoch(moment: datetime) -> float:
    return (moment - datetime(1970, 1, 1)).total_seconds()


def food_conversation(start: datetime = T0) -> list[dict]:
    t = epoch(start)
    return [
        user("hello", t), bot("First: is the child in immediate danger right now?", t + 1, buttons=["Yes", "No"]),
        user("No", t + 20),
        user("He takes food from other children's lunchboxes every day and hides it", t + 60),
        bot("I noted:\n1. takes food → NG76 1.3.23 (suspect)", t + 61,
            custom={"kind": "readback", "items": [{"n": 1, "words": "takes food", "feature": "1.3.23",
                                                   "level": "suspect", "status": "met"}]}),
        user("That's everything", t + 90),
        bot("What I found:\n• NG76 1.3.23: SUSPECT\nOverall level: SUSPECT", t + 91,
            custom=advice("suspect", [("1.3.23", "suspect")])),
        bot("If a child is in immediate danger, call 999.", t + 92,
            custom={"kind": "contacts", "area": "Northshire", "contacts": [CONTACT]}),
    ]


def disclosure_conversation(start: datetime) -> list[dict]:
    t = epoch(start)
    return [
        user("she told me her stepdad hits her with a belt", t, channel="telegram"),
        bot("A child has told you about abuse. Overall level: SUSPECT", t + 1,
            custom=advice("suspect", routes=["disclosure"])),
    ]


def consider_conversation(start: datetime) -> list[dict]:
    t = epoch(start)
    return [
        user("Mum shouts at him at the gate and calls him stupid", t),
        bot("Overall level: CONSIDER", t + 1, custom=advice("consider", [("1.3.31", "consider")])),
    ]


def practice_conversation(start: datetime) -> list[dict]:
    t = epoch(start)
    return [
        slot("practice_mode", True, t),
        user("practice", t + 1),
        bot("Practice scenario: food hoarding", t + 2, custom={"kind": "practice", "scenario": "food-hoarding"}),
        user("I think it is suspect", t + 3),
    ]


# ---------------------------------------------------------------------------- the app and a client

class Client:
    """A synchronous HTTP client for the app over ASGI; keeps cookies, reads form tokens from pages."""

    def __init__(self, app, loop: asyncio.AbstractEventLoop, base_url: str = "https://review.test",
                 address: str = "127.0.0.1") -> None:
        self.loop = loop
        self.http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(address, 50123)),
                                      base_url=base_url, follow_redirects=False)
        self.last: Optional[httpx.Response] = None

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        self.last = self.loop.run_until_complete(self.http.get(url, **kwargs))
        return self.last

    def post(self, url: str, data: Optional[dict] = None, token: Any = "page", **kwargs: Any) -> httpx.Response:
        """POST a form; ``token="page"`` sends the token of the last page read (None: no token)."""
        data = dict(data or {})
        if token == "page":
            token = self.token()
        if token is not None:
            data["csrf_token"] = token
        self.last = self.loop.run_until_complete(self.http.post(url, data=data, **kwargs))
        return self.last

    def token(self, html: Optional[str] = None) -> Optional[str]:
        found = re.search(r'name="csrf_token" value="([^"]*)"', html if html is not None else self.last.text)
        return unescape(found.group(1)) if found else None

    def login(self, username: str, password: str = PASSWORD) -> httpx.Response:
        self.get("/login")
        return self.post("/login", {"username": username, "password": password})

    def close(self) -> None:
        self.loop.run_until_complete(self.http.aclose())


@dataclass
class Review:
    """A built app on its own database, with helpers to add accounts and conversations and to move time."""

    url: str
    engine: sa.engine.Engine
    practice_url: str
    organisation: str = ORG
    now: datetime = T0 + timedelta(days=1)
    app: Any = None
    loop: Any = None
    clients: list = field(default_factory=list)

    def build(self, **settings: Any) -> None:
        from bot.review.app import build_app
        from bot.review.settings import Settings

        values = dict(database_url=self.url, organisation=self.organisation, practice_database_url=self.practice_url,
                      timezone="Europe/London")
        values.update(settings)
        self._stop_app()
        self.app = build_app(Settings(**values), clock=lambda: self.now)
        self.loop = asyncio.new_event_loop()
        self.loop.run_until_complete(self.app._startup())

    def client(self, base_url: str = "https://review.test", address: str = "127.0.0.1") -> Client:
        """A browser at ``address`` (the socket's peer the app sees); HTTPS, as the app expects by default."""
        client = Client(self.app, self.loop, base_url, address)
        self.clients.append(client)
        return client

    def account(self, username: str, role: str, organisation: Optional[str] = None, password: str = PASSWORD) -> int:
        from bot.review.accounts import create_account

        with self.app.ctx.databases.review() as session, session.begin():
            return create_account(session, username, organisation or self.organisation, role, password, self.now).id

    def logged_in(self, username: str, role: str, organisation: Optional[str] = None) -> Client:
        self.account(username, role, organisation)
        client = self.client()
        reply = client.login(username)
        assert reply.status_code == 303, reply.text
        return client

    def conversation(self, sender_id: str, events: list[dict]) -> None:
        add_conversation(self.engine, sender_id, events)

    def rows(self, table: str) -> list[dict]:
        with self.engine.connect() as connection:
            return [dict(r._mapping) for r in connection.execute(sa.text(f"SELECT * FROM {table}"))]

    def _stop_app(self) -> None:
        for client in self.clients:
            client.close()
        self.clients = []
        if self.app is not None:
            from bot.review.app import close_app

            close_app(self.app)
        if self.loop is not None:
            self.loop.close()
        self.app = self.loop = None

    def close(self) -> None:
        self._stop_app()
        self.engine.dispose()


def _make(url: str, practice_url: str) -> Review:
    from bot.transcripts.database import create_engine, create_tables

    engine = create_engine(url)
    create_tables(engine)   # Rasa's events table (Rasa's definition) and the records, as the running store makes them
    review = Review(url=url, engine=engine, practice_url=practice_url)
    review.build()
    return review


@pytest.fixture
def review(tmp_path, monkeypatch) -> Iterator[Review]:
    for name in ("BOT_DATABASE_URL", "BOT_TRACKER_DB", "BOT_REVIEW_DB", "BOT_PRACTICE_DB", "BOT_ORGANISATION"):
        monkeypatch.delenv(name, raising=False)
    made = _make(f"sqlite:///{tmp_path / 'conversations.db'}", f"sqlite:///{tmp_path / 'practice.db'}")
    try:
        yield made
    finally:
        made.close()


_pg_problem: list[Optional[str]] = []


def postgres_problem() -> Optional[str]:
    if not _pg_problem:
        try:
            engine = sa.create_engine(POSTGRES_URL, future=True, connect_args={"connect_timeout": 3})
            with engine.connect() as connection:
                connection.execute(sa.text("SELECT 1"))
            engine.dispose()
            _pg_problem.append(None)
        except Exception as error:  # any failure to connect is a reason to skip, and it is given
            _pg_problem.append(f"PostgreSQL at {POSTGRES_URL} is unreachable: {type(error).__name__}")
    return _pg_problem[0]


@contextmanager
def postgres_schema() -> Iterator[str]:
    problem = postgres_problem()
    if problem:
        pytest.skip(problem)
    schema = f"review_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES_URL, future=True)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{POSTGRES_URL}?options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_review(request, tmp_path, monkeypatch) -> Iterator[Review]:
    """The app on SQLite, then on PostgreSQL (skipped, saying why, when no server is reachable)."""
    for name in ("BOT_DATABASE_URL", "BOT_TRACKER_DB", "BOT_REVIEW_DB", "BOT_PRACTICE_DB", "BOT_ORGANISATION"):
        monkeypatch.delenv(name, raising=False)
    practice = f"sqlite:///{tmp_path / 'practice.db'}"
    if request.param == "sqlite":
        made = _make(f"sqlite:///{tmp_path / 'conversations.db'}", practice)
        try:
            yield made
        finally:
            made.close()
    else:
        with postgres_schema() as url:
            made = _make(url, practice)
            try:
                yield made
            finally:
                made.close()
