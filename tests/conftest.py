"""Shared fixtures: the trained model (trained once per run when missing)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.paths import ROOT

MODEL = ROOT / "models" / "safeguarding.tar.gz"


@pytest.fixture(scope="session")
def trained_model() -> Path:
    """The project's trained model; `make train` builds it only when data or config changed."""
    subprocess.run(["make", "--no-print-directory", "train"], cwd=ROOT, check=True,
                   stdout=sys.stderr, stderr=sys.stderr)
    assert MODEL.exists(), "make train did not produce models/safeguarding.tar.gz"
    return MODEL
