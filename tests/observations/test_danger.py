"""Immediate danger must never be missed: explicit patterns under the trained model."""
from __future__ import annotations

import pytest

from bot.observations.danger import danger_doubts, danger_signs


@pytest.mark.parametrize("text", [
    "His stepdad said he's going to kill him when he gets home.",
    "She pulled a knife on her little brother and is waving it about.",
    "He's too scared to go home tonight.",
    "The 2-year-old has been left alone in the flat since this morning.",
    "A toddler was found wandering on his own by the main road at 10pm.",
    "She's just told me she has taken a load of paracetamol.",
    "Dad is drunk and is putting the baby in the car to drive off.",
    "The man she says hurt her is outside waiting to collect her.",
    "A 12-year-old is getting into a car outside school with an older man we don't know.",
    "I think the child is in immediate danger.",
])
def test_danger_is_found(text):
    assert danger_signs(text), text


@pytest.mark.parametrize("text", [
    "The baby was weighed today and is feeding well; mum is managing.",
    "She ducked under the water to get her goggles and came up laughing.",
    "He keeps his temper under control much better this term.",
    "Mum had psychosis after her first baby; she is well now and the 4 month old is thriving.",
    "He is not in immediate danger; he's at school.",
    "She loves drawing and playing with her friends.",
    "Knives were left within reach on the kitchen side again.",
    "He told me the film last night was scary.",
    "He had a seizure for 2 minutes last year and is on medication.",
    "She has been having fits for years, well controlled on her tablets.",
    "The lad is attacking the ball really well in training.",
])
def test_no_danger(text):
    assert not danger_signs(text), text


# Every family of sure signs, with several wordings each: removing one alternative from a pattern (a verb of
# threatening, a word for unresponsive) fails one of these (H1).
SURE = {
    # session 9, the second reader's text-speak cases
    "a child fitting now and not stopping": [
        "shes been fittin for 10 mins and wont come round",
        "The 4-year-old is still having a seizure, it hasn't stopped.",
        "he keeps convulsing for over five minutes now",
    ],
    "violence happening now": [
        "dad is stabbin mum in the kitchen",
        "Her boyfriend's strangling her on the landing, the kids are watching.",
    ],
    "threat to kill or seriously hurt": [
        "Dad has threatened to batter him when he gets home.",
        "Mum's boyfriend threatened to strangle her last night and she has to go back there.",
        "He said he'd kill her if she told anyone.",
        "Her brother swore to stab him after school.",
        "Stepdad's gonna break his legs, he says.",
        "Uncle will burn her if she goes out again.",
    ],
    "a child unresponsive or drowsy after medicine, drugs or alcohol": [
        "The 3-year-old is floppy and hard to wake; mum says she gave him some of her sleeping tablets.",
        "Mum gave the baby Calpol and something else and now he won't wake up properly.",
        "He drank most of a bottle of vodka at the party and he's unresponsive.",
        "She's very drowsy and can't keep her eyes open after taking some of dad's tablets.",
        "The toddler found a gummy in the lounge, ate it and is now really sleepy and limp.",
        "The baby is not breathing properly.",
        "Baby's gone a greyish colour in the buggy and is hardly breathing.",
        "She's gasping for air and her lips have turned blue.",
    ],
    "children left without an adult for a day or more": [
        "The twins aged 4 and 6 have been on their own in the flat since Friday.",
        "The kids say mum hasn't been home for three days.",
        "The children have been fending for themselves for a couple of days, no adult has been there.",
        "Three little ones left alone since the weekend, the eldest is 8.",
    ],
    "a child missing now": [
        "She has gone missing from the unit since last night and nobody knows where she is.",
        "He didn't come home last night and his phone is off.",
        "Nobody knows where she is.",
    ],
    "a plan to end their life": [
        "He says he's planning to end it tonight after everyone's asleep.",
        "She's written a goodbye note to her friends.",
        "He said he won't be here tomorrow.",
        "She's decided to take her own life this weekend.",
    ],
    "a child about to be taken away": [
        "They're taking her to Pakistan on Friday, the tickets are booked.",
        "Dad is sending him back home tomorrow, his bags are packed.",
        "Mum's flying the girls abroad tonight for a family ceremony.",
    ],
    "a child injured and not being treated now": [
        "His arm is bent and dad won't take him to hospital.",
        "She's badly scalded and mum refuses to take her to A&E.",
        "He hit his head, he's vomiting and drowsy and they haven't been seen by a doctor.",
        "Her ankle has been swollen and at an odd angle since Friday, and nobody has taken her to the hospital.",
    ],
    "a baby seriously unwell now": [
        "Mum phoned, her 10 day old is limp and she can't get him to take a bottle.",
        "The baby has gone mottled and dusky round the mouth, mum is on her own with him.",
        "6 wks old, hasn't fed since this morning, lips look grey.",
        "Baby (4 months old) has a bulging soft spot and a high-pitched cry.",
    ],
    "a carer out of touch with reality, with the child": [
        "Dad is psychotic and has barricaded himself in the flat with the twins.",
        "Mum says the voices are telling her the baby is possessed.",
        "She is hearing voices. She keeps saying she has to punish the baby.",
    ],
    "a child held under water or smothered": [
        "At the pool now a man is holding the little girl's head under and she's thrashing.",
        "Dad keeps pushing him under the water and laughing while he chokes.",
        "She held a pillow over the baby's face to stop him crying.",
    ],
    "a threat to the child or their family, if they do not do as told": [
        "He says if he doesn't keep selling for them, they know where his nan lives.",
        "if i tell anyone they'll come for my little sister, she wrote",
        "They know where her mum stays if she doesn't turn up tonight, the older girls told her.",
        # session 10, tuning 8's, in our own words
        "She says her uncle told her he'll 'finish what he started' if she opens her mouth.",
        "Her dad's partner said he would put her in the ground.",
        "He said tonight is round two and he's collecting her at 3.",
    ],
    "female genital mutilation about to happen": [
        "The 8-year-old said her aunties are going to make her clean at the big party this weekend.",
        "Her cases are packed; she says she'll be cut when they get to her grandmother's.",
        "Mum said the girls will have the cutting tomorrow, with the women from back home.",
    ],
    # session 10, tuning 7's kinds, in our own words
    "violence heard in the home now": [
        "At the door for the new birth visit I could hear a man roaring and plates smashing. I'm still on the doorstep.",
        "We can still hear crashing and somebody yelling upstairs, the twins are up there.",
        "I can hear glass breaking and her partner shouting at her through the letterbox.",
    ],
    "a threat to the child for when they get home": [
        "Walking off with him, dad hissed 'you just wait until we get home'.",
        "Mum grabbed her coat and said you wait till I get you home young lady.",
        "Mum hissed 'wait till your stepdad gets home' as she dragged him out.",
        "Dad muttered 'you're for it when we get home' and pulled her to the car.",
    ],
    # session 10, tuning 9's, in our own words
    "a child taken by force now": [
        "Two men just bundled her into a silver car outside the chip shop.",
        "I watched someone drag the boy into the back of a van.",
        "She was bundled into a van by two men outside the school gates just now.",
    ],
    "a child in immediate danger": [
        "He is locked in his bedroom right now.",
        "She's being hit right now, I can hear it.",
    ],
}


@pytest.mark.parametrize("kind, text", [(k, t) for k, texts in SURE.items() for t in texts])
def test_every_family_of_sure_danger_is_found(kind, text):
    assert danger_signs(text), text


@pytest.mark.parametrize("text", [
    "She was a bit drowsy in class today; mum said she'd had her hay fever tablet.",
    "He is locked in his room as a punishment most evenings.",
    "Dad came to pick up smelling of alcohol.",
    "She's terrified of her stepdad.",
    "The 5-year-old was on his own in the playground at home time.",
])
def test_words_that_may_mean_danger_are_a_doubt_not_a_silence(text):
    """The grey zone: not decided either way, so the conversation asks whether the child is in danger now."""
    assert not danger_signs(text) and danger_doubts(text), text


@pytest.mark.parametrize("text", [
    "We took the class to the museum on Friday.",
    "She had her inhaler and went back to the lesson.",
    "He is not in immediate danger; he's at school.",
])
def test_no_danger_and_no_doubt(text):
    assert not danger_signs(text) and not danger_doubts(text), text


@pytest.mark.parametrize("text", [
    "3yo very drowsy, only opening his eyes to pain, pupils pinpoint, breathing slow.",
    "Called to the flat: dad is passed out on the floor and the 2 year old is crawling round the kitchen.",
    "Knocked for ten minutes, no answer, but I can hear the little ones crying inside.",
    "hes hiding in the toilets and says he cant go home cos mums boyfriend said hes gonna get it",
    "There's a girl of about 13 crying at the bus stop right now. An older man in a van keeps calling her over.",
    "Her uncle has booked her a one-way ticket and she says she is being sent away on Thursday.",
])
def test_danger_in_clinical_words_text_speak_and_across_sentences(text):
    assert danger_signs(text), text


@pytest.mark.parametrize("text", [
    "She has been missing school at least one day a week since September.",
    "Mum told me, laughing, that 'I was off my face' at the weekend party.",
])
def test_absence_from_school_and_an_adult_quote_are_not_danger(text):
    assert not danger_signs(text), text


@pytest.mark.parametrize("text", [
    "It's her special day tomorrow: she turns eight and the aunties are making a cake.",
    "She is having her hair cut tomorrow before the wedding.",
    "He might get cut from the squad this weekend if he misses training.",
    "Today she told me she had been cut in Sudan when she was little.",
    "Mum is booking flights to see family in the summer; she says the girls will be circumcised there one day.",
])
def test_planned_or_past_cutting_and_ordinary_plans_are_not_danger_now(text):
    """Female genital mutilation in the past, or planned without a day, is the FGM route, not immediate danger."""
    assert not danger_signs(text), text


@pytest.mark.parametrize("text", [
    "We know where she lives, the school has her address.",
    "If he doesn't hand in his homework, his teacher will ring home.",
])
def test_an_address_known_or_an_ordinary_consequence_is_not_a_threat(text):
    assert not danger_signs(text), text



# A second reader's adversarial inputs for session 8's danger kinds.
@pytest.mark.parametrize("text", [
    "Her wrist is at a funny angle and mum hasn't taken her to hospital.",
    "His arm is obviously broken, dad refuses to take him",
    "if u snitch we will get ur mum",
    "if u dont do it we know where ur mum lives",
    "they said they'd hurt my brother if i didn't go",
    "She is going to be circumcised on Friday.",
    "She said she is getting cut on Sunday",
])
def test_second_readers_missed_dangers_are_found(text):
    assert danger_signs(text), text


@pytest.mark.parametrize("text", [
    "If you don't hurry up I'll find you a seat at the back.",
    "If you don't finish your homework Mr Smith will get you a detention.",
    "If I don't get the bus I'll get my mum to pick me up.",
    "Baby boy is booked for circumcision tomorrow.",
    "The FGM training for staff is tomorrow afternoon.",
    "She is excited to become a woman, her periods may start any day now, tomorrow maybe.",
    "She is going to get cut tomorrow at the barbers.",
    "The leg is at an odd angle. He was seen by a doctor and not taken into theatre.",
    "She is a gymnast. No one took her in to the competition.",
])
def test_second_readers_false_dangers_are_left_alone(text):
    assert not danger_signs(text), text


# Session 10's kinds leave ordinary noise, past incidents and a plain wait alone.
@pytest.mark.parametrize("text", [
    "I could hear the kids screaming and banging drums in the music room.",
    "Wait till we get home and you can open your birthday present.",
    "Three times last term the neighbours could hear shouting and smashing from the flat.",
    "I heard shouting next door last night, then it went quiet.",
    # the second reader's
    "Yesterday on my visit I could hear shouting and a crash from upstairs; all calm when dad came down.",
    "In the drama lesson we could hear shouting and crashing from the hall next door.",
    "Just wait till your dad gets home, he's bought you a puppy!",
    "Dad laughed and said just wait until mum gets in and sees your certificate.",
    "Mum said he's dead when we get back, meaning his phone battery.",
    "At forest school the children picked bulbs and we will put them in the ground tomorrow.",
    "I'll finish the job on the referral form tomorrow morning.",
    "The children didn't complete their worksheets so they will finish them off tomorrow.",
    "Moving to the new school would end her friendships with the girls next door.",
    "Tonight's round 2 of the football tournament and he's so excited.",
    "Mum pushed the buggy into the car park and went into the shop.",
    "Dad lifted her into the car seat and did up the straps.",
    "She grabbed her bag and got into the car.",
    "Mum shoved them in the car and drove off, late for school as usual.",
    "Last year her uncle forced her into a car.",
    "Mum says it's not safe going home through the park at night since the lights broke.",
    "He said he would finish what he started on the Lego tower after lunch.",
])
def test_noise_a_past_incident_and_a_plain_wait_are_not_danger_now(text):
    assert not danger_signs(text), text


# The second reader's: violence heard at this moment is danger whatever history is told beside it, across a full
# stop, and heard a moment ago with the practitioner still at the door.
@pytest.mark.parametrize("text", [
    "I can hear him screaming and smashing things, this is the third time this month.",
    "I can hear screaming. And smashing.",
    "I can hear him hitting her and the kids screaming",
    "We heard smashing and shouting just now, the baby is in there.",
])
def test_violence_heard_now_is_danger(text):
    assert "violence heard in the home now" in {s.kind for s in danger_signs(text)}, text


@pytest.mark.parametrize("text", [
    "I can hear shouting and banging in the flat right now",
    "On the visit I could hear a man roaring and plates smashing, and the baby crying.",
])
def test_violence_heard_with_no_word_of_now_is_asked_about(text):
    assert not danger_signs(text) and danger_doubts(text), text


# Session 11: a collapse now stays danger whoever reports it and whatever else the message says. (A question in
# place of danger for a collapse a carer reports while the child is well when seen was tried and withdrawn: a second
# reader found real collapses now that it would have asked about; docs/observations.md.)
@pytest.mark.parametrize("text", [
    "Mum says he stopped breathing and went blue ten minutes ago and he's floppy now.",
    "The baby has gone blue and isn't breathing, mum is screaming.",
    "Per mum he went blue in the car; he is still grey and unresponsive.",
    "Mum says he's fine but he went blue in the car and he's floppy now.",
    "The baby went blue at lunch, we've never seen anything like it; she's pink again but still floppy.",
    # the second reader's (session 11)
    "Mum says he stopped breathing, the ambulance is on the way, she's fine.",
    "Mum says she can't wake him up. She's fine, it's the baby I'm worried about.",
    "Per mum he went blue about ten minutes ago and he's gasping for air; his twin is pink and well.",
    # and what no pattern read before (session 11)
    "Per mum he is now blue, she says she's fine.",
    "Mum rang, she's limp on the sofa.",
    "Mum says he hasn't woken up since he swallowed the pills.",
])
def test_a_collapse_now_stays_danger(text):
    assert danger_signs(text), text


@pytest.mark.parametrize("text", [
    "He is blue team captain this term.",
    "She's going blue house for sports day.",
    "His drawing: the sky is blue and the baby is asleep.",
    "The baby hasn't woken up since lunchtime, she's a good napper.",
])
def test_colours_and_routines_are_not_a_collapse(text):
    assert not danger_signs(text), text




# Session 12 (tuning 11): an overdose told in the first person ("took all my tablets"), by a carer or a child.
@pytest.mark.parametrize("text", [
    "Mum messaged me: I'm sorry, I've taken all my tablets, the baby is asleep upstairs.",
    "He texted the counsellor 'took all of my meds, bye'.",
    # the second reader's (session 12)
    "He has necked all his mum's sleeping pills.",
    "Messaged me: took all my mums pills",
    "I took all my citalopram tonight",
    "She's swallowed all her ADHD meds",
    "taken all my tabs x",
    "I've taken all my insulin",
    "I've taken 30 paracetamol",
    "she msgd me took every tablet i had",
    # the second round (session 12): words after it that do not say it was taken as it should be
    "She's taken all of her tablets and gone back to bed",
    "She has taken all her medication for the week in one go",
    "She took all of her tablets this week at once.",
    "He's necked all his mum’s sleeping pills",
    "She's taken about 30 paracetamol",
    "taken all his mum's diazepam",
    "she swallowed a whole packet of paracetamol",
])
def test_an_overdose_told_in_the_first_person(text):
    assert danger_signs(text), text


@pytest.mark.parametrize("text", [
    "She takes her tablets every morning with breakfast.",
    "He said he took my advice and had his inhaler before PE.",
    # the second reader's (session 12)
    "He took all his meds today without a fuss, really good progress.",
    "Foster carer: she's taken all her medication as prescribed this week",
    "I've taken all my meds off him and locked them in the safe.",
    "Ward note: taken all her meds with breakfast, no concerns",
    "She has taken 10 tablets a day for her epilepsy for years",
    "She's taken every tablet on time this week, great progress",
])
def test_medicine_taken_as_usual_is_not_an_overdose(text):
    assert not danger_signs(text), text


# Session 13 (tuning 12): messages that say sorry and goodbye (a plan to end their life), and a child begging not to be
# sent back with someone (too scared to go home).
@pytest.mark.parametrize("text", [
    "Her friends showed me the texts she sent at midnight saying sorry and goodbye.",
    "He posted 'sorry for everything, goodbye' on his story an hour ago and isn't answering.",
    "She whispered please don't let me go back with him, he's outside.",
    "He begged me: don't let them take me.",
    # the second reader's (session 13)
    "Her snap story says sorry and goodbye everyone.",
    'Texted her friend "sorry. goodbye" an hour ago.',
    "left a note saying sorry and good bye",
    "pls dont let me go bk with him",
    "please don't let me go back to him",
    "don't let me go back with my stepdad",
    "don't let my dad take me",
    "She begged me not to make her go back to her dad's tonight.",
])
def test_goodbye_messages_and_begging_not_to_go_back_are_danger(text):
    assert danger_signs(text), text


@pytest.mark.parametrize("text", [
    "She sent the class a message saying goodbye, she's moving to Spain, thanks for everything!",
    "The leavers' messages said goodbye and sorry to go.",
    "He said sorry for being late and goodbye to his mates.",
    "Don't let me forget my PE kit, she said.",
    # the second reader's (session 13)
    "She wrote a goodbye card to her teacher saying sorry she was leaving.",
    "Left a message saying sorry she missed the appointment, goodbye.",
    "he texted sorry for being late and said goodbye",
    "'don't let them take me to the dentist' he cried",
    "please dont make me go back to school",
])
def test_everyday_goodbyes_are_not_danger(text):
    assert not danger_signs(text), text


# Session 13 (tuning 13): a young person up high with words of giving up, and the means laid out.
@pytest.mark.parametrize("text", [
    "Text from the 15yo: I'm on the top floor of the car park, I can't do this any more.",
    "She's at the top of the tower block and messaged sorry for everything.",
    "He says his pills are lined up on his bed and he wanted to say thank you.",
    # the second reader's (session 13)
    "im on top of the multistorey. cant do this anymore sorry",
    "sorry for letting everyone down. im at the top of the car park",
    "lined up all my pills on my bed",
])
def test_up_high_with_words_of_giving_up_or_tablets_laid_out_are_danger(text):
    assert danger_signs(text), text


@pytest.mark.parametrize("text", [
    "We parked at the top of the multistorey, sorry we were late.",
    "Her tablets are lined up in the dosette box by the nurse for the week.",
    "They climbed to the top of the climbing wall and said sorry for being slow.",
    # the second reader's (session 13)
    "We stopped at the top of the car park. He said there was no point in going in.",
    "He lives on the top floor of the block of flats. Mum says she can't cope with the stairs.",
    "Mum's pills are laid out on the bedside table each morning by the carer.",
])
def test_heights_and_tablets_in_everyday_words_are_not_danger(text):
    assert not danger_signs(text), text


# Session 14 (tuning 14's kinds, in our own words): tablets found and a plan to take them all, and sorry said to a
# parent with goodbye (a plan to end their life); a move or a new school is an everyday goodbye.
@pytest.mark.parametrize("text", [
    "There's a box of paracetamol in his bag. He says he's going to take them all when he gets home.",
    "Found her mum's sleeping pills in her locker, she said she will swallow the lot tonight.",
    "He left a note for his mum saying sorry to his mum and goodbye.",
    "Her message said sorry to her dad & goodbye.",
    # the second reader's (session 14)
    "She's got tablets in her room. She said she'll take them all",
    "he's got his nan's tablets and said he will take them all with vodka tonight",
    "Has been hoarding her medication. Says she is going to take them all to end it.",
    "He is planning to take them all on Friday - he's been stockpiling his mum's tablets",
    "has a stash of painkillers and wants to take all of them",
    "Left a note for her mum: sorry mum, goodbye",
    "sent a message saying sorry to his mum and dad and goodbye",
    "texted sorry to his mum and goodbye, said he's leaving this world",
])
def test_a_plan_to_take_all_the_tablets_and_sorry_to_a_parent_with_goodbye_are_danger(text):
    assert danger_signs(text), text


@pytest.mark.parametrize("text", [
    "Mum collected her tablets from the pharmacy and is going to take them all back, they were the wrong strength.",
    "He's got his inhalers and tablets and is going to take them all to camp with him.",
    "She wrote a card saying sorry to her mum and goodbye to the class because they're moving to Leeds.",
    "He said sorry to his dad and goodbye, he's leaving for his new school in September.",
    # the second reader's (session 14)
    "The class tablets (iPads) are charged and Year 6 will take them all on the trip tomorrow",
    "Mum says he has antibiotic tablets and he will take them all this week until the course is finished",
    "She is on tablets for her acne and is going to take them all as prescribed",
    "Paracetamol and calpol in the first aid box, we will take them all on the residential",
    "Her vitamins are tablets, she is going to take them all before they expire lol",
    "She texted sorry to her mum and bye, she was going to her nan's for the weekend",
    "In history she wrote a letter as a WW2 evacuee saying sorry to her mum and goodbye",
    "It was her last day before the family emigrate; she wrote a note saying sorry to her mum and goodbye",
])
def test_tablets_taken_somewhere_and_goodbyes_before_a_move_are_not_danger(text):
    assert not danger_signs(text), text


# Session 14 (tuning 16's kind, in our own words): a child being taken now by someone kept away from them.
@pytest.mark.parametrize("text", [
    "Her stepdad, who has a non-molestation order, has just walked out of reception with her.",
    "The dad who isn't allowed near him is carrying him to a car outside right now.",
    # the second reader's (session 14)
    "Dad, who is not allowed near her, has just taken her from the nursery.",
    "pls help stepdad just grabbed the kids from the playground and he's not allowed near them",
    "dad has no contact per court order - he's just legged it with the baby out of A&E",
    "Her father drove off with her 5 minutes ago, he is subject to a restraining order",
    "the man visiting bed 2 (baby on a police protection order) just walked off the unit carrying her, he's not allowed near her",
    "I've just seen her dad walking out of the gate with her, he's not allowed near her.",
    "He got a non-molestation order last week and he's just walked off with her from the park.",
    "Dad isn’t allowed near her and he’s walking off with her now",
])
def test_a_child_being_taken_now_by_someone_kept_from_them_is_danger(text):
    assert danger_signs(text), text


@pytest.mark.parametrize("text", [
    "Dad has a court order for contact every Saturday and walked out with her at the end of the session as agreed.",
    "Nan took them home after school, dad isn't allowed to collect since the court hearing.",
    "He took her to the park last week even though he's not allowed to see her.",
    # the second reader's (session 14)
    "Nan is taking her home now. Dad isn't allowed near her so nan has her.",
    "Staff are taking the baby to the scanning room now. Dad is not allowed contact.",
    "Mum just left with her after the appointment. The restraining order is against dad, who wasn't there.",
    "Two weeks ago he just walked off with her, despite the restraining order, police returned her.",
    "He's taking her to the cinema at the weekend, contact is agreed and there is no non-molestation order.",
    "Contact supervisor is walking out with them now; dad isn't allowed unsupervised contact so she stays with them",
])
def test_a_handover_as_agreed_or_a_past_taking_is_not_a_sure_sign(text):
    assert not danger_signs(text), text
