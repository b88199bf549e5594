"""``python -m bot contacts check`` and ``python -m bot contacts lookup``."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot import paths
from bot.referral_contacts.cli import main
from bot.referral_contacts.directory import ENV_VAR

from .conftest import BROKEN

EXAMPLE = paths.CONTACTS_DIR / "example-contacts.csv"


def test_check_clean_file_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "0 problem(s)" in out and "default area: Sample City (fictional)" in out


def test_check_broken_file_lists_file_line_and_field(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(BROKEN)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert f"{BROKEN}:3: front_door_phone: '0113 49' is not a UK phone number (11 digits starting with 0, or +44)" in out
    assert any(line.startswith(f"{BROKEN}:11: checked_on: 2999-01-01 is in the future") for line in out)
    assert out[-1].endswith("2 area(s) loaded, 13 problem(s); default area: Good Area (fictional)")


def test_check_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(BROKEN), "--json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["areas"] == ["Good Area (fictional)", "Also Good Area (fictional)"]
    assert {"file": str(BROKEN), "line": 4, "field": "area", "message": "missing: this column is required"} in result["problems"]


def test_check_missing_file_exits_non_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "nope.csv")]) == 1
    assert "file not found" in capsys.readouterr().out


def test_check_reminds_about_old_entries(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "old.csv"
    path.write_text("area,front_door_phone,checked_by,checked_on\nLeeds,0113 496 0100,Jo,2020-01-01\n")
    assert main(["check", str(path)]) == 0  # a reminder, not a failure
    assert "reminder:" in capsys.readouterr().out


def test_lookup_json_with_typo_and_clock(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lookup", "Sampel City", "--json", "--at", "2026-11-23T21:00", "--file", str(EXAMPLE)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["area"] == "Sample City (fictional)" and result["matched_by"] == "fuzzy"
    assert result["in_office_hours"] is False
    assert result["at"] == "2026-11-23T21:00:00+00:00"
    assert result["contacts"][0]["role"] == "out_of_hours"
    assert [c["role"] for c in result["contacts"] if c["source"] == "national"] == [
        "emergency", "police_non_emergency", "nspcc", "childline", "find_council"
    ]


def test_lookup_daytime_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lookup", "QB1 4AP", "--at", "2026-11-23T10:00", "--file", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "Sample City (fictional): the front door is open now." in out


def test_lookup_unknown_area_prints_national_routes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lookup", "Narnia", "--file", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "No local contact is configured for 'Narnia'." in out
    for route in ("999", "101", "0808 800 5000", "help@nspcc.org.uk", "0800 1111",
                  "https://www.gov.uk/report-child-abuse-to-local-council"):
        assert route in out


def test_lookup_missing_file_warns_and_still_answers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lookup", "Leeds", "--json", "--file", str(tmp_path / "nope.csv")]) == 0
    captured = capsys.readouterr()
    assert "was not found" in captured.err
    assert json.loads(captured.out)["area"] is None


def test_bad_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lookup", "Leeds", "--at", "tonight"]) == 2
    assert main([]) == 2
    assert main(["--help"]) == 0


def test_python_dash_m_bot_contacts(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", ENV_VAR: str(EXAMPLE)}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "contacts", "lookup", "Demo Shire", "--json", "--at", "2026-11-28T11:00"],
        cwd=paths.ROOT, env=env, capture_output=True, text=True, timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["area"] == "Demo Shire (fictional)"
