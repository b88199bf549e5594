"""A professional's finding, or the practitioner's own, that rules the topic out: read as an explanation to confirm.

Independent authors' benign descriptions name a worrying topic and then rule it out with a fact: "the GP's note
says it's just a bruise", "diagnosed with ITP three weeks ago, haematology are following him", "on her centile",
"no pressure, same age". Read alone, the topic's sentence is the feature. NG76 says to keep abuse and neglect in
mind even when a cause seems to explain it, and this project lowers a level only on the practitioner's answer to a
question, so such words never remove a finding here: the mapper puts the message's findings (not immediate
danger, not a child's telling, FGM, trafficking or fabricated illness) aside *to be confirmed*, and the
conversation counts them until the practitioner answers "yes" to "does that fully explain it?"
(``bot.conversation.concern``). A contrast after the words ("but", "however", "still") keeps them.
"""
from __future__ import annotations

import re
from typing import Optional

from bot.observations.textspeak import restore

_PROFESSIONAL = (r"(?:gp|doctor|dr|consultant|paediatrician|physio\w*|haematolog\w*|health visitor|hv|nurse|dentist|"
                 r"optician|ot|occupational therapist|neurolog\w*|specialist|surgeon|surgical (?:team|follow-?up)|"
                 r"a&e|clinic|midwife|camhs|audiolog\w*|speech and language therapist|salt|educational psychologist|"
                 r"paediatrics|(?:the|his|her|their) team)")
_FOUND = (r"(?:says?|said|confirmed|diagnosed|found|examined|checked|letter|note|notes|assessed|reviewed|follow-?up|"
          r"weighed|saw|seen|explained|told)")
_BENIGN = (r"(?:(?:it's|it is|its|was|is) (?:just|only) an? \w+|just an? (?:bruise|bump|graze|virus|bug|cold|phase)|"
           r"nothing (?:broken|wrong|of concern|to worry about|sinister)|fits? (?:with|in with) (?:the|a|what)|"
           r"consistent with (?:the|a|what)|what (?:they|you|we)'d expect|(?:is|are|was|were|all) (?:normal|healed|"
           r"healthy|typical|age[- ]appropriate)|growth (?:spurt|thing)|"
           r"(?:on|following|back on|right on|tracking) (?:her|his|their) (?:own )?(?:centile|line)|no concerns|"
           r"thriving|developing (?:well|normally|as expected))")
_PROFESSIONAL_FINDING = re.compile(
    r"\b" + _PROFESSIONAL + r"\b[^.]{0,80}?\b" + _FOUND + r"\b[^.]{0,80}?\b" + _BENIGN + r"\b", re.I)
# A diagnosis the specialists are already managing: "diagnosed with ITP ... haematology are following him"
_MANAGED_DIAGNOSIS = re.compile(
    r"\b(?:diagnosed with|known|has|with) (?:\w+[\s-]){0,3}?(?:itp|haemophilia|epilepsy|osgood[\w'-]*|eczema|"
    r"coeliac|diabetes|brittle bone|osteogenesis imperfecta|mongolian (?:spots?|blue spots?)|birthmarks?)\b"
    r"[^.]{0,120}?(?:\.[^.]{0,120}?)?\b(?:(?:team|haematology|neurology|consultant|clinic|specialists?) (?:are|is) "
    r"(?:following|involved|monitoring|aware)|under the \w+ team|care plan|as prescribed|open[- ]access|"
    r"what (?:they|you)'d expect)\b", re.I)
# The practitioner rules out what a young person's relationship could mean: same age, no pressure, no older people
_PEER_RELATIONSHIP = re.compile(
    r"\b(?:no (?:sign of (?:any )?)?(?:pressure|coercion|older (?:people|ppl|men|boys))|same age|(?:also|too) 1[3-8]|"
    r"1[3-8] too)\b", re.I)
_CONTRAST = re.compile(r"\b(?:but|however|although|though|still|yet|despite|worried|concerned|not sure)\b", re.I)


def ruled_out_by(text: str) -> Optional[str]:
    """The words that rule the described topic out, if the text has them and nothing after them says otherwise."""
    text = restore(text)
    for pattern in (_PROFESSIONAL_FINDING, _MANAGED_DIAGNOSIS, _PEER_RELATIONSHIP):
        match = pattern.search(text)
        if match and not _CONTRAST.search(text[match.end():]):
            return match.group(0)
    return None
