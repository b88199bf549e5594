"""The lead's first page: the conversations nobody has reviewed yet, in the order they need the lead.

A morning with fifty new conversations must not read as fifty rows that look alike. Each unreviewed real
conversation (practice is never in the queue) falls into one group, the first that fits:

1. **Danger**: the assistant noted or advised immediate danger (the level or the ``danger`` route);
2. **A referral route**: disclosure, FGM, trafficking, fabricated or induced illness, whose steps require a
   referral or a report (``bot.advice.REFERRAL_ROUTES``, danger apart);
3. **Suspect**, then 4. **Consider**: the highest level noted at any point, not only in the advice given;
5. **Something else noted**: a route without a level (an injury outside NG76's features);
6. **Nothing noted**: a greeting and nothing more, at the end.

Within a group, a conversation *left before the advice* comes first (the practitioner noted something, the
assistant said "I'll come back to it", and no advice was ever given: the practitioner may need a call), then the
one that has waited longest. The level and findings come from the conversation's record
(``bot.transcripts.records``): its level is the highest noted or advised, and ``noted`` and ``advice`` findings
say what was noted and whether any advice was given. A record written before those findings existed counts as
advised when it holds steps (only advice carries steps).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Iterable, Optional, Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.guideline.vocabulary import ROUTE_VALUES
from bot.observations.beyond import REFERRAL_SITUATIONS
from bot.review.tables import Review
from bot.transcripts.records import LEVELS, ConversationFinding, ConversationRecord, rank

ROUTES = ROUTE_VALUES                                                  # the order of knowledge/guideline/routes.yml
# bot.advice.REFERRAL_ROUTES less danger, and the situations outside the features whose next step is a referral
# discussion (an adult's sexual abuse as it was told, a bruised baby not yet mobile: bot.transcripts.records)
REFERRAL_ROUTES = tuple(r for r in ROUTES if r not in ("danger", "injury")) + tuple(sorted(REFERRAL_SITUATIONS))
GROUPS = (
    ("danger", "Danger", "The assistant noted that the child may be in danger now."),
    ("referral", "A route that requires a referral",
     "Disclosure, FGM, trafficking, or fabricated or induced illness: NG76's steps require a referral or a report; "
     "or an adult's sexual abuse of a child as it was told, or a bruised baby not yet mobile: a referral discussion."),
    ("suspect", "Suspect", "The highest level noted was suspect."),
    ("consider", "Consider", "The highest level noted was consider."),
    ("other", "Something else noted", "A route without a level, such as an injury outside NG76's features."),
    ("nothing", "Nothing noted", "No alerting feature or route was noted: often a greeting and nothing more."),
)
GROUP_ORDER = tuple(key for key, _, _ in GROUPS)
SHOWN_PER_GROUP = 200


@dataclass
class QueueItem:
    """One unreviewed conversation as the queue shows it: no words of the conversation, only ids and levels."""

    sender_id: str
    channel: Optional[str]
    started_at: datetime
    last_event_at: datetime
    level: str                                   # the highest level noted or advised
    messages: int
    features: list[dict] = field(default_factory=list)   # {id, level}: advised or noted, highest level each
    routes: list[str] = field(default_factory=list)      # advised or noted, in the guideline's order
    noted: list[dict] = field(default_factory=list)      # {id, level}: what the assistant noted as met
    advised: bool = False

    @property
    def left_before_advice(self) -> bool:
        """Something was noted and no advice was ever given: the practitioner left before it."""
        return bool(self.noted) and not self.advised

    @property
    def group(self) -> str:
        return group_of(self.level, self.routes, bool(self.features or self.noted))

    def sort_key(self) -> tuple:
        return (GROUP_ORDER.index(self.group), not self.left_before_advice, self.last_event_at, self.sender_id)

    def left_before_advice_line(self) -> str:
        """'Left before advice: 1.3.23 noted' (ids and route names only), or '' when advice was given."""
        if not self.left_before_advice:
            return ""
        return "Left before advice: " + ", ".join(n["id"] for n in self.noted) + " noted"


def group_of(level: str, routes: Sequence[str], anything_noted: bool) -> str:
    """The queue group for a conversation with this highest level and these routes."""
    if level == "danger" or "danger" in routes:
        return "danger"
    if any(r in REFERRAL_ROUTES for r in routes):
        return "referral"
    if level in ("suspect", "consider"):
        return level
    return "other" if routes or anything_noted else "nothing"


def order(items: Iterable[QueueItem]) -> list[QueueItem]:
    """Danger, referral routes, suspect, consider, the rest; left before the advice first, then oldest first."""
    return sorted(items, key=QueueItem.sort_key)


@dataclass
class Group:
    key: str
    title: str
    meaning: str
    items: list[QueueItem]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.items)


@dataclass
class Queue:
    groups: list[Group]

    @property
    def total(self) -> int:
        return sum(g.total for g in self.groups)

    @property
    def left_before_advice(self) -> int:
        return sum(1 for g in self.groups for i in g.items if i.left_before_advice)

    def ordered(self) -> list[QueueItem]:
        return [item for group in self.groups for item in group.items]


# ---------------------------------------------------------------------------- from the database

def item_from(record: Any, findings: Sequence[tuple[str, str, Optional[str]]]) -> QueueItem:
    """A queue item from a record's columns and its ``noted`` and ``advice`` findings (kind, value, level)."""
    features: dict[str, str] = {}
    for feature in record.features or []:
        if isinstance(feature, dict) and feature.get("id"):
            _raise(features, str(feature["id"]), str(feature.get("level") or "none"))
    routes = [str(r) for r in record.routes or []]
    noted: dict[str, str] = {}
    advised = bool(record.steps)
    for kind, value, level in findings:
        if kind == "advice":
            advised = True
        elif kind == "noted":
            _raise(noted, value, level or "none")
            if value in ROUTES:
                routes.append(value)
            else:
                _raise(features, value, level or "none")
    level = record.level if record.level in LEVELS else "none"
    for value in noted.values():  # a record written before noted levels counted: the highest of both
        level = value if rank(value) > rank(level) else level
    return QueueItem(sender_id=record.sender_id, channel=record.channel, started_at=record.started_at,
                     last_event_at=record.last_event_at, level=level, messages=record.messages or 0,
                     features=[{"id": k, "level": v} for k, v in features.items()],
                     routes=[r for r in ROUTES if r in routes] + sorted({r for r in routes if r not in ROUTES}),
                     noted=[{"id": k, "level": v} for k, v in noted.items()], advised=advised)


def _raise(found: dict[str, str], key: str, level: str) -> None:
    if key not in found or rank(level) > rank(found[key]):
        found[key] = level


COLUMNS = (ConversationRecord.sender_id, ConversationRecord.channel, ConversationRecord.started_at,
           ConversationRecord.last_event_at, ConversationRecord.level, ConversationRecord.messages,
           ConversationRecord.features, ConversationRecord.routes, ConversationRecord.steps)


def unreviewed_query(review: Session, same_database: bool) -> sa.sql.Select:
    """The real conversations without a 'reviewed' status: only the columns the queue needs (not the text)."""
    reviewed: Any = sa.select(Review.sender_id).where(Review.status == "reviewed")
    if not same_database:
        reviewed = list(review.scalars(reviewed))
    return (sa.select(*COLUMNS).where(ConversationRecord.practice.is_(False),
                                      ConversationRecord.sender_id.not_in(reviewed)))


def load_queue(conversations: Session, review: Session, *, same_database: bool,
               shown_per_group: int = SHOWN_PER_GROUP) -> Queue:
    """Every unreviewed real conversation, grouped and ordered (the caller has checked the organisation)."""
    records = conversations.execute(unreviewed_query(review, same_database)).all()
    findings: dict[str, list[tuple[str, str, Optional[str]]]] = defaultdict(list)
    ids = [r.sender_id for r in records]
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for sender_id, kind, value, level in conversations.execute(
                sa.select(ConversationFinding.sender_id, ConversationFinding.kind, ConversationFinding.value,
                          ConversationFinding.level)
                .where(ConversationFinding.kind.in_(("noted", "advice")),
                       ConversationFinding.sender_id.in_(chunk))):
            findings[sender_id].append((kind, value, level))
    items = order(item_from(r, findings.get(r.sender_id, ())) for r in records)
    by_group: dict[str, list[QueueItem]] = defaultdict(list)
    for item in items:
        by_group[item.group].append(item)
    return Queue([Group(key, title, meaning, by_group[key][:shown_per_group], len(by_group[key]))
                  for key, title, meaning in GROUPS])
