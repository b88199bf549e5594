"""A turn's write (issue 19): the common turn inserts its rows without reading back what is held, and a save
retried after a commit whose answer was lost still writes every event once: with or without a new session in
the batch, after another instance's new session, and with rows stamped before the session's start (the last
two found by a second reader of the first version, which trusted the current session's count). SQLite and
PostgreSQL (the ``database_url`` fixture)."""
from __future__ import annotations

import json

import sqlalchemy as sa

from tests.transcripts.conversation import action, bot, converse, run, session_start, ts, user


def _stored(store, sender_id: str) -> list[tuple[str, str]]:
    with store.sessionmaker() as session:
        rows = session.execute(sa.select(store.SQLEvent.type_name, store.SQLEvent.data)
                               .where(store.SQLEvent.sender_id == sender_id).order_by(store.SQLEvent.id))
        return [(type_name, data) for type_name, data in rows]


def _answer_lost_once(store, monkeypatch, meanwhile=lambda: None) -> list[int]:
    """The first write commits, then its answer is lost (the connection drops), ``meanwhile`` happens, and the
    store tries again."""
    real = store._write_batch
    calls: list[int] = []

    def write(*args):
        result = real(*args)
        calls.append(result[0])
        if len(calls) == 1:
            meanwhile()
            raise sa.exc.OperationalError("COMMIT", {}, Exception("server closed the connection unexpectedly"))
        return result

    monkeypatch.setattr(store, "_write_batch", write)
    return calls


def _one_of_each(rows: list[tuple[str, str]]) -> bool:
    return len(rows) == len(set(rows))


def test_a_retried_save_writes_each_event_once(make_store, monkeypatch):
    store = make_store(retry_wait=0)
    tracker = run(converse(store, "lost", [user("He is hungry every morning"), bot("How old is the child?")]))
    calls = _answer_lost_once(store, monkeypatch)
    tracker.update(user("She is 6"))
    tracker.update(bot("Thank you"))
    run(store.save(tracker))
    assert calls == [2, 0], "the retry finds both events held and inserts none"
    rows = _stored(store, "lost")
    assert _one_of_each(rows) and len(rows) == len(tracker.events)


def _another_instance_writes(store, sender_id: str, events: list) -> None:
    """Rows written by another Rasa instance (its own process and store)."""
    with store.sessionmaker() as session, session.begin():
        session.execute(sa.insert(store.SQLEvent.__table__), [
            {"sender_id": sender_id, "type_name": e.type_name, "timestamp": e.timestamp, "intent_name": None,
             "action_name": getattr(e, "action_name", None), "data": json.dumps(e.as_dict())} for e in events])


def test_a_retried_save_after_another_instances_new_session_writes_each_event_once(make_store, monkeypatch):
    """Between the lost answer and the retry another instance starts a new session whose count happens to be
    the count this tracker was read with: the count alone would say nothing was written."""
    store, other = make_store(retry_wait=0), make_store()
    tracker = run(converse(store, "theirs", [user("He is hungry every morning"), bot("How old is the child?")]))
    held = len(tracker.events)
    _answer_lost_once(store, monkeypatch, lambda: _another_instance_writes(other, "theirs", [
        session_start(), action("action_listen")] + [user(f"another instance {n}") for n in range(held - 2)]))
    tracker.update(user("She is 6"))
    tracker.update(bot("Thank you"))
    run(store.save(tracker))
    assert _one_of_each(_stored(store, "theirs"))


def test_a_retried_save_stamped_before_the_session_start_writes_each_event_once(make_store, monkeypatch):
    """Another instance whose clock runs ahead started the session: this instance's rows are stamped before
    it, so they never count in the current session, and a count would not grow after the lost commit."""
    store = make_store(retry_wait=0)
    ahead = ts() + 30
    run(converse(store, "clock", [session_start(timestamp=ahead), action("action_listen", timestamp=ahead + 0.001),
                                  user("hello", timestamp=ahead + 0.002)]))
    tracker = run(store.retrieve("clock"))
    _answer_lost_once(store, monkeypatch)
    tracker.update(user("His dad hits him with a belt"))
    tracker.update(bot("Is the child safe now?"))
    run(store.save(tracker))
    assert _one_of_each(_stored(store, "clock"))


def test_a_retried_save_that_starts_a_new_session_writes_each_event_once(make_store, monkeypatch):
    """After a new session the current session's count can equal the earlier one by chance."""
    store = make_store(retry_wait=0)
    tracker = run(converse(store, "new-session", [user("first"), bot("one"), user("second"), bot("two")]))
    calls = _answer_lost_once(store, monkeypatch)
    held = len(tracker.events)  # the current session's count in the database before the save
    batch = [action("action_session_start"), session_start(), action("action_listen")]
    batch += [user(f"message {n}") for n in range(held - 2)]  # the new session's count: `held` again
    for event in batch:
        tracker.update(event)
    run(store.save(tracker))
    assert calls == [len(batch), 0]
    rows = _stored(store, "new-session")
    assert _one_of_each(rows) and len(rows) == len(tracker.events)


def test_a_turns_write_does_not_read_the_rows_it_appends_to(make_store):
    store = make_store()
    tracker = run(converse(store, "quick", [user("He is hungry every morning"), bot("How old is the child?")]))
    statements: list[str] = []

    def seen(conn, cursor, statement, *rest):
        statements.append(" ".join(statement.split()).lower())

    sa.event.listen(store.engine, "before_cursor_execute", seen)
    try:
        tracker.update(user("She is 6"))
        run(store.save(tracker))
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", seen)
    reads_of_rows = [s for s in statements if s.startswith("select") and "events.data" in s]
    assert not reads_of_rows, reads_of_rows
    assert any(s.startswith("insert into events") for s in statements)
    assert len(_stored(store, "quick")) == len(tracker.events)
