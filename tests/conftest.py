"""Shared fixtures: the trained model (trained once per run when missing), and the running servers."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

from bot.paths import ROOT
from tests.e2e.servers import Stack, running_stack

MODEL = ROOT / "models" / "safeguarding.tar.gz"


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
