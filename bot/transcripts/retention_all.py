"""Everything retention reaches, in one run: what ``python -m bot transcripts purge`` does each day.

1. The conversations and everything about them (``retention.purge``): events, records, findings, and the
   review app's notes and review status, in the review app's own database when ``BOT_REVIEW_DB`` names one.
2. Practice results recorded before the practice period (``BOT_PRACTICE_RETENTION_DAYS``, default the
   conversations' period), in ``BOT_PRACTICE_DB`` (default ``var/practice.db``, when it exists).
3. The lines of the ``*.log`` files under ``BOT_LOG_DIR`` (default ``var/``, where ``scripts/stack.sh`` writes
   the servers' logs) older than the conversations' period (``log_retention``).
4. Each SQLite file compacted, and with ``vacuum`` rebuilt (``retention.compact``).

Out of its reach, by design: the concern records a lead exports (the app builds each in memory and sends it
with ``Cache-Control: no-store``; it never keeps a copy, and the downloaded file is the organisation's record);
the audit log (ids and fixed words, never what was said); logs written outside ``var/`` (a process manager's
journal, a reverse proxy), which follow the host's own rotation.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session

from bot.transcripts.log_retention import LogReport, log_files, purge_logs
from bot.transcripts.retention import PurgeReport, compact, cutoff_before, purge

logger = logging.getLogger("bot.transcripts.retention")


@dataclass
class RetentionReport:
    conversations: PurgeReport
    practice_cutoff: datetime
    practice_results: Optional[int]     # None: there is no practice database
    logs: LogReport

    def to_dict(self) -> dict:
        return {**self.conversations.to_dict(),
                "practice": {"cutoff": self.practice_cutoff.isoformat(timespec="seconds"),
                             "results": self.practice_results},
                "logs": {"files": self.logs.files, "lines": self.logs.lines}}

    def lines(self) -> list[str]:
        dry_run = self.conversations.dry_run
        lines = [self.conversations.line()]
        if self.practice_results is not None:
            lines.append(practice_line(self.practice_results, self.practice_cutoff, dry_run))
        return lines + [self.logs.line(dry_run)]


def practice_line(results: int, cutoff: datetime, dry_run: bool) -> str:
    verb = "would delete" if dry_run else "deleted"
    return f"retention: {verb} {results} practice results recorded before {cutoff.isoformat(timespec='seconds')}"


def purge_all(conversations: Engine, older_than: timedelta, practice_older_than: timedelta,
              now: Optional[datetime] = None, dry_run: bool = False, review_url: Optional[str] = None,
              practice_url: Optional[str] = None, logs: Optional[Path] = None, vacuum: bool = False
              ) -> RetentionReport:
    """Purge every place named above; ``review_url``, ``practice_url`` and ``logs`` default to the
    environment's."""
    cutoff = cutoff_before(older_than, now)
    review = _review_engine(conversations, review_url)
    try:
        report = purge(conversations, older_than, now=now, dry_run=dry_run, review=review)
        if vacuum and not dry_run:
            for engine in filter(None, (conversations, review)):
                compact(engine, vacuum=True)
    finally:
        if review is not None:
            review.dispose()
    practice_cutoff = cutoff_before(practice_older_than, now)
    practice = purge_practice(practice_url, practice_cutoff, dry_run, vacuum)
    if practice is not None:
        logger.info(practice_line(practice, practice_cutoff, dry_run))
    log_report = purge_logs(log_files(logs or log_folder()), cutoff, dry_run)
    logger.info(log_report.line(dry_run))
    return RetentionReport(report, practice_cutoff, practice, log_report)


def log_folder() -> Path:
    """Where the servers write their logs: ``BOT_LOG_DIR`` (as ``scripts/stack.sh`` reads it; relative to the
    project folder), else ``var/``."""
    from bot.paths import ROOT, var_dir

    named = os.environ.get("BOT_LOG_DIR", "").strip()
    return (ROOT / named if not Path(named).is_absolute() else Path(named)) if named else var_dir()


def _review_engine(conversations: Engine, url: Optional[str]) -> Optional[Engine]:
    """The review app's own database, when it has one with the app's tables; else None (they are beside the
    conversations, if anywhere)."""
    from bot.review.settings import Settings
    from bot.review.tables import Note
    from bot.transcripts.database import create_engine

    url = url or Settings.from_env().review_database_url
    if not url or make_url(url) == conversations.url:
        return None
    if _missing_sqlite_file(url):
        return None
    engine = create_engine(url)
    if not sa.inspect(engine).has_table(Note.__tablename__):
        engine.dispose()
        return None
    return engine


def purge_practice(url: Optional[str], cutoff: datetime, dry_run: bool = False, vacuum: bool = False
                   ) -> Optional[int]:
    """Delete the practice results recorded before ``cutoff``; None when there is no practice database (a
    missing SQLite file is not created)."""
    from bot.scenarios.results import PracticeResult, database_url, delete_results_before
    from bot.transcripts.database import erase_deleted

    url = database_url(url)
    if _missing_sqlite_file(url):
        return None
    engine = sa.create_engine(url, future=True, hide_parameters=True)
    erase_deleted(engine)
    try:
        if not sa.inspect(engine).has_table(PracticeResult.__tablename__):
            return None
        with Session(engine, future=True) as session, session.begin():
            deleted = delete_results_before(session, cutoff, dry_run)
        if not dry_run:
            compact(engine, vacuum=vacuum)
        return deleted
    finally:
        engine.dispose()


def _missing_sqlite_file(url: str) -> bool:
    parsed = make_url(url)
    return parsed.get_backend_name() == "sqlite" and (
        parsed.database in (None, "", ":memory:") or not Path(parsed.database).exists())
