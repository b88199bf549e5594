"""Loading a contacts file (CSV, or YAML) into a :class:`ContactDirectory`.

Loading never raises for the file's content. Every problem is collected with its file, line and column;
a row with any problem is left out, so a wrong number is never served, and the good rows still load. A missing
file gives an empty directory (the national routes only) and a problem that says so.
"""
from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Optional, Union

import yaml

from bot import paths

from .lookup import AreaIndex, ContactAnswer, adult_contacts, answer, normalise
from .office_hours import OfficeHours, uk_today
from .schema import (
    COLUMNS,
    LOCAL_ROLES,
    MULTI_VALUE_COLUMNS,
    ROLE_LABELS,
    Area,
    Contact,
    Problem,
    check_date,
    check_district,
    check_email,
    check_flag,
    check_phone,
    check_text,
    check_url,
)

ENV_VAR = "BOT_CONTACTS_FILE"
DEFAULT_FILE_NAME = "example-contacts.csv"
YAML_SUFFIXES = frozenset({".yaml", ".yml"})

Value = Union[str, list]


@dataclass
class RawRow:
    """One area as read from the file, before checks: column -> (value, line of that value)."""

    line: int
    values: dict[str, tuple[Value, int]] = field(default_factory=dict)
    unknown: dict[str, tuple[Value, int]] = field(default_factory=dict)


def configured_path() -> Path:
    """``BOT_CONTACTS_FILE`` (a relative path is taken from the project root), else the example file."""
    configured = os.environ.get(ENV_VAR, "").strip()
    if configured:
        path = Path(configured).expanduser()
        return path if path.is_absolute() else paths.ROOT / path
    return paths.CONTACTS_DIR / DEFAULT_FILE_NAME


@dataclass
class ContactDirectory:
    """The areas loaded from one contacts file, the problems found in it, and lookup over them."""

    areas: list[Area]
    problems: list[Problem]
    source: Optional[Path] = None
    file_found: bool = True

    def __post_init__(self) -> None:
        self._index = AreaIndex(self.areas)

    @property
    def default_area(self) -> Optional[Area]:
        return next((area for area in self.areas if area.is_default), None)

    def lookup(self, query: Optional[str], now: Optional[datetime] = None) -> ContactAnswer:
        """Contacts for an area name, alias or postcode; None or blank means the default area."""
        return answer(self._index, self.default_area, query, now)

    def adult_route(self, query: Optional[str]) -> tuple[list[Contact], str]:
        """Where a concern about someone 18 or over goes, for an area (None or blank: the default area)."""
        area = self.default_area if not (query or "").strip() else self._index.match(query)[0]
        return adult_contacts(area)

    def local_contacts(self) -> list[Contact]:
        """Every local contact the directory can serve (for audits and tests)."""
        return [contact for area in self.areas for contact in area.contacts.values()]

    @property
    def warning(self) -> Optional[str]:
        """One sentence for logs or an operator, or None when the file loaded cleanly."""
        if not self.file_found:
            return (
                f"Contacts file {self.source} was not found: no local contacts are configured, "
                "so only the national routes are given."
            )
        if self.problems:
            lines = sorted({p.line for p in self.problems if p.line and p.line > 1})
            return (
                f"{len(self.problems)} problem(s) in contacts file {self.source}; "
                f"{len(lines)} row(s) not loaded. Run: python -m bot contacts check {self.source}"
            )
        return None


def load_directory(path: Union[str, Path, None] = None, *, today: Optional[date] = None) -> ContactDirectory:
    """Load a contacts file (None: ``BOT_CONTACTS_FILE`` or the example file). Never raises for bad content."""
    source = Path(path) if path is not None else configured_path()
    name = str(source)
    today = today or uk_today()
    try:
        data = source.read_bytes()
    except FileNotFoundError:
        return ContactDirectory([], [Problem(name, None, None, "file not found")], source, file_found=False)
    except OSError as err:
        reason = err.strerror or err.__class__.__name__
        return ContactDirectory([], [Problem(name, None, None, f"cannot read the file: {reason}")], source, False)
    problems: list[Problem] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        problems.append(Problem(name, None, None, "is not UTF-8; read as Windows-1252. Save it as 'CSV UTF-8'"))
    if source.suffix.lower() in YAML_SUFFIXES:
        rows = read_yaml(text, name, problems)
    else:
        rows = read_csv(text, name, problems)
    areas = build_areas(rows, name, problems, today)
    return ContactDirectory(areas, problems, source)


@lru_cache(maxsize=1)
def get_directory() -> ContactDirectory:
    """The configured directory, loaded once per process (``get_directory.cache_clear()`` reloads it)."""
    return load_directory()


# --- reading -------------------------------------------------------------------------------------------


def _column_name(header: str) -> str:
    return "_".join(header.strip().lower().replace("-", " ").split())


def read_csv(text: str, file: str, problems: list[Problem]) -> list[RawRow]:
    """Rows of a spreadsheet CSV: one header row, then one row per area; '#' in the first cell is a comment."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        problems.append(Problem(file, None, None, "the file is empty"))
        return []
    except csv.Error as err:
        problems.append(Problem(file, 1, None, f"cannot read the header row: {err}"))
        return []
    columns = [_column_name(h) for h in header]
    if len(columns) == 1 and ";" in columns[0]:
        problems.append(Problem(file, 1, None, "columns are separated by ';': save the file as CSV with commas"))
        return []
    seen: set[str] = set()
    known: list[bool] = []
    for column in columns:
        ok = column in COLUMNS and column not in seen
        known.append(ok)
        if column in seen:
            message = "this column appears twice; rows using the second copy are skipped"
            problems.append(Problem(file, 1, column, message))
        elif column and column not in COLUMNS:
            message = "unknown column (check the spelling; docs/contacts.md lists the columns)"
            problems.append(Problem(file, 1, column, message))
        seen.add(column)
    if "area" not in seen:
        problems.append(Problem(file, 1, "area", "the header has no 'area' column"))
    rows: list[RawRow] = []
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            problems.append(Problem(file, start, None, f"cannot read this row: {err}"))
            break
        if not any(c.strip() for c in cells) or cells[0].strip().startswith("#"):
            continue
        row = RawRow(start)
        for i, cell in enumerate(cells):
            value = cell.strip()
            if i >= len(columns):
                if value:
                    row.unknown[f"column {i + 1} (no header)"] = (value, start)
                continue
            if known[i]:
                row.values[columns[i]] = (value, start)
            elif value:
                row.unknown[columns[i] or f"column {i + 1} (no header)"] = (value, start)
        rows.append(row)
    return rows


def read_yaml(text: str, file: str, problems: list[Problem]) -> list[RawRow]:
    """Areas from YAML: a list of mappings (optionally under a top-level ``areas`` key), same keys as the CSV."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problems.append(Problem(file, line, None, f"not valid YAML: {err.__class__.__name__}"))
        return []
    if root is None:
        problems.append(Problem(file, None, None, "the file is empty"))
        return []
    items = root
    if isinstance(root, yaml.MappingNode):
        items = None
        for key, value in root.value:
            if key.value == "areas":
                items = value
            else:
                line = key.start_mark.line + 1
                problems.append(Problem(file, line, str(key.value), "unknown top-level key (use 'areas')"))
        if items is None:
            problems.append(Problem(file, 1, "areas", "no 'areas' list"))
            return []
    if not isinstance(items, yaml.SequenceNode):
        problems.append(Problem(file, items.start_mark.line + 1, "areas", "must be a list of areas"))
        return []
    rows: list[RawRow] = []
    for item in items.value:
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            problems.append(Problem(file, line, None, "each area must be a mapping of column: value"))
            continue
        row = RawRow(line)
        for key, node in item.value:
            column = _column_name(str(key.value))
            at = key.start_mark.line + 1
            value: Value
            if isinstance(node, yaml.ScalarNode):
                value = "" if node.tag.endswith(":null") else str(node.value).strip()
            elif isinstance(node, yaml.SequenceNode) and all(isinstance(n, yaml.ScalarNode) for n in node.value):
                value = [str(n.value).strip() for n in node.value]
            else:
                value = "<nested value>"
                row.unknown[column] = (value, at)
                continue
            target = row.values if column in COLUMNS and column not in row.values else row.unknown
            target[column] = (value, at)
        rows.append(row)
    return rows


# --- checking ------------------------------------------------------------------------------------------


class _RowChecker:
    """Checks one raw row, collecting every problem in it."""

    def __init__(self, row: RawRow, file: str):
        self.row, self.file = row, file
        self.problems: list[Problem] = []

    def add(self, column: str, message: str) -> None:
        line = self.row.values.get(column, (None, self.row.line))[1]
        self.problems.append(Problem(self.file, line, column, message))

    def raw(self, column: str) -> Value:
        return self.row.values.get(column, ("", 0))[0]

    def one(self, column: str, check=None, required: bool = False):
        value = self.raw(column)
        if isinstance(value, list):
            self.add(column, "give one value, not a list")
            return None
        if not value:
            if required:
                self.add(column, "missing: this column is required")
            return None
        if check is None:
            return value
        try:
            return check(value)
        except ValueError as err:
            self.add(column, str(err))
            return None

    def many(self, column: str, check) -> list:
        value = self.raw(column)
        parts = value if isinstance(value, list) else value.split(";")
        result = []
        for part in (p.strip() for p in parts):
            if not part:
                continue
            try:
                result.append(check(part))
            except ValueError as err:
                self.add(column, str(err))
        return result


def build_areas(rows: list[RawRow], file: str, problems: list[Problem], today: date) -> list[Area]:
    """Check every row and return the areas of the rows without problems; problems are appended in order."""
    areas: list[Area] = []
    names: dict[str, int] = {}  # normalised name or alias -> line of the row that first used it
    districts: dict[str, int] = {}
    default_line: Optional[int] = None
    for row in rows:
        checker = _RowChecker(row, file)
        for column, (_, at) in row.unknown.items():
            checker.problems.append(Problem(file, at, column, "value in an unknown column; this row is not loaded"))
        area = _check_row(checker, today)
        # Duplicates are judged against every earlier row, loaded or not: a later copy never wins silently.
        keys = {normalise(n) for n in _raw_names(row)} - {""}
        for key in sorted(keys):
            if key in names:
                checker.add("area" if key == normalise(str(checker.raw("area"))) else "aliases",
                            f"{key!r} is already used by the area on line {names[key]}")
        for district in {d.replace(" ", "").upper() for d in _raw_list(checker.raw("postcode_districts"))}:
            if district in districts:
                message = f"{district} is already given to the area on line {districts[district]}"
                checker.add("postcode_districts", message)
        is_default = area.is_default if area else _flag(checker.raw("default"))
        if is_default and default_line is not None:
            checker.add("default", f"the area on line {default_line} is already the default; mark only one")
        for key in keys:
            names.setdefault(key, row.line)
        for district in _raw_list(checker.raw("postcode_districts")):
            districts.setdefault(district.replace(" ", "").upper(), row.line)
        if is_default and default_line is None:
            default_line = row.line
        problems.extend(sorted(checker.problems, key=_problem_order))
        if area is not None and not checker.problems:
            areas.append(area)
    return areas


def _problem_order(problem: Problem) -> tuple[int, int]:
    """Within a row, problems follow the column order of the file."""
    return problem.line or 0, COLUMNS.index(problem.field) if problem.field in COLUMNS else len(COLUMNS)


def _raw_list(value: Value) -> list[str]:
    parts = value if isinstance(value, list) else str(value).split(";")
    return [p.strip() for p in parts if p.strip()]


def _raw_names(row: RawRow) -> list[str]:
    name = row.values.get("area", ("", 0))[0]
    return ([name] if isinstance(name, str) and name else []) + _raw_list(row.values.get("aliases", ("", 0))[0])


def _flag(value: Value) -> bool:
    try:
        return isinstance(value, str) and check_flag(value)
    except ValueError:
        return False


def _check_row(c: _RowChecker, today: date) -> Optional[Area]:
    name = c.one("area", check_text, required=True)
    aliases = c.many("aliases", check_text)
    districts = c.many("postcode_districts", check_district)
    is_default = c.one("default", check_flag) or False
    contacts: dict[str, Contact] = {}
    for role in LOCAL_ROLES:
        person = c.one(f"{role}_name", check_text)
        phone = c.one(f"{role}_phone", check_phone)
        email = c.one(f"{role}_email", check_email)
        url = c.one(f"{role}_url", check_url)
        given = any(c.raw(f"{role}_{channel}") for channel in ("phone", "email", "url"))
        if person and not given:
            c.add(f"{role}_name", "a name without a phone, email or web address; add one or clear the name")
        if phone or email or url:
            label = f"{ROLE_LABELS[role]}: {person}" if person else ROLE_LABELS[role]
            contacts[role] = Contact(role=role, label=label, phone=phone, email=email, url=url, area=name)
    hours = c.one("front_door_hours", OfficeHours.parse)
    if hours is not None:
        if "front_door" in contacts:
            contacts["front_door"] = Contact(**{**contacts["front_door"].to_dict(), "hours": str(hours)})
        elif not any(c.raw(f"front_door_{channel}") for channel in ("phone", "email", "url")):
            c.add("front_door_hours", "office hours without a front door phone, email or web address")
    checked_by = c.one("checked_by", check_text, required=True)
    checked_on = c.one("checked_on", check_date, required=True)
    if checked_on is not None and checked_on > today:
        c.add("checked_on", f"{checked_on.isoformat()} is in the future")
    if name and not any(c.raw(f"{role}_{ch}") for role in LOCAL_ROLES for ch in ("phone", "email", "url")):
        c.add("area", "this area has no contact: give at least one phone, email or web address")
    if c.problems or name is None or checked_by is None or checked_on is None:
        return None
    return Area(
        name=name,
        aliases=tuple(dict.fromkeys(a for a in aliases if normalise(a) != normalise(name))),
        postcode_districts=tuple(dict.fromkeys(districts)),
        is_default=is_default,
        contacts=contacts,
        office_hours=hours,
        checked_by=checked_by,
        checked_on=checked_on,
        file=c.file,
        line=c.row.line,
        notes=str(c.raw("notes")),
    )
