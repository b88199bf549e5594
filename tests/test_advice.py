"""Choosing and ordering the guideline's steps: the most important first, nothing said twice, nothing weakened."""
from __future__ import annotations

from bot.advice import build_advice
from bot.conversation import turns
from bot.conversation.concern import Concern

FOOD = {"id": "1.3.23", "level": "suspect", "title": "Takes, hoards or hides food"}


def ids(observations: dict) -> list[str]:
    return [s.id for s in build_advice(observations).steps]


def test_most_important_next_step_comes_first():
    assert ids({"features": [FOOD], "level": "suspect"})[0] == "suspect_discuss_referral"
    assert ids({"features": [{"id": "disclosure", "level": "suspect"}], "level": "suspect"})[0] == "disclosure_refer"
    assert ids({"features": [{"id": "danger", "level": "danger"}, FOOD], "level": "danger"})[0] == "immediate_danger"
    assert ids({"features": [{"id": "1.3.31", "level": "consider"}], "level": "consider"})[0] == "seek_advice"


def test_a_route_s_own_step_replaces_the_level_step_it_covers():
    told = ids({"features": [{"id": "disclosure", "level": "suspect"}, FOOD], "level": "suspect"})
    assert "disclosure_refer" in told and "suspect_discuss_referral" not in told
    assert "disclosure_explore_non_leading" in told and "speak_to_child" not in told
    fii = ids({"features": [{"id": "fii", "level": "suspect"}], "level": "suspect"})
    assert "suspect_discuss_referral" in fii, "no route step covers it, so it stays"


def test_advice_just_given_for_a_route_is_not_repeated_in_full():
    concern = Concern()
    turns.noted(concern, {"features": [{"id": "disclosure", "level": "suspect", "evidence": "she told me"}]},
                False, None, None, "teacher")
    replies = turns.final_advice(concern, None, "teacher").replies
    assert replies[0].text == turns.UNCHANGED and len(replies) == 2
    concern.add_mapping({"features": [dict(FOOD, evidence="takes food")]})
    assert turns.final_advice(concern, None, "teacher").replies[0].payload["kind"] == "advice"
