"""Choosing and ordering the guideline's steps: the most important first, nothing said twice, nothing weakened."""
from __future__ import annotations

from bot import wording
from bot.advice import build_advice
from bot.conversation import turns
from bot.conversation.concern import Concern

FOOD = {"id": "1.3.23", "level": "suspect", "title": "Takes, hoards or hides food"}


def ids(observations: dict) -> list[str]:
    return [s.id for s in build_advice(found(observations)).steps]


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
    turns.noted(concern, found({"features": [{"id": "disclosure", "level": "suspect", "evidence": "she told me"}]}),
                False, None, None, "teacher")
    replies = turns.final_advice(concern, None, "teacher").replies
    assert replies[0].text == wording.text("advice.unchanged") and len(replies) == 2
    concern.add_findings(found({"features": [dict(FOOD, evidence="takes food")]}))
    assert turns.final_advice(concern, None, "teacher").replies[0].payload["kind"] == "advice"


# ---- situations outside NG76's alerting features (knowledge/beyond_ng76.yml) --------------------------------
import pytest  # noqa: E402

from bot.observations.beyond import situations, situations_in  # noqa: E402
from bot.findings import Findings

found = Findings.from_dict  # what the mapper found, written by hand as the parse data holds it


@pytest.mark.parametrize("text, key", [
    ("She told me she wants to die and has been looking up ways.", "suicidal"),
    ("An older man she met on Snapchat keeps asking her for pics.", "online_abuse"),
    ("He's running drugs for older lads, county lines we think.", "criminal_exploitation"),
    ("Her dad threatened me at the door when I visited.", "practitioner_threatened"),
    ("There's a bruise on the cheek of a 3 month old baby who is not yet rolling.", "non_mobile_bruise"),
    # session 13: an adult's sexual abuse of a child, told by someone other than the child
    ("Her friend says mum's boyfriend makes her watch porn with him.", "adult_sexual_abuse"),
    ("Her uncle touches her private parts when he babysits, her sister told me.", "adult_sexual_abuse"),
    ("The lodger has been sending the 12yo naked photos of himself.", "adult_sexual_abuse"),
    ("Her stepdad gets into bed with her when mum is on nights.", "adult_sexual_abuse"),
    ("Mum found out her partner has been having sex with [NAME], who is 14.", "adult_sexual_abuse"),
    # the second reader's (session 13): the passive, other acts, other adults, the child named another way
    ("She was raped by her stepdad.", "adult_sexual_abuse"),
    ("[NAME] is being sexually abused by mum's boyfriend.", "adult_sexual_abuse"),
    ("Her uncle has been sexually abusing my daughter.", "adult_sexual_abuse"),
    ("Her uncle has been inappropriately touching her.", "adult_sexual_abuse"),
    ("Mum's boyfriend takes photos of her naked.", "adult_sexual_abuse"),
    ("Her stepdad has been sexting her.", "adult_sexual_abuse"),
    ("Her stepdad exposes himself to her.", "adult_sexual_abuse"),
    ("Mum's fella makes her touch him.", "adult_sexual_abuse"),
    ("The babysitter touches her private parts.", "adult_sexual_abuse"),
    ("Her uncle kisses her with his tongue.", "adult_sexual_abuse"),
])
def test_situations_outside_ng76_are_recognised(text, key):
    assert key in situations_in(text), text


def test_the_situations_data_file_is_complete_and_checked():
    known = situations()
    assert set(known) == {"suicidal", "online_abuse", "criminal_exploitation", "practitioner_threatened",
                          "non_mobile_bruise", "adult_sexual_abuse"}


@pytest.mark.parametrize("text", [
    "Dad puts cream on her private parts for the eczema.",
    "The doctor examined her private parts with mum present.",
    "Her dad got into the bath with her to wash her hair.",
    "Dad gets into bed with her when she has nightmares.",
    "The coach showed them videos of the match.",
    "The man next door was charged with the rape of an adult woman last year.",
    # the second reader's (session 13): an adult the victim, the mother's own past, the child's own behaviour as a
    # parent tells it, care, peers, fiction, a lesson, a denial
    "Her uncle raped her mum.",
    "Mum says her partner rapes her.",
    "Mum's boyfriend gets into bed with her most nights.",
    "Mum told me her dad raped her when she was a child.",
    "Her dad says she touches her private parts a lot at night.",
    "Dad touches her private parts when he wipes her after the toilet.",
    "When he changes her nappy, dad touches her private parts.",
    "Her dad got into bed with her when she had a bad dream.",
    "Her boyfriend, who is also 15, has sex with her.",
    "Her boyfriend touches her breasts, they are both 16.",
    "The man in the film raped her.",
    "In sex ed the teacher showed them porn statistics.",
    "Her uncle has never touched her private parts.",
    "No concerns that mum's boyfriend is sexually abusing her.",
    "Mum was raped by her stepdad as a teenager.",
])
def test_a_parents_care_is_not_an_adults_sexual_abuse(text):
    assert "adult_sexual_abuse" not in situations_in(text), text


def test_an_adults_sexual_abuse_as_it_was_told_gets_the_referral_discussion_first():
    advice = build_advice(found({"features": [], "level": "none", "beyond": ["adult_sexual_abuse"]}))
    assert [s.id for s in advice.steps[:2]] == ["seek_advice", "suspect_discuss_referral"]
    text = advice.text()
    assert text.startswith("Outside NG76's alerting features: Sexual abuse of a child by an adult")
    assert "discuss a referral with children's social care" in text and "999" in text
    assert "needs the referral discussion below" in text, "not only 'no NG76 alerting feature is met'"


def test_a_situation_outside_ng76_is_said_plainly_with_the_national_routes_first():
    advice = build_advice(found({"features": [{"id": "1.3.16", "level": "consider", "title": "Self-harm"}],
                           "level": "consider", "beyond": ["suicidal"]}))
    text = advice.text()
    assert text.startswith("Outside NG76's alerting features: A child or young person who may be thinking of suicide")
    assert "116 123" in text and "111" in text and "0800 1111" in text and "999" in text
    routes = advice.payload["beyond_ng76"][0]
    assert routes["key"] == "suicidal" and routes["urgency"] == "today" and routes["routes"]


def test_a_bruised_baby_who_is_not_yet_mobile_gets_the_referral_discussion_first():
    advice = build_advice(found({"features": [{"id": "injury", "level": "suspect", "title": "Injury"}], "level": "suspect",
                           "beyond": ["non_mobile_bruise"]}))
    assert [s.id for s in advice.steps[:2]] == ["seek_advice", "suspect_discuss_referral"]
    assert "injury" in advice.routes


def test_fgm_tells_a_social_worker_the_police_reporting_duty_is_theirs_too():
    """The Home Office guidance 1.3.8 points to puts the duty on registered social workers (NOTES.md)."""
    advice = build_advice(found({"features": [{"id": "fgm", "level": "suspect", "title": "FGM"}], "level": "suspect"}),
                          role="social_worker")
    text = advice.text()
    assert "registered social worker" in text and "must report this to the police" in text
    assert "If you are not one of them" not in text
    other = build_advice(found({"features": [{"id": "fgm", "level": "suspect", "title": "FGM"}], "level": "suspect"}),
                         role="youth_worker").text()
    assert "If you are not one of them" in other


def test_routes_come_in_the_knowledge_bases_order():
    """One order everywhere, routes.yml's: fabricated or induced illness (1.3.44) before trafficking (1.3.45)."""
    advice = build_advice(found({"features": [{"id": "trafficking", "level": "suspect"},
                                              {"id": "fii", "level": "suspect"}], "level": "suspect"}))
    assert advice.payload["routes"] == ["fii", "trafficking"]
    found_lines = advice.findings()
    fii, trafficking = (next(i for i, line in enumerate(found_lines) if word in line.lower())
                        for word in ("fabricated", "trafficking"))
    assert fii < trafficking
    # the single most urgent step still leads (KEY_STEPS: a trafficking referral before the FII guidance)
    assert advice.steps[0].id == "trafficking_refer"
