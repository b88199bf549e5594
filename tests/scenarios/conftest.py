"""Shared fixtures for the practice-scenario tests: the production library, a minimal valid scenario to break,
and the mapper's findings written by hand (``bot.findings.Findings``), so nothing here needs the model."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Optional

import pytest

from bot.findings import Findings
from bot.guideline.vocabulary import Level, Route
from bot.scenarios import ScenarioLibrary, library

BASE = """\
# a minimal valid scenario, broken on purpose by the tests
id: base-case
title: A base case
role: teacher
setting: Class teacher in a primary school
child_age: {text: "7", years: 7}
topics: [test]
steps:
  - text: >-
      A vignette written for the tests.
expected:
  features: [{id: "1.3.23", level: suspect}]
  level: suspect
  next_steps: [suspect_discuss_referral, seek_advice, record]
common_mistakes:
  - >-
    A common mistake.
debrief:
  - point: >-
      A debrief point.
    cites: ["1.3.23"]
review: {checked_by: "trainer sign-off pending", date_reviewed: 2026-11-23, next_review: 2027-11-23}
"""


@pytest.fixture(scope="session")
def lib() -> ScenarioLibrary:
    """The production scenarios, through the public cached API."""
    return library()


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write a scenario file into a fresh folder: ``write(text, name="base-case.yml")``."""
    folder = tmp_path / "scenarios"
    folder.mkdir()

    def _write(text: str = BASE, name: str = "base-case.yml") -> Path:
        (folder / name).write_text(text, encoding="utf-8")
        return folder

    return _write


def mapping(features: Iterable[tuple] = (), routes: Iterable[str] = (), not_met: Iterable[str] = (),
            explained: Iterable[str] = (), level: Optional[str] = None) -> Findings:
    """What the mapper finds, written by hand: features as (id, level) pairs, routes by id."""
    feats = [{"id": fid, "level": lv, "confidence": 0.9, "evidence": f"words for {fid}", "title": ""}
             for fid, lv in features]
    feats += [{"id": r, "level": Route(r).level, "confidence": 0.9,
               "evidence": f"words for {r}", "title": ""} for r in routes]
    return Findings.from_dict({
        "features": feats,
        "routes": list(routes),
        "level": level or Level.highest(f["level"] for f in feats),
        "not_met": [{"id": i, "reason": "a one-off", "evidence": "once"} for i in not_met],
        "explained": [{"id": i, "reason": "explained", "evidence": "because"} for i in explained],
        "uncertain": [],
    })
