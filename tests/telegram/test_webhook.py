"""Webhook mode: python-telegram-bot's run_webhook server refuses requests without Telegram's secret token."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Iterator, Optional

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
