"""Contractions typed without their apostrophe ("cant", "hes", "wont"), restored before the explicit patterns read.

Practitioners typing fast on a phone drop apostrophes; the danger, disclosure and qualifier patterns are written
with them. Only words that are almost never meant as themselves are restored ("cant", not "ill" or "its").
"""
from __future__ import annotations

import re

_CONTRACTIONS = {
    "cant": "can't", "wont": "won't", "dont": "don't", "doesnt": "doesn't", "didnt": "didn't", "isnt": "isn't",
    "wasnt": "wasn't", "arent": "aren't", "werent": "weren't", "hasnt": "hasn't", "havent": "haven't",
    "hadnt": "hadn't", "couldnt": "couldn't", "wouldnt": "wouldn't", "shouldnt": "shouldn't", "hes": "he's",
    "shes": "she's", "theyre": "they're", "theyve": "they've", "ive": "I've", "im": "I'm", "youre": "you're",
    "thats": "that's", "whats": "what's", "mums": "mum's", "dads": "dad's", "nite": "night", "tonite": "tonight",
    "2nite": "tonight", "2day": "today", "2moro": "tomorrow", "tmrw": "tomorrow", "rn": "right now",
    "gonna": "going to", "wanna": "want to", "bf": "boyfriend", "gf": "girlfriend",
}
_WORDS = re.compile(r"\b(" + "|".join(sorted(_CONTRACTIONS, key=len, reverse=True)) + r")\b", re.I)


def restore(text: str) -> str:
    """The text with apostrophes and common text-speak spelled out; the same length is not kept."""
    def put_back(match: re.Match[str]) -> str:
        word = match.group(0)
        full = _CONTRACTIONS[word.lower()]
        return full[0].upper() + full[1:] if word[0].isupper() and full[0] != "I" else full
    return _WORDS.sub(put_back, text)
