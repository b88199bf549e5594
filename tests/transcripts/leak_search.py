"""Searching stored data and logs for personal details, for the end-to-end privacy tests.

Two kinds of haystack. The rows (every value of every row, JSON decoded too) and the logs are text, so a detail
is searched as a whole word. The database files' raw bytes (free pages, the write-ahead log) are not: a short
detail such as "M8", a postcode district, turns up by chance in their binary parts (the row id 19768 is the two
bytes "M8" in an index entry, next to a sender id and a timestamp). A leaked detail in raw bytes is always part
of stored text, a sentence or a JSON string, so there it must stand between spaces, quotes or punctuation;
and where the detail's own sentence is known (``raw_sentence_leaks``), next to the characters that stand beside
it in that sentence, or alone in quotes as a JSON string. Punctuation alone is not enough in a database that
many conversations share: with tens of thousands of rows, a row id's two bytes "M8" next to a space or a comma
turns up by chance.

The rows of a shared database hold other tests' conversations too, among them the bot's own texts (a practice
scenario's fictional child is called Ruby, as is one of the test sentences' children): ``sqlite_rows`` can keep,
of each table with a ``sender_id``, only the rows of the conversations under test.
"""
from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Iterable, Optional


def strings_in(value) -> Iterable[str]:
    """Every string in a decoded JSON value (so that escaped non-ASCII is compared as text)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def texts_of_rows(rows: Iterable[Iterable]) -> str:
    """Every value of the rows as text, and every string inside a JSON value."""
    out = []
    for row in rows:
        for value in row:
            out.append(str(value))
            if isinstance(value, str) and value[:1] in "[{":
                try:
                    out.extend(strings_in(json.loads(value)))
                except ValueError:
                    pass
    return "\n".join(out)


def sqlite_rows(path: Path, senders_like: Optional[str] = None) -> str:
    """Every value of every row of every table of a SQLite file, JSON decoded too; with ``senders_like`` (a
    LIKE pattern), only the matching conversations' rows of the tables that have a ``sender_id`` column."""
    with sqlite3.connect(path) as connection:
        tables = [name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]

        def rows(table: str) -> Iterable[tuple]:
            columns = {column[1] for column in connection.execute(f'PRAGMA table_info("{table}")')}
            if senders_like is not None and "sender_id" in columns:
                return connection.execute(f'SELECT * FROM "{table}" WHERE sender_id LIKE ?', (senders_like,))
            return connection.execute(f'SELECT * FROM "{table}"')

        return texts_of_rows(row for table in tables for row in rows(table))


# Runs of printable bytes (ASCII or any byte of UTF-8 text), one per line.
_TEXT_RUN = re.compile(rb"[\x20-\x7e\t\n\x80-\xff]{6,}")


def sqlite_raw_text(path: Path) -> str:
    """The runs of printable bytes in a SQLite file and its journal or write-ahead log."""
    return "\n".join(run.decode("utf-8", "replace") for p in sorted(path.parent.glob(path.name + "*"))
                     for run in _TEXT_RUN.findall(p.read_bytes()))


def _forms(value: str) -> set[str]:
    return {value, json.dumps(value)[1:-1]}


def leaks(details: Iterable[str], **haystacks: str) -> list[str]:
    """Each detail found as a whole word (or JSON-escaped) in a text haystack, with where."""
    found = []
    for value in sorted(set(details)):
        for form in _forms(value):
            pattern = re.compile(r"(?<![\w])" + re.escape(form) + r"(?![\w])")
            found += [f"{value!r} in {name}" for name, text in haystacks.items() if pattern.search(text)]
    return sorted(set(found))


_BEFORE_TEXT = r"(?<=[ \t\n\"'(\[{,:;])"
_AFTER_TEXT = r"(?=[ \t\n\"'()\]},.:;!?\\])"


def raw_text_leaks(details: Iterable[str], raw: str, name: str = "database file bytes") -> list[str]:
    """Each detail found in a file's raw text as stored text holds it: between spaces, quotes or punctuation."""
    found = []
    for value in sorted(set(details)):
        for form in _forms(value):
            if re.search(_BEFORE_TEXT + re.escape(form) + _AFTER_TEXT, raw):
                found.append(f"{value!r} in {name}")
    return sorted(set(found))


# How many characters of the sentence beside a detail a stored copy must show.
CONTEXT = 4


def in_its_sentence(sentence: str, start: int, end: int) -> list[str]:
    """The detail with up to CONTEXT characters of its sentence before it, and with those after it: what any
    stored copy of the sentence, or of a quote from it that reaches the detail, holds."""
    detail = sentence[start:end]
    before, after = sentence[max(0, start - CONTEXT):start], sentence[end:end + CONTEXT]
    return [text for text in (before + detail, detail + after) if len(text) > len(detail)]


def raw_sentence_leaks(items: Iterable[tuple[str, list[tuple[int, int]]]], raw: str,
                       name: str = "database file bytes") -> list[str]:
    """Each detail found in a file's raw text beside its own sentence's characters, or as a JSON string of its
    own (an entity's value): (sentence, the details' spans) in ``items``."""
    found = []
    for sentence, spans in items:
        for start, end in spans:
            detail = sentence[start:end]
            candidates = [form for text in in_its_sentence(sentence, start, end) for form in _forms(text)]
            candidates += [f'"{form}"' for form in _forms(detail)]
            if any(candidate in raw for candidate in candidates):
                found.append(f"{detail!r} in {name}")
    return sorted(set(found))
