"""``python -m bot scenarios ...``: through ``main(argv)``, with a fake mapper for ``check``, and once as a process."""
from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest

from bot.findings import Findings
from bot.paths import ROOT
from bot.scenarios import SCENARIOS_DIR, read_scenarios
from bot.scenarios.cli import cmd_check, compare, main, run_check
from bot.scenarios.results import record_result, session_factory
from bot.scenarios.scoring import score_practice

from .conftest import BASE, mapping


def run(capsys, *argv: str):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def as_mapping(snapshot) -> Findings:
    """What a perfect mapper would return for a snapshot."""
    return mapping([(f.id, f.level) for f in snapshot.features], routes=snapshot.routes,
                   not_met=[s.id for s in snapshot.set_aside if s.reason != "explained"],
                   explained=[s.id for s in snapshot.set_aside if s.reason == "explained"])


@pytest.fixture(scope="module")
def perfect_parser():
    """A fake mapper that gives each vignette (and each step's text) exactly its expected answer."""
    answers = {}
    for s in read_scenarios(SCENARIOS_DIR).scenarios:
        answers[s.vignette] = as_mapping(s.expected)
        for i, step in enumerate(s.steps[:-1]):
            answers[s.text_up_to(i)] = as_mapping(step.expect_so_far) if step.expect_so_far else mapping()
    return answers.__getitem__


def test_list_json(capsys, lib):
    code, out, _ = run(capsys, "list", "--json")
    data = json.loads(out)
    assert code == 0 and len(data) == len(lib) >= 24
    assert {"id", "title", "role", "child_age", "level", "features", "routes", "set_aside"} <= set(data[0])


def test_list_filters_and_table(capsys):
    code, out, _ = run(capsys, "list", "--role", "youth_worker", "--topic", "fgm")
    assert code == 0 and "fgm-told-youth-worker" in out and "1 scenario(s)" in out


def test_show(capsys):
    code, out, _ = run(capsys, "show", "harsh-words-home-time")
    assert code == 0 and "Vignette:" in out and "  2. Over the next five weeks" in out
    assert "feature NG76 1.3.32 (suspect)" in out and "(NG76 1.3.31)" in out and "trainer sign-off pending" in out
    code, out, _ = run(capsys, "show", "harsh-words-home-time", "--json")
    assert json.loads(out)["expected"]["features"] == [{"id": "1.3.32", "level": "suspect"}]


def test_show_unknown_is_a_usage_error(capsys):
    code, _, err = run(capsys, "show", "food-hoarding")
    assert code == 2 and "did you mean food-hoarding-year3" in err


def test_coverage(capsys):
    code, out, _ = run(capsys, "coverage")
    assert code == 0 and "Persistence escalations: " in out and "1.3.31->1.3.32" in out
    assert "Not covered" not in out


def test_check_schema_only(capsys):
    code, out, _ = run(capsys, "check", "--schema-only")
    assert code == 0 and "0 problem(s); mapping skipped" in out


def test_check_reports_broken_files_and_exits_1(capsys, write):
    folder = write(BASE.replace("role: teacher", "role: dinner_lady"))
    code, out, _ = run(capsys, "check", "--schema-only", "--dir", str(folder))
    assert code == 1 and "base-case.yml:4: entry 'base-case': field 'role'" in out
    code, out, _ = run(capsys, "check", "--schema-only", "--json", "--dir", str(folder))
    data = json.loads(out)
    assert code == 1 and data["ok"] is False and data["problems"][0]["field"] == "role"


def test_check_passes_when_the_mapper_gives_every_expected_answer(capsys, perfect_parser):
    code = cmd_check(SCENARIOS_DIR, False, None, False, parse=perfect_parser)
    out = capsys.readouterr().out
    assert code == 0, out
    assert "(0 scenario(s) failing)" in out


def test_check_fails_listing_each_scenario_the_logic_no_longer_answers(capsys, perfect_parser):
    def drifted(text: str) -> Findings:
        answer = perfect_parser(text)
        if "Maya is 7" in text:  # the food feature drops to 'consider'
            return mapping([("1.3.23", "consider")])
        if "Over the next five weeks" in text:  # persistence no longer read
            return mapping([("1.3.31", "consider")])
        return answer

    code = cmd_check(SCENARIOS_DIR, True, None, False, parse=drifted)
    data = json.loads(capsys.readouterr().out)
    assert code == 1 and data["failed"] == ["food-hoarding-year3", "harsh-words-home-time"]
    food = [m for m in data["mapped"] if m["scenario_id"] == "food-hoarding-year3" and not m["ok"]]
    assert {m["stage"] for m in food} == {"after step 1 of 2", "whole vignette"}
    code = cmd_check(SCENARIOS_DIR, False, None, False, parse=drifted)
    out = capsys.readouterr().out
    assert "harsh-words-home-time.yml: harsh-words-home-time: whole vignette" in out
    assert "expected NG76 1.3.32 (suspect): not found" in out and "overall level: expected suspect" in out


def test_compare_names_every_shortfall(lib):
    s = lib.get("scald-left-alone-emergency-department")
    assert compare(s.expected, as_mapping(s.expected)) == []
    diffs = compare(s.expected, mapping([("1.3.38", "consider"), ("1.3.36", "consider")]))
    assert diffs == ["expected the injury route: not found",
                     "overall level: expected suspect, the mapper gives consider"]
    watch = lib.get("slippers-frosty-morning")
    assert compare(watch.expected, mapping([("1.3.27", "consider")])) == [
        "expected NG76 1.3.27 set aside (one_off): counted as met (consider)",
        "overall level: expected none, the mapper gives consider"]


def test_run_check_maps_each_step_once(lib):
    texts = []
    scenarios = [lib.get("harsh-words-home-time"), lib.get("young-carer-year8")]
    run_check(scenarios, lambda t: texts.append(t) or mapping())
    assert len(texts) == 3 and texts[0] == scenarios[0].text_up_to(0) and texts[1] == scenarios[0].vignette


def test_check_without_a_model_exits_3(capsys, tmp_path):
    code, _, err = run(capsys, "check", "--model", str(tmp_path / "missing.tar.gz"))
    assert code == 3 and "make train" in err


def test_cohort_text_json_and_csv(capsys, tmp_path, monkeypatch, lib):
    db = tmp_path / "practice.db"
    monkeypatch.setenv("BOT_PRACTICE_DB", str(db))
    session_factory.cache_clear()
    with session_factory()() as s, s.begin():
        for who, level in (("p-1", "suspect"), ("p-2", "consider")):
            score = score_practice(lib.get("food-hoarding-year3"), mapping([("1.3.23", "suspect")]), level, "DSL")
            record_result(s, participant=who, score=score)
    code, out, _ = run(capsys, "cohort")
    assert code == 0 and "2 practice attempts" in out and "food-hoarding-year3" in out
    code, out, _ = run(capsys, "cohort", "--json")
    assert json.loads(out)["most_misjudged"][0]["under_triage"] == 1
    target = tmp_path / "cohort.csv"
    code, _, err = run(capsys, "cohort", "--csv", str(target))
    assert code == 0 and "wrote" in err
    rows = list(csv.DictReader(target.open()))
    assert {"per_scenario", "per_participant"} <= {r["table"] for r in rows}
    session_factory.cache_clear()


def test_usage_errors(capsys):
    assert run(capsys, "frobnicate")[0] == 2
    assert run(capsys)[0] == 2


def test_as_a_real_process_through_the_command_surface():
    done = subprocess.run([sys.executable, "-m", "bot", "scenarios", "list", "--json"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) >= 24
    helped = subprocess.run([sys.executable, "-m", "bot", "--help"], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert "scenarios" in helped.stdout
