"""The record kept per conversation: levels, findings from advice payloads, practice, channel, and listing."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.transcripts.records import (
    LEVELS, ConversationFinding, ConversationRecord, Filters, RecordDelta, list_query, list_records, step_ids,
)
from tests.transcripts.conversation import advice, bot, converse, run, slot, user


def record(store, sender_id: str) -> ConversationRecord:
    with Session(store.engine, future=True) as session:
        found = session.get(ConversationRecord, sender_id)
        session.expunge_all()
        return found


def findings(store, sender_id: str) -> set[tuple]:
    with Session(store.engine, future=True) as session:
        return {(f.kind, f.value, f.level) for f in session.scalars(
            sa.select(ConversationFinding).where(ConversationFinding.sender_id == sender_id))}


def test_levels_are_the_vocabularys_levels():
    from bot.guideline.vocabulary import LEVEL_VALUES

    assert LEVELS == LEVEL_VALUES


@pytest.mark.parametrize("levels, expected", [
    ([], "none"),
    (["none"], "none"),
    (["consider"], "consider"),
    (["consider", "suspect"], "suspect"),
    (["suspect", "consider"], "suspect"),
    (["consider", "danger", "suspect"], "danger"),
    (["danger", "none"], "danger"),
    (["unknown", "consider"], "consider"),
])
def test_overall_level_is_the_highest_advised(levels, expected):
    events = [{"event": "bot", "text": "", "data": {"custom": advice(level)}, "timestamp": 1.0} for level in levels]
    assert RecordDelta.from_events(events).level == expected


def test_only_advice_payloads_set_the_level():
    events = [{"event": "bot", "data": {"custom": {"kind": "summary", "level": "danger"}}},
              {"event": "bot", "data": {"custom": {"kind": "practice_score", "level": {"given": "danger"}}}}]
    delta = RecordDelta.from_events(events)
    assert delta.level == "none" and delta.practice


def test_record_after_a_conversation(store):
    first = advice("consider", [("1.3.23", "consider"), ("1.3.31", "consider")], ["disclosure"],
                   ["Record what you saw (NG76 1.3.9)", "step b"])
    second = advice("suspect", [("1.3.23", "suspect")], ["disclosure", "fgm"], ["step b", "step c"])
    run(converse(store, "rec-1",
                 [user("hello", intent="greet", channel="telegram"), bot("Is the child in danger?")],
                 [user("she has bruises and [NAME] told me", channel="rest"), bot("Advice one", first)],
                 [user("/affirm", intent="affirm"), bot("Advice two", second), bot("Contacts", {"kind": "contacts",
                  "contacts": [{"label": "MASH"}]})]))
    rec = record(store, "rec-1")
    assert rec.channel == "telegram", "the channel of the first message"
    assert rec.level == "suspect" and rec.level_rank == 2
    assert rec.features == [{"id": "1.3.23", "level": "suspect"}, {"id": "1.3.31", "level": "consider"}]
    assert rec.routes == ["disclosure", "fgm"]
    assert rec.steps == ["Record what you saw (NG76 1.3.9)", "step b", "step c"]
    assert rec.contacts_given and not rec.practice
    assert rec.messages == 2, "typed messages, not button payloads"
    assert rec.started_at <= rec.last_event_at
    assert "she has bruises and [NAME] told me" in rec.search_text and "Advice two" in rec.search_text
    assert ("feature", "1.3.23", "suspect") in findings(store, "rec-1")
    assert {("route", "disclosure", None), ("route", "fgm", None)} <= findings(store, "rec-1")


def test_steps_are_kept_by_their_knowledge_base_id(store):
    cited, step_id = next(iter(step_ids().items()))
    run(converse(store, "rec-steps", [user("x"), bot("Advice", advice("consider", steps=[cited]))]))
    assert record(store, "rec-steps").steps == [step_id]


@pytest.mark.parametrize("events", [
    [slot("practice_mode", True)],
    [slot("practice", {"scenario": "neglect-1"})],
    [bot("Your score", {"kind": "practice_score", "practice": True, "level": {"given": "consider"}})],
    [bot("Practice", {"kind": "practice"})],
], ids=["slot practice_mode", "slot practice", "payload practice_score", "payload practice"])
def test_practice_is_flagged_by_the_slot_or_the_payload(store, events):
    run(converse(store, "rec-practice", [user("start practice")], events, [user("more")]))
    assert record(store, "rec-practice").practice


def test_a_real_conversation_is_not_practice(store):
    run(converse(store, "rec-real", [user("x"), slot("practice_mode", False), slot("practice", None)]))
    assert not record(store, "rec-real").practice


def test_the_record_is_updated_from_new_events_only(store, monkeypatch):
    """A save reads no earlier events: the delta holds only the new ones, the row keeps the rest."""
    seen = []
    original = RecordDelta.from_events.__func__

    def spy(cls, events):
        events = list(events)
        seen.append(len(events))
        return original(cls, events)

    monkeypatch.setattr(RecordDelta, "from_events", classmethod(spy))
    run(converse(store, "rec-inc", [user("one"), bot("a")], [user("two"), bot("b")], [user("three")]))
    assert seen == [1, 2, 2, 1]  # create_tracker's action_listen, then each turn's own events
    assert record(store, "rec-inc").messages == 3
    assert record(store, "rec-inc").search_text == "one\na\ntwo\nb\nthree"


def test_the_search_text_holds_each_line_once_however_often_it_is_said(store):
    greeting = "Hello. I help you work out what to do.\nFirst: is the child in immediate danger right now?"
    run(converse(store, "rec-repeat", [user("hello"), bot(greeting)], [user("no"), bot("Noted.")],
                 [user("hello"), bot(greeting)], [user("she is hungry every morning"), bot("Noted.")]))
    rec = record(store, "rec-repeat")
    assert rec.search_text.split("\n") == ["hello", "Hello. I help you work out what to do.",
                                           "First: is the child in immediate danger right now?", "no", "Noted.",
                                           "she is hungry every morning"]
    assert rec.messages == 4


def test_listing_filters(store):
    run(converse(store, "l-suspect", [user("bruises", channel="rest"),
                                      bot("A", advice("suspect", [("1.3.23", "suspect")], ["fgm"]))]))
    run(converse(store, "l-consider", [user("hungry every day", channel="telegram"),
                                       bot("B", advice("consider", [("1.3.31", "consider")]))]))
    run(converse(store, "l-practice", [user("practice run"), slot("practice_mode", True),
                                       bot("C", advice("danger", [], ["danger"]))]))

    def ids(**filters) -> list[str]:
        with Session(store.engine, future=True) as session:
            return sorted(r.sender_id for r in list_records(session, Filters(**filters)))

    assert ids() == ["l-consider", "l-practice", "l-suspect"]
    assert ids(level="suspect") == ["l-suspect"]
    assert ids(min_level="suspect") == ["l-practice", "l-suspect"]
    assert ids(features=["1.3.31"]) == ["l-consider"]
    assert ids(routes=["fgm"]) == ["l-suspect"]
    assert ids(routes=["fgm"], features=["1.3.31"]) == []
    assert ids(channel="telegram") == ["l-consider"]
    assert ids(practice=True) == ["l-practice"] and ids(practice=False) == ["l-consider", "l-suspect"]
    assert ids(text="hungry") == ["l-consider"]
    assert ids(text="bruises") == ["l-suspect"]
    assert ids(since=datetime.utcnow() + timedelta(days=1)) == []
    assert ids(until=datetime.utcnow() - timedelta(days=1)) == []
    with Session(store.engine, future=True) as session:
        latest_first = [r.sender_id for r in list_records(session, Filters())]
    assert latest_first[0] == "l-practice"


def test_full_text_index_exists_on_postgresql(domain, monkeypatch):
    """PostgreSQL only (SQLite searches with LIKE): the GIN index over the redacted text's tsvector."""
    from bot.transcripts.store import RedactingSQLTrackerStore
    from tests.transcripts.databases import postgres_schema

    monkeypatch.delenv("BOT_DATABASE_URL", raising=False)
    with postgres_schema() as url:
        store = RedactingSQLTrackerStore(domain=domain, host=url)
        try:
            with store.engine.connect() as connection:
                indexes = connection.execute(sa.text(
                    "SELECT indexdef FROM pg_indexes WHERE tablename = 'conversation_records' "
                    "AND indexname = 'ix_conversation_records_search'")).scalars().all()
                query = list_query(Filters(text="bruises", limit=None), "postgresql").compile(
                    dialect=store.engine.dialect, compile_kwargs={"literal_binds": True})
                connection.execute(sa.text("SET enable_seqscan = off"))
                plan = "\n".join(connection.execute(sa.text(f"EXPLAIN {query}")).scalars())
        finally:
            store.close()
    assert indexes and "gin" in indexes[0].lower() and "to_tsvector" in indexes[0]
    assert "ix_conversation_records_search" in plan, plan
