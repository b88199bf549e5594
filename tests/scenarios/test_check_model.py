"""The gate: every scenario's vignette, through the trained model, still gives the scenario's expected answer.

Runs ``python -m bot scenarios check`` as ``make scenarios-check`` does, with the model ``make train`` keeps up to
date. A failure names each scenario whose features, levels or routes the guideline logic no longer produces.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bot.paths import ROOT

pytestmark = pytest.mark.model


def test_every_scenario_passes_check_through_the_live_mapper(trained_model):
    done = subprocess.run([sys.executable, "-m", "bot", "scenarios", "check", "--json", "--model", str(trained_model)],
                          cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.stdout, done.stderr[-3000:]
    report = json.loads(done.stdout)
    failures = {m["scenario_id"]: m["differences"] for m in report["mapped"] if m["checked"] and not m["ok"]}
    assert report["problems"] == [] and failures == {}, json.dumps(failures, indent=2)
    assert done.returncode == 0
    assert report["valid"] == report["scenarios"] >= 24
