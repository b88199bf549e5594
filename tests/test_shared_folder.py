"""Checks that need ../shared/ skip on a developer's clone without it, and fail under CI rather than pass unrun."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from bot.paths import ROOT
from tests.shared_folder import need_shared

SOURCE_CHECK = "tests/scenarios/test_schema_and_loader.py::test_the_recommendation_table_matches_the_source_text"


def test_present_folder_carries_on(tmp_path):
    need_shared(tmp_path, "anything")


def test_missing_folder_skips_outside_ci(tmp_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="not found"):
        need_shared(tmp_path / "missing", "the NG76 source texts")


def test_missing_folder_fails_under_ci(tmp_path, monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        need_shared(tmp_path / "missing", "the NG76 source texts")


@pytest.mark.parametrize("ci, outcome", [(None, "1 skipped"), ("true", "1 failed")])
def test_a_source_check_without_the_texts(tmp_path, ci, outcome):
    """End to end through pytest: the NG76 source check with the texts moved away."""
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["NG76_SOURCE_DIR"] = str(tmp_path / "missing")
    if ci:
        env["CI"] = ci
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", SOURCE_CHECK], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300)
    assert outcome in done.stdout, done.stdout[-2000:]
