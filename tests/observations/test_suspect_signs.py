"""The explicit floor under the classifier for suspect findings that must not be lowered to nothing."""
from __future__ import annotations

import pytest

from bot.language import english
from bot.observations.classifier import NONE, Prediction
from bot.observations.mapper import ObservationMapper
from bot.observations.suspect_signs import suspect_signs, witnessed_accident


class NothingClassifier:
    """A classifier that finds nothing: whatever is found comes from the explicit patterns."""

    def rank(self, texts):
        return [[Prediction(NONE, 0.95), Prediction("1.3.12", 0.05)] for _ in texts]


@pytest.fixture(scope="module")
def mapper():
    return ObservationMapper(NothingClassifier(), english())


@pytest.mark.parametrize("label, text", [
    ("1.3.20", "Her boyfriend is 19 and keeps making her send pictures of herself in her underwear."),
    ("1.3.20", "an older lad keeps pushing her for nudes on snapchat"),
    ("1.3.20", "The 13 year old has been showing porn on his phone to the 5 and 6 year olds on the estate."),
    ("fii", "Mum was seen adding sugar to his urine sample before it went to the lab."),
    ("fii", "She has been tampering with his blood glucose readings."),
    ("1.3.40", "A sore on his bottom is weeping through his trousers and smells; it has been like that for weeks."),
    ("1.3.40", "She has been in pain with toothache for weeks and mum hasn't taken her to the dentist."),
])
def test_each_sign_is_found(label, text):
    assert label in [s.label for s in suspect_signs(text)], text


@pytest.mark.parametrize("text", [
    "He was in pain after he fell, and mum took him to A&E that evening.",
    "The Year 9 class had a lesson about why sending nudes is risky.",
    "The nurse took a urine sample at the appointment.",
])
def test_ordinary_words_are_not_signs(text):
    assert not suspect_signs(text), text


def test_the_mapper_applies_the_features_conditions_to_a_sign(mapper):
    teen = mapper.map("She's 14 and an older man keeps pressuring her to send nudes.")
    assert {f.id: f.level for f in teen.features} == {"1.3.20": "suspect"}
    young = mapper.map("She's 6 and an older boy made her send pictures of herself naked.")
    assert {f.id for f in young.features} == {"1.3.21"}, "before puberty, 1.3.21"
    fii = mapper.map("Mum was seen adding sugar to his urine sample.")
    assert fii.level == "suspect" and "fii" in fii.routes


@pytest.mark.parametrize("label, text", [
    ("1.3.40", "There's a sore on his back that smells; it's been there at least three weeks and mum hasn't had time "
               "to take him to the nurse."),
    ("1.3.21", "For three lessons she has been lying on top of other children and moving her hips up and down."),
])
def test_more_wordings_of_the_signs(label, text):
    assert label in [s.label for s in suspect_signs(text)], text


@pytest.mark.parametrize("text, found", [
    ("The 3-year-old came in with a scald on his chest.", True),
    ("There are fingertip bruises on the baby's upper arms.", True),
    ("I saw her slip on the wet floor and she has a small bruise on her knee.", False),
])
def test_an_injury_is_a_sign_unless_the_practitioner_saw_the_accident(text, found):
    assert ("injury" in [s.label for s in suspect_signs(text)]) is found, text


@pytest.mark.parametrize("text, seen", [
    ("I saw him come off his bike on the playground and graze both knees.", True),
    ("We watched her go into a tackle at Saturday's match and she came off with a bruised shin.", True),
    ("i saw her trip on the step and bang her head, mum came straight away.", True),
    ("I saw him fall off the climbing frame, but the bruises on his back look older.", False),
    ("He has bruises on both arms and says he fell.", False),
    ("She caught her foot on the mat, I saw it happen, and a bruise came up on her knee.", True),
    ("The collision happened right in front of us and he has a lump on his forehead.", True),
    ("There's a bruise on her arm, I saw it when she rolled her sleeve up.", False),
    ("I saw the bruises on his back when he changed for PE.", False),
    # session 13 (tuning 12): the practitioner there, and watching it happen, in one telling
    ("I was leading her group on the scramble and watched her slip on the wet rocks twice.", True),
    ("We were in the sports hall and saw him trip over the bench.", True),
    ("I was told by mum and saw her bruises; she said she fell.", False),
    ("I was on the phone to mum and saw the bruise on his arm.", False),
])
def test_an_accident_the_practitioner_saw_is_told_from_one_they_did_not(text, seen):
    assert witnessed_accident(text) is seen


@pytest.mark.parametrize("text", [
    "Mum rang to say her 4 month old has a swollen wrist and screams when she lifts him.",
    "The 3-month-old has a small bruise on his cheek; dad says his sister poked him.",
    "Six-week-old brought to the surgery, 6 week old not moving her left leg since last night.",
    "2/12 old baby with a burn on the sole of his foot, parents unsure how.",
])
def test_any_injury_to_a_baby_who_cannot_yet_move_about_is_the_injury_route(text):
    assert "injury" in [sign.label for sign in suspect_signs(text)]


@pytest.mark.parametrize("text", [
    "The 4 month old had her jabs today and cried for a bit.",
    "The 10 month old, who is crawling everywhere, bumped his head on the table.",
])
def test_a_babys_ordinary_day_is_not_an_injury(text):
    assert "injury" not in [sign.label for sign in suspect_signs(text)]


@pytest.mark.parametrize("text", [
    "The Year 10 lad has two phones that never stop ringing and a new designer jacket nobody bought him.",
    "She's 14, goes missing at weekends and gets picked up by men in their 20s in different cars.",
    "He owes them money now, he says, and has to keep carrying packages to a flat in another town; found in another town last week.",
    "A 13 year old was brought over from abroad to live with an 'uncle'; she does not go to school and minds his children.",
    "A 12 year old who came here last year cooks and cleans for the family she lives with and does not go to school.",
    "He's 15 and seeing a 26-year-old who gives him weed.",
    "The olders have said he's got to go to Birmingham with them, and that they know where his mum lives.",
])
def test_two_signs_of_exploitation_together_are_the_trafficking_route(text):
    assert "trafficking" in [sign.label for sign in suspect_signs(text)]


@pytest.mark.parametrize("text", [
    "He got a new phone for his birthday and some new trainers from his nan.",
    "She went out in the rain without a coat.",
    "Dad's picked up by his mate most mornings for work.",
    "Mum's partner is 32 and they've been together for years.",
    "He has to go to Leeds with his dad at weekends for contact.",
    "Mum cooks and cleans for the family and is not related to the neighbours.",
    "He's going to Manchester for his cousin's wedding; that side of the family aren't related by blood.",
])
def test_one_sign_alone_is_not_the_trafficking_route(text):
    assert "trafficking" not in [sign.label for sign in suspect_signs(text)]


@pytest.mark.parametrize("text, label", [
    ("Mum is adamant the 5-year-old has epilepsy and wants more medication, but the EEG and two assessments were "
     "normal.", "fii"),
    ("The 11-year-old looks after her mum, who has MS, and hasn't been in school for three weeks.", "1.3.18"),
    ("He minds his baby brother most days instead of going to school.", "1.3.18"),
])
def test_a_contradicted_illness_and_caring_instead_of_school(text, label):
    assert label in [sign.label for sign in suspect_signs(text)]


def test_helping_at_home_after_school_is_not_a_young_carer_feature():
    assert suspect_signs("She looks after her little brothers after school while mum works.") == []


@pytest.mark.parametrize("label, text", [
    ("injury", "Bruising along his jaw; mum's account of how it happened keeps changing."),
    ("injury", "Swollen wrist, she says he fell off the bed, but they didn't bring him in until two days later."),
    ("injury", "There's a burn on her hand and, honestly, the explanation doesn't add up."),
    ("1.3.16", "She has been self-harming since Christmas."),
    ("1.3.16", "I noticed new scratches up her forearms during swimming."),
    ("1.3.16", "He admitted he's been burning himself with a lighter."),
    ("1.3.36", "Dad refused to let us see her on her own for the assessment."),
    ("1.3.36", "Her aunt would not leave the consulting room when I asked for a minute with the girl."),
    ("1.3.36", "Mum declined the one-to-one part of the review again."),
    ("1.3.38", "The toddler swallowed some of his nan's tablets while she was asleep."),
    ("1.3.38", "The scald happened when dad went out for a cigarette and left her alone in the kitchen."),
    ("1.3.39", "His asthma inhaler was still in the chemist's bag, never opened."),
    ("1.3.39", "They have run out of her epilepsy medication and not got more."),
    ("1.3.39", "Mum stopped giving him his antibiotics after two days."),
    ("1.3.12", "Since Easter she has been a completely different girl, quiet and jumpy."),
    ("1.3.12", "He's not himself lately at all."),
    ("fii", "Mum tells everyone he can't walk far and needs a wheelchair, but here he runs about all lunchtime."),
])
def test_the_everyday_wordings_found_in_independent_text(label, text):
    assert label in [s.label for s in suspect_signs(text)], text


@pytest.mark.parametrize("text", [
    "No self-harm, sleeping and eating well, good friends.",
    "She denies any cuts or bruises and there are none to see.",
    "Mum stayed in the room for the hearing test, as we always ask parents to.",
    "Her inhaler is in her bag and she used it before PE.",
    "The GP prescribed antibiotics and mum is giving them three times a day.",
    "He grazed his knee in the playground; I saw him trip and we cleaned it up.",
    "She has a different teacher this year and loves her.",
])
def test_the_new_signs_leave_ordinary_words_alone(text):
    assert not suspect_signs(text), text


@pytest.mark.parametrize("label, text", [
    ("1.3.16", "The 14yo keeps turning up to youth club smelling strongly of cannabis."),
    ("1.3.16", "He was drunk at training on Saturday, his third time."),
    ("1.3.16", "She has been getting bullied on the bus every day this term."),
    ("1.3.16", "Her friends say she makes herself sick after lunch."),
    ("1.3.31", "Dad punched the wall and threw a plate at mum while the toddler was in the room."),
    ("1.3.31", "Their 5yo saw his dad strangling his mum on Sunday."),
    ("1.3.40", "He had been vomiting with bad belly pain for four days and they never called the GP."),
    ("1.3.40", "Her temperature was sky high all weekend and mum didn't contact anyone."),
    ("1.3.24", "On the home visit there was no food in the flat at all and the baby's bottle was empty."),
    ("1.3.24", "The fridge was empty again and the cupboards bare."),
    ("injury", "He showed me long red marks across his back and legs."),
    ("injury", "There is a fresh blister burn on her palm and the story keeps changing."),
])
def test_more_of_the_guidelines_own_examples_in_everyday_words(label, text):
    assert label in [s.label for s in suspect_signs(text)], text


@pytest.mark.parametrize("text", [
    "Mum came to collect him smelling strongly of alcohol.",
    "The class talked about bullying in PSHE today.",
    "They had a row about homework and he sulked; nobody hit anyone.",
    "She had a temperature on Monday and mum rang the GP that morning.",
    "There was plenty of food in the fridge and the flat was tidy.",
])
def test_the_guidelines_examples_leave_ordinary_words_alone(text):
    assert not suspect_signs(text), text


@pytest.mark.parametrize("label, text", [
    ("injury", "Never seen bruising like it on her back, and mum says she fell."),
    ("injury", "Not only bruises on his face but a burn on his hand too."),
    ("1.3.16", "I'm not sure but I think she's been self-harming."),
])
def test_a_denial_only_counts_right_before_the_sign(label, text):
    assert label in [s.label for s in suspect_signs(text)], text


@pytest.mark.parametrize("label, text", [
    # servitude: two signs of exploitation together (trafficking, NG76 1.3.47)
    ("trafficking", "The girl, maybe 14, says she's a cousin from Albania; she doesn't go to school and cooks for the "
                    "whole house."),
    ("trafficking", "He calls the man his uncle but says he isn't actually family, and he eats after everyone else."),
    ("trafficking", "She minds her auntie's three kids all day and isn't allowed out."),
    # alarming episodes only a parent has seen (fabricated or induced illness)
    ("fii", "Mum has brought him to A&E six times with breathing attacks; nobody else has ever seen one and every "
            "test is normal."),
    ("fii", "Dad reports blackouts twice a week. None of us has seen one in two years at nursery."),
    # pain in the teeth or ears told as long-lasting (1.3.40)
    ("1.3.40", "His ear has been hurting for over a week and it smells, but nobody has taken him to the doctor."),
    ("1.3.40", "She says her teeth have been aching for months and she can only chew on one side."),
    # an oral injury (the injury route)
    ("injury", "On the home visit I noticed the baby's upper lip frenulum is torn."),
    ("injury", "The toddler has a torn frenum and mum can't say how it happened."),
    # an older child making others undress (1.3.20; the mapper applies the age condition)
    ("1.3.20", "A 15-year-old at the bus stop was getting the little ones to pull down their pants for a dare."),
    # developmentally inappropriate expectations of a baby (1.3.31)
    ("1.3.31", "Mum said her 6 week old cries on purpose to get at her and has to learn a lesson."),
    ("1.3.31", "Dad reckons the toddler knows exactly what he's doing when he wakes at night."),
    # what a practitioner sees of female genital mutilation (1.3.8)
    ("fgm", "While changing her I noticed scarring on her labia and the opening looks partly closed."),
    ("fgm", "The 9yo's genital area looks very different from what I would expect for her age."),
    # violence at home that the children saw or heard (1.3.31)
    ("1.3.31", "Her partner was punching holes in the doors on Saturday and the kids heard every bit of it."),
])
def test_signs_of_servitude_unwitnessed_episodes_lasting_pain_oral_injury_and_making_others_undress(label, text):
    assert label in [s.label for s in suspect_signs(text)], text


@pytest.mark.parametrize("text", [
    "She moved here from Poland with her mum last year and is settling in well at school.",
    "He came over from Syria last month and isn't at school yet while the council finds a place.",
    "She had a seizure in PE today; staff followed her epilepsy plan and called her mum.",
    "His ear hurt on Tuesday so his dad took him straight to the GP.",
    "She helps her mum with the younger ones at weekends and loves it.",
    "The children took off their shoes and socks for the sensory walk.",
    "She has nappy rash in her genital area; mum is using the cream from the GP.",
    "He had stitches in his chin after falling off the swing.",
    "The baby cries a lot in the evenings and mum is tired, dad does the night feeds.",
    # from the review of these signs: ordinary sentences they once matched
    "The new boy is not related to the family next door. He is not in school this week with chickenpox.",
    "Her cousin from Manchester is staying for half term and she isn't allowed out after dark.",
    "He has panic attacks about exams. No one else has seen them at home, only at school.",
    "She had two seizures last year; none of us has seen one since she started the new medication.",
    "The school nurse told her to lift her top so she could listen to her chest.",
    "The PE teacher told the boys to take off their tops for the swimming gala.",
    "Two Year 6 boys were fighting at lunch while the children watched.",
    "At nine weeks the frenulum was divided by the consultant for his tongue-tie.",
    "The 2 year old is learning to share at nursery.",
])
def test_the_new_signs_leave_everyday_words_alone(text):
    assert not suspect_signs(text), text


@pytest.mark.parametrize("text", [
    "Stepdad shouted 'you're useless' at the 8 year old in front of everyone at the gate.",
    "Dad stayed to watch the lesson. Each time she slipped he said 'god you're hopeless'.",
    "Mum snapped at her son, 'I wish I'd never had you'.",
    "Officers noted both kids witnessed the attack on their mother.",
    "Domestic incident last night at the flat; the children were in the house.",
])
def test_a_carer_belittling_a_child_and_children_at_violence_at_home_are_harmful_interactions(text):
    assert "1.3.31" in [sign.label for sign in suspect_signs(text)], text


@pytest.mark.parametrize("text", [
    "Mum said 'you're so clever' when she saw the certificate.",
    "Mum was lovely at pick-up. His friend said 'you're so stupid' and they both laughed.",
    "The children watched a fight scene in the film with their dad.",
])
def test_praise_a_childs_friend_and_a_film_are_not_harmful_interactions(text):
    assert "1.3.31" not in [sign.label for sign in suspect_signs(text)], text


@pytest.mark.parametrize("text, route", [
    ("Her cases are packed; she says she'll be cut when they get to her grandmother's.", "fgm"),
    ("His arm is bent and dad won't take him to hospital.", "injury"),
])
def test_a_danger_that_is_a_routes_concern_gives_the_route_as_well(mapper, text, route):
    """FGM about to happen is danger first and the FGM route's duty too (NG76 1.3.8); an injury left untreated now is
    danger and the injury route (the child maltreatment guideline)."""
    result = mapper.map(text)
    assert {"danger", route} <= set(result.routes), text


@pytest.mark.parametrize("text", [
    "Her dad and uncles have arranged for her to marry a cousin abroad in the summer holidays; she's 15.",
    "He says he is going to be married off to a girl from back home when he turns 16.",
    "Dad is forcing her into a marriage she does not want.",
])
def test_forced_marriage_is_the_trafficking_route(text):
    """NG76 1.3.45 names forced marriage among the reasons children are trafficked."""
    assert "trafficking" in [sign.label for sign in suspect_signs(text)], text


@pytest.mark.parametrize("text", [
    "Her sister is getting married next month and she is a bridesmaid.",
    "Her parents had an arranged marriage and are very happy.",
    "They're taking her to a family wedding in August.",
    "Mum is going to get married to an older man she met at work.",
])
def test_weddings_and_adults_marriages_are_not_forced_marriage(text):
    assert "trafficking" not in [sign.label for sign in suspect_signs(text)], text


@pytest.mark.parametrize("text, found", [
    ("The 14 year old had a deep cut on her wrist and wouldn't say how.", True),
    ("In PE I noticed cuts on his forearm, in neat lines.", True),
    ("There were cuts on his arms from the brambles on the nature walk.", False),
    ("She has a cut on her finger from cooking.", False),
])
def test_cuts_on_a_wrist_or_arm_are_self_harm_unless_an_accident_is_given(text, found):
    assert ("1.3.16" in [sign.label for sign in suspect_signs(text)]) is found, text


@pytest.mark.parametrize("text, found", [
    ("The 12 year old has purple marks all round her neck this morning.", True),
    ("Fingermarks on his throat, he says it was a game.", True),
    ("She has a birthmark on her neck.", False),
    ("He has eczema patches on his neck.", False),
])
def test_marks_round_a_childs_neck_are_an_injury_sign(text, found):
    assert ("injury" in [sign.label for sign in suspect_signs(text)]) is found, text


# A second reader's adversarial inputs for session 8's signs: each wrong reading they found, and each wording missed.
@pytest.mark.parametrize("label, text, found", [
    ("1.3.16", "I noticed fresh cuts on her arms when she rolled up her sleeves in PE.", True),
    ("1.3.16", "Fresh cuts on her wrists from a razor blade.", True),
    ("1.3.16", "He has scratches on his arms - he has a new kitten.", False),
    ("trafficking", "She minds the family's kids.", False),
    ("trafficking", "Young carer: cooks and cleans for the whole family, not attending school regularly.", False),
    ("trafficking", "She has an older boyfriend (17, she is 16) and isn't attending school this week due to flu.", False),
    ("trafficking", "He is being sent to Pakistan to marry his cousin.", True),
    ("trafficking", "her dad is making her marry a man twice her age", True),
    ("trafficking", "We had a forced marriage awareness assembly today.", False),
    ("trafficking", "Mum is making her a dress to get married in.", False),
    ("1.3.31", "Mum told him god you're brilliant.", False),
    ("1.3.31", "Stepdad calls him an idiot.", True),
    ("1.3.31", "Dad called her a stupid cow.", True),
    ("1.3.31", "Both children saw the fight on the playground on their dad's phone video.", False),
    ("1.3.31", "DV training was delivered, children were in the room.", False),
    ("1.3.31", "DV incident last night, 2 children in the property.", True),
    ("injury", "Scratches on her neck from the cat.", False),
    ("injury", "a mark on her neck from her necklace", False),
])
def test_second_readers_cases(label, text, found):
    assert (label in [sign.label for sign in suspect_signs(text)]) is found, text


# Session 9: untreated conditions the carer will not take to a doctor (1.3.40), a carer's insults told with the
# carer named earlier in the sentence (1.3.31), and drug equipment within a child's reach (1.3.24).
@pytest.mark.parametrize("text, label", [
    ("Her eczema is cracked and bleeding behind both knees and mum won't take her to the GP, says it's nothing.",
     "1.3.40"),
    ("He is diabetic and keeps coming in thirsty and exhausted, and his dad hasn't rung the diabetes team.", "1.3.40"),
    ("ear infection for over a week, pus coming out, mum sed she cant be bothered ringing the surgery", "1.3.40"),
    ("Gran collected him and all the way to the car she was mocking him: 'thicko', 'loser'.", "1.3.31"),
    ("Dad stood at the door of the classroom and kept saying 'you can't do anything right'.", "1.3.31"),
    ("on each visit there are syringes lying about the lounge and the baby is crawling", "1.3.24"),
])
def test_signs_in_everyday_words(text, label):
    assert label in {s.label for s in suspect_signs(text)}


@pytest.mark.parametrize("text, label", [
    ("He had eczema as a baby; mum took him to the GP and it cleared up.", "1.3.40"),
    ("The graze was not treated by us because the GP had already dressed it.", "1.3.40"),
    ("She has had head lice all term and it has never been treated.", "1.3.40"),  # an infestation: 1.3.26
    ("Dad told me the boys at school call him 'loser'.", "1.3.31"),  # others' words, reported by the carer
    ("Mum said he was useless at football.", "1.3.31"),
    ("The toddler drank from a bottle of methadone left on the kitchen side.", "1.3.24"),  # an ingestion: 1.3.38
    ("Mum keeps her needles in a locked box out of reach.", "1.3.24"),
])
def test_everyday_words_that_are_not_the_sign(text, label):
    assert label not in {s.label for s in suspect_signs(text)}


# Session 9, second round: a child smelly and dirty told of the child (1.3.25), a carer on the phone while the
# child is distressed (1.3.33), decay the family never gets treated (1.3.43).
@pytest.mark.parametrize("text, label", [
    ("the Y2 girl is always so dirty n smelly, kids wont sit by her", "1.3.25"),
    ("she smells strongly of stale wee most mornings", "1.3.25"),
    ("dad on his phone the whole visit while the baby screamed, never once picked her up", "1.3.33"),
    ("when I asked about her daughter she said 'she's not my problem any more'", "1.3.33"),
    ("Second check-up with decayed teeth at the front; mum said she'd book the fillings and never did.", "1.3.43"),
])
def test_more_signs_in_everyday_words(text, label):
    assert label in {s.label for s in suspect_signs(text)}


@pytest.mark.parametrize("text, label", [
    ("After football he was muddy and smelly, as you would expect.", "1.3.25"),
    ("The flat smells of urine and the kitchen is dirty.", "1.3.25"),  # the home (1.3.24), not the child
    ("Mum was on her phone to the GP and did not look up when I came in.", "1.3.33"),
    ("Fillings for decay under GA last month, and both parents have come to every appointment since.", "1.3.43"),
])
def test_everyday_words_that_are_not_these_signs(text, label):
    assert label not in {s.label for s in suspect_signs(text)}


@pytest.mark.parametrize("text, label", [
    ("Dad said the referee was 'useless' and stormed off the pitch.", "1.3.31"),  # not said to the child
    ("He had a rash last week which was never treated by the GP as it cleared on its own.", "1.3.40"),
    ("Grandma knits; knitting needles on the sofa and wool everywhere.", "1.3.24"),
])
def test_the_second_readers_false_readings_stay_fixed(text, label):
    assert label not in {s.label for s in suspect_signs(text)}


def test_a_single_needle_within_reach_is_drug_equipment():
    assert "1.3.24" in {s.label for s in suspect_signs("Found a used needle on the bedroom floor by the toddler's cot.")}


# Session 10 (tuning 7): a carer's belittling name for the child inside a quotation, after the carer is named
# ("you useless lump"), and greeting the child with it; a name aimed at another adult, or other children's words the
# carer reports, are not it.
@pytest.mark.parametrize("text", [
    "Most mornings her stepdad greets her with 'morning you lazy little cow' at the gate.",
    "Mum shouted 'get in the car you stupid brat' and yanked her arm.",
    "Grandad collected him and said, loud enough for the whole queue, 'what have you done now you thick oaf'.",
    # session 12 (tuning 11): more words between the carer and the saying
    "Every day this week dad comes in at pick-up and says 'what have you lost now, you useless lump'.",
])
def test_a_carers_quoted_name_for_the_child_is_a_harmful_interaction(text):
    assert "1.3.31" in {s.label for s in suspect_signs(text)}, text


@pytest.mark.parametrize("text", [
    "Dad told me the girls in her class call her 'you fat pig' on the bus.",
    "Mum shouted at the referee 'you useless lump' and was asked to leave.",
    "Dad said to his partner 'you stupid cow' in the car park.",
    # the second reader's: an adult the words were aimed at, others' words, affection
    "Dad yelled 'you stupid idiot' at a driver who cut him up, with the kids in the back.",
    "Mum said her boss yelled 'you stupid cow' at her, she was upset.",
    "Dad says his own father used to call him 'you useless lump'.",
    "Mum said 'you clever little thing' when she finished the puzzle.",
    "Dad grinned and called out 'you cheeky little sod' when he scored.",
    "Dad came over to the referee at half-time and said 'you useless lump' at the ref.",
])
def test_a_name_for_someone_else_or_said_by_others_is_not_it(text):
    assert "1.3.31" not in {s.label for s in suspect_signs(text)}, text


# The second reader's: an audience named before the insult ("in front of staff") never hid it before session 10 and
# must not now.
@pytest.mark.parametrize("text", [
    "Mum said in front of staff 'you're so stupid' to her son.",
    "Dad said, as his girlfriend watched, 'you're useless'.",
    "Mum says to him 'you lazy good for nothing'.",
])
def test_an_audience_does_not_hide_a_carers_insult(text):
    assert "1.3.31" in {s.label for s in suspect_signs(text)}, text


# Session 10, tuning 8's kinds in our own words: doctor after doctor or note after note while the tests say well
# (FII); help a doctor said was needed not sought, or a child in pain told to toughen up (1.3.40); treatment stopped
# by the family (1.3.39); live wires or a window lock taken off (1.3.24); a teenager's indiscriminate sexual
# behaviour (1.3.20); scarring where the labia should be (FGM).
@pytest.mark.parametrize("text, label", [
    ("Mum has had him seen at five different hospitals for his 'fits'; every EEG and scan has come back normal.", "fii"),
    ("Dad brings a new letter every month saying she has a new condition. The paediatrician says she's completely healthy.",
     "fii"),
    ("The optician said she needed to see a GP about the eye infection. Three weeks on, mum still hasn't taken her.", "1.3.40"),
    ("His wrist is swollen and he says it hurts all the time; dad told him to man up and stop whinging.", "1.3.40"),
    ("Her ear was sore for days and they only brought her in because the school nurse insisted.", "1.3.40"),
    ("Mum stopped the antibiotics after two days as he didn't like the taste.", "1.3.39"),
    ("There are bare wires coming out of the wall in the toddlers' bedroom.", "1.3.24"),
    ("Dad's taken the restrictor off the bedroom window so he can smoke.", "1.3.24"),
    ("She told friends she's had sex with four different boys at parties.", "1.3.20"),
    ("He keeps trying it on with the younger girls in the changing room.", "1.3.20"),
    ("On changing her I saw scarring where her clitoris should be.", "fgm"),
])
def test_tuning_eights_kinds_in_our_own_words(text, label):
    assert label in {s.label for s in suspect_signs(text)}, text


@pytest.mark.parametrize("text, label", [
    ("He has been seen at three different hospitals since the car accident and is making a good recovery.", "fii"),
    ("The GP said she needed to see a dentist, and mum booked her in the same week.", "1.3.40"),
    ("We stopped the antibiotics when the GP told us to.", "1.3.39"),
    ("A mum with a history of psychosis who's stopped her meds.", "1.3.39"),
    ("The electrician came to fix the loose wires in the school hall.", "1.3.24"),
    ("They did it with three other families at the campsite.", "1.3.20"),
    # the second reader's
    ("She's been to several clinics as part of her diabetes care; her bloods were normal this time.", "fii"),
    ("Mum brings a new letter every term about his EHCP. He is completely healthy.", "fii"),
    ("He needed to see the GP so mum took him straight away, which meant they didn't go to school that day.", "1.3.40"),
    ("He was complaining his knee hurt after football so I told him to stop moaning and get changed.", "1.3.40"),
    ("He only came in because the social worker insisted, he didn't want to talk to me.", "1.3.40"),
    ("Mum stopped the medication on the GP's advice.", "1.3.39"),
    ("The consultant stopped the steroid creams last month as her eczema has cleared.", "1.3.39"),
    ("In the science lesson he touched the bare wires on the circuit board.", "1.3.24"),
    ("He has done stuff with three of the boys in the choir for the summer concert.", "1.3.20"),
    ("He's trying it on with the younger staff, asking for extra break time.", "1.3.20"),
    ("She had a hernia op as a baby and has a small scar where her privates meet her tummy.", "fgm"),
])
def test_everyday_words_that_are_not_tuning_eights_signs(text, label):
    assert label not in {s.label for s in suspect_signs(text)}, text


# The second reader's misses, now read: a count of doctors with "doctors say he's fine", a carer's "toughen up" said
# plainly, "needed to be seen at the hospital but mum never took her".
@pytest.mark.parametrize("text, label", [
    ("Mum has been to 5 different A&E departments with him in 3 months. Doctors say he's fine.", "fii"),
    ("She broke her wrist and mum said toughen up.", "1.3.40"),
    ("The GP said she needed to be seen at the hospital but mum never took her.", "1.3.40"),
])
def test_the_second_readers_close_variants_are_read(text, label):
    assert label in {s.label for s in suspect_signs(text)}, text


# Session 10, tuning 9's kinds in our own words: an ingestion told as "got the tablets and swallowed some" (1.3.38),
# dissociation as a practitioner sees it (1.3.15), going missing from home or care (1.3.17).
@pytest.mark.parametrize("text, label", [
    ("Her toddler found dad's methadone on the side and drank some.", "1.3.38"),
    ("In class her eyes glaze over and she doesn't respond when I say her name.", "1.3.15"),
    ("He has gone missing from his placement four times this month.", "1.3.17"),
])
def test_tuning_nines_kinds_in_our_own_words(text, label):
    assert label in {s.label for s in suspect_signs(text)}, text


@pytest.mark.parametrize("text, label", [
    ("He found the tablets for the class fish and fed some to them.", "1.3.38"),
    ("She zoned out in assembly but answered straight away when I called her.", "1.3.15"),
    ("His PE kit has gone missing again.", "1.3.17"),
    # the second reader's (session 10, third round)
    ("She switches off her phone and doesn't answer our calls.", "1.3.15"),
    ("He absconded from the maths lesson and was found in the toilets.", "1.3.17"),
    ("She has never been missing from home.", "1.3.17"),
    ("He got his tablets from the nurse and swallowed them with water as prescribed.", "1.3.38"),
    ("The 16yo opened a cider at the party and drank it.", "1.3.38"),
])
def test_everyday_words_near_tuning_nines_kinds(text, label):
    assert label not in {s.label for s in suspect_signs(text)}, text


# Session 11, tuning 10's kinds in our own words: an older child telling younger ones to undress and show him
# (1.3.20); an injury that needs a doctor for which the family sought none, or sought it late (the injury route).
@pytest.mark.parametrize("text, label", [
    ("At break the 15-year-old orders the younger boys to drop their shorts and show him.", "1.3.20"),
    ("The 13yo told them to show her their privates behind the sports hall.", "1.3.20"),
    ("She has a blistered burn on her hand from last week and mum never took her to the GP.", "injury"),
    ("Swollen ankle on Friday night, dad only brought him in the next day.", "injury"),
    # the second reader's (session 11)
    ("He told a younger boy to show him his willy.", "1.3.20"),
    ("He asked the younger girls to pull their knickers down and show him.", "1.3.20"),
    ("He told two younger boys to pull their trousers down so he could look.", "1.3.20"),
    ("She had a fractured wrist and they didn't take her to hospital for three days.", "injury"),
    ("He had a scald on his arm; mum didn't seek medical help.", "injury"),
    ("She has a badly swollen ankle and mum waited three days before taking her to the GP.", "injury"),
])
def test_tuning_tens_kinds_in_our_own_words(text, label):
    assert label in {s.label for s in suspect_signs(text)}, text


@pytest.mark.parametrize("text, label", [
    ("The PE teacher told them to pull their shorts up and get changed.", "1.3.20"),
    ("Mum told him to take his trousers off because they were soaked.", "1.3.20"),
    ("He had a nosebleed and mum didn't take him to the doctor, it stopped in a minute.", "injury"),
    ("She had a scald last month and mum took her to A&E within the hour.", "injury"),
    # the second reader's (session 11)
    ("The nurse told him to pull his trousers down and show her where the rash was.", "1.3.20"),
    ("The doctor told her to show him her privates so he could check the infection.", "1.3.20"),
    ("At swimming I told them to take off their shorts and show them to the lifeguard for lost property.", "1.3.20"),
    ("She had a bruise and said something else about her weekend: she went to the zoo.", "injury"),
    ("She got a small burn from the glue gun in DT. We didn't take her to a doctor, first aid given.", "injury"),
    ("He has blisters on his feet from new shoes; mum didn't take him to the doctor as they were small.", "injury"),
    ("Last year he had a broken leg. Today mum only brought him in at 10 because of the dentist.", "injury"),
])
def test_everyday_words_near_tuning_tens_kinds(text, label):
    assert label not in {s.label for s in suspect_signs(text)}, text


# Session 12 (tuning 11): living away from home without the parents' agreement (1.3.17): sofa surfing, the
# parents not told where the young person is.
@pytest.mark.parametrize("text", [
    "She's been sofa surfing at friends' houses since Christmas.",
    "He is not telling his mum where he is staying at night.",
    "Her parents don't know where she is sleeping these days.",
    "he's been kipping on mates floors since he fell out with his dad, dad doesnt know where he is",
    # the second reader's (session 12)
    "Mum has no idea where she's sleeping",
    "Mum doesn't know where he goes at night",
    "foster carers don't know where she was staying",
    "Her nan doesn't know where she is.",
    "Mum says she doesn't know where he is",
    # the second round (session 12)
    "Her mum has no idea where she's been staying",
    "She hasn't told her mum where she's been sleeping",
    "sleeping on her boyfriend's sofa for a fortnight",
    "Since the row with his mum he's been sofa surfing",
])
def test_living_away_without_the_parents_agreement(text):
    assert "1.3.17" in {s.label for s in suspect_signs(text)}, text


@pytest.mark.parametrize("text", [
    "Mum doesn't know where he put his PE kit.",
    "Her dad didn't know where the parents' evening was.",
    "He is staying at his nan's while mum is in hospital, everyone agreed.",
    "Mum and the children left in the night and are in a refuge now; dad doesn't know where they are.",
    # the second reader's (session 12)
    "Her mum doesn't know where she is in the reading scheme.",
    "He's not telling his mum where he is applying for college",
    "Mum is sofa surfing with the baby since the eviction.",
    # the second round (session 12)
    "Mum said she's been sofa surfing since she left dad",
    "Her brother (22) has been sofa surfing",
    "Mum does not know where he stays on Wednesdays because dad has him",
    "Mum doesn't know where he has been hiding his vape",
    "Mum doesn't know where she is staying on the school trip",
])
def test_everyday_words_near_living_away(text):
    assert "1.3.17" not in {s.label for s in suspect_signs(text)}, text


# Session 12 (tuning 11): a young person's hand up or inside another child's clothes, seen by the practitioner
# (1.3.20); an adult's, or a hand in a pocket, is not a child's sexual behaviour.
@pytest.mark.parametrize("text, found", [
    ("In the lunch queue one of the Year 10 boys had his hand up a Year 8 girl's skirt and she was crying.", True),
    ("I saw the 15-year-old lad with his hand inside her top behind the sports hall while she pushed him off.", True),
    ("One of the Year 9 boys had his hands in his pockets the whole assembly.", False),
    ("Her stepdad had his hand up her skirt in the car park.", False),
    # the second reader's (session 12): their own clothes
    ("Year 9 girl put her hand inside her top to adjust her bra strap.", False),
    ("One of the year 8 lads put his hand in his pants to scratch.", False),
    # the second round (session 12): an adult between, other wordings
    ("A 15 yo girl was crying; a man at the bus stop had his hand up her skirt.", False),
    ("A year 10 girl told me her uncle puts his hand up her skirt.", False),
    ("yr 9 boy had his hand down her knickers at the bus stop", True),
    ("Jayden (Y9) with his hand up Leah's skirt in the corridor", True),
])
def test_a_young_persons_hand_in_another_childs_clothes(text, found):
    assert ("1.3.20" in {s.label for s in suspect_signs(text)}) is found, text


# Session 13 (tuning 12's kinds, in our own words): sex acted out with dolls or toy figures (1.3.21) and a mouth put
# to a doll's groin (1.3.22, the guideline's own example); a young person trying to pull another child's clothes down
# (1.3.20); the frenulum described (injury); a carer's round of practices for a symptom a clinician finds no sign of
# (fabricated or induced illness); a child doing the family's caring because a parent cannot (1.3.18).
@pytest.mark.parametrize("text, label", [
    ("In the home corner the 5yo laid the two dolls on top of each other and moved them up and down, giggling.", "1.3.21"),
    ("He keeps making the teddies hump each other at play therapy.", "1.3.21"),
    ("She pressed the doll's face into the other doll's groin and said it's a secret game.", "1.3.22"),
    ("Kian (14) followed a Year 7 boy into the changing room and tried to pull his shorts down.", "1.3.20"),
    ("A year 10 lad tried to pull a Year 8 girl's skirt down at the bus stop.", "1.3.20"),
    ("Baby 6 months, the skin under her top lip is torn and dad says she fell.", "injury"),
    ("Dad has taken him to two other surgeries this month saying he can't see. The optician found his eyes perfectly "
     "healthy.", "fii"),
    ("Mum can't get out of bed most days so he gets his sisters dressed and takes them to nursery.", "1.3.18"),
    ("Amy (11) does their breakfast because mum is too depressed to get up.", "1.3.18"),
    ("Mum can't get up. Leah does their breakfast and gets them to school.", "1.3.18"),
    ("Mum won't get up in the mornings, so the 10yo does the little ones' breakfast.", "1.3.18"),
    # the second reader's (session 13)
    ("He was humping his teddy bear in the reading corner.", "1.3.21"),
    ("She rubbed the teddy against her privates at circle time.", "1.3.21"),
    ("she put her mouth on the doll's privates", "1.3.22"),
    ("he was licking the teddy's willy", "1.3.22"),
    ("A year 10 boy pulled a year 7 girl's skirt down at the bus stop.", "1.3.20"),
    ("Jake (14) tried 2 pull a younger boy's trackies down", "1.3.20"),
    ("The skin that joins his top lip to his gum is torn.", "injury"),
    # an injury that needs a doctor, with no doctor or a delay, in other words
    ("Big weeping blisters up his arm from the kettle last week. He hasn't been to hospital or the GP.", "injury"),
    ("X-ray: spiral # mid-shaft of the femur, 18 months. Mum says he fell on Saturday and she waited because he was "
     "still walking.", "injury"),
])
def test_tuning_twelves_kinds_in_our_own_words(text, label):
    assert label in {s.label for s in suspect_signs(text)}, text


@pytest.mark.parametrize("text, label", [
    ("The children put the dolls to bed and kissed them goodnight.", "1.3.21"),
    ("He lined the toy figures up on top of each other to make a tower.", "1.3.21"),
    ("She put the doll's face against her cheek and sang to it.", "1.3.22"),
    ("A man tried to pull her knickers down in the park; she is 14.", "1.3.20"),
    ("Mum tried to pull his trousers down to change him and he screamed.", "1.3.20"),
    ("He bit his lip at football and the skin is a bit sore.", "injury"),
    ("Mum took him to two doctors before the diagnosis; tests confirmed asthma.", "fii"),
    ("Mum can't get up the stairs since her operation, so dad does their breakfast.", "1.3.18"),
    ("Mum can't get up before ten on her night shifts, so Nan gets them to school.", "1.3.18"),
    ("He does his own breakfast and gets himself to school, he's 15.", "1.3.18"),
    # the second reader's (session 13): play, care, own clothes, a chapped lip, a second opinion
    ("She put the doll on top of the other one in the pram and rocked it up and down.", "1.3.21"),
    ("The dolls were humpty dumpty on the wall.", "1.3.21"),
    ("put the dolls on top of each other in the box, rubbing off the paint", "1.3.21"),
    ("She wiped the doll's face and put a nappy on its bits.", "1.3.22"),
    ("The older boy tried to pull his trousers up but they were too tight.", "1.3.20"),
    ("Jake (14) tried to pull her skirt down because it had ridden up.", "1.3.20"),
    ("Older brother (15) tried to pull his pants down to check the rash.", "1.3.20"),
    ("She has a cold sore, the skin under her bottom lip has split.", "injury"),
    ("The bit under her tongue was torn at the dentist when her tongue tie was snipped.", "injury"),
    ("Mum took him to two other dentists for a second opinion on the brace. His check-up results were fine.", "fii"),
    ("They've registered at three different surgeries since they moved house; tests all normal.", "fii"),
    ("She has big blisters on her heels from new shoes, not been to a doctor.", "injury"),
    ("Huge blisters from the new boots, she has not been to the GP.", "injury"),
    ("Spiral # of the tibia after a skiing fall, seen in A&E the same day, mum waited with him.", "injury"),
    # the second reader's (session 13): another adult caring, or a "she" that may be the other parent
    ("Mum can't get up on nights, dad then does their breakfast.", "1.3.18"),
    ("Dad can't get up since his back operation so she gets them dressed.", "1.3.18"),
    ("Mum says she can't cope, she does their breakfast then goes back to bed.", "1.3.18"),
    ("Mum can't manage the stairs so the childminder gets them ready.", "1.3.18"),
    ("Mum can't get up before 10, so Auntie Sue takes them to school.", "1.3.18"),
])
def test_everyday_words_near_tuning_twelves_kinds(text, label):
    assert label not in {s.label for s in suspect_signs(text)}, text


# Session 13 (tuning 13's kinds, in our own words): ear or tooth pain for weeks with no doctor (1.3.40); a baby's injury
# told first and that the baby is not yet sitting after (injury); a young person's many sexual partners (1.3.20).
@pytest.mark.parametrize("text, label", [
    ("He's had ear pain for 3 wks and mum never collected the prescription.", "1.3.40"),
    ("Her arm is swollen and she screams when it's moved. She isn't sitting up yet.", "injury"),
    ("The 15yo said she's slept with about eight different lads since the summer.", "1.3.20"),
    ("She's been with like 5 or 6 boys this month, doesn't know all their names.", "1.3.20"),
    # the second reader's (session 13)
    ("she said she's slept w 8 diff lads", "1.3.20"),
    ("shes been with loads of lads", "1.3.20"),
    ("been with like 6 n 7 lads this month, dunno their names", "1.3.20"),
])
def test_tuning_thirteens_kinds_in_our_own_words(text, label):
    assert label in {s.label for s in suspect_signs(text)}, text


@pytest.mark.parametrize("text, label", [
    ("He has been with two older boys to the cinema.", "1.3.20"),
    ("She has been with three boys this term to the youth club.", "1.3.20"),
    ("His ankle is swollen from football. His little brother is not crawling yet.", "injury"),
    ("She had tooth pain yesterday and mum took her to the dentist this morning.", "1.3.40"),
    # the second reader's (session 13)
    ("He's been with 3 lads this week doing his DofE.", "1.3.20"),
    ("She's been with five boys this month at football training.", "1.3.20"),
    ("slept with 3 different people in the room at the sleepover", "1.3.20"),
    ("Baby had his jabs yesterday and his leg is swollen where the injection went. He isn't crawling yet.", "injury"),
    ("His gums are swollen with teething. He's not sitting up yet.", "injury"),
    ("He has ear pain, GP saw him today, antibiotics for 5 days.", "1.3.40"),
])
def test_everyday_words_near_tuning_thirteens_kinds(text, label):
    assert label not in {s.label for s in suspect_signs(text)}, text


# Session 14 (tuning 14's kinds, in our own words): a child doing the family's caring when a parent is unwell or
# disabled ("mum's not well", "dad's in a wheelchair"), getting several siblings ready or sorting a parent's medicines
# (1.3.18); a young person pushing younger children to show him their private parts (1.3.20).
@pytest.mark.parametrize("text, label", [
    ("She's late most days: she has to get her three little brothers dressed and fed because her mum's not well.",
     "1.3.18"),
    ("Dad's in a wheelchair and on home visits the 12yo is sorting out his dad's tablets and minding the toddlers.",
     "1.3.18"),
    ("Her mum is poorly in the mornings so she has to get her two sisters ready for school.", "1.3.18"),
    ("The 14yo keeps pushing the younger scouts at camp to show him their privates.", "1.3.20"),
    ("She was pressuring the other girls in the toilets to show her their private parts.", "1.3.20"),
    # a girl's procedure or ceremony told as the family's tradition, with her genitals or passing urine named (FGM)
    ("She's 10 and it stings when she wees. Dad says it's from the ceremony in the holidays, our culture.", "fgm"),
    ("Healing wound to the genital area; gran said the operation was traditional for the girls.", "fgm"),
    # many partners told as 'a few', with names not known
    ("The 15yo says she's been with a few men from the app and doesn't really know their names.", "1.3.20"),
    # the second reader's (session 14)
    ("Mum is unwell with MS and Ellie, 12, gives her mum's insulin injections.", "1.3.18"),
    ("Since mum became bedbound, Kacey has had to get her brothers up and dressed each morning", "1.3.18"),
    ("mum is poorly a lot. Zara is the one who gets her little brothers ready for school", "1.3.18"),
    ("Mum's been poorly for months, Mason gets his little brother and sister washed and fed", "1.3.18"),
    ("lad 14 pushin younger kids at the campsite 2 show him there privates", "1.3.20"),
    ("he was pressuring two of the younger cubs to show him their private parts", "1.3.20"),
    ("a 15yo made the younger children at the sleepover show him their willies", "1.3.20"),
    ("an older camper tried to get the younger campers to show him their private parts", "1.3.20"),
    ("older girl (15) pressuring the younger ones at the sleepover to show each other their private parts", "1.3.20"),
])
def test_tuning_fourteens_kinds_in_our_own_words(text, label):
    assert label in {s.label for s in suspect_signs(text)}, text


@pytest.mark.parametrize("text, label", [
    ("Mum's not well this week so Nan is looking after the little ones and takes them to school.", "1.3.18"),
    ("Dad's in a wheelchair and mum gives him his tablets; the kids are doing great.", "1.3.18"),
    ("Mum's poorly, so the childminder gets his sisters dressed in the mornings.", "1.3.18"),
    ("The coach was pushing the younger players at training to show their passes.", "1.3.20"),
    ("The older girls pushed the younger ones at the fair to show them the rides.", "1.3.20"),
    ("His operation was our family tradition, he had pain passing urine for a day.", "fgm"),
    ("She had her ears pierced, a family tradition, and she has a urine infection.", "fgm"),
    ("Her cousin's wedding ceremony was traditional; she has been weeing a lot since the long flight.", "fgm"),
    ("She's been with a few friends to the cinema and doesn't know their names yet.", "1.3.20"),
    # the second reader's (session 14): another adult caring, a pet or a toy, a parent "not well off"
    ("mum unwell. Carers looking after the little ones", "1.3.18"),
    ("Mum is poorly. Stepdad is looking after the little ones", "1.3.18"),
    ("Mum is unwell. Her son Dave (25) looks after the kids", "1.3.18"),
    ("Mum is poorly; her partner has moved in and he is looking after the kids", "1.3.18"),
    ("Mum is in a wheelchair since the accident. Dad gave up work and he now gets the kids ready for school", "1.3.18"),
    ("Mum said the cat is poorly, Jack is looking after his little sister while mum takes it to the vet", "1.3.18"),
    ("Mum's unwell. Grace is looking after her sister's rabbit while they're away", "1.3.18"),
    ("Mum is not well off, Jack gets his sisters ready for school", "1.3.18"),
    ("At camp the leader got the younger scouts to pull their shorts up before inspection", "1.3.20"),
    ("Staff got the younger pupils after swimming to take their pants off and put dry ones on", "1.3.20"),
    ("The nurse made him pull his trousers down to check the rash", "1.3.20"),
    ("Dad got her to take her pants off for her bath", "1.3.20"),
    ("the older lad was pushing the younger kids at camp to show him their rides", "1.3.20"),
])
def test_everyday_words_near_tuning_fourteens_kinds(text, label):
    assert label not in {s.label for s in suspect_signs(text)}, text


# Session 14 (tuning 15's kinds, in our own words): a carer's quoted label for the child, or the child made to eat apart
# (1.3.31); a sip of a parent's methadone or bleach (1.3.38); a man met online and work to pay back a debt (trafficking).
@pytest.mark.parametrize("text, label", [
    ("Mum always refers to her youngest as 'the mistake' in front of him.", "1.3.31"),
    ("Dad introduced his 9 year old to me as 'the useless one'.", "1.3.31"),
    ("Her stepmum makes her eat her tea on the stairs while the others eat at the table.", "1.3.31"),
    ("The 3yo had a sip out of dad's methadone bottle that was on the table.", "1.3.38"),
    ("She's with a man she met on Snapchat and says she has to go to Leeds to pay back what he spent on her.",
     "trafficking"),
    # the second reader's (session 14)
    ("Mum calls him 'the useless one' all the time", "1.3.31"),
    ("Mum calls her 'my little mistake'.", "1.3.31"),
    ("Mum's partner makes him eat his dinner in the garden.", "1.3.31"),
    ("He has to eat his tea in his bedroom on his own while the rest of them eat together.", "1.3.31"),
    ("Mum's boyfriend refers to the 6yo as 'the bad seed'.", "1.3.31"),
    ("3yo had a swig from dad's bottle of methadone.", "1.3.38"),
    ("He had a lick of a washing pod he found on the floor.", "1.3.38"),
    ("She's been talking to a 30 year old man on Snapchat who sends her money and says she owes him for it.",
     "trafficking"),
    ("She told me she has to 'work' at his flat to pay back what he spent on her nails and hair.", "trafficking"),
])
def test_tuning_fifteens_kinds_in_our_own_words(text, label):
    assert label in {s.label for s in suspect_signs(text)}, text


@pytest.mark.parametrize("text, label", [
    ("Dad calls the old printer 'the useless one', it never works.", "1.3.31"),
    ("Mum makes him eat his breakfast before school every day.", "1.3.31"),
    ("The teacher made them eat lunch in the hall because of the rain.", "1.3.31"),
    ("He had a sip of his dad's beer-flavoured lemonade at the party.", "1.3.38"),
    ("She met a boy online from her school and they go to the cinema.", "trafficking"),
    # the second reader's (session 14)
    ("Mum says the bruise on his knee is from 'the accident' at the park last week.", "1.3.31"),
    ("She calls herself 'the black sheep' of the friendship group.", "1.3.31"),
    ("Mum talks about her son's old laptop as 'the useless one'.", "1.3.31"),
    ("Mum said the teacher refers to her son as 'the naughty kid'.", "1.3.31"),
    ("At school they make them eat their lunch in the hall because the canteen is being refurbished.", "1.3.31"),
    ("Mum makes him eat his tea alone in his room when he has norovirus.", "1.3.31"),
    ("Dad had a swig of vodka before the meeting.", "1.3.38"),
    ("He had a taste of wine at Christmas dinner, mum let him.", "1.3.38"),
    ("Everyone had a taste of the alcohol-free wine at the leavers do.", "1.3.38"),
    ("She has a new phone and does a paper round to pay back what her mum lent her for it.", "trafficking"),
    ("He plays Fortnite with a boy he met on a game, they're both in Year 8. He got new trainers for his birthday.",
     "trafficking"),
    ("Mum is working extra shifts to pay off the debt; the kids have new clothes from the food bank.", "trafficking"),
    ("He has 2 phones (one cracked). His brother is doing overtime to pay back what he spent on the car.",
     "trafficking"),
    # one sign in the same words: older lads, met online
    ("The 14yo keeps messaging older lads she met online.", "trafficking"),
])
def test_everyday_words_near_tuning_fifteens_kinds(text, label):
    assert label not in {s.label for s in suspect_signs(text)}, text


# Session 14 (tuning 16's kinds, in our own words): a carer's repeated account of serious symptoms that tests and
# admissions do not bear out (fabricated or induced illness); a carer calling the child by a label after mocking her
# (1.3.31).
@pytest.mark.parametrize("text, label", [
    ("Dad says she has fits every night. Two EEGs and an overnight admission have seen nothing.", "fii"),
    ("Mum keeps saying he vomits blood, again this week; five A&E visits this year with nothing found.", "fii"),
    ("Her foster carer teases her about her glasses and called her 'the annoying one' in front of the others.", "1.3.31"),
    # the second reader's (session 14)
    ("parents say she faints most days, investigations have found nothing and she's been seen well every time", "fii"),
    ("Mother describes her turning blue several times a week; ECGs and an admission found nothing.", "fii"),
    ("Mum shouted at him in the car park in front of everyone and called him 'the difficult one'", "1.3.31"),
])
def test_tuning_sixteens_kinds_in_our_own_words(text, label):
    assert label in {s.label for s in suspect_signs(text)}, text


@pytest.mark.parametrize("text, label", [
    ("Mum said he had one fit with a high temperature; the EEG showed nothing, it was a febrile convulsion.", "fii"),
    ("He has had three A&E visits this year for football injuries, nothing broken.", "fii"),
    ("Mum said the boys at school called her 'the fat one' and she cried all evening.", "1.3.31"),
    # the second reader's (session 14)
    ("Mum says he collapsed on the rugby pitch again; x-rays showed nothing broken, sports injury.", "fii"),
    ("Mum says she has a fit at nursery most weeks; staff saw it too. Tests found nothing.", "fii"),
    ("She says she gets chest pain every time she runs; ECG showed nothing.", "fii"),
    ("Mum says his tummy pain keeps coming back; bloods found nothing at first, now he's diagnosed with coeliac.", "fii"),
    ("Mum said her sister keeps calling her 'the fat one'.", "1.3.31"),
    ("Dad said the neighbour called her 'the problem child'.", "1.3.31"),
])
def test_everyday_words_near_tuning_sixteens_kinds(text, label):
    assert label not in {s.label for s in suspect_signs(text)}, text
