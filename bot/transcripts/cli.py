"""``python -m bot transcripts <verb>``: the stored conversations, from the command line.

Verbs:
  purge   delete conversations whose last event is older than the retention period
          (--days N, else $BOT_RETENTION_DAYS, else 365; --dry-run counts without deleting)
  list    the conversation records, latest first, for a lead until the review app exists
          (--level, --min-level, --feature, --route, --step, --channel, --practice/--real, --since, --until,
          --search words, --limit)

The database is the one the Rasa server uses: $BOT_DATABASE_URL, else SQLite at $BOT_TRACKER_DB (default
var/conversations.db); --database-url overrides both. Output is for people; --json for machines.
Nothing printed or logged holds a message's content except ``list``'s own record fields, which are redacted.

Exit codes: 0 done; 1 the database could not be used; 2 a usage error.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import datetime, timedelta
from typing import Optional

import sqlalchemy as sa

from bot.transcripts.records import LEVELS, ConversationRecord, Filters

EXIT_OK, EXIT_DATABASE, EXIT_USAGE = 0, 1, 2


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(prog="python -m bot transcripts", description=__doc__,
                                          formatter_class=argparse.RawDescriptionHelpFormatter)
    verbs = main_parser.add_subparsers(dest="verb", required=True)

    purge = verbs.add_parser("purge", help="delete conversations older than the retention period")
    purge.add_argument("--days", type=int, help="retention period in days (default $BOT_RETENTION_DAYS or 365)")
    purge.add_argument("--dry-run", action="store_true", help="count what would be deleted, delete nothing")

    listing = verbs.add_parser("list", help="list conversation records, latest first")
    listing.add_argument("--level", choices=LEVELS, help="the overall level is exactly this")
    listing.add_argument("--min-level", choices=LEVELS, help="the overall level is this or higher")
    listing.add_argument("--feature", action="append", default=[], help="an NG76 feature id, e.g. 1.3.23")
    listing.add_argument("--route", action="append", default=[], help="a route: danger, disclosure, fgm...")
    listing.add_argument("--step", action="append", default=[], help="a step id from the knowledge base")
    listing.add_argument("--channel", help="the channel the conversation came in on (rest, telegram...)")
    practice = listing.add_mutually_exclusive_group()
    practice.add_argument("--practice", dest="practice", action="store_const", const=True,
                          help="practice conversations only")
    practice.add_argument("--real", dest="practice", action="store_const", const=False,
                          help="real concerns only (no practice)")
    listing.add_argument("--since", type=_date, help="last active on or after this date (YYYY-MM-DD, UTC)")
    listing.add_argument("--until", type=_date, help="started before this date (YYYY-MM-DD, UTC)")
    listing.add_argument("--search", help="words in the redacted text of the conversation")
    listing.add_argument("--limit", type=int, default=100, help="at most this many (default 100; 0: all)")

    for sub in (purge, listing):
        sub.add_argument("--json", action="store_true", help="print JSON")
        sub.add_argument("--database-url", help="the database (default: $BOT_DATABASE_URL, else the SQLite file)")
    return main_parser


def _date(value: str) -> datetime:
    try:
        return datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2026-01-31") from None


def main(argv: list[str], now: Optional[datetime] = None) -> int:
    """Entry point of ``python -m bot transcripts``."""
    args = parser().parse_args(argv)
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO)
    from bot.transcripts.database import describe, open_database

    try:
        engine, sessions = open_database(args.database_url)
    except sa.exc.SQLAlchemyError as error:
        print(f"cannot use the conversation database: {type(error).__name__}", file=sys.stderr)
        return EXIT_DATABASE
    try:
        if args.verb == "purge":
            return _purge(args, engine, now)
        return _list(args, sessions)
    except sa.exc.SQLAlchemyError as error:
        print(f"the conversation database {describe(engine.url)} failed: {type(error).__name__}", file=sys.stderr)
        return EXIT_DATABASE
    finally:
        engine.dispose()


def _purge(args: argparse.Namespace, engine: sa.engine.Engine, now: Optional[datetime]) -> int:
    from bot.transcripts.retention import purge, retention_days

    try:
        days = args.days if args.days is not None else retention_days()
    except ValueError as error:
        print(error, file=sys.stderr)
        return EXIT_USAGE
    if days < 1:
        print("--days must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    report = purge(engine, timedelta(days=days), now=now, dry_run=args.dry_run)
    print(json.dumps(report.to_dict()) if args.json else report.line())
    return EXIT_OK


def _list(args: argparse.Namespace, sessions: sa.orm.sessionmaker) -> int:
    from bot.transcripts.records import list_records

    filters = Filters(level=args.level, min_level=args.min_level, features=args.feature, routes=args.route,
                      steps=args.step, channel=args.channel, practice=args.practice, since=args.since,
                      until=args.until, text=args.search, limit=args.limit or None)
    with sessions() as session:
        records = list_records(session, filters)
        if args.json:
            print(json.dumps([r.to_dict() for r in records], indent=2))
        else:
            print("\n".join(describe_record(r) for r in records) if records else "no conversations match")
    return EXIT_OK


def describe_record(record: ConversationRecord) -> str:
    """One line for a person: when, where, level, findings, and the conversation id."""
    features = ", ".join(f"{f['id']} ({f['level']})" for f in record.features or []) or "-"
    routes = ", ".join(record.routes or []) or "-"
    flags = " practice" if record.practice else ""
    flags += " contacts" if record.contacts_given else ""
    return (f"{record.last_event_at:%Y-%m-%d %H:%M}  {record.channel or '-':<9} {record.level.upper():<8} "
            f"features {features}; routes {routes}; {record.messages} messages{flags}  {record.sender_id}")
