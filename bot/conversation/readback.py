"""Reading back what the assistant understood, so the practitioner can confirm, correct or remove an item."""
from __future__ import annotations

from bot.conversation.concern import Concern, Note

ANYTHING_ELSE = "Is that right? Tell me anything else you noticed, or choose below."
READBACK_BUTTONS = [("That's everything", "/done"), ("Change something", "/correct")]


def label(note: Note) -> str:
    """How one note reads in the list: the guideline's name for it and its level, or why it is set aside."""
    if note.status == "route":
        return note.title
    if note.status == "met":
        return f"NG76 {note.feature}, {note.title.lower()} ({note.level})"
    return f"NG76 {note.feature}, not met as described: {note.reason}"


def readback_lines(concern: Concern) -> list[str]:
    return [f"{n}. {note.words or note.title} → {label(note)}" for n, note in enumerate(concern.notes, start=1)]


def factor_lines(concern: Concern) -> list[str]:
    """The vulnerability factors mentioned, named as what they are (NG76 1.2), not as alerting features."""
    if not concern.factors:
        return []
    names = "; ".join(f"{f['name']} ({f['cite']})" for f in concern.factors)
    return [f"Also noted, as a vulnerability factor rather than an alerting feature: {names}."]


def readback(concern: Concern) -> tuple[str, dict]:
    """The numbered list of notes in plain words, and its payload for channels and transcripts."""
    if not concern.notes:
        return "I haven't noted anything yet.", {"kind": "readback", "items": []}
    text = "\n".join(["I noted:"] + readback_lines(concern) + factor_lines(concern))
    items = [{"n": n, "words": note.words, "feature": note.feature, "level": note.level, "status": note.status}
             for n, note in enumerate(concern.notes, start=1)]
    return text, {"kind": "readback", "items": items}


def removal_buttons(concern: Concern) -> list[tuple[str, str]]:
    """One button per note, to remove it; the payload carries its number (typed "remove 2" works too)."""
    return [(f"Remove {n}: {short(note.words or note.title)}", f'/correct{{"item":"{n}"}}')
            for n, note in enumerate(concern.notes, start=1)]


def short(words: str, limit: int = 40) -> str:
    return words if len(words) <= limit else words[: limit - 1].rsplit(" ", 1)[0] + "…"
