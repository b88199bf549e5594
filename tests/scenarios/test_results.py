"""Practice results and the cohort view, against an in-memory SQLite database."""
from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, inspect, select
from sqlalchemy.orm import Session

from bot.scenarios.results import (
    PracticeResult,
    check_participant,
    cohort,
    database_url,
    metadata,
    pseudonymous_id,
    record_result,
    session_factory,
)
from bot.scenarios.scoring import score_practice

from .conftest import mapping

T0 = datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc)


@pytest.fixture
def session():
    engine = create_engine("sqlite://", future=True)
    metadata.create_all(engine)
    with Session(engine, future=True) as s:
        yield s


def attempt(lib, scenario_id, noticed, level, steps):
    return score_practice(lib.get(scenario_id), noticed, level, steps)


@pytest.fixture
def filled(session, lib):
    """Three participants, three scenarios: some right, some under-triaged, one unreadable level."""
    rows = [
        ("p-aaa", "food-hoarding-year3", mapping([("1.3.23", "suspect")]), "suspect", "DSL, refer to MASH, record"),
        ("p-bbb", "food-hoarding-year3", mapping(), "consider", "DSL"),
        ("p-ccc", "food-hoarding-year3", mapping([("1.3.23", "suspect")]), "consider", "record"),
        ("p-aaa", "harsh-words-home-time", mapping([("1.3.31", "consider")]), "consider", "DSL"),
        ("p-bbb", "harsh-words-home-time", mapping([("1.3.32", "suspect")]), "suspect", "refer"),
        ("p-aaa", "exam-stress-youth-centre", mapping(), "no concern", "nothing"),
        ("p-ccc", "exam-stress-youth-centre", mapping([("1.3.12", "consider")]), "hmm", "refer"),
    ]
    with session.begin():
        for n, (who, sid, noticed, level, steps) in enumerate(rows):
            record_result(session, participant=who, score=attempt(lib, sid, noticed, level, steps),
                          cohort="inset-1", at=T0 + timedelta(minutes=n))
    return session


def test_the_table_has_its_own_metadata_and_columns():
    assert set(metadata.tables) == {"practice_results"}
    engine = create_engine("sqlite://", future=True)
    metadata.create_all(engine)
    columns = {c["name"] for c in inspect(engine).get_columns("practice_results")}
    assert {"participant", "scenario_id", "recorded_at", "scores", "missed_features", "level_given",
            "level_expected", "cohort", "overall"} <= columns


def test_record_result_stores_scores_and_ids_only(filled):
    rows = list(filled.scalars(select(PracticeResult).order_by(PracticeResult.id)))
    assert len(rows) == 7
    first = rows[0]
    assert first.participant == "p-aaa" and first.scenario_id == "food-hoarding-year3"
    assert first.level_given == "suspect" and first.level_expected == "suspect"
    assert first.scores["scores"]["overall"] == first.overall
    assert rows[1].missed_features == ["1.3.23"] and rows[3].missed_features == ["1.3.32"]
    assert "words for" not in str([r.scores for r in rows])  # the trainee's words are never stored


def test_cohort_per_scenario_and_participant(filled):
    view = cohort(filled)
    assert view.attempts == 7
    food = next(r for r in view.per_scenario if r.scenario_id == "food-hoarding-year3")
    assert (food.attempts, food.participants, food.level_right, food.under_triage, food.over_triage) == (3, 3, 1, 2, 0)
    a = next(p for p in view.per_participant if p.participant == "p-aaa")
    assert (a.attempts, a.scenarios, a.level_right, a.under_triage) == (3, 3, 2, 1)


def test_cohort_most_missed_and_most_misjudged(filled):
    view = cohort(filled)
    assert [(m.feature_id, m.missed) for m in view.most_missed] == [("1.3.23", 1), ("1.3.32", 1)]
    assert view.most_misjudged[0].scenario_id == "food-hoarding-year3"
    assert view.most_misjudged[0].rate == pytest.approx(2 / 3, abs=0.001)
    exam = next(m for m in view.most_misjudged if m.scenario_id == "exam-stress-youth-centre")
    assert exam.misjudged == 1  # an unreadable level counts as misjudged


def test_cohort_filters(filled):
    assert cohort(filled, cohort_label="other").attempts == 0
    assert cohort(filled, since=T0 + timedelta(minutes=5)).attempts == 2


def test_csv_export_has_every_table(filled):
    out = io.StringIO()
    cohort(filled).write_csv(out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert {r["table"] for r in rows} == {"per_scenario", "per_participant", "most_missed_feature",
                                          "most_misjudged_scenario"}
    food = next(r for r in rows if r["table"] == "per_scenario" and r["id"] == "food-hoarding-year3")
    assert food["attempts"] == "3" and food["under_triage"] == "2"


def test_text_view(filled, session):
    text = cohort(filled).to_text()
    assert "7 practice attempts" in text and "Features most often missed" in text and "p-bbb" in text
    engine = create_engine("sqlite://", future=True)
    metadata.create_all(engine)
    with Session(engine, future=True) as empty:
        assert cohort(empty).to_text() == "No practice results yet."


@pytest.mark.parametrize("participant", ["jane.smith@school.org", "Jane Smith", "07700900123", "", "a" * 65,
                                         "Jane.Smith"])
def test_participants_must_be_pseudonymous(participant):
    with pytest.raises(ValueError):
        check_participant(participant)


def test_pseudonymous_ids_are_stable_keyed_and_accepted(monkeypatch):
    monkeypatch.setenv("BOT_PRACTICE_ID_KEY", "first-test-key-0123456789")
    one = pseudonymous_id("telegram:12345")
    assert one == pseudonymous_id("telegram:12345") and one.startswith("p-") and "12345" not in one
    assert check_participant(one) == one
    monkeypatch.setenv("BOT_PRACTICE_ID_KEY", "second-test-key-0123456789")
    assert pseudonymous_id("telegram:12345") != one


def test_session_factory_uses_the_environment(tmp_path, monkeypatch, lib):
    db = tmp_path / "practice.db"
    monkeypatch.setenv("BOT_PRACTICE_DB", str(db))
    assert database_url() == f"sqlite:///{db}"
    session_factory.cache_clear()
    Session_ = session_factory()
    with Session_() as s, s.begin():
        record_result(s, participant="p-1", score=attempt(lib, "food-hoarding-year3", mapping(), "suspect", "x"))
    with Session_() as s:
        assert cohort(s).attempts == 1
    assert db.exists()
    session_factory.cache_clear()
    monkeypatch.delenv("BOT_PRACTICE_DB")
    monkeypatch.setenv("BOT_VAR_DIR", str(tmp_path / "var"))
    assert database_url().endswith("var/practice.db")
    assert database_url("postgresql://u@h/db") == "postgresql://u@h/db"
