"""The follow-up questions: asked only when the answer changes the advice, and applied as the guideline says."""
from __future__ import annotations

import copy

import pytest

from bot.conversation.answers import AgeRange
from bot.conversation.concern import Concern
from bot.conversation.follow_up import apply, interpret, next_question
from bot.findings import Findings


def feature(fid: str, level: str, evidence: str = "what was seen") -> dict:
    return {"id": fid, "level": level, "evidence": evidence, "title": "", "notes": []}


def concern_with(*features: dict, uncertain: list[dict] = ()) -> Concern:
    concern = Concern()
    concern.add_findings(Findings.from_dict({"features": list(features), "uncertain": list(uncertain)}))
    return concern


def ask(kind: str, *ids: str) -> dict:
    return {"kind": kind, "question": "?", "features": list(ids)}


def test_persistence_that_escalates_is_asked_and_yes_makes_it_suspect():
    concern = concern_with(feature("1.3.31", "consider"), uncertain=[ask("persistence", "1.3.31")])
    asked = next_question(concern)
    assert asked is not None and asked.question.kind == "persistence"
    assert "1.3.32" in asked.why
    apply(concern, asked.question, "yes")
    assert [(n.feature, n.level) for n in concern.counted] == [("1.3.32", "suspect")]
    assert next_question(concern) is None


def test_persistence_not_sure_keeps_consider_and_says_what_would_change_it():
    concern = concern_with(feature("1.3.31", "consider"), uncertain=[ask("persistence", "1.3.31")])
    apply(concern, next_question(concern).question, "unsure")
    note = concern.counted[0]
    assert (note.feature, note.level) == ("1.3.31", "consider") and "1.3.32" in note.details[-1]


def test_a_question_that_cannot_change_the_level_is_not_asked():
    concern = concern_with(feature("1.3.23", "suspect"), feature("1.3.31", "consider"),
                           uncertain=[ask("persistence", "1.3.31")])
    assert next_question(concern) is None
    assert concern.answers[-1]["asked"] is False
    assert {n.feature for n in concern.counted} == {"1.3.23", "1.3.31"}, "the safe default keeps the feature"


def test_a_one_off_does_not_meet_a_repeated_feature_but_is_recorded_for_review():
    concern = concern_with(feature("1.3.23", "suspect"), uncertain=[ask("persistence", "1.3.23")])
    asked = next_question(concern)
    assert asked.question.kind == "persistence"
    apply(concern, asked.question, "no")
    assert concern.level == "none" and concern.set_aside[0].status == "not_met"
    assert "record it, keep watching and review" in concern.set_aside[0].reason


def test_a_known_age_settles_the_puberty_question_without_asking():
    concern = concern_with(feature("1.3.21", "suspect"), uncertain=[ask("age", "1.3.21")])
    assert next_question(concern, AgeRange(14, 14, "14 years")) is None
    assert [(n.feature, n.level) for n in concern.counted] == [("1.3.20", "suspect")], "never weakened"


def test_under_12_is_asked_when_the_age_is_unknown_and_no_sets_it_aside():
    concern = concern_with(feature("1.3.29", "consider"), uncertain=[ask("age", "1.3.29")])
    asked = next_question(concern)
    assert asked.question.kind == "under" and "under 12" in asked.text
    apply(concern, asked.question, interpret(asked.question, "she's 13", "inform"))
    assert concern.level == "none" and concern.set_aside[0].feature == "1.3.29"


def test_an_age_band_settles_under_12():
    concern = concern_with(feature("1.3.29", "consider"), uncertain=[ask("age", "1.3.29")])
    asked = next_question(concern, AgeRange(5, 11.99, "5 to 11"))
    assert asked.question.kind == "explanation", "age settled; the explanation (EAL, autism) still matters"
    assert any(a["kind"] == "under" and a["asked"] is False and a["answer"] == "yes" for a in concern.answers)
    assert concern.level == "consider"


def test_the_child_telling_you_opens_the_disclosure_route():
    concern = Concern()
    concern.add_findings(Findings.from_dict({"features": [], "uncertain": [ask("disclosure", "disclosure")]}))
    asked = next_question(concern)
    assert asked.question.kind == "disclosure"
    apply(concern, asked.question, "yes")
    assert concern.routes == ["disclosure"] and concern.level == "suspect"


def test_a_full_explanation_sets_a_consider_feature_aside_and_keeps_abuse_in_mind():
    concern = concern_with(feature("1.3.13", "consider"))
    asked = next_question(concern)
    assert asked.question.kind == "explanation" and "keep" in asked.why.lower()
    apply(concern, asked.question, "yes")
    assert concern.level == "none" and "keep abuse and neglect in mind" in concern.set_aside[0].reason
    assert next_question(concern) is None, "asked once"


def test_explanations_are_never_asked_about_suspect_features():
    concern = concern_with(feature("1.3.23", "suspect"))
    assert next_question(concern) is None


def test_which_feature_was_meant():
    concern = concern_with(feature("1.3.13", "consider"),
                           uncertain=[{"kind": "which", "question": "?", "features": ["1.3.13", "1.3.23"]}])
    asked = next_question(concern)
    assert asked.question.kind == "which"
    apply(concern, asked.question, interpret(asked.question, "2", None))
    assert [n.feature for n in concern.counted] == ["1.3.23"]


def test_questions_come_one_at_a_time_in_order():
    concern = concern_with(feature("1.3.31", "consider"), feature("1.3.29", "consider"),
                           uncertain=[ask("persistence", "1.3.31"), ask("age", "1.3.29"),
                                      ask("disclosure", "disclosure")])
    kinds = []
    while (asked := next_question(concern)) is not None:
        kinds.append(asked.question.kind)
        apply(concern, asked.question, "unsure")
    assert kinds == ["disclosure", "persistence"]
    # with 1.3.31 still 'consider', setting 1.3.29 aside would not change the level: not asked
    assert {a["kind"] for a in concern.answers if not a["asked"]} == {"under", "explanation"}


# ---- "Not sure" never lowers a level, for every kind of question (H3) --------------------------------------
def aside(fid: str, ask_kind: str, words: str, key: str = "not_met") -> dict:
    return {key: [{"id": fid, "reason": "a qualifier", "evidence": "what was seen", "ask": ask_kind, "words": words}]}


NOT_SURE_CASES = {
    "persistence, a repeated feature (1.3.23)": lambda: concern_with(
        feature("1.3.23", "suspect"), uncertain=[ask("persistence", "1.3.23")]),
    "persistence, an escalating feature (1.3.31)": lambda: concern_with(
        feature("1.3.31", "consider"), uncertain=[ask("persistence", "1.3.31")]),
    "a stated one-off (1.3.25)": lambda: _from(aside("1.3.25", "one_off", "once")),
    "dealt with promptly (1.3.43)": lambda: _from(aside("1.3.43", "resolved", "rang the dentist straight away")),
    "a linked explanation (1.3.23)": lambda: _from(aside("1.3.23", "explanation", "Prader-Willi", "explained")),
    "a mentioned explanation (1.3.13)": lambda: concern_with(
        feature("1.3.13", "consider"), uncertain=[{**ask("explanation", "1.3.13"), "words": "autistic"}]),
    "under 12 (1.3.29)": lambda: concern_with(feature("1.3.29", "consider"), uncertain=[ask("age", "1.3.29")]),
    "which feature (1.3.13 or 1.3.23)": lambda: concern_with(
        feature("1.3.23", "suspect"), uncertain=[ask("which", "1.3.23", "1.3.13")]),
}


def _from(mapping: dict) -> Concern:
    concern = Concern()
    concern.add_findings(Findings.from_dict(mapping))
    return concern


@pytest.mark.parametrize("case", sorted(NOT_SURE_CASES))
def test_not_sure_never_lowers_the_level(case):
    concern = NOT_SURE_CASES[case]()
    before = (concern.level, sorted(n.feature for n in concern.counted))
    asked = next_question(concern)
    assert asked is not None, f"{case}: the answer can change the advice, so it must be asked"
    apply(concern, asked.question, "unsure")
    assert concern.level == before[0], case
    assert set(before[1]) <= {n.feature for n in concern.counted} | {"1.3.13"}, case


@pytest.mark.parametrize("case", sorted(NOT_SURE_CASES))
def test_not_sure_typed_in_words_never_lowers_the_level(case):
    concern = NOT_SURE_CASES[case]()
    level = concern.level
    asked = next_question(concern)
    answer = interpret(asked.question, "I'm not sure to be honest", None)
    assert answer == "unsure", case
    apply(concern, asked.question, answer)
    assert concern.level == level, case


@pytest.mark.parametrize("ask_kind, words, key", [("one_off", "once", "not_met"),
                                                  ("resolved", "mum rang and sorted it the same day", "not_met"),
                                                  ("explanation", "Prader-Willi", "explained")])
def test_a_qualifier_in_the_words_counts_until_the_practitioner_confirms_it(ask_kind, words, key):
    """Ask, never assume: the mapper's set-aside becomes a question; only 'yes' sets the feature aside."""
    concern = _from(aside("1.3.23", ask_kind, words, key))
    assert concern.level == "suspect", "before the answer, the feature counts"
    asked = next_question(concern)
    assert asked.question.kind == ask_kind and words in asked.text
    no = copy.deepcopy(concern)
    apply(no, no.asking, "no")
    assert no.level == "suspect"
    apply(concern, asked.question, "yes")
    assert concern.level == "none" and concern.set_aside[0].feature == "1.3.23"


def test_a_frequency_typed_to_the_one_off_question_is_read_as_the_answer():
    concern = _from(aside("1.3.25", "one_off", "once"))
    asked = next_question(concern)
    assert interpret(asked.question, "no, it's at least once a week", None) == "no"
    assert interpret(asked.question, "it was just the once", None) == "yes"
