"""bot.rasa_cli: Rasa's command line with nothing reported to Rasa's servers and no HTTP API without a token.

Each protection is compared with Rasa's own entry point on the same machine settings: a home folder whose
Rasa configuration says telemetry is enabled (what ``rasa`` writes the first time it runs), and Sentry's
``init`` replaced by a line on stdout, so the test sees whether a crash reporter would have been set up
without sending anything anywhere.
"""
from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from bot.paths import ROOT
from bot.rasa_cli import RasaCommandError, rasa_arguments, read_token, split_arguments, write_new_token

SENTRY_PROBE = "import sentry_sdk; sentry_sdk.init = lambda *a, **k: print('SENTRY-INIT', flush=True)\n"


def run_python(code: str, home: Path) -> str:
    (home / ".config" / "rasa").mkdir(parents=True, exist_ok=True)
    (home / ".config" / "rasa" / "global.yml").write_text(
        "metrics:\n  enabled: true\n  rasa_user_id: 00000000000000000000000000000000\n  date: 2024-01-01 00:00:00\n")
    env = {k: v for k, v in os.environ.items() if k != "RASA_TELEMETRY_ENABLED"}
    env.update({"HOME": str(home), "TF_CPP_MIN_LOG_LEVEL": "3"})
    done = subprocess.run([sys.executable, "-c", SENTRY_PROBE + code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_nothing_is_reported_to_rasa_where_rasa_itself_would_report(tmp_path: Path) -> None:
    rasas_own = run_python("import sys; from rasa.__main__ import main; sys.argv = ['rasa', 'telemetry']; main()",
                           tmp_path / "a")
    ours = run_python("from bot.rasa_cli import main; main(['telemetry'])", tmp_path / "b")
    assert "SENTRY-INIT" in rasas_own and "currently enabled" in rasas_own  # what the stack did before
    assert "SENTRY-INIT" not in ours and "currently disabled" in ours


def test_the_http_api_is_refused_without_a_token_file() -> None:
    with pytest.raises(RasaCommandError, match="--api-token-file"):
        rasa_arguments(None, ["run", "--model", "m.tar.gz", "--enable-api"])


@pytest.mark.parametrize("secret", [["--auth-token", "abc"], ["--auth-token=abc"], ["--jwt-secret", "abc"]])
def test_secrets_on_the_command_line_are_refused(secret: list[str], tmp_path: Path) -> None:
    for token_file in (None, tmp_path / "token"):
        with pytest.raises(RasaCommandError, match="visible to every user"):
            rasa_arguments(token_file, ["run", *secret])


def test_a_token_file_turns_the_api_on_behind_a_new_token(tmp_path: Path) -> None:
    token_file = tmp_path / "var" / "rasa-api.token"
    first = rasa_arguments(*split_arguments(["--api-token-file", str(token_file), "run", "--enable-api", "-p", "1"]))
    assert first[:4] == ["run", "-p", "1", "--enable-api"]
    assert first[4] == f"--auth-token={read_token(token_file)}" and len(read_token(token_file)) >= 40
    second = rasa_arguments(*split_arguments([f"--api-token-file={token_file}", "run"]))
    assert second[-1] == f"--auth-token={read_token(token_file)}" != first[4]  # a new token at each start
    with pytest.raises(RasaCommandError, match="'rasa run' only"):
        rasa_arguments(token_file, ["train"])


def test_the_token_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    token_file = tmp_path / "rasa-api.token"
    token_file.write_text("old")
    os.chmod(token_file, 0o644)
    write_new_token(token_file)
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600 and read_token(token_file) != "old"
    assert [p.name for p in tmp_path.iterdir()] == ["rasa-api.token"]  # no draft left beside it


def test_a_token_that_starts_with_a_dash_still_reaches_rasa(tmp_path: Path, monkeypatch) -> None:
    """secrets.token_urlsafe can start with "-"; given as a separate argument, argparse took it for an option and
    Rasa refused to start (seen once in CI when a killed server was restarted)."""
    import argparse

    import bot.rasa_cli as rasa_cli
    from rasa.cli import run as rasa_run

    monkeypatch.setattr(rasa_cli.secrets, "token_urlsafe", lambda n: "-starts-with-a-dash-" + "x" * 30)
    arguments = rasa_arguments(tmp_path / "rasa-api.token", ["run", "-p", "1"])
    parser = argparse.ArgumentParser()
    rasa_run.add_subparser(parser.add_subparsers(), parents=[])
    parsed = parser.parse_args(arguments)
    assert parsed.auth_token == read_token(tmp_path / "rasa-api.token") and parsed.enable_api
