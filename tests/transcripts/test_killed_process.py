"""Turns saved while the database was away survive the process being killed before it could write them.

A real process (``crash_driver.py``) uses the real store on SQLite or PostgreSQL, saves a turn, loses the
database, saves two more turns and is killed with SIGKILL before any retry: nothing it held in memory
survives. A store started again on the same database and pending folder (as Rasa restarting would) finds every
turn, writes it once, in order, redacted, and empties the folder. Before issue 17 the pending turns lived only
in the process's memory and were lost here, though the practitioner had been told they were kept.
"""
from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time

from bot.paths import ROOT
from tests.transcripts.crash_driver import BEFORE, DURING
from tests.transcripts.outage import stored_events, stored_user_texts

STARTUP_SECONDS = 240  # importing Rasa and loading spaCy on a busy two-core machine


def _lines(stream, into: queue.Queue) -> None:
    for line in stream:
        into.put(line.rstrip("\n"))
    into.put(None)


def run_until_ready(database_url: str, folder, sender_id: str, log) -> tuple[subprocess.Popen, list[str]]:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", RASA_TELEMETRY_ENABLED="false")
    env.pop("BOT_DATABASE_URL", None)
    process = subprocess.Popen([sys.executable, "-m", "tests.transcripts.crash_driver", database_url, str(folder),
                                sender_id], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=log, text=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_lines, args=(process.stdout, lines), daemon=True).start()
    seen: list[str] = []
    deadline = time.monotonic() + STARTUP_SECONDS
    while not (seen and seen[-1].startswith("READY")):
        try:
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            process.kill()
            raise AssertionError(f"the driver did not get ready in {STARTUP_SECONDS}s: {seen}")
        if line is None:
            raise AssertionError(f"the driver stopped (exit {process.wait()}): {seen}; see {log.name}")
        seen.append(line)
    return process, seen


def test_turns_saved_while_the_database_was_away_survive_a_kill(database_url, tmp_path, make_store):
    folder = tmp_path / "pending"
    with open(tmp_path / "driver.log", "w") as log:
        process, seen = run_until_ready(database_url, folder, "killed", log)
        process.send_signal(signal.SIGKILL)  # between the failed save and any retry
        assert process.wait(timeout=30) == -signal.SIGKILL
    assert seen[:3] == ["SAVED first turn", "TURN 0 on_this_server", "TURN 1 on_this_server"], seen
    pending = json.loads(seen[-1][len("READY "):])
    assert stored_user_texts(database_url, "killed") == [BEFORE[0]], "the killed process wrote nothing more"

    make_store(pending_dir=str(folder))  # the restart

    stored = stored_events(database_url, "killed")
    for event in pending:
        matching = [row for row in stored if (row["event"], row["timestamp"]) == (event["event"], event["timestamp"])]
        assert len(matching) == 1, f"a pending {event['event']} event was stored {len(matching)} times"
    positions = [next(i for i, row in enumerate(stored) if row["timestamp"] == event["timestamp"]) for event in pending]
    assert positions == sorted(positions), "written in the order they happened"
    texts = stored_user_texts(database_url, "killed")
    assert texts[0] == BEFORE[0] and texts[2] == DURING[1][0] and len(texts) == 3
    assert texts[1].startswith("His mum [NAME] rang on [PHONE]"), "redacted, as every stored event"
    assert not [path for path in folder.iterdir() if path.suffix == ".json"], "the pending folder is empty again"
