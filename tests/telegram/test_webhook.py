"""Webhook mode: python-telegram-bot's run_webhook server refuses requests without Telegram's secret token."""
from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from contextlib import suppress
from typing import Iterator, Optional
from urllib.parse import urlsplit

import pytest

from tests.telegram.bot_api_standin import BotApiStandIn
from tests.telegram.conftest import CHAT, WEBHOOK_SECRET, free_port, make_settings, running_bot
from tests.telegram.fake_rasa import FakeRasa

pytest.importorskip("tornado", reason="webhook mode needs python-telegram-bot[webhooks] (tornado)")

PUBLIC_URL = "https://bot.example.test/telegram"


@pytest.fixture
def webhook(stand_in: BotApiStandIn, rasa: FakeRasa) -> Iterator[str]:
    """The bot in webhook mode on a free local port; yields the URL its server answers on."""
    port = free_port()
    settings = make_settings(stand_in, rasa.url, webhook_url=PUBLIC_URL, listen="127.0.0.1", port=port)
    with running_bot(settings):
        yield f"http://127.0.0.1:{port}/{settings.url_path}"


def post(url: str, update: dict, secret: Optional[str]) -> int:
    """POST an update as Telegram would; the HTTP status."""
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(url, data=json.dumps(update).encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_webhook_is_registered_with_its_secret(stand_in, webhook) -> None:
    [registered] = stand_in.calls_of("setWebhook")
    assert registered.params["url"] == PUBLIC_URL
    assert registered.params["secret_token"] == WEBHOOK_SECRET
    assert stand_in.calls_of("getUpdates") == []  # no polling in webhook mode


@pytest.mark.parametrize("secret", [None, "", "wrong-secret-0123456789", WEBHOOK_SECRET + "x"])
def test_a_missing_or_wrong_secret_is_refused_and_nothing_reaches_rasa(stand_in, rasa, webhook, secret) -> None:
    update = stand_in.new_update(stand_in.text_update(CHAT, "she told me her stepdad hurts her"))
    assert post(webhook, update, secret) == 403
    stand_in.settle()
    assert rasa.received == [] and stand_in.calls_of("sendMessage") == []


def test_the_right_secret_is_accepted_and_relayed(stand_in, rasa, webhook) -> None:
    update = stand_in.new_update(stand_in.text_update(CHAT, "/start"))
    assert post(webhook, update, WEBHOOK_SECRET) == 200
    stand_in.wait_for(lambda: len(stand_in.texts(CHAT)) == 2, what="the opening")
    assert rasa.messages == ["hello"]


def test_an_update_telegram_delivers_again_is_relayed_once(stand_in, rasa, webhook) -> None:
    """Telegram posts an update again when the answer to the first post did not reach it."""
    update = stand_in.new_update(stand_in.text_update(CHAT, "/start"))
    assert post(webhook, update, WEBHOOK_SECRET) == 200
    stand_in.wait_for(lambda: len(stand_in.texts(CHAT)) == 2, what="the opening")
    assert post(webhook, update, WEBHOOK_SECRET) == 200  # the same update_id again: answered, not handled
    later = stand_in.new_update(stand_in.text_update(CHAT, "she told me her stepdad hurts her"))
    assert post(webhook, later, WEBHOOK_SECRET) == 200
    stand_in.wait_for(lambda: len(stand_in.texts(CHAT)) == 3, what="the answer to the next update")
    stand_in.settle()
    assert rasa.messages == ["hello", "she told me her stepdad hurts her"]
    assert len(stand_in.texts(CHAT)) == 3


def raw_exchange(url: str, head: bytes, body: bytes = b"") -> bytes:
    """Send a request as raw bytes and read what comes back until the server closes or answers."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as connection:
        answer = b""
        with suppress(ConnectionResetError, BrokenPipeError, socket.timeout):
            connection.sendall(head + body)  # the server may answer and close before taking it all
            while b"\r\n\r\n" not in answer:
                chunk = connection.recv(4096)
                if not chunk:
                    break
                answer += chunk
        return answer


def test_a_body_declared_over_256_kb_is_refused_with_413_before_it_is_read(stand_in, rasa, webhook) -> None:
    path = urlsplit(webhook).path
    head = (f"POST {path} HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n"
            f"X-Telegram-Bot-Api-Secret-Token: {WEBHOOK_SECRET}\r\nContent-Length: 50000000\r\n\r\n").encode()
    answer = raw_exchange(webhook, head)  # the 50 MB are never sent: the answer comes after the headers
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    stand_in.settle()
    assert rasa.received == []


def test_a_chunked_body_growing_past_256_kb_is_cut_off_and_nothing_reaches_rasa(stand_in, rasa, webhook) -> None:
    path = urlsplit(webhook).path
    update = json.dumps(stand_in.new_update(stand_in.text_update(CHAT, "x" * 300_000))).encode()
    head = (f"POST {path} HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n"
            f"X-Telegram-Bot-Api-Secret-Token: {WEBHOOK_SECRET}\r\nTransfer-Encoding: chunked\r\n\r\n").encode()
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(update[n:n + 65536]), update[n:n + 65536])
                       for n in range(0, len(update), 65536)) + b"0\r\n\r\n"
    answer = raw_exchange(webhook, head, chunked)
    assert not answer.startswith(b"HTTP/1.1 200"), answer[:200]
    stand_in.settle()
    assert rasa.received == []
    assert post(webhook, stand_in.new_update(stand_in.text_update(CHAT, "/start")), WEBHOOK_SECRET) == 200
