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

from bot.observations.textspeak import plain_sentences, restore
from bot.paths import KNOWLEDGE_DIR
from bot.referral_contacts.national import SITUATION_ROUTES

URGENCIES = ("now", "today")
# Situations whose next step is a referral discussion, given at once as a route's steps are: a bruise on a baby who is
# not yet mobile, and an adult's sexual abuse of a child as the practitioner was told it.
REFERRAL_SITUATIONS = frozenset({"non_mobile_bruise", "adult_sexual_abuse"})
_YOUNG_BABY = (r"(?:baby|babies|infant|newborn|new-born|\b\d{1,2}[\s-]*(?:weeks?|wks?)[\s-]*old|\b[1-6][\s-]*(?:months?|mths?)"
               r"[\s-]*old|(?:two|three|four|five|six)[\s-]*(?:months?|weeks?)[\s-]*old)")
# The adult, as the one doing it: a man of the child's family ("her stepdad", whose "her" is the child), or another
# adult around the child (mum's boyfriend, a lodger, an older man).
_RELATIVE = (r"\b(?:her|his|their)\s+(?:step-?\s?dad|stepfather|uncle|dad|daddy|father|grandad|grandpa|grandfather|"
             r"step-?\s?brother)\b")
_ADULT = (r"(?:" + _RELATIVE + r"|\b(?:(?:(?:her|his|their|my|the)\s+)?(?:mum|mam|mom)['’]?s\s+(?:new\s+)?(?:boyfriend|bf|fella|"
          r"partner|husband)|(?:her|his|their)\s+(?:partner|boyfriend|bf|fella)|(?:her|his|their|the)\s+(?:lodger|neighbour|"
          r"babysitter|childminder|tutor|coach|teacher)|step-?\s?dad|stepfather|uncle|grandad|grandpa|grandfather|lodger|"
          r"neighbour|babysitter|family friend|an? (?:older |grown )?(?:man|men|adult|bloke|guy)|the (?:older )?(?:man|men|adult|"
          r"bloke|guy))\b)")
# Someone the words name as a child: "her" or "him" not followed by a person of their own ("raped her mum" is the
# mother), or a child named as one.
_NAMED_CHILD = (r"(?:my (?:daughter|son|child|niece|nephew|granddaughter|grandson|little (?:girl|boy))|(?:his|her) (?:step)?(?:niece|"
                r"nephew|daughter|son)|the (?:child|girl|boy|kids?|children|\d{1,2} ?(?:yo|y/o|year old))|\[NAME\]|"
                r"(?:a|the) (?:\d{1,2}|twelve|thirteen|fourteen|fifteen)[\s-]*(?:year[\s-]*old|yo)(?: (?:girl|boy))?)")
_CHILD = (r"(?:(?:her|him|them)(?!\s+(?:own\s+)?(?:mum|mother|mam|mummy|sister|brother|aunt\w*|nan|nana|gran\w*|partner|"
          r"friends?|cousin|wife|husband|girlfriend|boyfriend|colleague|carer|neighbour|own)\b)|" + _NAMED_CHILD + r")")
# Acts that are abuse of a child whoever tells them; and acts an adult may also suffer, read only with a child named.
_CHILD_ACTS = (r"(?:touch\w*|tuch\w*|fondl\w*|grop\w*|feel\w*|play\w* with)\s+" + _CHILD + r"['’]?s?\s+(?:private[’']?\s?parts?|"
               r"privates|privites|breasts?|boobs|vagina|genitals|fanny|willy|penis|down (?:below|there))"
               r"|(?:touch\w*|fondl\w*|grop\w*)\s+" + _CHILD + r"\s+(?:inappropriately|sexually|down (?:below|there))"
               r"|(?:has been |been )?inappropriately touch\w*\s+" + _CHILD +
               r"|(?:makes?|made|making|gets?|got|getting|forc\w*)\s+" + _CHILD + r"\s+(?:to\s+)?(?:(?:watch|look at)\s+(?:porn\w*|"
               r"sex (?:videos|films)|videos of (?:people )?having sex|(?:rude|dirty) (?:videos|films))|touch (?:him|his (?:privates|"
               r"private parts|willy|penis))|have sex with him)"
               r"|(?:shows?|showed|showing|sends?|sent|sending)\s+" + _CHILD + r"\s+(?:porn\w*|sex (?:videos|films)|videos of "
               r"(?:people )?having sex|(?:naked|nude|sexual|dirty) (?:photos|pictures|pics|images|videos)|dick pics|his (?:privates|"
               r"private parts|willy|penis))"
               r"|(?:asks?|asked|asking)\s+" + _CHILD + r"\s+for\s+(?:nudes|naked (?:photos|pictures|pics))"
               r"|(?:has been |been |is )?sexting\s+" + _CHILD +
               r"|(?:takes?|took|taking)\s+(?:photos|pictures|pics|videos?)\s+of\s+" + _CHILD + r"\s+(?:naked|undressed|in the (?:bath|"
               r"shower))|films?\s+" + _CHILD + r"\s+in the (?:bath|shower)|expos\w+ himself to\s+" + _CHILD +
               r"|(?:kiss\w*)\s+" + _CHILD + r"\s+with (?:his )?tongue|french kiss\w*\s+" + _CHILD
               + r"|abus\w*\s+(?:her|him)\s+sexually")
_AUX = (r"\s+(?:(?:has|had|have|is|was|keeps?|kept|also|always|sometimes|often|then|been|will|would|used to|apparently|"
        r"allegedly|regularly|still)\s+){0,3}")
_ACTS_ON_ANYONE = (r"(?:rap\w*|molest\w*|sexually (?:abus\w*|assault\w*)|(?:has|had|having) sex with|"
                   r"gets? into (?:her |his )?bed with|got into (?:her |his )?bed with|climbs? into (?:her |his )?bed with|sleeps in "
                   r"(?:her|his) bed with)")
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
    # an adult's sexual abuse of a child, told by anyone ("mum's boyfriend makes her watch porn with him", "she was
    # raped by her stepdad"): NG76's alerting features are signs in the child, and its disclosure step (1.3.7) is the
    # child's own telling. Read only with the adult as the one doing it (a few words between at most: "dad says she
    # touches her private parts" is the child's own behaviour), and checked further in ``_adult_abuse_told``.
    "adult_sexual_abuse": _ADULT + _AUX + r"(?:" + _CHILD_ACTS + r"|" + _ACTS_ON_ANYONE + r"\s+" + _NAMED_CHILD + r")(?!\w)"
                          r"|" + _RELATIVE + _AUX + _ACTS_ON_ANYONE + r"\s+" + _CHILD + r"(?!\w)"
                          r"|(?:\b(?:she|he)|" + _NAMED_CHILD + r")(?:'s|\s+(?:is|was|has|had|been|being))(?:\s+(?:been|being))?\s+"
                          r"(?:raped|sexually (?:abused|assaulted)|molested|abused sexually)\s+by\s+" + _ADULT,
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


# What makes words of an adult's sexual acts something else: a parent's care, the practitioner's examination, a
# denial, the adult's own past ("mum told me her dad raped her when she was a child"), fiction or a lesson.
_NOT_ABUSE_BEFORE = re.compile(r"\b(?:no (?:concerns?|evidence|suggestion|sign)|never|not|n't|denies|denied|in the (?:film|book|"
                               r"drama|programme|show|story)|on (?:tv|the telly)|sex ed\w*|pshe)\b[^.]{0,60}$", re.I)
_NOT_ABUSE_AROUND = re.compile(r"\b(?:cream|nappy|nappies|wash\w*|wip\w*|clean\w*|toilet|examin\w*|bath(?:ing|ed|e)? her|changes? "
                               r"her|changing|dress\w*|pyjamas|sore|rash|itch\w*|infection|bad dream|nightmares?|frightened|"
                               r"scared|upset|story|stories|asleep|poorly|ill\b|comfort\w*|cuddl\w*|as a child|when (?:she|he) "
                               r"was (?:a child|little|young|a girl|a boy)|years ago|(?:her|his) (?:own )?childhood|in the "
                               r"(?:film|book|drama|programme|story)|both (?:1[3-7]|fifteen|sixteen))\b", re.I)


def _adult_abuse_told(text: str) -> bool:
    """An adult's sexual abuse of a child in the words, sentence by sentence, not care, denial, the past or fiction."""
    for sentence in plain_sentences(text):
        for match in _COMPILED["adult_sexual_abuse"].finditer(sentence):
            if _NOT_ABUSE_BEFORE.search(sentence[:match.start()]) or _NOT_ABUSE_AROUND.search(sentence):
                continue
            return True
    return False


def situations_in(text: str) -> list[str]:
    """The keys of the situations the words describe, in the data file's order."""
    text = restore(text)
    return [key for key in situations()
            if (_adult_abuse_told(text) if key == "adult_sexual_abuse" else _COMPILED[key].search(text))]
