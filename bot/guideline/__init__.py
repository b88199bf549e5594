"""NICE guideline NG76 (Child abuse and neglect) as validated data, with a query API.

The knowledge lives in ``knowledge/guideline/*.yml`` (see ``docs/guideline-knowledge.md``);
this package gives it a schema (``schema``), a loader that reports every fault at once
(``loader``), a query object (``query.Guideline``) and a command line (``cli``)::

    from bot.guideline import guideline
    g = guideline()                 # loaded once per process, then cached
    g.feature("1.3.23").level       # 'suspect'
    g.steps_for_level("consider")   # what to do, in guideline order
    g.route("fgm").role_notes["teacher"]

Nothing is read at import time: importing this package is cheap and cannot fail on a bad
file, which matters because Rasa's action server imports every module it can find.
"""
from __future__ import annotations

from functools import lru_cache

from bot.paths import GUIDELINE_DIR

from .errors import KnowledgeError, Problem, UnknownRecommendation
from .loader import load_guideline
from .query import Guideline
from .schema import (
    AgeCondition,
    AgeRange,
    AlertingFeature,
    Conditions,
    ContextRecommendation,
    ContextSection,
    Dose,
    Intervention,
    LevelStep,
    Review,
    Route,
    Step,
)


@lru_cache(maxsize=1)
def guideline() -> Guideline:
    """The project's NG76 knowledge, loaded from ``knowledge/guideline`` on first call and cached.

    Raises ``KnowledgeError`` listing every problem if the files are invalid (the error is
    not cached, so a fixed file is picked up on the next call).
    """
    return load_guideline(GUIDELINE_DIR)


__all__ = [
    "guideline",
    "load_guideline",
    "Guideline",
    "AlertingFeature",
    "Conditions",
    "AgeCondition",
    "Step",
    "LevelStep",
    "Route",
    "Intervention",
    "AgeRange",
    "Dose",
    "ContextSection",
    "ContextRecommendation",
    "Review",
    "KnowledgeError",
    "Problem",
    "UnknownRecommendation",
]
