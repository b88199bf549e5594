"""``python -m bot telegram``: settings errors are clear, and ``run`` works as a process and logs no user data."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

from bot.paths import ROOT
from bot.telegram import texts
from bot.telegram.identity import conversation_id
from tests.telegram.bot_api_standin import TOKEN
from tests.telegram.conftest import CHAT, ID_KEY, WEBHOOK_SECRET

ENV = {"BOT_TELEGRAM_TOKEN": TOKEN, "BOT_TELEGRAM_ID_KEY": ID_KEY}


def bot_command(*args: str, env: dict[str, str], **options) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("BOT_")}
    return subprocess.run([sys.executable, "-m", "bot", "telegram", *args], cwd=ROOT, env={**clean, **env},
                          capture_output=True, text=True, timeout=60, **options)


def test_missing_settings_are_all_reported_clearly() -> None:
    result = bot_command("run", env={})
    assert result.returncode == 2
    assert "BOT_TELEGRAM_TOKEN is not set" in result.stderr and "BOT_TELEGRAM_ID_KEY is not set" in result.stderr
    assert "@BotFather" in result.stderr


def test_webhook_mode_without_its_secret_does_not_start() -> None:
    result = bot_command("run", "--webhook-url", "https://bot.example.test/telegram", env=ENV)
    assert result.returncode == 2 and "BOT_TELEGRAM_WEBHOOK_SECRET" in result.stderr


def test_check_prints_the_settings_without_secrets() -> None:
    result = bot_command("check", "--json", "--webhook-url", "https://bot.example.test/t",
                         env={**ENV, "BOT_TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET, "BOT_RASA_URL": "http://rasa:5005"})
    assert result.returncode == 0, result.stderr
    described = json.loads(result.stdout)
    assert described["mode"] == "webhook" and described["rasa_url"] == "http://rasa:5005"
    for secret in (TOKEN, ID_KEY, WEBHOOK_SECRET):
        assert secret not in result.stdout


def test_run_relays_and_its_log_holds_ids_only(stand_in, rasa) -> None:
    typed = "Distinctive words 9d2e: she told me her stepdad hurts her"
    env = {**ENV, "BOT_TELEGRAM_API_URL": stand_in.base_url, "BOT_RASA_URL": rasa.url}
    clean = {k: v for k, v in os.environ.items() if not k.startswith("BOT_")}
    process = subprocess.Popen([sys.executable, "-m", "bot", "telegram", "run"], cwd=ROOT, env={**clean, **env},
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        stand_in.wait_for_calls("getUpdates", 1, timeout=60)
        stand_in.push(stand_in.text_update(CHAT, "/start"))
        stand_in.wait_for(lambda: len(stand_in.texts(CHAT)) == 2, what="the opening")
        stand_in.push(stand_in.text_update(CHAT, typed))
        stand_in.wait_for(lambda: len(stand_in.texts(CHAT)) == 3, what="the answer")
        stand_in.fail_next("sendMessage", 400, "Bad Request: injected 9d2e")  # exercises the error handler
        stand_in.push(stand_in.text_update(CHAT, typed))
        stand_in.wait_for(lambda: stand_in.texts(CHAT)[-1].startswith("Something went wrong"), what="the safe message")
        stand_in.settle()
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output
    assert rasa.messages == ["hello", typed, typed]
    assert stand_in.texts(CHAT)[1] == "First: is the child in immediate danger right now?"
    assert conversation_id(CHAT, ID_KEY.encode()) in output and "BadRequest" in output  # the error, by ids
    for secret in (str(CHAT), "9d2e", "stepdad", TOKEN, TOKEN.split(":")[1], ID_KEY):
        assert secret not in output, f"{secret!r} in the log"
    assert texts.SAFE_MESSAGE.split(";")[0] in stand_in.texts(CHAT)[-1]
