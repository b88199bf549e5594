"""Reading a practitioner's short answers: who they are, how old the child is, yes / no / not sure, a number.

Every question with buttons also accepts the answer typed in words or by its number, so these parsers are
deliberately forgiving; an answer they cannot read returns ``None`` and the question is asked again.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from bot.observations.qualifiers import child_age

# Roles whose wording of the steps differs (the knowledge base's route role_notes use these ids).
ROLES: dict[str, str] = {
    "teacher": "Teacher or school staff",
    "health": "GP or other health professional",
    "early_years": "Nursery or early years",
    "youth_worker": "Youth worker",
    "social_worker": "Social worker",
    "other": "Other",
}
_ROLE_WORDS: list[tuple[str, re.Pattern[str]]] = [
    ("social_worker", re.compile(r"\bsocial\s*work|\bsw\b|children'?s services", re.I)),
    ("youth_worker", re.compile(r"\byouth|\bscout|\bguide leader|\bsports? coach|\bcoach\b|\bclub\b", re.I)),
    ("early_years", re.compile(r"\bnurser(?:y|ies)\b|early\s*years|\beyfs\b|child\s*minder|childminder|pre-?school|"
                               r"key\s*worker|playgroup|creche", re.I)),
    ("health", re.compile(r"\bgp\b|doctor|\bdr\b|nurse|health|midwi|paediatric|pediatric|\ba&e\b|emergency "
                          r"department|dentist|dental|paramedic|pharmacist|physio|therapist|\bcamhs\b|psychiatr|"
                          r"psycholog|hospital|clinic|surgery|medic|\bhcp\b", re.I)),
    ("teacher", re.compile(r"teach|\bta\b|classroom|school|\bsenco\b|\bdsl\b|head\s*(?:of\s*year|teacher)|"
                           r"pastoral|lunchtime|lunch\s*time|tutor|\bsendco\b|learning mentor|form tutor", re.I)),
    ("other", re.compile(r"\bother\b|volunteer|foster|carer|police|none of|something else|prefer not", re.I)),
]


def parse_role(text: str) -> Optional[str]:
    """The role id for an answer such as "I'm a Year 3 teacher", "practice nurse" or "other"; None if unclear."""
    words = (text or "").strip()
    if not words:
        return None
    for role, title in ROLES.items():
        if words.lower() == title.lower() or words.lower() == role.replace("_", " "):
            return role
    for role, pattern in _ROLE_WORDS:
        if pattern.search(words):
            return role
    return None


@dataclass(frozen=True)
class AgeRange:
    """The child's age as a range in years, from a button ("5 to 11") or typed words ("she's 6", "Year 2")."""

    low: float
    high: float
    words: str

    @property
    def pre_pubertal(self) -> Optional[bool]:
        """As ``qualifiers.Age``: surely before puberty under 10, surely not from 13, otherwise unknown."""
        if self.high < 10:
            return True
        if self.low >= 13:
            return False
        return None

    def under(self, years: float) -> Optional[bool]:
        """Is the child under ``years``? None when the range straddles it."""
        if self.high < years:
            return True
        if self.low >= years:
            return False
        return None

    def to_dict(self) -> dict:
        return {"low": self.low, "high": self.high, "words": self.words}

    @classmethod
    def from_dict(cls, data: Optional[dict]) -> Optional["AgeRange"]:
        return cls(float(data["low"]), float(data["high"]), str(data["words"])) if data else None


# The age buttons: bands that decide the guideline's age conditions (infant, under 12, pre-pubertal).
AGE_BANDS: dict[str, tuple[float, float]] = {
    "Under 1": (0.0, 0.99),
    "1 to 4": (1.0, 4.99),
    "5 to 11": (5.0, 11.99),
    "12 to 17": (12.0, 17.99),
}
UNSURE = re.compile(r"^\s*(?:not sure|unsure|don'?t know|dunno|no idea|unknown|can'?t say|not certain|"
                    r"i'?m not sure|i don'?t know|idk|n/?a|skip|prefer not to say|rather not say)\b", re.I)
_BAND = re.compile(r"^\s*(?:between\s+)?(\d{1,2})\s*(?:to|-|–|and)\s*(\d{1,2})(?:\s*(?:years?|yrs?))?\s*$", re.I)
_BARE_NUMBER = re.compile(r"^\s*(?:about|around|roughly|approx\.?|maybe|nearly|almost)?\s*(\d{1,2})\s*"
                          r"(?:years?|yrs?|y/?o)?\s*(?:old)?\s*\.?\s*$", re.I)
_UNDER_ONE = re.compile(r"^\s*under\s*(?:1|one)\b", re.I)
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
                 "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
                 "a few": 3, "a couple of": 2, "few": 3, "couple of": 2}
_AMOUNT = r"(\d{1,3}|" + "|".join(sorted((re.escape(w) for w in _NUMBER_WORDS), key=len, reverse=True)) + r")"
# "4 months", "six weeks old", "18 mths", "3 days old", "a few weeks", as a whole short answer
_SHORT_UNIT = re.compile(r"^\s*(?:about|around|roughly|approx\.?|nearly|almost|just)?\s*" + _AMOUNT
                         + r"[\s-]*(months?|mths?|mos?|weeks?|wks?|days?)(?:[\s-]*old)?\s*\.?\s*$", re.I)
_UNIT_YEARS = {"m": 1 / 12, "w": 1 / 52, "d": 1 / 365}
# 18 or over: this assistant follows the guideline for children (the caller points to adult safeguarding)
_ADULT = re.compile(r"^\s*(?:(?:about|around|nearly|over)\s+)?(1[89]|[2-9]\d|1[01]\d)\s*(?:years?|yrs?|y/?o)?\s*(?:old)?\s*\.?\s*$"
                    r"|^\s*(?:an? )?(?:adult|grown[- ]?up|18 or over|over 18|18\+)\s*\.?\s*$", re.I)


def is_adult_age(text: str) -> bool:
    """Does a short answer to "how old is the child?" say 18 or over?"""
    return bool(_ADULT.match(text or ""))


def parse_age(text: str) -> Optional[AgeRange]:
    """The child's age from a short answer; None when it gives no age (the caller decides about "not sure")."""
    words = (text or "").strip()
    if not words or len(words) > 200:
        return None
    for title, (low, high) in AGE_BANDS.items():
        if words.lower() == title.lower():
            return AgeRange(low, high, title)
    if _UNDER_ONE.match(words):
        return AgeRange(0.0, 0.99, "under 1")
    band = _BAND.match(words)
    if band:
        low, high = sorted((int(band.group(1)), int(band.group(2))))
        if high <= 18:
            return AgeRange(float(low), high + 0.99, f"{low} to {high}")
    short = _SHORT_UNIT.match(words)
    if short:
        amount = short.group(1).lower()
        count = int(amount) if amount.isdecimal() else _NUMBER_WORDS[amount]
        years = count * _UNIT_YEARS[short.group(2)[0].lower()]
        if years < 18:
            return AgeRange(years, years, " ".join(words.split()))
    bare = _BARE_NUMBER.match(words)
    if bare and 0 <= int(bare.group(1)) <= 17:
        years = float(bare.group(1))
        return AgeRange(years, years, f"{int(years)} years")
    found = child_age(words)
    if found is None:
        return None
    return AgeRange(found.years, found.years, found.words)


def is_unsure(text: str) -> bool:
    """Does the answer say the practitioner does not know?"""
    return bool(UNSURE.match(text or ""))


_YES = re.compile(r"^\s*(?:y|yes|yeah|yep|yup|yea|aye|correct|right|that'?s right|true|definitely|it has|"
                  r"he has|she has|they have|they did|she did|he did|it is|ok|okay|sure)\b", re.I)
_NO = re.compile(r"^\s*(?:n|no|nope|nah|not yet|not really|never|only once|just once|once|it hasn'?t|he hasn'?t|she hasn'?t|they haven'?t|"
                 r"they didn'?t|she didn'?t|he didn'?t|wrong|incorrect|false)\b", re.I)


def yes_no_unsure(text: str, intent: Optional[str] = None) -> Optional[str]:
    """"yes", "no" or "unsure" from an intent (affirm / deny / unsure) or the words; None when neither."""
    if intent == "affirm":
        return "yes"
    if intent == "deny":
        return "no"
    if intent == "unsure" or is_unsure(text):
        return "unsure"
    if _YES.match(text or ""):
        return "yes"
    if _NO.match(text or ""):
        return "no"
    return None


_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
             "eighth": 8, "ninth": 9, "tenth": 10, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5}
_ITEM_NUMBER = re.compile(r"\b(?:number|no\.?|item|#)?\s*(\d{1,2})\b", re.I)


def item_number(text: str, count: int) -> Optional[int]:
    """Which item (1-based) an answer such as "remove the second one", "2" or "the last one" points at."""
    words = (text or "").lower()
    if count <= 0:
        return None
    if re.search(r"\b(?:last|final|bottom)\b", words):
        return count
    if count == 1 and re.search(r"\b(?:it|that|this|that one|the one)\b", words):
        return 1
    for word, n in _ORDINALS.items():
        if re.search(rf"\b{word}\b", words) and n <= count:
            return n
    match = _ITEM_NUMBER.search(words)
    if match and 1 <= int(match.group(1)) <= count:
        return int(match.group(1))
    return None
