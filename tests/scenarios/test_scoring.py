"""Scoring a practice answer: table-driven over real scenarios, with mappings written by hand (no model)."""
from __future__ import annotations

import json

import pytest

from bot.guideline import guideline
from bot.paths import ROOT
from bot.scenarios.scoring import (
    LEVEL_RULES,
    PRACTICE_KIND,
    STEP_RULES,
    feature_reason,
    parse_level,
    recognise_steps,
    score_practice,
)

from .conftest import mapping

# (case, scenario, noticed mapping, level answer, steps answer, expected scores, checks on the score)
CASES = [
    ("strong answer", "food-hoarding-year3", mapping([("1.3.23", "suspect")]), "Suspect",
     "Talk to the DSL today, refer to children's social care through the MASH, write everything down and "
     "speak to her with open questions.",
     {"noticed": 1.0, "level": 1.0, "steps": 1.0, "overall": 1.0},
     lambda s: not s.missed and s.level.direction is None and s.steps.missed == []),
    ("partial answer: the interaction without its persistence", "harsh-words-home-time",
     mapping([("1.3.31", "consider")]), "I'd say consider", "Tell my DSL and record it",
     {"noticed": 0.5, "level": 0.5, "steps": 0.4, "overall": 0.467},
     lambda s: [i.status for i in s.items] == ["partial"] and "1.3.32 is suspect because the interactions "
     "described in 1.3.31 are persistent" in s.items[0].note and s.level.direction == "under"
     and "suspect_discuss_referral" in s.steps.missed),
    ("wrong level: under-triage", "dirty-breakfast-club", mapping([("1.3.25", "suspect")]), "consider",
     "speak to the safeguarding lead and make a referral to social care, and log it",
     {"noticed": 1.0, "level": 0.5, "steps": 1.0, "overall": 0.833},
     lambda s: s.level.direction == "under" and "riskier way" in s.debrief_text()),
    ("wrong level by two: danger for a consider case, and a referral", "no-coat-in-snow-nursery",
     mapping([("1.3.27", "consider")]), "immediate danger", "Call 999 and refer to MASH",
     {"noticed": 1.0, "level": 0.0, "steps": 0.0, "overall": 0.333},
     lambda s: s.level.direction == "over" and set(s.steps.over_reaction) == {"immediate_danger",
                                                                              "suspect_discuss_referral"}),
    ("missed feature and an extra one", "withdrawn-nightmares-year5", mapping([("1.3.16", "consider")]),
     "consider", "DSL, look for other signs, check with other agencies, review in two weeks, record, talk to him",
     {"noticed": 0.0, "level": 1.0, "steps": 1.0, "overall": 0.667},
     lambda s: [i.id for i in s.missed] == ["1.3.12"] and [i.id for i in s.extra] == ["1.3.16"]),
    ("no-feature scenario, nothing found", "exam-stress-youth-centre", mapping(), "no concerns",
     "Nothing beyond the usual: keep the relationship going.",
     {"noticed": 1.0, "level": 1.0, "steps": 1.0, "overall": 1.0},
     lambda s: s.items == [] and "no NG76 safeguarding steps are needed" in s.debrief_text()),
    ("no-feature scenario, over-read", "exam-stress-youth-centre", mapping([("1.3.12", "consider")]),
     "consider", "Refer him to social services",
     {"noticed": 0.5, "level": 0.5, "steps": 0.5, "overall": 0.5},
     lambda s: [i.id for i in s.extra] == ["1.3.12"] and s.steps.over_reaction == ["suspect_discuss_referral"]),
    ("watch case done right", "slippers-frosty-morning", mapping(not_met=["1.3.27"]),
     "not yet: just record it", "I'd note it down, keep an eye on her, and mention it to my DSL",
     {"noticed": 1.0, "level": 1.0, "steps": 1.0, "overall": 1.0},
     lambda s: [i.status for i in s.items] == ["spotted"]),
    ("watch case over-read as met", "slippers-frosty-morning", mapping([("1.3.27", "consider")]), "consider",
     "record it",
     {"noticed": 0.5, "level": 0.5, "steps": 0.333, "overall": 0.444},
     lambda s: "you counted it as met" in s.items[0].note and "consistently" in s.items[0].note),
    ("explained case: keep abuse in mind", "bereavement-tearful-year4", mapping(explained=["1.3.12"]), "none",
     "Record it, keep it in mind even though grief explains it, review next half term, tell the DSL",
     {"noticed": 1.0, "level": 1.0, "steps": 1.0, "overall": 1.0}, lambda s: True),
    ("route missed", "belt-disclosure-year6", mapping(routes=["injury"]), "suspect",
     "Refer to children's social care, tell him who I have to tell and what happens next, ask open questions, "
     "medical check with the school nurse and the DSL, and record his words",
     {"noticed": 0.5, "level": 1.0, "steps": 1.0, "overall": 0.833},
     lambda s: [i.id for i in s.missed] == ["disclosure"]),
    ("danger from a button payload", "alone-in-flat-housing-officer", mapping(routes=["danger"]),
     '/practice_level{"level": "danger"}', "Call 999 now, then my manager, and write it up",
     {"noticed": 1.0, "level": 1.0, "steps": 1.0, "overall": 1.0}, lambda s: True),
    ("FGM for a youth worker: lead and social care, not the police duty", "fgm-told-youth-worker",
     mapping(routes=["fgm", "disclosure"]), "suspect",
     "Tell my DSL and make a referral to children's social care; explain to her who I need to tell; record it",
     {"noticed": 1.0, "level": 1.0, "steps": 1.0, "overall": 1.0}, lambda s: True),
    ("nothing readable", "unsafe-home-no-food", mapping(), "hmm", "",
     {"noticed": 0.0, "level": 0.0, "steps": 0.0, "overall": 0.0},
     lambda s: "couldn't read a level" in s.debrief_text()),
]


@pytest.mark.parametrize("case, scenario_id, noticed, level, steps, scores, check", CASES,
                         ids=[c[0] for c in CASES])
def test_scores(lib, case, scenario_id, noticed, level, steps, scores, check):
    score = score_practice(lib.get(scenario_id), noticed, level, steps)
    assert score.scores == pytest.approx(scores, abs=0.001), score.debrief_text()
    assert check(score), score.debrief_text()


def test_debrief_cites_recommendations_and_says_why(lib):
    s = lib.get("baby-ignored-health-visitor")
    text = score_practice(s, mapping([("1.3.33", "consider")]), "consider", "seek advice").debrief_text()
    assert "NG76 1.3.34" in text and "NG76 1.3.33" in text and "NG76 1.2.3" in text
    assert "Why: NG76 1.3.34 is suspect because the interaction described in 1.3.33 is persistent" in text
    assert "Nearly:" in text and "Steps to add:" in text and "(the most important step here)" in text
    assert "Common mistakes with this case:" in text and "a fictional case" in text


def test_to_dict_is_json_and_marked_as_practice(lib):
    score = score_practice(lib.get("food-hoarding-year3"), mapping([("1.3.23", "suspect")]), "suspect", "refer")
    data = json.loads(json.dumps(score.to_dict()))
    assert data["kind"] == PRACTICE_KIND == "practice_score" and data["practice"] is True
    assert data["scenario_id"] == "food-hoarding-year3" and data["scores"]["level"] == 1.0
    assert data["items"][0]["id"] == "1.3.23" and data["debrief"].startswith("Practice debrief")
    summary = score.summary()
    assert "evidence" not in json.dumps(summary)  # the stored summary holds ids and scores, not the trainee's words


@pytest.mark.parametrize("answer, level", [
    ("suspect", "suspect"), ("Suspect.", "suspect"), ("I'd say consider", "consider"),
    ("immediate danger", "danger"), ("999", "danger"), ("danger", "danger"),
    ("not suspect yet, consider", "consider"), ("I wouldn't say danger, but suspect", "suspect"),
    ("no concerns", "none"), ("none", "none"), ("not worried", "none"), ("just record it and keep watching", "none"),
    ("a one-off, not met", "none"), ("I'm seriously worried", "suspect"), ("a bit concerned", "consider"),
    ('{"level": "consider"}', "consider"), ("/practice_level_suspect", "suspect"), ("/level{\"level\":\"none\"}", "none"),
    ("", None), ("I'm not sure", None),
])
def test_parse_level(answer, level):
    assert parse_level(answer)[0] == level


@pytest.mark.parametrize("answer, present, absent", [
    ("Tell the DSL", {"seek_advice"}, {"suspect_discuss_referral"}),
    ("refer to MASH", {"suspect_discuss_referral", "disclosure_refer"}, {"seek_advice"}),
    ("Write it down on CPOMS", {"record"}, set()),
    ("keep an eye on him and review next month", {"consider_review"}, set()),
    ("call 999", {"immediate_danger"}, set()),
    ("ring the police straight away", {"immediate_danger", "fgm_regulated_report_police"}, set()),
    ("If it happens again I'd refer to social care", {"concern_rises_to_suspect"}, {"suspect_discuss_referral"}),
    ("I wouldn't refer yet", set(), {"suspect_discuss_referral"}),
    ("talk to her mum", {"consider_gather_information"}, {"speak_to_child"}),
    ("talk to her with open questions", {"speak_to_child", "disclosure_explore_non_leading"}, set()),
    ("NRM referral by a first responder", {"trafficking_national_referral_mechanism"}, set()),
    ("social care and the police", {"trafficking_refer"}, set()),
    ("an early help assessment", {"early_help"}, set()),
    ("the paediatrician and named doctor", {"fii_follow_child_maltreatment_guideline", "injury_outside_ng76"}, set()),
    ("don't promise to keep it secret", {"disclosure_how_to_talk"}, set()),
    ("police now, and if it happens again tell social care", {"immediate_danger"}, {"suspect_discuss_referral"}),
    # steps usually said in the negative are not cancelled by their own "don't"
    ("don't let his immigration status get in the way", {"trafficking_protection_first"}, set()),
    ("don't investigate it myself", {"disclosure_protect_investigation"}, set()),
    ("don't lead her, and don't rule abuse out", {"disclosure_explore_non_leading", "keep_abuse_in_mind"}, set()),
])
def test_recognise_steps(answer, present, absent):
    found = recognise_steps(answer)
    assert present <= set(found), found
    assert not (absent & set(found)), found


def test_every_knowledge_base_step_has_a_documented_rule():
    g = guideline()
    known = set(g._steps)
    ruled = {r.step for r in STEP_RULES}
    assert ruled <= known
    assert known - ruled == set(), "every step id needs a keyword rule"
    docs = (ROOT / "docs" / "scenarios.md").read_text(encoding="utf-8")
    assert [r.step for r in STEP_RULES if f"`{r.step}`" not in docs] == []
    assert [lv for lv, _, _ in LEVEL_RULES if f"`{lv}`" not in docs] == []


@pytest.mark.parametrize("feature, words", [
    ("1.3.32", "because the interactions described in 1.3.31 are persistent"),
    ("1.3.34", "because the interaction described in 1.3.33 is persistent"),
    ("1.3.23", "its wording needs 'repeatedly'"),
    ("1.3.31", "if it persists it becomes 1.3.32"),
    ("1.3.22", "it is about pre-pubertal child"),
    ("1.3.40", "the recommendation starts 'Suspect'"),
])
def test_feature_reasons_come_from_the_knowledge_base(feature, words):
    assert words in feature_reason(feature, guideline())
