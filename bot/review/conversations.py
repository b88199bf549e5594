"""What a safeguarding lead reads: the list of conversations, a transcript, its review status and notes.

The conversations are the deployment's (``Settings.organisation``): a lead of another organisation finds
none. Everything shown comes from the redacted store (``bot.transcripts``): the record of each conversation
and Rasa's ``events``, read and never written. Practice conversations are left out of the list unless the
filter asks for them, and are labelled. Notes are redacted with ``bot.redaction`` before they are stored, and
are only ever added.
"""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import Any, Mapping, Optional, Sequence
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.review.tables import EVENTS, STATUSES, Note, Review
from bot.transcripts.records import LEVELS, ConversationFinding, ConversationRecord, Filters, list_query

PAGE_SIZE = 50
MAX_NOTE = 5000
LEVEL_CHOICES = (  # suspect first: the level a lead most often filters on
    ("suspect+", "Suspect or higher"), ("danger", "Danger only"), ("suspect", "Suspect only"),
    ("consider", "Consider only"), ("none", "No alerting feature"), ("", "Any level"))
STATUS_CHOICES = (("", "Any status"), ("open", "Not reviewed"), ("reviewed", "Reviewed"))
PRACTICE_CHOICES = (("real", "Real concerns only"), ("practice", "Practice only"), ("all", "Real and practice"))
SORT_CHOICES = (("newest", "Newest first"), ("level", "Highest level first"))


# ---------------------------------------------------------------------------- guideline words

@lru_cache(maxsize=1)
def _knowledge() -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """Feature id -> (title, level) and route id -> (title, citation), from the knowledge base."""
    from bot.guideline import guideline
    from bot.guideline.vocabulary import ROUTE_VALUES as ROUTE_ORDER   # routes.yml's order

    knowledge = guideline()
    features = {f.id: (f.title, f.level) for f in knowledge.features}
    routes = {}
    for route_id in ROUTE_ORDER:
        try:
            route = knowledge.route(route_id)
            routes[route_id] = (route.title, route.cite)
        except Exception:  # a route the knowledge base no longer has: shown by its id
            routes[route_id] = (route_id, "")
    # situations outside the features recorded with the routes (a referral discussion: bot.transcripts.records)
    from bot.observations.beyond import REFERRAL_SITUATIONS, situations
    for key, situation in situations().items():
        if key in REFERRAL_SITUATIONS:
            routes[key] = (situation.title, situation.cite)
    return features, routes


def feature_choices() -> list[tuple[str, str]]:
    return [(fid, f"{fid} {title}") for fid, (title, _) in _knowledge()[0].items()]


def route_choices() -> list[tuple[str, str]]:
    return list((rid, title) for rid, (title, _) in _knowledge()[1].items())


def feature_title(feature_id: str) -> str:
    return _knowledge()[0].get(feature_id, ("", ""))[0]


def route_info(route_id: str) -> dict:
    title, cite = _knowledge()[1].get(route_id, (route_id, ""))
    return {"id": route_id, "title": title, "cite": cite}


def features_with_titles(features: Sequence[Any]) -> list[dict]:
    out = []
    for feature in features or []:
        if isinstance(feature, dict) and feature.get("id"):
            out.append({"id": str(feature["id"]), "level": str(feature.get("level") or ""),
                        "title": feature_title(str(feature["id"]))})
    return out


# ---------------------------------------------------------------------------- the list

def without_nul(text: str) -> str:
    """``text`` without NUL characters: PostgreSQL refuses them in any string, so a search, a filter or an id
    holding one would fail the query (a 500) instead of finding nothing; nothing stored ever contains one."""
    return text.replace("\x00", "")


@dataclass
class ListFilters:
    """The list page's filter form, as typed; ``problems`` lists what could not be read."""

    since: Optional[date] = None
    until: Optional[date] = None
    level: str = ""
    feature: str = ""
    route: str = ""
    channel: str = ""
    status: str = ""
    practice: str = "real"
    q: str = ""
    sort: str = "newest"
    page: int = 1
    problems: list[str] = field(default_factory=list)

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> "ListFilters":
        def one(name: str) -> str:
            value = args.get(name)
            if isinstance(value, list):
                value = value[0] if value else ""
            return without_nul(str(value or "")).strip()

        filters = cls()
        for name, label in (("since", "From"), ("until", "To")):
            value = one(name)
            if value:
                try:
                    setattr(filters, name, date.fromisoformat(value))
                except ValueError:
                    filters.problems.append(f"{label}: enter a date like 2026-01-31.")
        for name, choices in (("level", LEVEL_CHOICES), ("status", STATUS_CHOICES),
                              ("practice", PRACTICE_CHOICES), ("sort", SORT_CHOICES)):
            value = one(name)
            if value and value in dict(choices):
                setattr(filters, name, value)
        feature, route = one("feature"), one("route")
        filters.feature = feature if feature in _knowledge()[0] else ""
        filters.route = route if route in _knowledge()[1] else ""
        filters.channel = one("channel")[:64]
        filters.q = one("q")[:200]
        page = one("page")
        filters.page = int(page) if page.isdecimal() and 0 < int(page) < 100000 else 1
        return filters

    def query_string(self, **changes: Any) -> str:
        values = {"since": self.since.isoformat() if self.since else "",
                  "until": self.until.isoformat() if self.until else "", "level": self.level,
                  "feature": self.feature, "route": self.route, "channel": self.channel, "status": self.status,
                  "practice": self.practice, "q": self.q, "sort": self.sort, "page": str(self.page)}
        values.update({k: str(v) for k, v in changes.items()})
        return urlencode({k: v for k, v in values.items() if v and not (k == "page" and v == "1")})

    def record_filters(self, zone: ZoneInfo) -> Filters:
        level = self.level if self.level in LEVELS else None
        return Filters(
            level=level, min_level="suspect" if self.level == "suspect+" else None,
            features=[self.feature] if self.feature else [], routes=[self.route] if self.route else [],
            channel=self.channel or None,
            practice={"real": False, "practice": True}.get(self.practice),
            since=_utc_midnight(self.since, zone), until=_utc_midnight(self.until, zone, next_day=True),
            text=self.q or None, limit=None)


def _utc_midnight(day: Optional[date], zone: ZoneInfo, next_day: bool = False) -> Optional[datetime]:
    if day is None:
        return None
    moment = datetime.combine(day + timedelta(days=1 if next_day else 0), time(0), tzinfo=zone)
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


@dataclass
class Listing:
    rows: list[ConversationRecord]
    statuses: dict[str, Review]
    has_next: bool


def belongs(organisation: str, deployment_organisation: str) -> bool:
    """Conversations belong to the deployment's organisation; only its leads see them."""
    return organisation == deployment_organisation


def list_conversations(conversations: Session, review: Session, filters: ListFilters, *, zone: ZoneInfo,
                       same_database: bool) -> Listing:
    """One page of conversations matching ``filters`` (the caller has checked the organisation)."""
    query = list_query(filters.record_filters(zone), conversations.get_bind().dialect.name)
    if filters.status:
        reviewed: Any = sa.select(Review.sender_id).where(Review.status == "reviewed")
        if not same_database:
            reviewed = list(review.scalars(reviewed))
        column = ConversationRecord.sender_id
        query = query.where(column.in_(reviewed) if filters.status == "reviewed" else column.not_in(reviewed))
    if filters.sort == "level":
        query = query.order_by(None).order_by(ConversationRecord.level_rank.desc(),
                                              ConversationRecord.last_event_at.desc(), ConversationRecord.sender_id)
    query = query.offset((filters.page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)
    rows = list(conversations.scalars(query))
    has_next = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return Listing(rows, statuses_of(review, [r.sender_id for r in rows]), has_next)


def channels(conversations: Session) -> list[str]:
    return [c for c in conversations.scalars(sa.select(ConversationRecord.channel).distinct()
                                             .order_by(ConversationRecord.channel)) if c]


# ---------------------------------------------------------------------------- one conversation

@dataclass
class Message:
    """One message of the transcript, with what the assistant's payload (if any) carried beside it."""

    at: datetime                       # naive UTC
    speaker: str                       # "practitioner" or "assistant"
    text: str = ""
    buttons: list[str] = field(default_factory=list)
    kind: Optional[str] = None         # the payload's kind: advice, contacts, readback, summary...
    level: Optional[str] = None
    features: list[dict] = field(default_factory=list)   # {id, level, title}
    routes: list[dict] = field(default_factory=list)     # {id, title, cite}
    steps: list[str] = field(default_factory=list)
    contacts: list[dict] = field(default_factory=list)
    noted: list[dict] = field(default_factory=list)      # read-back items: {n, feature, level, status, title}

    @property
    def has_findings(self) -> bool:
        return bool(self.level or self.features or self.routes or self.steps or self.contacts or self.noted)


def conversation(conversations: Session, sender_id: str) -> Optional[ConversationRecord]:
    """The conversation's record, with ``queue_item`` (``triage.QueueItem``: what was noted, whether any advice
    was given, the highest level of both) set on it as a plain attribute for ``findings``."""
    from bot.review.triage import item_from

    record = conversations.get(ConversationRecord, sender_id)
    if record is not None:
        rows = conversations.execute(
            sa.select(ConversationFinding.kind, ConversationFinding.value, ConversationFinding.level)
            .where(ConversationFinding.sender_id == sender_id,
                   ConversationFinding.kind.in_(("noted", "advice")))).all()
        record.queue_item = item_from(record, [tuple(r) for r in rows])
    return record


def messages(conversations: Session, sender_id: str) -> list[Message]:
    """The practitioner's and the assistant's messages, oldest first, from Rasa's ``events`` (read only)."""
    try:
        rows = conversations.execute(
            sa.select(EVENTS.c.timestamp, EVENTS.c.type_name, EVENTS.c.data)
            .where(EVENTS.c.sender_id == sender_id, EVENTS.c.type_name.in_(("user", "bot")))
            .order_by(EVENTS.c.timestamp, EVENTS.c.id)).all()
    except (sa.exc.OperationalError, sa.exc.ProgrammingError):  # Rasa has not created its table yet
        conversations.rollback()
        return []
    out = []
    for timestamp, type_name, data in rows:
        try:
            event = json.loads(data or "{}")
        except ValueError:
            event = {}
        message = _message(type_name, timestamp, event)
        if message is not None:
            out.append(message)
    return out


def _message(type_name: str, timestamp: Optional[float], event: dict) -> Optional[Message]:
    at = datetime.fromtimestamp(timestamp or 0, tz=timezone.utc).replace(tzinfo=None)
    if type_name == "user":
        return Message(at, "practitioner", text=str(event.get("text") or ""))
    data = event.get("data") or {}
    message = Message(at, "assistant", text=str(event.get("text") or ""),
                      buttons=[str(b.get("title")) for b in data.get("buttons") or [] if isinstance(b, dict)])
    custom = data.get("custom")
    if isinstance(custom, dict):
        _payload(message, custom)
    return message if message.text or message.has_findings or message.buttons else None


def _payload(message: Message, custom: dict) -> None:
    message.kind = str(custom.get("kind") or "") or None
    if message.kind in ("advice", "summary"):
        message.level = str(custom.get("level") or "") or None
        message.features = features_with_titles(custom.get("features") or [])
        message.routes = [route_info(str(r)) for r in custom.get("routes") or []]
        message.steps = [str(s.get("text") if isinstance(s, dict) else s) for s in custom.get("steps") or []]
    if message.kind in ("advice", "summary", "contacts", "fallback"):
        message.contacts = [c for c in custom.get("contacts") or [] if isinstance(c, dict)]
    if message.kind == "readback":
        for item in custom.get("items") or []:
            if isinstance(item, dict) and item.get("feature"):
                message.noted.append({"n": item.get("n"), "feature": str(item["feature"]),
                                      "level": item.get("level"), "status": item.get("status"),
                                      "title": feature_title(str(item["feature"]))})


@dataclass
class Findings:
    """What the assistant found and gave over the whole conversation."""

    level: str
    features: list[dict]
    routes: list[dict]
    steps: list[str]
    contacts: list[dict]
    # features and routes the assistant noted as met that no advice carried: noted before the practitioner
    # left, set aside after a question, or noted after the last advice ({id, level, title})
    noted: list[dict] = field(default_factory=list)
    advised: bool = True                 # was any advice given?
    advised_levels: list[str] = field(default_factory=list)

    @property
    def left_before_advice(self) -> bool:
        return bool(self.noted) and not self.advised


def findings(record: ConversationRecord, transcript: Sequence[Message]) -> Findings:
    """The highest level noted or advised; the features and routes advised, and those only noted; the steps
    and contacts as the messages gave them."""
    steps: list[str] = []
    contacts: list[dict] = []
    seen_contacts = set()
    for message in transcript:
        steps += [s for s in message.steps if s not in steps]
        for contact in message.contacts:
            key = (contact.get("label"), contact.get("phone"), contact.get("email"), contact.get("url"))
            if key not in seen_contacts:
                seen_contacts.add(key)
                contacts.append(contact)
    item = getattr(record, "queue_item", None)
    advised_features = {str(f.get("id")) for f in record.features or [] if isinstance(f, dict)}
    advised_routes = {str(r) for r in record.routes or []}
    noted = []
    for found in item.noted if item else []:
        if found["id"] in advised_features or found["id"] in advised_routes:
            continue
        title = feature_title(found["id"]) or route_info(found["id"])["title"]
        noted.append({"id": found["id"], "level": found["level"], "title": title,
                      "route": found["id"] in _knowledge()[1]})
    advised_levels = [m.level for m in transcript if m.kind == "advice" and m.level]
    return Findings(level=item.level if item else record.level,
                    features=features_with_titles(record.features or []),
                    routes=[route_info(str(r)) for r in record.routes or []], steps=steps, contacts=contacts,
                    noted=noted, advised=item.advised if item else True,
                    advised_levels=list(dict.fromkeys(advised_levels)))


# ---------------------------------------------------------------------------- review status and notes

def statuses_of(review: Session, sender_ids: Sequence[str]) -> dict[str, Review]:
    if not sender_ids:
        return {}
    return {r.sender_id: r for r in review.scalars(sa.select(Review).where(Review.sender_id.in_(sender_ids)))}


def set_status(review: Session, sender_id: str, status: str, *, account_id: int, username: str,
               now: datetime) -> Review:
    if status not in STATUSES:
        raise ValueError(f"status must be one of {STATUSES}")
    row = review.get(Review, sender_id)
    if row is None:
        row = Review(sender_id=sender_id)
        review.add(row)
    row.status, row.reviewed_by, row.account_id, row.at = status, username, account_id, now
    return row


_redaction_lock = threading.Lock()


def redact_note(text: str) -> str:
    """The note with personal details replaced by placeholders (``bot.redaction``; spaCy, one at a time)."""
    from bot.redaction import redact

    with _redaction_lock:
        return redact(text).text


def add_note(review: Session, sender_id: str, text: str, *, account_id: int, username: str, role: str,
             now: datetime) -> Note:
    """Append a note, redacted, signed with the account and timestamped. There is no way to change one."""
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise ValueError("The note is empty.")
    if len(text) > MAX_NOTE:
        raise ValueError(f"A note is at most {MAX_NOTE} characters.")
    note = Note(sender_id=sender_id, account_id=account_id, author=username, author_role=role, at=now,
                text=redact_note(text))
    review.add(note)
    return note


def notes(review: Session, sender_id: str) -> list[Note]:
    return list(review.scalars(sa.select(Note).where(Note.sender_id == sender_id).order_by(Note.at, Note.id)))
