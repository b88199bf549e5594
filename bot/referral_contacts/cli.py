"""The ``contacts`` command group.

    python -m bot contacts check [FILE] [--json]
    python -m bot contacts lookup [QUERY] [--at 2026-11-23T21:00] [--file FILE] [--json]
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime
from typing import Optional

from .directory import configured_path, load_directory
from .office_hours import to_london, uk_today

STALE_AFTER_DAYS = 365


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot contacts", description="Local referral contacts.")
    verbs = parser.add_subparsers(dest="verb", required=True)
    check = verbs.add_parser("check", help="check a contacts file; exit 1 if it has problems")
    check.add_argument("file", nargs="?", help="the file to check (default: BOT_CONTACTS_FILE or the example file)")
    check.add_argument("--json", action="store_true", help="print the result as JSON")
    lookup = verbs.add_parser("lookup", help="print what the assistant would give for an area or postcode")
    lookup.add_argument(
        "query", nargs="?", default=None, help="area name, alias, postcode or district (none: the default area)"
    )
    lookup.add_argument("--at", help="UK local time to answer for, e.g. 2026-11-23T21:00 (default: now)")
    lookup.add_argument("--file", help="contacts file (default: BOT_CONTACTS_FILE or the example file)")
    lookup.add_argument("--json", action="store_true", help="print the answer as JSON")
    return parser


def main(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help and on usage errors
        return int(exc.code or 0)
    if args.verb == "check":
        return check(args.file, as_json=args.json)
    return lookup(args.query, at=args.at, file=args.file, as_json=args.json)


def check(file: Optional[str], as_json: bool = False, today: Optional[date] = None) -> int:
    """Print every problem as ``file:line: column: message``; exit 1 when there is any."""
    today = today or uk_today()
    directory = load_directory(file if file else configured_path(), today=today)
    stale = [
        f"{area.file}:{area.line}: checked_on: {area.name} was last checked on {area.checked_on.isoformat()}, "
        f"more than {STALE_AFTER_DAYS} days ago; please check it again"
        for area in directory.areas
        if (today - area.checked_on).days > STALE_AFTER_DAYS
    ]
    if as_json:
        print(json.dumps({
            "file": str(directory.source),
            "found": directory.file_found,
            "areas": [area.name for area in directory.areas],
            "default_area": directory.default_area.name if directory.default_area else None,
            "problems": [
                {"file": p.file, "line": p.line, "field": p.field, "message": p.message} for p in directory.problems
            ],
            "reminders": stale,
        }, indent=2))
    else:
        for problem in directory.problems:
            print(problem)
        for reminder in stale:
            print(f"reminder: {reminder}")
        default = directory.default_area.name if directory.default_area else "none"
        print(
            f"{directory.source}: {len(directory.areas)} area(s) loaded, {len(directory.problems)} problem(s); "
            f"default area: {default}"
        )
    return 1 if directory.problems else 0


def lookup(query: Optional[str], at: Optional[str] = None, file: Optional[str] = None, as_json: bool = False) -> int:
    """Print the answer for a query (text, or JSON with ``--json``); problems with the file go to stderr."""
    try:
        moment = to_london(datetime.fromisoformat(at)) if at else None
    except ValueError:
        print(f"--at {at!r} is not a date and time like 2026-11-23T21:00", file=sys.stderr)
        return 2
    directory = load_directory(file) if file else load_directory()
    if directory.warning:
        print(f"warning: {directory.warning}", file=sys.stderr)
    result = directory.lookup(query, now=moment)
    if as_json:
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(result.to_text())
    return 0
