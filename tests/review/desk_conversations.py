"""Conversations for a lead's morning, as Rasa and the redacting store write them (events and the record).

Each kind the queue must tell apart: danger, a referral route (disclosure), suspect, consider, a practitioner who
left after the assistant noted a suspect feature ("I'll come back to it") and before the advice, one who said
"hi" and nothing more, and practice. Shared by the queue and picture tests and the browser test.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from .conftest import CONTACT, advice, bot, epoch, slot, user


def concern(*notes: tuple[str, str, str], advised: bool = False) -> dict:
    """The ``concern`` slot as ``actions/concern.py`` sets it (only the keys the store keeps matter here)."""
    return {"notes": [{"words": "[redacted]", "feature": f, "level": lv, "title": "", "status": st}
                      for f, lv, st in notes], "questions": [], "asking": None, "answers": [], "finished": False,
            "advised": advised, "advice_key": "", "messages": len(notes)}


def danger_conversation(start: datetime) -> list[dict]:
    t = epoch(start)
    return [user("he is locked in the flat alone and screaming", t),
            slot("concern", concern(("danger", "danger", "route")), t + 1),
            bot("Call 999 now. Overall level: DANGER", t + 2, custom=advice("danger", routes=["danger"]))]


def disclosure_conversation(start: datetime) -> list[dict]:
    t = epoch(start)
    return [user("she told me her stepdad hits her with a belt", t, channel="telegram"),
            bot("A child has told you about abuse. Overall level: SUSPECT", t + 1,
                custom=advice("suspect", routes=["disclosure"]))]


def suspect_conversation(start: datetime) -> list[dict]:
    t = epoch(start)
    return [user("He takes food from other children's lunchboxes every day and hides it", t),
            slot("concern", concern(("1.3.23", "suspect", "met")), t + 1),
            bot("I noted:\n1. takes food → NG76 1.3.23 (suspect)", t + 2,
                custom={"kind": "readback", "items": [{"n": 1, "words": "takes food", "feature": "1.3.23",
                                                       "level": "suspect", "status": "met"}]}),
            user("That's everything", t + 30),
            bot("Overall level: SUSPECT", t + 31, custom=advice("suspect", [("1.3.23", "suspect")])),
            bot("Contacts", t + 32, custom={"kind": "contacts", "area": "Northshire", "contacts": [CONTACT]})]


def consider_conversation(start: datetime) -> list[dict]:
    t = epoch(start)
    return [user("Mum shouts at him at the gate and calls him stupid", t),
            slot("concern", concern(("1.3.31", "consider", "met")), t + 1),
            bot("Overall level: CONSIDER", t + 2, custom=advice("consider", [("1.3.31", "consider")]))]


def left_before_advice_conversation(start: datetime) -> list[dict]:
    """The issue's case: in the role-and-age form the assistant notes 1.3.23 ('I'll come back to it'), with no
    payload; only the concern slot holds the note. The practitioner leaves before the advice."""
    t = epoch(start)
    return [user("hello", t),
            bot("First: is the child in immediate danger right now?", t + 1, buttons=["Yes", "No"]),
            user("No", t + 10),
            bot("What is your role?", t + 11),
            user("she keeps taking food from the bins at lunch and hiding it in her bag", t + 40),
            slot("concern", concern(("1.3.23", "suspect", "met")), t + 41),
            bot("Noted: NG76 1.3.23, persistently steals food (suspect). I'll come back to it.", t + 42),
            bot("What is your role?", t + 43)]


def hello_only_conversation(start: datetime) -> list[dict]:
    t = epoch(start)
    return [user("hi", t), bot("First: is the child in immediate danger right now?", t + 1, buttons=["Yes", "No"])]


def set_aside_conversation(start: datetime) -> list[dict]:
    """A feature set aside after a question (not met as described), then advice at consider: not 'left'."""
    t = epoch(start)
    return [user("he had a bruise on his arm once, fell off his bike", t),
            slot("concern", concern(("1.3.31", "consider", "met"), ("1.3.13", "suspect", "not_met")), t + 1),
            bot("Overall level: CONSIDER", t + 2, custom=advice("consider", [("1.3.31", "consider")]))]


def practice_conversation(start: datetime) -> list[dict]:
    t = epoch(start)
    return [slot("practice_mode", True, t), user("practice", t + 1),
            bot("Practice scenario: food hoarding", t + 2, custom={"kind": "practice", "scenario": "food-hoarding"}),
            slot("concern", concern(("danger", "danger", "route")), t + 3)]


def morning(start: datetime) -> dict[str, list[dict]]:
    """A lead's morning: each kind once, the oldest first (an hour apart), practice last."""
    kinds = (("conv-hello", hello_only_conversation), ("conv-consider", consider_conversation),
             ("conv-suspect", suspect_conversation), ("conv-left", left_before_advice_conversation),
             ("conv-disclosure", disclosure_conversation), ("conv-danger", danger_conversation),
             ("conv-practice", practice_conversation))
    return {name: make(start + timedelta(hours=n)) for n, (name, make) in enumerate(kinds)}


# The order the queue must show them in: danger, the referral route, then suspect with the conversation left
# before the advice first, consider; the greeting last; practice never.
QUEUE_ORDER = ["conv-danger", "conv-disclosure", "conv-left", "conv-suspect", "conv-consider", "conv-hello"]
