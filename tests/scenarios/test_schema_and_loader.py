"""Broken scenario files fail loudly, naming the file, the scenario and the field, and every problem is reported.

Each case breaks the minimal valid scenario in one way (table-driven); a last test breaks several files at once
and checks that nothing is reported alone.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.scenarios import ScenarioError, load_scenarios, read_scenarios
from bot.scenarios.schema import NG76_RECOMMENDATIONS, ng76_recommendation_exists

from .conftest import BASE


def replace(old: str, new: str, text: str = BASE) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


SUSPECT = 'features: [{id: "1.3.23", level: suspect}]\n  level: suspect'
STEPS = "next_steps: [suspect_discuss_referral, seek_advice, record]"

# (name, broken text, file name, field or None, words in the message)
CASES = [
    ("invalid YAML", replace("title: A base case", "title: [A base case"), "base-case.yml", None, "not valid YAML"),
    ("empty file", "", "base-case.yml", None, "empty"),
    ("not a mapping", "- id: base-case\n", "base-case.yml", None, "one scenario"),
    ("unknown key", replace("title: A base case", "title: A base case\ncolour: red"), "base-case.yml", "colour",
     "extra fields not permitted"),
    ("missing field", replace("title: A base case\n", ""), "base-case.yml", "title", "field required"),
    ("duplicate key", replace("title: A base case", "title: A base case\ntitle: Another"), "base-case.yml", None,
     "appears twice"),
    ("unknown role", replace("role: teacher", "role: dinner_lady"), "base-case.yml", "role", "unexpected value"),
    ("id not a slug", replace("id: base-case", "id: Base Case"), "base-case.yml", "id", "hyphens"),
    ("file not named after id", replace("id: base-case", "id: other-case"), "base-case.yml", "id",
     "named after the scenario id"),
    ("age out of range", replace('years: 7}', 'years: 19}'), "base-case.yml", "child_age.years", "under 18"),
    ("unquoted feature id", replace('id: "1.3.23", level: suspect}]', 'id: 1.3, level: suspect}]'),
     "base-case.yml", "expected.features.0.id", "quoted"),
    ("not an alerting feature", replace('"1.3.23", level: suspect}]', '"1.3.44", level: suspect}]'),
     "base-case.yml", "expected.features.0.id", "not an alerting feature"),
    ("level differs from the knowledge base", replace(SUSPECT, 'features: [{id: "1.3.23", level: consider}]\n'
                                                               '  level: consider'),
     "base-case.yml", "expected.features.0.level", "is 'suspect' in the knowledge base"),
    ("overall level inconsistent", replace("  level: suspect\n  next", "  level: consider\n  next"),
     "base-case.yml", "expected", "the features and routes give 'suspect'"),
    ("unknown route", replace("  level: suspect\n  next", "  routes: [abduction]\n  level: suspect\n  next"),
     "base-case.yml", "expected.routes.0", "unexpected value"),
    ("unknown step", replace(STEPS, "next_steps: [suspect_discuss_referral, seek_advice, ring_mum]"),
     "base-case.yml", "expected.next_steps.2", "no step 'ring_mum'"),
    ("step the live advice does not give", replace(STEPS, "next_steps: [suspect_discuss_referral, consider_review]"),
     "base-case.yml", "expected.next_steps.1", "does not give 'consider_review'"),
    ("most important step missing", replace(STEPS, "next_steps: [seek_advice, record]"),
     "base-case.yml", "expected.next_steps", "most important step for this answer is 'suspect_discuss_referral'"),
    ("recommendation that does not exist", replace('cites: ["1.3.23"]', 'cites: ["1.3.23", "1.3.48"]'),
     "base-case.yml", "debrief.0.cites", "not NG76 recommendations: ['1.3.48']"),
    ("section that does not exist", replace('cites: ["1.3.23"]', 'cites: ["1.3.23", "1.9.1"]'),
     "base-case.yml", "debrief.0.cites", "not NG76 recommendations"),
    ("no cites", replace('cites: ["1.3.23"]', "cites: []"), "base-case.yml", "debrief.0.cites", "cite at least one"),
    ("expected feature not cited", replace('cites: ["1.3.23"]', 'cites: ["1.3.24"]'), "base-case.yml", "debrief",
     "no debrief point cites 1.3.23"),
    ("both 1.3.31 and 1.3.32", replace(SUSPECT, 'features: [{id: "1.3.31", level: consider}, '
                                                '{id: "1.3.32", level: suspect}]\n  level: suspect'),
     "base-case.yml", "expected.features", "1.3.32 replaces 1.3.31"),
    ("pre-pubertal feature for a 14-year-old", replace('years: 7}', 'years: 14}',
                                                      replace('"1.3.23", level', '"1.3.22", level')),
     "base-case.yml", "expected.features.0.id", "pre-pubertal"),
    ("under-12 feature for a 12-year-old",
     replace('years: 7}', 'years: 12}', replace(SUSPECT, 'features: [{id: "1.3.29", level: consider}]\n'
                                                         '  level: consider')),
     "base-case.yml", "expected.features.0.id", "under 12"),
    ("one-off for a feature that needs no repetition",
     replace(SUSPECT, 'features: [{id: "1.3.23", level: suspect}]\n  set_aside: [{id: "1.3.22", reason: one_off}]\n'
                      '  level: suspect'),
     "base-case.yml", "expected.set_aside.0.reason", "does not need repetition"),
    ("expected and set aside at once",
     replace(SUSPECT, 'features: [{id: "1.3.23", level: suspect}]\n  set_aside: [{id: "1.3.23", reason: one_off}]\n'
                      '  level: suspect'),
     "base-case.yml", "expected", "both expected and set aside"),
    ("expect_so_far on the last step", replace("      A vignette written for the tests.\n",
                                               "      A vignette written for the tests.\n    expect_so_far: "
                                               "{level: none}\n"),
     "base-case.yml", "steps", "the last step has no expect_so_far"),
    ("line Rasa would sniff", replace("      A vignette written for the tests.\n",
                                      "      A vignette written for the tests, whose\n      responses: were calm.\n"),
     "base-case.yml", None, "Rasa would read this file as training data"),
    ("review dates the wrong way round", replace("next_review: 2027-11-23", "next_review: 2025-11-23"),
     "base-case.yml", "review", "next_review must be after date_reviewed"),
    ("youth worker told to report FGM to the police",
     replace("role: teacher", "role: youth_worker", replace(SUSPECT + "\n  " + STEPS,
             'routes: [fgm]\n  level: suspect\n  next_steps: [fgm_regulated_report_police, seek_advice, record]')),
     "base-case.yml", "expected.next_steps", "a youth_worker follows 'fgm_other_roles'"),
]


@pytest.mark.parametrize("name, text, file, field, words", CASES, ids=[c[0] for c in CASES])
def test_each_kind_of_problem_is_reported_with_file_and_field(write, name, text, file, field, words):
    folder = write(text)
    result = read_scenarios(folder)
    assert result.problems, f"{name}: no problem reported"
    matching = [p for p in result.problems if words in p.message]
    assert matching, f"{name}: {words!r} not in {[str(p) for p in result.problems]}"
    problem = matching[0]
    assert problem.file == file
    if field is not None:
        assert problem.field == field, str(problem)
        assert problem.entry == "base-case" or "named after" in problem.message or problem.field == "id"
    assert file in str(problem)
    assert result.scenarios == []  # a scenario with a problem is never used
    with pytest.raises(ScenarioError) as raised:
        load_scenarios(folder)
    assert words in str(raised.value)


def test_the_base_fixture_is_valid(write):
    folder = write()
    library = load_scenarios(folder)
    assert [s.id for s in library] == ["base-case"]


def test_line_numbers_point_at_the_field(write):
    folder = write(replace("role: teacher", "role: dinner_lady"))
    (problem,) = read_scenarios(folder).problems
    assert problem.line == 4 and str(problem).startswith("base-case.yml:4: entry 'base-case': field 'role'")


def test_every_problem_in_every_file_is_reported_at_once(write):
    write(replace("role: teacher", "role: dinner_lady"))
    write(replace("id: base-case", "id: second-case", replace('cites: ["1.3.23"]', 'cites: ["1.3.99"]')),
          "second-case.yml")
    write(replace("id: base-case", "id: third-case", replace(STEPS, "next_steps: [ring_mum]")), "third-case.yml")
    folder = write(replace("id: base-case", "id: fourth-case"), "fourth-case.yml")
    write("", "empty.yml")
    write(replace("id: base-case", "id: fourth-case"), "fourth-case.yaml")
    result = read_scenarios(folder)
    files = {p.file for p in result.problems}
    # files are read in name order: fourth-case.yaml first, so fourth-case.yml is the duplicate
    assert files == {"base-case.yml", "second-case.yml", "third-case.yml", "empty.yml", "fourth-case.yml"}
    assert any("duplicate id" in p.message for p in result.problems)
    assert [s.id for s in result.scenarios] == ["fourth-case"]
    with pytest.raises(ScenarioError) as raised:
        load_scenarios(folder)
    assert f"{len(result.problems)} problems in the practice scenarios" in str(raised.value)


def test_missing_folder_and_empty_folder(tmp_path: Path):
    assert "not a directory" in read_scenarios(tmp_path / "nowhere").problems[0].message
    assert "no .yml scenario files" in read_scenarios(tmp_path).problems[0].message


@pytest.mark.parametrize("number, exists", [
    ("1.1.1", True), ("1.1.13", True), ("1.1.14", False), ("1.3.47", True), ("1.3.48", False),
    ("1.6.3", True), ("1.8.5", True), ("1.8.6", False), ("1.9.1", False), ("1.3", False), ("2.1.1", False),
])
def test_recommendation_numbers(number, exists):
    assert ng76_recommendation_exists(number) is exists


def test_the_recommendation_table_matches_the_source_text():
    from bot.guideline.source import default_source_dir, load_sources
    from tests.shared_folder import need_shared

    directory = default_source_dir()
    need_shared(directory, "NG76 source texts")
    numbers = load_sources(directory).recommendations
    for section, count in NG76_RECOMMENDATIONS.items():
        found = sorted(int(n.rsplit(".", 1)[1]) for n in numbers if n.rsplit(".", 1)[0] == section)
        assert max(found) == count, section
        # this copy of the source drops 1.6.3's list and with it the line that numbers it (NOTES.md)
        assert set(range(1, count + 1)) - set(found) <= ({3} if section == "1.6" else set()), section
