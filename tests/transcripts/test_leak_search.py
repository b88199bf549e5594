"""The privacy tests' search: it finds a detail in stored text and not in the binary parts of a database page."""
from __future__ import annotations

import json
import sqlite3
import struct

from tests.transcripts.leak_search import leaks, raw_text_leaks, sqlite_raw_text


def test_a_detail_in_a_sentence_is_found_in_the_files_bytes(tmp_path):
    database = tmp_path / "conversations.db"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE events (data TEXT)")
        connection.execute("INSERT INTO events VALUES (?)", (json.dumps({"text": "they moved to M8 last week"}),))
    assert raw_text_leaks(["M8"], sqlite_raw_text(database)) == ["'M8' in database file bytes"]


def test_a_detail_in_a_json_string_is_found():
    assert raw_text_leaks(["M8"], '{"text": "M8"}') == ["'M8' in database file bytes"]
    assert raw_text_leaks(["Amélie Dubois"], '{"text": "Am\\u00e9lie Dubois said"}')


def test_a_row_id_whose_bytes_spell_the_detail_is_not_a_leak():
    # an index entry: the sender id, a float timestamp and the row id 19768, whose two bytes are "M8"
    entry = b"pii-rest-1a2b3c4d-3" + struct.pack(">d", 1764871234.5) + b"#" + struct.pack(">H", 19768) + b"\x05\x01"
    raw = entry.decode("utf-8", "replace")
    assert "M8" in raw
    assert raw_text_leaks(["M8"], raw) == []


def test_in_rows_and_logs_a_detail_is_found_as_a_whole_word_only():
    assert leaks(["M8"], log="posted to M8, then") == ["'M8' in log"]
    assert leaks(["M8"], log="model M80 and XM8") == []
