"""The guideline's conditions, applied by the mapper, tested with a scripted classifier (no training).

The scripted classifier labels a clause by keywords, so each test isolates one guideline rule: persistence,
escalation, age, explanations, negation, several features in one message, special routes, bad input.
"""
from __future__ import annotations

import pytest

from bot.language import english
from bot.observations.classifier import NONE, Prediction
from bot.observations.mapper import ObservationMapper

KEYWORDS = {
    "food": "1.3.23",
    "smell": "1.3.25",
    "shout": "1.3.31",
    "ignores the baby": "1.3.33",
    "belittles": "1.3.32",       # the classifier names the persistent form outright
    "cold shoulder": "1.3.34",
    "sexual": "1.3.21",
    "words": "1.3.29",
    "tantrum": "1.3.14",
    "withdrawn": "1.3.13",
    "told me": "disclosure",
    "cut": "fgm",
    "bruise": "injury",
    "weight fell": "1.3.28",
    "dna": "1.3.41",
}


class ScriptedClassifier:
    def rank(self, texts):
        out = []
        for text in texts:
            label = next((lab for key, lab in KEYWORDS.items() if key in text.lower()), NONE)
            out.append([Prediction(label, 0.9), Prediction(NONE if label != NONE else "1.3.12", 0.1)])
        return out


@pytest.fixture(scope="module")
def mapper():
    return ObservationMapper(ScriptedClassifier(), english())


def ids(result):
    return {f.id: f.level for f in result.features}


def test_repeated_food_taking_is_suspect(mapper):
    assert ids(mapper.map("He takes food from other children every day.")) == {"1.3.23": "suspect"}


def test_one_off_is_not_met_but_recorded(mapper):
    result = mapper.map("She took food from another child's lunchbox once.")
    assert result.features == [] and result.level == "none"
    assert [s.id for s in result.not_met] == ["1.3.23"]


def test_unknown_frequency_keeps_the_feature_and_asks(mapper):
    result = mapper.map("She took food from another child's lunchbox.")
    assert ids(result) == {"1.3.23": "suspect"}
    assert any(q.kind == "persistence" for q in result.uncertain)


def test_harmful_interaction_escalates_when_persistent(mapper):
    assert ids(mapper.map("Dad shouts at her that she is useless.")) == {"1.3.31": "consider"}
    assert ids(mapper.map("Dad shouts at her that she is useless at every pick-up.")) == {"1.3.32": "suspect"}
    assert ids(mapper.map("Mum ignores the baby on every visit.")) == {"1.3.34": "suspect"}


def test_pre_pubertal_condition(mapper):
    assert ids(mapper.map("A 6-year-old keeps making sexual comments.")) == {"1.3.21": "suspect"}
    assert ids(mapper.map("A 15-year-old keeps making sexual comments.")) == {"1.3.20": "suspect"}
    unknown = mapper.map("The child keeps making sexual comments.")
    assert any(q.kind == "age" for q in unknown.uncertain)


def test_under_12_condition(mapper):
    assert ids(mapper.map("She's 4 and uses only a few words.")) == {"1.3.29": "consider"}
    older = mapper.map("She's 14 and uses only a few words.")
    assert older.features == [] and [s.id for s in older.not_met] == ["1.3.29"]


def test_school_aged_tantrum_condition(mapper):
    assert mapper.map("Ruby is 2 and had a tantrum in the shop.").features == []
    assert mapper.map("Our 3yo lay on the floor screaming and kicking over a biscuit, a tantrum, then fine.").features == []
    assert ids(mapper.map("Sami is 10 and has a tantrum several times a week.")) == {"1.3.14": "consider"}


def test_an_explanation_the_practitioner_links_is_set_aside_only_with_a_question(mapper):
    result = mapper.map("His meltdowns and tantrums are part of his diagnosed autism; he is 9.")
    assert result.features == []
    assert result.explained and "keep abuse and neglect in mind" in result.explained[0].reason
    assert result.explained[0].ask == "explanation" and "autism" in result.explained[0].words


def test_a_mentioned_explanation_keeps_the_feature_and_asks(mapper):
    """A bare mention of a cause lowers nothing: 'he is autistic' does not explain the fear of his dad."""
    result = mapper.map("He is autistic and has become really withdrawn, he won't look at his dad.")
    assert ids(result) == {"1.3.13": "consider"}
    asked = [q for q in result.uncertain if q.kind == "explanation"]
    assert asked and asked[0].features == ["1.3.13"] and "autistic" in asked[0].words
    grief = mapper.map("He has become withdrawn since his grandad died.")
    assert ids(grief) == {"1.3.13": "consider"} and any(q.kind == "explanation" for q in grief.uncertain)
    ruled_out = mapper.map("He is withdrawn; the paediatrician found no autism or ADHD.")
    assert ids(ruled_out) == {"1.3.13": "consider"}
    assert not any(q.kind == "explanation" for q in ruled_out.uncertain)


def test_a_cold_or_a_worn_uniform_is_no_medical_explanation_for_food_seeking(mapper):
    for text in ("She takes food from the other children every day; she has had a cold.",
                 "He takes food from the bins every day and his uniform is in poor condition."):
        result = mapper.map(text)
        assert ids(result) == {"1.3.23": "suspect"}, text
        assert not result.explained


def test_a_frequency_with_once_is_not_a_one_off(mapper):
    for text in ("At least once a week he takes food from the others.",
                 "She takes food from other children once or twice a month.",
                 "He has taken food from lunchboxes more than once."):
        assert ids(mapper.map(text)) == {"1.3.23": "suspect"}, text


def test_a_stated_one_off_is_set_aside_only_with_a_question(mapper):
    result = mapper.map("She took food from another child's lunchbox once.")
    assert [(s.id, s.ask) for s in result.not_met] == [("1.3.23", "one_off")]


def test_the_practitioner_acting_does_not_cancel_the_parents_failure(mapper):
    """Only the family dealing with it promptly can be set aside (and then only on the practitioner's answer)."""
    kept = mapper.map("He takes food from the others every day; I rang the school nurse straight away.")
    assert ids(kept) == {"1.3.23": "suspect"} and not kept.not_met
    parent = mapper.map("She took food from another child's lunchbox; mum rang and sorted it the same day.")
    assert [(s.id, s.ask) for s in parent.not_met] == [("1.3.23", "resolved")]


def test_negation(mapper):
    assert mapper.map("There's no sign of her taking food from anyone.").features == []


def test_several_observations_in_one_message(mapper):
    result = mapper.map("He takes food from the others every day, and he always smells of urine.")
    assert ids(result) == {"1.3.23": "suspect", "1.3.25": "suspect"}
    assert result.level == "suspect"


def test_special_routes(mapper):
    assert ids(mapper.map("He told me his dad hits him.")) == {"disclosure": "suspect"}
    assert ids(mapper.map("She said she was cut on holiday abroad.")) == {"fgm": "suspect"}
    assert ids(mapper.map("The baby has a bruise on his cheek.")) == {"injury": "suspect"}
    danger = mapper.map("He is scared to go home tonight because his dad said he's going to kill him.")
    assert danger.level == "danger" and "danger" in danger.routes


def test_a_young_persons_overdose_or_plan_to_end_their_life_is_danger_and_self_harm(mapper):
    """The danger comes first; NG76 1.3.16 (self-harm) is kept beside it, for what follows once the child is safe
    (session 14: the danger patterns found these, but the feature was found only when the classifier read it too)."""
    for text in ("She has swallowed a whole packet of paracetamol at lunch.",
                 "He wrote a goodbye note and says he's going to end his life tonight."):
        result = mapper.map(text)
        assert result.level == "danger" and ids(result).get("1.3.16") == "consider", text
    for text in ("A man is waiting at the gate with a knife.",
                 "Mum texted that she's going to end her life tonight and the kids are with her.",
                 "Her dad has swallowed a whole packet of paracetamol and she found him."):
        assert "1.3.16" not in ids(mapper.map(text)), text
    assert "1.3.16" in ids(mapper.map("She has swallowed all her mum's tablets."))


@pytest.mark.parametrize("text, adults", [
    # the young person's own (the second reader's, session 14): an adult who reports, finds or is spoken to
    ("Mum rang, Jake has taken an overdose", False),
    ("Stepdad called 999, she had taken an overdose", False),
    ("Foster carer reports he has swallowed a packet of paracetamol", False),
    ("She told her mum she is going to kill herself", False),
    ("Her mum is worried she is going to end it", False),
    ("Tom, a young carer, has taken an overdose", False),
    ("Jess (15) has climbed the steps and is on the roof", False),
    ("Mum's just rung, he's taken an overdose", False),
    ("after a row with her stepmum she took all her tablets", False),
    ("Dad says she has posted a story saying sorry to her mum and goodbye", False),
    # an adult's own
    ("Mum's taken an overdose, the kids are with a neighbour", True),
    ("Dad's going to kill himself he told the kids", True),
    ("Mum has been stockpiling her tablets and says shes gonna take the lot tonight", True),
    ("Her older sister (19) has taken an overdose, Amy found her", True),
    ("Mum is in hospital after she took 40 paracetamol", True),
    ("Mum, who has depression, says she's going to end her life", True),
])
def test_whose_overdose_or_plan_it_is(text, adults):
    from bot.observations.danger import danger_signs
    from bot.observations.mapper import _adult_is_the_one

    signs = [s for s in danger_signs(text) if s.kind in ("an overdose or suicide attempt now", "a plan to end their life")]
    assert signs, text
    assert _adult_is_the_one(text, signs[0].words) is adults, text


@pytest.mark.parametrize("text", ["", "   ", "😀😀😀", "Il a faim tous les jours et il vole la nourriture.",
                                  "<script>alert(1)</script>", "asdkjh qwe zxc"])
def test_no_observation_gives_a_clear_message(mapper, text):
    result = mapper.map(text)
    assert result.features == [] and result.message


def test_enormous_message_is_read_up_to_the_limit(mapper):
    result = mapper.map("He takes food from the other children every day. " * 2000)
    assert ids(result) == {"1.3.23": "suspect"}
    assert "long message" in result.message


def test_words_that_may_mean_danger_ask_rather_than_decide(mapper):
    result = mapper.map("She was drowsy in class; mum said she'd given her some of her own tablets.")
    asked = [q for q in result.uncertain if q.kind == "danger"]
    assert asked and asked[0].question == "Is the child in immediate danger right now?"
    assert "danger" not in result.routes


def test_a_sure_sign_of_danger_needs_no_question(mapper):
    result = mapper.map("The 3-year-old is floppy and won't wake up after mum gave him her sleeping tablets.")
    assert "danger" in result.routes and result.level == "danger"
    assert not any(q.kind == "danger" for q in result.uncertain)


@pytest.mark.parametrize("text, weaker, stronger", [
    ("Dad belittles her in front of the class at pick-up.", "1.3.31", "1.3.32"),
    ("Mum gives the baby the cold shoulder when she cries.", "1.3.33", "1.3.34"),
])
def test_the_persistent_form_needs_words_that_say_it_is_persistent(mapper, text, weaker, stronger):
    """Persistence is the guideline's condition, read from the words, not the classifier's to assume: without
    it the finding is the interaction itself, and the conversation asks whether it is persistent."""
    result = mapper.map(text)
    assert ids(result) == {weaker: "consider"}
    assert any(q.kind == "persistence" and q.features == [weaker] for q in result.uncertain)


@pytest.mark.parametrize("text, stronger", [
    ("Dad belittles her in front of the class every day at pick-up.", "1.3.32"),
    ("Mum always gives the baby the cold shoulder when she cries.", "1.3.34"),
])
def test_the_persistent_form_stands_when_the_words_say_so(mapper, text, stronger):
    assert ids(mapper.map(text)) == {stronger: "suspect"}


def test_an_injury_the_practitioner_saw_happen_is_not_the_injury_route(mapper):
    """The classifier reads 'bruise' as the injury route; a fall the practitioner watched is not a sign."""
    assert ids(mapper.map("He has a bruise on his shin: I saw him slip on the wet floor at swimming.")) == {}
    assert ids(mapper.map("He has a bruise on his shin and says he slipped at swimming.")) == {"injury": "suspect"}


class WeakDangerClassifier:
    """Reads every clause as immediate danger at a low probability, as a trained model can for a history."""

    def rank(self, texts):
        from bot.observations.classifier import NONE, Prediction

        return [[Prediction(NONE, 0.70), Prediction("danger", 0.25)] for _ in texts]


def test_a_weak_reading_of_danger_in_words_that_tell_only_of_the_past_is_asked_not_decided():
    from bot.language import english
    from bot.observations.mapper import ObservationMapper

    mapper = ObservationMapper(WeakDangerClassifier(), english())
    history = mapper.map("Several times he has turned up standing on the back seat with no belt on.")
    assert "danger" not in history.routes
    assert [q.kind for q in history.uncertain].count("danger") == 1
    now = mapper.map("He is standing on the back seat with no belt on right now.")
    assert "danger" in now.routes and not [q for q in now.uncertain if q.kind == "danger"]


class _IllnessClassifier:
    """Reads every clause where a parent speaks as fabricated or induced illness."""

    def rank(self, texts):
        return [[Prediction("fii", 0.9), Prediction(NONE, 0.1)] if "says" in text.lower()
                else [Prediction(NONE, 0.9), Prediction("1.3.12", 0.1)] for text in texts]


def test_no_diagnosis_never_sets_aside_a_reading_of_fabricated_illness():
    """No known condition is part of 1.3.44 itself ("reported symptoms ... unexplained by any known medical
    condition"): a sentence that opens by saying there is no diagnosis keeps the reading, whoever made it."""
    mapper = ObservationMapper(_IllnessClassifier(), english())
    assert "fii" in ids(mapper.map("No diagnosis has been found, but mum says he can't walk and needs a wheelchair."))
    assert "fii" in ids(mapper.map("No diagnosis. Mum says he stops breathing at night and nobody else has ever seen it."))
    assert "fii" in ids(mapper.map("No medical condition explains it: mum keeps bringing her to A&E with fits that no one "
                                   "else has witnessed."))


class _SplitInteractionClassifier:
    """Reads a carer's shouting as 1.3.31 (0.33) or its persistent form 1.3.32 (0.12): neither reaches its own bar
    (0.40 for a 'consider' feature), as a classifier taught both forms in many words does."""

    def rank(self, texts):
        return [[Prediction("1.3.31", 0.33), Prediction("1.3.13", 0.2), Prediction("1.3.32", 0.12),
                 Prediction(NONE, 0.35)] if "shouts" in text.lower()
                else [Prediction(NONE, 0.9), Prediction("1.3.12", 0.1)] for text in texts]


def test_an_interaction_split_between_its_two_forms_is_one_reading_and_the_words_decide_persistence():
    mapper = ObservationMapper(_SplitInteractionClassifier(), english())
    every_day = mapper.map("Her stepdad shouts that she is useless every morning at the gate.")
    assert [f.id for f in every_day.features] == ["1.3.32"]
    unknown = mapper.map("Her stepdad shouts that she is useless at the gate.")
    assert [f.id for f in unknown.features] == ["1.3.31"]
    assert [q.kind for q in unknown.uncertain] == ["persistence"]


def test_a_clause_with_no_words_of_its_own_carries_no_reading_of_danger():
    """'[NAME] is 7 and in my Year 3 class' only introduces the child: the classifier's weak danger there is its
    prior for short text. With one word of its own the reading is asked about, never dropped; with more, read as
    before."""
    mapper = ObservationMapper(WeakDangerClassifier(), english())
    introduction = mapper.map("[NAME] is 7 and in my Year 3 class.")
    assert "danger" not in introduction.routes and not [q for q in introduction.uncertain if q.kind == "danger"]
    placed = mapper.map("She's with me now.")
    assert "danger" not in placed.routes and [q for q in placed.uncertain if q.kind == "danger"]
    bleeding = mapper.map("She is bleeding.")
    assert [q for q in bleeding.uncertain if q.kind == "danger"], "one word that may mean danger is asked about"
    collecting = mapper.map("He's collecting her 7 year old from school at 3.15 today.")
    assert "danger" in collecting.routes


def test_every_one_of_several_occasions_is_persistence(mapper):
    """"4 appointments, and at every one he belittles him" is persistent (1.3.32), not an unknown frequency."""
    assert ids(mapper.map("Dad came to four appointments and at every one he belittles him.")) == {"1.3.32": "suspect"}


class WeakFGMClassifier:
    """Reads any clause with "cut" in it as FGM, weakly (0.45), as the trained classifier did with self-harm."""

    def rank(self, texts):
        return [[Prediction("fgm", 0.45), Prediction(NONE, 0.3)] if "cut" in t.lower() else [Prediction(NONE, 0.9)]
                for t in texts]


@pytest.fixture(scope="module")
def weak_fgm_mapper():
    return ObservationMapper(WeakFGMClassifier(), english())


@pytest.mark.parametrize("text", ["She said she started cutting in the summer, on her arms.",
                                  "He has been cutting himself again."])
def test_cutting_told_as_self_harm_is_not_read_as_fgm(weak_fgm_mapper, text):
    """A weak FGM reading of a young person's own cutting is self-harm's (1.3.16), not FGM."""
    assert "fgm" not in ids(weak_fgm_mapper.map(text))


@pytest.mark.parametrize("text", [
    "The woman who is cutting all the girls in the family arrives next week.",
    "She has started cutting herself since she came back; she was cut down there while she was away.",
])
def test_a_cutter_or_fgm_told_beside_self_harm_keeps_the_fgm_reading(weak_fgm_mapper, text):
    """The second reader's finding: the self-harm guard must never drop a mandatory-duty route."""
    assert "fgm" in ids(weak_fgm_mapper.map(text))


class WeakFIIClassifier:
    """Reads any clause that says "normal" or "no diagnosis" as fabricated or induced illness, weakly (0.45)."""

    def rank(self, texts):
        return [[Prediction("fii", 0.45), Prediction(NONE, 0.3)]
                if ("normal" in t.lower() or "no diagnosis" in t.lower()) else [Prediction(NONE, 0.9)] for t in texts]


@pytest.fixture(scope="module")
def weak_fii_mapper():
    return ObservationMapper(WeakFIIClassifier(), english())


def test_a_clause_saying_no_illness_explains_it_is_not_read_as_fii(weak_fii_mapper):
    assert "fii" not in ids(weak_fii_mapper.map("He hoards food in his tray. No diagnosis as far as mum knows."))


@pytest.mark.parametrize("text", [
    "Mum says he fits every day at home; the EEGs were all normal and nobody else has ever seen one.",
    "All his tests came back normal but mum keeps bringing him back with new symptoms.",
    "Scans normal again and she is asking for another brain scan at a different hospital.",
])
def test_fii_told_beside_normal_tests_keeps_the_fii_reading(weak_fii_mapper, text):
    assert "fii" in ids(weak_fii_mapper.map(text))


# Session 10: "already rebooked" is asked about (dealt with promptly?), never decided, even beside "x3": the
# practitioner's "no" keeps the feature (tests/conversation/test_follow_up.py).
def test_already_rebooked_beside_a_repetition_is_asked_about(mapper):
    result = mapper.map("DNA x3 this term for his hearing clinic; mum says she's already rebooked.")
    assert [(s.id, s.ask) for s in result.not_met] == [("1.3.41", "resolved")]


def test_already_rebooked_without_repetition_is_asked_about(mapper):
    result = mapper.map("One DNA at the hearing clinic, and mum has already rebooked it.")
    assert result.features == []
    assert [(s.id, s.ask) for s in result.not_met] == [("1.3.41", "resolved")]


def test_a_teenager_pulling_a_younger_childs_clothes_down_stays_1_3_20_whatever_the_younger_childs_age(mapper):
    """Session 13 (tuning 12): the message's age was the 9-year-old's, which made the 13-year-old's behaviour 1.3.21;
    the sign names the teenager doing it. A young child doing it is still read as pre-pubertal."""
    teen = mapper.map("Connor (13) followed a 9yo into the toilet and tried to pull his trackies down.")
    assert "1.3.20" in ids(teen) and "1.3.21" not in ids(teen)
    young = mapper.map("An older boy, 8, tried to pull a 5yo's pants down in the toilets.")
    assert "1.3.21" in ids(young) and "1.3.20" not in ids(young)
