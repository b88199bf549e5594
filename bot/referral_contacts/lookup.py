"""Finding an area from what a practitioner typed, and building the answer the assistant gives.

Order of matching: exact name, exact alias, postcode or postcode district, the name without generic words
("Leeds City Council" -> "leeds"), then a close spelling (difflib ratio >= 0.8 and the same first letter).
When two areas are about equally close, nothing is guessed: the answer has no area and lists both as
suggestions. A query that is only the start of an area's name ("Demo" for "Demo Shire"), or only roughly
like one (ratio >= 0.6, or a different first letter: "Kent" for "Brent"), is not matched either; those
areas are offered as suggestions ("Did you mean ...?").

The answer only ever holds contacts copied from the loaded file and the national routes; the practitioner's
own words are echoed back only when they are plain words or a postcode, so nothing that looks like a phone
number, an address or a link can reach a message unless it came from the file.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from difflib import SequenceMatcher
from typing import Iterable, Optional

from .national import national_routes
from .office_hours import to_london
from .schema import Area, Contact

FUZZY_CUTOFF = 0.8
SUGGEST_CUTOFF = 0.6
AMBIGUITY_MARGIN = 0.05
MAX_FUZZY_LENGTH = 80
GENERIC_WORDS = frozenset(
    {"council", "city", "borough", "county", "metropolitan", "district", "royal", "london", "of", "the",
     "and", "fictional", "cc", "mbc", "bc", "dc", "la", "local", "authority", "area"}
)
FIND_COUNCIL_HINT = "Use the national routes below, or the GOV.UK service to find the council from a postcode."
_FULL_POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})$")
_DISTRICT = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?$")
_POSTCODE_IN_TEXT = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b", re.IGNORECASE)
# Letters, spaces and a little punctuation; a dot only before a space or at the end (no "x.org").
_SAFE_ECHO = re.compile(r"^[^\W\d_](?:[^\W\d_]|[ '’&(),-]|\.(?!\S))*$")


def normalise(text: str) -> str:
    """Lower case, accents and punctuation removed, spaces collapsed: "St. Helens " -> "st helens"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().replace("&", " and ")
    return " ".join(re.sub(r"[^\w\s]|_", " ", text).split())


def strip_generic(key: str) -> str:
    return " ".join(word for word in key.split() if word not in GENERIC_WORDS)


def postcode_district(text: str) -> Optional[str]:
    """The district of a postcode or of a bare district ("LS1 4AP", "ls14ap", "LS1" -> "LS1"), else None."""
    compact = re.sub(r"\s+", "", text).upper()
    full = _FULL_POSTCODE.match(compact)
    if full:
        return full[1]
    if _DISTRICT.match(compact):
        return compact
    return None


def format_postcode(text: str) -> str:
    compact = re.sub(r"\s+", "", text).upper()
    full = _FULL_POSTCODE.match(compact)
    return f"{full[1]} {full[2]}" if full else compact


def safe_echo(query: str) -> Optional[str]:
    """The query as it may be repeated back: plain words (max 60 characters) or a postcode; otherwise None."""
    text = " ".join(query.split())
    if postcode_district(text):
        return format_postcode(text)
    if 0 < len(text) <= 60 and _SAFE_ECHO.match(text):
        return text
    return None


@dataclass
class ContactAnswer:
    """What the assistant gives for one lookup: local contacts in order, the national routes, and a note."""

    query: Optional[str]
    area: Optional[str]
    matched_by: Optional[str]
    in_office_hours: Optional[bool]
    local: list[Contact]
    national: list[Contact]
    note: str
    suggestions: list[str] = field(default_factory=list)
    at: Optional[datetime] = None

    def to_payload(self) -> list[dict[str, str]]:
        """Every contact as a dict for a custom payload or a card; ``source`` is "local" or "national"."""
        return [dict(c.to_dict(), source="local") for c in self.local] + [
            dict(c.to_dict(), source="national") for c in self.national
        ]

    def to_text(self) -> str:
        """Plain text for one chat message, in short lines."""
        lines = ["If a child is in immediate danger, call 999."]
        if self.area is None:
            lines += ["", self.note]
        else:
            if self.in_office_hours is True:
                lines += ["", f"{self.area}: the front door is open now."]
            elif self.in_office_hours is False:
                lines += ["", f"{self.area}: out of hours now, so the out-of-hours team comes first."]
            else:
                lines += ["", f"{self.area}:"]
            for contact in self.local:
                lines += _contact_lines(contact)
        lines += ["", "National routes:"]
        for contact in self.national:
            if contact.role == "emergency":
                continue
            lines += _contact_lines(contact)
        if self.area is not None and self.note:
            lines += ["", self.note]
        return "\n".join(lines)

    def to_dict(self) -> dict:
        """The whole answer for ``--json`` and logs."""
        return {
            "query": self.query,
            "area": self.area,
            "matched_by": self.matched_by,
            "in_office_hours": self.in_office_hours,
            "at": self.at.isoformat() if self.at else None,
            "note": self.note,
            "suggestions": self.suggestions,
            "contacts": self.to_payload(),
        }


def _contact_lines(contact: Contact) -> list[str]:
    lines = [contact.label]
    for value in (contact.phone, contact.email, contact.url):
        if value:
            lines.append(f"  {value}")
    if contact.hours:
        lines.append(f"  Open {contact.hours} (UK time)")
    return lines


class AreaIndex:
    """Names, aliases and postcode districts of the loaded areas, for matching a query to one area."""

    def __init__(self, areas: Iterable[Area]):
        self.areas = list(areas)
        self.by_name: dict[str, Area] = {}
        self.by_alias: dict[str, Area] = {}
        self.by_district: dict[str, Area] = {}
        self.stripped: dict[str, set[int]] = {}
        self.keys: list[tuple[str, int]] = []  # (normalised key, index of area)
        for i, area in enumerate(self.areas):
            self.by_name.setdefault(normalise(area.name), area)
            for alias in area.aliases:
                self.by_alias.setdefault(normalise(alias), area)
            for district in area.postcode_districts:
                self.by_district.setdefault(district, area)
            for key in {normalise(n) for n in (area.name, *area.aliases)}:
                self.keys.append((key, i))
                short = strip_generic(key)
                if short:
                    self.keys.append((short, i))
                    self.stripped.setdefault(short, set()).add(i)

    def match(self, query: str) -> tuple[Optional[Area], Optional[str], list[str]]:
        """(area, how it matched, suggestions when ambiguous)."""
        key = normalise(query)
        if not key:
            return None, None, []
        if key in self.by_name:
            return self.by_name[key], "name", []
        if key in self.by_alias:
            return self.by_alias[key], "alias", []
        district = postcode_district(query)
        if district is None:
            found = _POSTCODE_IN_TEXT.search(query)
            district = found[1].upper() if found else None
        if district is not None:
            if district in self.by_district:
                return self.by_district[district], "postcode", []
            if postcode_district(query):
                return None, None, []  # a postcode we have no area for: never guess from its letters
        short = strip_generic(key)
        if short and short in self.stripped:
            hits = self.stripped[short]
            if len(hits) == 1:
                return self.areas[next(iter(hits))], "fuzzy", []
            return None, None, sorted(self.areas[i].name for i in hits)
        return self._closest(key, short)

    def _closest(self, key: str, short: str) -> tuple[Optional[Area], Optional[str], list[str]]:
        if not 3 <= len(key) <= MAX_FUZZY_LENGTH:  # too short to tell apart; too long to be an area's name
            return None, None, []
        best: dict[int, float] = {}  # area -> best ratio, for matching (same first letter)
        near: dict[int, float] = {}  # area -> best ratio, for suggestions only
        for candidate, i in self.keys:
            for probe in {key, short} - {""}:
                score = SequenceMatcher(None, probe, candidate).ratio()
                near[i] = max(near.get(i, 0.0), score)
                # Typos rarely hit the first letter; "Kent" is not a typo of "Brent" (ratio 0.89).
                if probe[0] == candidate[0] and score > best.get(i, 0.0):
                    best[i] = score
        ranked = sorted(((s, i) for i, s in best.items() if s >= FUZZY_CUTOFF), reverse=True)
        if not ranked:
            # Never a guess, only a question: areas whose name starts with the query's words, or are nearly close.
            prefix = {i for candidate, i in self.keys if candidate.startswith(key + " ")}
            close = {i for i, s in near.items() if s >= SUGGEST_CUTOFF}
            return None, None, sorted({self.areas[i].name for i in prefix | close})
        top_score, top = ranked[0]
        close = [i for s, i in ranked if top_score - s < AMBIGUITY_MARGIN]
        if len(close) > 1:
            return None, None, sorted(self.areas[i].name for i in close)
        return self.areas[top], "fuzzy", []


def local_contacts(area: Area, in_hours: Optional[bool]) -> list[Contact]:
    """The area's contacts in order: open front door first, or out-of-hours team first; then police, LADO, DSLs."""
    order = ["front_door", "out_of_hours", "police", "lado", "dsl", "deputy_dsl"]
    if in_hours is False:
        order[0], order[1] = order[1], order[0]
    return [area.contacts[role] for role in order if role in area.contacts]


def answer(
    index: AreaIndex, default_area: Optional[Area], query: Optional[str], now: Optional[datetime] = None
) -> ContactAnswer:
    """Build the answer for a query (None or blank: the organisation's default area) at a moment (None: now)."""
    moment = to_london(now)
    text = (query or "").strip()
    if not text:
        area, matched_by, suggestions = default_area, ("default" if default_area else None), []
    else:
        area, matched_by, suggestions = index.match(text)
    echo = safe_echo(text) if text else None
    if area is None:
        if len(suggestions) == 1:
            note = f"No local contact is configured for {_quoted(echo)}. Did you mean {suggestions[0]}?"
        elif suggestions:
            note = f"More than one area is close to {_quoted(echo)}: {' or '.join(suggestions)}. Which one?"
        elif not text:
            note = "No default area is configured, and no area was given."
        else:
            note = f"No local contact is configured for {_quoted(echo)}."
        return ContactAnswer(
            query=query, area=None, matched_by=None, in_office_hours=None, local=[],
            national=national_routes(), note=f"{note} {FIND_COUNCIL_HINT}", suggestions=suggestions, at=moment,
        )
    in_hours = area.office_hours.is_open(moment) if area.office_hours else None
    note = f"Checked by {area.checked_by} on {area.checked_on.isoformat()}."
    if matched_by in {"fuzzy", "postcode"} and echo:
        note = f"Showing {area.name} for {_quoted(echo)}; check that this is the child's area. {note}"
    return ContactAnswer(
        query=query, area=area.name, matched_by=matched_by, in_office_hours=in_hours,
        local=local_contacts(area, in_hours), national=national_routes(), note=note, at=moment,
    )


def _quoted(echo: Optional[str]) -> str:
    return f"'{echo}'" if echo else "that area"


ADULT_NO_LOCAL = ("No adult safeguarding contact is configured for {area}: contact the local authority's adult social "
                  "care (adult safeguarding) team. In an emergency, call 999.")


def adult_contacts(area: Optional[Area]) -> tuple[list[Contact], str]:
    """Where a concern about someone 18 or over goes: the area's adult social care from the contacts file, or the
    national route in the guideline notes (the local authority's adult social care; 999 in an emergency)."""
    emergency = [c for c in national_routes() if c.role == "emergency"]
    local = area.contact("adult") if area is not None else None
    if local is not None:
        return [local] + emergency, ""
    return emergency, ADULT_NO_LOCAL.format(area=area.name if area is not None else "this area")
