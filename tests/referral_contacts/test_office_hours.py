"""Office hours syntax, and the UK clock they are read against."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.referral_contacts.office_hours import LONDON, OfficeHours, UKTime, to_london

SAMPLE = OfficeHours.parse("Mon-Thu 08:30-17:00; Fri 08:30-16:30")


@pytest.mark.parametrize(
    "moment, open_",
    [
        ("2026-11-23T10:00", True),   # Monday morning
        ("2026-11-23T08:29", False),  # before opening
        ("2026-11-23T08:30", True),   # opening minute
        ("2026-11-23T16:59", True),
        ("2026-11-23T17:00", False),  # closing minute is closed
        ("2026-11-23T21:00", False),  # evening
        ("2026-11-26T16:45", True),   # Thursday
        ("2026-11-27T16:45", False),  # Friday closes at 16:30
        ("2026-11-28T11:00", False),  # Saturday
        ("2026-11-29T11:00", False),  # Sunday
        ("2026-12-25T11:00", True),   # Christmas Day, a Friday: bank holidays are ignored (documented)
    ],
)
def test_is_open_in_uk_local_time(moment: str, open_: bool) -> None:
    assert SAMPLE.is_open(datetime.fromisoformat(moment)) is open_


def test_aware_times_are_converted_to_uk_time_gmt_and_bst() -> None:
    # 07:45 UTC is 08:45 in summer (BST, open) and 07:45 in winter (GMT, closed).
    assert SAMPLE.is_open(datetime(2026, 7, 1, 7, 45, tzinfo=timezone.utc)) is True
    assert SAMPLE.is_open(datetime(2026, 12, 1, 7, 45, tzinfo=timezone.utc)) is False


@pytest.mark.parametrize(
    "text, normalised",
    [
        ("Mon-Thu 08:30-17:00; Fri 08:30-16:30", "Mon-Thu 08:30-17:00; Fri 08:30-16:30"),
        ("mon-fri 9:00-17:00", "Mon-Fri 09:00-17:00"),
        ("Monday-Friday 09:00-12:30, 13:30-17:00", "Mon-Fri 09:00-12:30, 13:30-17:00"),
        ("Mon,Wed,Fri 09:00-17:00; Sat 10:00-12:00", "Mon 09:00-17:00; Wed 09:00-17:00; Fri 09:00-17:00; Sat 10:00-12:00"),
        ("Mon-Sun 00:00-24:00", "Mon-Sun 00:00-24:00"),
        ("Mon-Fri 09:00-17:00;", "Mon-Fri 09:00-17:00"),
    ],
)
def test_valid_hours_parse_and_render(text: str, normalised: str) -> None:
    hours = OfficeHours.parse(text)
    assert str(hours) == normalised
    assert OfficeHours.parse(str(hours)) == hours


def test_lunch_closure() -> None:
    hours = OfficeHours.parse("Mon-Fri 09:00-12:30, 13:30-17:00")
    assert not hours.is_open(datetime(2026, 11, 24, 13, 0))
    assert hours.is_open(datetime(2026, 11, 24, 13, 30))


@pytest.mark.parametrize(
    "text",
    [
        "", ";", "9-5", "Mon-Fri 9am-5pm", "Mon-Fri", "Funday 09:00-17:00", "Fri-Mon 09:00-17:00",
        "Mon-Fri 17:00-09:00", "Mon-Fri 09:00-09:00", "Mon-Fri 09:00-25:00", "Mon-Fri 09:60-17:00",
        "Mon-Fri 09:00-17:00; Mon 16:00-18:00", "Mon-Fri 09:00-24:30", "Mon - Fri - Sat 09:00-17:00",
    ],
)
def test_invalid_hours_raise_value_error_with_a_message(text: str) -> None:
    with pytest.raises(ValueError) as err:
        OfficeHours.parse(text)
    assert str(err.value)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="MonTueFriSat-,;: 0123456789", max_size=40) | st.text(max_size=40))
def test_parser_only_ever_raises_value_error(text: str) -> None:
    try:
        hours = OfficeHours.parse(text)
    except ValueError:
        return
    assert OfficeHours.parse(str(hours)) == hours


def _transition_instants() -> list[datetime]:
    instants = []
    for year in range(2024, 2032):
        for month in (3, 10):
            start = datetime(year, month, 24, tzinfo=timezone.utc)
            instants += [start + timedelta(minutes=30 * i) for i in range(8 * 48)]
        instants += [datetime(year, m, 15, 12, tzinfo=timezone.utc) for m in range(1, 13)]
    return instants


def test_fallback_uk_rule_matches_the_tz_database() -> None:
    fallback = UKTime()
    for instant in _transition_instants():
        expected = instant.astimezone(LONDON)
        got = instant.astimezone(fallback)
        assert got.replace(tzinfo=None) == expected.replace(tzinfo=None), instant
        assert got.utcoffset() == expected.utcoffset(), instant
        # and back: local wall time (with fold) to the same instant
        assert got.astimezone(timezone.utc) == instant, instant


def test_naive_times_are_uk_local() -> None:
    local = to_london(datetime(2026, 7, 1, 9, 0))
    assert (local.hour, local.utcoffset()) == (9, timedelta(hours=1))
