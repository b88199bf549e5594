"""Settings: secrets from the environment, every problem reported at once, webhook mode needs its secret."""
from __future__ import annotations

import pytest

from bot.telegram.settings import DEFAULT_RASA_URL, Settings, SettingsError

GOOD = {"BOT_TELEGRAM_TOKEN": "123456:ABCdefGHIjklMNOpqrSTUvwx", "BOT_TELEGRAM_ID_KEY": "0123456789abcdef0123"}
SECRET = {"BOT_TELEGRAM_WEBHOOK_SECRET": "a-good_secret-0123456789"}


def test_polling_defaults() -> None:
    settings = Settings.from_env(GOOD)
    assert not settings.webhook
    assert settings.rasa_url == DEFAULT_RASA_URL
    assert settings.rest_webhook == "http://127.0.0.1:5005/webhooks/rest/webhook"
    assert settings.api_url is None


def test_rasa_url_from_env_then_argument() -> None:
    assert Settings.from_env({**GOOD, "BOT_RASA_URL": "http://rasa:5005/"}).rasa_url == "http://rasa:5005"
    assert Settings.from_env({**GOOD, "BOT_RASA_URL": "http://rasa:5005"}, rasa_url="http://x:1").rasa_url == "http://x:1"


def test_local_bot_api_urls() -> None:
    settings = Settings.from_env(GOOD, api_url="http://127.0.0.1:8081/bot")
    assert settings.api_file_url == "http://127.0.0.1:8081/file/bot"


def test_every_problem_is_reported_together() -> None:
    with pytest.raises(SettingsError) as raised:
        Settings.from_env({"BOT_RASA_URL": "localhost:5005"}, webhook_url="http://insecure.example/t")
    problems = "\n".join(raised.value.problems)
    for expected in ("BOT_TELEGRAM_TOKEN is not set", "BOT_TELEGRAM_ID_KEY is not set", "not an http(s) URL",
                     "public https URL", "BOT_TELEGRAM_WEBHOOK_SECRET must be set"):
        assert expected in problems
    assert len(raised.value.problems) == 5


@pytest.mark.parametrize("secret", ["short", "has spaces in it 0123456", "ümlaut-0123456789abcdef", "x" * 257])
def test_webhook_secret_follows_telegrams_rule(secret: str) -> None:
    with pytest.raises(SettingsError):
        Settings.from_env({**GOOD, "BOT_TELEGRAM_WEBHOOK_SECRET": secret}, webhook_url="https://bot.example/t")


def test_webhook_settings() -> None:
    settings = Settings.from_env({**GOOD, **SECRET}, webhook_url="https://bot.example/hook", listen="0.0.0.0",
                                 port=8080, url_path="/hook/")
    assert settings.webhook and settings.url_path == "hook" and settings.port == 8080
    described = settings.describe()
    assert described["mode"] == "webhook" and described["webhook_secret"] == "set"
    assert GOOD["BOT_TELEGRAM_TOKEN"] not in str(described) and SECRET["BOT_TELEGRAM_WEBHOOK_SECRET"] not in str(described)


def test_a_malformed_token_is_refused() -> None:
    with pytest.raises(SettingsError, match="does not look like a bot token"):
        Settings.from_env({**GOOD, "BOT_TELEGRAM_TOKEN": "not-a-token"})
