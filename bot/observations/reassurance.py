"""A professional's finding, or the practitioner's own, that rules the topic out: read as an explanation to confirm.

Independent authors' benign descriptions name a worrying topic and then rule it out with a fact: "the GP's note
says it's just a bruise", "diagnosed with ITP three weeks ago, haematology are following him", "on her centile",
"a vomiting bug ... back on the 50th today", "no pressure, same age". Read alone, the topic's sentence is the feature. NG76 says to keep abuse and neglect in
mind even when a cause seems to explain it, and this project lowers a level only on the practitioner's answer to a
question, so such words never remove a finding here. The mapper (``ObservationMapper._to_confirm_if_ruled_out``)
puts aside *to be confirmed* only the 'consider' features told before a professional's finding, or, for a young
person's same-age relationship, the sexual-behaviour features; never immediate danger or a special route. The
conversation counts them until the practitioner answers "yes" to "does that fully explain it?"
(``bot.conversation.concern``). A contrast after the words ("but", "however", "still") keeps them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from bot.observations.textspeak import restore

_PROFESSIONAL = (r"(?:gp|doctor|dr|consultant|paediatrician|physio\w*|haematolog\w*|health visitor|hv|nurse|dentist|"
                 r"optician|ot|occupational therapist|neurolog\w*|specialist|surgeon|surgical (?:team|follow-?up)|"
                 r"a&e|clinic|midwife|camhs|audiolog\w*|speech and language therapist|salt|educational psychologist|"
                 r"paediatrics|(?:the|his|her|their) team)")
_FOUND = (r"(?:says?|said|confirmed|diagnosed|found|examined|checked|letter|note|notes|assessed|reviewed|follow-?up|"
          r"weighed|saw|seen|explained|told)")
# between the professional and the finding: no parent speaking for them, no denial ("dad insists", "hasn't seen")
_PROFESSIONALS_OWN = (r"(?:(?!\b(?:mum|dad|mother|father|parents?|carers?|not|never|hasn't|haven't|has not|cancel\w*|"
                      r"refus\w*|insists?|claims?|reckons?)\b)[^.]){0,80}?")
# a finding that rules abuse out; "consistent with" only with an innocent cause, never "not what you'd expect"
_BENIGN = (r"(?:(?:it's|it is|its|was|is) (?:just|only) an? \w+|just an? (?:bruise|bump|graze|virus|bug|cold|phase)|"
           r"nothing (?:broken|of concern|to worry about|sinister)|"
           r"(?:fits?|fitted|consistent|in keeping) (?:in )?with (?:the|a|her|his|their|what (?:mum|dad|the parents?|he|she) "
           r"(?:said|described))? ?(?:fall|accident|trip|tumble|story|account|explanation|growth|virus|infection|"
           r"condition|diagnosis|description)|(?<!not )what (?:they|you|we)'d expect|(?:is|are|was|were|all) (?:normal|healed|"
           r"typical|age[- ]appropriate)|growth (?:spurt|thing)|"
           r"(?:on|following|back on|right on|tracking) (?:her|his|their) (?:own )?(?:centile|line)|no concerns|"
           r"thriving|developing (?:well|normally|as expected))")
_PROFESSIONAL_FINDING = re.compile(
    r"\b" + _PROFESSIONAL + r"\b" + _PROFESSIONALS_OWN + r"\b" + _FOUND + r"\b" + _PROFESSIONALS_OWN + r"\b" + _BENIGN
    + r"\b", re.I)
# A diagnosis the specialists are already managing: "diagnosed with ITP ... haematology are following him"
_MANAGED_DIAGNOSIS = re.compile(
    r"\b(?:diagnosed with|known) (?:\w+[\s-]){0,3}?(?:itp|haemophilia|epilepsy|osgood[\w'-]*|"
    r"coeliac|brittle bone|osteogenesis imperfecta|mongolian (?:spots?|blue spots?)|birthmarks?)\b"
    r"[^.]{0,120}?(?:\.[^.]{0,120}?)?\b(?:(?:team|haematology|neurology|consultant|clinic|specialists?) (?:are|is) "
    r"(?:following|involved|monitoring|aware)|under the \w+ team|open[- ]access|(?<!not )what (?:they|you)'d expect)\b",
    re.I)
# Weight regained after a stated illness: "a vomiting bug for a week ... back on the 50th today", "turned out to be cow's
# milk protein allergy. Now on prescribed formula and catching up nicely". Faltering growth from an inadequate diet
# (NG76 1.3.28) is the question, so the practitioner is asked whether the illness fully explains it.
_ILLNESS = (r"(?:bug|virus|viral|norovirus|rotavirus|gastro\w*|d\s?&\s?v|d and v|vomiting|diarrhoea|sickness|allergy|"
            r"intolerance|cmpa|coeliac|crohn'?s|reflux|tonsillitis|infection|chickenpox|flu|covid|illness)")
_REGAINED = (r"(?:back (?:on|to|up to|at) (?:the |her |his |their )?(?:\d{1,2}(?:st|nd|rd|th)|centile|line|birth ?weight)|"
             r"gain(?:ed|ing) (?:weight )?(?:steadily|well|nicely|again)|(?:catching|caught) up (?:well|nicely|again)?|"
             r"climbing back|back to (?:full )?(?:feeds|eating (?:well|normally))|eating well again|"
             r"(?:following|tracking) (?:her|his|their) (?:own )?(?:centile|line) again)")
_RECOVERED_GROWTH = re.compile(r"\b" + _ILLNESS + r"\b[^.]{0,150}?(?:\.[^.]{0,150}?)?\b" + _REGAINED + r"(?=\W|$)", re.I)
# The practitioner rules out what a young person's relationship could mean: a partner of the same age, no pressure
_PEER_RELATIONSHIP = re.compile(
    r"\b(?:no (?:sign of (?:any )?)?(?:pressure|coercion)(?!\s+(?:sores?|ulcers?|areas?|marks?|damage))|same age|"
    r"(?:also|too) 1[3-8]|1[3-8] too)\b", re.I)
_PARTNER = re.compile(r"\b(?:boyfriend|girlfriend|partner|going out|together|seeing each other|relationship)\b", re.I)
_AGE_GAP = re.compile(r"\b(?:older|man|men|adult|in (?:his|her|their) (?:20s|30s|twenties|thirties)|(?:19|[2-5]\d)[\s-]*"
                      r"(?:year[\s-]*old|yo|y/o))\b|\b(?:is|he's|she's|aged|age)\s+(?:19|[2-5]\d)\b", re.I)
_CONTRAST = re.compile(r"\b(?:but|however|although|though|still|yet|despite|worried|concerned|not sure)\b", re.I)


@dataclass(frozen=True)
class RuledOut:
    """The words that rule the topic out, what kind of words they are, and where they end in the text."""

    words: str
    kind: str  # "finding": a professional's finding or a managed diagnosis; "relationship": a peer relationship
    end: int


def ruled_out_by(text: str) -> Optional[RuledOut]:
    """The words that rule the described topic out, if the text has them and nothing after them says otherwise."""
    text = restore(text)
    for kind, pattern in (("finding", _PROFESSIONAL_FINDING), ("finding", _MANAGED_DIAGNOSIS),
                          ("finding", _RECOVERED_GROWTH), ("relationship", _PEER_RELATIONSHIP)):
        match = pattern.search(text)
        if not match or _CONTRAST.search(text[match.end():]):
            continue
        if kind == "relationship" and (not _PARTNER.search(text) or _AGE_GAP.search(text)):
            continue
        if kind == "relationship":  # the sentence, so the question reads "You mentioned her boyfriend is 16 too"
            full_stop = text.rfind(". ", 0, match.start())
            start = max(full_stop + 2 if full_stop != -1 else 0, match.start() - 80)
            stop = text.find(".", match.end())
            words = text[start:stop if stop != -1 else len(text)].strip()
            return RuledOut(words[:120], kind, match.end())
        return RuledOut(match.group(0), kind, match.end())
    return None
