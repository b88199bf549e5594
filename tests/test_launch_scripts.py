"""Every place the project starts Rasa or the action server: on 127.0.0.1 unless the operator says otherwise,
through bot.rasa_cli (no telemetry, no crash reports, no HTTP API without a token), telemetry off.

A static reading of the launch files, so that a new script or test helper that starts ``rasa`` the old way is
caught by ``make unit``; tests/e2e/test_make_serve_is_closed.py checks the running ``make serve`` itself.
"""
from __future__ import annotations

import re
from pathlib import Path

from bot.paths import ROOT

STACK_SH = ROOT / "scripts" / "stack.sh"
MAKEFILE = ROOT / "Makefile"
# the files that start servers or run `rasa`: the scripts, make, the benchmark and the tests' own launchers
LAUNCHERS = sorted([*ROOT.joinpath("scripts").glob("*.sh"), MAKEFILE, *ROOT.joinpath("bench").glob("*.py"),
                    *ROOT.joinpath("tests").rglob("*.py")])
# this file names the old ways; test_rasa_cli.py calls Rasa's own entry point on purpose, to compare with it;
# test_make_serve_is_closed.py starts scripts/stack.sh (checked here) and names the old ways in its reasons
NOT_LAUNCHERS = {Path(__file__).resolve(), ROOT / "tests" / "test_rasa_cli.py",
                 ROOT / "tests" / "e2e" / "test_make_serve_is_closed.py"}

RASA_EXECUTABLE = re.compile(r"""bin/rasa\b|/\s*["']rasa["']|\$\(VENV\)/bin/rasa|^\s*rasa\s+(run|train|test)""",
                             re.M)


def launch_files() -> list[Path]:
    return [path for path in LAUNCHERS if path.resolve() not in NOT_LAUNCHERS]


def offenders(pattern: re.Pattern[str]) -> list[str]:
    found = []
    for path in launch_files():
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if pattern.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


def test_rasa_is_started_only_through_bot_rasa_cli() -> None:
    assert offenders(RASA_EXECUTABLE) == []


def test_nothing_asks_rasa_for_its_http_api_without_a_token() -> None:
    assert offenders(re.compile(r"--enable-api|--auth-token|--jwt-secret")) == []


def test_make_serve_listens_on_this_machine_only_unless_told_otherwise() -> None:
    script = STACK_SH.read_text()
    assert 'RASA_HOST=${RASA_HOST:-127.0.0.1}' in script and 'ACTIONS_HOST=${ACTIONS_HOST:-127.0.0.1}' in script
    rasa = re.findall(r"bot\.rasa_cli[^&]*&", script, re.S)
    actions = re.findall(r"^.*-m rasa_sdk.*$", script, re.M)
    assert len(rasa) == 1 and '--interface "$RASA_HOST"' in rasa[0], rasa
    assert len(actions) == 1 and actions[0].startswith("SANIC_HOST=$ACTIONS_HOST "), actions


def test_every_other_launcher_binds_127_0_0_1() -> None:
    """The benchmark's and the tests' servers: Rasa with --interface 127.0.0.1, the action server with
    SANIC_HOST=127.0.0.1 (rasa_sdk's default is every address)."""
    problems = []
    for path in launch_files():
        text = path.read_text()
        if path.suffix != ".py":
            continue
        if re.search(r'"run",\s*"--model"', text) and not re.search(r'"--interface",\s*"127\.0\.0\.1"', text):
            problems.append(f"{path.relative_to(ROOT)}: rasa run without --interface 127.0.0.1")
        if '"rasa_sdk"' in text and not re.search(r'"SANIC_HOST":\s*"127\.0\.0\.1"', text):
            problems.append(f"{path.relative_to(ROOT)}: the action server without SANIC_HOST=127.0.0.1")
    assert problems == []


def test_telemetry_is_off_wherever_rasa_runs() -> None:
    assert re.search(r"^export RASA_TELEMETRY_ENABLED := false$", MAKEFILE.read_text(), re.M)
    assert re.search(r"^export RASA_TELEMETRY_ENABLED=false$", STACK_SH.read_text(), re.M)
    assert 'os.environ["RASA_TELEMETRY_ENABLED"] = "false"' in (ROOT / "tests" / "conftest.py").read_text()
    assert re.search(r"^RASA := \$\(PY\) -m bot\.rasa_cli$", MAKEFILE.read_text(), re.M)
