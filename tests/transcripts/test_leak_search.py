"""The privacy tests' search: it finds a detail in stored text and not in the binary parts of a database page."""
from __future__ import annotations

import json
import sqlite3
import struct

from tests.transcripts.leak_search import leaks, raw_sentence_leaks, raw_text_leaks, sqlite_raw_text, sqlite_rows


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


M8_SENTENCE = ("Dad is staying with a friend somewhere in M8, mum thinks.", [(42, 44)])


def test_a_detail_stored_with_its_sentence_is_found_in_the_files_bytes(tmp_path):
    database = tmp_path / "conversations.db"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE events (data TEXT)")
        connection.execute("INSERT INTO events VALUES (?)", (json.dumps({"text": M8_SENTENCE[0]}),))
    assert raw_sentence_leaks([M8_SENTENCE], sqlite_raw_text(database)) == ["'M8' in database file bytes"]


def test_a_quote_reaching_the_detail_or_the_detail_as_a_json_string_is_found():
    assert raw_sentence_leaks([M8_SENTENCE], '{"evidence": "somewhere in M8"}')
    assert raw_sentence_leaks([M8_SENTENCE], '{"evidence": "M8, mum thinks"}')
    assert raw_sentence_leaks([M8_SENTENCE], '{"entities": [{"value": "M8"}]}')
    sentence = ("Amélie is 6", [(0, 6)])
    assert raw_sentence_leaks([sentence], '{"text": "Am\\u00e9lie is 6"}')


def test_the_detail_between_punctuation_by_chance_is_not_a_leak_of_its_sentence():
    # bytes that spell " M8," in the binary part of a page: no character of the sentence beside them
    raw = "\ufffd\x05 M8,\ufffd\x01pii-rest-1a2b3c4d-3 [LOCATION], mum thinks"
    assert raw_text_leaks(["M8"], raw) == ["'M8' in database file bytes"]  # the plain search is fooled
    assert raw_sentence_leaks([M8_SENTENCE], raw) == []


def test_rows_can_be_kept_to_the_conversations_under_test(tmp_path):
    database = tmp_path / "conversations.db"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE events (sender_id TEXT, data TEXT)")
        connection.execute("CREATE TABLE notes (data TEXT)")
        connection.execute("INSERT INTO events VALUES ('practice-1', 'Ruby, 4, arrived at nursery')")
        connection.execute("INSERT INTO events VALUES ('pii-rest-run-0', 'worried about [NAME]')")
        connection.execute("INSERT INTO notes VALUES ('a note about Sam')")
    everything = sqlite_rows(database)
    assert "Ruby" in everything and "Sam" in everything
    kept = sqlite_rows(database, senders_like="pii-%-run-%")
    assert "Ruby" not in kept and "[NAME]" in kept
    assert "Sam" in kept, "a table without conversations is read whole"
