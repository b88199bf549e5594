"""Loading a contacts file: every problem reported with file, line and column; bad rows never served."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot import paths
from bot.referral_contacts import load_directory
from bot.referral_contacts.directory import ENV_VAR, configured_path, get_directory
from bot.referral_contacts.schema import COLUMNS

from .conftest import BROKEN, THREE_AREAS, TODAY, base_row, write_csv


def test_three_areas_load(three_areas_file: Path) -> None:
    d = load_directory(three_areas_file, today=TODAY)
    assert d.problems == [] and d.warning is None
    assert [a.name for a in d.areas] == ["Leeds", "Manchester", "Bristol"]
    assert d.default_area is not None and d.default_area.name == "Leeds"
    leeds = d.areas[0]
    assert leeds.aliases == ("Leeds City Council", "Leeds CC")
    assert leeds.postcode_districts == ("LS1", "LS2", "LS14")
    assert set(leeds.contacts) == {"front_door", "out_of_hours", "police", "lado", "dsl", "deputy_dsl"}
    front = leeds.contacts["front_door"]
    assert (front.phone, front.email, front.hours) == (
        "0113 496 0100", "frontdoor.leeds@example.org", "Mon-Thu 08:30-17:00; Fri 08:30-16:30"
    )
    assert front.label == "Children's social care front door: Leeds Front Door (MASH)"
    assert leeds.contacts["police"].label == "Police child protection / safeguarding"


# One row per kind of mistake: (column overrides on a valid row, the column that must be reported).
MALFORMED = [
    pytest.param({"front_door_phone": "0113 49"}, "front_door_phone", id="short phone"),
    pytest.param({"out_of_hours_phone": "113 496 0999"}, "out_of_hours_phone", id="phone without 0"),
    pytest.param({"police_phone": "+1 212 555 0100"}, "police_phone", id="foreign phone"),
    pytest.param({"area": ""}, "area", id="missing name"),
    pytest.param({"front_door_email": "frontdoor@"}, "front_door_email", id="bad email"),
    pytest.param({"lado_url": "example.org/lado"}, "lado_url", id="bad url"),
    pytest.param({"front_door_hours": "Mon-Fri 9am-5pm"}, "front_door_hours", id="bad office hours"),
    pytest.param({"checked_by": ""}, "checked_by", id="missing checked_by"),
    pytest.param({"checked_on": ""}, "checked_on", id="missing checked_on"),
    pytest.param({"checked_on": "2026-11-24"}, "checked_on", id="checked_on tomorrow"),
    pytest.param({"checked_on": "Oct 2026"}, "checked_on", id="checked_on not a date"),
    pytest.param({"postcode_districts": "LS1; 99"}, "postcode_districts", id="bad district"),
    pytest.param({"default": "maybe"}, "default", id="bad default flag"),
    pytest.param({"dsl_name": "Alex 0113 496 0000"}, "dsl_name", id="number hidden in a name"),
    pytest.param({"deputy_dsl_phone": "", "deputy_dsl_name": "Sam Sample"}, "deputy_dsl_name", id="name without contact"),
]


@pytest.mark.parametrize("overrides, column", MALFORMED)
def test_each_malformed_entry_is_reported_and_not_served(tmp_path: Path, overrides: dict, column: str) -> None:
    good = dict(THREE_AREAS[1])  # Manchester, with its own numbers
    bad = base_row(**{"default": "", **overrides})
    path = write_csv(tmp_path / "contacts.csv", [good, bad])
    d = load_directory(path, today=TODAY)
    assert [(p.file, p.line, p.field) for p in d.problems] == [(str(path), 3, column)]
    assert [a.name for a in d.areas] == ["Manchester"]
    assert d.lookup("Leeds").area is None
    assert d.lookup("LS1 4AP").area is None
    served = {c.phone for c in d.local_contacts()} | {c.email for c in d.local_contacts()}
    assert not (served - {None}) & {"0113 496 0100", "frontdoor.leeds@example.org", "0113 496 0999"}


def test_duplicate_name_or_alias_rejects_the_later_row(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", [
        base_row(),
        base_row(area="Leeds City Council", aliases="", postcode_districts="", default=""),
        base_row(area="Wakefield", aliases="LEEDS", postcode_districts="", default=""),
        base_row(area="leeds", aliases="", postcode_districts="", default=""),
    ])
    d = load_directory(path, today=TODAY)
    assert [(p.line, p.field) for p in d.problems] == [(3, "area"), (4, "aliases"), (5, "area")]
    assert "already used by the area on line 2" in d.problems[0].message
    assert [a.name for a in d.areas] == ["Leeds"]


def test_unknown_column_is_reported_and_rows_using_it_are_skipped(tmp_path: Path) -> None:
    columns = list(COLUMNS) + ["fax"]
    york = base_row(area="York", aliases="", postcode_districts="", default="", front_door_phone="0113 496 0200")
    path = write_csv(tmp_path / "c.csv", [base_row(), dict(york, fax="0113 496 0001")], columns)
    d = load_directory(path, today=TODAY)
    assert [(p.line, p.field) for p in d.problems] == [(1, "fax"), (3, "fax")]
    assert [a.name for a in d.areas] == ["Leeds"]


def test_headers_are_forgiving_about_case_and_spaces(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("Area, Front Door Phone ,Checked-By,CHECKED_ON\nLeeds,0113 496 0100,Jo,2026-10-01\n", encoding="utf-8")
    d = load_directory(path, today=TODAY)
    assert d.problems == [] and d.areas[0].contacts["front_door"].phone == "0113 496 0100"


def test_a_row_with_no_contact_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("area,checked_by,checked_on\nLeeds,Jo,2026-10-01\n", encoding="utf-8")
    d = load_directory(path, today=TODAY)
    assert [(p.line, p.field) for p in d.problems] == [(2, "area")] and d.areas == []


def test_broken_fixture_reports_every_problem_and_loads_the_good_rows() -> None:
    d = load_directory(BROKEN, today=TODAY)
    assert [(p.line, p.field) for p in d.problems] == [
        (1, "fax"),
        (3, "front_door_phone"),
        (4, "area"),
        (5, "aliases"),
        (6, "front_door_email"),
        (7, "front_door_url"),
        (8, "front_door_hours"),
        (9, "checked_by"),
        (10, "checked_on"),
        (11, "checked_on"),
        (12, "fax"),
        (13, "postcode_districts"),
        (14, "default"),
    ]
    assert all(p.file == str(BROKEN) for p in d.problems)
    assert str(d.problems[1]) == f"{BROKEN}:3: front_door_phone: '0113 49' is not a UK phone number (11 digits starting with 0, or +44)"
    assert [a.name for a in d.areas] == ["Good Area (fictional)", "Also Good Area (fictional)"]
    assert d.areas[1].checked_on.isoformat() == "2026-10-01"  # 01/10/2026, as a spreadsheet saves it
    served = {c.phone for c in d.local_contacts()}
    assert served == {"0113 496 0001", "0113 496 0002", "0161 496 0001", "0161 496 0002"}
    assert d.warning is not None and "13 problem(s)" in d.warning


def test_comment_rows_and_blank_rows_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("area,front_door_phone,checked_by,checked_on\n\n# note to self,,,\n,,,\nLeeds,0113 496 0100,Jo,2026-10-01\n")
    d = load_directory(path, today=TODAY)
    assert d.problems == [] and d.areas[0].line == 5


def test_excel_bom_and_windows_1252(tmp_path: Path) -> None:
    text = "area,front_door_phone,checked_by,checked_on\nLeeds,0113 496 0100,Zoë Example,2026-10-01\n"
    bom = tmp_path / "bom.csv"
    bom.write_bytes(text.encode("utf-8-sig"))
    d = load_directory(bom, today=TODAY)
    assert d.problems == [] and d.areas[0].checked_by == "Zoë Example"
    legacy = tmp_path / "legacy.csv"
    legacy.write_bytes(text.encode("cp1252"))
    d = load_directory(legacy, today=TODAY)
    assert [p.message for p in d.problems] == ["is not UTF-8; read as Windows-1252. Save it as 'CSV UTF-8'"]
    assert d.areas[0].checked_by == "Zoë Example"


def test_semicolon_separated_file_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("area;front_door_phone;checked_by;checked_on\nLeeds;0113 496 0100;Jo;2026-10-01\n")
    d = load_directory(path, today=TODAY)
    assert d.areas == [] and "separated by ';'" in d.problems[0].message


def test_missing_file_gives_an_empty_directory_with_a_warning(tmp_path: Path) -> None:
    missing = tmp_path / "nope.csv"
    d = load_directory(missing)
    assert d.areas == [] and d.default_area is None and not d.file_found
    assert [str(p) for p in d.problems] == [f"{missing}: file not found"]
    assert d.warning is not None and "not found" in d.warning and "national routes" in d.warning
    ans = d.lookup("Leeds")
    assert ans.area is None and ans.local == [] and [c.role for c in ans.national][0] == "emergency"
    assert d.lookup(None).area is None


def test_default_path_is_resolved_from_the_package_not_the_cwd(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.chdir(tmp_path)
    assert configured_path() == paths.CONTACTS_DIR / "example-contacts.csv"
    d = load_directory()
    assert d.file_found and d.problems == [] and len(d.areas) >= 3


def test_environment_variable_chooses_the_file(monkeypatch: pytest.MonkeyPatch, three_areas_file: Path, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV_VAR, str(three_areas_file))
    assert [a.name for a in load_directory(today=TODAY).areas] == ["Leeds", "Manchester", "Bristol"]
    monkeypatch.setenv(ENV_VAR, "contacts/does-not-exist.csv")  # relative: from the project root
    assert configured_path() == paths.ROOT / "contacts" / "does-not-exist.csv"
    d = load_directory()
    assert not d.file_found and d.areas == []


def test_get_directory_loads_once(monkeypatch: pytest.MonkeyPatch, three_areas_file: Path) -> None:
    monkeypatch.setenv(ENV_VAR, str(three_areas_file))
    get_directory.cache_clear()
    try:
        assert get_directory() is get_directory()
        assert get_directory().areas[0].name == "Leeds"
    finally:
        get_directory.cache_clear()


YAML_FILE = """\
# Contacts as YAML: same keys as the CSV columns
areas:
  - area: Leeds
    aliases: [Leeds City Council, Leeds CC]
    postcode_districts: LS1; LS2; LS14
    default: yes
    front_door_phone: 0113 496 0100
    front_door_hours: Mon-Thu 08:30-17:00; Fri 08:30-16:30
    out_of_hours_phone: 0113 496 0999
    checked_by: Jo Example
    checked_on: 2026-10-01
  - area: Manchester
    front_door_phone: 0161 496 01
    checked_by: Jo Example
    checked_on: 2026-10-01
  - area: Bristol
    front_door_phone: 0117 496 0100
    fax: 0117 496 0199
    checked_by: Jo Example
    checked_on: 2026-10-01
"""


def test_yaml_files_load_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "contacts.yml"
    path.write_text(YAML_FILE)
    d = load_directory(path, today=TODAY)
    assert [(p.line, p.field) for p in d.problems] == [(13, "front_door_phone"), (18, "fax")]
    assert [a.name for a in d.areas] == ["Leeds"]
    leeds = d.areas[0]
    assert leeds.aliases == ("Leeds City Council", "Leeds CC") and leeds.is_default
    assert leeds.postcode_districts == ("LS1", "LS2", "LS14")


def test_invalid_yaml_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "contacts.yaml"
    path.write_text("areas:\n  - area: [unclosed\n")
    d = load_directory(path, today=TODAY)
    assert d.areas == [] and d.problems and d.problems[0].line is not None


def test_all_three_areas_fixture_is_valid_for_every_row() -> None:
    assert len(THREE_AREAS) == 3
