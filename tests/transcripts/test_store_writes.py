"""A turn's write (issue 19): the common turn inserts its rows without reading back what is held, and a save
retried after a commit whose answer was lost still writes every event once, with or without a new session in
the batch. SQLite and PostgreSQL (the ``database_url`` fixture)."""
from __future__ import annotations

import sqlalchemy as sa

from tests.transcripts.conversation import action, bot, converse, run, session_start, user


def _stored(store, sender_id: str) -> list[tuple[str, str]]:
    with store.sessionmaker() as session:
        rows = session.execute(sa.select(store.SQLEvent.type_name, store.SQLEvent.data)
                               .where(store.SQLEvent.sender_id == sender_id).order_by(store.SQLEvent.id))
        return [(type_name, data) for type_name, data in rows]


def _answer_lost_once(store, monkeypatch) -> list[int]:
    """The first write commits, then its answer is lost (the connection drops): the store tries again."""
    real = store._write_batch
    calls: list[int] = []

    def write(*args):
        result = real(*args)
        calls.append(result[0])
        if len(calls) == 1:
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


def test_a_retried_save_that_starts_a_new_session_writes_each_event_once(make_store, monkeypatch):
    """After a new session the current session's count can equal the earlier one by chance: such a batch is
    always matched by identity."""
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
