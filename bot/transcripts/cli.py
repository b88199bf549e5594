"""``python -m bot transcripts <verb>``: the stored conversations, from the command line.

Verbs:
  purge   delete conversations whose last event is older than the retention period, with their notes and
          review status (--days N, else $BOT_RETENTION_DAYS, else 365; --dry-run counts without deleting);
          practice results older than $BOT_PRACTICE_RETENTION_DAYS (default: the same period); and the lines
          of the log files under var/ (--logs DIR) older than the period. --vacuum rebuilds SQLite files.
  list    the conversation records, latest first, for a lead until the review app exists
          (--level, --min-level, --feature, --route, --step, --channel, --practice/--real, --since, --until,
          --search words, --limit)
  roles   PostgreSQL roles for the chatbot, the review app and the retention purge: --print-sql shows the
          script, --apply runs it (as the tables' owner); --chat, --review, --retention name the roles

The database is the one the Rasa server uses: $BOT_DATABASE_URL, else SQLite at $BOT_TRACKER_DB (default
var/conversations.db); --database-url overrides both. The review app's tables are looked for there unless
$BOT_REVIEW_DB (or --review-database-url) names their own; practice results are in $BOT_PRACTICE_DB (default
var/practice.db; --practice-database-url). Output is for people; --json for machines.
Nothing printed or logged holds a message's content except ``list``'s own record fields, which are redacted.

Exit codes: 0 done; 1 the database could not be used; 2 a usage error.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Optional

import sqlalchemy as sa

from bot.transcripts.records import LEVELS, ConversationRecord, Filters
from bot.transcripts.roles import DEFAULTS as DEFAULT_ROLES
from bot.transcripts.roles import TABLE_SETS

EXIT_OK, EXIT_DATABASE, EXIT_USAGE = 0, 1, 2


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(prog="python -m bot transcripts", description=__doc__,
                                          formatter_class=argparse.RawDescriptionHelpFormatter)
    verbs = main_parser.add_subparsers(dest="verb", required=True)

    purge = verbs.add_parser("purge", help="delete conversations older than the retention period")
    purge.add_argument("--days", type=int, help="retention period in days (default $BOT_RETENTION_DAYS or 365)")
    purge.add_argument("--practice-days", type=int,
                       help="for practice results (default $BOT_PRACTICE_RETENTION_DAYS, else --days)")
    purge.add_argument("--dry-run", action="store_true", help="count what would be deleted, delete nothing")
    purge.add_argument("--review-database-url", help="the review app's tables (default: $BOT_REVIEW_DB, else "
                                                     "the conversations' database)")
    purge.add_argument("--practice-database-url", help="practice results (default: $BOT_PRACTICE_DB, else "
                                                       "var/practice.db when it exists)")
    purge.add_argument("--logs", type=Path, help="the folder whose *.log files are purged (default: var/)")
    purge.add_argument("--vacuum", action="store_true",
                       help="SQLite: rebuild the files too (once, for files written before deleted rows were "
                            "overwritten)")

    roles = verbs.add_parser("roles", help="PostgreSQL roles for the chatbot, the review app and retention")
    action = roles.add_mutually_exclusive_group(required=True)
    action.add_argument("--print-sql", action="store_true", help="print the SQL script")
    action.add_argument("--apply", action="store_true", help="create the tables and run the script (as their "
                                                             "owner, on --database-url)")
    roles.add_argument("--chat", default=DEFAULT_ROLES["chat"], help="the chatbot's role (Rasa, action server)")
    roles.add_argument("--review", default=DEFAULT_ROLES["review"], help="the review app's role")
    roles.add_argument("--retention", default=DEFAULT_ROLES["retention"], help="the retention purge's role")
    roles.add_argument("--tables", choices=TABLE_SETS, default="all",
                       help="which tables this database holds (review: the review app's own database)")
    roles.add_argument("--database-url", help="the database (default: $BOT_DATABASE_URL)")

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
    if args.verb == "roles":
        return _roles(args)
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
    from bot.transcripts.retention_all import purge_all
    from bot.transcripts.retention import PRACTICE_RETENTION_ENV, retention_days

    try:
        days = args.days if args.days is not None else retention_days()
        practice_days = (args.practice_days if args.practice_days is not None
                         else retention_days(PRACTICE_RETENTION_ENV, default=days))
    except ValueError as error:
        print(error, file=sys.stderr)
        return EXIT_USAGE
    if days < 1 or practice_days < 1:
        print("--days and --practice-days must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    report = purge_all(
        engine, timedelta(days=days), timedelta(days=practice_days), now=now, dry_run=args.dry_run,
        review_url=args.review_database_url, practice_url=args.practice_database_url, logs=args.logs,
        vacuum=args.vacuum)
    print(json.dumps(report.to_dict()) if args.json else "\n".join(report.lines()))
    return EXIT_OK


def _roles(args: argparse.Namespace) -> int:
    from bot.transcripts import roles

    try:
        chosen = roles.Roles(chat=args.chat, review=args.review, retention=args.retention)
    except ValueError as error:
        print(error, file=sys.stderr)
        return EXIT_USAGE
    if args.print_sql:
        print(roles.sql(chosen), end="")
        return EXIT_OK
    from bot.transcripts.database import create_engine, database_url, describe

    engine = create_engine(args.database_url or database_url())
    try:
        roles.apply(engine, chosen, tables=args.tables)
    except ValueError as error:
        print(error, file=sys.stderr)
        return EXIT_USAGE
    except (roles.RolesError, sa.exc.SQLAlchemyError) as error:
        # the database's own message says which right is missing; it holds no conversation data
        print(f"the roles could not be set up on {describe(engine.url)}: "
              f"{str(getattr(error, 'orig', error)).strip().splitlines()[0]}", file=sys.stderr)
        return EXIT_DATABASE
    finally:
        engine.dispose()
    print(f"database roles set up on {describe(engine.url)}: {roles.describe(chosen)}")
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
