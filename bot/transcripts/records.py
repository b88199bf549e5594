"""One row per conversation, kept beside Rasa's ``events``: what the assistant advised, ready to filter on.

``conversation_records`` holds, for each conversation (Rasa's ``sender_id``): the channel, when it started and
when its last event was, whether it was practice, the highest level noted at any point (``level``, and
``level_rank`` to filter "suspect or higher"), the features, routes and steps from every advice payload, whether
contacts were given, how many messages the practitioner sent, and ``search_text``, the redacted words of both
sides for full-text search (each distinct line once). ``conversation_findings`` repeats each feature, route and step as a row of its own,
indexed by (kind, value), so "every conversation with route fgm" is an index lookup on SQLite and PostgreSQL alike.

**Noted, not only advised.** The assistant notes a feature ("Noted: NG76 1.3.23 ... I'll come back to it") turns
before it gives the advice; a practitioner who leaves in between got no advice, and the conversation must not look
like one where nothing was found. So the record's level is the highest of the advice given *and* of every feature
or route the assistant noted as met (the ``concern`` slot's notes and the read-back's items, status ``met`` or
``route``; "not sure" about danger, the ``act_now`` payload, is danger noted); each noted feature or route is a finding of kind ``noted`` (with its highest level), and each piece of
advice given a finding of kind ``advice`` (its level as the value). "Left before the advice" is then: something
noted, no advice (``bot.review.triage``). Rows are only ever added or raised, never removed: a note the
practitioner later removed still counts as noted, the safer reading for a lead.

The store updates both from each batch of new (already redacted) events: ``RecordDelta.from_events`` reads the
batch, ``apply_delta`` merges it into the row, so a save never reads the conversation's earlier events.
These tables have their own ``MetaData``; Rasa's ``events`` table is Rasa's.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any, Iterable, Optional, Sequence

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session, declarative_base

from bot.guideline.vocabulary import LEVEL_VALUES
from bot.observations.beyond import REFERRAL_SITUATIONS

LEVELS = LEVEL_VALUES  # lowest first (bot.guideline.vocabulary.Level)
ADVICE_KIND = "advice"
PRACTICE_SLOTS = ("practice_mode", "practice")
FINDING_KINDS = ("feature", "route", "step", "noted", "advice")
CONCERN_SLOT = "concern"
COUNTING = ("met", "route")  # a note with this status counts towards the level (bot.conversation.concern.MET)
MAX_VALUE = 255

metadata = sa.MetaData()
Base = declarative_base(metadata=metadata)
JSONList = sa.JSON().with_variant(JSONB(), "postgresql")


class ConversationRecord(Base):
    __tablename__ = "conversation_records"

    sender_id = sa.Column(sa.String(255), primary_key=True)
    channel = sa.Column(sa.String(64), index=True)
    started_at = sa.Column(sa.DateTime, nullable=False, index=True)      # UTC
    last_event_at = sa.Column(sa.DateTime, nullable=False, index=True)   # UTC; retention reads it
    practice = sa.Column(sa.Boolean, nullable=False, default=False, index=True)
    level = sa.Column(sa.String(16), nullable=False, default="none")
    level_rank = sa.Column(sa.SmallInteger, nullable=False, default=0, index=True)
    features = sa.Column(JSONList, nullable=False, default=list)  # [{"id": "1.3.23", "level": "suspect"}]
    routes = sa.Column(JSONList, nullable=False, default=list)    # ["disclosure", "fgm"]
    steps = sa.Column(JSONList, nullable=False, default=list)     # step ids (knowledge/guideline), else texts
    contacts_given = sa.Column(sa.Boolean, nullable=False, default=False)
    messages = sa.Column(sa.Integer, nullable=False, default=0)   # the practitioner's messages
    search_text = sa.Column(sa.Text, nullable=False, default="")  # redacted, both sides, each distinct line once

    def to_dict(self) -> dict:
        return {
            "sender_id": self.sender_id, "channel": self.channel,
            "started_at": _iso(self.started_at), "last_event_at": _iso(self.last_event_at),
            "practice": self.practice, "level": self.level, "features": list(self.features or []),
            "routes": list(self.routes or []), "steps": list(self.steps or []),
            "contacts_given": self.contacts_given, "messages": self.messages,
        }


class ConversationFinding(Base):
    __tablename__ = "conversation_findings"
    __table_args__ = (sa.Index("ix_conversation_findings_kind_value", "kind", "value"),)

    sender_id = sa.Column(sa.String(255), sa.ForeignKey(ConversationRecord.sender_id, ondelete="CASCADE"),
                          primary_key=True)
    kind = sa.Column(sa.String(16), primary_key=True)   # feature | route | step | noted | advice
    value = sa.Column(sa.String(MAX_VALUE), primary_key=True)  # for "advice": the level advised
    level = sa.Column(sa.String(16))                    # a feature's (or noted item's) highest level


# Full-text search on PostgreSQL: a GIN index over the English tsvector of the redacted text. SQLite uses LIKE.
sa.event.listen(ConversationRecord.__table__, "after_create", sa.DDL(
    "CREATE INDEX IF NOT EXISTS ix_conversation_records_search ON %(fullname)s "
    "USING gin (to_tsvector('english', search_text))").execute_if(dialect="postgresql"))


def _iso(moment: Optional[datetime]) -> Optional[str]:
    return moment.replace(tzinfo=timezone.utc).isoformat(timespec="seconds") if moment else None


def utc(timestamp: float) -> datetime:
    """A Rasa event timestamp (seconds since the epoch) as a naive UTC datetime, as the columns keep it."""
    return datetime.fromtimestamp(timestamp, tz=timezone.utc).replace(tzinfo=None)


def rank(level: Optional[str]) -> int:
    return LEVELS.index(level) if level in LEVELS else 0


# ---------------------------------------------------------------------------- from events to a delta

@dataclass
class RecordDelta:
    """What one batch of new (redacted) events adds to a conversation's record."""

    first_at: Optional[float] = None
    last_at: Optional[float] = None
    channel: Optional[str] = None
    practice: bool = False
    level: str = "none"
    features: dict[str, str] = field(default_factory=dict)   # id -> highest level, first-seen order
    noted: dict[str, str] = field(default_factory=dict)      # feature or route id noted as met -> highest level
    advised: list[str] = field(default_factory=list)         # the level of each piece of advice, once each
    routes: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    contacts_given: bool = False
    messages: int = 0
    texts: list[str] = field(default_factory=list)

    @classmethod
    def from_events(cls, events: Iterable[dict]) -> "RecordDelta":
        delta = cls()
        for event in events:
            delta._read(event)
        return delta

    def _read(self, event: dict) -> None:
        timestamp = event.get("timestamp")
        if isinstance(timestamp, (int, float)):
            self.first_at = timestamp if self.first_at is None else min(self.first_at, timestamp)
            self.last_at = timestamp if self.last_at is None else max(self.last_at, timestamp)
        kind = event.get("event")
        if kind == "user":
            text = event.get("text") or ""
            if self.channel is None and event.get("input_channel"):
                self.channel = str(event["input_channel"])[:64]
            if text and not text.startswith("/"):  # a button's payload is not words to search
                self.messages += 1
                self.texts.append(text)
        elif kind == "bot":
            if event.get("text"):
                self.texts.append(event["text"])
            custom = (event.get("data") or {}).get("custom")
            if isinstance(custom, dict):
                self._payload(custom)
        elif kind == "slot" and event.get("name") in PRACTICE_SLOTS and event.get("value") not in (None, False, ""):
            self.practice = True
        elif kind == "slot" and event.get("name") == CONCERN_SLOT and isinstance(event.get("value"), dict):
            self._notes(event["value"].get("notes"))

    def _payload(self, custom: dict) -> None:
        kind = str(custom.get("kind") or "")
        if kind.startswith("practice") or custom.get("practice") is True:
            self.practice = True
        if custom.get("contacts"):
            self.contacts_given = True
        if kind == "readback":
            self._notes(custom.get("items"))
        if kind == "act_now":  # "not sure" whether the child is in danger now: acted on as danger
            self._notes([{"feature": "danger", "level": "danger", "status": "route"}])
        if kind != ADVICE_KIND:
            return
        given = str(custom.get("level") or "none")
        if given in LEVELS and given not in self.advised:
            self.advised.append(given)
        if rank(custom.get("level")) > rank(self.level):
            self.level = custom["level"]
        for feature in custom.get("features") or []:
            if isinstance(feature, dict) and feature.get("id"):
                fid, level = str(feature["id"]), str(feature.get("level") or "none")
                if fid not in self.features or rank(level) > rank(self.features[fid]):
                    self.features[fid] = level
        self.routes += [str(r) for r in custom.get("routes") or [] if str(r) not in self.routes]
        # a situation outside the alerting features whose next step is a referral discussion (an adult's sexual abuse
        # as it was told, a bruised baby not yet mobile) is recorded with the routes, so the lead's queue and the
        # alerts treat it as a referral route (bot.observations.beyond.REFERRAL_SITUATIONS)
        self.routes += [key for key in (str(s.get("key")) for s in custom.get("beyond_ng76") or [] if isinstance(s, dict))
                        if key in REFERRAL_SITUATIONS and key not in self.routes]
        self.steps += [s for s in map(step_key, custom.get("steps") or []) if s and s not in self.steps]

    def _notes(self, notes: Any) -> None:
        """Features and routes the assistant noted as met (the concern slot's notes, a read-back's items)."""
        for note in notes if isinstance(notes, list) else []:
            if not isinstance(note, dict) or note.get("status") not in COUNTING or not note.get("feature"):
                continue
            fid = str(note["feature"])[:MAX_VALUE]
            level = str(note.get("level") or "none")
            level = level if level in LEVELS else "none"
            if fid not in self.noted or rank(level) > rank(self.noted[fid]):
                self.noted[fid] = level
            if rank(level) > rank(self.level):
                self.level = level

    @property
    def empty(self) -> bool:
        return self.first_at is None and not self.texts


def step_key(step: Any) -> Optional[str]:
    """A step as the record keeps it: its knowledge-base id when the payload's text is one of them."""
    if isinstance(step, dict):
        step = step.get("id") or step.get("text")
    if not isinstance(step, str) or not step:
        return None
    return step_ids().get(step, step)


@lru_cache(maxsize=1)
def step_ids() -> dict[str, str]:
    """Each step's cited text as the advice payload gives it -> its id (knowledge/guideline/steps.yml)."""
    try:
        from bot.advice import cite
        from bot.guideline import guideline

        knowledge = guideline()
        steps = list(knowledge.steps) + [s for route in knowledge.routes.values() for s in route.steps]
        return {cite(step): step.id for step in steps}
    except Exception:  # the record keeps the texts rather than fail a save over the knowledge base
        return {}


# ---------------------------------------------------------------------------- merging into the row

def apply_delta(session: Session, sender_id: str, delta: RecordDelta) -> ConversationRecord:
    """Create or update the conversation's row and its findings from ``delta`` (in the caller's transaction)."""
    record = session.scalars(sa.select(ConversationRecord).where(ConversationRecord.sender_id == sender_id)
                             .with_for_update()).one_or_none()
    now = datetime.now(timezone.utc).timestamp()
    first = utc(delta.first_at if delta.first_at is not None else now)
    last = utc(delta.last_at if delta.last_at is not None else now)
    if record is None:
        record = ConversationRecord(sender_id=sender_id, channel=delta.channel, started_at=first,
                                    last_event_at=last, practice=False, level="none", level_rank=0, features=[],
                                    routes=[], steps=[], contacts_given=False, messages=0, search_text="")
        session.add(record)
    record.channel = record.channel or delta.channel
    record.started_at = min(record.started_at, first)
    record.last_event_at = max(record.last_event_at, last)
    record.practice = bool(record.practice or delta.practice)
    record.contacts_given = bool(record.contacts_given or delta.contacts_given)
    record.messages = (record.messages or 0) + delta.messages
    if rank(delta.level) > rank(record.level):
        record.level, record.level_rank = delta.level, rank(delta.level)
    if delta.features:
        merged = {f["id"]: f["level"] for f in record.features or []}
        for fid, level in delta.features.items():
            if fid not in merged or rank(level) > rank(merged[fid]):
                merged[fid] = level
        record.features = [{"id": fid, "level": level} for fid, level in merged.items()]
    if delta.routes:
        record.routes = list(record.routes or []) + [r for r in delta.routes if r not in (record.routes or [])]
    if delta.steps:
        record.steps = list(record.steps or []) + [s for s in delta.steps if s not in (record.steps or [])]
    if delta.texts:
        record.search_text = _with_new_lines(record.search_text or "", delta.texts)
    session.flush()
    _findings(session, sender_id, delta)
    return record


def _with_new_lines(search_text: str, texts: Iterable[str]) -> str:
    """``search_text`` with the lines of ``texts`` it does not hold yet, in order. A line already there adds
    nothing to a search, and the assistant repeats its own (the greeting, the danger question, the privacy
    note): kept each time, they made a long conversation's text, and the full-text index PostgreSQL rebuilds
    from all of it on every save, grow by a screenful a turn (a 400-turn conversation's save took 31 ms at
    the end, issue 19)."""
    held = set(search_text.split("\n")) if search_text else set()
    new: list[str] = []
    for line in (line for text in texts for line in text.split("\n")):
        if line and line not in held:
            held.add(line)
            new.append(line)
    return "\n".join(filter(None, [search_text, *new]))


def _findings(session: Session, sender_id: str, delta: RecordDelta) -> None:
    wanted = [("feature", fid, level) for fid, level in delta.features.items()]
    wanted += [("route", r, None) for r in delta.routes] + [("step", s[:MAX_VALUE], None) for s in delta.steps]
    wanted += [("noted", fid, level) for fid, level in delta.noted.items()]
    wanted += [("advice", level, None) for level in delta.advised]
    if not wanted:
        return
    existing = {(f.kind, f.value): f for f in session.scalars(
        sa.select(ConversationFinding).where(ConversationFinding.sender_id == sender_id))}
    for kind, value, level in wanted:
        found = existing.get((kind, value))
        if found is None:
            found = ConversationFinding(sender_id=sender_id, kind=kind, value=value, level=level)
            session.add(found)
            existing[(kind, value)] = found
        elif level and rank(level) > rank(found.level):
            found.level = level


# ---------------------------------------------------------------------------- listing

@dataclass
class Filters:
    """What a lead filters on. ``level`` is exact; ``min_level`` is "this or higher"."""

    level: Optional[str] = None
    min_level: Optional[str] = None
    features: Sequence[str] = ()
    routes: Sequence[str] = ()
    steps: Sequence[str] = ()
    channel: Optional[str] = None
    practice: Optional[bool] = None
    since: Optional[datetime] = None
    until: Optional[datetime] = None
    text: Optional[str] = None
    limit: Optional[int] = 100


def list_query(filters: Filters, dialect: str = "sqlite") -> sa.sql.Select:
    """The records matching ``filters``, latest first (each filter uses an index)."""
    query = sa.select(ConversationRecord)
    if filters.level:
        query = query.where(ConversationRecord.level == filters.level)
    if filters.min_level:
        query = query.where(ConversationRecord.level_rank >= rank(filters.min_level))
    for kinds, values in ((("feature", "noted"), filters.features), (("route", "noted"), filters.routes),
                          (("step",), filters.steps)):
        for value in values:  # a feature or route noted before the practitioner left counts as found
            query = query.where(ConversationRecord.sender_id.in_(
                sa.select(ConversationFinding.sender_id).where(ConversationFinding.kind.in_(kinds),
                                                              ConversationFinding.value == value)))
    if filters.channel:
        query = query.where(ConversationRecord.channel == filters.channel)
    if filters.practice is not None:
        query = query.where(ConversationRecord.practice.is_(filters.practice))
    if filters.since:
        query = query.where(ConversationRecord.last_event_at >= filters.since)
    if filters.until:
        query = query.where(ConversationRecord.started_at < filters.until)
    if filters.text:
        query = query.where(text_match(filters.text, dialect))
    query = query.order_by(ConversationRecord.last_event_at.desc(), ConversationRecord.sender_id)
    return query.limit(filters.limit) if filters.limit else query


def text_match(words: str, dialect: str) -> sa.sql.ColumnElement:
    """PostgreSQL: the English full-text match the GIN index serves. Elsewhere: a case-insensitive LIKE."""
    if dialect == "postgresql":
        english = sa.literal_column("'english'")
        return sa.func.to_tsvector(english, ConversationRecord.search_text).op("@@")(
            sa.func.plainto_tsquery(english, words))
    return sa.func.lower(ConversationRecord.search_text).contains(words.lower(), autoescape=True)


def list_records(session: Session, filters: Filters) -> list[ConversationRecord]:
    dialect = session.get_bind().dialect.name
    return list(session.scalars(list_query(filters, dialect)))
