"""The store's own query for a conversation's current session (issue 19): the same rows as Rasa's
``_event_query``, and on PostgreSQL a read of the current session's rows only, however long the conversation.

Rasa's query joins the lookup of the newest ``session_started`` as a subquery; on a table PostgreSQL has no
statistics for yet (a new deployment, the benchmark's fresh database) it planned that join as a loop that ran
the lookup once per row, so each turn of a long conversation read its rows hundreds of times over."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.transcripts.conversation import action, converse, run, session_start, user


def _sessions(store, sender_id: str, sessions: int, turns: int) -> None:
    first = [user(f"turn {turn}") for turn in range(turns)]
    later = [[session_start(), action("action_listen")] + [user(f"session {n} turn {turn}") for turn in range(turns)]
             for n in range(1, sessions)]
    run(converse(store, sender_id, first, *later))


def test_the_current_session_is_the_rows_rasas_own_query_chooses(store):
    _sessions(store, "several", sessions=3, turns=4)
    _sessions(store, "one", sessions=1, turns=3)
    for sender_id in ("several", "one"):
        with store.sessionmaker() as session:
            rasas = [row.id for row in store._event_query(session, sender_id, fetch_events_from_all_sessions=False)]
            count, newest = store._newest_in(session, sender_id)
        assert (count, newest) == (len(rasas), max(rasas))
        assert len(store._load(sender_id, False)) == len(rasas)
    latest = run(store.retrieve("several"))
    assert [e.text for e in latest.events if getattr(e, "text", None)] == [f"session 2 turn {n}" for n in range(4)]
    assert len(store._load("several", True)) > len(store._load("several", False))


def test_on_postgresql_the_count_reads_only_the_current_sessions_rows_of_a_long_conversation(store, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL's own counters of rows read")
    sender_id = "a-long-conversation"
    rows = [{"sender_id": sender_id, "type_name": "session_started" if n % 80 == 0 else "user",
             "timestamp": 1_000_000.0 + n, "data": "{}"} for n in range(2400)]
    with store.sessionmaker() as session, session.begin():
        session.execute(sa.insert(store.SQLEvent.__table__), rows)
    with store.engine.begin() as connection:  # a deployment's table has statistics (autovacuum, within a minute);
        # begin(), so the ANALYZE is committed: a future-style connection rolls back what it did not commit
        connection.execute(sa.text("ANALYZE events"))
    read = sa.text("SELECT coalesce(idx_tup_fetch, 0) + coalesce(seq_tup_read, 0) FROM pg_stat_xact_user_tables "
                   "WHERE relname = 'events' AND schemaname = current_schema()")
    with store.sessionmaker() as session, session.begin():
        before = session.scalar(read)  # the backend's counts not yet reported include earlier transactions'
        count, _ = store._newest_in(session, sender_id)
        rows_read = session.scalar(read) - before
    assert count == 2400 - 2320
    assert rows_read <= 150, rows_read  # the session starts (30), then the current session (80), not all 2,400


@pytest.mark.parametrize("error", [
    sa.exc.IntegrityError("CREATE INDEX", {}, Exception("duplicate key value violates unique constraint")),
    sa.exc.ProgrammingError("CREATE INDEX", {}, Exception("must be owner of table events")),
    sa.exc.InternalError("CREATE INDEX", {}, Exception("cannot execute CREATE INDEX in a read-only transaction")),
    sa.exc.OperationalError("CREATE INDEX", {}, Exception("attempt to write a readonly database")),
])
def test_an_index_that_cannot_be_made_now_never_stops_the_store_starting(database_url, domain, monkeypatch, caplog,
                                                                           error):
    """Several servers starting at once race to create the same index; a role that does not own the table, or a
    read-only connection, cannot create it. The store starts either way, slower until the index exists."""
    from bot.transcripts.store import RedactingSQLTrackerStore

    def refuse(self, bind, checkfirst=False):
        raise error

    monkeypatch.setattr(sa.Index, "create", refuse)
    store = RedactingSQLTrackerStore(domain=domain, host=database_url)
    try:
        assert "could not add index" in caplog.text
        run(converse(store, "starts", [user("hello")]))
        assert [row["event"] for row in store._load("starts", False)].count("user") == 1
    finally:
        store.close()
