"""A topic ruled out by a professional's finding or the practitioner's fact is put aside to be confirmed, not dropped.

Independent authors' benign descriptions name a worry and then rule it out ("the GP's note says it's just a
bruise"). The words never lower anything by themselves: the findings go to ``explained`` with the question
"does that fully explain it?", and the conversation counts them until the answer is yes
(tests/conversation/test_follow_up.py, ``test_a_qualifier_in_the_words_counts_until_the_practitioner_confirms_it``).
"""
from __future__ import annotations

import pytest

from bot.language import english
from bot.observations.mapper import ObservationMapper
from bot.observations.reassurance import ruled_out_by
from tests.observations.test_mapper_conditions import ScriptedClassifier


@pytest.mark.parametrize("text", [
    "The consultant examined him and said the marks are what you'd expect with his condition.",
    "Health visitor weighed her on Tuesday and she's back on her centile.",
    "He was diagnosed with haemophilia last year and the haematology team are following him closely.",
    "Her boyfriend is the same age and she says there's no pressure at all.",
    "the gp saw him yesterday n sed its just a virus",
])
def test_words_that_rule_the_topic_out(text):
    assert ruled_out_by(text)


@pytest.mark.parametrize("text", [
    # the second reader's findings: a parent speaking for the professional, a finding of abuse, pressure sores,
    # a relationship with an age gap
    "Dad cancelled the dentist twice and says her teeth are healthy.",
    "GP hasn't seen it yet, dad insists it's just a bruise.",
    "The paediatrician examined him and said the marks are consistent with a belt buckle.",
    "The doctor said the bruising on her ears is not what you'd expect from a fall.",
    "He has no pressure sores but is left in the same nappy all day.",
    "She's 13 and her boyfriend is 19; no pressure from him, she says.",
    "The GP said it's just a bruise, but there are more on his back I can't explain.",  # a contrast after it
    "Mum says the doctor told her it's nothing, but nobody has seen him.",
    "He keeps taking food from the other children's lunch boxes.",
    "Her boyfriend is 24.",
])
def test_words_that_do_not(text):
    assert ruled_out_by(text) is None


@pytest.fixture(scope="module")
def mapper():
    return ObservationMapper(ScriptedClassifier(), english())


def test_a_ruled_out_feature_is_put_aside_to_be_confirmed_never_dropped(mapper):
    result = mapper.map("He has been very withdrawn this week. The GP saw him on Monday and said it's just a virus.")
    assert result.features == []
    assert [(s.id, s.ask) for s in result.explained] == [("1.3.13", "explanation")]


def test_a_contrast_keeps_the_feature(mapper):
    result = mapper.map("He has been very withdrawn this week. The GP said it's just a virus, but I'm still worried.")
    assert [f.id for f in result.features] == ["1.3.13"]


def test_a_suspect_feature_or_a_concern_told_after_the_finding_is_never_put_aside(mapper):
    """The second reader's finding: one reassurance moved every feature of the message, whatever its topic."""
    result = mapper.map("She takes food from other children every day. The GP checked her and said it's a growth spurt.")
    assert [f.id for f in result.features] == ["1.3.23"]
    result = mapper.map("The optician says his eyes are normal. He is very withdrawn and jumpy at home time.")
    assert [f.id for f in result.features] == ["1.3.13"]


def test_special_routes_and_danger_are_never_put_aside(mapper):
    result = mapper.map("He has a bruise on his cheek. The GP examined him and said it fits with the fall.")
    assert "injury" in {f.id for f in result.features}


def test_a_same_age_relationship_asks_about_the_sexual_behaviour_features_only(mapper):
    result = mapper.map("She is 16 and in a sexual relationship with her boyfriend, who is 16 too. No pressure at all.")
    assert result.features == [] and [(s.id, s.ask) for s in result.explained] == [("1.3.20", "explanation")]
    result = mapper.map("She is 15 and in a sexual relationship with her boyfriend, who is 24. No pressure, she says.")
    assert [f.id for f in result.features] == ["1.3.20"]


def test_the_relationship_question_quotes_the_practitioners_sentence():
    ruled_out = ruled_out_by("She is 16 and in a sexual relationship with her boyfriend, who is 16 too. No pressure.")
    assert ruled_out.words == "She is 16 and in a sexual relationship with her boyfriend, who is 16 too"


# Session 10: weight regained after a stated illness puts faltering growth (1.3.28) aside to be confirmed; an illness
# with no regain, or a contrast after the regain, keeps it.
@pytest.mark.parametrize("text, ruled_out", [
    ("Dropped a centile during a fortnight of norovirus; she's eating well again and back on the 25th this week.", True),
    ("Turned out to be coeliac. Gluten free since March and gaining weight steadily.", True),
    ("He had a chest infection in the summer and has been fussy with food since.", False),  # no regain
    ("Had a tummy bug in May and since then has lost more weight and looks grey.", False),
    ("Had a bug last month, eating well again, but her weight still hasn't moved.", False),
])
def test_weight_regained_after_an_illness(text, ruled_out):
    assert bool(ruled_out_by(text)) is ruled_out, text


def test_faltering_growth_after_an_illness_is_asked_about_not_dropped(mapper):
    result = mapper.map("Her weight fell from the 50th centile to the 9th over the winter. "
                        "She had a long vomiting bug in January and is gaining weight steadily since.")
    assert "1.3.28" not in {f.id for f in result.features}
    assert [(s.id, s.ask) for s in result.explained] == [("1.3.28", "explanation")]


# Session 10: an injury the practitioner saw happen, told in a sentence of its own, is read as the same-sentence case
# (not a sign); any word of another injury or a doubt anywhere in the message keeps the route.
def test_an_injury_seen_happening_in_the_next_sentence_is_not_a_sign(mapper):
    result = mapper.map("Big bruise coming up on his shin. I watched it happen, the other boy's studs caught him.")
    assert "injury" not in {f.id for f in result.features}


@pytest.mark.parametrize("text", [
    "Big bruise coming up on his shin. I watched it happen, but there are older marks on his arms too.",
    "A bruise on her cheek this morning. I saw her fall in the yard. There's also a bruise on her ear.",
    "A bruise on her cheek this morning. I saw the bruise when she took her hat off.",
])
def test_another_injury_or_a_doubt_keeps_the_injury_route(mapper, text):
    assert "injury" in {f.id for f in mapper.map(text).features}, text
