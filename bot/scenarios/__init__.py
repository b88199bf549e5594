"""Practice scenarios for safeguarding training, scored with the same guideline logic as the live advice.

A scenario (``scenarios/*.yml``, see ``docs/scenarios.md``) is a short vignette told in one or more steps,
with the answer the NG76 knowledge base gives: the alerting features and their levels, the special routes,
the overall level and the next steps, plus common mistakes and debrief points that cite recommendations.

    from bot.scenarios import library, random_scenario, find
    s = random_scenario(role="teacher")           # or library().get("food-hoarding-year3")
    s.steps[0].text                               # show the vignette, step by step
    from bot.scenarios.scoring import score_practice
    score = score_practice(s, noticed, "suspect", "tell the DSL and refer to MASH")   # noticed: Findings
    score.debrief_text(); score.to_dict()         # kind 'practice_score': never a real concern

``python -m bot scenarios check`` runs every vignette through the live observation mapper and fails when the
guideline logic no longer gives a scenario's answer.

Nothing is read at import time: the action server imports this package.
"""
from __future__ import annotations

import random as _random
from functools import lru_cache
from typing import List, Optional

from .loader import (
    SCENARIOS_DIR,
    LoadResult,
    ScenarioError,
    ScenarioLibrary,
    UnknownScenario,
    load_scenarios,
    read_scenarios,
)
from .schema import Scenario
from .scoring import PRACTICE_KIND  # the payload kind of a scored answer; live advice is "advice"

PRACTICE_BANNER = "Practice case: this child is fictional. Nothing you say here is recorded as a real concern."
"""What the chat shows before a vignette, so that nobody mistakes practice for a real case."""


@lru_cache(maxsize=1)
def library() -> ScenarioLibrary:
    """The project's scenarios, loaded from ``scenarios/`` on first call and cached.

    Raises ``ScenarioError`` listing every problem if the files are invalid (not cached, so a fixed file is
    picked up on the next call).
    """
    return load_scenarios(SCENARIOS_DIR)


def random_scenario(role: Optional[str] = None, topic: Optional[str] = None,
                    rng: Optional[_random.Random] = None, exclude=()) -> Optional[Scenario]:
    """A random scenario for a role (teacher, health, early_years, ...) and/or a topic tag, or None."""
    return library().random(role=role, topic=topic, rng=rng, exclude=exclude)


def find(query: str) -> List[Scenario]:
    """Scenarios matching free text (id, title, topics, role, a feature number), best first."""
    return library().find(query)


__all__ = [
    "PRACTICE_BANNER",
    "PRACTICE_KIND",
    "SCENARIOS_DIR",
    "LoadResult",
    "Scenario",
    "ScenarioError",
    "ScenarioLibrary",
    "UnknownScenario",
    "find",
    "library",
    "load_scenarios",
    "random_scenario",
    "read_scenarios",
]
