"""A summary the practitioner can copy into their own recording system (CPOMS, MyConcern or paper).

It holds the date, the observations as confirmed, the features and levels with their numbers, the steps
advised and the contacts given, and never the child's name: names and contact details the practitioner may
have typed are replaced by placeholders (``bot.redaction``) before anything is written here. Its words are
the wording file's (group ``summary``), in the practitioner's voice.
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from bot import wording
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
    lines = [wording.text("summary.title"), wording.text("summary.date", date=f"{moment:%d %B %Y, %H:%M}")]
    if role:
        lines.append(wording.text("summary.role", role=ROLES.get(role, role)))
    if age:
        lines.append(wording.text("summary.age", age=age.words))
    lines.append(wording.text("summary.described"))
    described = [f"{n}. {d['text']} " + (wording.text("summary.matched", matched="; ".join(d["matched"]))
                                         if d.get("matched") else wording.text("summary.not_matched"))
                 for n, d in enumerate(concern.descriptions, start=1)]
    lines += described or ["- " + wording.text("summary.no_description")]
    lines.append(wording.text("summary.understood"))
    observed = [f"- {without_identifiers(note.words or note.title)} ({label(note)})" for note in concern.notes]
    lines += observed or ["- " + wording.text("summary.nothing_met")]
    answered = [answer_line(a) for a in concern.answers if a.get("asked")]
    if answered:
        lines.append(wording.text("summary.answers"))
        lines += answered
    lines.append(wording.text("advice.overall_level", level=advice.level.value.upper()))
    lines.append(wording.text("summary.steps"))
    lines += [f"{n}. {cite(step)}" for n, step in enumerate(advice.steps, start=1)] or [
        "- " + wording.text("summary.no_steps")]
    lines.append(wording.text("summary.contacts"))
    contacts = advice.contacts.to_payload()
    lines += [f"- {c['label']}: {c.get('phone') or c.get('email') or c.get('url')}" for c in contacts]
    lines.append(wording.text("summary.written_with"))
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
    "disclosure": "summary.asked_disclosure", "puberty": "summary.asked_puberty", "under": "summary.asked_under",
    "persistence": "summary.asked_persistence", "one_off": "summary.asked_one_off",
    "resolved": "summary.asked_resolved", "which": "summary.asked_which", "explanation": "summary.asked_explanation",
}
"""Each follow-up question's name in the record, by kind: keys of the wording file."""
ANSWER_WORDS = {"yes": "summary.answer_yes", "no": "summary.answer_no", "unsure": "summary.answer_not_sure",
                "both": "summary.answer_both"}
"""Each answer's words in the record: keys of the wording file."""


def answer_line(answer: dict) -> str:
    """One follow-up question and the practitioner's answer, for the record."""
    kind = answer.get("kind", "")
    question = wording.text(QUESTION_NAMES[kind]) if kind in QUESTION_NAMES else kind
    about = ", ".join(answer.get("features") or [])
    given = str(answer.get("answer", ""))
    if given in ANSWER_WORDS:
        given = wording.text(ANSWER_WORDS[given])
    elif given.startswith("choice:"):
        given = wording.text("summary.answer_option", number=given[len("choice:"):])
    return f"- {question.capitalize()} ({about}): {given}"
