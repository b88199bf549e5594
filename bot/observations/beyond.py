"""Situations outside NG76's alerting features that practitioners bring every week (knowledge/beyond_ng76.yml).

A child thinking of suicide, online grooming, criminal exploitation, a threatened practitioner, a bruise on a
baby who is not yet mobile: the assistant says plainly where NG76 does not cover them, puts the national routes
of the guideline notes first, and gives NG76's own baseline steps with the right urgency. It never invents
guidance. The patterns only recognise the situation; what is said comes from the data file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from bot.observations.textspeak import restore
from bot.paths import KNOWLEDGE_DIR
from bot.referral_contacts.national import SITUATION_ROUTES

URGENCIES = ("now", "today")
# Situations whose next step is a referral discussion, given at once as a route's steps are: a bruise on a baby who is
# not yet mobile, and an adult's sexual abuse of a child as the practitioner was told it.
REFERRAL_SITUATIONS = frozenset({"non_mobile_bruise", "adult_sexual_abuse"})
_YOUNG_BABY = (r"(?:baby|babies|infant|newborn|new-born|\b\d{1,2}[\s-]*(?:weeks?|wks?)[\s-]*old|\b[1-6][\s-]*(?:months?|mths?)"
               r"[\s-]*old|(?:two|three|four|five|six)[\s-]*(?:months?|weeks?)[\s-]*old)")
_CHILD = r"(?:her|him|them|\[NAME\]|the \d{1,2} ?(?:yo|y/o|year old)|the (?:child|girl|boy|kids?|children))"
PATTERNS: dict[str, str] = {
    "suicidal": r"\b(?:suicid\w*|kill (?:himself|herself|themselves|myself)|end (?:it all|(?:his|her|their|my) life)|"
                r"(?:doesn't|don't|does not) want to (?:be alive|live|be here)|better off dead|wants? to die|"
                r"(?:take|taking) (?:his|her|their|my) own life)\b",
    "online_abuse": r"\b(?:groom\w*|sextort\w*|online (?:abuse|grooming|predator|man|men)|met (?:him|her|them|a man|an "
                    r"older \w+) online|(?:snapchat|instagram|tiktok|discord|whatsapp|roblox|fortnite|online game)\b"
                    r"[^.]{0,80}\b(?:older|adult|man|men|pictures|photos|pics|nudes|meet)|nudes?\b[^.]{0,40}\b(?:shared|"
                    r"posted|online|sent round|leaked))",
    "criminal_exploitation": r"\b(?:county lines|running (?:drugs|packages|parcels)|(?:selling|dealing|holding|carrying)"
                             r" (?:drugs|weed|packages|a (?:knife|blade))\b[^.]{0,40}\b(?:for|older)|owes? (?:money|a debt)"
                             r"\b[^.]{0,40}\b(?:dealers?|older (?:boys|lads|men))|cuckoo\w*|trap house|"
                             r"(?:new|expensive) (?:trainers|phone|clothes)\b[^.]{0,60}\b(?:older (?:boys|lads|men)|can't"
                             r" explain|won't say where)|criminal exploitation)\b",
    "practitioner_threatened": r"\b(?:threaten\w*|threat\w*|swore at|squared up to|came at|shouted (?:at|in) my face|"
                               r"said (?:he|she|they)(?:'d| would| will)\s+(?:hurt|get|find|batter|sort))\b[^.]{0,40}"
                               r"\b(?:me|my (?:colleague|staff|team)|us)\b",
    "non_mobile_bruise": r"(?:\b(?:bruis\w*|marks?)\b[^.]{0,80}" + _YOUNG_BABY + r"|" + _YOUNG_BABY + r"[^.]{0,80}"
                         r"\b(?:bruis\w*)\b)(?:[^.]{0,80}\b(?:not (?:yet )?(?:mobile|crawling|rolling|moving)|non-?mobile|"
                         r"can't (?:yet )?(?:crawl|roll|move)|isn't (?:yet )?(?:crawling|rolling|mobile)))?",
    # an adult's sexual abuse of a child, told by anyone ("mum's boyfriend makes her watch porn with him", "her uncle
    # touches her private parts when he babysits"): NG76's alerting features are signs in the child, and its disclosure
    # step (1.3.7) is the child's own telling; not a parent's care ("dad puts cream on her privates")
    "adult_sexual_abuse": r"\b(?:boyfriend|partner|step-?\s?dad|stepfather|uncle|dad|daddy|father|grandad|grandpa|"
                          r"grandfather|lodger|neighbour|man|men|adult|bloke|guy|teacher|coach|tutor|cousin)\b[^.]{0,40}?\b"
                          r"(?:(?:touch\w*|fondl\w*|grop\w*|feel\w*|play\w* with)\s+(?:her|his|their|the \w+['’]s|\[NAME\]['’]?s?)"
                          r"\s+(?:private parts?|privates|breasts?|boobs|vagina|genitals|fanny|willy|penis|down below)"
                          r"(?![^.]{0,40}\b(?:cream|nappy|nappies|wash\w*|clean\w*|examin\w*|bath\w*|change\w*|dress\w*))"
                          r"|(?:makes?|made|making|gets?|got|getting|forc\w*)\s+" + _CHILD + r"\s+(?:to\s+)?"
                          r"(?:watch|look at)\s+(?:porn\w*|sex (?:videos|films)|videos of (?:people )?having sex|rude (?:videos|"
                          r"films))"
                          r"|(?:shows?|showed|showing|sends?|sent|sending)\s+" + _CHILD + r"\s+(?:porn\w*|sex (?:videos|"
                          r"films)|videos of (?:people )?having sex|(?:naked|nude|sexual) (?:photos|pictures|pics|images|videos) of "
                          r"himself)"
                          r"|(?:gets?|got|getting)\s+into\s+(?:her |his )?bed\s+with\s+" + _CHILD
                          + r"(?![^.]{0,40}\b(?:nightmares?|poorly|ill|sick|scared|comfort\w*|cuddle\w*|feed\w*))"
                          r"|(?:rap\w*|molest\w*|sexually abus\w*|sexually assault\w*)\s+" + _CHILD
                          + r"|(?:has|had|having)\s+sex\s+with\s+" + _CHILD + r")(?!\w)",
}
_COMPILED = {key: re.compile(pattern, re.I) for key, pattern in PATTERNS.items()}


@dataclass(frozen=True)
class Situation:
    key: str
    title: str
    statement: str
    urgency: str
    cite: str
    routes: tuple[str, ...]


@lru_cache(maxsize=1)
def situations() -> dict[str, Situation]:
    """The situations in knowledge/beyond_ng76.yml, checked: every problem is reported together."""
    raw = yaml.safe_load((KNOWLEDGE_DIR / "beyond_ng76.yml").read_text(encoding="utf-8"))
    problems, found = [], {}
    for row in raw.get("situations") or []:
        key = str(row.get("key"))
        missing = [f for f in ("title", "statement", "urgency", "cite") if not row.get(f)]
        if missing:
            problems.append(f"{key}: missing {', '.join(missing)}")
        if row.get("urgency") not in URGENCIES:
            problems.append(f"{key}: urgency must be one of {URGENCIES}")
        unknown = [r for r in row.get("routes") or [] if r not in SITUATION_ROUTES]
        if unknown:
            problems.append(f"{key}: routes not in the guideline notes' national routes: {unknown}")
        if key not in PATTERNS:
            problems.append(f"{key}: no pattern recognises this situation")
        found[key] = Situation(key, str(row.get("title")), " ".join(str(row.get("statement")).split()),
                               str(row.get("urgency")), str(row.get("cite")), tuple(row.get("routes") or ()))
    problems += [f"{key}: a pattern with no entry in the data file" for key in PATTERNS if key not in found]
    if problems:
        raise ValueError("knowledge/beyond_ng76.yml: " + "; ".join(problems))
    return found


def situations_in(text: str) -> list[str]:
    """The keys of the situations the words describe, in the data file's order."""
    text = restore(text)
    return [key for key in situations() if _COMPILED[key].search(text)]
