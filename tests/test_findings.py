"""Findings, the mapper's result as types: the dict form round-trips, and the danger finding is made once."""
from __future__ import annotations

import json

from bot.findings import DANGER_TITLE, Finding, Findings, Question, SetAside
from bot.guideline.vocabulary import Level, Route
from bot.observations.qualifiers import Age, Qualifiers
from bot.observations.vulnerability import VulnerabilityFactor

# A mapping as the NLU component puts it in the parse data (and `python -m bot map --jsonl` prints it).
PARSE_DATA = {
    "features": [
        {"id": "1.3.23", "level": "suspect", "confidence": 0.812, "evidence": "takes food from lunchboxes",
         "title": "Takes, hoards or hides food", "notes": ["repeated or persistent (every day)"]},
        {"id": "disclosure", "level": "suspect", "confidence": 0.9, "evidence": "she told me",
         "title": "A child tells you about abuse or neglect", "notes": ["the child has told someone (NG76 1.3.7)"]},
    ],
    "level": "suspect",
    "routes": ["disclosure"],
    "qualifiers": {"frequency": "persistent", "frequency_words": "every day",
                   "age": {"years": 6, "stage": "child", "words": "6yo", "exact": True, "pre_pubertal": True},
                   "explanations": [], "ruled_out": ["medical"], "negation": None, "carer_denies": None,
                   "explanation_words": {}, "linked": {"medical": "asthma"}},
    "uncertain": [{"kind": "persistence", "question": "Has this happened more than once, or is it ongoing?",
                   "features": ["1.3.31"], "words": ""}],
    "not_met": [{"id": "1.3.25", "reason": "a one-off (once): NG76 1.3.25 needs it to be repeated", "evidence": "smelt",
                 "ask": "one_off", "words": "once"}],
    "explained": [{"id": "1.3.13", "reason": "age", "evidence": "clingy", "ask": None, "words": ""}],
    "vulnerability": [{"key": "poverty_housing", "name": "poverty or poor housing", "cite": "NG76 1.2.2",
                       "words": "food bank"}],
    "beyond": ["non_mobile_bruise"],
    "non_recent": "in the past ... now safe",
    "message": None,
}


def test_parse_data_round_trips_key_for_key():
    findings = Findings.from_dict(PARSE_DATA)
    assert json.dumps(findings.to_dict()) == json.dumps(PARSE_DATA)


def test_from_dict_gives_types():
    findings = Findings.from_dict(PARSE_DATA)
    assert findings.level is Level.SUSPECT and findings.routes == [Route.DISCLOSURE]
    assert isinstance(findings.features[0], Finding) and findings.features[0].level is Level.SUSPECT
    assert [f.id for f in findings.alerting_features] == ["1.3.23"]
    assert findings.not_met == [SetAside("1.3.25", PARSE_DATA["not_met"][0]["reason"], "smelt", "one_off", "once")]
    assert findings.uncertain[0] == Question("persistence", PARSE_DATA["uncertain"][0]["question"], ["1.3.31"])
    assert findings.qualifiers == Qualifiers("persistent", "every day", Age(6, "child", "6yo", True), [], ["medical"],
                                             None, None, {}, {"medical": "asthma"})
    assert findings.vulnerability == [VulnerabilityFactor("poverty_housing", "poverty or poor housing", "NG76 1.2.2",
                                                          "food bank")]


def test_from_dict_is_lenient_with_parts_left_out():
    assert Findings.from_dict(None) == Findings()
    assert Findings.from_dict({"features": "not a list"}) == Findings()
    partial = Findings.from_dict({"features": [{"id": "fgm"}, {"id": "1.3.31", "level": "consider"}]})
    assert [f.level for f in partial.features] == [Level.SUSPECT, Level.CONSIDER]
    assert partial.level is Level.SUSPECT, "no level given: the highest found"


def test_with_danger_puts_the_danger_finding_first_at_level_danger():
    findings = Findings.from_dict(PARSE_DATA).with_danger(evidence="he has a knife", confidence=0.7)
    first = findings.features[0]
    assert (first.id, first.level, first.confidence, first.evidence, first.title) == (
        "danger", Level.DANGER, 0.7, "he has a knife", DANGER_TITLE)
    assert findings.level is Level.DANGER and findings.routes[0] is Route.DANGER
    assert [f.id for f in findings.features[1:]] == ["1.3.23", "disclosure"]
    data = findings.to_dict()
    assert data["routes"] == ["danger", "disclosure"] and data["level"] == "danger"


def test_with_danger_is_idempotent():
    once = Findings.from_dict(PARSE_DATA).with_danger(evidence="now")
    twice = once.with_danger(evidence="again")
    assert twice == once
    assert [f.id for f in twice.features].count("danger") == 1


def test_with_danger_keeps_the_mappers_own_danger_finding():
    found = Findings([Finding.immediate_danger("he has a knife", 1.0, ("weapon",))], Level.DANGER)
    assert found.with_danger(evidence="something else") is found


def test_with_danger_does_not_change_the_findings_it_was_given():
    findings = Findings.from_dict(PARSE_DATA)
    findings.with_danger()
    assert json.dumps(findings.to_dict()) == json.dumps(PARSE_DATA)
