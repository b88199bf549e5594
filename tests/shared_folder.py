"""The checks that need ``../shared/`` (the NG76 source texts, the evaluation set and its scorer).

A clone without the shared folder skips them, saying why, so a developer can still run the rest. Under CI (the
environment variable ``CI`` set, as every CI service sets it) a missing folder fails instead: a pipeline that
passes with the guideline checks unrun would say the knowledge base was checked when it was not.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest


def need_shared(path: Path, what: str) -> None:
    """Carry on when ``path`` exists; otherwise skip, or under CI fail, naming what is missing and where."""
    if path.exists():
        return
    message = f"{what} not found at {path}"
    if os.environ.get("CI"):
        pytest.fail(f"{message}. CI is set, so the checks against ../shared/ must run: put the shared folder beside "
                    "the checkout (or set NG76_SOURCE_DIR for the source texts).", pytrace=False)
    pytest.skip(f"{message}; these checks run where ../shared/ is present (and fail under CI without it)")


def skip_without_shared(path: Path, what: str) -> pytest.MarkDecorator:
    """Mark a test to skip at collection when ``path`` is missing (so no model is trained for nothing), except
    under CI, where the test runs and ``need_shared`` in its body fails it."""
    return pytest.mark.skipif(not path.exists() and not os.environ.get("CI"),
                              reason=f"{what} not found at {path}; these checks run where ../shared/ is present")
