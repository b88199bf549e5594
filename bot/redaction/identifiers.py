"""Identifiers a review found redaction missing (issue 17), each with the shape or the words that give it away.

* National Insurance numbers: two letters, six digits, a letter A to D ("AB 12 34 56 C"). In capitals with a
  prefix HMRC issues (or QQ, HMRC's own example) the shape is enough; in lower case, or with a prefix HMRC
  never issues, the words must say so ("NI number", "national insurance").
* Unique pupil numbers: a check letter and twelve digits. A valid check letter is enough; a temporary UPN
  (a letter last) or a mistyped one needs the words ("UPN", "pupil number").
* Vehicle registrations: the current format ("LK19 XRF") in capitals anywhere, unless it reads as capitals
  typed for shouting ("YR10 AND"); in lower case, and the older formats ("P123 ABC", "ABC 123D"), only where
  the words speak of a car ("reg", "number plate", "van"...).
* Social media: profile links (instagram.com/..., tiktok.com/@...), "@handles", and handle-shaped words
  after the name of a platform or "username", "gamertag", "goes by" ("his snapchat is jayden.xx07").
* E-mail addresses spelled out: "sarah dot jones at gmail dot com", "kerry(at)example(dot)com".
* Phone numbers typed without the trunk 0: a mobile ("7700 900123", "44 7700 900222") by its shape; another
  number only after words that say it is a phone number ("landline is 113 496 0345").
"""
from __future__ import annotations

import re
from typing import Iterator

Span = tuple[str, int, int]
_WINDOW = 40  # characters before a match searched for the words that say what it is

# ---------------------------------------------------------------------------- National Insurance numbers

NI_RE = re.compile(r"(?<![\w-])([A-Za-z]{2}) ?(\d{2})[ -]?(\d{2})[ -]?(\d{2}) ?([A-Da-d])(?![\w-])")
NI_CONTEXT_RE = re.compile(r"\b(?:n\.?\s?i\.?|national\s+insurance|nino|insurance)\b", re.I)
_NI_NEVER_PREFIXES = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


def ni_prefix_issued(prefix: str) -> bool:
    """HMRC's rules for the two letters: not D, F, I, Q, U, V first; not D, F, I, O, Q, U, V second."""
    first, second = prefix[0], prefix[1]
    return (prefix not in _NI_NEVER_PREFIXES and first not in "DFIQUV" and second not in "DFIOQUV") \
        or prefix == "QQ"


def _ni_numbers(text: str) -> Iterator[Span]:
    for m in NI_RE.finditer(text):
        whole = m.group(0)
        shaped = whole.isupper() and ni_prefix_issued(m.group(1))
        if shaped or NI_CONTEXT_RE.search(text, max(0, m.start() - _WINDOW), m.start()):
            yield "NI_NUMBER", m.start(), m.end()


# ---------------------------------------------------------------------------- unique pupil numbers

UPN_RE = re.compile(r"(?<![\w-])([A-HJ-NP-RT-Za-hj-np-rt-z])(\d{11})([\dA-Za-z])(?![\w-])")
UPN_CONTEXT_RE = re.compile(r"\b(?:upn|pupil\s+(?:no\.?|number|id)|unique\s+pupil)\b", re.I)
_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # the DfE's check letters: I, O and S are never used


def upn_check_letter_ok(upn: str) -> bool:
    """The DfE's check: digits 2 to 13 weighted 2 to 13, the sum modulo 23 picks the first letter."""
    upn = upn.upper()
    if len(upn) != 13 or not upn[1:].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(upn[1:], range(2, 14)))
    return _UPN_LETTERS[total % 23] == upn[0]


def _upns(text: str) -> Iterator[Span]:
    for m in UPN_RE.finditer(text):
        if upn_check_letter_ok(m.group(0)) or UPN_CONTEXT_RE.search(text, max(0, m.start() - _WINDOW), m.start()):
            yield "UPN", m.start(), m.end()


# ---------------------------------------------------------------------------- vehicle registrations

# Current format (2001 on): two area letters (the first one of the DVLA's regions, the second never I, Q or
# Z), the age identifier, three random letters (never I or Q).
CURRENT_REG_RE = re.compile(r"(?<![\w-])([A-Za-z]{2})(\d{2}) ?([A-Za-z]{3})(?![\w-])")
OLD_REG_RES = (
    re.compile(r"(?<![\w-])[A-Za-z]\d{1,3} ?[A-Za-z]{3}(?![\w-])"),  # prefix format, 1983-2001: P123 ABC
    re.compile(r"(?<![\w-])[A-Za-z]{3} ?\d{1,3}[A-Za-z](?![\w-])"),  # suffix format, 1963-1983: ABC 123D
)
REG_CONTEXT_RE = re.compile(
    r"\b(?:reg|regs|registration|reg\.? (?:no|number)|number\s?plates?|plates?|car|cars|van|vehicle|motorbike|"
    r"moped|taxi|cab|4x4|drives?|driving|drove|parked|pulled up|audi|bmw|ford|vauxhall|corsa|mercedes|merc|"
    r"golf|fiesta|toyota|nissan|kia|range rover)\b", re.I)
_REG_REGIONS = "ABCDEFGHKLMNOPRSVWY"
# Three capitals that are words ("YR10 AND" is someone shouting, not a number plate).
_CAPITAL_WORDS = frozenset("""
AND THE FOR BUT NOT WAS HAS HAD ARE HER HIS YOU SHE ALL CAN OUT DAY AGE HIM ITS OUR WHO WHY HOW NOW
NEW OLD GOT GET MUM DAD NAN SIS BRO OFF TOO YES AGO ANY BAD BIG BOY CUT EAR EYE HIT LEG ARM MAY SAY SAW
SEE SET TEN TWO SIX WAY WHO YET RAN RAW RED HOT""".split())


def _age_identifier_ok(digits: str) -> bool:
    """March plates carry the year (02 to 29), September plates the year plus 50 (51 to 79)."""
    return 2 <= int(digits) <= 29 or 51 <= int(digits) <= 79


def _registrations(text: str) -> Iterator[Span]:
    for m in CURRENT_REG_RE.finditer(text):
        area, age, letters = m.group(1), m.group(2), m.group(3)
        shaped = (m.group(0).isupper() and area[0] in _REG_REGIONS and area[1] not in "IQZ"
                  and not set(letters) & set("IQ") and letters not in _CAPITAL_WORDS and _age_identifier_ok(age))
        if shaped or REG_CONTEXT_RE.search(text, max(0, m.start() - _WINDOW), m.start()):
            yield "VEHICLE_REG", m.start(), m.end()
    for pattern in OLD_REG_RES:  # capitals as well as the words: "a man in his 30s" in a car is no plate
        for m in pattern.finditer(text):
            if m.group(0).isupper() and REG_CONTEXT_RE.search(text, max(0, m.start() - _WINDOW), m.start()):
                yield "VEHICLE_REG", m.start(), m.end()


# ---------------------------------------------------------------------------- social media

PROFILE_LINK_RE = re.compile(
    r"(?<![\w.@/-])(?:https?://)?(?:(?:www|m|vm|mobile)\.)?"
    r"(?:instagram\.com|instagr\.am|tiktok\.com|facebook\.com|fb\.com|fb\.me|twitter\.com|x\.com|snapchat\.com|"
    r"youtube\.com|youtu\.be|twitch\.tv|discord\.gg|discord\.com|threads\.net|linkedin\.com|onlyfans\.com|"
    r"reddit\.com|pinterest\.com|t\.me|wa\.me|roblox\.com|kik\.me)/[^\s<>\"']*[\w/]", re.I)
# "@lil_shan22": an @ not after a word character (that would be an e-mail address), then a letter or digit.
HANDLE_RE = re.compile(r"(?<![\w@.+-])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?")
# A handle-shaped word after the words that introduce one: a platform's name, "username", "goes by".
_HANDLE_WORD = r"@?[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?"
HANDLE_AFTER_RE = re.compile(
    r"\b(?:instagram|insta|ig|snapchat|snap|sc|tiktok|tik tok|twitter|facebook|fb|discord|twitch|youtube|roblox|"
    r"fortnite|xbox|psn|playstation|steam|whatsapp|telegram|kik|threads|user\s?name|gamer\s?tag|handle|"
    r"account|profile|goes by|go by|known as|add(?:ed)? (?:him|her|them|me) as)"
    r"(?:['’]s)?(?:\s+(?:name|id|user\s?name|handle|account|tag|gamer\s?tag|profile))?\s*(?:is|was|:|-|=|called|as)?\s*"
    r"(" + _HANDLE_WORD + r")", re.I)
_TIME_RE = re.compile(r"\d{1,2}(?:[:.]\d\d)?(?:am|pm)|\d+(?:st|nd|rd|th|s)", re.I)


def handle_shaped(word: str) -> bool:
    """A word only a username looks like: an @ first, or letters mixed with digits, underscores or dots."""
    if word.startswith("@"):
        return len(word) > 2
    has_letter = any(c.isalpha() for c in word)
    return has_letter and any(c.isdigit() or c in "_." for c in word) and not _TIME_RE.fullmatch(word)


def _social_media(text: str) -> Iterator[Span]:
    yield from (("SOCIAL_MEDIA", m.start(), m.end()) for m in PROFILE_LINK_RE.finditer(text))
    yield from (("SOCIAL_MEDIA", m.start(), m.end()) for m in HANDLE_RE.finditer(text) if len(m.group(0)) > 2)
    for m in HANDLE_AFTER_RE.finditer(text):
        if handle_shaped(m.group(1)):
            yield "SOCIAL_MEDIA", m.start(1), m.end(1)


# ---------------------------------------------------------------------------- e-mail addresses spelled out

_PART = r"[A-Za-z0-9_+-]+"
_DOT = r"(?:\s*[(\[{<]\s*dot\s*[)\]}>]\s*|\s+dot\s+|\.)"
_AT = r"(?:\s*[(\[{<]\s*at\s*[)\]}>]\s*|\s+at\s+|\s*@\s*)"
_TLD = (r"(?:com|org|net|uk|co|ac|gov|sch|nhs|io|me|info|edu|ie|biz|live|email|online|scot|wales|cymru|london|"
        r"eu|us|de|fr|pl|ro|in|pk|ng)")
SPELLED_EMAIL_RE = re.compile(
    r"(?<![\w.+-])" + _PART + r"(?:" + _DOT + _PART + r"){0,4}" + _AT + _PART + r"(?:" + _DOT + _PART + r"){0,3}"
    + _DOT + _TLD + r"(?![\w@-])", re.I)
_SPELLED = re.compile(r"\bdot\b|\bat\b|[(\[{<]\s*(?:at|dot)\s*[)\]}>]|\s@|@\s", re.I)


def _spelled_emails(text: str) -> Iterator[Span]:
    for m in SPELLED_EMAIL_RE.finditer(text):
        if _SPELLED.search(m.group(0)):  # an address written plainly is EMAIL_RE's
            yield "EMAIL", m.start(), m.end()


# ---------------------------------------------------------------------------- phone numbers without the 0

# A UK mobile after the trunk 0 is 7 and nine digits; typed without the 0 ("7700 900123") or after a bare
# country code ("44 7700 900222") its shape is still its own.
MOBILE_WITHOUT_ZERO_RE = re.compile(r"(?<![\w+/.:-])(?:44[ -]?)?7[1-57-9]\d\d[ -]?\d{3}[ -]?\d{3}(?![\w/:-])")
# Any other number without its 0 (9 or 10 digits in groups) needs words that say it is a phone number.
BARE_NUMBER_RE = re.compile(r"(?<![\w+/.:-])[1-35789]\d{1,4}(?:[ -]\d{2,6}){0,3}(?![\w/:-])")
PHONE_CONTEXT_RE = re.compile(
    r"\b(?:tel|telephone|phone|phoned|mobile|landline|ring|rang|call|called|text|texted|whatsapp|contact|"
    r"(?:his|her|their|my|your|mum['’]s|dad['’]s|nan['’]s|grandad['’]s) number|phone number|number for)\b"
    r"(?:\s+(?:is|was|on|at|me|him|her|them|number|no\.?))*\s*:?\s*$", re.I)


def _phones_without_zero(text: str) -> Iterator[Span]:
    for m in MOBILE_WITHOUT_ZERO_RE.finditer(text):
        yield "PHONE", m.start(), m.end()
    for m in BARE_NUMBER_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if len(digits) in (9, 10) and PHONE_CONTEXT_RE.search(text, max(0, m.start() - _WINDOW), m.start()):
            yield "PHONE", m.start(), m.end()


def identifiers(text: str) -> Iterator[Span]:
    """Every NI number, UPN, number plate, social media handle or link, spelled e-mail and 0-less phone."""
    yield from _ni_numbers(text)
    yield from _upns(text)
    yield from _registrations(text)
    yield from _social_media(text)
    yield from _spelled_emails(text)
    yield from _phones_without_zero(text)
