"""Office hours of a children's social care front door, and the UK clock they are read against.

Syntax (one cell of the spreadsheet), documented in ``docs/contacts.md``::

    Mon-Thu 08:30-17:00; Fri 08:30-16:30
    Mon-Fri 09:00-12:30, 13:30-17:00
    Mon,Wed,Fri 09:00-17:00; Sat 10:00-12:00
    Mon-Sun 00:00-24:00

Segments are separated by ``;``. Each segment is a set of days (``Mon``, ``Mon-Fri``, ``Mon,Wed``; three-letter
or full English names, any case) followed by one or more ``HH:MM-HH:MM`` ranges separated by ``,``. A range is
open from its start up to, not including, its end; ``24:00`` means midnight at the end of the day; ranges
never cross midnight (night cover is the out-of-hours team's job). UK bank holidays are ignored: on a bank
holiday the front door is treated as open at its weekday hours, so the out-of-hours team is listed second.

Times are UK local time (Europe/London, GMT in winter and BST in summer). The ``zoneinfo`` database is used
when it is available; otherwise :class:`UKTime` applies the statutory rule (BST from 01:00 UTC on the last
Sunday of March to 01:00 UTC on the last Sunday of October), which is the same for every date since 1996.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_NAMES = {name: i for i, name in enumerate(DAYS)}
_DAY_NAMES.update(
    {full: i for i, full in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}
)
_DAY_NAMES.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})
_RANGE = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")
_SEGMENT = re.compile(r"^(?P<days>[A-Za-z]+(?:\s*[-,]\s*[A-Za-z]+)*)\s+(?P<times>\d.*)$")


class UKTime(tzinfo):
    """UK civil time without a tz database: GMT, and BST between the last Sundays of March and October."""

    @staticmethod
    def _last_sunday(year: int, month: int) -> date:
        first_of_next = date(year + (month == 12), month % 12 + 1, 1)
        last = first_of_next - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - 6) % 7)

    def _bst_bounds_utc(self, year: int) -> tuple[datetime, datetime]:
        start = datetime.combine(self._last_sunday(year, 3), time(1, 0))
        end = datetime.combine(self._last_sunday(year, 10), time(1, 0))
        return start, end

    def utcoffset(self, dt: datetime | None) -> timedelta:
        if dt is None:
            return timedelta(0)
        start, end = self._bst_bounds_utc(dt.year)
        naive = dt.replace(tzinfo=None)
        # Local wall time: BST starts at 01:00 GMT (wall clock jumps to 02:00) and ends at 02:00 BST (01:00 GMT).
        in_bst = start + timedelta(hours=1) <= naive < end + timedelta(hours=1 - dt.fold)
        return timedelta(hours=1) if in_bst else timedelta(0)

    def dst(self, dt: datetime | None) -> timedelta:
        return self.utcoffset(dt)

    def tzname(self, dt: datetime | None) -> str:
        return "BST" if self.utcoffset(dt) else "GMT"

    def fromutc(self, dt: datetime) -> datetime:
        start, end = self._bst_bounds_utc(dt.year)
        naive = dt.replace(tzinfo=None)
        if start <= naive < end:
            local = naive + timedelta(hours=1)
            # The repeated hour at the end of BST: the first pass is fold=0.
            return local.replace(tzinfo=self)
        local = naive.replace(tzinfo=self)
        if end <= naive < end + timedelta(hours=1):
            return local.replace(fold=1)
        return local

    def __repr__(self) -> str:
        return "UKTime()"


def _london() -> tzinfo:
    try:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
    except ImportError:  # pragma: no cover - Python 3.10 always has zoneinfo
        return UKTime()
    try:
        return ZoneInfo("Europe/London")
    except (ZoneInfoNotFoundError, ValueError):  # no system tz database and no tzdata package
        return UKTime()


LONDON: tzinfo = _london()


def to_london(moment: datetime | None) -> datetime:
    """The moment as UK local time; ``None`` is now, and a naive datetime is taken as UK local time already."""
    if moment is None:
        return datetime.now(timezone.utc).astimezone(LONDON)
    if moment.tzinfo is None or moment.tzinfo.utcoffset(moment) is None:
        return moment.replace(tzinfo=LONDON)
    return moment.astimezone(LONDON)


def uk_today() -> date:
    return to_london(None).date()


def _minutes(hours: str, minutes: str, text: str) -> int:
    h, m = int(hours), int(minutes)
    if m > 59 or h > 24 or (h == 24 and m != 0):
        raise ValueError(f"{text!r} is not a time of day (use HH:MM, 00:00 to 24:00)")
    return h * 60 + m


def _days(text: str) -> list[int]:
    days: list[int] = []
    for part in re.split(r"\s*,\s*", text.strip()):
        ends = [p.strip().lower() for p in re.split(r"\s*-\s*", part)]
        if len(ends) > 2 or any(e not in _DAY_NAMES for e in ends):
            raise ValueError(f"{part!r} is not a day or a day range (use Mon, Tue, ... Sun, or Mon-Fri)")
        first, last = _DAY_NAMES[ends[0]], _DAY_NAMES[ends[-1]]
        if last < first:
            raise ValueError(f"day range {part!r} runs backwards (write it from Mon towards Sun)")
        days.extend(range(first, last + 1))
    return days


@dataclass(frozen=True)
class OfficeHours:
    """Weekly opening times: for each weekday (Monday = 0), a tuple of (start, end) minutes after midnight."""

    week: tuple[tuple[tuple[int, int], ...], ...]

    @classmethod
    def parse(cls, text: str) -> "OfficeHours":
        """Parse the documented syntax; raise ``ValueError`` with a message for a person on any mistake."""
        week: list[list[tuple[int, int]]] = [[] for _ in DAYS]
        segments = [s.strip() for s in text.split(";")]
        if not any(segments):
            raise ValueError("office hours are empty")
        for segment in segments:
            if not segment:
                continue
            match = _SEGMENT.match(segment)
            if not match:
                raise ValueError(f"{segment!r} is not 'Days HH:MM-HH:MM' (for example 'Mon-Fri 09:00-17:00')")
            days = _days(match["days"])
            for time_range in re.split(r"\s*,\s*", match["times"].strip()):
                m = _RANGE.match(time_range.strip())
                if not m:
                    raise ValueError(f"{time_range!r} is not a time range HH:MM-HH:MM")
                start = _minutes(m[1], m[2], f"{m[1]}:{m[2]}")
                end = _minutes(m[3], m[4], f"{m[3]}:{m[4]}")
                if end <= start:
                    raise ValueError(f"{time_range!r} ends before it starts (ranges cannot cross midnight)")
                for day in days:
                    for other_start, other_end in week[day]:
                        if start < other_end and other_start < end:
                            raise ValueError(f"{segment!r} overlaps other hours given for {DAYS[day].title()}")
                    week[day].append((start, end))
        return cls(tuple(tuple(sorted(day)) for day in week))

    def is_open(self, moment: datetime | None = None) -> bool:
        """Whether the front door is open at this moment (UK local time; naive means UK local already)."""
        local = to_london(moment)
        minute = local.hour * 60 + local.minute
        return any(start <= minute < end for start, end in self.week[local.weekday()])

    def __str__(self) -> str:
        """A normalised rendering in the same syntax, grouping consecutive days with identical hours."""
        parts: list[str] = []
        day = 0
        while day < 7:
            ranges = self.week[day]
            last = day
            while last + 1 < 7 and self.week[last + 1] == ranges:
                last += 1
            if ranges:
                days = DAYS[day].title() if last == day else f"{DAYS[day].title()}-{DAYS[last].title()}"
                times = ", ".join(f"{_hhmm(s)}-{_hhmm(e)}" for s, e in ranges)
                parts.append(f"{days} {times}")
            day = last + 1
        return "; ".join(parts)


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
