"""The lead's pages: the list and its filters, a transcript, review status, notes, exports and their audit."""
from __future__ import annotations

import re
import zlib
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from .conftest import (CONTACT, T0, consider_conversation, disclosure_conversation, food_conversation,
                       practice_conversation)


def listed(page: str) -> list[str]:
    """The conversation ids in the list page's table, in order."""
    return re.findall(r'href="/transcript\?id=([^"]+)"', page)


@pytest.fixture
def four(any_review):
    """Four conversations on three days: a consider, a suspect with features, a disclosure, and practice."""
    review = any_review
    review.conversation("conv-consider", consider_conversation(T0 - timedelta(days=2)))
    review.conversation("conv-food", food_conversation(T0 - timedelta(days=1)))
    review.conversation("conv-disclosure", disclosure_conversation(T0))
    review.conversation("conv-practice", practice_conversation(T0 + timedelta(hours=1)))
    review.lead = review.logged_in("lead.one", "lead")
    return review


def test_newest_first_without_practice_unless_asked(four):
    lead = four.lead
    assert listed(lead.get("/conversations").text) == ["conv-disclosure", "conv-food", "conv-consider"]
    page = lead.get("/conversations?practice=all").text
    assert listed(page) == ["conv-practice", "conv-disclosure", "conv-food", "conv-consider"]
    assert page.count('class="tag tag-practice">Practice<') == 1
    assert listed(lead.get("/conversations?practice=practice").text) == ["conv-practice"]


@pytest.mark.parametrize("query, expected", [
    ("level=suspect%2B", ["conv-disclosure", "conv-food"]),
    ("level=consider", ["conv-consider"]),
    ("level=danger", []),
    ("feature=1.3.23", ["conv-food"]),
    ("feature=1.3.31", ["conv-consider"]),
    ("route=disclosure", ["conv-disclosure"]),
    ("route=fgm", []),
    ("channel=telegram", ["conv-disclosure"]),
    ("channel=rest", ["conv-food", "conv-consider"]),
    ("since=2026-03-02", ["conv-disclosure"]),
    ("until=2026-02-28", ["conv-consider"]),
    ("since=2026-03-01&until=2026-03-01", ["conv-food"]),
    ("q=lunchboxes", ["conv-food"]),
    ("q=belt", ["conv-disclosure"]),
    ("q=nothing+like+this", []),
    ("sort=level", ["conv-disclosure", "conv-food", "conv-consider"]),
    ("sort=level&level=", ["conv-disclosure", "conv-food", "conv-consider"]),
])
def test_filters_and_search(four, query, expected):
    assert listed(four.lead.get(f"/conversations?{query}").text) == expected


def test_a_filter_that_cannot_be_read_is_said_so(four):
    page = four.lead.get("/conversations?since=yesterday").text
    assert "enter a date like" in page and listed(page) == []


def test_review_status_filter(four):
    lead = four.lead
    lead.get("/transcript?id=conv-food")
    assert lead.post("/transcript/status", {"id": "conv-food", "status": "reviewed"}).status_code == 303
    assert listed(lead.get("/conversations?status=reviewed").text) == ["conv-food"]
    assert listed(lead.get("/conversations?status=open").text) == ["conv-disclosure", "conv-consider"]
    page = lead.get("/conversations").text
    assert page.count("tag-reviewed\">Reviewed<") == 1 and page.count("tag-open\">Not reviewed<") == 2
    lead.get("/transcript?id=conv-food")
    lead.post("/transcript/status", {"id": "conv-food", "status": "open"})
    assert listed(lead.get("/conversations?status=reviewed").text) == []
    statuses = [r["detail"] for r in four.rows("review_audit") if r["action"] == "status"]
    assert statuses == ["status reviewed", "status open"]


def test_the_transcript_shows_messages_with_times_and_the_findings_beside_them(four):
    page = four.lead.get("/transcript?id=conv-food")
    assert page.status_code == 200
    html = page.text
    # the messages, in order, with times (Europe/London: 1 March 2026 is GMT)
    order = [html.index(text) for text in ("is the child in immediate danger", "takes food from other children",
                                           "That&#39;s everything", "If a child is in immediate danger")]
    assert order == sorted(order)
    assert '<time datetime="2026-03-01T09:30:00+00:00">01 Mar 2026, 09:30:00</time>' in html
    assert "Options offered: Yes · No" in html
    # beside the assistant's advice: level, feature with its recommendation number, steps, contacts
    aside = html[html.index('class="message-findings"'):]
    assert "NG76 1.3.23" in aside and "SUSPECT" in aside
    assert "Discuss your concerns with your safeguarding lead" in html and "(NG76 1.3.7)" in html
    assert CONTACT["label"].replace("'", "&#39;") in html and CONTACT["phone"] in html
    # the summary of the whole conversation
    assert "Overall level" in html and 'class="level level-suspect"' in html
    assert "Noted so far" in html


def test_a_practice_transcript_is_labelled(four):
    html = four.lead.get("/transcript?id=conv-practice").text
    assert "A practice conversation" in html


def test_an_unknown_conversation_is_not_found(four):
    assert four.lead.get("/transcript?id=no-such-conversation").status_code == 404
    assert four.lead.get("/transcript").status_code == 404


def test_notes_are_appended_signed_and_timestamped(four):
    lead, review = four.lead, four
    lead.get("/transcript?id=conv-food")
    assert lead.post("/transcript/note", {"id": "conv-food", "note": "Rang the school: the child is safe today."}
                     ).status_code == 303
    review.now += timedelta(minutes=5)
    second = review.logged_in("lead.two", "lead")
    second.get("/transcript?id=conv-food")
    second.post("/transcript/note", {"id": "conv-food", "note": "Referral made to the front door."})
    notes = review.rows("review_notes")
    assert [(n["author"], n["text"]) for n in notes] == [
        ("lead.one", "Rang the school: the child is safe today."), ("lead.two", "Referral made to the front door.")]
    at = [n["at"] if isinstance(n["at"], datetime) else datetime.fromisoformat(n["at"]) for n in notes]
    assert at[1] - at[0] == timedelta(minutes=5) and at[0] == review.now - timedelta(minutes=5)
    html = lead.get("/transcript?id=conv-food").text
    assert html.index("Rang the school") < html.index("Referral made")
    assert "<strong>lead.two</strong> (Safeguarding lead)" in html
    assert "Your note was added" not in html  # only right after adding one
    annotations = [(r["username"], r["sender_id"]) for r in review.rows("review_audit") if r["action"] == "annotate"]
    assert annotations == [("lead.one", "conv-food"), ("lead.two", "conv-food")]


def test_an_empty_note_is_not_stored(four):
    four.lead.get("/transcript?id=conv-food")
    reply = four.lead.post("/transcript/note", {"id": "conv-food", "note": "   "})
    assert "error=note" in reply.headers["location"]
    assert four.rows("review_notes") == []
    assert "Write a note of 1 to" in four.lead.get(reply.headers["location"]).text


def test_personal_details_in_a_note_are_redacted_before_it_is_stored(four):
    four.lead.get("/transcript?id=conv-food")
    four.lead.post("/transcript/note", {"id": "conv-food",
                                        "note": "His mum Sarah rang on 07700 900123 from SW1A 1AA."})
    [note] = four.rows("review_notes")
    assert "Sarah" not in note["text"] and "07700" not in note["text"] and "SW1A" not in note["text"]
    assert "[NAME]" in note["text"] and "[PHONE]" in note["text"]


def test_the_app_has_no_way_to_change_or_delete_a_note_or_an_audit_row(four):
    routes = {("/" + r.path, m) for r in four.app.router.routes for m in r.methods}
    assert {p for p, m in routes if "note" in p} == {"/transcript/note"}
    assert not any(word in p for p, _ in routes for word in ("edit", "delete", "remove", "update"))
    assert {m for p, m in routes if p in ("/audit",)} == {"GET"}
    source = "".join(open(f"bot/review/{name}.py").read() for name in ("app", "conversations", "audit"))
    assert not re.search(r"(update|delete)\((Note|AuditEntry)\b", source)


def test_the_database_refuses_to_change_or_delete_notes_and_audit_rows(four):
    four.lead.get("/transcript?id=conv-food")
    four.lead.post("/transcript/note", {"id": "conv-food", "note": "A first note."})
    assert four.rows("review_notes") and four.rows("review_audit")
    for statement in ("UPDATE review_notes SET text = 'changed'", "DELETE FROM review_notes",
                      "UPDATE review_audit SET username = 'someone else'", "DELETE FROM review_audit"):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"):
            with four.engine.begin() as connection:
                connection.execute(sa.text(statement))
    assert four.rows("review_notes")[0]["text"] == "A first note."


def test_viewing_and_exporting_are_audited(four):
    lead = four.lead
    lead.get("/transcript?id=conv-food")
    lead.post("/transcript/export", {"id": "conv-food", "format": "markdown"})
    lead.get("/transcript?id=conv-food")
    lead.post("/transcript/export", {"id": "conv-food", "format": "pdf"})
    rows = [(r["username"], r["action"], r["sender_id"], r["detail"]) for r in four.rows("review_audit")
            if r["action"] in ("view", "export")]
    assert rows == [("lead.one", "view", "conv-food", None), ("lead.one", "export", "conv-food", "markdown"),
                    ("lead.one", "view", "conv-food", None), ("lead.one", "export", "conv-food", "pdf")]
    admin = four.logged_in("admin.one", "admin")
    page = admin.get("/audit?conversation=conv-food").text
    assert page.count('class="audit-row audit-export"') == 2 and page.count('class="audit-row audit-view"') == 2


def pdf_text(body: bytes) -> str:
    """The text drawn in a PDF made by fpdf2 (its page streams inflated; strings between parentheses)."""
    out = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S):
        try:
            out.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            out.append(stream.decode("latin-1"))
    strings = re.findall(r"\(((?:\\.|[^\\)])*)\)\s*Tj", "\n".join(out))
    return " ".join(re.sub(r"\\(.)", r"\1", s) for s in strings)


def test_the_concern_record_in_markdown_and_pdf(four):
    lead = four.lead
    lead.get("/transcript?id=conv-food")
    lead.post("/transcript/note", {"id": "conv-food", "note": "Discussed with the head teacher."})
    lead.get("/transcript?id=conv-food")
    markdown = lead.post("/transcript/export", {"id": "conv-food", "format": "markdown"})
    assert markdown.status_code == 200
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert re.match(r'attachment; filename="concern-record-conv-food-\d{8}-\d{4}\.md"',
                    markdown.headers["content-disposition"])
    text = markdown.text
    assert text.startswith("# Concern record from an automated assistant")
    for expected in ("conv-food", "2026-03-01 09:30", "NG76 1.3.23", "SUSPECT", "Discuss your concerns",
                     "NG76 1.3.7", "0113 496 0999", "takes food from other children", "Discussed with the head teacher",
                     "lead.one"):
        assert expected in text, expected
    lead.get("/transcript?id=conv-food")
    pdf = lead.post("/transcript/export", {"id": "conv-food", "format": "pdf"})
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    drawn = pdf_text(pdf.content)
    for expected in ("CONCERN RECORD FROM AN AUTOMATED ASSISTANT", "conv-food", "NG76 1.3.23", "SUSPECT",
                     "Discuss your concerns", "0113 496 0999", "takes food from other children",
                     "Discussed with the head teacher"):
        assert expected in drawn, expected
    assert "route" in text.lower() and "Routes" in drawn


def test_a_disclosure_record_names_its_route(four):
    four.lead.get("/transcript?id=conv-disclosure")
    text = four.lead.post("/transcript/export", {"id": "conv-disclosure", "format": "markdown"}).text
    assert "A child tells you about abuse or neglect" in text and "telegram" in text


def test_an_export_needs_a_known_format(four):
    four.lead.get("/transcript?id=conv-food")
    assert four.lead.post("/transcript/export", {"id": "conv-food", "format": "docx"}).status_code == 400
