"""The findings vocabulary: one order of levels, one order of routes (the knowledge base's), one place for meanings."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from bot.guideline import KnowledgeError, load_guideline
from bot.guideline.schema import RouteId, values_of
from bot.guideline.vocabulary import LEVEL_VALUES, Level, Route
from bot.paths import GUIDELINE_DIR


def test_levels_are_ordered_none_consider_suspect_danger():
    assert Level.NONE < Level.CONSIDER < Level.SUSPECT < Level.DANGER
    assert sorted([Level.DANGER, Level.NONE, Level.SUSPECT, Level.CONSIDER]) == list(Level)
    # alphabetically "suspect" < "danger" is False and "consider" < "none" is True: the rank decides, not the letters
    assert Level.DANGER > Level.SUSPECT and Level.CONSIDER > Level.NONE


def test_a_level_compares_with_and_equals_its_plain_word():
    assert Level.SUSPECT == "suspect" and Level.SUSPECT > "consider" and Level.CONSIDER < "danger"
    assert "consider" < Level.SUSPECT  # the plain word on the left still compares by rank
    assert {"suspect": 1}[Level.SUSPECT] == 1
    assert f"{Level.SUSPECT}" == str(Level.SUSPECT) == "suspect"
    assert json.dumps({"level": Level.DANGER}) == '{"level": "danger"}'


def test_highest_level():
    assert Level.highest(["consider", "suspect", "none"]) is Level.SUSPECT
    assert Level.highest([Level.CONSIDER, "danger"]) is Level.DANGER
    assert Level.highest([]) is Level.NONE


def test_route_order_is_the_order_of_routes_yml():
    raw = yaml.safe_load((GUIDELINE_DIR / "routes.yml").read_text(encoding="utf-8"))
    in_file = [entry["id"] for entry in raw["routes"]]
    assert [r.value for r in Route.order()] == in_file
    assert [r.value for r in Route] == in_file, "declare the members in the order of routes.yml"
    assert list(values_of(RouteId)) == in_file


def test_routes_in_order_follow_the_knowledge_base_not_the_caller():
    # the guideline's order: fabricated or induced illness (1.3.44) before trafficking (1.3.45)
    assert Route.in_order(["injury", "trafficking", "1.3.23", "fii", "danger", "fii"]) == [
        Route.DANGER, Route.FII, Route.TRAFFICKING, Route.INJURY]
    assert Route.FII < Route.TRAFFICKING


def test_route_order_moves_with_the_file(tmp_path: Path, monkeypatch):
    """Reordering routes.yml reorders the routes everywhere: the order is read, not written in code."""
    import shutil

    import bot.guideline as package

    copy = tmp_path / "guideline"
    shutil.copytree(GUIDELINE_DIR, copy)
    text = (copy / "routes.yml").read_text(encoding="utf-8")
    start, end = text.index("  - id: injury"), len(text)
    injury = text[start:end]
    first = text.index("  - id: danger")
    (copy / "routes.yml").write_text(text[:first] + injury.rstrip("\n") + "\n\n" + text[first:start], encoding="utf-8")
    moved = load_guideline(copy)
    monkeypatch.setattr(package, "guideline", lambda: moved)
    assert Route.order()[0] is Route.INJURY
    assert Route.in_order(["danger", "injury"]) == [Route.INJURY, Route.DANGER]


def test_route_levels():
    assert Route.DANGER.level is Level.DANGER
    assert {r.level for r in Route if r is not Route.DANGER} == {Level.SUSPECT}


def test_route_of_tells_routes_from_features():
    assert Route.of("fgm") is Route.FGM and Route.of("1.3.23") is None and Route.of(None) is None
    assert Route.known("injury") and not Route.known("1.3.44")


def test_level_meanings_come_from_the_knowledge_base():
    raw = yaml.safe_load((GUIDELINE_DIR / "levels.yml").read_text(encoding="utf-8"))
    in_file = {entry["id"]: entry["meaning"] for entry in raw["levels"]}
    assert list(in_file) == list(LEVEL_VALUES)
    assert {level.value: level.meaning for level in Level} == in_file


def test_no_module_writes_the_levels_or_routes_out_again():
    """The lint that keeps it one vocabulary: no tuple of level words or route ids outside the vocabulary."""
    from bot.paths import ROOT

    level_tuple = re.compile(r"""\(\s*["']none["'],\s*["']consider["'],\s*["']suspect["']""")
    route_tuple = re.compile(r"""["']disclosure["'],\s*["']fgm["'],\s*["'](?:fii|trafficking)["']""")
    offenders = []
    for path in list((ROOT / "bot").rglob("*.py")) + list((ROOT / "actions").rglob("*.py")):
        if path.name == "vocabulary.py":
            continue
        text = path.read_text(encoding="utf-8")
        if level_tuple.search(text) or route_tuple.search(text):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


@pytest.mark.parametrize("change, words", [
    (lambda t: t.replace("  - id: none\n", "  - id: nothing\n", 1), ["levels.yml", "missing level", "'none'"]),
    (lambda t: t.replace("    meaning: a child in immediate danger\n", "", 1), ["levels.yml", "'danger'", "meaning"]),
])
def test_a_broken_levels_file_fails_loudly(knowledge_copy: Path, change, words):
    path = knowledge_copy / "levels.yml"
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_guideline(knowledge_copy)
    assert all(w in str(caught.value) for w in words), str(caught.value)


def test_levels_out_of_order_fail(knowledge_copy: Path):
    path = knowledge_copy / "levels.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: danger")
    danger = text[start:].rstrip("\n") + "\n\n"
    text = text[:start]
    first = text.index("  - id: none")
    path.write_text(text[:first] + danger + text[first:], encoding="utf-8")
    with pytest.raises(KnowledgeError, match="lowest first"):
        load_guideline(knowledge_copy)
