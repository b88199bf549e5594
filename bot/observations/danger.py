"""Explicit patterns for immediate danger: the one place where a false alarm is preferred to a miss.

The trained model also learns danger from examples; these patterns are a floor under it that does not depend
on training. Each pattern names the kind of danger it catches so the read-back can say what was heard.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

_YOUNG = (r"(?:baby|babies|infant|newborn|toddler|tot|little one|\b[0-7][\s-]*(?:yo|y/o|years?[\s-]*old|year[\s-]*old|"
          r"months?[\s-]*old|month-old|weeks?[\s-]*old)|(?:one|two|three|four|five|six|seven)[\s-]*year[\s-]*old|"
          r"(?:he|she|they)(?:'s|\s+is)\s+[0-7]\b|\b[A-Z][a-z]+\s+is\s+[0-7]\b)")
_NOW = (r"(?:right now|now|at the moment|currently|tonight|tonite|today|this (?:morning|afternoon|evening)|"
        r"since (?:yesterday|last night|this morning)|for (?:hours|the last \w+ hours)|just|is being|are being)")

_PATTERNS: list[tuple[str, str]] = [
    ("threat to kill or seriously hurt",
     r"\b(?:(?:going|gonna|threaten\w*|threat|said (?:he|she|they)(?:'d| would| will)|will|'ll|swore to|wants? to)\s+(?:to\s+)?"
     r"(?:kill|murder|stab|strangle|shoot|batter|smash (?:his|her) face|hurt (?:him|her|them) (?:badly|bad)|"
     r"break (?:his|her|their) (?:neck|legs|arms?)|burn (?:him|her|them))|(?:kill|murder|stab|strangle) (?:him|her|them|me|you)\b)"),
    ("a weapon", r"\b(?:knife|knives|machete|gun|firearm|blade|axe|hammer|baseball bat|crossbow|zombie knife)\b"
                 r"[^.]{0,60}\b(?:wav\w*|brandish\w*|threat\w*|holding|held|pulled|pointed|pointing|came at|went for|"
                 r"chas\w*|at (?:his|her|their) throat)"
                 r"|\b(?:wav\w*|brandish\w*|threat\w*|pulled|pointed|came at \w+ with|went for \w+ with|chas\w* \w+ with)\b[^.]{0,40}"
                 r"\b(?:knife|machete|gun|blade|axe|hammer|bat)\b"),
    ("too scared to go home",
     r"\b(?:scared|scard|afraid|frightened|terrified|petrified|too scared|refus\w*|won't|will not|doesn't want|does not want|"
     r"can't|cannot|daren't|dare not)\s+(?:to\s+)?(?:go(?:ing)?|be going|return(?:ing)?|back)\s+(?:back\s+)?home\b"
     r"|\bdon't (?:make|send) me (?:go )?(?:back )?home\b|\bcan't go back\b|\bnot safe (?:to go )?(?:at )?home\b"),
    ("a young child left alone",
     _YOUNG + r"[^.]{0,80}\b(?:left (?:alone|on (?:his|her|their) own|by (?:him|her)self|unattended|home alone|in the car)|"
     r"home alone|on (?:his|her|their) own (?:in|at) (?:the|a) (?:flat|house|home|car)|alone in (?:the|a) (?:flat|house|home|car)|"
     r"(?:no|without an?) (?:adult|grown-?up|parent)s? (?:there|at home|in the (?:flat|house)|around|with (?:him|her)))"
     r"|\b(?:left|alone|on (?:his|her|their) own)\b[^.]{0,60}" + _YOUNG),
    ("a very young child unsupervised in danger",
     _YOUNG + r"[^.]{0,80}\b(?:found|wandering|alone|on (?:his|her) own|unsupervised|by (?:him|her)self)\b[^.]{0,60}"
     r"\b(?:road|street|carriageway|motorway|river|canal|railway|car park|balcony|window ledge|at night|\d{1,2}\s*(?:pm|am))"),
    ("an overdose or suicide attempt now",
     r"\b(?:taken|took|swallowed|has had)\s+(?:a\s+)?(?:load of|loads of|lots of|a handful of|a bunch of|all (?:her|his|the)|an?)?\s*"
     r"(?:overdose|pills|tablets|paracetamol|painkillers|bleach)\b|\boverdos\w*\b|\b(?:going to|gonna|wants? to|about to|"
     r"plans? to|trying to)\s+(?:kill (?:himself|herself|themselves|myself)|end (?:it|(?:his|her|their|my) life)|jump)\b"
     r"|\b(?:on|at) the (?:edge of the )?(?:bridge|roof|cliff|railway line|tracks)\b|\bsuicide note\b|\bhang(?:ing)? (?:himself|herself)\b"
     r"|\b(?:take|taking|swallow|swallowing)\s+(?:a\s+)?(?:full\s+(?:strip|packet|box|bottle)|whole\s+(?:strip|packet|box|bottle)|"
     r"all\s+(?:of\s+)?(?:his|her|their|the|my|mum's|dad's|mums|dads)\b|loads?\s+of\s+(?:pills|tablets)|a\s+handful)"
     r"|\bhow (?:many|much) (?:pills|tablets|paracetamol)\b[^.]{0,40}\b(?:kill|die|dead|overdose)"),
    ("a carer unfit to look after the child now",
     r"\b(?:drunk|slurring|smell\w* (?:strongly )?of (?:alcohol|drink|booze)|off (?:his|her) face|high|wasted|intoxicated|"
     r"under the influence|passed out|unconscious|can't stand up)\b[^.]{0,100}\b(?:driv\w*|car|behind the wheel|"
     r"collect\w*|pick\w* (?:him|her|them) up|take (?:him|her|them) home|on (?:his|her) own with)\b"),
    ("a child with someone who has hurt them, now",
     r"\b(?:on (?:his|her|their) way|coming|arriving|outside|waiting|here)\b[^.]{0,30}\b(?:to (?:collect|get|pick (?:him|her|them) up|take))"
     r"|\b(?:getting|get|got|gets|climbing)\s+into\s+(?:a|the|his|an)\s+(?:car|van)\b[^.]{0,50}?\bwith\s+(?:a|an|some|the)\s+"
     r"(?:man|men|older|adult|stranger|guy|bloke)"),
    ("a child in immediate danger",
     r"\b(?:immediate|imminent|serious) (?:danger|risk|harm)\b|\bin danger\b|\bcall(?:ed|ing)? (?:999|the police)\b"
     r"|\bbeing (?:beaten|attacked|hurt|hit|assaulted|raped) (?:right )?now\b|\blocked (?:in|out)\b[^.]{0,40}\b" + _NOW),
]
_COMPILED = [(kind, re.compile(pattern, re.I)) for kind, pattern in _PATTERNS]
_NOT_DANGER = re.compile(
    r"\b(?:not|no|isn't|is not|wasn't|nobody|no-one|no one)\s+(?:in\s+)?(?:any\s+)?(?:immediate\s+)?(?:danger|risk)\b"
    r"|\b(?:not|isn't|is not)\s+(?:an?\s+)?emergency\b", re.I)


@dataclass(frozen=True)
class DangerSign:
    kind: str
    words: str


_HISTORY = re.compile(r"\b(?:(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th))\s+time|(?:two|three|four|five|several|many|\d+)"
                      r"\s+times|last (?:week|month|year|term)|(?:weeks|months|years) ago|in the past)\b", re.I)
_NOW_RE = re.compile(r"\b" + _NOW + r"\b", re.I)
# A history of being left alone or wandering is NG76 1.3.37 (supervision), not danger now, unless said to be now.
_HISTORY_KINDS = {"a young child left alone", "a very young child unsupervised in danger"}


def danger_signs(text: str) -> list[DangerSign]:
    """Every immediate-danger pattern the text matches, in the order of the list above."""
    if _NOT_DANGER.search(text) and not any(p.search(text) for k, p in _COMPILED[:-1]):
        return []
    history = bool(_HISTORY.search(text)) and not _NOW_RE.search(text)
    signs = []
    for kind, pattern in _COMPILED:
        if history and kind in _HISTORY_KINDS:
            continue
        match = pattern.search(text)
        if match:
            signs.append(DangerSign(kind, match.group(0).strip()))
    return signs


def first_danger_sign(text: str) -> Optional[DangerSign]:
    signs = danger_signs(text)
    return signs[0] if signs else None
