"""Settings: Rasa still starts when Teams is not configured; every problem is reported together."""
from __future__ import annotations

import logging

import pytest
import rasa.shared.utils.io

from bot.channels.teams.channel import TeamsInput
from bot.channels.teams.settings import (
    MULTI_TENANT,
    OPENID_METADATA,
    SINGLE_TENANT,
    VARIABLES,
    expand,
    load_settings,
)
from bot.paths import ROOT

BLOCK = "bot.channels.teams.channel.TeamsInput"
GOOD_ENV = {"BOT_TEAMS_APP_ID": "app-id", "BOT_TEAMS_APP_PASSWORD": "secret",
            "BOT_TEAMS_ID_KEY": "a-test-key-of-enough-length-0001"}


@pytest.fixture
def no_teams_env(monkeypatch):
    for variable in VARIABLES.values():
        monkeypatch.delenv(variable, raising=False)


def project_credentials() -> dict:
    """credentials.yml read by Rasa's own loader (which substitutes unquoted ${VAR}s)."""
    return rasa.shared.utils.io.read_config_file(ROOT / "credentials.yml")


def test_the_project_credentials_load_with_teams_unset_and_the_channel_is_off(no_teams_env, caplog):
    credentials = project_credentials()  # Rasa raises here for an unquoted ${VAR} that is unset
    assert "bot.channels.rest.SafeRestInput" in credentials and BLOCK in credentials
    with caplog.at_level(logging.WARNING):
        channel = TeamsInput.from_credentials(credentials[BLOCK])
    assert channel.bot is None and "Teams channel is off" in caplog.text and "BOT_TEAMS_APP_ID" in caplog.text


def test_empty_variables_are_the_same_as_unset(no_teams_env, monkeypatch):
    for variable in VARIABLES.values():
        monkeypatch.setenv(variable, "")
    assert TeamsInput.from_credentials(project_credentials()[BLOCK]).bot is None
    # the form Rasa hands over for an unquoted ${VAR} set to "": an empty string
    assert TeamsInput.from_credentials({"app_id": "", "app_password": ""}).bot is None
    assert TeamsInput.from_credentials(None).bot is None


def test_the_project_credentials_with_teams_set_turn_the_channel_on(no_teams_env, monkeypatch):
    for variable, value in GOOD_ENV.items():
        monkeypatch.setenv(variable, value)
    channel = TeamsInput.from_credentials(project_credentials()[BLOCK])
    assert channel.settings.app_id == "app-id" and channel.settings.app_password == "secret"
    assert channel.settings.openid_metadata == OPENID_METADATA and channel.settings.app_type == MULTI_TENANT
    assert channel.settings.token_endpoint == "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token"
    assert channel.settings.issuers == ("https://api.botframework.com",)
    assert "secret" not in repr(channel.settings) and "enough-length" not in repr(channel.settings)


def test_values_rasa_already_substituted_are_used_as_they_are():
    settings, _ = load_settings({"app_id": "from-rasa", "app_password": "pw", "id_key": GOOD_ENV["BOT_TEAMS_ID_KEY"]},
                                {"BOT_TEAMS_APP_ID": "ignored"})
    assert settings.app_id == "from-rasa"


def test_expanding_references():
    env = {"A": "one", "EMPTY": ""}
    assert expand("${A}", env) == "one" and expand("x-${A}-${B}", env) == "x-one-"
    assert expand("${EMPTY}", env) is None and expand("${UNSET}", env) is None and expand(None, env) is None


def test_single_tenant_uses_its_tenant_authority_and_answers_its_tenant_only():
    settings, problems = load_settings({"app_type": "SingleTenant", "tenant_id": "tenant-guid"}, GOOD_ENV)
    assert problems == [] and settings.app_type == SINGLE_TENANT
    assert settings.authority == "https://login.microsoftonline.com/tenant-guid"
    assert settings.token_endpoint == "https://login.microsoftonline.com/tenant-guid/oauth2/v2.0/token"
    assert settings.allowed_tenants == ("tenant-guid",)


def test_authority_issuers_and_tenants_can_be_set():
    settings, _ = load_settings({"authority": "https://login.microsoftonline.us/botframework.com/",
                                 "issuers": "https://api.botframework.com, https://sts.windows.net/t/",
                                 "allowed_tenants": "t1,t2"}, GOOD_ENV)
    assert settings.token_endpoint == "https://login.microsoftonline.us/botframework.com/oauth2/v2.0/token"
    assert settings.issuers == ("https://api.botframework.com", "https://sts.windows.net/t/")
    assert settings.allowed_tenants == ("t1", "t2")


def test_every_problem_is_reported_at_once():
    settings, problems = load_settings({"app_id": "app-id", "app_type": "SingleTenant", "id_key": "short",
                                        "openid_metadata": "http://metadata.example/openid",
                                        "key_refresh_minutes": "soon"}, {})
    assert settings is None
    text = "\n".join(problems)
    for expected in ("BOT_TEAMS_APP_PASSWORD", "BOT_TEAMS_ID_KEY is too short", "BOT_TEAMS_TENANT_ID",
                     "BOT_TEAMS_OPENID_METADATA must be an https URL", "BOT_TEAMS_KEY_REFRESH_MINUTES"):
        assert expected in text
    assert len(problems) == 5


def test_managed_identities_are_refused_clearly():
    _, problems = load_settings({"app_type": "UserAssignedMSI"}, GOOD_ENV)
    assert "MultiTenant or SingleTenant" in problems[0]


def test_plain_http_is_accepted_only_for_this_machine():
    for url in ("http://127.0.0.1:8080/openid", "http://localhost/openid", "http://[::1]/x"):
        assert load_settings({"openid_metadata": url}, GOOD_ENV)[1] == []
    assert load_settings({"openid_metadata": "http://10.0.0.5/openid"}, GOOD_ENV)[1]
