"""The contacts file's columns, the records built from it, and the checks on each value.

One row per local authority area. Every contact role has the same four columns, ``<role>_name``,
``<role>_phone``, ``<role>_email`` and ``<role>_url``; the front door also has ``front_door_hours``.
The column list below is the schema: any other column is reported as unknown.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Optional
from urllib.parse import urlsplit

from .office_hours import OfficeHours

# Local roles in the order an answer lists them when the front door is open.
LOCAL_ROLES: tuple[str, ...] = ("front_door", "out_of_hours", "police", "lado", "dsl", "deputy_dsl", "adult")
ROLE_LABELS: dict[str, str] = {
    "front_door": "Children's social care front door",
    "out_of_hours": "Out-of-hours emergency duty team",
    "police": "Police child protection / safeguarding",
    "lado": "LADO (concerns about a member of staff or volunteer)",
    "dsl": "Designated safeguarding lead",
    "deputy_dsl": "Deputy designated safeguarding lead",
    "adult": "Adult social care (adult safeguarding), for concerns about someone 18 or over",
    "emergency": "Emergency: a child in immediate danger",
    "police_non_emergency": "Police non-emergency",
    "nspcc": "NSPCC Helpline, for adults worried about a child",
    "childline": "Childline, for children and young people",
    "find_council": "GOV.UK: Report child abuse to a local council (finds the council from a postcode)",
}
CHANNELS: tuple[str, ...] = ("name", "phone", "email", "url")

AREA_COLUMNS: tuple[str, ...] = ("area", "aliases", "postcode_districts", "default")
CONTACT_COLUMNS: tuple[str, ...] = tuple(
    column
    for role in LOCAL_ROLES
    for column in [f"{role}_{channel}" for channel in CHANNELS] + (["front_door_hours"] if role == "front_door" else [])
)
REVIEW_COLUMNS: tuple[str, ...] = ("checked_by", "checked_on", "notes")
# Every column a file may have, in the order of the example file.
COLUMNS: tuple[str, ...] = AREA_COLUMNS + CONTACT_COLUMNS + REVIEW_COLUMNS
# Columns that hold several values separated by ';'.
MULTI_VALUE_COLUMNS = frozenset({"aliases", "postcode_districts"})

YES = frozenset({"yes", "y", "true", "1", "x"})
NO = frozenset({"", "no", "n", "false", "0"})


@dataclass(frozen=True)
class Problem:
    """One problem in a contacts file; ``line`` is the spreadsheet row (the header is line 1)."""

    file: str
    line: Optional[int]
    field: Optional[str]
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


@dataclass(frozen=True)
class Contact:
    """One way to reach someone; a national route has ``area`` None."""

    role: str
    label: str
    phone: Optional[str] = None
    email: Optional[str] = None
    url: Optional[str] = None
    hours: Optional[str] = None
    area: Optional[str] = None

    def to_dict(self) -> dict[str, str]:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass(frozen=True)
class Area:
    """A local authority area with its local contacts, as loaded from one row of the file."""

    name: str
    aliases: tuple[str, ...]
    postcode_districts: tuple[str, ...]
    is_default: bool
    contacts: dict[str, Contact]  # role -> contact, only the roles the file fills in
    office_hours: Optional[OfficeHours]
    checked_by: str
    checked_on: date
    file: str = ""
    line: int = 0
    notes: str = field(default="", compare=False)

    def contact(self, role: str) -> Optional[Contact]:
        return self.contacts.get(role)

    def __hash__(self) -> int:
        return hash((self.file, self.line, self.name))


# --- value checks: each returns the cleaned value or raises ValueError with a message for a person ---

_PHONE_CHARS = re.compile(r"^\+?[\d ]+$")
_DOMAIN_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_EMAIL = re.compile(rf"^[A-Za-z0-9.!#$%&'*+/=?^_`{{|}}~-]+@{_DOMAIN_LABEL}(?:\.{_DOMAIN_LABEL})+$")
_HOST_LABEL = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$")
_DISTRICT = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?$")
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
# Free text that would smuggle a contact past the checks: an address, a link or a long run of digits.
_CONTACT_LIKE = re.compile(r"@|https?:|www\.|\.(?:org|com|uk|net|gov)\b|\d(?:[\s()+-]*\d){5,}", re.IGNORECASE)


def phone_digits(phone: str) -> str:
    """The digits of a phone number in national form (``+44 113 ...`` becomes ``0113...``)."""
    digits = re.sub(r"\D", "", phone)
    if phone.strip().startswith("+44"):
        digits = "0" + digits[2:]
    return digits


def check_phone(value: str) -> str:
    text = " ".join(value.split())
    if not _PHONE_CHARS.match(text) or "+" in text[1:]:
        raise ValueError(f"{value!r} is not a UK phone number (digits and spaces only, 11 digits from 0 or +44)")
    digits = re.sub(r"\D", "", text)
    if text.startswith("+"):
        if not (text.startswith("+44") and len(digits) == 12 and digits[2] != "0"):
            raise ValueError(f"{value!r} is not a UK phone number (+44 then 10 digits, without the leading 0)")
    elif not (len(digits) == 11 and digits.startswith("0")):
        raise ValueError(f"{value!r} is not a UK phone number (11 digits starting with 0, or +44)")
    return text


def check_email(value: str) -> str:
    text = value.strip()
    if not _EMAIL.match(text) or ".." in text:
        raise ValueError(f"{value!r} is not an email address")
    return text


def check_url(value: str) -> str:
    text = value.strip()
    parts = urlsplit(text)
    host = parts.hostname or ""
    if (
        parts.scheme not in {"https", "http"}
        or any(c.isspace() for c in text)
        or "." not in host
        or not all(_HOST_LABEL.match(label) for label in host.split("."))
        or parts.username is not None
    ):
        raise ValueError(f"{value!r} is not a web address (it must start https:// and name a site)")
    return text


def check_district(value: str) -> str:
    text = value.replace(" ", "").upper()
    if not _DISTRICT.match(text):
        raise ValueError(f"{value!r} is not a postcode district (the first half of a postcode, like LS1 or SW1A)")
    return text


def check_date(value: str) -> date:
    text = value.strip()
    match = _UK_DATE.match(text)
    try:
        if match:
            return date(int(match[3]), int(match[2]), int(match[1]))
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{value!r} is not a date (use 2026-10-01 or 01/10/2026)") from None


def check_flag(value: str) -> bool:
    text = value.strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueError(f"{value!r} is not yes or blank")


def check_text(value: str) -> str:
    """A name or label: no phone numbers, addresses or links hidden in it (they go in their own columns)."""
    text = " ".join(value.split())
    if _CONTACT_LIKE.search(text):
        raise ValueError(
            f"{value!r} looks like it holds a phone number, email or web address; put those in their own columns"
        )
    if len(text) > 120:
        raise ValueError("is longer than 120 characters")
    return text
