"""Text as the redaction patterns expect it: plain digits, plain dashes, no invisible characters.

A phone number typed on a phone set to a Japanese or Chinese keyboard arrives in full-width digits
("０７７００ ９００１２３"), and one copied from a web page or a chat may carry zero-width spaces between its
digit groups ("07700\u200b900\u200b123"). A person reads both as the number; a pattern written for "07700
900123" sees neither. ``normalise`` folds such characters to the ones the patterns expect and drops the
invisible ones, and keeps, for every character of the folded text, where it was in the original, so what is
found in the folded text is replaced in the original (invisible characters inside a detail go with it).
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Characters that show as nothing: zero-width space, non-joiner and joiner, word joiner, byte-order mark,
# soft hyphen, Mongolian vowel separator.
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e")
# Dashes a keyboard or a word processor puts where a hyphen was typed.
DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d")


@dataclass(frozen=True)
class Normalised:
    """The folded text, and ``origin[i]``: the index in the original of the folded text's character ``i``."""

    text: str
    origin: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Where text[start:end] (never empty) was in the original, invisible characters inside included."""
        return self.origin[start], self.origin[end - 1] + 1


def _fold(ch: str) -> str:
    """One character as the patterns expect it, or itself: folding never turns one character into two."""
    if ch.isdecimal():
        return str(unicodedata.decimal(ch))
    if ch in DASHES:
        return "-"
    folded = unicodedata.normalize("NFKC", ch)  # full-width letters and @, no-break and thin spaces
    return folded if len(folded) == 1 else ch


def normalise(text: str) -> Normalised | None:
    """The folded text with its map to the original, or None when ``text`` is already plain ASCII."""
    if text.isascii():
        return None
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        if ch in INVISIBLE:
            continue
        chars.append(ch if ch.isascii() else _fold(ch))
        origin.append(i)
    return Normalised("".join(chars), tuple(origin))
