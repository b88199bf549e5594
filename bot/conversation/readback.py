"""Reading back what the assistant understood, so the practitioner can confirm, correct or remove an item.

The words are the wording file's (``knowledge/wording.yml``, group ``read_back``)."""
from __future__ import annotations

from bot import wording
from bot.conversation.concern import Concern, Note


def anything_else() -> str:
    """The question after every read-back: is it right, and is there more."""
    return wording.text("read_back.anything_else")


def readback_buttons() -> list[tuple[str, str]]:
    """Finish, or correct: the buttons under every read-back."""
    return [(wording.text("read_back.everything_button"), "/done"),
            (wording.text("read_back.change_button"), "/correct")]


def label(note: Note) -> str:
    """How one note reads in the list: the guideline's name for it and its level, or why it is set aside."""
    if note.status == "route":
        return note.title
    if note.status == "met":
        return wording.text("read_back.feature", feature=note.feature, title=note.title.lower(), level=note.level)
    return wording.text("read_back.not_met", feature=note.feature, reason=note.reason)


def readback_lines(concern: Concern) -> list[str]:
    return [f"{n}. {note.words or note.title} → {label(note)}" for n, note in enumerate(concern.notes, start=1)]


def factor_lines(concern: Concern) -> list[str]:
    """The vulnerability factors mentioned, named as what they are (NG76 1.2), not as alerting features."""
    if not concern.factors:
        return []
    names = "; ".join(f"{f['name']} ({f['cite']})" for f in concern.factors)
    return [wording.text("read_back.factors", factors=names)]


def readback(concern: Concern) -> tuple[str, dict]:
    """The numbered list of notes in plain words, and its payload for channels and transcripts."""
    if not concern.notes:
        return wording.text("read_back.nothing_noted"), {"kind": "readback", "items": []}
    text = "\n".join([wording.text("read_back.heading")] + readback_lines(concern) + factor_lines(concern))
    items = [{"n": n, "words": note.words, "feature": note.feature, "level": note.level, "status": note.status}
             for n, note in enumerate(concern.notes, start=1)]
    return text, {"kind": "readback", "items": items}


def removal_buttons(concern: Concern) -> list[tuple[str, str]]:
    """One button per note, to remove it; the payload carries its number (typed "remove 2" works too)."""
    return [(wording.text("read_back.remove_button", number=n, words=short(note.words or note.title)),
             f'/correct{{"item":"{n}"}}')
            for n, note in enumerate(concern.notes, start=1)]


def short(words: str, limit: int = 40) -> str:
    return words if len(words) <= limit else words[: limit - 1].rsplit(" ", 1)[0] + "…"
