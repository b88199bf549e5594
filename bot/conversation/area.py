"""Reading the child's area from what the practitioner typed, against the contacts file.

A name, alias or postcode the file knows is taken as it is; a near miss ("Exmple Borough") is offered back
for a yes; several close names are offered as choices; an area the file does not know is kept as typed, so
the contacts answer says plainly that no local contact is configured for it and gives the national routes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from bot.conversation.answers import is_unsure
from bot.referral_contacts import get_directory

_LEAD_IN = re.compile(r"^\s*(?:(?:the\s+)?(?:child|family|kid|pupil|patient|they|he|she)\s+(?:lives?|live|is|are)"
                      r"\s+in|(?:it'?s|in|area(?:\s+is)?|postcode(?:\s+is)?|council(?:\s+is)?)[:\s])\s*", re.I)


@dataclass
class AreaReading:
    kind: str                     # known | confirm | choose | unknown | unsure
    area: Optional[str] = None    # the area to use (known, unknown: as typed) or to confirm
    options: list[str] = field(default_factory=list)


def read_area(text: str) -> AreaReading:
    directory = get_directory()
    words = (text or "").strip()
    if not words or is_unsure(words):
        default = directory.default_area
        return AreaReading("unsure", default.name if default else "")
    if words.startswith("/"):  # a button's intent ("/change_area") names no area
        return AreaReading("unknown", "")
    for query in dict.fromkeys([words, _LEAD_IN.sub("", words).strip(" .")]):
        answer = directory.lookup(query) if query else None
        if answer and answer.area and answer.matched_by not in ("fuzzy", "default"):
            return AreaReading("known", answer.area)
    named = [a.name for a in directory.areas
             if any(re.search(rf"\b{re.escape(n)}\b", words, re.I) for n in (a.name, *a.aliases))]
    if len(named) == 1:
        return AreaReading("known", named[0])
    answer = directory.lookup(_LEAD_IN.sub("", words).strip(" .") or words)
    if answer.area and answer.matched_by != "default":
        return AreaReading("confirm", answer.area)
    if answer.suggestions or len(named) > 1:
        return AreaReading("choose", options=sorted(set(answer.suggestions) | set(named)))
    return AreaReading("unknown", _LEAD_IN.sub("", words).strip(" .") or words)
