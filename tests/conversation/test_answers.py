"""Short answers typed in a practitioner's own words: roles, ages, yes / no / not sure, item numbers."""
from __future__ import annotations

import pytest

from bot.conversation.answers import AgeRange, item_number, parse_age, parse_role, yes_no_unsure, is_adult_age


@pytest.mark.parametrize("text, role", [
    ("Teacher or school staff", "teacher"), ("I'm a Year 3 teacher", "teacher"), ("TA", "teacher"),
    ("GP", "health"), ("practice nurse", "health"), ("health visitor", "health"), ("School nurse", "health"),
    ("nursery key worker", "early_years"), ("childminder", "early_years"), ("Nursery or early years", "early_years"),
    ("youth worker", "youth_worker"), ("I run a youth club", "youth_worker"),
    ("social worker", "social_worker"), ("Other", "other"), ("foster carer", "other"),
])
def test_roles_typed_or_pressed(text, role):
    assert parse_role(text) == role


@pytest.mark.parametrize("text", ["", "hmm", "purple"])
def test_no_role_in_noise(text):
    assert parse_role(text) is None


@pytest.mark.parametrize("text, low, high", [
    ("Under 1", 0, 0.99), ("1 to 4", 1, 4.99), ("5 to 11", 5, 11.99), ("12 to 17", 12, 17.99),
    ("7", 7, 7), ("about 9", 9, 9), ("she's 6", 6, 6), ("14 years old", 14, 14), ("Year 2", 7.5, 7.5),
    ("18 months old", 1.5, 1.5), ("between 3 and 5", 3, 5.99),
])
def test_ages_and_bands(text, low, high):
    age = parse_age(text)
    assert age is not None and (age.low, age.high) == pytest.approx((low, high))


def test_age_conditions_from_ranges():
    assert AgeRange(5, 11.99, "5 to 11").under(12) is True
    assert AgeRange(12, 17.99, "12 to 17").under(12) is False
    assert AgeRange(5, 11.99, "5 to 11").pre_pubertal is None, "puberty may or may not have started by 11"
    assert AgeRange(1, 4.99, "1 to 4").pre_pubertal is True
    assert AgeRange(14, 14, "14").pre_pubertal is False


@pytest.mark.parametrize("text", ["", "not sure", "no idea", "lots", "2000"])
def test_no_age_read_where_none_is_given(text):
    assert parse_age(text) is None


@pytest.mark.parametrize("text, intent, answer", [
    ("/affirm", "affirm", "yes"), ("whatever", "deny", "no"), ("not sure", None, "unsure"),
    ("yes it has", None, "yes"), ("not yet", None, "no"), ("only once", None, "no"), ("dunno", None, "unsure"),
    ("the weather", None, None),
])
def test_yes_no_unsure(text, intent, answer):
    assert yes_no_unsure(text, intent) == answer


@pytest.mark.parametrize("text, count, n", [
    ("remove the second one", 3, 2), ("2", 3, 2), ("number 3 is wrong", 3, 3), ("the last one", 4, 4),
    ("take it out", 1, 1), ("remove 7", 3, None), ("that's wrong", 3, None),
])
def test_item_numbers(text, count, n):
    assert item_number(text, count) == n


@pytest.mark.parametrize("text, years", [
    ("4 months", 4 / 12), ("six weeks old", 6 / 52), ("18 months", 1.5), ("3 days old", 3 / 365),
    ("newborn", 0.05), ("nearly 5", 5), ("Year 3", 8.5), ("a few weeks old", 3 / 52), ("ten days", 10 / 365),
])
def test_ages_a_health_visitor_types(text, years):
    age = parse_age(text)
    assert age is not None and age.low == pytest.approx(years, abs=0.01), text


@pytest.mark.parametrize("text", ["19", "18", "25 years old", "adult", "over 18"])
def test_an_age_of_18_or_over_is_an_adult(text):
    assert is_adult_age(text) and parse_age(text) is None, text


@pytest.mark.parametrize("text", ["17", "5", "18 months", "Year 13"])
def test_a_child_is_not_an_adult(text):
    assert not is_adult_age(text), text


def test_an_adult_concern_points_to_adult_social_care_from_the_contacts_file():
    from bot.conversation import turns

    reply = turns.adult_concern(None)
    assert "under 18" in reply.text and "adult social care" in reply.text.lower()
    assert "0113 496 0700" in reply.text, "the default area's adult social care, from the contacts file"
    other = turns.adult_concern("Demo Shire")
    assert "No adult safeguarding contact is configured for Demo Shire" in other.text and "999" in other.text
