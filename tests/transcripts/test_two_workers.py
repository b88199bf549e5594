"""Two workers (two stores sharing one database): neither skips an event because the other wrote some.

Rasa's own SQL store, and this one before issue 17, found a tracker's new events by counting the
conversation's rows in the database and writing the tracker's events after that many. When another worker
had written rows meanwhile, that count ran past events that were never written, and they were skipped while
the log said "written now". Here a save writes the events after those the tracker is known to hold stored,
and a pending batch is written by event identity.
"""
from __future__ import annotations

import pytest

from bot.transcripts.store import TurnKept, turn_kept
from tests.transcripts.conversation import action, advice, bot, converse, run, user
from tests.transcripts.outage import break_database, mend_database, stored_events, stored_user_texts

PENDING_TURN = "She has had toothache for weeks and nobody takes her to a dentist"


@pytest.mark.parametrize("folders", ["one pending folder (one machine)", "a pending folder each (two machines)"])
def test_a_recovered_worker_skips_none_of_its_pending_events(make_store, tmp_path, folders):
    shared = folders.startswith("one")
    first = make_store(pending_dir=str(tmp_path / "first"))
    second = make_store(pending_dir=str(tmp_path / ("first" if shared else "second")))
    run(converse(first, "shared", [user("He is hungry every morning"), bot("Noted.")]))

    ours = run(first.retrieve("shared"))
    working = break_database(first)  # the first worker loses the database...
    said = user(PENDING_TURN)
    said.message_id = "m-pending"
    for event in (said, action("action_note_observations"),
                  bot("I noted it.", advice("consider", [("1.3.40", "consider")]))):
        ours.update(event)
    run(first.save(ours))
    assert turn_kept("m-pending") is TurnKept.ON_THIS_SERVER
    pending = [e.as_dict() for e in list(ours.events)[-3:]]

    theirs = run(second.retrieve("shared"))  # ...while the second still reaches it and takes turns
    for n in range(5):  # more events than the pending turn: a count would pass over all of it
        theirs.update(user(f"another worker's message {n}"))
    run(second.save(theirs))

    mend_database(first, working)
    after = run(first.retrieve("shared"))  # the database is back: the first worker writes what it holds

    stored = stored_events(working, "shared")
    for event in pending:
        matching = [row for row in stored if row["event"] == event["event"] and row["timestamp"] == event["timestamp"]]
        assert len(matching) == 1, f"pending {event['event']} event stored {len(matching)} times"
    texts = stored_user_texts(working, "shared")
    assert texts.count(PENDING_TURN) == 1
    assert all(texts.count(f"another worker's message {n}") == 1 for n in range(5))
    assert not first.pending_writes.batches() and not second.pending_writes.batches()
    held = [e.text for e in after.events if e.type_name == "user"]
    assert PENDING_TURN in held and "another worker's message 4" in held, \
        "the recovered worker carries on from the database, not from its own stale copy"


def test_two_workers_answering_one_conversation_at_once_lose_nothing(make_store):
    """No outage: two workers read the conversation, each adds its turn, both save. Both turns are kept."""
    first, second = make_store(), make_store()
    run(converse(first, "at-once", [user("He is hungry every morning")]))
    mine, theirs = run(first.retrieve("at-once")), run(second.retrieve("at-once"))
    mine.update(user("from the first worker"))
    theirs.update(user("from the second worker, one"))
    theirs.update(user("from the second worker, two"))
    run(first.save(mine))
    run(second.save(theirs))
    texts = stored_user_texts(first.engine.url.render_as_string(hide_password=False), "at-once")
    assert sorted(texts) == sorted(["He is hungry every morning", "from the first worker",
                                    "from the second worker, one", "from the second worker, two"])
    again = run(first.retrieve("at-once"))
    assert [e.text for e in again.events if e.type_name == "user"] == texts, \
        "the first worker's next turn reads the conversation as the database holds it"
