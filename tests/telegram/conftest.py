"""Fixtures: the Bot API stand-in, a fake Rasa, and the real Application running against both in a thread."""
from __future__ import annotations

import asyncio
import socket
import threading
import time
from contextlib import contextmanager
from typing import Any, Iterator, Optional

import pytest
from telegram.ext import Application

from bot.telegram.app import build_application, run
from bot.telegram.delivery import DeliveryPolicy
from bot.telegram.settings import Settings
from tests.telegram.bot_api_standin import TOKEN, BotApiStandIn
from tests.telegram.fake_rasa import FakeRasa

ID_KEY = "test-only-id-key-7f3a9c2e51b84d60"
WEBHOOK_SECRET = "test-only-webhook-secret_4b1d9e"
CHAT = 5550001234  # a distinctive private chat id, so a test can show it never reaches Rasa or a log


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_settings(stand_in: BotApiStandIn, rasa_url: str, env: Optional[dict[str, str]] = None,
                  **options: Any) -> Settings:
    """Settings as the command line builds them, pointed at the stand-in and the given Rasa; ``env`` adds
    environment variables (an allow-list, the deployment)."""
    env = {"BOT_TELEGRAM_TOKEN": TOKEN, "BOT_TELEGRAM_ID_KEY": ID_KEY,
           "BOT_TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET, **(env or {})}
    return Settings.from_env(env, rasa_url=rasa_url, api_url=stand_in.base_url, **options)


@contextmanager
def running_bot(settings: Settings, delivery: Optional[DeliveryPolicy] = None) -> Iterator[Application]:
    """The application as ``python -m bot telegram run`` runs it (``app.run``), in a thread with its own loop;
    ``delivery`` replaces the retry policy for Telegram (tests use short waits)."""
    application = build_application(settings, delivery=delivery)
    loop = asyncio.new_event_loop()
    failures: list[BaseException] = []

    def target() -> None:
        asyncio.set_event_loop(loop)
        try:
            run(application, settings, in_thread=True)
        except BaseException as error:  # reported by the fixture below
            failures.append(error)

    thread = threading.Thread(target=target, name="telegram-bot", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not application.running:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the bot did not start: {failures}")
        time.sleep(0.02)
    try:
        yield application
    finally:
        loop.call_soon_threadsafe(application.stop_running)
        thread.join(30)
        loop.close()
        assert not failures, failures


@pytest.fixture
def stand_in() -> Iterator[BotApiStandIn]:
    with BotApiStandIn() as server:
        yield server


@pytest.fixture
def rasa() -> Iterator[FakeRasa]:
    with FakeRasa() as server:
        yield server


@pytest.fixture
def bot(stand_in: BotApiStandIn, rasa: FakeRasa) -> Iterator[Application]:
    """The bot, long polling the stand-in, relaying to the fake Rasa."""
    with running_bot(make_settings(stand_in, rasa.url)) as application:
        yield application
