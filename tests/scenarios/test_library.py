"""The production scenario library: valid, as broad as the issue asks, new writing, and easy to search."""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from bot.guideline import guideline
from bot.guideline.schema import CATEGORIES, ROLES, ROUTES
from bot.paths import ROOT
from bot.scenarios import SCENARIOS_DIR, find, random_scenario, read_scenarios
from bot.scenarios.cli import coverage
from bot.scenarios.loader import RASA_SNIFFED


def test_every_production_file_loads_without_a_problem():
    result = read_scenarios(SCENARIOS_DIR)
    assert [str(p) for p in result.problems] == []
    assert len(result.scenarios) == len(list(SCENARIOS_DIR.glob("*.yml"))) >= 24


def test_no_file_holds_a_line_rasa_would_read_as_training_data():
    offenders = [f"{p.name}:{n}" for p in SCENARIOS_DIR.glob("*.yml")
                 for n, line in enumerate(p.read_text().splitlines(), 1) if RASA_SNIFFED.match(line)]
    assert offenders == []


def test_coverage_matches_the_issue(lib):
    cov = coverage(lib)
    assert cov["scenarios"] >= 24
    assert cov["missing_categories"] == [] and set(cov["categories"]) == set(CATEGORIES)
    assert cov["missing_routes"] == [] and set(cov["routes"]) == set(ROUTES)
    assert set(cov["feature_levels"]) == {"consider", "suspect"}
    assert {"none", "consider", "suspect", "danger"} <= set(cov["levels"])
    escalations = " ".join(cov["escalations"])
    assert "1.3.31->1.3.32" in escalations and "1.3.33->1.3.34" in escalations
    assert len(cov["watch_cases"]) >= 3
    assert len(cov["no_feature"]) >= 2
    assert set(cov["roles"]) == set(ROLES)
    assert min(cov["ages"]) < 1 and max(cov["ages"]) >= 15


def test_persistence_escalations_unfold_over_steps(lib):
    """Each escalation case first shows the 'consider' interaction, then its persistence."""
    g = guideline()
    for s in lib:
        for f in s.expected.features:
            source = g.feature(f.id).conditions.escalated_from
            if source:
                earlier = [step.expect_so_far for step in s.steps if step.expect_so_far]
                assert any(source in snap.feature_ids for snap in earlier), s.id


def test_every_feature_expected_is_met_as_worded(lib):
    """Features whose wording needs repetition are only expected where the vignette says it recurs."""
    g = guideline()
    recurs = re.compile(r"\b(?:every|each|always|repeatedly|regularly|often|most|several|never|none of|"
                        r"times|weeks|months|keeps|persistent\w*|all)\b", re.I)
    for s in lib:
        for f in s.expected.features:
            if g.feature(f.id).conditions.persistence == "required":
                assert recurs.search(s.vignette), f"{s.id}: {f.id} needs repetition"


def test_vignettes_are_new_writing_not_the_training_data():
    """No vignette shares six words in a row with the NLU training data: check must test the logic, not memory."""
    def words(text: str) -> list:
        return re.findall(r"[a-z0-9']+", text.lower())

    training = []
    for path in (ROOT / "data" / "nlu").rglob("*.yml"):
        training += words(path.read_text(encoding="utf-8"))
    grams = {tuple(training[i:i + 6]) for i in range(len(training) - 5)}
    shared = {}
    for s in read_scenarios(SCENARIOS_DIR).scenarios:
        w = words(s.vignette)
        hits = [" ".join(w[i:i + 6]) for i in range(len(w) - 5) if tuple(w[i:i + 6]) in grams]
        if hits:
            shared[s.id] = hits
    assert shared == {}


def test_find_and_random_for_the_chat(lib):
    assert find("food-hoarding-year3")[0].id == "food-hoarding-year3"
    assert find("1.3.23")[0].id == "food-hoarding-year3"
    assert {s.id for s in find("fgm")} >= {"fgm-signs-practice-nurse", "fgm-told-youth-worker"}
    assert find("trafficking")[0].id == "trafficking-car-wash-outreach"
    assert find("") == [] and find("zzzz") == []
    rng = random.Random(4)
    assert random_scenario(role="youth_worker", rng=rng).role == "youth_worker"
    assert "fgm" in random_scenario(topic="fgm", rng=rng).topics
    assert random_scenario(role="teacher", topic="trafficking") is None
    done = [s.id for s in lib.select(role="social_worker")][:-1]
    remaining = lib.random(role="social_worker", exclude=done, rng=rng)
    assert remaining.id not in done


def test_get_unknown_suggests(lib):
    with pytest.raises(KeyError) as raised:
        lib.get("food-hoarding")
    assert "food-hoarding-year3" in str(raised.value)


def test_scenario_files_are_named_after_their_ids():
    for path in SCENARIOS_DIR.glob("*.yml"):
        assert re.search(rf"^id: {re.escape(path.stem)}$", path.read_text(), re.M), path.name


def test_scenarios_live_outside_the_training_data_path():
    assert Path(SCENARIOS_DIR).resolve().parent == ROOT and not (ROOT / "data" / "scenarios").exists()
