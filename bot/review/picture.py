"""The termly picture: numbers a safeguarding lead reports to governors, and nothing else.

Over a period (by default the last 13 weeks), from the real conversations (never practice) that *raised a
concern*: the highest level noted or advised was consider or higher, or a route was noted or advised. For those:

* concerns per week (Monday to Sunday, in the deployment's time zone, by when the conversation started), by level;
* the ten alerting features noted or advised in most concerns, and every route with its count;
* how long concerns waited for review: from the conversation's last message to the first time a lead marked it
  reviewed (the audit log's first ``status reviewed``; else the review status's own time), counted in working
  time (Monday to Friday; bank holidays are not known and count as working days), put in bands;
* the share reviewed within one working day, of the concerns that are *due* (reviewed, or waiting longer than a
  working day; one raised this afternoon is not late yet).

Only counts, feature and route ids and the guideline's titles: no conversation id, no words of any
conversation, no name of any lead. ``write_csv`` gives the same numbers for a spreadsheet; ``bot.review.charts``
draws them.
"""
from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import IO, Any, Optional, Sequence
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.review.tables import AuditEntry, Review
from bot.review.triage import COLUMNS, ROUTES, QueueItem, item_from
from bot.transcripts.records import ConversationFinding, ConversationRecord

LEVELS_SHOWN = ("danger", "suspect", "consider", "none")     # the order of the weekly chart's stack, top first
LEVEL_NAMES = {"danger": "Danger", "suspect": "Suspect", "consider": "Consider", "none": "A route, no level"}
WAIT_BANDS = (  # (key, label, most working days): the last band has no limit
    ("one", "Within one working day", 1),
    ("three", "Within three working days", 3),
    ("five", "Within five working days", 5),
    ("longer", "After more than five working days", None),
    ("waiting", "Not reviewed yet", None),
)
WORKING_DAY = timedelta(hours=24)
TOP_FEATURES = 10
DEFAULT_WEEKS = 13
MAX_DAYS = 371                  # a year and a week: a longer period is refused, not drawn unreadably


@dataclass
class Week:
    starts: date                                   # a Monday
    counts: dict[str, int] = field(default_factory=lambda: {level: 0 for level in LEVELS_SHOWN})

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Count:
    id: str
    title: str
    count: int
    level: str = ""


@dataclass
class Picture:
    start: date                                    # first day, inclusive (local)
    end: date                                      # last day, inclusive (local)
    weeks: list[Week]
    features: list[Count]                          # the ten most frequent, most first
    routes: list[Count]                            # every route, in the guideline's order
    waits: list[Count]                             # WAIT_BANDS, in order
    concerns: int
    reviewed: int
    due: int                                       # reviewed, or waiting longer than one working day
    within_day: int                                # reviewed within one working day

    @property
    def share_within_day(self) -> Optional[float]:
        return self.within_day / self.due if self.due else None

    @property
    def level_totals(self) -> dict[str, int]:
        return {level: sum(w.counts[level] for w in self.weeks) for level in LEVELS_SHOWN}

    CSV_COLUMNS = ("measure", "week_starting", "level", "id", "title", "count")

    def write_csv(self, out: IO[str]) -> None:
        """Every number of the picture, one a row, told apart by ``measure``."""
        w = csv.writer(out)
        w.writerow(self.CSV_COLUMNS)
        w.writerow(["period", self.start.isoformat(), "", "", f"to {self.end.isoformat()}", ""])
        for week in self.weeks:
            for level in LEVELS_SHOWN:
                w.writerow(["concerns_per_week", week.starts.isoformat(), level, "", LEVEL_NAMES[level],
                            week.counts[level]])
        for feature in self.features:
            w.writerow(["top_feature", "", feature.level, feature.id, feature.title, feature.count])
        for route in self.routes:
            w.writerow(["route", "", "", route.id, route.title, route.count])
        for wait in self.waits:
            w.writerow(["review_wait", "", "", wait.id, wait.title, wait.count])
        share = self.share_within_day
        for key, title, value in (
                ("concerns", "Concerns raised", self.concerns),
                ("reviewed", "Reviewed", self.reviewed),
                ("due", "Due for review (reviewed, or waiting longer than one working day)", self.due),
                ("reviewed_within_one_working_day", "Reviewed within one working day", self.within_day),
                ("share_reviewed_within_one_working_day", "Share of those due reviewed within one working day",
                 "" if share is None else f"{share:.4f}")):
            w.writerow(["summary", "", "", key, title, value])


# ---------------------------------------------------------------------------- the period

def default_period(today: date) -> tuple[date, date]:
    """The last 13 weeks: from the Monday twelve weeks before this week's, to today."""
    monday = today - timedelta(days=today.weekday())
    return monday - timedelta(weeks=DEFAULT_WEEKS - 1), today


def read_period(args: Any, today: date) -> tuple[date, date, list[str]]:
    """The period from the form (``from``, ``to``), the default where a date is missing, and any problems."""
    start, end = default_period(today)
    problems: list[str] = []
    for name, label in (("from", "From"), ("to", "To")):
        value = args.get(name, "")
        value = (value[0] if isinstance(value, list) and value else value) or ""
        value = str(value).replace("\x00", "").strip()
        if not value:
            continue
        try:
            day = date.fromisoformat(value[:10])
        except ValueError:
            problems.append(f"{label}: enter a date like 2026-01-31.")
            continue
        if name == "from":
            start = day
        else:
            end = day
    if not problems and end < start:
        problems.append("The period ends before it starts.")
    if not problems and (end - start).days >= MAX_DAYS:
        problems.append(f"Choose a period of at most {MAX_DAYS} days.")
    return start, end, problems


def _utc(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(timezone.utc).replace(tzinfo=None)


def _local(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.replace(tzinfo=timezone.utc).astimezone(zone)


# ---------------------------------------------------------------------------- working time

def working_time(start: datetime, end: datetime, zone: ZoneInfo) -> timedelta:
    """The time between two naive-UTC moments that falls on Monday to Friday in ``zone`` (zero if end <= start)."""
    if end <= start:
        return timedelta(0)
    cursor, stop = _local(start, zone), _local(end, zone)
    total = timedelta(0)
    while cursor < stop:
        midnight = datetime.combine(cursor.date() + timedelta(days=1), time(0), tzinfo=zone)
        chunk_end = min(midnight, stop)
        if cursor.weekday() < 5:
            total += chunk_end.astimezone(timezone.utc) - cursor.astimezone(timezone.utc)
        cursor = chunk_end
    return total


def wait_band(waited: Optional[timedelta]) -> str:
    """The band of a wait in working time; ``None`` (never reviewed) is 'waiting'."""
    if waited is None:
        return "waiting"
    for key, _, days in WAIT_BANDS:
        if days is not None and waited <= days * WORKING_DAY:
            return key
    return "longer"


# ---------------------------------------------------------------------------- from the database

def raised_concern(item: QueueItem) -> bool:
    """A level of consider or higher, or a route, noted or advised."""
    return item.level in ("consider", "suspect", "danger") or bool(item.routes)


def concerns_in(conversations: Session, start: date, end: date, zone: ZoneInfo) -> list[QueueItem]:
    """The real conversations started in the period that raised a concern."""
    records = conversations.execute(sa.select(*COLUMNS).where(
        ConversationRecord.practice.is_(False), ConversationRecord.started_at >= _utc(start, zone),
        ConversationRecord.started_at < _utc(end + timedelta(days=1), zone))).all()
    found: dict[str, list[tuple[str, str, Optional[str]]]] = {}
    ids = [r.sender_id for r in records]
    for first in range(0, len(ids), 500):
        for sender_id, kind, value, level in conversations.execute(
                sa.select(ConversationFinding.sender_id, ConversationFinding.kind, ConversationFinding.value,
                          ConversationFinding.level)
                .where(ConversationFinding.kind.in_(("noted", "advice")),
                       ConversationFinding.sender_id.in_(ids[first:first + 500]))):
            found.setdefault(sender_id, []).append((kind, value, level))
    items = [item_from(r, found.get(r.sender_id, ())) for r in records]
    return [item for item in items if raised_concern(item)]


def first_reviews(review: Session, sender_ids: Sequence[str], organisation: str) -> dict[str, datetime]:
    """When each conversation was first marked reviewed: the audit log's first ``status reviewed``, else the
    review status's time when it says reviewed."""
    first: dict[str, datetime] = {}
    for start in range(0, len(sender_ids), 500):
        chunk = list(sender_ids[start:start + 500])
        for sender_id, at in review.execute(
                sa.select(AuditEntry.sender_id, sa.func.min(AuditEntry.at))
                .where(AuditEntry.action == "status", AuditEntry.detail == "status reviewed",
                       AuditEntry.organisation == organisation, AuditEntry.sender_id.in_(chunk))
                .group_by(AuditEntry.sender_id)):
            first[sender_id] = at
        for row in review.scalars(sa.select(Review).where(Review.sender_id.in_(chunk),
                                                          Review.status == "reviewed")):
            first.setdefault(row.sender_id, row.at)
    return first


def build(conversations: Session, review: Session, *, start: date, end: date, zone: ZoneInfo, now: datetime,
          organisation: str) -> Picture:
    """The picture of the period (the caller has checked that the conversations are the organisation's)."""
    from bot.review.conversations import _knowledge, feature_title, route_info

    items = concerns_in(conversations, start, end, zone)
    reviewed_at = first_reviews(review, [i.sender_id for i in items], organisation)

    monday = start - timedelta(days=start.weekday())
    weeks = {monday + timedelta(weeks=n): Week(monday + timedelta(weeks=n))
             for n in range((end - monday).days // 7 + 1)}
    features: Counter[str] = Counter()
    routes: Counter[str] = Counter()
    waits: Counter[str] = Counter()
    due = within = 0
    for item in items:
        day = _local(item.started_at, zone).date()
        level = item.level if item.level in LEVELS_SHOWN else "none"
        weeks[day - timedelta(days=day.weekday())].counts[level] += 1
        for feature in item.features:
            features[feature["id"]] += 1
        routes.update(set(item.routes))
        at = reviewed_at.get(item.sender_id)
        waited = working_time(item.last_event_at, at, zone) if at else None
        band = wait_band(waited)
        waits[band] += 1
        if band == "one":
            within += 1
        if at is not None or working_time(item.last_event_at, now, zone) > WORKING_DAY:
            due += 1
    top = sorted(features.items(), key=lambda pair: (-pair[1], pair[0]))[:TOP_FEATURES]
    return Picture(
        start=start, end=end, weeks=[weeks[k] for k in sorted(weeks)],
        features=[Count(fid, feature_title(fid), n, _knowledge()[0].get(fid, ("", ""))[1]) for fid, n in top],
        routes=[Count(rid, route_info(rid)["title"], routes[rid]) for rid in ROUTES],
        waits=[Count(key, label, waits[key]) for key, label, _ in WAIT_BANDS],
        concerns=len(items), reviewed=len(reviewed_at), due=due, within_day=within)
