"""Finding the area (typos, aliases, postcodes, default) and ordering its contacts by the clock."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from bot.referral_contacts import ContactDirectory, load_directory, national_routes
from bot.referral_contacts.lookup import postcode_district, safe_echo

from .conftest import TODAY, base_row, write_csv

MONDAY_10AM = datetime(2026, 11, 23, 10, 0)
MONDAY_9PM = datetime(2026, 11, 23, 21, 0)
SATURDAY_11AM = datetime(2026, 11, 28, 11, 0)


@pytest.fixture
def directory(three_areas_file: Path) -> ContactDirectory:
    return load_directory(three_areas_file, today=TODAY)


@pytest.mark.parametrize(
    "query, area, matched_by",
    [
        ("Leeds", "Leeds", "name"),
        ("leeds", "Leeds", "name"),
        ("  LEEDS ", "Leeds", "name"),
        ("Leeds City Council", "Leeds", "alias"),
        ("leeds city council", "Leeds", "alias"),
        ("Leeds CC", "Leeds", "alias"),
        ("Leds", "Leeds", "fuzzy"),
        ("Leeeds", "Leeds", "fuzzy"),
        ("leeds city", "Leeds", "fuzzy"),
        ("Leeds council", "Leeds", "fuzzy"),
        ("Mancester", "Manchester", "fuzzy"),
        ("manchester city", "Manchester", "fuzzy"),
        ("Bristol City Council", "Bristol", "alias"),
        ("Bristoll", "Bristol", "fuzzy"),
        ("LS1 4AP", "Leeds", "postcode"),
        ("ls14ap", "Leeds", "postcode"),
        ("ls1", "Leeds", "postcode"),
        ("LS14 5AB", "Leeds", "postcode"),
        ("LS145AB", "Leeds", "postcode"),
        ("the child lives at LS2 7HY", "Leeds", "postcode"),
        ("M1 1AE", "Manchester", "postcode"),
        ("bs1 5th", "Bristol", "postcode"),
    ],
)
def test_area_matching(directory: ContactDirectory, query: str, area: str, matched_by: str) -> None:
    ans = directory.lookup(query, now=MONDAY_10AM)
    assert (ans.area, ans.matched_by) == (area, matched_by)
    assert ans.local and all(c.area == area for c in ans.local)


@pytest.mark.parametrize("query", ["Narnia", "London", "York", "LS99 1AA", "LS3", "SW1A 1AA", "xx", "12345", "!!!", "Le"])
def test_unknown_areas_get_the_national_routes_and_a_clear_note(directory: ContactDirectory, query: str) -> None:
    ans = directory.lookup(query, now=MONDAY_10AM)
    assert ans.area is None and ans.matched_by is None and ans.in_office_hours is None
    assert ans.local == []
    assert ans.national == national_routes()
    assert "No local contact is configured for" in ans.note
    assert "GOV.UK" in ans.note


def test_unknown_note_wording(directory: ContactDirectory) -> None:
    assert directory.lookup("Narnia").note == (
        "No local contact is configured for 'Narnia'. Use the national routes below, "
        "or the GOV.UK service to find the council from a postcode."
    )
    # Text that looks like a contact is never echoed back.
    assert "0113" not in directory.lookup("0113 496 0000").note
    assert "example.com" not in directory.lookup("evil.example.com").note


def test_blank_query_gives_the_default_area(directory: ContactDirectory) -> None:
    for query in (None, "", "   "):
        ans = directory.lookup(query, now=MONDAY_10AM)
        assert (ans.area, ans.matched_by) == ("Leeds", "default")


def test_no_default_configured(tmp_path: Path) -> None:
    d = load_directory(write_csv(tmp_path / "c.csv", [base_row(default="")]), today=TODAY)
    ans = d.lookup(None)
    assert ans.area is None and ans.matched_by is None and "No default area" in ans.note


def test_close_calls_are_not_guessed(tmp_path: Path) -> None:
    rows = [
        base_row(area="Westbury", aliases="", postcode_districts="", default=""),
        base_row(area="Westbery", aliases="", postcode_districts="", default="", front_door_phone="0113 496 0101"),
        base_row(area="North Example", aliases="", postcode_districts="", default="", front_door_phone="0113 496 0102"),
    ]
    d = load_directory(write_csv(tmp_path / "c.csv", rows), today=TODAY)
    assert d.lookup("Westbury").area == "Westbury"
    ambiguous = d.lookup("Westbiry")
    assert ambiguous.area is None and ambiguous.suggestions == ["Westbery", "Westbury"]
    assert "Westbery or Westbury" in ambiguous.note
    brent = load_directory(write_csv(tmp_path / "b.csv", [base_row(area="Brent", aliases="", default="")]), today=TODAY)
    kent = brent.lookup("Kent")
    assert kent.area is None and kent.suggestions == ["Brent"]  # close in spelling, but not a typo
    assert brent.lookup("Bremt").area == "Brent"
    partial = d.lookup("North")
    assert partial.area is None and partial.suggestions == ["North Example"]
    assert "Did you mean North Example?" in partial.note


def _roles(ans) -> list[str]:
    return [c.role for c in ans.local]


def test_weekday_daytime_front_door_first(directory: ContactDirectory) -> None:
    ans = directory.lookup("Leeds", now=MONDAY_10AM)
    assert ans.in_office_hours is True
    assert _roles(ans) == ["front_door", "out_of_hours", "police", "lado", "dsl", "deputy_dsl"]


@pytest.mark.parametrize("moment", [MONDAY_9PM, SATURDAY_11AM, datetime(2026, 11, 27, 16, 45), datetime(2026, 11, 24, 7, 0)])
def test_evening_weekend_and_early_morning_out_of_hours_first(directory: ContactDirectory, moment: datetime) -> None:
    ans = directory.lookup("Leeds", now=moment)
    assert ans.in_office_hours is False
    assert _roles(ans) == ["out_of_hours", "front_door", "police", "lado", "dsl", "deputy_dsl"]


def test_clock_is_uk_time_for_aware_datetimes(directory: ContactDirectory) -> None:
    # 16:30 UTC on a summer Monday is 17:30 BST: closed. The same in winter is 16:30 GMT: open.
    assert directory.lookup("Leeds", now=datetime(2026, 7, 6, 16, 30, tzinfo=timezone.utc)).in_office_hours is False
    assert directory.lookup("Leeds", now=datetime(2026, 11, 23, 16, 30, tzinfo=timezone.utc)).in_office_hours is True


def test_area_without_hours_lists_front_door_first(directory: ContactDirectory) -> None:
    ans = directory.lookup("Bristol", now=MONDAY_9PM)
    assert ans.in_office_hours is None
    assert _roles(ans)[:2] == ["front_door", "out_of_hours"]


def test_payload_shape(directory: ContactDirectory) -> None:
    payload = directory.lookup("Leeds", now=MONDAY_9PM).to_payload()
    assert payload[0] == {
        "role": "out_of_hours", "label": "Out-of-hours emergency duty team: Leeds Emergency Duty Team",
        "phone": "0113 496 0999", "area": "Leeds", "source": "local",
    }
    assert payload[1]["hours"] == "Mon-Thu 08:30-17:00; Fri 08:30-16:30"
    assert [p["source"] for p in payload].count("national") == 5
    assert all(None not in p.values() for p in payload)
    assert set().union(*payload) <= {"role", "label", "phone", "email", "url", "hours", "area", "source"}


def test_text_for_a_chat_message(directory: ContactDirectory) -> None:
    text = directory.lookup("Leds", now=MONDAY_9PM).to_text()
    lines = text.splitlines()
    assert lines[0] == "If a child is in immediate danger, call 999."
    assert "Leeds: out of hours now, so the out-of-hours team comes first." in lines
    assert lines.index("  0113 496 0999") < lines.index("  0113 496 0100")
    assert "Checked by Jo Example on 2026-10-01." in text
    assert "Showing Leeds for 'Leds'" in text
    assert max(len(line) for line in lines) <= 110
    daytime = directory.lookup("Leeds", now=MONDAY_10AM).to_text()
    assert "Leeds: the front door is open now." in daytime


def test_national_routes_are_exactly_those_in_the_notes() -> None:
    routes = {c.role: (c.phone, c.email, c.url) for c in national_routes()}
    assert routes == {
        "emergency": ("999", None, None),
        "police_non_emergency": ("101", None, None),
        "nspcc": ("0808 800 5000", "help@nspcc.org.uk", None),
        "childline": ("0800 1111", None, None),
        "find_council": (None, None, "https://www.gov.uk/report-child-abuse-to-local-council"),
    }
    labels = {c.role: c.label for c in national_routes()}
    assert "children and young people" in labels["childline"]
    assert "Report child abuse to a local council" in labels["find_council"]


@pytest.mark.parametrize("text, district", [("LS1 4AP", "LS1"), ("ls14ap", "LS1"), ("LS14", "LS14"), ("SW1A 1AA", "SW1A"),
                                            ("M1", "M1"), ("Leeds", None), ("LS", None), ("", None)])
def test_postcode_district(text: str, district: str | None) -> None:
    assert postcode_district(text) == district


@pytest.mark.parametrize("query, echo", [("Narnia", "Narnia"), ("St. Helens", "St. Helens"), ("ls14ap", "LS1 4AP"),
                                         ("0113 496 0000", None), ("a@b.org", None), ("x.org", None), ("https://x", None)])
def test_safe_echo(query: str, echo: str | None) -> None:
    assert safe_echo(query) == echo
