"""Broken knowledge files fail loudly, naming file, entry and field, and listing every problem.

Each test breaks a temporary copy of the production files in one way (table-driven), then a
last test breaks it in all those ways at once and checks nothing is reported alone.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, List

import pytest

from bot.guideline import KnowledgeError, load_guideline

FEATURES = "alerting_features.yml"


def edit_entry(directory: Path, file: str, entry_id: str, change: Callable[[str], str]) -> None:
    """Apply ``change`` to the text of one entry (from its '- id:' line to the next entry)."""
    path = directory / file
    text = path.read_text(encoding="utf-8")
    start = text.index(f'  - id: "{entry_id}"')
    following = re.search(r"\n  - id: ", text[start + 1:])
    end = start + 1 + following.start() if following else len(text)
    block = text[start:end]
    new = change(block)
    assert new != block, f"edit of {entry_id} changed nothing"
    path.write_text(text[:start] + new + text[end:], encoding="utf-8")


def remove_level(d: Path) -> None:
    edit_entry(d, FEATURES, "1.3.12", lambda b: b.replace("    level: consider\n", "", 1))


def unknown_category(d: Path) -> None:
    edit_entry(d, FEATURES, "1.3.17", lambda b: b.replace("category: behavioural_emotional", "category: behaviour", 1))


def level_maybe(d: Path) -> None:
    edit_entry(d, FEATURES, "1.3.23", lambda b: b.replace("level: suspect", "level: maybe", 1))


def duplicate_number(d: Path) -> None:
    edit_entry(d, FEATURES, "1.3.41", lambda b: b.replace('id: "1.3.41"', 'id: "1.3.40"', 1))


def unknown_field(d: Path) -> None:
    edit_entry(d, FEATURES, "1.3.20", lambda b: b.replace("    title:", "    colour: red\n    title:", 1))


CASES = {
    "missing level": (remove_level, ["alerting_features.yml", "'1.3.12'", "'level'", "field required"]),
    "unknown category": (unknown_category, ["alerting_features.yml", "'1.3.17'", "'category'", "unexpected value", "behavioural_emotional"]),
    "level maybe": (level_maybe, ["alerting_features.yml", "'1.3.23'", "'level'", "unexpected value; permitted: 'consider', 'suspect'"]),
    "duplicate number": (duplicate_number, ["alerting_features.yml", "'1.3.40'", "'id'", "duplicate id", "'1.3.41'", "missing"]),
    "unknown field": (unknown_field, ["alerting_features.yml", "'1.3.20'", "'colour'", "extra fields not permitted"]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_each_break_is_reported_with_file_entry_and_field(knowledge_copy, name):
    breaker, words = CASES[name]
    breaker(knowledge_copy)
    with pytest.raises(KnowledgeError) as info:
        load_guideline(knowledge_copy)
    message = str(info.value)
    missing = [w for w in words if w not in message]
    assert missing == [], message


def test_problem_lines_point_at_the_field(knowledge_copy):
    level_maybe(knowledge_copy)
    with pytest.raises(KnowledgeError) as info:
        load_guideline(knowledge_copy)
    (problem,) = info.value.problems
    line = (knowledge_copy / FEATURES).read_text(encoding="utf-8").splitlines()[problem.line - 1]
    assert line.strip() == "level: maybe"
    assert (problem.file, problem.entry, problem.field) == (FEATURES, "1.3.23", "level")


def test_all_problems_are_reported_together(knowledge_copy):
    for breaker, _ in CASES.values():
        breaker(knowledge_copy)
    with pytest.raises(KnowledgeError) as info:
        load_guideline(knowledge_copy)
    fields = {(p.entry, p.field) for p in info.value.problems}
    assert {("1.3.12", "level"), ("1.3.17", "category"), ("1.3.23", "level"), ("1.3.40", "id"), ("1.3.20", "colour")} <= fields
    assert str(info.value).startswith(f"{len(info.value.problems)} problems in the NG76 knowledge files")


def _write(d: Path, file: str, change: Callable[[str], str]) -> None:
    path = d / file
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


OTHER_BREAKS: List[tuple] = [
    ("rasa sniff", lambda d: _write(d, "steps.yml", lambda t: t + "\nresponses: {}\n"), ["steps.yml", "'responses'", "training"]),
    ("yaml duplicate key", lambda d: edit_entry(d, FEATURES, "1.3.26", lambda b: b.replace("    level: consider\n", "    level: consider\n    level: suspect\n", 1)), ["appears twice"]),
    ("unknown shared step", lambda d: _write(d, "routes.yml", lambda t: t.replace("      - immediate_danger\n", "      - immediate_dangr\n", 1)), ["routes.yml", "'danger'", "unknown shared step 'immediate_dangr'"]),
    ("broken escalation", lambda d: edit_entry(d, FEATURES, "1.3.31", lambda b: b.replace('escalates_to: "1.3.32"', 'escalates_to: "1.3.30"')), ["'1.3.31'", "conditions.escalates_to", "must be a 'suspect' feature"]),
    ("required without wording", lambda d: edit_entry(d, FEATURES, "1.3.43", lambda b: b.replace("      persistence_wording: persistently\n", "")), ["'1.3.43'", "'conditions'", "persistence_wording"]),
    ("unknown route", lambda d: _write(d, "routes.yml", lambda t: t.replace("  - id: fii\n", "  - id: fabricated\n")), ["'fabricated'", "'id'", "missing route", "'fii'"]),
    ("bad intervention age", lambda d: edit_entry(d, "interventions.yml", "1.7.12", lambda b: b.replace("min_years: 5, max_years: 12", "min_years: 12, max_years: 5")), ["interventions.yml", "'1.7.12'", "'age'", "min_years is above max_years"]),
    ("unknown section", lambda d: _write(d, "context.yml", lambda t: t + "\nsafeguarding: []\n"), ["context.yml", "unknown section 'safeguarding'"]),
    ("not yaml", lambda d: _write(d, "steps.yml", lambda t: t + "\n  - [unclosed\n"), ["steps.yml", "not valid YAML"]),
    ("section id unquoted", lambda d: _write(d, "context.yml", lambda t: t.replace('id: "1.1"', "id: 1.10")), ["context.yml:", "principles: entry '1.1'", "'id'", "must be quoted"]),
]


@pytest.mark.parametrize("name, breaker, words", OTHER_BREAKS, ids=[b[0] for b in OTHER_BREAKS])
def test_other_breaks(knowledge_copy, name, breaker, words):
    breaker(knowledge_copy)
    with pytest.raises(KnowledgeError) as info:
        load_guideline(knowledge_copy)
    message = str(info.value)
    assert [w for w in words if w not in message] == [], message


def test_missing_directory(tmp_path):
    with pytest.raises(KnowledgeError, match="not a directory"):
        load_guideline(tmp_path / "nowhere")


def test_empty_directory(tmp_path):
    with pytest.raises(KnowledgeError) as info:
        load_guideline(tmp_path)
    message = str(info.value)
    assert "no .yml knowledge files" in message and "'alerting_features' is missing" in message
