"""The pending folder: a failed save is kept on this server's disk, for its user only, bounded, written once.

Each test runs on SQLite and PostgreSQL (``conftest.database_url``); the database is made unreachable by
pointing the store at a closed port or a missing folder (``tests/transcripts/outage.py``).
"""
from __future__ import annotations

import logging
import os
import shutil
import stat

from rasa.shared.core.events import UserUttered

from bot.transcripts.store import RedactingSQLTrackerStore, TurnKept, save_failed, turn_kept
from tests.transcripts.conversation import bot, converse, run, user
from tests.transcripts.outage import break_database, mend_database, stored_events, stored_user_texts

SENTENCE = "His mum Sarah Jones rang on 07700 900123 and says Tyler has bruises on his arm"
RAW = ("Sarah", "Jones", "07700 900123", "Tyler")


def said(text: str, message_id: str) -> UserUttered:
    event = user(text)
    event.message_id = message_id
    return event


def a_failed_turn(store, sender_id: str, text: str = SENTENCE, message_id: str = "m-failed") -> str:
    """A conversation with one stored turn, then a turn saved while the database is away; the working URL."""
    run(converse(store, sender_id, [user("He is hungry every morning"), bot("Noted.")]))
    tracker = run(store.retrieve(sender_id))
    working = break_database(store)
    tracker.update(said(text, message_id))
    tracker.update(bot("I noted that."))
    run(store.save(tracker))
    return working


def test_each_turn_says_how_it_was_kept(make_store):
    """The channel's only source for 'kept': the store's report, by the message that began the turn."""
    store = make_store()
    tracker = run(store.get_or_create_tracker("told"))
    tracker.update(said("He is hungry every morning", "m-written"))
    run(store.save(tracker))
    assert turn_kept("m-written") is TurnKept.IN_THE_RECORD
    assert turn_kept("m-written") is None, "answered once"
    working = break_database(store)
    tracker = run(store.retrieve("told"))
    tracker.update(said(SENTENCE, "m-pending"))
    run(store.save(tracker))
    assert turn_kept("m-pending") is TurnKept.ON_THIS_SERVER
    assert turn_kept("m-never-saved") is None, "a turn that failed before Rasa saved it has no report"
    mend_database(store, working)


def test_the_pending_folder_is_readable_by_the_service_user_only_and_holds_no_raw_details(make_store, tmp_path):
    folder = tmp_path / "pending-open"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)  # a folder someone made too open is tightened
    previous = os.umask(0o022)
    try:
        store = make_store(pending_dir=str(folder))
        a_failed_turn(store, "private")
    finally:
        os.umask(previous)
    files = [path for path in folder.iterdir() if path.is_file()]
    assert len(files) == 1, "one batch for the failed turn"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    content = files[0].read_text()
    assert "[NAME]" in content and "[PHONE]" in content
    leaked = [value for value in RAW if value in content]
    assert not leaked, f"the pending folder holds unredacted details: {leaked}"


def test_a_batch_written_twice_is_stored_once(make_store, tmp_path):
    """A process stopped after the database committed a batch but before deleting its file: the next start
    writes nothing twice (events are matched by identity)."""
    store = make_store()
    working = a_failed_turn(store, "twice")
    [batch] = store.pending_writes.batches()
    copy = tmp_path / "batch-copy"
    shutil.copy2(batch, copy)
    mend_database(store, working)
    run(store.retrieve("twice"))
    assert not batch.exists(), "written, then deleted"
    once = stored_events(working, "twice")
    assert [e.get("text") for e in once if e["event"] == "user"][-1].startswith("His mum [NAME]")
    shutil.copy2(copy, batch)  # as if the process had died before deleting it
    make_store()  # a restart replays the folder
    assert not batch.exists()
    assert stored_events(working, "twice") == once, "no event written twice"


def test_a_full_pending_folder_is_refused_loudly_and_nothing_is_silently_lost(make_store, caplog):
    store = make_store(pending_max_mb=0.0001)  # about 100 bytes: no batch fits
    caplog.set_level(logging.ERROR, logger="bot.transcripts.store")
    working = a_failed_turn(store, "full", message_id="m-refused")
    assert turn_kept("m-refused") is TurnKept.NOT_KEPT, "the practitioner must be told it was not kept"
    assert not store.pending_writes.batches()
    refusals = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert refusals and "ALERT" in refusals[0] and "full" in refusals[0] and "NOT kept" in refusals[0]
    assert not any(value in caplog.text for value in RAW)
    assert save_failed("full")
    mend_database(store, working)  # the copy held in memory is still written when the database is back
    run(store.retrieve("full"))
    assert stored_user_texts(working, "full")[-1].startswith("His mum [NAME]")
    assert not save_failed("full")


def test_a_batch_of_another_database_is_left_alone(make_store, tmp_path, domain):
    store = make_store()
    a_failed_turn(store, "not-yours")
    [batch] = store.pending_writes.batches()
    moved = tmp_path / "shared" / batch.name
    moved.parent.mkdir(mode=0o700)
    shutil.move(str(batch), moved)
    other_url = f"sqlite:///{tmp_path / 'another.db'}"
    other = RedactingSQLTrackerStore(domain=domain, host=other_url, pending_dir=str(moved.parent))
    other.close()
    assert moved.exists(), "a batch for another database stays where it is"
    assert stored_user_texts(other_url, "not-yours") == []
