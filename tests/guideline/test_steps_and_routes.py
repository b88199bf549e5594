"""The steps of "How to use these recommendations" and the special routes."""
from __future__ import annotations

import pytest

from bot.guideline.source import normalise

BLOCK = "NG76 1.3, How to use these recommendations"


def _block(sources) -> str:
    text = normalise(sources.ng76)
    start = text.index("How to use these recommendations")
    return text[start:text.index("Behavioural and emotional alerting features", start)]


def test_steps_for_consider_in_guideline_order(g):
    assert [s.id for s in g.steps_for_level("consider")] == [
        "seek_advice",
        "speak_to_child",
        "consider_look_for_other_features",
        "consider_gather_information",
        "consider_review",
        "concern_rises_to_suspect",
        "early_help",
    ]


def test_steps_for_suspect_in_guideline_order(g):
    assert [s.id for s in g.steps_for_level("suspect")] == [
        "seek_advice",
        "speak_to_child",
        "suspect_discuss_referral",
        "early_help",
    ]


def test_with_context_puts_danger_first_and_standing_guidance_last(g):
    ids = [s.id for s in g.steps_for_level("suspect", with_context=True)]
    assert ids[0] == "immediate_danger"
    assert ids[-3:] == ["keep_abuse_in_mind", "non_recent_abuse", "record"]
    assert [s.id for s in g.steps_for("1.3.23")] == [s.id for s in g.steps_for_level("suspect")]


def test_unknown_level_is_refused(g):
    with pytest.raises(ValueError):
        g.steps_for_level("maybe")


def test_block_steps_quote_the_block_in_order(g, sources):
    """Each block step's quote is in the block, and the steps follow the block's order."""
    block = _block(sources)
    positions = []
    for step in g.steps:
        if step.cite != BLOCK:
            continue
        assert normalise(step.quote) in block, step.id
        positions.append(block.index(normalise(step.quote)))
    assert positions == sorted(positions)


def test_steps_trace_to_the_named_recommendations(g):
    assert g.step("speak_to_child").recommendations == ["1.3.5", "1.3.6"]
    assert g.step("early_help").recommendations == ["1.5.1"]
    assert g.step("non_recent_abuse").recommendations == ["1.3.4"]
    assert g.step("record").recommendations == ["1.1.6"]
    assert len(g.step("record").points) == 2
    assert g.step("immediate_danger").cite == BLOCK
    assert "999" in g.step("immediate_danger").text and "NOTES.md" in g.step("immediate_danger").basis


def test_keep_abuse_in_mind_never_lets_an_explanation_close_a_concern(g):
    step = g.step("keep_abuse_in_mind")
    assert "continue to consider" in step.quote
    assert "never" in step.text


def test_route_ids(g):
    assert list(g.routes) == ["danger", "disclosure", "fgm", "fii", "trafficking", "injury"]


def test_every_route_has_quotes_steps_and_recommendation_numbers(g):
    offenders = [r.id for r in g.routes.values() if not (r.quotes and r.steps and r.title and r.cite)]
    assert offenders == []


def test_danger_route(g):
    route = g.route("danger")
    assert route.steps[0].id == "immediate_danger"
    assert "children's social care and/or the police" in route.quote


def test_disclosure_route_covers_1_3_1_to_1_3_7(g):
    route = g.route("disclosure")
    assert {f"1.3.{n}" for n in range(1, 8)} <= set(route.recommendations)
    by_rec = {rec for s in route.steps for rec in s.recommendations}
    assert {"1.3.5", "1.3.6", "1.3.7", "1.1.3"} <= by_rec
    assert "open questions" in g.step("disclosure_explore_non_leading").quote
    assert "achieving best evidence" in g.step("disclosure_protect_investigation").quote
    assert "who you will need to tell" in g.step("disclosure_explain_next").quote
    assert len(g.step("disclosure_how_to_talk").points) == 10


def test_fgm_route_is_exactly_what_1_3_8_says(g):
    route = g.route("fgm")
    assert route.recommendations == ["1.3.8"]
    assert "healthcare professionals and teachers" in route.quote
    assert "must report this to the police" in route.quote
    assert set(route.role_notes) == {"teacher", "health", "early_years", "youth_worker", "social_worker", "other"}
    for role in ("teacher", "health"):
        assert "must report" in route.role_notes[role] and "police" in route.role_notes[role]
    for role in ("early_years", "youth_worker", "social_worker", "other"):
        note = route.role_notes[role]
        assert "safeguarding lead" in note and "children's social care" in note
    assert route.note_for("unknown-role") == route.role_notes["other"]


def test_fii_route_points_to_the_other_guideline_and_invents_nothing(g, sources):
    route = g.route("fii")
    assert "1.2.11 and 1.2.12" in route.quote and "child maltreatment" in route.quote
    assert "seek_advice" in [s.id for s in route.steps]
    own = [s for s in route.steps if s.id.startswith("fii_")]
    assert all(normalise(s.quote) == sources.rec("1.3.44").text for s in own)


def test_trafficking_route_has_all_five_bullets_of_1_3_47(g, sources):
    route = g.route("trafficking")
    quoted = [normalise(s.quote) for s in route.steps if "1.3.47" in s.recommendations]
    bullets = [text.rstrip(".") for _, text in sources.rec("1.3.47").bullets]
    assert [q.rstrip(".") for q in quoted] == bullets
    assert len(bullets) == 5


def test_injury_route_never_reports_no_concerns(g):
    route = g.route("injury")
    assert "child maltreatment" in route.quote
    ids = [s.id for s in route.steps]
    assert "seek_advice" in ids and "injury_explanation_suggests_poor_supervision" in ids
    for text in [route.summary] + [s.text for s in route.steps]:
        lowered = text.lower()
        if "no concerns" in lowered:
            assert "never" in lowered, text


def test_route_steps_reference_shared_steps(g):
    """Shared steps used in routes are the same steps, not drifting copies."""
    for route in g.routes.values():
        for step in route.steps:
            if step.id in {s.id for s in g.steps}:
                assert step.text == g.step(step.id).text
