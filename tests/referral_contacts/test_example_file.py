"""The shipped example file: valid, fictional, and every number in an Ofcom range reserved for drama."""
from __future__ import annotations

import csv
import re

from bot import paths
from bot.referral_contacts import load_directory
from bot.referral_contacts.schema import phone_digits

EXAMPLE = paths.CONTACTS_DIR / "example-contacts.csv"
# Ofcom's numbers for TV and radio drama: 0xxx 496 0000 to 0999 in these areas, and 020 7946 0000 to 0999.
DRAMA = re.compile(r"^(?:02079460|01134960|01614960|01174960|01184960|01214960|01314960|01514960)\d{3}$")


def test_example_file_loads_without_problems() -> None:
    d = load_directory(EXAMPLE)
    assert d.problems == [] and d.file_found
    assert len(d.areas) >= 3
    assert sum(area.is_default for area in d.areas) == 1
    assert sum(bool(area.postcode_districts) for area in d.areas) >= 3


def test_example_areas_are_clearly_fictional() -> None:
    for area in load_directory(EXAMPLE).areas:
        assert area.name.endswith("(fictional)"), area.name
        # Postcode areas starting with Q do not exist in the UK.
        assert all(d.startswith("Q") for d in area.postcode_districts), area.postcode_districts


def test_every_number_in_the_example_file_is_in_a_drama_range() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    numbers = re.findall(r"\+?\d[\d ]{6,}\d", text)
    assert numbers, "the scan found no numbers at all"
    for number in numbers:
        assert DRAMA.match(phone_digits(number)), number
    with EXAMPLE.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            for column, value in row.items():
                if column.endswith("_phone") and value:
                    assert DRAMA.match(phone_digits(value)), (column, value)


def test_example_emails_and_links_are_on_example_domains() -> None:
    d = load_directory(EXAMPLE)
    for contact in d.local_contacts():
        if contact.email:
            assert contact.email.endswith(("@example.org", "@example.com")), contact.email
        if contact.url:
            assert contact.url.startswith("https://example.org/"), contact.url
    text = EXAMPLE.read_text(encoding="utf-8")
    assert set(re.findall(r"@([\w.-]+)", text)) <= {"example.org", "example.com"}
    assert set(re.findall(r"https?://([\w.-]+)", text)) <= {"example.org"}
