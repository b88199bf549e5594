"""The observation mapper through the trained Rasa model, as the conversation and `python -m bot map` use it."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.paths import ROOT
from tests.shared_folder import need_shared, skip_without_shared

pytestmark = pytest.mark.model
SCORE = ROOT.parent / "shared" / "eval" / "score.py"
DEV_SET = ROOT.parent / "shared" / "eval" / "observations-dev.yml"
HELD_OUT = ROOT / "tests" / "eval" / "observations-heldout.yml"
TUNING = ROOT / "tests" / "eval" / "observations-tuning.yml"
TUNING2 = ROOT / "tests" / "eval" / "observations-tuning2.yml"
TUNING3 = ROOT / "tests" / "eval" / "observations-tuning3.yml"
TUNING4 = ROOT / "tests" / "eval" / "observations-tuning4.yml"
BLIND = ROOT / "tests" / "eval" / "observations-blind.yml"
BLIND2 = ROOT / "tests" / "eval" / "observations-blind2.yml"


def run_map(model: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", "map", "--model", str(model), *args], cwd=ROOT,
                          input=stdin, capture_output=True, text=True, timeout=600)


def test_jsonl_gives_one_object_per_line_with_features_levels_qualifiers_and_evidence(trained_model):
    lines = [
        "He's 6 and he's been nicking food from the others' lunchboxes all week and hides it in his tray, "
        "and he always smells.",
        "No concerns about her weight, she eats well.",
        "😀😀😀",
        "",
    ]
    done = run_map(trained_model, "--jsonl", stdin="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr[-2000:]
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(rows) == 4
    food = {f["id"]: f for f in rows[0]["features"]}
    assert food["1.3.23"]["level"] == "suspect" and "food" in food["1.3.23"]["evidence"]
    assert "1.3.25" in food and rows[0]["level"] == "suspect"
    assert rows[0]["qualifiers"]["age"]["years"] == 6
    assert rows[1]["features"] == [] and rows[1]["level"] == "none"
    assert rows[2]["features"] == [] and "couldn't find an observation" in rows[2]["message"]
    assert rows[3]["features"] == [] and rows[3]["message"]


def test_readable_explanation(trained_model):
    done = run_map(trained_model, "The baby has fingertip bruises on her upper arm and mum can't explain them.")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "injury" in done.stdout and "Overall level: suspect" in done.stdout


def test_no_trained_model_exits_non_zero_saying_how_to_train(tmp_path):
    done = run_map(tmp_path / "missing.tar.gz", "--jsonl", stdin="hello\n")
    assert done.returncode != 0 and "make train" in done.stderr


def score(model: Path, data: Path) -> dict[str, float]:
    done = subprocess.run([sys.executable, str(SCORE), str(data), "--cmd",
                           f"{sys.executable} -m bot map --jsonl --model {model}"],
                          cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    summary = done.stdout.strip().splitlines()[-1]
    return {k: float(v) for k, v in (pair.split("=") for pair in summary.removeprefix("summary: ").split())}


@skip_without_shared(DEV_SET, "the shared evaluation set")
def test_dev_set_scores_hold(trained_model):
    """Floors at what the mapper reaches now; a change that makes it worse fails here (see docs/observations.md)."""
    need_shared(DEV_SET, "the shared evaluation set")
    result = score(trained_model, DEV_SET)
    assert result["danger_recall"] == 1.0
    assert result["feature_recall"] >= 0.90
    assert result["feature_precision"] >= 0.85
    assert result["false_alarm_rate"] <= 0.05
    assert result["level_accuracy"] >= 0.80
    assert result["suspect_recall"] >= 0.97


@skip_without_shared(SCORE, "the shared scorer")
def test_held_out_set_generalises(trained_model):
    """The held-out set, written apart from the training data, is checked against looser floors."""
    need_shared(SCORE, "the shared scorer")
    result = score(trained_model, HELD_OUT)
    assert result["feature_recall"] >= 0.80
    assert result["suspect_recall"] >= 0.85
    assert result["danger_recall"] >= 0.85


@skip_without_shared(SCORE, "the shared scorer")
def test_blind_set_floors(trained_model):
    """The blind set (320, written apart, never trained or tuned on): floors at the measured figures minus 0.02
    (docs/observations.md), so a change that reads unseen language worse fails here. Issue 15's targets are higher."""
    need_shared(SCORE, "the shared scorer")
    result = score(trained_model, BLIND)
    assert result["feature_recall"] >= 0.86
    assert result["feature_precision"] >= 0.80
    assert result["suspect_recall"] >= 0.935
    assert result["danger_recall"] >= 0.95
    assert result["false_alarm_rate"] <= 0.11
    assert result["level_accuracy"] >= 0.83
    assert result["under_triage"] <= 0.065


@skip_without_shared(SCORE, "the shared scorer")
def test_tuning_set_floors(trained_model):
    """The first independent set: its 13 benign items allow one false alarm more than measured (two of 13 today:
    a witnessed fall read as danger, an inhaler given as planned read as 1.3.39)."""
    need_shared(SCORE, "the shared scorer")
    result = score(trained_model, TUNING)
    assert result["suspect_recall"] >= 0.96
    assert result["danger_recall"] >= 0.98
    assert result["false_alarm_rate"] <= 0.16
    assert result["under_triage"] <= 0.035


@skip_without_shared(SCORE, "the shared scorer")
def test_second_tuning_set_floors(trained_model):
    """The second independent set (21 roles no other set has): its measured figures minus 0.02."""
    need_shared(SCORE, "the shared scorer")
    result = score(trained_model, TUNING2)
    assert result["feature_recall"] >= 0.87
    assert result["feature_precision"] >= 0.71  # 0.762 before the third batch of voices (session 7), now 0.731
    assert result["suspect_recall"] >= 0.955
    assert result["danger_recall"] >= 0.98
    assert result["false_alarm_rate"] <= 0.195
    assert result["level_accuracy"] >= 0.81
    assert result["under_triage"] <= 0.055


@skip_without_shared(SCORE, "the shared scorer")
def test_third_tuning_set_floors(trained_model):
    """The third independent set (240, 22 more roles, 35 immediate-danger items without the obvious words): its
    measured figures minus 0.02."""
    need_shared(SCORE, "the shared scorer")
    result = score(trained_model, TUNING3)
    assert result["feature_recall"] >= 0.885
    assert result["feature_precision"] >= 0.79
    assert result["suspect_recall"] >= 0.96
    assert result["danger_recall"] >= 0.98
    assert result["false_alarm_rate"] <= 0.235
    assert result["level_accuracy"] >= 0.825
    assert result["under_triage"] <= 0.045


@skip_without_shared(SCORE, "the shared scorer")
def test_fourth_tuning_set_floors(trained_model):
    """The fourth independent set (240, 20 more roles, 36 immediate-danger items without the obvious words): its
    measured figures minus 0.02."""
    need_shared(SCORE, "the shared scorer")
    result = score(trained_model, TUNING4)
    assert result["feature_recall"] >= 0.86
    assert result["feature_precision"] >= 0.715
    assert result["suspect_recall"] >= 0.955
    assert result["danger_recall"] >= 0.98
    assert result["false_alarm_rate"] <= 0.23
    assert result["level_accuracy"] >= 0.775
    assert result["under_triage"] <= 0.05


@skip_without_shared(SCORE, "the shared scorer")
def test_second_blind_set_floors(trained_model):
    """The second blind set (160, 16 more roles, never trained or tuned on, its items never read): its measured
    figures minus 0.02, so a change that reads unseen language worse fails here."""
    need_shared(SCORE, "the shared scorer")
    result = score(trained_model, BLIND2)
    assert result["feature_recall"] >= 0.85
    assert result["feature_precision"] >= 0.70
    assert result["suspect_recall"] >= 0.945
    assert result["danger_recall"] >= 0.935
    assert result["false_alarm_rate"] <= 0.345
    assert result["level_accuracy"] >= 0.745
    assert result["under_triage"] <= 0.055
