"""Shared test data: a valid row to vary, a writer for CSV files, and a small directory of real-looking areas.

Every phone number here is in an Ofcom range reserved for drama (0113/0161/0117/0121 496 0xxx).
"""
from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from bot.referral_contacts.schema import COLUMNS

FIXTURES = Path(__file__).parent / "fixtures"
BROKEN = FIXTURES / "broken-contacts.csv"
TODAY = date(2026, 11, 23)  # a Monday


def base_row(**overrides: str) -> dict[str, str]:
    row = {
        "area": "Leeds",
        "aliases": "Leeds City Council; Leeds CC",
        "postcode_districts": "LS1; LS2; LS14",
        "default": "yes",
        "front_door_name": "Leeds Front Door (MASH)",
        "front_door_phone": "0113 496 0100",
        "front_door_email": "frontdoor.leeds@example.org",
        "front_door_url": "https://example.org/leeds/report",
        "front_door_hours": "Mon-Thu 08:30-17:00; Fri 08:30-16:30",
        "out_of_hours_name": "Leeds Emergency Duty Team",
        "out_of_hours_phone": "0113 496 0999",
        "police_phone": "0113 496 0500",
        "police_email": "police.leeds@example.org",
        "lado_phone": "0113 496 0600",
        "lado_url": "https://example.org/leeds/lado",
        "dsl_name": "Alex Example",
        "dsl_phone": "0121 496 0100",
        "dsl_email": "dsl@example.org",
        "deputy_dsl_name": "Sam Sample",
        "deputy_dsl_phone": "0121 496 0101",
        "checked_by": "Jo Example",
        "checked_on": "2026-10-01",
    }
    row.update(overrides)
    return row


def write_csv(path: Path, rows: list[dict[str, str]], columns: tuple[str, ...] | list[str] = COLUMNS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(columns), restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


THREE_AREAS = [
    base_row(),
    base_row(
        area="Manchester", aliases="Manchester City Council", postcode_districts="M1; M2", default="",
        front_door_name="", front_door_phone="0161 496 0100", front_door_email="", front_door_url="",
        front_door_hours="Mon-Fri 09:00-17:00", out_of_hours_name="", out_of_hours_phone="0161 496 0999",
        police_phone="0161 496 0500", police_email="", lado_phone="0161 496 0600", lado_url="",
    ),
    base_row(
        area="Bristol", aliases="Bristol City Council", postcode_districts="BS1", default="",
        front_door_name="", front_door_phone="0117 496 0100", front_door_email="", front_door_url="",
        front_door_hours="", out_of_hours_name="", out_of_hours_phone="0117 496 0999",
        police_phone="0117 496 0500", police_email="", lado_phone="", lado_url="",
    ),
]


@pytest.fixture
def three_areas_file(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "contacts.csv", THREE_AREAS)
