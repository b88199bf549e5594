"""``python -m bot guideline ...``: mostly through ``main(argv)``, once through a real process."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bot.guideline.cli import main
from bot.paths import ROOT


def run(capsys, *argv: str):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_json_is_one_array_of_all_features(capsys):
    code, out, _ = run(capsys, "list", "--json")
    data = json.loads(out)
    assert code == 0 and len(data) == 32
    assert all({"id", "level", "category", "summary", "quote", "title"} <= set(item) for item in data)
    assert data[0]["id"] == "1.3.12" and data[-1]["id"] == "1.3.43"


def test_list_readable_table(capsys):
    code, out, _ = run(capsys, "list")
    assert code == 0 and "1.3.23" in out and "suspect" in out and "32 alerting features" in out


def test_list_filters(capsys):
    code, out, _ = run(capsys, "list", "--json", "--level", "suspect", "--category", "medical_care")
    assert [f["id"] for f in json.loads(out)] == ["1.3.40"]


def test_show_json(capsys):
    code, out, _ = run(capsys, "show", "1.3.23", "--json")
    data = json.loads(out)
    assert code == 0 and data["id"] == "1.3.23" and data["level"] == "suspect"
    assert data["conditions"]["persistence"] == "required"
    assert data["steps"] == ["seek_advice", "speak_to_child", "suspect_discuss_referral", "early_help"]


def test_show_readable(capsys):
    code, out, _ = run(capsys, "show", "1.3.31")
    assert code == 0
    assert "NG76 1.3.31  CONSIDER" in out and "escalates to 1.3.32" in out
    assert "immediate danger" in out  # the danger step leads the readable steps


@pytest.mark.parametrize("number", ["1.3.99", "1.3.44", "banana"])
def test_show_unknown_number_exits_2_with_a_message(capsys, number):
    code, out, err = run(capsys, "show", number)
    assert code == 2 and out == ""
    assert f"NG76 {number} is not an alerting feature" in err


def test_route_readable_and_json(capsys):
    code, out, _ = run(capsys, "route", "fgm")
    assert code == 0 and "police" in out and "teacher" in out
    code, out, _ = run(capsys, "route", "fgm", "--json")
    data = json.loads(out)
    assert data["id"] == "fgm" and data["recommendations"] == ["1.3.8"] and "teacher" in data["role_notes"]
    code, out, _ = run(capsys, "route", "fgm", "--role", "youth_worker")
    assert "For your role (youth_worker)" in out and "safeguarding lead" in out


def test_route_unknown(capsys):
    code, _, err = run(capsys, "route", "nope")
    assert code == 2 and "no route 'nope'" in err


def test_interventions(capsys):
    code, out, _ = run(capsys, "interventions", "--age", "4", "--abuse", "neglect", "--json")
    ids = [i["id"] for i in json.loads(out)]
    assert code == 0 and ids[0] == "1.7.4" and "nspcc_nim" in ids
    code, out, _ = run(capsys, "interventions", "--age", "4", "--abuse", "neglect")
    assert "Attachment and Biobehavioural Catch-up" in out and "NSPCC, not NICE" in out


def test_interventions_bad_age(capsys):
    code, _, err = run(capsys, "interventions", "--age", "30")
    assert code == 2 and "age must be" in err


def test_steps(capsys):
    code, out, _ = run(capsys, "steps", "consider", "--json")
    assert code == 0 and json.loads(out)[0]["id"] == "seek_advice"


def test_check_ok(capsys):
    code, out, _ = run(capsys, "check")
    assert code == 0 and out.startswith("OK")


def test_check_against_the_source(capsys, sources):
    code, out, err = run(capsys, "check", "--source", str(sources.directory))
    assert code == 0, err
    assert "quotes verified" in out


def test_check_reports_every_problem(capsys, knowledge_copy):
    path = knowledge_copy / "alerting_features.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("level: suspect", "level: maybe", 1).replace("category: development", "category: growth", 1)
    path.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "check", str(knowledge_copy))
    assert code == 1 and out == ""
    assert "2 problems" in err and "'level'" in err and "'category'" in err


def test_usage_errors_exit_2(capsys):
    assert run(capsys)[0] == 2
    assert run(capsys, "frobnicate")[0] == 2
    assert run(capsys, "--help")[0] == 0


def test_real_process_through_python_m_bot():
    """The dispatcher in bot/__main__.py reaches this CLI, from any working directory."""
    done = subprocess.run(
        [sys.executable, "-m", "bot", "guideline", "list", "--json"],
        cwd=ROOT.parent, env={"PYTHONPATH": str(ROOT), "PATH": ""}, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == 32
    done = subprocess.run(
        [sys.executable, "-m", "bot", "guideline", "show", "1.3.7"],
        cwd=ROOT.parent, env={"PYTHONPATH": str(ROOT), "PATH": ""}, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 2 and "route 'disclosure'" in done.stderr
