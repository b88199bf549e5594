"""The observation mapper through the trained Rasa model, as the conversation and `python -m bot map` use it."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.paths import ROOT
from tests.shared_folder import need_shared, skip_without_shared

pytestmark = pytest.mark.model
SCORE = ROOT.parent / "shared" / "eval" / "score.py"
DEV_SET = ROOT.parent / "shared" / "eval" / "observations-dev.yml"
HELD_OUT = ROOT / "tests" / "eval" / "observations-heldout.yml"


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


def _scorer() -> Any:
    """The shared scorer (``score.py``) as a module: its own reading of a set and its own scoring."""
    spec = importlib.util.spec_from_file_location("shared_eval_score", SCORE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def mapped(trained_model) -> dict[Path, tuple[Any, list[dict]]]:
    """Every evaluation set mapped by one ``python -m bot map --jsonl`` run, as ``score.py --cmd`` maps one set: the
    same command, one observation a line, read and scored by ``score.py``'s own functions. One run loads the model
    once, where a run a set loaded it seventeen times (about three minutes of ``make test`` on two cores)."""
    need_shared(SCORE, "the shared scorer")
    scorer = _scorer()
    paths = [path for path in (DEV_SET, HELD_OUT, *(ROOT / "tests" / "eval" / f"observations-{name}.yml"
                                                    for name in sorted(FLOORS))) if path.exists()]
    sets = {path: scorer.load_items(path) for path in paths}
    texts = [item["text"] for items in sets.values() for item in items]
    done = run_map(trained_model, "--jsonl", stdin="\n".join(texts) + "\n")
    assert done.returncode == 0, done.stderr[-3000:]
    rows = scorer.parse_lines(done.stdout)
    assert len(rows) == len(texts), f"{len(rows)} rows for {len(texts)} observations"
    out, start = {}, 0
    for path, items in sets.items():
        out[path] = (items, rows[start:start + len(items)])
        start += len(items)
    return out


def score(mapped: dict[Path, tuple[Any, list[dict]]], data: Path) -> dict[str, float]:
    """``score.py``'s summary of a set, as ``make eval`` prints it."""
    items, rows = mapped[data]
    return _scorer().score(items, rows, False)


@skip_without_shared(DEV_SET, "the shared evaluation set")
def test_dev_set_scores_hold(mapped):
    """Floors at what the mapper reaches now; a change that makes it worse fails here (see docs/observations.md)."""
    need_shared(DEV_SET, "the shared evaluation set")
    result = score(mapped, DEV_SET)
    assert result["danger_recall"] == 1.0
    assert result["feature_recall"] >= 0.90
    assert result["feature_precision"] >= 0.85
    assert result["false_alarm_rate"] <= 0.05
    assert result["level_accuracy"] >= 0.80
    assert result["suspect_recall"] >= 0.97


@skip_without_shared(SCORE, "the shared scorer")
def test_held_out_set_generalises(mapped):
    """The held-out set, written apart from the training data, is checked against looser floors."""
    need_shared(SCORE, "the shared scorer")
    result = score(mapped, HELD_OUT)
    assert result["feature_recall"] >= 0.80
    assert result["suspect_recall"] >= 0.85
    assert result["danger_recall"] >= 0.85


# The independent sets, each held at floors: its measured figures minus 0.02 (docs/observations.md), so a change
# that reads unseen language worse fails here. Issue 15's targets are higher. "min" measures must not fall below
# their floor, "max" measures (false alarms, under-triage) must not rise above it.
FLOORS = {
    # the blind set (320, written apart, never trained or tuned on). Session 8's fourth batch of voices traded
    # precision (0.818 to 0.804) and false alarms (0.109 to 0.145) for danger recall (0.951 to 0.976) and
    # under-triage (0.041 to 0.037); docs/observations.md
    "blind": {"feature_recall": 0.875, "feature_precision": 0.78, "suspect_recall": 0.92, "danger_recall": 0.955,
              "level_accuracy": 0.81, "false_alarm_rate": 0.165, "under_triage": 0.06},
    # the third blind set (320, four authors in 20 roles, session 9; assembled without its texts being read). Session 10
    # moved it by two benign items (false alarms 0.397 to 0.423: one with a reworded training example, one with the
    # tuning-9 signs), so its false-alarm floor is the new figure plus 0.02 (docs/observations.md, session 10)
    "blind3": {"feature_recall": 0.848, "feature_precision": 0.663, "suspect_recall": 0.945, "danger_recall": 0.959,
               "level_accuracy": 0.724, "false_alarm_rate": 0.443, "under_triage": 0.048},
    # the fourth blind set (300, four authors in 20 more roles, session 10; commissioned before that session's changes
    # and assembled without its texts being read)
    "blind4": {"feature_recall": 0.905, "feature_precision": 0.68, "suspect_recall": 0.949, "danger_recall": 0.937,
               "level_accuracy": 0.81, "false_alarm_rate": 0.251, "under_triage": 0.043},
    # the second blind set (160, 16 more roles, session 7; never trained or tuned on, its items never read)
    "blind2": {"feature_recall": 0.86, "feature_precision": 0.675, "suspect_recall": 0.955, "danger_recall": 0.98,
               "level_accuracy": 0.745, "false_alarm_rate": 0.31, "under_triage": 0.04},
    # the first independent set
    "tuning": {"feature_recall": 0.88, "feature_precision": 0.815, "suspect_recall": 0.95, "danger_recall": 0.98,
               "level_accuracy": 0.88, "false_alarm_rate": 0.10, "under_triage": 0.045},
    # the second (21 roles no other set has)
    "tuning2": {"feature_recall": 0.89, "feature_precision": 0.70, "suspect_recall": 0.965, "danger_recall": 0.98,
                "level_accuracy": 0.80, "false_alarm_rate": 0.215, "under_triage": 0.045},
    # the third (240, 22 more roles, 35 immediate-danger items without the obvious words)
    "tuning3": {"feature_recall": 0.89, "feature_precision": 0.765, "suspect_recall": 0.96, "danger_recall": 0.98,
                "level_accuracy": 0.815, "false_alarm_rate": 0.19, "under_triage": 0.045},
    # the fourth (240, 20 more roles, 36 immediate-danger items without the obvious words, session 7)
    "tuning4": {"feature_recall": 0.875, "feature_precision": 0.695, "suspect_recall": 0.96, "danger_recall": 0.98,
                "level_accuracy": 0.745, "false_alarm_rate": 0.25, "under_triage": 0.045},
    # the fifth (240, 20 more roles, 36 immediate-danger items without the obvious words, 60 benign, session 8)
    "tuning5": {"feature_recall": 0.91, "feature_precision": 0.755, "suspect_recall": 0.98, "danger_recall": 0.98,
                "level_accuracy": 0.84, "false_alarm_rate": 0.29, "under_triage": 0.02},
    # the sixth (240, three authors, 15 roles, suspect-level features emphasised, 60 benign, session 9)
    "tuning6": {"feature_recall": 0.935, "feature_precision": 0.71, "suspect_recall": 0.97, "danger_recall": 0.98,
                "level_accuracy": 0.81, "false_alarm_rate": 0.385, "under_triage": 0.025},
    # the seventh (160, two authors, 10 roles, weighted to benign and explained descriptions, session 10)
    "tuning7": {"feature_recall": 0.913, "feature_precision": 0.545, "suspect_recall": 0.98, "danger_recall": 0.98,
                "level_accuracy": 0.736, "false_alarm_rate": 0.345, "under_triage": 0.02},
    # the eighth (160, two authors, 10 roles, suspect-level features told indirectly and danger, session 10)
    "tuning8": {"feature_recall": 0.936, "feature_precision": 0.703, "suspect_recall": 0.98, "danger_recall": 0.98,
                "level_accuracy": 0.849, "false_alarm_rate": 0.261, "under_triage": 0.02},
    # the ninth (140, two authors, 10 roles, danger without even "hurt" and children's own tellings, session 10)
    "tuning9": {"feature_recall": 0.949, "feature_precision": 0.742, "suspect_recall": 0.968, "danger_recall": 0.98,
                "level_accuracy": 0.816, "false_alarm_rate": 0.261, "under_triage": 0.034},
    # the tenth (160, four authors, 20 roles, danger without even "hurt" or "unsafe", suspect-level told
    # indirectly, benign look-alikes, session 11)
    "tuning10": {"feature_recall": 0.972, "feature_precision": 0.622, "suspect_recall": 0.98, "danger_recall": 0.98,
                 "level_accuracy": 0.805, "false_alarm_rate": 0.239, "under_triage": 0.02},
    # the eleventh (160, four authors, 20 roles, half longer narratives, benign look-alikes that name a topic and
    # rule it out, session 12)
    "tuning11": {"feature_recall": 0.932, "feature_precision": 0.605, "suspect_recall": 0.98, "danger_recall": 0.98,
                 "level_accuracy": 0.761, "false_alarm_rate": 0.52, "under_triage": 0.02},
    # the twelfth (160, four authors, 20 roles, danger without even "hurt", "threat" or "danger", suspect-level told
    # indirectly, benign look-alikes, session 13)
    "tuning12": {"feature_recall": 0.903, "feature_precision": 0.62, "suspect_recall": 0.98, "danger_recall": 0.98,
                 "level_accuracy": 0.73, "false_alarm_rate": 0.62, "under_triage": 0.02},
    # the thirteenth (160, four authors, 20 roles, suspect-level told indirectly in longer narratives, session 13)
    "tuning13": {"feature_recall": 0.933, "feature_precision": 0.63, "suspect_recall": 0.98, "danger_recall": 0.98,
                 "level_accuracy": 0.76, "false_alarm_rate": 0.49, "under_triage": 0.02},
    # the fourteenth (160, four authors, 20 roles, weighted to benign look-alikes and consider-level, session 14)
    "tuning14": {"feature_recall": 0.98, "feature_precision": 0.69, "suspect_recall": 0.98, "danger_recall": 0.98,
                 "level_accuracy": 0.79, "false_alarm_rate": 0.42, "under_triage": 0.02},
    # the fifteenth (160, four authors, 20 roles, suspect-level told indirectly and danger without the obvious words,
    # session 14)
    "tuning15": {"feature_recall": 0.97, "feature_precision": 0.68, "suspect_recall": 0.98, "danger_recall": 0.98,
                 "level_accuracy": 0.78, "false_alarm_rate": 0.5, "under_triage": 0.02},
    # the sixteenth (160, four authors, 20 roles, mixed as the blind sets are, many features in one message, session 14)
    "tuning16": {"feature_recall": 0.915, "feature_precision": 0.69, "suspect_recall": 0.98, "danger_recall": 0.98,
                 "level_accuracy": 0.76, "false_alarm_rate": 0.42, "under_triage": 0.02},
}
AT_MOST = {"false_alarm_rate", "under_triage"}


@skip_without_shared(SCORE, "the shared scorer")
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_independent_set_floors(mapped, name):
    need_shared(SCORE, "the shared scorer")
    result = score(mapped, ROOT / "tests" / "eval" / f"observations-{name}.yml")
    below = {measure: (result[measure], floor) for measure, floor in FLOORS[name].items()
             if (result[measure] > floor if measure in AT_MOST else result[measure] < floor)}
    assert not below, f"{name}: measure (now, floor): {below}"
