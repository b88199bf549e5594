"""Personal details out of a practitioner's message before it is written anywhere.

A practitioner describing a worry often types the child's name, a parent's phone number or the family's
address. The guideline logic needs none of these, and a conversation store or a log that keeps them becomes a
record of named children. ``redact`` replaces each detail with a typed placeholder ("[NAME]", "[PHONE]"...)
and says where it was, without keeping what it was:

    >>> redact("His mum Sarah rang on 07700 900123").text
    'His mum [NAME] rang on [PHONE]'

Numbers, emails, postcodes, addresses and dates of birth have written shapes, so plain patterns find them
(``bot.redaction.patterns``). Names have none: spaCy's PERSON entities and proper nouns, known given names,
and the words that introduce a name ("his mum ...", "Mr ...", "called ...") find them together. What the
guideline needs stays: ages ("she's 6", "11-month-old"), year groups, Mum and Dad, days of the week, services
(Childline, the GP, the MASH), and every date that is not a date of birth.
"""
from __future__ import annotations

import heapq
import json
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import bot.redaction.patterns as P
from bot.redaction.normalise import normalise
from bot.redaction.patterns import Span

if TYPE_CHECKING:  # spaCy is loaded on first use, never on import
    from spacy.tokens import Doc, Token

# When two details overlap, the kind with the more certain shape wins.
PRIORITY = {"EMAIL": 0, "SOCIAL_MEDIA": 1, "PHONE": 2, "NHS_NUMBER": 3, "UPN": 4, "NI_NUMBER": 5, "DOB": 6,
            "VEHICLE_REG": 7, "POSTCODE": 8, "ADDRESS": 9, "NAME": 10}
# A placeholder changes what spaCy sees around it ("Ifeoma and Chinedu": only once Chinedu is [NAME] does the
# model take Ifeoma for a name), so the redacted text is read again until nothing new is found. That also makes
# redact idempotent. A second reading seldom finds more; a third has not been seen to.
MAX_PASSES = 4
_WORD_RE = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W\d_])?")
_NAME_SHAPE_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_POSSESSIVE_RE = re.compile(r"['’]s$")
_HYPHENATED_RE = re.compile(r"(?:-[^\W\d_][\w'’]*)+")
_CONDITION_AFTER_RE = re.compile(r"(?:['’]s)?\s+(?:syndrome|disease|disorder|palsy)\b", re.I)
_WORD_AFTER_RE = re.compile(r"(?:['’]s)?\s+(\w+)")
_PLACE_BEFORE_RE = re.compile(r"\b(?:at|in|near|around)\s+$")
_WORD_BEFORE_RE = re.compile(r"(\w+)\s+$")


@dataclass
class Redacted:
    """The redacted text and where each detail was in the original: (kind, start, end), never the detail.

    Nothing here holds an original value, so a Redacted may be logged whole.
    """

    text: str
    found: list[Span] = field(default_factory=list)


@lru_cache(maxsize=1)
def _tagger() -> Callable[[str], Doc]:
    """spaCy's English pipeline with only the tagger and entity recogniser running (3 to 4 ms, not 6)."""
    from bot.language import english

    nlp = english()
    disabled = [name for name in nlp.pipe_names if name not in {"tok2vec", "tagger", "ner"}]
    return lambda text: nlp(text, disable=disabled)


# Text already redacted in this process (the REST channel's output, read again by the tracker store and the
# actions) is a fixed point: redacting it again finds nothing. Remembering those saves a spaCy pass a turn, and
# tells the tracker store which practitioner messages came through the channel (``already_redacted``).
_FIXED_POINTS: "OrderedDict[str, None]" = OrderedDict()
_MAX_FIXED_POINTS = 4096


def redact(text: str, *, use_model: bool = True) -> Redacted:
    """Replace every personal detail in ``text`` by its placeholder; ``found`` is on the original text.

    ``use_model=False`` leaves out spaCy's entity recogniser and keeps every other rule (shaped details, the
    introducing words, the given-name list): for text the bot wrote itself from words that were redacted in
    full on the way in (docs/redaction.md, "The second line of defence"). Only full results become fixed points.
    """
    if text in _FIXED_POINTS:
        _FIXED_POINTS.move_to_end(text)
        return Redacted(text, [])
    result = _redact(text, use_model)
    if use_model:
        remember_redacted(result.text)
    return result


def remember_redacted(text: str) -> None:
    """Record ``text`` as safe as it is: a full redaction's output, or a payload of a button the bot offered."""
    _FIXED_POINTS[text] = None
    _FIXED_POINTS.move_to_end(text)
    if len(_FIXED_POINTS) > _MAX_FIXED_POINTS:
        _FIXED_POINTS.popitem(last=False)


def already_redacted(text: str) -> bool:
    """Has this exact text been through a full redaction in this process (or been recorded as safe)?"""
    return text in _FIXED_POINTS


def _redact(text: str, use_model: bool = True) -> Redacted:
    spans: list[Span] = []
    current, segments = text, [(0, 0, len(text), False)]
    for _ in range(MAX_PASSES):
        new = [_to_original(span, segments) for span in _find(current, use_model)]
        if not new:
            break
        spans = sorted(spans + new, key=lambda s: s[1])
        current, segments = _render(text, spans)
    return Redacted(current, spans)


# ---------------------------------------------------------------------------- spans and placeholders

Segment = tuple[int, int, int, bool]  # output start, original start, original length, is a placeholder


def _render(text: str, spans: list[Span]) -> tuple[str, list[Segment]]:
    """The text with placeholders, and the segments that map it back onto the original."""
    out: list[str] = []
    segments: list[Segment] = []
    pos = length = 0
    for kind, start, end in [*spans, ("", len(text), len(text))]:
        out.append(text[pos:start])
        segments.append((length, pos, start - pos, False))
        length += start - pos
        if kind:
            out.append(f"[{kind}]")
            segments.append((length, start, end - start, True))
            length += len(kind) + 2
        pos = end
    return "".join(out), segments


def _to_original(span: Span, segments: list[Segment]) -> Span:
    """Map a span found in redacted text (never inside a placeholder: _find skips those) onto the original."""
    kind, start, end = span
    for out_start, orig_start, length, is_placeholder in segments:
        if not is_placeholder and out_start <= start and end <= out_start + length:
            return kind, orig_start + start - out_start, orig_start + end - out_start
    raise AssertionError(f"span {start}-{end} crosses a placeholder")


def _find(text: str, use_model: bool = True) -> list[Span]:
    """Every detail in ``text``: non-overlapping, outside existing placeholders, in order.

    The patterns read the text with full-width digits folded and invisible characters dropped
    (``bot.redaction.normalise``); what they find is mapped back onto ``text``.
    """
    taken = [m.span() for m in P.PLACEHOLDER_RE.finditer(text)]
    folded = normalise(text)
    plain = folded.text if folded else text
    candidates = [*P.shaped_details(plain), *(("NAME", s, e) for s, e in _names(plain, use_model))]
    if folded:
        candidates = [(kind, *folded.original_span(s, e)) for kind, s, e in candidates if e > s]
    found: list[Span] = []
    for kind, start, end in sorted(candidates, key=lambda c: (PRIORITY[c[0]], c[1] - c[2], c[1])):
        if end > start and all(end <= s or start >= e for s, e in taken):
            taken.append((start, end))
            found.append((kind, start, end))
    return sorted(found, key=lambda s: s[1])


# ---------------------------------------------------------------------------- names

def _name_word_ok(word: str, need_capital: bool = True) -> bool:
    """A word that may be part of a name: name-shaped, not a word the conversation needs, not an acronym."""
    bare = _POSSESSIVE_RE.sub("", word)
    lower = bare.lower()
    if not _NAME_SHAPE_RE.fullmatch(bare) or lower in P.NOT_NAMES or lower in P.PLACE_WORDS \
            or lower in P.LOWER_NOT_NAMES:
        return False
    if need_capital and not bare[0].isupper():
        return False
    return not (bare.isupper() and len(bare) <= 4)


def _runs(text: str, start: int, end: int, need_capital: bool = True) -> list[tuple[int, int]]:
    """The runs of name-like words in text[start:end], each without a trailing possessive."""
    runs: list[tuple[int, int]] = []
    for m in _WORD_RE.finditer(text, start, end):
        if not _name_word_ok(m.group(0), need_capital):
            continue
        word_end = m.start() + len(_POSSESSIVE_RE.sub("", m.group(0)))
        gap = text[runs[-1][1]:m.start()] if runs else "x"
        if gap.strip(" \t") == "":
            runs[-1] = (runs[-1][0], word_end)
        else:
            runs.append((m.start(), word_end))
    return runs


def _sentence_initial(text: str, pos: int) -> bool:
    """Does a sentence start at ``pos``? A capital there says nothing about a name."""
    window = max(0, pos - 40)
    before = text[window:pos].rstrip(" \t\"'“‘([")
    return window == 0 and not before or bool(before) and before[-1] in ".!?\n"


def _given_name(text: str, m: re.Match[str]) -> bool:
    """A known given name: in any case when it is not also an ordinary word, else capitalised and placed as one."""
    word = _POSSESSIVE_RE.sub("", m.group(0))
    lower = word.lower()
    if lower in P.NOT_NAMES:
        return False
    if "-" in word:  # "Riley-Mae", "Summer-Rose"
        parts = word.split("-")
        return all(p[:1].isupper() for p in parts) and any(
            p.lower() in P.GIVEN_NAMES or p.lower() in P.AMBIGUOUS_NAMES for p in parts)
    if lower in P.AMBIGUOUS_NAMES:  # "Grace said" and "with Grace", not "Grace period" opening a sentence
        return word[0].isupper() and (not _sentence_initial(text, m.start())
                                      or bool(P.REPORTING_AFTER_RE.match(text, m.end())))
    return lower in P.GIVEN_NAMES


def _names(text: str, use_model: bool = True) -> list[tuple[int, int]]:
    """Names from the introducing words, the given-name list and spaCy; then surnames, lists and repeats."""
    spans: list[tuple[int, int]] = []
    for pattern in (P.TITLE_RE, P.RELATION_RE, P.CALLED_RE, P.SAID_RE):
        for m in pattern.finditer(text):
            spans += _runs(text, *m.span(1))
    for m in P.RELATION_LOWER_RE.finditer(text):  # "his mum sarah"
        word = m.group(1).lower()
        if word in P.GIVEN_NAMES and word not in P.AMBIGUOUS_NAMES and word not in P.NOT_NAMES:
            spans.append(m.span(1))
    for m in P.TITLE_LOWER_RE.finditer(text):  # "mr khan"
        if _name_word_ok(m.group(1), need_capital=False):
            spans += _runs(text, *m.span(1), need_capital=False)
    for pattern, lower_ok in ((P.NAMED_RE, lambda w: w not in P.LOWER_NOT_NAMES),
                              (P.KNOWN_AS_RE, lambda w: w in P.GIVEN_NAMES)):
        for m in pattern.finditer(text):
            word = m.group(1)
            if word[0].isupper():
                spans += _runs(text, *m.span(1))
            elif lower_ok(word.lower()) and word.lower() not in P.NOT_NAMES:
                spans.append(m.span(1))
    for m in _WORD_RE.finditer(text):
        if _given_name(text, m):
            spans += _runs(text, *m.span(), need_capital=False)
    if use_model:
        spans += _lower_case_names(text)
    if use_model and any(c.isupper() for c in P.PLACEHOLDER_RE.sub("", text)):  # the model's names need a capital
        spans += _model_names(text)
    spans = _extend(text, spans)
    words = {text[s:e] for start, end in spans for s, e in _runs(text, start, end, need_capital=False)}
    for word in words:  # the same name elsewhere in the message ("named will" does not make every "will" a name)
        lower_ok = word.lower() in P.GIVEN_NAMES and word.lower() not in P.AMBIGUOUS_NAMES
        if not word[0].isupper() and not lower_ok and not (use_model and _unknown_word(word)):
            continue
        spans += [m.span() for m in re.finditer(r"(?<![\w'’-])" + re.escape(word) + r"(?![\w-])", text)]
    return [span for span in _merge(spans) if not _not_a_person(text, *span)]


def _lower_case_names(text: str) -> list[tuple[int, int]]:
    """Names typed in lower case beside a verb of telling: "zuri said", "tell shanice", "i asked kehinde".

    Most words there are ordinary ("she said no", "tell me", "tell mum", "the boy said"); a word is taken only
    when it is none of the conversation's words, follows no determiner, and the English pipeline's vocabulary
    does not know it. A misspelt word in that place may go too: a cost accepted for a name kept out.
    """
    spans: list[tuple[int, int]] = []
    for pattern in (P.LOWER_SAID_RE, P.LOWER_TELL_RE):
        for m in pattern.finditer(text):
            word = _POSSESSIVE_RE.sub("", m.group(1))
            if pattern is P.LOWER_SAID_RE:
                before = _WORD_BEFORE_RE.search(text, max(0, m.start(1) - 20), m.start(1))
                if before and before.group(1).lower() in P.DETERMINERS:
                    continue
            if _unknown_word(word) and _name_word_ok(word, need_capital=False):
                spans.append((m.start(1), m.start(1) + len(word)))
    return spans


def _unknown_word(word: str) -> bool:
    """Not a word the conversation needs, and not in the vocabulary the English pipeline was packaged with."""
    lower = _POSSESSIVE_RE.sub("", word).lower()
    if len(lower) < 3 or not lower.isalpha() or lower in P.CHAT_WORDS or lower in P.NOT_NAMES \
            or lower in P.LOWER_NOT_NAMES or lower in P.PLACE_WORDS:
        return False
    known = _known_words()
    if lower in known:
        return False
    if any(lower.endswith(end) and lower[:-len(end)] in known for end in P.WORD_ENDINGS if len(lower) > len(end) + 2):
        return False
    if lower.endswith(("er", "or", "ist", "ian", "ment", "ness", "tion", "sion", "ity", "ing", "ed", "ly")):
        return False  # a role, a thing or a doing ("childminder", "optometrist", "dietitian")
    # two known words of four letters or more ("childminder", "stairgate") make a compound, not a name
    return not any(lower[:i] in known and lower[i:] in known for i in range(4, len(lower) - 3))


@lru_cache(maxsize=1)
def _known_words() -> frozenset[str]:
    """The packaged vocabulary of the English pipeline, in lower case, read from its own file.

    Read from the file, not from the loaded pipeline's string store, because the store grows with every text
    the pipeline reads: a name seen once would be "known" for the rest of the process.
    """
    from bot.language import english

    path = english().path
    strings = Path(path) / "vocab" / "strings.json" if path else None
    words = json.loads(strings.read_text(encoding="utf-8")) if strings and strings.exists() else []
    return frozenset(w.lower() for w in words if w.isalpha())


def _model_names(text: str) -> list[tuple[int, int]]:
    """PERSON entities, and proper nouns where a person stands; the small model often calls a rare name a place.

    A proper noun outside any entity is taken as a name. One the model calls a place, organisation or product
    ("Tegan", "Kenzie", "Kobe" all are) is taken only where a person stands: opening a sentence before a verb
    ("Tegan has...", "Nkechi said..."), or after a verb done to or with a person ("told Rhiannon").
    """
    doc = _tagger()(text)
    spans: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ == "PERSON" and not any(w.lower_ in P.PLACE_WORDS for w in ent):
            spans += _runs(text, ent.start_char, ent.end_char)
    for token in doc:
        if token.tag_ not in ("NNP", "NNPS") or not _name_word_ok(token.text):
            continue
        if token.i + 1 < len(doc) and doc[token.i + 1].lower_ in P.PLACE_WORDS:  # "Example Borough"
            continue
        if token.ent_type_ in ("", "PERSON") or (token.ent_type_ in P.NAME_LIKE_ENTITIES and _person_slot(token)):
            spans.append((token.idx, token.idx + len(_POSSESSIVE_RE.sub("", token.text))))
    return spans


def _person_slot(token: Token) -> bool:
    """Is the token where a person usually stands: opening a sentence as subject, or object of a person verb?"""
    doc, i = token.doc, token.i
    before = doc[i - 1] if i > 0 else None
    after = doc[i + 1] if i + 1 < len(doc) else None
    if before is not None and before.lower_ in P.PERSON_VERBS:
        return True
    opening = before is None or before.text in ".!?\n" or before.is_quote
    return opening and after is not None and (after.tag_.startswith("VB") or after.tag_ in ("MD", "POS")
                                              or after.text in {",", "("} or after.lower_ == "in")


def _not_a_person(text: str, start: int, end: int) -> bool:
    """A proper noun naming a condition ("Prader-Willi syndrome"), an institution or a place is no person."""
    if _CONDITION_AFTER_RE.match(text, end):
        return True
    after = _WORD_AFTER_RE.match(text, end)
    if after and after.group(1).lower() in P.PLACE_WORDS:  # "Example Borough", "St Mary's Primary"
        return True
    possessive = text.startswith(("'s", "’s"), end)  # "at Sarah's" is a person's house; "at Euston" a place
    return (bool(_PLACE_BEFORE_RE.search(text, max(0, start - 8), start)) and not possessive
            and text[start:end].lower() not in P.GIVEN_NAMES)


def _extend(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Grow names to whole names ("Dafydd Pritchard", "Summer-Rose") and add the names listed with them."""
    result: list[tuple[int, int]] = []
    queue = sorted(set(spans))
    heapq.heapify(queue)
    reach = 0  # names are grown left to right; one already inside a grown name needs no second look
    while queue:
        start, end = heapq.heappop(queue)
        if end <= reach:
            continue
        while (before := P.NAME_BEFORE_RE.search(text, max(0, start - 40), start)) and _forename(before[1]):
            start = before.start(1)
        if hyphenated := _HYPHENATED_RE.match(text, end):
            end = hyphenated.end()
        while (surname := P.SURNAME_RE.match(text, end)) and _name_word_ok(surname[1]):
            end = surname.end(1)
        result.append((start, end))
        reach = max(reach, end)
        listed = P.AND_NAME_RE.match(text, end)  # "Ava and Evie", "Oliver, Noah"
        if listed and _name_word_ok(listed[1]) and listed[1].lower() not in P.AMBIGUOUS_NAMES:
            heapq.heappush(queue, listed.span(1))
    return result


def _forename(word: str) -> bool:
    """A word or an initial that may come before a surname: "Dafydd Pritchard", "J. Smith" (not "A Smith")."""
    if len(word.rstrip(".")) == 1:
        return word.endswith(".") or word not in ("A", "I")
    return _name_word_ok(word)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
