"""Shared fixtures for the NG76 knowledge tests.

The source texts live outside the project (``shared/guideline`` beside the checkout, or
``$NG76_SOURCE_DIR``). Tests that prove the data against them skip, saying why, only when
that folder is absent, and fail instead under CI (``tests/shared_folder.py``); everything else runs anywhere.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.guideline import Guideline, guideline
from bot.guideline.source import Sources, default_source_dir, load_sources
from bot.paths import GUIDELINE_DIR
from tests.shared_folder import need_shared


@pytest.fixture(scope="session")
def g() -> Guideline:
    """The production knowledge, loaded through the public cached API."""
    return guideline()


@pytest.fixture(scope="session")
def sources() -> Sources:
    """The NG76, SCIE and NSPCC texts, or a skip naming the missing folder."""
    directory = default_source_dir()
    need_shared(directory, "NG76 source texts (set NG76_SOURCE_DIR to point elsewhere)")
    return load_sources(directory)


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    """A writable copy of the production knowledge files, for breaking on purpose."""
    target = tmp_path / "guideline"
    shutil.copytree(GUIDELINE_DIR, target)
    return target
