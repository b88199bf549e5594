"""Shared pieces for the alert tests: a conversations database with Rasa's ``events`` table, a real SMTP
server on localhost (aiosmtpd), and events as the conversation store writes them."""
from __future__ import annotations

import json
import socket
import time
from pathlib import Path
from typing import Iterator

import pytest
import sqlalchemy as sa

from bot.transcripts.database import create_engine

ADVICE_WORDS = "Aiden said his stepdad locks him out"  # a conversation's words: never in an alert


def rasa_events_table(engine: sa.engine.Engine) -> sa.Table:
    """Rasa's ``events`` table, with the columns Rasa's SQL tracker store creates."""
    meta = sa.MetaData()
    table = sa.Table("events", meta, sa.Column("id", sa.Integer, primary_key=True),
                     sa.Column("sender_id", sa.String(255), nullable=False, index=True),
                     sa.Column("type_name", sa.String(255), nullable=False), sa.Column("timestamp", sa.Float),
                     sa.Column("intent_name", sa.String(255)), sa.Column("action_name", sa.String(255)),
                     sa.Column("data", sa.Text))
    meta.create_all(engine)
    return table


@pytest.fixture
def conversations(tmp_path: Path) -> sa.engine.Engine:
    engine = create_engine(f"sqlite:///{tmp_path / 'conversations.db'}")
    rasa_events_table(engine)
    yield engine
    engine.dispose()


def user(text: str, channel: str = "rest", at: float = 1_780_000_000.0) -> dict:
    return {"event": "user", "timestamp": at, "text": text, "input_channel": channel, "parse_data": {}}


def bot(custom: dict, text: str = "", at: float = 1_780_000_001.0) -> dict:
    return {"event": "bot", "timestamp": at, "text": text, "data": {"custom": custom}}


def readback(feature: str, level: str, status: str = "met", words: str = ADVICE_WORDS) -> dict:
    return bot({"kind": "readback", "items": [{"n": 1, "words": words, "feature": feature, "level": level,
                                               "status": status}]}, text=f"I noted: 1. {words}")


def advice(level: str, features: list[tuple[str, str]] = (), routes: list[str] = ()) -> dict:
    return bot({"kind": "advice", "level": level, "features": [{"id": f, "level": l} for f, l in features],
                "routes": list(routes), "steps": []})


def write_events(engine: sa.engine.Engine, sender_id: str, events: list[dict]) -> None:
    table = sa.Table("events", sa.MetaData(), autoload_with=engine)
    with engine.begin() as connection:
        for event in events:
            connection.execute(table.insert().values(sender_id=sender_id, type_name=event["event"],
                                                     timestamp=event.get("timestamp"), data=json.dumps(event)))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """What the local SMTP server received."""

    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler interface
        from email import message_from_bytes, policy

        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 10.0) -> list:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        return self.messages


class SmtpServer:
    """A real SMTP server on 127.0.0.1 (aiosmtpd), which can be stopped and started to play an outage."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.inbox = Inbox()
        self.controller = None

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer(free_port())
    server.start()
    yield server
    server.stop()
