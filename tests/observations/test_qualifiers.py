"""Table-driven tests of what the practitioner says about an observation."""
from __future__ import annotations

import pytest

from bot.observations.qualifiers import carer_denies, child_age, explanations, frequency, negated


@pytest.mark.parametrize("text, expected", [
    ("she has done it every day this week", "persistent"),
    ("nits again", "persistent"),
    ("this is the third time this term", "persistent"),
    ("he keeps hiding food", "persistent"),
    ("mum has never brought him to a follow-up", "persistent"),
    ("it happened once, at the Christmas party", "one_off"),
    ("for the first time today she hid a sandwich", "one_off"),
    ("once again he came in hungry", "persistent"),
    ("he took a biscuit from the tin", "unknown"),
    # counted occasions and spans in a busy practitioner's words
    ("on the ward over four shifts dad hasn't once picked her up", "persistent"),
    ("she's been withdrawn for the past six weeks", "persistent"),
    ("he minds his sisters every school day", "persistent"),
    ("she comes back smelling of smoke every other Sunday", "persistent"),
    ("WNB x3 to the eye clinic", "persistent"),
    ("this is the 4th missed appointment", "persistent"),
    ("staff say she's been the same since admission", "persistent"),
    ("mum gave him 5 x 2mg tablets", "unknown"),
    ("the poster was 2x3 metres", "unknown"),
])
def test_frequency(text, expected):
    assert frequency(text)[0] == expected


@pytest.mark.parametrize("text, years, pre_pubertal", [
    ("a 6yo in Year 2", 6, True),
    ("the 11-month-old", 11 / 12, True),
    ("our 5-year-old in Reception", 5, True),
    ("Kai is 4 and goes up to any adult", 4, True),
    ("Tia, 15, has gone missing", 15, False),
    ("a Year 8 girl", 13.5, False),
    ("a toddler in a nappy", 2, True),
    ("she's 11 and", 11, None),
    ("he's in reception", 4.5, True),
    ("aged twelve", 12, None),
])
def test_child_age(text, years, pre_pubertal):
    age = child_age(text)
    assert age is not None
    assert age.years == pytest.approx(years, abs=0.01)
    assert age.pre_pubertal is pre_pubertal


@pytest.mark.parametrize("text", ["he is 6 foot tall", "it took 3 minutes", "the class has 30 children"])
def test_numbers_that_are_not_ages(text):
    assert child_age(text) is None


@pytest.mark.parametrize("text, stated, ruled_out", [
    ("his meltdowns are part of his diagnosed autism", {"neurodevelopmental"}, set()),
    ("the paediatrician found no ADHD or autism", set(), {"neurodevelopmental"}),
    ("quieter since his mum and dad separated", {"separation"}, set()),
    ("her grandad died at half term", {"bereavement"}, set()),
    ("he arrived from Romania with very little English", {"english_additional_language"}, set()),
    ("English is her only language", set(), {"english_additional_language"}),
    ("she keeps hiding food", set(), set()),
])
def test_explanations(text, stated, ruled_out):
    got_stated, got_ruled_out = explanations(text)
    assert stated <= set(got_stated)
    assert set(got_ruled_out) == ruled_out


@pytest.mark.parametrize("text, is_negated", [
    ("no concerns about her weight, she eats well", True),
    ("there's no sign of hunger", True),
    ("we have no worries about him", True),
    ("he no longer hides food", True),
    ("mum hasn't taken him to the GP", False),   # the neglect is the not-doing: never negation
    ("she never has a coat", False),
])
def test_negation(text, is_negated):
    assert bool(negated(text)) is is_negated


def test_mum_denies_is_not_no():
    assert carer_denies("mum denies hitting him") and not negated("mum denies hitting him")


@pytest.mark.parametrize("text, expected", [
    ("She screamed 'I wish I'd never had you' at him in the street.", "unknown"),
    ("Mum said she wishes she had never had him.", "unknown"),
    ("mum shouted at her 6yo 'youre just like your dad I wish Id never had you'", "unknown"),
    ("I've never seen her like this before with the baby.", "one_off"),
    ("He has never been brought to a single appointment.", "persistent"),
    ("I wish I'd never had you, she says it every single day.", "persistent"),
])
def test_never_in_a_wish_or_a_first_sighting_is_not_persistence(text, expected):
    assert frequency(text)[0] == expected, text


def test_more_ways_of_saying_it_was_new_or_dealt_with():
    from bot.observations.qualifiers import linked_explanations, resolved

    assert frequency("First time I've seen that, he's normally wrapped up.")[0] == "one_off"
    assert resolved("Mum rang the next morning and rebooked.")
    assert not resolved("I rang the clinic the next morning and rebooked it myself.")
    assert "medical" in linked_explanations("Her weight dropped, which turned out to be a milk protein allergy.")
    assert "medical" in linked_explanations("Only a few words at 2; the hearing test showed glue ear.")


@pytest.mark.parametrize("text, expected", [
    ("Dad didn't look up from his phone once while she cried.", "unknown"),
    ("She hasn't brought his inhaler in once this term.", "unknown"),
    ("Not once has mum come to a review.", "persistent"),
    ("He doesn't talk to her, not once.", "persistent"),
    ("It has only happened once.", "one_off"),
    ("He didn't eat once at lunch, and we saw it happen once before.", "one_off"),
])
def test_a_denied_once_is_none_at_all_not_a_one_off(text, expected):
    """'Didn't ... once' says it never happened in that time: not a single occasion that sets a feature aside
    ('a one-off'). Whether it is persistent the words do not say, so the conversation asks."""
    assert frequency(text)[0] == expected, text


@pytest.mark.parametrize("text", ["dad weighs her every Sunday", "he's done it as long as she can remember"])
def test_weekends_and_living_memory_are_persistence(text):
    from bot.observations.qualifiers import frequency
    assert frequency(text)[0] == "persistent"


@pytest.mark.parametrize("text, expected", [("she lay completely still on the couch", "unknown"),
                                            ("he sat still for the whole check", "unknown"),
                                            ("he is still coming in hungry", "persistent")])
def test_still_as_stillness_is_no_persistence(text, expected):
    from bot.observations.qualifiers import frequency
    assert frequency(text)[0] == expected


# Session 10 (tuning 7): "every pick up" with a space is persistence; a good record ("never missed before") and a
# date ("for four weeks' time") are not; a parent who has "already rebooked" dealt with it promptly (a question).
@pytest.mark.parametrize("text, expected", [
    ("every pick up this half term his mum swears at him", "persistent"),
    ("at every drop off she drags him in by the arm", "persistent"),
    ("he has never missed an appointment before", "unknown"),
    ("she's never been late before this week", "unknown"),
    ("he's 6 and has never been to a dentist before", "persistent"),
    ("the next check is booked for three weeks' time", "unknown"),
    ("she has worn the same coat for three weeks", "persistent"),
    # the second reader's: "never had ... before" is still a persistent lack; "every practice" is no occasion
    ("He's 3 and has never had any immunisations before.", "persistent"),
    ("Dad has never done anything about his asthma before.", "persistent"),
    ("Every practice in the area has the same policy.", "unknown"),
    ("every training session his dad screams at him from the touchline", "persistent"),
    ("it's been going on since mum and dad split at Easter", "persistent"),
    ("I don't think it's been going on for long, it started yesterday.", "unknown"),
    ("Since they split, mum has moved into a new flat with him.", "unknown"),
    ("every appt dad talks over her", "persistent"),
    ("the party was going on for hours next door", "unknown"),
])
def test_a_good_record_and_a_date_are_not_persistence(text, expected):
    assert frequency(text)[0] == expected, text


# Session 11: how long the practitioner has known the family is not how often the concern happens; a persistence
# word in the concern still counts, and "never seen anything like it" says how bad, not how often.
@pytest.mark.parametrize("text, expected", [
    ("I've known the family for years and dad lost his temper with her at the gate today.", "unknown"),
    ("We've worked with them for a while, and mum swore at him in reception.", "unknown"),
    ("I've taught her for two years and she is always hungry.", "persistent"),
    ("I've known her for years and she has come in with bruises for months.", "persistent"),
    ("Mum has known about it for months.", "persistent"),
    ("I've known the family for years and never seen anything like it.", "unknown"),
    # the second reader's: somebody else's time with the child is the concern itself; a long absence persists
    ("He has looked after his siblings for years, getting them up before school.", "persistent"),
    ("An older man has visited her for months, picking her up from the gate.", "persistent"),
    ("Dad hasn't supported them for months, there's no food in the house.", "persistent"),
    ("I've never seen anything like it in twenty years of nursing.", "unknown"),
])
def test_knowing_the_family_for_years_is_not_persistence(text, expected):
    assert frequency(text)[0] == expected, text


# Session 13: how things usually are, said well of the family, is a good report, not a repetition of the concern;
# the concern's own persistence words still count beside it.
@pytest.mark.parametrize("text, expected", [
    ("At pick up mum yanked him by the arm and swore at him. First time I've seen it from her, she's usually fine.",
     "one_off"),
    ("Dad called her a waste of space at the door; he is normally really warm with her.", "unknown"),
    ("Mum is always lovely with him, but today she screamed at him in the car park.", "unknown"),
    ("He is always hungry and takes food from the other children's bags.", "persistent"),
    ("Mum is usually fine but today she screamed at him again.", "persistent"),
    ("He is usually calm with the others but always screaming at her.", "persistent"),
    ("She is always good at hiding the marks on her arms.", "persistent"),
])
def test_a_good_report_of_the_family_is_not_persistence(text, expected):
    assert frequency(text)[0] == expected, text


def test_already_rebooked_is_dealt_with_by_the_family():
    from bot.observations.qualifiers import resolved

    assert resolved("Dad cancelled the hearing test for a funeral and has already rebooked it.")
    assert not resolved("The hearing test was cancelled twice and nobody has rebooked it.")
    # the second reader's: asked about, contradicted, or another kind of booking
    assert not resolved("I asked if she had already rebooked; she hadn't.")
    assert not resolved("Mum says she's already rebooked but the dentist has no record of it.")
    assert not resolved("Mum already booked another holiday instead of the operation.")


# Session 14 (tuning 16): persistence told in shifts, days running, each of the last visits, and since a weekday.
@pytest.mark.parametrize("text", [
    "It's the same every shift.",
    "I've been in 5 days running and she never picks him up.",
    "On each of my last four visits he has shouted at her.",
    "three visits in a row the house has had no food in",
    "3rd shift in a row she has not picked him up",
    "It's been like this since Monday.",
])
def test_persistence_in_shifts_runs_of_days_and_visits(text):
    assert frequency(text)[0] == "persistent", text


# Session 14 (tuning 16): "never ... once" in one visit is none at all in that time, and "crying for ages" is how long one
# episode lasted: neither says it recurs, so persistence is asked about. "Never been to the dentist once" still persists.
@pytest.mark.parametrize("text, reading", [
    ("Dad was on his phone the whole appointment and never looked at the baby once.", "unknown"),
    ("She left him screaming in the pram for ages while she talked.", "unknown"),
    ("He has never been to the dentist once.", "persistent"),
    ("She has been crying for ages every night.", "persistent"),
    ("He has been hungry for ages.", "persistent"),
])
def test_none_at_all_in_one_visit_and_one_long_episode_are_not_persistence(text, reading):
    assert frequency(text)[0] == reading, text


@pytest.mark.parametrize("text", [
    "He spent 5 days running the tuck shop.",
    "Since Monday's appointment she has been fine.",
    "She's been off since Monday with a cold.",
])
def test_days_running_a_shop_and_since_a_weekday_are_not_persistence(text):
    assert frequency(text)[0] != "persistent", text
