"""Only users of the tenants on the allow-list reach Rasa; others get a polite refusal that still gives 999.

A multi-tenant app accepts a genuine Bot Connector token for any organisation's Teams, so the token alone
does not make someone one of our practitioners: the tenant on the activity must be on the list, and in
production the list is required.
"""
from __future__ import annotations

import logging

import pytest

from bot.channels.teams.channel import TeamsInput, TeamsSettingsError
from bot.channels.teams.activity import TENANT_NOT_ALLOWED_TEXT
from bot.channels.teams.settings import VARIABLES, load_settings
from tests.teams.conftest import make_bot, post
from tests.teams.standins import TENANT, message_activity

OTHER_TENANT = "99999999-0000-4000-8000-000000000000"
GOOD_ENV = {"BOT_TEAMS_APP_ID": "app-id", "BOT_TEAMS_APP_PASSWORD": "secret",
            "BOT_TEAMS_ID_KEY": "a-test-key-of-enough-length-0001"}


def say(stand_in, rasa, bot, **activity) -> int:
    return post(bot, "Bearer " + stand_in.keys[0].token(stand_in.service_url),
                message_activity(stand_in.service_url, **activity), rasa)[0]


def test_a_user_of_another_organisation_gets_a_polite_refusal_and_nothing_reaches_rasa(stand_in, rasa, caplog):
    bot = make_bot(stand_in, allowed_tenants=TENANT.upper())  # tenant ids are GUIDs: any case matches
    with caplog.at_level(logging.INFO):
        assert say(stand_in, rasa, bot, text="she told me her stepdad hurts her", tenant=OTHER_TENANT) == 200
    assert rasa.seen == [], "nothing of their message goes to Rasa (or the leads' review queue)"
    [reply] = stand_in.replies()
    assert reply["text"] == TENANT_NOT_ALLOWED_TEXT and "999" in reply["text"]
    assert "tenant" not in reply["text"].lower() and "allow" not in reply["text"].lower()
    assert "stepdad" not in caplog.text and OTHER_TENANT not in caplog.text
    assert say(stand_in, rasa, bot, text="hello", tenant=TENANT) == 200
    assert [m.text for m in rasa.seen] == ["hello"], "our own organisation is relayed as before"


def test_an_activity_naming_no_tenant_is_refused_when_there_is_a_list(stand_in, rasa):
    bot = make_bot(stand_in, allowed_tenants=TENANT)
    activity = message_activity(stand_in.service_url, text="hello")
    del activity["channelData"], activity["conversation"]["tenantId"]
    assert post(bot, "Bearer " + stand_in.keys[0].token(stand_in.service_url), activity, rasa)[0] == 200
    assert rasa.seen == [] and [r["text"] for r in stand_in.replies()] == [TENANT_NOT_ALLOWED_TEXT]


def test_production_requires_the_list_for_a_multi_tenant_app():
    settings, problems = load_settings({}, {**GOOD_ENV, "BOT_DEPLOYMENT": "production"})
    assert settings is None and any(VARIABLES["allowed_tenants"] in p and "production" in p for p in problems)
    settings, problems = load_settings({}, {**GOOD_ENV, "BOT_DEPLOYMENT": "production",
                                            "BOT_TEAMS_ALLOWED_TENANTS": TENANT})
    assert settings is not None and settings.production and settings.allows_tenant(TENANT), problems
    settings, problems = load_settings({"app_type": "SingleTenant", "tenant_id": TENANT},
                                       {**GOOD_ENV, "BOT_DEPLOYMENT": "production"})
    assert settings is not None and settings.allowed_tenants == (TENANT,), "its own tenant is its list"


def test_a_local_multi_tenant_app_without_a_list_runs_with_a_warning(monkeypatch, caplog):
    for variable in VARIABLES.values():
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.delenv("BOT_DEPLOYMENT", raising=False)
    for name, value in GOOD_ENV.items():
        monkeypatch.setenv(name, value)
    with caplog.at_level(logging.WARNING):
        channel = TeamsInput.from_credentials({})
    assert channel.bot is not None and "BOT_TEAMS_ALLOWED_TENANTS" in caplog.text


@pytest.mark.parametrize("deployment", ["production", "prod"])
def test_in_production_rasa_refuses_to_start_with_a_plain_message(monkeypatch, deployment):
    for variable in VARIABLES.values():
        monkeypatch.delenv(variable, raising=False)
    for name, value in {**GOOD_ENV, "BOT_DEPLOYMENT": deployment}.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(TeamsSettingsError, match="cannot start") as raised:
        TeamsInput.from_credentials({})
    assert "BOT_TEAMS_ALLOWED_TENANTS" in str(raised.value) or "BOT_DEPLOYMENT" in str(raised.value)


def test_production_without_teams_configured_starts_with_the_channel_off(monkeypatch):
    for variable in VARIABLES.values():
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("BOT_DEPLOYMENT", "production")
    assert TeamsInput.from_credentials({"app_id": "${BOT_TEAMS_APP_ID}"}).bot is None
