"""The app writes no raw personal detail anywhere itself: notes are redacted before they are stored, and
nothing it logs or audits holds what was typed. Every sentence with personal details in the redaction test
set (tests/redaction/pii_sentences.yml) is added as a note; then every row of every table, the SQLite files'
bytes and every log record are searched for each annotated detail."""
from __future__ import annotations

import logging
import re
from pathlib import Path

from bot.redaction.cli import load_set
from tests.transcripts.leak_search import raw_text_leaks, sqlite_raw_text, sqlite_rows

from .conftest import food_conversation


def details() -> list[tuple[str, list[str]]]:
    return [(text, [text[start:end] for _, start, end in spans]) for text, spans in load_set().with_details]


def everything_in(path: Path) -> tuple[str, str]:
    """Every value of every row (JSON decoded too), and the text in the SQLite files' raw bytes."""
    return sqlite_rows(path), sqlite_raw_text(path)


def in_raw_text(value: str, raw: str) -> bool:
    """Where stored text would hold it: a row id's two bytes can spell a short detail ("M8") in a binary page."""
    return bool(raw_text_leaks([value], raw))


def found(value: str, haystack: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(value) + r"(?!\w)", haystack) is not None


def test_no_personal_detail_from_the_test_set_reaches_the_database_or_the_log(review, caplog):
    caplog.set_level(logging.DEBUG)
    review.conversation("conv-1", food_conversation())
    database = Path(review.url[len("sqlite:///"):])
    rows_before, raw_before = everything_in(database)
    lead = review.logged_in("lead.one", "lead")
    sentences = details()
    assert len(sentences) >= 150
    for text, _ in sentences:
        lead.get("/transcript?id=conv-1")
        reply = lead.post("/transcript/note", {"id": "conv-1", "note": text})
        assert reply.status_code == 303
        # a search and an export with the raw words: neither is stored or logged
        lead.get("/conversations", params={"q": text})
    lead.get("/transcript?id=conv-1")
    lead.post("/transcript/export", {"id": "conv-1", "format": "markdown"})
    assert len(review.rows("review_notes")) == len(sentences)
    rows_after, raw_after = everything_in(database)
    # the app's records and the libraries' under it; not the test client's own (httpx logs its request lines)
    logged = "\n".join(record.getMessage() + str(record.exc_text or "") for record in caplog.records
                       if not record.name.startswith("httpx"))
    leaks = sorted({value for _, values in sentences for value in values
                    if (found(value, rows_after) and not found(value, rows_before))
                    or (in_raw_text(value, raw_after) and not in_raw_text(value, raw_before)) or found(value, logged)})
    assert leaks == []
    assert "[NAME]" in rows_after and "[PHONE]" in rows_after
