"""Log retention: lines older than the period are cut out of var/'s log files, in place."""
from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone

from bot.transcripts.log_retention import log_files, purge_log_file, purge_logs

CUTOFF = datetime(2026, 5, 1, tzinfo=timezone.utc)

RASA_LOG = """\
Action server on port 5055
2026-03-01 10:00:00 INFO     rasa.core.processor  - [NAME] said her stepdad hits her
2026-03-01 10:00:01 ERROR    rasa.core.actions  - failed
Traceback (most recent call last):
  ValueError: 'he hits her with a belt'
2026-05-20 10:00:00,120 INFO     rasa.core.processor  - kept
  a continuation of the kept line
[2026-04-02 08:00:00 +0000] [42] [INFO] Sanic's old line
[2026-05-02 08:00:00 +0000] [42] [INFO] Sanic's recent line
"""


def test_old_lines_and_their_tracebacks_are_cut_recent_ones_kept(tmp_path):
    log = tmp_path / "rasa.log"
    log.write_text(RASA_LOG)
    assert purge_log_file(log, CUTOFF) == 6
    assert log.read_text() == ("2026-05-20 10:00:00,120 INFO     rasa.core.processor  - kept\n"
                               "  a continuation of the kept line\n"
                               "[2026-05-02 08:00:00 +0000] [42] [INFO] Sanic's recent line\n")


def test_a_zone_in_the_time_is_read(tmp_path):
    log = tmp_path / "zoned.log"
    log.write_text("[2026-05-01 01:30:00 +0200] early: before the cut-off in UTC\n"
                   "2026-05-01T00:30:00Z after it\n")
    assert purge_log_file(log, CUTOFF) == 1
    assert log.read_text() == "2026-05-01T00:30:00Z after it\n"


def test_a_file_without_times_goes_by_its_last_change(tmp_path):
    stale, fresh = tmp_path / "stale.log", tmp_path / "fresh.log"
    for path in (stale, fresh):
        path.write_text("no time here\nnor here\n")
    old = (CUTOFF - timedelta(days=3)).timestamp()
    os.utime(stale, (old, old))
    report = purge_logs(log_files(tmp_path), CUTOFF)
    assert (report.files, report.lines) == (1, 2)
    assert stale.read_text() == "" and fresh.read_text() == "no time here\nnor here\n"


def test_a_dry_run_counts_and_changes_nothing(tmp_path):
    log = tmp_path / "sub" / "actions.log"
    log.parent.mkdir()
    log.write_text(RASA_LOG)
    report = purge_logs(log_files(tmp_path), CUTOFF, dry_run=True)
    assert (report.files, report.lines) == (1, 6) and log.read_text() == RASA_LOG
    assert report.line(dry_run=True) == "retention: would cut 6 log lines older than the period from 1 files"


def test_a_server_appending_to_the_file_carries_on_in_the_same_file(tmp_path):
    """``>>`` (O_APPEND), as scripts/stack.sh starts the servers: the next line lands at the new end."""
    log = tmp_path / "rasa.log"
    with open(log, "a") as server:
        server.write(RASA_LOG)
        server.flush()
        purge_log_file(log, CUTOFF)
        server.write("2026-06-01 09:00:00 INFO     rasa  - written after the purge\n")
    text = log.read_text()
    assert "\0" not in text and "stepdad" not in text
    assert text.endswith("Sanic's recent line\n2026-06-01 09:00:00 INFO     rasa  - written after the purge\n")


def test_no_folder_no_files(tmp_path):
    assert log_files(tmp_path / "missing") == []
