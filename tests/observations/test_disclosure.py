"""A child telling (NG76 1.3.7) against an adult's report and words that only look like quotations."""
from __future__ import annotations

import pytest

from bot.observations.disclosure import adult_is_telling, disclosure_words


@pytest.mark.parametrize("text", [
    "He told me his dad hits him with a belt.",
    "At lunch a Year 5 girl said 'my uncle touches me when he babysits'.",
    "she said her mums boyfriend locks her in her room",
])
def test_a_child_telling_is_a_disclosure(text):
    assert disclosure_words(text), text


@pytest.mark.parametrize("text", [
    # apostrophes inside words are not quotation marks
    "He has autism and doesn't like being touched, but he won't look at his dad and he's scared when he visits.",
    # what an adult said, quoted, is the adult's report
    "Mum told me, laughing, 'I smack him when he won't listen, never did me any harm'.",
    "Mr B said 'she was dead chilled all day, didn't need a hospital'.",
])
def test_an_adult_report_or_a_contraction_is_not_a_disclosure(text):
    assert disclosure_words(text) is None, text


def test_an_adult_telling_is_recognised():
    assert adult_is_telling("Mum told me today that her partner goes for him every time he's had a drink.")
    assert not adult_is_telling("He told me his dad hits him.")


@pytest.mark.parametrize("text", [
    "In group today a 9-year-old drew her dad and said quietly, daddy hits me with his belt when I'm naughty.",
    "13yo girl in session today: my stepbrother comes into my room at night and touches me.",
    # the adult is only the object of what the child did, not the speaker
    "At contact today Leo (6) made a card for his dad and said quietly, daddy hurts me when he's cross.",
    "Sami (8) was drawing a picture of his mum and whispered, mummy locks me in my room at night.",
    # harm in the child's own everyday words
    "On the bus a Year 7 boy said 'my stepdad squeezes my neck till I can't breathe'.",
    "While we were baking she whispered 'nanny holds my hand on the hot pan when I'm bad'.",
    "He told me his big brother pulls his hair and pinches him till he bleeds.",
])
def test_speech_reported_without_quotation_marks(text):
    assert disclosure_words(text), text


def test_an_adults_unquoted_speech_is_not_a_disclosure():
    assert disclosure_words("Mum said, I smack him when he won't listen and it never did me any harm.") is None
    assert disclosure_words("After a row with his dad, his mum said, I lock him in when he kicks off.") is None


@pytest.mark.parametrize("text", [
    "She told me her 3 year old burnt his arm on the oven door last week.",
    "He mentioned quite casually that his son gets a smack when he answers back.",
    "Service user said that their baby was hit by the older boy.",
])
def test_a_parent_speaking_of_their_own_child_is_not_the_child_telling(text):
    assert disclosure_words(text) is None, text
    assert adult_is_telling(text), text


@pytest.mark.parametrize("text", [
    "She told me her stepdad hits her when mum is at work.",
    "He said his brother locks him in the shed.",
    "She told me her baby brother gets hit by mum's boyfriend.",
])
def test_a_child_speaking_of_others_at_home_is_still_telling(text):
    assert disclosure_words(text), text


@pytest.mark.parametrize("text", [
    "The 7yo said it hurts when she chews.",
    "He told me his ear hurts and he wants his mum.",
    "She said she'd left her packed lunch on the bus and was starving.",
    "The boy said he was hungry so we gave him toast at break.",
])
def test_pain_or_hunger_a_child_feels_is_not_a_disclosure_of_harm(text):
    assert disclosure_words(text) is None, text


@pytest.mark.parametrize("text", [
    "He told me his stepdad hurts him when mum is out.",
    "She said she's always hungry at home because there's never anything in.",
    "The 6yo said his stepmum doesn't give him breakfast, ever.",
    "She told me it hurts when her uncle touches her.",
    # from the review of the pain rule: who did it, or food not given, is told
    "She said it was her uncle that hurt her.",
    "He told me his arm hurts where his dad twisted it.",
    "She told me she came back hurt from her dad's at the weekend.",
    "He told me he's hungry, mum didn't feed him yesterday.",
    "He said he hasn't had anything to eat since Friday.",
    # pain in the genital area, in a young child's words, is told harm whoever the words name
    "The 5yo said it hurts down there.",
    "She told me it hurts in her private and she doesn't want to go to her uncle's.",
])
def test_harm_someone_does_and_hunger_told_as_how_things_are_at_home_are(text):
    assert disclosure_words(text), text


# Session 9: a teenager's telling typed in text-speak, and a telling reported with "whispered that".
@pytest.mark.parametrize("text", [
    "boy 14 sed to me after practice his stepdad batters him when hes drunk",
    "lass (15) told me her mums fella thumps her if she answers back",
    "the little girl waited till her dad was out of the room n whispered that her uncle makes her take her clothes off",
])
def test_a_childs_telling_in_everyday_words_is_a_disclosure(text):
    assert disclosure_words(text)


@pytest.mark.parametrize("text", [
    "The boy came with his mum, who whispered that her partner hits her.",  # the mother's telling, about herself
    "The girl whispered that she was hungry.",
])
def test_an_adults_whisper_is_not_read_as_disclosure(text):
    assert disclosure_words(text) is None


@pytest.mark.parametrize("text", [
    "13yo says a gang from the park batter him on the way home and take his money",
    "she told me the lads in her year film her in the changing rooms and pass it round",
])
def test_harm_by_other_young_people_told_by_the_child_is_still_a_disclosure(text):
    """The second reader's finding: excluding peers hid sexual abuse told by a child; a telling is a telling."""
    assert disclosure_words(text)


@pytest.mark.parametrize("text", ["At carpet time Mia (4) said 'daddy smacks Mia' and went quiet.",
                                  "Jack (5) wrote in his news book 'Mummy burnt Jack with the iron'."])
def test_a_young_child_naming_the_adult_in_the_third_person_is_a_disclosure(text):
    assert disclosure_words(text)


def test_words_a_child_chose_on_a_symbol_board_are_their_telling():
    assert disclosure_words("Non-verbal 8yo on her communication book pointed to 'touch' then 'uncle' then 'bed'.")


def test_a_quotation_without_the_child_speaking_is_not_a_disclosure():
    """The first person must be inside the quotation: "me" later in the sentence is the practitioner."""
    assert disclosure_words("dad said the baby is 'always starving' and feeding hourly, he showed me the red book") is None


def test_a_childs_own_pain_told_as_its_hurt_is_not_harm_by_someone():
    assert disclosure_words("He says it's hurt since the weekend and he can't chew.") is None


def test_they_have_hurt_someone_is_harm():
    assert disclosure_words("She said they've hurt the baby.")


# Session 10 (tuning 7): a young child's "bite there", naming the adult; a pet's bite is not a telling of harm.
@pytest.mark.parametrize("text", [
    "While I changed him he pointed to his bottom and said 'Grandad bite there'.",
    "she told me her step-dad bites me on my bum",
    "She told me grandad bites her there.",
    "He said mummy's boyfriend bit him down there.",
])
def test_a_young_childs_bite_there_naming_the_adult_is_a_disclosure(text):
    assert disclosure_words(text), text


@pytest.mark.parametrize("text", [
    "She said the dog bit me and showed me the plaster on her ankle.",
    "He told me 'the puppy bite there' and pointed at his hand.",
    # the second reader's: "a bit (down) there" is a little, not a bite
    "She said her tummy hurts a bit down there.",
    "She told me her knee hurts a bit there when she runs.",
    "She said the best bit there was the swings.",
])
def test_a_pets_bite_or_a_little_is_not_a_disclosure(text):
    assert not disclosure_words(text), text


# Session 10, tuning 8's: a child telling of hands round their neck, or of a threat to put them in the ground.
@pytest.mark.parametrize("text", [
    "A 12-year-old says her stepdad had his hands round her neck on Sunday.",
    "He told me his mum's boyfriend said he'd put him in the ground.",
])
def test_a_child_telling_of_strangling_or_a_threat_to_their_life_is_a_disclosure(text):
    assert disclosure_words(text), text


# The second reader's: a child's own work, a funeral, keeping warm; and a negated first "telling" must not hide a later
# real one (the first match is the one the mapper checks for negation).
@pytest.mark.parametrize("text", [
    "He said he wanted to finish what he started before break.",
    "She told me they put her in the ground last week, it was her nan's funeral.",
    "She said she puts her hands round her neck to keep warm.",
])
def test_a_childs_own_words_about_work_a_funeral_or_keeping_warm_are_not_a_disclosure(text):
    assert not disclosure_words(text), text


def test_a_later_real_telling_is_found_after_ordinary_words():
    told = disclosure_words("He said there were no problems, he just wanted to finish what he started on his Lego. "
                            "Then he sed his stepdad batters him wen hes had a drink.")
    assert told and "batters" in told


# Session 10, tuning 9's tellings in a child's own words (our wording): food withheld, squashed, a head banged, made
# to carry drugs, a visitor to the bedroom at night, told not to tell; and what stays alone.
@pytest.mark.parametrize("text", [
    "She said 'nan never gives us any tea when mum's at work'.",
    "He told me he only gets breakfast if he's been good and he doesn't deserve food.",
    "The 5-year-old said 'Uncle Jay squished me on the sofa'.",
    "She told me her dad banged her head on the door frame.",
    "She told me the men made her deliver drugs to flats.",
    "She wrote 'he comes in my room when everyone's asleep'.",
    "He said 'if I tell you what he does, mum will go to prison'.",
])
def test_tuning_nines_tellings_in_our_own_words(text):
    assert disclosure_words(text), text


@pytest.mark.parametrize("text", [
    "He said the teacher made him carry the books to the library.",
    "She said she only gets pudding if she eats her vegetables.",
    "He told me he banged his head on the climbing frame.",
    # the second reader's (session 10, third round)
    "He told me he sleeps in his bed now, the sleep routine is working.",
    "She told me she doesn't do breakfast, she's not hungry in the morning.",
    "She said dad doesn't cook dinner on Tuesdays because he works late, so they get a takeaway.",
    "She said her dog always comes into my bed.",
    "He said the teacher made them sell stuff at the school fair.",
    "He told me dad banged his head on the cupboard door last night.",
    "He said it's ok if I tell you about his test results.",
    "He said his brother squished him in the ball pit.",
])
def test_ordinary_words_near_tuning_nines_tellings_are_not_a_disclosure(text):
    assert not disclosure_words(text), text


# The second reader's: a harmless first match in a sentence the mapper reads as negated must not hide a later telling.
@pytest.mark.parametrize("text, words", [
    ("He said there are no problems at night and he sleeps in his bed. Then very quietly: 'daddy hurts my bottom'.",
     "hurts"),
    ("She said no worries about home, she doesn't do breakfast. She told me mum's boyfriend hits her.", "hits"),
])
def test_a_negated_first_match_does_not_hide_a_later_telling(text, words):
    told = disclosure_words(text)
    assert told and words in told, told


# Session 11, tuning 10's tellings (our wording): stamped on, an arm forced up the back or twisted by an adult, a
# threat to the face; "it wasn't the trampoline" before the telling does not deny it.
@pytest.mark.parametrize("text", [
    "He said 'it wasn't the swing, my uncle stamped on me when I dropped the plate'.",
    "She told me her stepdad pinned her arm up her back until she cried.",
    "He said 'dad twisted my arm because I was late'.",
    "She whispered 'he said next time it's my face'.",
    # the second reader's (session 11): reported speech, another body part, the passive
    "He said his dad twisted his arm until it clicked.",
    "She said he pinned her arms behind her back.",
    "He said dad stamps on his legs when he's angry.",
    "He told me he was stamped on by his brother's friend's dad.",
    "She said mum's boyfriend told her next time it's her face.",
    "She said her dad uses the belt on her.",
    "He said dad gets his new belt out when he's naughty.",
])
def test_tuning_tens_tellings_in_our_own_words(text):
    assert disclosure_words(text), text


@pytest.mark.parametrize("text", [
    "She said she twisted her arm falling off the monkey bars.",
    "He told me 'I stamped on the spider in the hall'.",
    "He told me he stamped on his brother's lego by accident.",
    "She told me 'I was holding my arms behind my back in the photo'.",
    "He said 'a boy stood on my foot in football'.",
    # the second reader's (session 11)
    "She told me her mum stamped on her phone.",
    "She said the horse stamped on her foot at riding.",
    "He said mum twisted my arm into going to the party, so I went.",
    "He said he twisted his arm up his back doing the stretches in PE.",
    "She said next time it's my face on the poster for the school play.",
    # a belt in sport or a car is not the belt used on a child
    "She said she goes to karate three times a week and showed me her new orange belt.",
    "He told me he got his black belt at the weekend.",
])
def test_ordinary_words_near_tuning_tens_tellings_are_not_a_disclosure(text):
    assert not disclosure_words(text), text


# Session 12 (tuning 11): a hand put inside the child's underwear, told by the child in a long sentence.
@pytest.mark.parametrize("text", [
    "She said she hates going to her aunt's because the man there puts his hand inside her knickers when they're alone.",
    "He told me 'grandad puts his hand down my pants when we watch telly'.",
    "She said she doesn't want to go home because of what her stepdad does to her at night.",
    "He told me 'I don't like what uncle does to me in the bath'.",
    # the second reader's variants (session 12)
    "She told me his hand went under my nightie when I was asleep.",
    "He said 'grandad's hand goes down the front of my trousers'.",
    # the second round (session 12)
    "She told me he puts his hand in her knickers when she gets dressed",
    "She told me he puts his hand in her knickers and says it's to check she's clean",
    "She told me uncle Tom's hand went down her pants",
    "She said he put his hand in her bra",
    "She told me she hates what he does to her when they're alone",
])
def test_a_hand_inside_the_childs_underwear_in_a_telling(text):
    assert disclosure_words(text), text


@pytest.mark.parametrize("text", [
    "He told me he put his hand in his pocket and found his dinner money.",
    "She said she puts her hands in her pockets when she's cold.",
    "He said 'I hate what he does to me in football, he always tackles me'.",
    # the second reader's (session 12): the child's own hand, care, a pocket, a sibling's game
    "5yo told me 'I put my hand in my pants cos it itches'.",
    "She said 'mummy puts her hand in my knickers to put my cream on'.",
    "She told me 'I put my hand in my skirt pocket and found a sweet'.",
    "He said 'I hate what my brother does to me when mum is at work, he takes my Xbox'.",
    "She told me she put her hand in her knickers because it itched.",
    "He said he put his hand down his pants to scratch.",
])
def test_hands_in_pockets_are_not_a_telling(text):
    assert not disclosure_words(text), text


# Session 14 (tuning 15's tellings, in our own words): made to sleep outside the house or on the floor, food kept back
# as a punishment, someone coming into the child's room at night, "got it for" something, "did it with the iron".
@pytest.mark.parametrize("text", [
    "He told me his stepdad makes him sleep in the garage when he's been naughty.",
    "She said her aunt would make her sleep on the floor and she didn't get any dinner for two days.",
    "She says he comes into her room at night when her mum's at work.",
    "He said he got a hiding for losing his coat.",
    "She told the nurse her mum's boyfriend did it with the lighter.",
    # the second reader's (session 14): an adult of the child's sex named earlier is who the child tells of
    "Since her mum got a new boyfriend she told me he hits her.",
    "He had contact with dad on Saturday and he said dad burned him with a lighter.",
    "When I asked about his stepdad he told me his stepdad did it with the belt.",
    "He says he's made to sleep on the floor.",
    "She said she wasn't allowed any tea last night.",
    "She said her stepdad goes in her room at night.",
    "She told me her mums boyfriend gets into her bed when mum is at work.",
    "He said he got a good hiding off his dad for spilling milk.",
    "She said mum did it to her with the wooden spoon.",
    # an age and a lad, a lass, a boy or a girl as the teller (session 14)
    "15yo lad told me his football coach touched him in the minibus.",
    "14 year old girl told me her stepdad hits her.",
])
def test_tuning_fifteens_tellings_in_our_own_words(text):
    assert disclosure_words(text), text


@pytest.mark.parametrize("text", [
    "She said her mum makes her sleep in her own bed now, she's proud of it.",
    "He said his dad comes into his room to say goodnight and read a story.",
    "She told me she got it for her birthday from her nan.",
    "He said he didn't get any lunch because he wasn't hungry.",
    "She said she did it with the iron in textiles, the seam looks great.",
    # "she" is mum, the last woman named before it in the sentence
    "I told mum the bedwetting is not his fault, but she says she makes him sleep on the floor when he wets.",
    "We spoke to his dad about the lateness and he said he got a hiding for it as a kid.",
    # the second reader's (session 14)
    "Spoke to mum. She said she makes him sleep on the floor because he wets.",
    "She said she got it for her sister.",
    "He said he got it for a fiver off his mate.",
    "She said her mum comes into her room every night to read her a story.",
    "He said they didn't get any lunch on the school trip because the cafe was shut.",
    "She said she did it with her straighteners by accident this morning.",
    "He said his dad made him sleep on the floor at the campsite because the airbed popped.",
    "Mum of a 15yo lad told me her ex hits him.",
    "15yo lad told me he punched a kid at school.",
    "12yo boy told me he pushed his sister off the trampoline.",
])
def test_ordinary_words_near_tuning_fifteens_tellings_are_not_a_disclosure(text):
    assert disclosure_words(text) is None, text
