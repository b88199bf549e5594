"""Retention for the log files under ``var/``: lines older than the period are cut out of each ``*.log`` file.

The servers' logs (``scripts/stack.sh`` writes ``var/rasa.log`` and ``var/actions.log``) are redacted
(``log_filter``) but redaction replaces names and numbers, it does not remove the words around them: at
DEBUG level Rasa logs every parsed message and tracker, and an error can quote what it was given. So the logs
are kept no longer than the conversations: ``python -m bot transcripts purge`` calls ``purge_logs``.

Each line is dated by the time at its start (Rasa's and the action server's ``2026-06-01 12:00:00,123``,
Sanic's ``[2026-06-01 12:00:00 +0000]``; a time with no zone is the machine's local time). A line without a
time (a traceback, a continuation) goes with the dated line before it; lines before the first dated one are as
old as it (they were written before it), and a file with no dated line at all is as old as its last change.
The file is rewritten in place, so a server that appends to it (``>>``) carries on writing to the same file.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Optional

_STAMP_RE = re.compile(
    rb"^(?:\x1b\[[\d;]*m)*\[?(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:[.,]\d+)?"
    rb"(?: ?(Z|[+-]\d{2}:?\d{2}))?")


@dataclass
class LogReport:
    files: int = 0      # files that lost lines (or would)
    lines: int = 0      # lines cut (or that would be)

    def line(self, dry_run: bool = False) -> str:
        verb = "would cut" if dry_run else "cut"
        return f"retention: {verb} {self.lines} log lines older than the period from {self.files} files"


def log_files(folder: Path) -> list[Path]:
    """Every ``*.log`` file under ``folder`` (none when it does not exist)."""
    return sorted(p for p in folder.rglob("*.log") if p.is_file()) if folder.is_dir() else []


def purge_logs(files: Iterable[Path], cutoff: datetime, dry_run: bool = False) -> LogReport:
    """Cut the lines written before ``cutoff`` (aware, or naive UTC) out of each file."""
    if cutoff.tzinfo is None:
        cutoff = cutoff.replace(tzinfo=timezone.utc)
    report = LogReport()
    for path in files:
        cut = purge_log_file(path, cutoff, dry_run)
        if cut:
            report.files += 1
            report.lines += cut
    return report


def purge_log_file(path: Path, cutoff: datetime, dry_run: bool = False) -> int:
    """Cut the old lines out of one file, in place; the number of lines cut."""
    with open(path, "r+b") as log:
        data = log.read()
        lines = data.splitlines(keepends=True)
        old = _old_lines(lines, cutoff, _modified(path))
        if not any(old):
            return 0
        if dry_run:
            return sum(old)
        kept = b"".join(line for line, is_old in zip(lines, old) if not is_old)
        log.seek(len(data))
        kept += log.read()   # whatever a server appended while this ran
        log.seek(0)
        log.write(kept)
        log.truncate()
    return sum(old)


def _old_lines(lines: list[bytes], cutoff: datetime, modified: datetime) -> list[bool]:
    stamps = [_stamp(line) for line in lines]
    first = next((s for s in stamps if s is not None), modified)
    current, old = first, []
    for stamp in stamps:
        current = stamp or current
        old.append(current < cutoff)
    return old


def _stamp(line: bytes) -> Optional[datetime]:
    found = _STAMP_RE.match(line)
    if not found:
        return None
    day, time_, zone = (part.decode("ascii") if part else None for part in found.groups())
    try:
        moment = datetime.fromisoformat(f"{day}T{time_}")
    except ValueError:
        return None
    if zone:
        zone = "+00:00" if zone == "Z" else (zone if ":" in zone else f"{zone[:3]}:{zone[3:]}")
        return moment.replace(tzinfo=datetime.fromisoformat(f"2000-01-01T00:00:00{zone}").tzinfo)
    return moment.astimezone()  # the machine's local time, as Python's logging writes it


def _modified(path: Path) -> datetime:
    return datetime.fromtimestamp(os.stat(path).st_mtime, tz=timezone.utc)
