"""``python -m bot transcripts purge|list`` on SQLite and PostgreSQL."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest

from bot.paths import ROOT
from bot.transcripts import cli
from tests.transcripts.conversation import advice, bot, converse, run, slot, user
from tests.transcripts.test_retention import NOW, stored


@pytest.fixture
def filled(store):
    run(converse(store, "c-fgm", [user("she was cut abroad, Sarah said"),
                                  bot("A", advice("suspect", [("1.3.23", "suspect")], ["fgm"]))]))
    run(converse(store, "c-consider", [user("always hungry", channel="telegram"),
                                       bot("B", advice("consider", [("1.3.31", "consider")]))]))
    run(converse(store, "c-practice", [user("practice"), slot("practice_mode", True)]))
    return store


@pytest.fixture(autouse=True)
def own_var_folder(tmp_path, monkeypatch):
    """``purge`` also reaches var/'s log files and practice database: here, the test's own."""
    (tmp_path / "var").mkdir()
    monkeypatch.setenv("BOT_VAR_DIR", str(tmp_path / "var"))
    for name in ("BOT_PRACTICE_DB", "BOT_REVIEW_DB", "BOT_PRACTICE_RETENTION_DAYS", "BOT_LOG_DIR"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path / "var"


def cli_run(capsys, *argv, now=None) -> tuple[int, str, str]:
    code = cli.main(list(argv), now=now)
    out, err = capsys.readouterr()
    return code, out, err


def test_list_readable_and_json(filled, database_url, capsys):
    code, out, _ = cli_run(capsys, "list", "--database-url", database_url)
    assert code == 0 and len(out.strip().splitlines()) == 3
    assert "SUSPECT" in out and "features 1.3.23 (suspect); routes fgm" in out and "practice" in out

    code, out, _ = cli_run(capsys, "list", "--route", "fgm", "--json", "--database-url", database_url)
    listed = json.loads(out)
    assert code == 0 and [r["sender_id"] for r in listed] == ["c-fgm"]
    assert listed[0]["level"] == "suspect" and listed[0]["features"] == [{"id": "1.3.23", "level": "suspect"}]
    assert listed[0]["channel"] == "rest" and listed[0]["practice"] is False and listed[0]["contacts_given"]
    assert "Sarah" not in out, "the listing shows records only, and they are redacted"


@pytest.mark.parametrize("argv, expected", [
    (["--level", "suspect"], ["c-fgm"]),
    (["--feature", "1.3.31"], ["c-consider"]),
    (["--min-level", "consider"], ["c-consider", "c-fgm"]),
    (["--channel", "telegram"], ["c-consider"]),
    (["--practice"], ["c-practice"]),
    (["--real", "--search", "hungry"], ["c-consider"]),
    (["--level", "danger"], []),
])
def test_list_filters(filled, database_url, capsys, argv, expected):
    code, out, _ = cli_run(capsys, "list", "--json", "--database-url", database_url, *argv)
    assert code == 0 and sorted(r["sender_id"] for r in json.loads(out)) == expected


def test_purge_with_days_dry_run_and_json(store, database_url, capsys):
    stored(store, "ancient", 100)
    stored(store, "fresh", 1)
    code, out, _ = cli_run(capsys, "purge", "--days", "30", "--dry-run", "--json", "--database-url", database_url,
                           now=NOW)
    assert code == 0 and json.loads(out) == {
        "cutoff": "2026-05-02T12:00:00+00:00", "conversations": 1, "events": 2, "records": 1, "notes": 0,
        "statuses": 0, "alerts": 0, "dry_run": True,
        "practice": {"cutoff": "2026-05-02T12:00:00+00:00", "results": None}, "logs": {"files": 0, "lines": 0}}
    code, out, err = cli_run(capsys, "purge", "--days", "30", "--database-url", database_url, now=NOW)
    assert code == 0 and out.strip().splitlines()[0] == (
        "retention: deleted 1 conversations last active before 2026-05-02T12:00:00+00:00 (2 events, 1 records, "
        "0 notes, 0 review statuses, 0 alerts)")
    code, out, _ = cli_run(capsys, "list", "--json", "--database-url", database_url)
    assert [r["sender_id"] for r in json.loads(out)] == ["fresh"]


def test_purge_period_from_the_environment(store, database_url, capsys, monkeypatch):
    stored(store, "ninety", 90)
    monkeypatch.setenv("BOT_RETENTION_DAYS", "100")
    code, out, _ = cli_run(capsys, "purge", "--json", "--database-url", database_url, now=NOW)
    assert code == 0 and json.loads(out)["conversations"] == 0
    monkeypatch.setenv("BOT_RETENTION_DAYS", "60")
    code, out, _ = cli_run(capsys, "purge", "--json", "--database-url", database_url, now=NOW)
    assert code == 0 and json.loads(out)["conversations"] == 1
    monkeypatch.setenv("BOT_RETENTION_DAYS", "forever")
    code, _, err = cli_run(capsys, "purge", "--database-url", database_url)
    assert code == 2 and "BOT_RETENTION_DAYS" in err


def test_database_url_flag_wins_over_the_environment(filled, database_url, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("BOT_DATABASE_URL", f"sqlite:///{tmp_path / 'elsewhere.db'}")
    code, out, _ = cli_run(capsys, "list", "--json", "--database-url", database_url)
    assert code == 0 and len(json.loads(out)) == 3
    code, out, _ = cli_run(capsys, "list", "--json")
    assert code == 0 and json.loads(out) == []


def test_an_unreachable_database_is_exit_code_1(capsys, tmp_path):
    code, _, err = cli_run(capsys, "list", "--database-url", "postgresql://127.0.0.1:9/none?connect_timeout=2")
    assert code == 1 and "cannot use the conversation database" in err


def test_the_group_is_on_the_command_surface(tmp_path):
    """``python -m bot transcripts`` reaches this module (a real process, the default SQLite file moved)."""
    env = {"PATH": "/usr/bin:/bin", "BOT_TRACKER_DB": str(tmp_path / "c.db"), "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "bot", "transcripts", "purge", "--dry-run", "--json"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["dry_run"] and report["conversations"] == 0
    cutoff = datetime.fromisoformat(report["cutoff"])
    assert abs(cutoff - (datetime.now(timezone.utc) - timedelta(days=365))) < timedelta(minutes=5)
    assert "retention: would delete 0 conversations" in done.stderr


def test_purge_reaches_practice_results_and_the_log_files(store, database_url, capsys, own_var_folder):
    """One daily command: conversations, practice results (their own period) and var/'s logs."""
    from types import SimpleNamespace

    from sqlalchemy.orm import Session

    from bot.scenarios.results import PracticeResult, pseudonymous_id, record_result, session_factory

    stored(store, "ancient", 100)
    practice_db = own_var_folder / "practice.db"
    score = SimpleNamespace(scenario_id="food-hoarding", missed_feature_ids=[],
                            level=SimpleNamespace(given="suspect", expected="suspect"),
                            summary=lambda: {"scores": {"overall": 1.0}})
    sessions = session_factory(f"sqlite:///{practice_db}")
    with sessions() as session, session.begin():
        for days in (200, 50, 5):
            record_result(session, participant=pseudonymous_id("c-1", key="a test key long enough for practice ids"),
                          score=score, at=NOW - timedelta(days=days))
    log = own_var_folder / "rasa.log"
    log.write_text("2026-04-01 09:00:00 INFO     rasa.core  - an old line\n  and its traceback\n"
                   "2026-05-30 09:00:00 INFO     rasa.core  - a recent line\n")

    code, out, _ = cli_run(capsys, "purge", "--days", "30", "--practice-days", "100", "--json",
                           "--database-url", database_url, now=NOW)
    report = json.loads(out)
    assert code == 0 and report["conversations"] == 1
    assert report["practice"] == {"cutoff": "2026-02-21T12:00:00+00:00", "results": 1}
    assert report["logs"] == {"files": 1, "lines": 2}
    assert log.read_text() == "2026-05-30 09:00:00 INFO     rasa.core  - a recent line\n"
    with Session(sessions.kw["bind"], future=True) as session:
        assert session.query(PracticeResult).count() == 2


def test_purge_creates_no_practice_database(database_url, capsys, own_var_folder):
    code, out, _ = cli_run(capsys, "purge", "--json", "--database-url", database_url, now=NOW)
    assert code == 0 and json.loads(out)["practice"]["results"] is None
    assert not (own_var_folder / "practice.db").exists()
