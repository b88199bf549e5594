"""The checks on single values: phone, email, web address, postcode district, date, free text."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.referral_contacts.schema import (
    Problem,
    check_date,
    check_district,
    check_email,
    check_phone,
    check_text,
    check_url,
    phone_digits,
)


@pytest.mark.parametrize(
    "value, cleaned",
    [
        ("0113 496 0000", "0113 496 0000"),
        ("01134960000", "01134960000"),
        ("020 7946 0999", "020 7946 0999"),
        ("+44 113 496 0000", "+44 113 496 0000"),
        ("+441134960000", "+441134960000"),
        ("  0161  496 0123 ", "0161 496 0123"),
        ("0808 800 5000", "0808 800 5000"),
    ],
)
def test_uk_phone_numbers_are_accepted(value: str, cleaned: str) -> None:
    assert check_phone(value) == cleaned


@pytest.mark.parametrize(
    "value",
    ["0113 49", "1134960000", "0113 496 00000", "+44 0113 496 0000", "+1 212 555 0100", "0113-496-0000",
     "(0113) 496 0000", "0113 496 0000 ext 2", "0113 496 0000; 0113 496 0001", "999", "phone", "+44 113 49+6 0000"],
)
def test_malformed_phone_numbers_are_rejected(value: str) -> None:
    with pytest.raises(ValueError, match="not a UK phone number"):
        check_phone(value)


def test_phone_digits_compare_national_and_international_forms() -> None:
    assert phone_digits("+44 113 496 0000") == phone_digits("0113 496 0000") == "01134960000"


@pytest.mark.parametrize("value", ["lead@example.org", "first.last+tag@sub.example.com", "a@b.co.uk"])
def test_good_emails(value: str) -> None:
    assert check_email(value) == value


@pytest.mark.parametrize("value", ["frontdoor@", "@example.org", "a@b", "a b@example.org", "a@@example.org",
                                   "a@example..org", "mailto:a@example.org", "a@-example.org"])
def test_bad_emails(value: str) -> None:
    with pytest.raises(ValueError, match="not an email address"):
        check_email(value)


@pytest.mark.parametrize("value", ["https://example.org", "https://example.org/leeds/report?x=1", "http://example.com/a"])
def test_good_urls(value: str) -> None:
    assert check_url(value) == value


@pytest.mark.parametrize("value", ["example.org/report", "www.example.org", "ftp://example.org", "https://", "https://localhost",
                                   "https://exa mple.org", "javascript:alert(1)", "https://user@example.org", "https://-x.org"])
def test_bad_urls(value: str) -> None:
    with pytest.raises(ValueError, match="not a web address"):
        check_url(value)


@pytest.mark.parametrize("value, cleaned", [("LS1", "LS1"), ("ls14", "LS14"), ("SW1A", "SW1A"), ("M1", "M1"), ("W1 ", "W1")])
def test_postcode_districts(value: str, cleaned: str) -> None:
    assert check_district(value) == cleaned


@pytest.mark.parametrize("value", ["LS", "LS1 4AP", "1LS", "LS123", "L-1"])
def test_bad_postcode_districts(value: str) -> None:
    with pytest.raises(ValueError):
        check_district(value)


def test_dates_in_iso_and_uk_spreadsheet_form() -> None:
    assert check_date("2026-10-01") == check_date("01/10/2026") == check_date("1/10/2026") == date(2026, 10, 1)
    for bad in ("2026-13-01", "31/02/2026", "Oct 2026", "yesterday"):
        with pytest.raises(ValueError):
            check_date(bad)


@pytest.mark.parametrize("value", ["Call 0113 496 0000", "see example.org", "mail lead@example.org", "https://x.org", "www.x"])
def test_names_may_not_hide_contacts(value: str) -> None:
    with pytest.raises(ValueError, match="own columns"):
        check_text(value)


@given(st.text(max_size=30))
def test_checks_only_raise_value_error(text: str) -> None:
    for check in (check_phone, check_email, check_url, check_district, check_date, check_text):
        try:
            check(text)
        except ValueError:
            pass


def test_problem_str() -> None:
    assert str(Problem("contacts.csv", 7, "front_door_phone", "'0113 49' is not a UK phone number")) == (
        "contacts.csv:7: front_door_phone: '0113 49' is not a UK phone number"
    )
    assert str(Problem("contacts.csv", None, None, "file not found")) == "contacts.csv: file not found"
