"""Shared fixtures: the trained model (trained once per run when missing), and the running servers."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

from bot.paths import ROOT
from tests.e2e.servers import Stack, running_stack

# Several test modules serve Sanic apps in this process (Teams, the review app, the REST channel); outside
# test mode Sanic refuses a second app once one has run, so the order of the modules would decide the result.
from sanic import Sanic  # noqa: E402

Sanic.test_mode = True

MODEL = ROOT / "models" / "safeguarding.tar.gz"

# No test reports anything to Rasa's servers, whatever this machine's ~/.config/rasa/global.yml says: Rasa reads
# this before that file, here and in every server and `rasa` command the tests start (bot/rasa_cli.py).
os.environ["RASA_TELEMETRY_ENABLED"] = "false"


@pytest.fixture(scope="session")
def trained_model() -> Path:
    """The project's trained model; `make train` builds it only when data or config changed."""
    subprocess.run(["make", "--no-print-directory", "train"], cwd=ROOT, check=True,
                   stdout=sys.stderr, stderr=sys.stderr)
    assert MODEL.exists(), "make train did not produce models/safeguarding.tar.gz"
    return MODEL


@pytest.fixture(scope="session")
def stack(trained_model, tmp_path_factory) -> Iterator[Stack]:
    """The real action server and Rasa server with the trained model, shared by every end-to-end test
    (tests/e2e and tests/telegram), so one run starts them once."""
    with running_stack(trained_model, tmp_path_factory.mktemp("stack")) as running:
        yield running


# ---- teams: a second stack with the Teams channel on, pointed at local Bot Framework stand-ins ----------
# Used by tests/teams (its end-to-end test) and tests/e2e/test_same_advice_everywhere.py. The `stack` above
# keeps the Teams channel unconfigured, which shows that Rasa starts and the REST channel works without it.


@pytest.fixture(scope="session")
def teams_standin():
    """OpenID metadata, JWKS, token endpoint and Bot Connector on 127.0.0.1 (tests/teams/standins.py)."""
    from tests.teams.standins import BotFrameworkStandIn

    with BotFrameworkStandIn() as server:
        yield server


@pytest.fixture(scope="session")
def teams_stack(trained_model, tmp_path_factory, teams_standin) -> Iterator[Stack]:
    """The real servers with the project's credentials.yml and the Teams channel configured through the
    environment, every other BOT_TEAMS_* setting cleared so a developer's shell cannot change the test."""
    from bot.channels.teams.settings import VARIABLES

    env = {variable: "" for variable in VARIABLES.values()}
    env.update(teams_standin.env())
    with running_stack(trained_model, tmp_path_factory.mktemp("teams-stack"), env=env) as running:
        yield running
# ---- end teams -------------------------------------------------------------------------------------------
