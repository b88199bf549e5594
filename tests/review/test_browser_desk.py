"""A lead's morning in headless Chromium: the queue, a conversation left before the advice, the termly picture.

The conversations are written as the redacting store writes them (Rasa's ``events`` and the record beside them,
as tests/review/conftest.py does) into a fresh SQLite file, so no Rasa server or model is needed; the app is the
real one, started with ``python -m bot review serve`` on that file. In the browser the lead logs in with the
keyboard and lands on the queue: danger first, then the disclosure, then the conversation left before the advice
(flagged on its own line) ahead of the suspect one that got its advice, then consider, and the greeting last in
a closed group; practice is nowhere. The left conversation's transcript says SUSPECT and that the practitioner
left before the advice. The termly picture's chart loads on its page, its PNG is served as ``image/png`` and
decodes, and the CSV downloaded from the page has the numbers the database holds.

Marked ``e2e`` like test_browser.py, with Debian's Chromium (``make browser``); skipped, saying why, without it.
"""
from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

import pytest
import sqlalchemy as sa

from bot.paths import ROOT
from tests.e2e.servers import free_port, stop, wait_until

from .desk_conversations import QUEUE_ORDER, morning
from .test_browser import chromium, log_in  # noqa: F401  (the module's Chromium fixture)
from .test_picture import database_numbers

pytestmark = [pytest.mark.e2e]

ORG = "Northshire Council"
LEAD_PASSWORD = "lead reads the queue"
PREFIX = "desk-"


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> Path:
    """A lead's morning (today, from ten hours ago) in a fresh SQLite file, and one lead's account."""
    from bot.review.accounts import create_account
    from bot.review.tables import create_tables as create_review_tables
    from bot.transcripts.database import create_engine, create_tables
    from tests.review.conftest import add_conversation

    path = tmp_path_factory.mktemp("desk") / "conversations.db"
    engine = create_engine(f"sqlite:///{path}")
    create_tables(engine)
    create_review_tables(engine)
    start = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0) - timedelta(hours=10)
    for sender_id, events in morning(start).items():
        add_conversation(engine, PREFIX + sender_id, events)
    with sa.orm.Session(engine, future=True) as session, session.begin():
        create_account(session, "lead.desk", ORG, "lead", LEAD_PASSWORD, datetime.now(timezone.utc)
                       .replace(tzinfo=None))
    engine.dispose()
    return path


@pytest.fixture(scope="module")
def review_app(database, tmp_path_factory) -> Iterator[str]:
    workdir = tmp_path_factory.mktemp("desk-app")
    env = dict(os.environ)
    for name in ("BOT_DATABASE_URL", "BOT_REVIEW_DB"):
        env.pop(name, None)
    env.update({"BOT_TRACKER_DB": str(database), "BOT_ORGANISATION": ORG,
                "BOT_PRACTICE_DB": str(workdir / "practice.db"), "BOT_REVIEW_INSECURE_DEV": "1"})
    port = free_port()
    log = workdir / "review.log"
    process = subprocess.Popen([sys.executable, "-m", "bot", "review", "serve", "--port", str(port)], cwd=ROOT,
                               env=env, stdout=open(log, "ab"), stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_until(f"http://127.0.0.1:{port}/login", 60, process, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)
    assert "Traceback" not in log.read_text(), log.read_text()[-3000:]


def test_a_leads_morning(chromium, review_app, database, tmp_path):  # noqa: F811
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()

    # the lead's first page is the queue, in the order that needs the lead first
    log_in(page, review_app, "lead.desk", LEAD_PASSWORD)
    assert page.url.endswith("/queue")
    assert page.get_by_role("heading", name="Queue: conversations to review").is_visible()
    links = page.locator("li.queue-item p.queue-line a")
    ids = [link.get_attribute("href").split("id=", 1)[1] for link in links.all()]
    assert ids == [PREFIX + sender_id for sender_id in QUEUE_ORDER]
    assert "conv-practice" not in page.content()
    groups = [heading.inner_text() for heading in page.locator("section.queue-group h2").all()]
    assert [g.split(" (")[0] for g in groups[:4]] == ["Danger", "A route that requires a referral", "Suspect",
                                                      "Consider"]

    # the conversation left before the advice: flagged on a line of its own, first among the suspect ones
    left = page.locator("li.queue-left")
    assert left.count() == 1
    flag = left.locator("p.flag-left")
    assert flag.is_visible() and flag.inner_text() == "Left before advice: 1.3.23 noted"
    assert left.locator("a").get_attribute("href").endswith(PREFIX + "conv-left")

    # the greeting waits, closed, at the end; opened with the keyboard
    greeting = page.locator(f'a[href="/transcript?id={PREFIX}conv-hello"]')
    assert not greeting.is_visible()
    page.locator("details.queue-nothing summary").focus()
    page.keyboard.press("Enter")
    assert greeting.is_visible()

    # its transcript: the highest level noted, and that no advice was given
    left.locator("a").click()
    page.wait_for_load_state()
    summary = page.locator("dl.summary")
    assert "SUSPECT" in summary.inner_text() and "NONE" not in summary.inner_text()
    assert "the practitioner left before the advice" in summary.inner_text()
    found = page.locator("section[aria-labelledby='found-heading']")
    assert "NG76 1.3.23" in found.inner_text() and "Noted, but the practitioner left before the advice" in \
        found.inner_text()

    # the termly picture: the chart drawn on the server loads on the page
    page.get_by_role("link", name="Termly picture").click()
    page.wait_for_url("**/picture")
    chart = page.locator("img.chart")
    chart.wait_for()
    page.wait_for_function("document.querySelector('img.chart').complete")
    assert chart.evaluate("img => img.naturalWidth") == 1200
    assert chart.evaluate("img => img.naturalHeight") == 900

    # its PNG: image/png, and it decodes
    from matplotlib.image import imread

    reply = page.request.get(review_app + chart.get_attribute("src"))
    assert reply.status == 200 and reply.headers["content-type"] == "image/png"
    image = imread(io.BytesIO(reply.body()), format="png")
    assert image.shape[:2] == (900, 1200) and image[..., :3].std() > 0.05

    # its CSV, downloaded from the page: the numbers in the database
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the numbers (CSV)").click()
    assert download.value.suggested_filename.startswith("concerns-")
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text())))
    engine = sa.create_engine(f"sqlite:///{database}", future=True)
    try:
        db = database_numbers(engine)
    finally:
        engine.dispose()
    summary_numbers = {r["id"]: r["count"] for r in rows if r["measure"] == "summary"}
    assert int(summary_numbers["concerns"]) == db["concerns"] == 5
    weekly = {(r["week_starting"], r["level"]): int(r["count"]) for r in rows if r["measure"] == "concerns_per_week"}
    assert {k: v for k, v in weekly.items() if v} == dict(db["per_week"])
    assert {r["id"]: int(r["count"]) for r in rows if r["measure"] == "top_feature"} == dict(db["features"])
    assert {r["id"]: int(r["count"]) for r in rows if r["measure"] == "route" and r["count"] != "0"} == \
        dict(db["routes"])
    context.close()
