"""The termly picture: working time, the numbers against the database, the PNG and CSV, and the trainer's chart
of the features most often missed; who may see them, and that they carry no words of any conversation."""
from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from bot.review.picture import WORKING_DAY, default_period, read_period, wait_band, working_time
from bot.scenarios.results import PracticeResult, session_factory

from .conftest import T0
from .desk_conversations import morning

LONDON = ZoneInfo("Europe/London")
WORDS = ("lunchboxes", "belt", "screaming", "bins", "shouts", "hi\n")


def utc(*args) -> datetime:
    """A London wall-clock time as the naive UTC the tables keep."""
    return datetime(*args, tzinfo=LONDON).astimezone(timezone.utc).replace(tzinfo=None)


# ---------------------------------------------------------------------------- working time and bands

@pytest.mark.parametrize("start, end, hours", [
    (utc(2026, 3, 2, 9), utc(2026, 3, 2, 17), 8),          # a Monday
    (utc(2026, 3, 6, 17), utc(2026, 3, 9, 16), 23),        # Friday 17:00 to Monday 16:00: 7 + 16 hours
    (utc(2026, 3, 7, 9), utc(2026, 3, 8, 20), 0),          # a weekend
    (utc(2026, 3, 6, 12), utc(2026, 3, 13, 12), 120),      # a week: five working days
    (utc(2026, 3, 27, 12), utc(2026, 3, 30, 12), 24),      # over the change to summer time (29 March 2026)
    (utc(2026, 3, 2, 17), utc(2026, 3, 2, 9), 0),          # the wrong way round
])
def test_working_time_leaves_out_weekends(start, end, hours):
    assert working_time(start, end, LONDON) == timedelta(hours=hours)


@pytest.mark.parametrize("hours, band", [(0, "one"), (24, "one"), (25, "three"), (72, "three"), (73, "five"),
                                         (120, "five"), (121, "longer"), (None, "waiting")])
def test_wait_bands(hours, band):
    assert wait_band(None if hours is None else timedelta(hours=hours)) == band
    assert WORKING_DAY == timedelta(hours=24)


def test_the_period_defaults_to_thirteen_weeks_and_is_checked():
    today = date(2026, 3, 4)   # a Wednesday
    assert default_period(today) == (date(2025, 12, 8), today)
    assert read_period({}, today) == (date(2025, 12, 8), today, [])
    assert read_period({"from": "2026-01-05", "to": "2026-03-27"}, today)[:2] == (date(2026, 1, 5), date(2026, 3, 27))
    assert read_period({"from": "soon"}, today)[2] == ["From: enter a date like 2026-01-31."]
    assert read_period({"from": "2026-03-02", "to": "2026-03-01"}, today)[2] == ["The period ends before it starts."]
    assert read_period({"from": "2024-01-01", "to": "2026-03-01"}, today)[2] == ["Choose a period of at most 371 days."]


# ---------------------------------------------------------------------------- a term of concerns

@pytest.fixture
def term(any_review):
    """Three mornings in three weeks (each: danger, disclosure, suspect, left before the advice, consider,
    a greeting, practice); some reviewed within a working day, some later, some not at all."""
    review = any_review
    mondays = [T0 - timedelta(weeks=2), T0 - timedelta(weeks=1), T0]   # T0 is Monday 2 March 2026, 09:30
    for week, monday in enumerate(mondays):
        for sender_id, events in morning(monday).items():
            review.conversation(f"{sender_id}-w{week}", events)
    review.account("lead.one", "lead")

    def mark(sender_id: str, at: datetime, status: str = "reviewed") -> None:
        review.now = at               # a fresh login each time: sessions end after hours
        lead = review.client()
        assert lead.login("lead.one").status_code == 303
        lead.get(f"/transcript?id={sender_id}")
        assert lead.post("/transcript/status", {"id": sender_id, "status": status}).status_code == 303

    mark("conv-danger-w0", mondays[0] + timedelta(hours=7))                 # the same day
    mark("conv-disclosure-w0", mondays[0] + timedelta(days=4))              # Friday: later than a working day
    mark("conv-danger-w1", mondays[1] + timedelta(days=1, hours=2))         # Tuesday morning: within a day
    mark("conv-left-w1", mondays[1] + timedelta(days=12))                   # much later
    mark("conv-hello-w1", mondays[1] + timedelta(hours=10))                 # a greeting: no concern, not counted
    mark("conv-consider-w2", mondays[2] + timedelta(hours=9))
    mark("conv-consider-w2", mondays[2] + timedelta(days=1), "open")        # reopened: the first review counts
    review.now = T0 + timedelta(days=2, hours=8)                            # Wednesday 4 March, 17:30
    review.lead = review.client()
    review.lead.login("lead.one")
    return review


def picture_csv(review, query: str = "") -> list[dict]:
    reply = review.lead.get("/picture.csv" + query)
    assert reply.status_code == 200, reply.text[:500]
    assert reply.headers["content-type"].startswith("text/csv")
    assert reply.headers["content-disposition"].startswith('attachment; filename="concerns-')
    return list(csv.DictReader(io.StringIO(reply.text)))


def database_numbers(engine) -> dict:
    """The same numbers, read straight from the tables with SQL of the test's own (not the app's code)."""
    with engine.connect() as connection:
        records = [dict(r._mapping) for r in connection.execute(sa.text(
            "SELECT sender_id, started_at, last_event_at, level, routes, features FROM conversation_records "
            "WHERE practice = :no"), {"no": False})]
        findings = [tuple(r) for r in connection.execute(sa.text(
            "SELECT sender_id, kind, value FROM conversation_findings"))]
        audit = {r[0]: r[1] for r in connection.execute(sa.text(
            "SELECT sender_id, MIN(at) FROM review_audit WHERE action = 'status' AND detail = 'status reviewed' "
            "GROUP BY sender_id"))}
    routes_of = {r["sender_id"]: {v for s, k, v in findings if s == r["sender_id"] and k in ("route", "noted")
                                  and not v[0].isdigit()} for r in records}
    features_of = {r["sender_id"]: {v for s, k, v in findings if s == r["sender_id"] and k in ("feature", "noted")
                                    and v[0].isdigit()} for r in records}
    concerns = [r for r in records if r["level"] != "none" or routes_of[r["sender_id"]]]
    per_week: Counter = Counter()
    for r in concerns:
        started = r["started_at"] if isinstance(r["started_at"], datetime) else datetime.fromisoformat(r["started_at"])
        day = started.replace(tzinfo=timezone.utc).astimezone(LONDON).date()
        per_week[(day - timedelta(days=day.weekday())).isoformat(), r["level"]] += 1
    return {"concerns": len(concerns), "per_week": per_week,
            "features": Counter(f for r in concerns for f in features_of[r["sender_id"]]),
            "routes": Counter(x for r in concerns for x in routes_of[r["sender_id"]]),
            "reviewed": sum(1 for r in concerns if r["sender_id"] in audit)}


def test_the_csv_numbers_match_the_database(term):
    rows = picture_csv(term, "?from=2026-02-16&to=2026-03-04")
    db = database_numbers(term.engine)
    summary = {r["id"]: r["count"] for r in rows if r["measure"] == "summary"}
    assert int(summary["concerns"]) == db["concerns"] == 15        # five concerns a week, three weeks
    assert int(summary["reviewed"]) == db["reviewed"] == 5         # the greeting's review is not a concern's
    weekly = {(r["week_starting"], r["level"]): int(r["count"]) for r in rows if r["measure"] == "concerns_per_week"}
    assert {k: v for k, v in weekly.items() if v} == dict(db["per_week"])
    assert {w for w, _ in weekly} == {"2026-02-16", "2026-02-23", "2026-03-02"}
    features = {r["id"]: int(r["count"]) for r in rows if r["measure"] == "top_feature"}
    assert features == dict(db["features"]) == {"1.3.23": 6, "1.3.31": 3}
    routes = {r["id"]: int(r["count"]) for r in rows if r["measure"] == "route"}
    assert {k: v for k, v in routes.items() if v} == dict(db["routes"]) == {"danger": 3, "disclosure": 3}
    waits = {r["id"]: int(r["count"]) for r in rows if r["measure"] == "review_wait"}
    assert waits == {"one": 3, "three": 0, "five": 1, "longer": 1, "waiting": 10}
    # due: the five reviewed, and the unreviewed ones waiting longer than a working day (all but Wednesday's...
    # none here: the newest were raised on Monday, two working days before 'now')
    assert int(summary["due"]) == 15 and int(summary["reviewed_within_one_working_day"]) == 3
    assert summary["share_reviewed_within_one_working_day"] == f"{3 / 15:.4f}"


def test_a_concern_raised_today_is_not_yet_due(term):
    term.now = T0 + timedelta(hours=9)   # Monday 2 March, 18:30: this week's concerns are hours old
    summary = {r["id"]: r["count"] for r in picture_csv(term, "?from=2026-02-16&to=2026-03-04")
               if r["measure"] == "summary"}
    assert int(summary["concerns"]) == 15 and int(summary["due"]) == 10 + 1   # earlier weeks, and this week's review


def test_practice_stays_out_of_the_picture(term):
    rows = picture_csv(term, "?from=2026-02-16&to=2026-03-04")
    text = "\n".join(",".join(r.values()) for r in rows)
    assert "practice" not in text
    # the practice conversations noted danger: the danger count is the real ones' only
    assert sum(int(r["count"]) for r in rows if r["measure"] == "concerns_per_week" and r["level"] == "danger") == 3


def test_the_picture_carries_no_words_or_ids_of_any_conversation(term):
    csv_text = term.lead.get("/picture.csv?from=2026-02-16&to=2026-03-04").text
    page = term.lead.get("/picture?from=2026-02-16&to=2026-03-04").text
    png = term.lead.get("/picture.png?from=2026-02-16&to=2026-03-04").content
    for words in WORDS + ("conv-",):
        assert words not in csv_text and words not in page, words
        assert words.encode() not in png
    assert "lead.one" not in csv_text


def test_the_png_is_a_chart(term):
    from matplotlib.image import imread

    reply = term.lead.get("/picture.png?from=2026-02-16&to=2026-03-04")
    assert reply.status_code == 200 and reply.headers["content-type"] == "image/png"
    assert "content-disposition" not in reply.headers
    image = imread(io.BytesIO(reply.content), format="png")
    assert image.shape[:2] == (900, 1200)
    assert image[..., :3].std() > 0.05, "a blank image"
    download = term.lead.get("/picture.png?from=2026-02-16&to=2026-03-04&download=1")
    assert download.headers["content-disposition"] == 'attachment; filename="concerns-20260216-20260304.png"'


def test_the_page_shows_the_chart_and_the_same_numbers(term):
    page = term.lead.get("/picture?from=2026-02-16&to=2026-03-04")
    assert page.status_code == 200
    html = page.text
    assert '<img class="chart" src="/picture.png?from=2026-02-16&amp;to=2026-03-04"' in html
    assert "<strong>15</strong> concerns" in html and "<strong>20%</strong> of the 15 due" in html
    assert 'href="/picture.csv?from=2026-02-16&amp;to=2026-03-04"' in html
    assert "1.3.23" in html and "<script" not in html


def test_a_period_that_cannot_be_read(term):
    page = term.lead.get("/picture?from=yesterday")
    assert page.status_code == 400 and "enter a date like" in page.text and "<img" not in page.text
    assert term.lead.get("/picture.csv?from=2026-03-04&to=2026-03-01").status_code == 400
    assert term.lead.get("/picture.png?from=2020-01-01").status_code == 400


def test_downloads_are_audited_and_the_image_on_the_page_is_not(term):
    before = len(term.rows("review_audit"))
    term.lead.get("/picture.png?from=2026-02-16&to=2026-03-04")
    assert len(term.rows("review_audit")) == before
    term.lead.get("/picture.csv?from=2026-02-16&to=2026-03-04")
    term.lead.get("/picture.png?from=2026-02-16&to=2026-03-04&download=1")
    details = [r["detail"] for r in term.rows("review_audit") if r["action"] == "picture-export"]
    assert details == ["csv 2026-02-16 to 2026-03-04", "png 2026-02-16 to 2026-03-04"]


# ---------------------------------------------------------------------------- who sees it

@pytest.mark.parametrize("role, status", [("lead", 200), ("admin", 200), ("trainer", 403)])
def test_leads_and_administrators_see_the_picture_trainers_do_not(review, role, status):
    for sender_id, events in morning(T0).items():
        review.conversation(sender_id, events)
    client = review.logged_in(f"{role}.one", role)
    for path in ("/picture", "/picture.png", "/picture.csv"):
        reply = client.get(path)
        assert reply.status_code == status, (role, path)
    if status == 200:
        assert 'href="/picture"' in client.get("/picture").text


def test_another_organisation_sees_an_empty_picture(review):
    for sender_id, events in morning(T0).items():
        review.conversation(sender_id, events)
    review.now = T0 + timedelta(days=1)
    outsider = review.logged_in("admin.elsewhere", "admin", organisation="Southshire Council")
    rows = list(csv.DictReader(io.StringIO(outsider.get("/picture.csv").text)))
    assert {r["id"]: r["count"] for r in rows if r["measure"] == "summary"}["concerns"] == "0"


# ---------------------------------------------------------------------------- the trainer's chart

def test_the_cohort_page_draws_the_features_most_often_missed(review):
    from matplotlib.image import imread

    with session_factory(review.practice_url)() as session, session.begin():
        for n, missed in enumerate((["1.3.23"], ["1.3.23", "1.3.31"], [])):
            session.add(PracticeResult(participant=f"p-{n}", cohort="inset-1", scenario_id="food-hoarding-year3",
                                       recorded_at=datetime(2026, 3, 1, tzinfo=timezone.utc), overall=0.5,
                                       scores={"scores": {"overall": 0.5, "noticed": 0.5, "level": 1.0,
                                                          "steps": 0.5}},
                                       missed_features=missed, level_given="suspect", level_expected="suspect"))
    trainer = review.logged_in("trainer.one", "trainer")
    page = trainer.get("/practice?cohort=inset-1").text
    assert '<img class="chart" src="/practice.png?cohort=inset-1"' in page
    reply = trainer.get("/practice.png?cohort=inset-1")
    assert reply.status_code == 200 and reply.headers["content-type"] == "image/png"
    assert imread(io.BytesIO(reply.content), format="png").shape[:2] == (500, 1000)
    assert trainer.get("/practice.png?since=soon").status_code == 400
    for role in ("lead", "admin"):
        assert review.logged_in(f"{role}.two", role).get("/practice.png").status_code == 403


def test_the_new_pages_are_labelled_titled_and_free_of_inline_script_and_style(term):
    from .test_accessibility import Page

    admin = term.logged_in("admin.one", "admin")
    for name, html in (("queue", term.lead.get("/queue").text), ("picture", term.lead.get("/picture").text),
                       ("picture for an administrator", admin.get("/picture").text)):
        page = Page()
        page.feed(html)
        assert page.lang == "en-GB" and page.h1 == 1, name
        assert [c.get("name") for c in page.controls if c.get("id") not in page.label_for] == [], name
        assert page.inline == [], name
