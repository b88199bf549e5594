"""The trainer's page: practice results per scenario and participant, most missed and misjudged, CSV."""
from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta, timezone

import pytest

from bot.scenarios.results import PracticeResult, session_factory


def result(participant, scenario, overall, given, expected, missed=(), cohort="inset-1", days=0) -> PracticeResult:
    return PracticeResult(participant=participant, cohort=cohort, scenario_id=scenario,
                          recorded_at=datetime(2026, 3, 1, tzinfo=timezone.utc) + timedelta(days=days),
                          overall=overall, scores={"scores": {"overall": overall, "noticed": overall,
                                                              "level": 1.0 if given == expected else 0.0,
                                                              "steps": 0.5}},
                          missed_features=list(missed), level_given=given, level_expected=expected)


@pytest.fixture
def trainer(review):
    with session_factory(review.practice_url)() as session, session.begin():
        session.add_all([
            result("p-aaa", "food-hoarding-year3", 0.9, "suspect", "suspect"),
            result("p-bbb", "food-hoarding-year3", 0.4, "consider", "suspect", missed=["1.3.23"]),
            result("p-aaa", "harsh-words-home-time", 0.7, "consider", "consider"),
            result("p-ccc", "harsh-words-home-time", 0.2, "none", "consider", missed=["1.3.31"], cohort="inset-2",
                   days=10),
        ])
    review.trainer = review.logged_in("trainer.one", "trainer")
    return review


def test_the_cohort_page_shows_every_table(trainer):
    page = trainer.trainer.get("/practice")
    assert page.status_code == 200
    html = page.text
    for heading in ("Per scenario", "Per participant", "Features most often missed",
                    "Scenarios most often misjudged"):
        assert heading in html
    assert "food-hoarding-year3" in html and "p-ccc" in html and "1.3.23" in html
    assert "<strong>4</strong> practice attempts" in html
    assert [r["action"] for r in trainer.rows("review_audit") if r["action"].startswith("cohort")] == ["cohort-view"]


def test_one_cohort_or_since_a_date(trainer):
    html = trainer.trainer.get("/practice?cohort=inset-2").text
    assert "<strong>1</strong> practice attempt." in html and "p-aaa" not in html
    html = trainer.trainer.get("/practice?since=2026-03-05").text
    assert "<strong>1</strong> practice attempt." in html
    assert "enter a date like" in trainer.trainer.get("/practice?since=soon").text


def test_the_csv_export(trainer):
    reply = trainer.trainer.get("/practice.csv?cohort=inset-1")
    assert reply.status_code == 200 and reply.headers["content-type"].startswith("text/csv")
    assert reply.headers["content-disposition"].startswith('attachment; filename="practice-results-')
    rows = list(csv.DictReader(io.StringIO(reply.text)))
    assert {r["table"] for r in rows} == {"per_scenario", "per_participant", "most_missed_feature",
                                          "most_misjudged_scenario"}
    assert {r["id"] for r in rows if r["table"] == "per_participant"} == {"p-aaa", "p-bbb"}
    assert [r["detail"] for r in trainer.rows("review_audit") if r["action"] == "cohort-export"] == ["cohort inset-1"]


def test_no_results_yet(review):
    trainer = review.logged_in("trainer.one", "trainer")
    assert "No practice results yet" in trainer.get("/practice").text
