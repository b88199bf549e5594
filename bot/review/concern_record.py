"""The concern record of one conversation, as Markdown and as PDF, for a lead to file in their own system.

Both say at the top that it is a concern record from an automated assistant, and hold: the conversation id,
its dates, the features with their levels and NG76 recommendation numbers, the routes, the steps and contacts
the assistant gave, the transcript (redacted, as stored), the review status and the lead's notes (redacted),
and who exported it when. The PDF uses the PDF core fonts (fpdf2), so characters outside Latin-1 are written
as their nearest ASCII, or "?".
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Optional, Sequence
from zoneinfo import ZoneInfo

from bot.review.conversations import Findings, Message

TITLE = "Concern record from an automated assistant"
DISCLAIMER = ("This record was produced by an automated assistant that follows NICE guideline NG76 (child abuse "
              "and neglect). It supports, and never replaces, professional judgement, the safeguarding lead and "
              "local multi-agency procedures. Personal details were removed from the conversation and the notes "
              "before they were stored; add the child's identifiers only in your recording system.")


@dataclass
class NoteLine:
    at: datetime
    author: str
    role: str
    text: str


@dataclass
class ConcernRecord:
    sender_id: str
    organisation: str
    channel: Optional[str]
    practice: bool
    started_at: datetime
    last_event_at: datetime
    findings: Findings
    messages: Sequence[Message]
    notes: Sequence[NoteLine]
    status: Optional[str]
    status_by: Optional[str]
    status_at: Optional[datetime]
    exported_by: str
    exported_at: datetime
    zone: ZoneInfo

    def when(self, moment: Optional[datetime], seconds: bool = False) -> str:
        if moment is None:
            return "-"
        local = moment.replace(tzinfo=timezone.utc).astimezone(self.zone)
        return local.strftime("%Y-%m-%d %H:%M:%S %Z" if seconds else "%Y-%m-%d %H:%M %Z")

    def filename(self, extension: str) -> str:
        safe = re.sub(r"[^A-Za-z0-9_-]+", "-", self.sender_id)[:40].strip("-") or "conversation"
        return f"concern-record-{safe}-{self.exported_at:%Y%m%d-%H%M}.{extension}"

    # ------------------------------------------------------------------ the parts, as lines of plain text
    def summary_lines(self) -> list[tuple[str, str]]:
        status = "not reviewed"
        if self.status:
            status = f"{'reviewed' if self.status == 'reviewed' else 'reopened'} by {self.status_by}, " \
                     f"{self.when(self.status_at)}"
        return [
            ("Conversation id", self.sender_id),
            ("Organisation", self.organisation),
            ("Channel", self.channel or "-"),
            ("Practice conversation", "yes (a training scenario, not a real concern)" if self.practice else "no"),
            ("Started", self.when(self.started_at)),
            ("Last message", self.when(self.last_event_at)),
            ("Overall level", self.findings.level.upper()),
            ("Review status", status),
            ("Exported", f"{self.when(self.exported_at)} by {self.exported_by}"),
        ]

    def feature_lines(self) -> list[str]:
        return [f"NG76 {f['id']} {f['title']}: {f['level'].upper()}".replace("  ", " ")
                for f in self.findings.features] or ["No NG76 alerting feature was found."]

    def route_lines(self) -> list[str]:
        return [f"{r['title']} ({r['cite']})" if r.get("cite") else r["title"] for r in self.findings.routes] \
            or ["None."]

    def step_lines(self) -> list[str]:
        return [f"{n}. {step}" for n, step in enumerate(self.findings.steps, start=1)] or ["None were given."]

    def contact_lines(self) -> list[str]:
        return [contact_line(c) for c in self.findings.contacts] or ["None were shown."]

    def message_lines(self) -> list[tuple[str, str]]:
        out = []
        for message in self.messages:
            who = "Practitioner" if message.speaker == "practitioner" else "Assistant"
            text = message.text
            if not text and message.kind:
                text = f"({message.kind} details, listed above)"
            out.append((f"{self.when(message.at, seconds=True)} {who}", text))
        return out


def contact_line(contact: dict) -> str:
    parts = [str(contact.get("label") or contact.get("role") or "Contact")]
    parts += [str(contact[k]) for k in ("phone", "email", "url") if contact.get(k)]
    if contact.get("hours"):
        parts.append(f"hours: {contact['hours']}")
    return ", ".join(parts)


# ---------------------------------------------------------------------------- Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+(?=[.)]))")


_PLACEHOLDER = re.compile(r"\[(NAME|PHONE|EMAIL|ADDRESS|POSTCODE|DOB|NHS_NUMBER)\](?![(:\[])")


def _md(text: str) -> str:
    """Text that Markdown shows as written: inline marks escaped (redaction's placeholders stay readable, as a
    bracketed word alone is no link), and a line that would start a heading, quote or list item made plain."""
    kept = _PLACEHOLDER.sub("\ue000\\1\ue001", text)
    escaped = _MD_SPECIAL.sub(r"\\\1", kept).replace("\ue000", "[").replace("\ue001", "]")
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2) if not m.group(2)[0].isdigit()
                              else m.group(1) + m.group(2) + "\\", escaped)


def to_markdown(record: ConcernRecord) -> str:
    lines = [f"# {TITLE}", "", f"> {DISCLAIMER}", ""]
    lines += [f"- **{label}:** {_md(value)}" for label, value in record.summary_lines()]
    lines += ["", "## What the assistant found", "", "### Alerting features (NG76 recommendation, level)", ""]
    lines += [f"- {_md(line)}" for line in record.feature_lines()]
    lines += ["", "### Routes", ""] + [f"- {_md(line)}" for line in record.route_lines()]
    lines += ["", "## Steps the assistant gave", ""]
    lines += [f"{n}. {_md(step)}" for n, step in enumerate(record.findings.steps, start=1)] or ["None were given."]
    lines += ["", "## Contacts the assistant showed", ""] + [f"- {_md(line)}" for line in record.contact_lines()]
    lines += ["", "## Transcript (personal details removed)", ""]
    for header, text in record.message_lines() or [("", "No messages are stored for this conversation.")]:
        body = "  \n".join(_md(part) for part in text.splitlines()) or "-"
        lines += [f"**{_md(header)}:**  \n{body}" if header else body, ""]
    lines += ["## Notes", ""]
    for note in record.notes:
        body = "  \n".join(_md(part) for part in note.text.splitlines())
        lines += [f"**{record.when(note.at, seconds=True)}, {_md(note.author)} ({_md(note.role)}):**  \n{body}", ""]
    if not record.notes:
        lines += ["No notes.", ""]
    return "\n".join(lines)


# ---------------------------------------------------------------------------- PDF

_ASCII = {"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "•": "-", "…": "...", "→": "->",
          "≥": ">=", "≤": "<=", "\u00a0": " "}


def pdf_text(text: str) -> str:
    """Text the PDF core fonts can write: Latin-1, with typographic marks as ASCII and the rest as "?"."""
    text = "".join(_ASCII.get(ch, ch) for ch in text)
    text = unicodedata.normalize("NFC", text)
    return "".join(ch if ch == "\n" or (32 <= ord(ch) < 256 and ord(ch) not in range(127, 160)) else
                   (unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode() or "?") for ch in text)


def to_pdf(record: ConcernRecord) -> bytes:
    from fpdf import FPDF

    class _Document(FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", "B", 9)
            self.set_text_color(90, 0, 0)
            self.cell(0, 5, pdf_text(f"{TITLE.upper()} - CONFIDENTIAL"), new_x="LMARGIN", new_y="NEXT")
            self.set_text_color(0, 0, 0)
            self.ln(2)

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("Helvetica", "", 8)
            self.cell(0, 5, pdf_text(f"Conversation {record.sender_id} - page {self.page_no()}/{{nb}}"), align="C")

    pdf = _Document(format="A4")
    pdf.set_title(pdf_text(f"{TITLE}: {record.sender_id}"))
    pdf.set_author(pdf_text(record.exported_by))
    pdf.set_creator("safeguarding-assistant review app")
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.alias_nb_pages()
    pdf.add_page()

    def heading(text: str, size: int = 12) -> None:
        pdf.ln(2)
        pdf.set_font("Helvetica", "B", size)
        pdf.multi_cell(0, size * 0.5, pdf_text(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    def para(text: str, style: str = "", size: int = 10) -> None:
        pdf.set_font("Helvetica", style, size)
        pdf.multi_cell(0, 5, pdf_text(text) or "-", new_x="LMARGIN", new_y="NEXT")

    heading(TITLE, 15)
    para(DISCLAIMER, "I", 9)
    pdf.ln(2)
    for label, value in record.summary_lines():
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(48, 5, pdf_text(label + ":"))
        pdf.set_font("Helvetica", "", 10)
        pdf.multi_cell(0, 5, pdf_text(value), new_x="LMARGIN", new_y="NEXT")
    heading("What the assistant found")
    para("Alerting features (NG76 recommendation, level):", "B")
    for line in record.feature_lines():
        para(f"- {line}")
    para("Routes:", "B")
    for line in record.route_lines():
        para(f"- {line}")
    heading("Steps the assistant gave")
    for line in record.step_lines():
        para(line)
    heading("Contacts the assistant showed")
    for line in record.contact_lines():
        para(f"- {line}")
    heading("Transcript (personal details removed)")
    for header, text in record.message_lines() or [("", "No messages are stored for this conversation.")]:
        if header:
            para(header, "B", 9)
        para(text)
        pdf.ln(1)
    heading("Notes")
    for note in record.notes:
        para(f"{record.when(note.at, seconds=True)}, {note.author} ({note.role})", "B", 9)
        para(note.text)
        pdf.ln(1)
    if not record.notes:
        para("No notes.")
    return bytes(pdf.output())
