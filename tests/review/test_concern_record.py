"""The concern record's two formats, without the app."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.review.concern_record import TITLE, ConcernRecord, NoteLine, pdf_text, to_markdown, to_pdf
from bot.review.conversations import Findings, Message

from .test_conversations import pdf_text as drawn_text


def record(**changes) -> ConcernRecord:
    values = dict(
        sender_id="abc:123/xyz", organisation="Northshire", channel="telegram", practice=False,
        started_at=datetime(2026, 7, 1, 8, 0), last_event_at=datetime(2026, 7, 1, 8, 5),
        findings=Findings(level="danger", features=[{"id": "1.3.20", "level": "suspect", "title": "Bite marks"}],
                          routes=[{"id": "danger", "title": "Immediate danger", "cite": "NG76 1.2.1"}],
                          steps=["Call 999 now (NG76 1.2.1)"],
                          contacts=[{"label": "Police", "phone": "999"}]),
        messages=[Message(datetime(2026, 7, 1, 8, 0), "practitioner", "She’s scared — “he’ll hurt me” → *help* [NAME]"),
                  Message(datetime(2026, 7, 1, 8, 1), "assistant", "", kind="advice", level="danger")],
        notes=[NoteLine(datetime(2026, 7, 1, 9, 0), "lead.one", "Safeguarding lead", "Police informed; 日本 ok")],
        status="reviewed", status_by="lead.one", status_at=datetime(2026, 7, 1, 9, 5), exported_by="lead.one",
        exported_at=datetime(2026, 7, 1, 10, 0), zone=ZoneInfo("Europe/London"))
    values.update(changes)
    return ConcernRecord(**values)


def test_markdown_escapes_what_would_be_markup_and_keeps_the_words():
    text = to_markdown(record())
    assert text.startswith(f"# {TITLE}")
    assert "2026-07-01 09:00 BST" in text  # shown in the deployment's zone
    assert r"\*help\* [NAME]" in text and "She’s scared" in text
    assert "NG76 1.3.20 Bite marks: SUSPECT" in text and "Immediate danger (NG76 1.2.1)" in text
    assert "1. Call 999 now" in text and "Police, 999" in text
    assert "(advice details, listed above)" in text
    assert "reviewed by lead.one" in text and "Police informed" in text


def test_the_pdf_writes_latin_1_and_ascii_for_the_rest():
    assert pdf_text("She’s “here” — now → •") == "She's \"here\" - now -> -"
    assert pdf_text("日本") == "??"
    body = to_pdf(record())
    assert body.startswith(b"%PDF-") and body.rstrip().endswith(b"%%EOF")
    drawn = drawn_text(body)
    assert "She's scared - \"he'll hurt me\" -> *help* [NAME]" in drawn
    assert "Police informed; ?? ok" in drawn and "abc:123/xyz" in drawn


def test_a_record_with_nothing_found_says_so():
    empty = record(findings=Findings(level="none", features=[], routes=[], steps=[], contacts=[]), messages=[],
                   notes=[], status=None)
    text = to_markdown(empty)
    assert "No NG76 alerting feature was found." in text and "No notes." in text and "not reviewed" in text
    assert "No messages are stored" in text
    assert to_pdf(empty).startswith(b"%PDF-")


def test_the_file_name_is_safe():
    assert record().filename("pdf") == "concern-record-abc-123-xyz-20260701-1000.pdf"
