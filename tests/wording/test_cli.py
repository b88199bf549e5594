"""``python -m bot wording export`` writes every sentence with its key, text and where it is used, for sign-off;
``check`` says whether all is well."""
from __future__ import annotations

import csv
import io
import json

from bot.__main__ import GROUPS
from bot.paths import ROOT
from bot.wording import sentences
from bot.wording.cli import main


def test_the_group_is_on_the_command_surface():
    assert GROUPS["wording"][0] == "bot.wording.cli"


def test_the_csv_export_lists_every_sentence_and_response_with_the_lines_that_use_it(tmp_path, capsys):
    out = tmp_path / "wording.csv"
    assert main(["export", "--format", "csv", "--output", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    by_key = {row["key"]: row for row in rows}
    assert set(sentences()) <= set(by_key)
    assert by_key["read_back.removed"]["text"] == "Removed: {words}."
    assert by_key["read_back.removed"]["variables"] == "words"
    for row in rows:
        assert row["used_at"], f"{row['key']} has no place of use"
        for place in row["used_at"].split("; "):
            if ":" not in place or place.startswith("Rasa's"):
                continue
            path, line = place.rsplit(":", 1)
            written = (ROOT / path).read_text(encoding="utf-8").splitlines()[int(line) - 1]
            if path == "domain.yml":  # a form asks its required slot <slot> with utter_ask_<slot>
                assert written.strip() == f"- {row['key'].removeprefix('utter_ask_')}", place
            else:
                assert row["key"] in written, f"{place} should use {row['key']}: {written!r}"
    greet = by_key["utter_greet"]
    assert greet["source"] == "domain.yml" and greet["text"].startswith("Hello.") and "data/" in greet["used_at"]
    assert "buttons: Yes | No | Not sure" in by_key["utter_ask_danger"]["note"]


def test_the_markdown_export_has_a_table_per_group_for_the_signer(capsys):
    assert main(["export"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("# What the assistant can say")
    assert "## read_back" in text and "## Fixed responses (domain.yml)" in text
    assert "| `read_back.removed` | Removed: {words}. |" in text
    assert "NOT USED" not in text


def test_check_says_all_is_well_and_json_says_so_too(capsys):
    assert main(["check"]) == 0
    assert "none written in the code" in capsys.readouterr().out
    assert main(["check", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"ok": True, "problems": []}


def test_a_usage_error_is_exit_2(capsys):
    assert main(["nonsense"]) == 2
