"""Contractions typed without their apostrophe ("cant", "hes", "wont") and common text-speak ("sed", "wen",
"waitin"), restored before the explicit patterns read.

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
    # spelled as said: "lad 15 sed to me tonite his stepdad batters him wen hes had a drink"
    "sed": "said", "sez": "says", "wen": "when", "wiv": "with", "nuffin": "nothing", "nuthin": "nothing",
    "dunno": "don't know", "abt": "about", "b4": "before", "thru": "through", "tho": "though", "wat": "what", "n": "and",
}
# A dropped final g ("waitin", "screamin"), restored only for verbs that have no other meaning without it
# ("begin", "skin", "within" are never touched).
_DROPPED_G = (
    "waitin", "buyin", "comin", "screamin", "doin", "lookin", "goin", "gettin", "sayin", "cryin", "hittin",
    "shoutin", "tellin", "takin", "makin", "leavin", "sittin", "eatin", "feelin", "talkin", "walkin", "runnin",
    "livin", "stayin", "sleepin", "smokin", "drinkin", "fightin", "kickin", "punchin", "beatin", "touchin", "hidin",
    "missin", "wanderin", "starvin", "feedin", "staggerin", "slurrin", "nickin", "showin", "sendin", "askin",
    "hurtin", "bleedin", "shakin", "limpin", "cuttin", "sellin", "dealin", "carryin", "dumpin", "chokin",
    "breathin", "fittin", "wakin", "stabbin", "slappin", "smackin", "stranglin", "grabbin", "pushin", "burnin",
    "vomitin", "threatenin",
)
_CONTRACTIONS.update({word: word + "g" for word in _DROPPED_G})
_WORDS = re.compile(r"\b(" + "|".join(sorted(_CONTRACTIONS, key=len, reverse=True)) + r")\b", re.I)


def restore(text: str) -> str:
    """The text with apostrophes and common text-speak spelled out; the same length is not kept."""
    def put_back(match: re.Match[str]) -> str:
        word = match.group(0)
        if word == "N":
            return word  # an initial ("Child N told me"), not "and"
        full = _CONTRACTIONS[word.lower()]
        return full[0].upper() + full[1:] if word[0].isupper() and full[0] != "I" else full
    return _WORDS.sub(put_back, text)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def plain_sentences(text: str) -> list[str]:
    """The text cut after each full stop, question or exclamation mark: the patterns' own sentences.

    Cheaper than spaCy's and the same for every pattern reader that pairs words within a sentence or the next
    (``suspect_signs``, ``beyond``), so a long message costs one pass per sentence, not a pattern across all of it."""
    return _SENTENCE_END.split(text)


def sentence_bounds(text: str, start: int, end: int, marks: str = ".!?") -> tuple[int, int]:
    """Where the sentence holding ``text[start:end]`` begins and ends: after the last of ``marks`` before ``start``,
    up to the first after ``end`` (or the text's ends)."""
    begin = max(text.rfind(mark, 0, start) for mark in marks) + 1
    ends = [i for i in (text.find(mark, end) for mark in marks) if i >= 0]
    return begin, min(ends) if ends else len(text)

