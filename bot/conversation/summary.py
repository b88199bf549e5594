"""A summary the practitioner can copy into their own recording system (CPOMS, MyConcern or paper).

It holds the date, the observations as confirmed, the features and levels with their numbers, the steps
advised and the contacts given, and never the child's name: names and contact details the practitioner may
have typed are replaced by placeholders (``bot.redaction``) before anything is written here.
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from bot.advice import Advice, cite
from bot.conversation.answers import ROLES, AgeRange
from bot.conversation.concern import Concern
from bot.conversation.readback import label
from bot.redaction import redact
from bot.referral_contacts.office_hours import to_london


def without_identifiers(text: str) -> str:
    """The practitioner's words with names, addresses and contact details replaced by placeholders."""
    return redact(text).text


def summary(concern: Concern, advice: Advice, role: Optional[str], age: Optional[AgeRange],
            now: Optional[datetime] = None) -> tuple[str, dict]:
    """The copyable text, and the same content as a payload (``kind: "summary"``)."""
    moment = to_london(now)
    lines = ["Safeguarding concern: summary for your records (NICE guideline NG76)",
             f"Date: {moment:%d %B %Y, %H:%M} (UK time)"]
    if role:
        lines.append(f"My role: {ROLES.get(role, role)}")
    if age:
        lines.append(f"Child's age: {age.words}")
    lines.append("What I described, in my own words (names and contact details replaced):")
    described = [f"{n}. {d['text']}" + (f" [matched: {'; '.join(d['matched'])}]" if d.get("matched") else
                                       " [not matched to an NG76 alerting feature]")
                 for n, d in enumerate(concern.descriptions, start=1)]
    lines += described or ["- no description typed"]
    lines.append("What the assistant understood (as confirmed):")
    observed = [f"- {without_identifiers(note.words or note.title)} ({label(note)})" for note in concern.notes]
    lines += observed or ["- no NG76 alerting feature was met by what I described"]
    answered = [answer_line(a) for a in concern.answers if a.get("asked")]
    if answered:
        lines.append("My answers to the assistant's questions:")
        lines += answered
    lines.append(f"Overall level: {advice.level.value.upper()}")
    lines.append("Steps advised:")
    lines += [f"{n}. {cite(step)}" for n, step in enumerate(advice.steps, start=1)] or ["- none"]
    lines.append("Contacts given:")
    contacts = advice.contacts.to_payload()
    lines += [f"- {c['label']}: {c.get('phone') or c.get('email') or c.get('url')}" for c in contacts]
    lines.append("Written with an automated assistant that supports, and never replaces, your safeguarding lead "
                 "and local procedures. Add the child's identifiers only in your recording system.")
    payload = {
        "kind": "summary",
        "date": moment.isoformat(timespec="minutes"),
        "role": role,
        "age": age.words if age else None,
        "descriptions": [dict(d) for d in concern.descriptions],
        "observations": [line[2:] for line in observed],
        "answers": [line[2:] for line in answered],
        "level": advice.level.value,
        "features": advice.payload["features"],
        "routes": [route.value for route in advice.routes],
        "steps": [cite(step) for step in advice.steps],
        "contacts": contacts,
    }
    return "\n".join(lines), payload


QUESTION_NAMES = {
    "disclosure": "did the child tell you themselves", "puberty": "has the child reached puberty",
    "under": "is the child under the age in the feature", "persistence": "has it happened more than once",
    "one_off": "was it only once", "resolved": "did the family deal with it promptly",
    "which": "which feature fits better", "explanation": "is it fully explained by another cause",
}
ANSWER_WORDS = {"yes": "yes", "no": "no", "unsure": "not sure", "both": "both"}


def answer_line(answer: dict) -> str:
    """One follow-up question and the practitioner's answer, for the record."""
    question = QUESTION_NAMES.get(answer.get("kind", ""), answer.get("kind", ""))
    about = ", ".join(answer.get("features") or [])
    given = str(answer.get("answer", ""))
    given = ANSWER_WORDS.get(given, given.replace("choice:", "option "))
    return f"- {question.capitalize()} ({about}): {given}"
