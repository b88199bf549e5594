"""Only the practitioners on the allow-list reach Rasa; anyone else gets a polite refusal that still gives 999.

The end-to-end tests run the real Application against the Bot API stand-in and a fake Rasa, as
``test_conversation.py`` does, with ``CHAT`` (a private chat, whose user id is the same number) on the list.
"""
from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import pytest

from bot.telegram import texts
from bot.telegram.allow_list import AllowedUsers, AllowListError
from bot.telegram.settings import Settings, SettingsError
from tests.telegram.bot_api_standin import BotApiStandIn
from tests.telegram.conftest import CHAT, make_settings, running_bot
from tests.telegram.fake_rasa import FakeRasa
from tests.telegram.test_cli import ENV, bot_command

STRANGER = 5550009876  # a private chat (and user) not on the list
GOOD = {"BOT_TELEGRAM_TOKEN": "123456:ABCdefGHIjklMNOpqrSTUvwx", "BOT_TELEGRAM_ID_KEY": "0123456789abcdef0123"}


# ---- the list itself ------------------------------------------------------------------------------


def test_ids_come_from_the_variable_and_the_file(tmp_path: Path) -> None:
    listed = tmp_path / "allowed.txt"
    listed.write_text("# school nurses\n111111111\n\n222222222  # the DSL\n")
    allowed = AllowedUsers.from_env("333333333, 444444444 555555555", str(listed))
    assert all(allowed.allows(n) for n in (111111111, 222222222, 333333333, 444444444, 555555555))
    assert not allowed.allows(666666666) and not allowed.allows(None)
    assert len(allowed) == 5
    assert AllowedUsers.from_env("", "") is None and AllowedUsers.from_env(None, None) is None


def test_bad_entries_are_all_reported_by_place_without_quoting_them(tmp_path: Path) -> None:
    listed = tmp_path / "allowed.txt"
    listed.write_text("111111111\n@some_username\n07700 900123\n")
    with pytest.raises(AllowListError) as raised:
        AllowedUsers.from_env("12ab", str(listed))
    problems = "\n".join(raised.value.problems)
    assert "allowed.txt line 2" in problems and "allowed.txt line 3" in problems
    assert "BOT_TELEGRAM_ALLOWED_USERS" in problems and len(raised.value.problems) == 3
    for pasted in ("some_username", "07700", "12ab"):
        assert pasted not in problems, "a pasted username or phone number is not repeated into a log"


def test_an_administrator_adds_someone_by_editing_the_file_without_a_restart(tmp_path: Path, caplog) -> None:
    listed = tmp_path / "allowed.txt"
    listed.write_text("111111111\n")
    allowed = AllowedUsers.from_env(None, str(listed))
    assert not allowed.allows(222222222)
    listed.write_text("111111111\n222222222\n")
    os.utime(listed, ns=(time.time_ns(), time.time_ns() + 10_000_000))  # a new mtime even on coarse clocks
    assert allowed.allows(222222222)
    listed.write_text("111111111\n222222222\nhalf-saved edi")  # a broken edit: the last good ids stay
    os.utime(listed, ns=(time.time_ns(), time.time_ns() + 20_000_000))
    with caplog.at_level(logging.WARNING):
        assert allowed.allows(222222222)
    assert "line 3" in caplog.text and "222222222" not in caplog.text


# ---- settings: required in production ------------------------------------------------------------


def test_a_local_deployment_may_run_without_a_list_but_production_may_not() -> None:
    assert Settings.from_env(GOOD).allowed_users is None
    with pytest.raises(SettingsError, match="no allow-list is set"):
        Settings.from_env({**GOOD, "BOT_DEPLOYMENT": "production"})
    with pytest.raises(SettingsError, match="allow-list is empty"):
        Settings.from_env({**GOOD, "BOT_DEPLOYMENT": "production", "BOT_TELEGRAM_ALLOWED_USERS": " , "})
    settings = Settings.from_env({**GOOD, "BOT_DEPLOYMENT": "production", "BOT_TELEGRAM_ALLOWED_USERS": "42"})
    assert settings.production and settings.allowed_users.allows(42)
    assert settings.describe()["allowed_users"] == "1 ids" and "42" not in str(settings.describe())


@pytest.mark.parametrize("value", ["prod", "Production", "live"])
def test_an_unknown_deployment_is_a_problem_not_local(value: str) -> None:
    with pytest.raises(SettingsError, match="BOT_DEPLOYMENT must be"):
        Settings.from_env({**GOOD, "BOT_DEPLOYMENT": value})


def test_a_production_bot_without_a_list_refuses_to_start_with_a_plain_message() -> None:
    result = bot_command("run", env={**ENV, "BOT_DEPLOYMENT": "production"})
    assert result.returncode == 2
    assert "cannot start" in result.stderr and "BOT_TELEGRAM_ALLOWED_USERS" in result.stderr
    assert "Traceback" not in result.stderr


# ---- the running bot ------------------------------------------------------------------------------


@pytest.fixture
def listed_bot(stand_in: BotApiStandIn, rasa: FakeRasa, tmp_path: Path):
    listed = tmp_path / "allowed.txt"
    listed.write_text(f"{CHAT}\n")
    settings = make_settings(stand_in, rasa.url, env={"BOT_DEPLOYMENT": "production",
                                                      "BOT_TELEGRAM_ALLOWED_USERS_FILE": str(listed)})
    with running_bot(settings) as application:
        yield listed


def refusal(user_id: int) -> str:
    return texts.NOT_ALLOWED.format(user_id=user_id).replace("0808 800 5000", "+44 808 800 5000")


def test_someone_not_on_the_list_gets_a_polite_refusal_with_999_and_nothing_reaches_rasa(
        stand_in, rasa, listed_bot, caplog) -> None:
    for text in ("/start", "she told me her stepdad hurts her"):
        stand_in.push(stand_in.text_update(STRANGER, text))
    stand_in.wait_for(lambda: len(stand_in.texts(STRANGER)) == 2, what="two refusals")
    stand_in.settle()
    assert stand_in.texts(STRANGER) == [refusal(STRANGER)] * 2
    shown = stand_in.texts(STRANGER)[0]
    assert "999" in shown and "allow" not in shown.lower() and "list" not in shown.lower()
    assert rasa.received == [], "nothing of a stranger's message goes to Rasa (or the leads' queue)"
    assert "stepdad" not in caplog.text and str(STRANGER) not in caplog.text


def test_a_practitioner_on_the_list_is_relayed_as_before(stand_in, rasa, listed_bot) -> None:
    stand_in.push(stand_in.text_update(CHAT, "/start"))
    stand_in.wait_for(lambda: len(stand_in.texts(CHAT)) == 2, what="the opening")
    assert rasa.messages == ["hello"]


def test_a_strangers_button_press_is_answered_and_refused(stand_in, rasa, listed_bot) -> None:
    message = stand_in.message(STRANGER, text="First: is the child in immediate danger right now?")
    stand_in.push(stand_in.callback_update(STRANGER, message, "forged-token"))
    stand_in.wait_for(lambda: len(stand_in.texts(STRANGER)) == 1, what="the refusal")
    stand_in.settle()
    assert len(stand_in.calls_of("answerCallbackQuery")) == 1, "the button's spinner is stopped"
    assert stand_in.texts(STRANGER) == [refusal(STRANGER)] and rasa.received == []


def test_in_a_group_a_stranger_gets_no_answer_at_all(stand_in, rasa, listed_bot) -> None:
    stand_in.push(stand_in.text_update(-100123, "anyone there?", chat_type="group"))  # from user 777
    stand_in.push(stand_in.text_update(CHAT, "/start"))  # a listed practitioner, to know the first was handled
    stand_in.wait_for(lambda: len(stand_in.texts(CHAT)) == 2, what="the opening")
    stand_in.settle()
    assert stand_in.texts(-100123) == [] and rasa.messages == ["hello"]


def test_a_practitioner_added_to_the_file_is_let_in_without_a_restart(stand_in, rasa, listed_bot) -> None:
    stand_in.push(stand_in.text_update(STRANGER, "/start"))
    stand_in.wait_for(lambda: len(stand_in.texts(STRANGER)) == 1, what="the refusal")
    listed_bot.write_text(f"{CHAT}\n{STRANGER}\n")
    os.utime(listed_bot, ns=(time.time_ns(), time.time_ns() + 10_000_000))
    stand_in.push(stand_in.text_update(STRANGER, "/start"))
    stand_in.wait_for(lambda: len(stand_in.texts(STRANGER)) == 3, what="the opening")
    assert len(rasa.received) == 1
