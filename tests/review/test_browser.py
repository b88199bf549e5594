"""The review app in headless Chromium (Debian's, driven by Playwright), on a conversation held with the
running assistant.

The shared ``stack`` fixture (tests/conftest.py) runs the real action server and Rasa with the trained model;
a short conversation through its REST channel leaves a transcript in the stack's SQLite file. The review app
is started on that same file with ``python -m bot review serve``, its first administrator made with
``python -m bot review create-admin``. Then, in the browser: the administrator creates a lead and a trainer; the
lead logs in, filters, opens the transcript, adds a note, marks it reviewed and exports it as PDF and Markdown;
the trainer finds the transcript, the list and the audit log closed; the administrator reads the audit log.
A last test checks keyboard use and the layout at a laptop's and a tablet's width.

Chromium comes from the Debian package (``make browser`` installs it; Playwright's own browsers are never
downloaded). Without it the tests are skipped, saying so.
"""
from __future__ import annotations

import os
import subprocess
import sys
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import pytest

from bot.paths import ROOT
from tests.e2e.servers import free_port, stop, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.model]

CHROMIUM = Path(os.environ.get("BOT_CHROMIUM", "/usr/bin/chromium"))
ORG = "Northshire Council"
ADMIN_PASSWORD = "first admin passphrase"
LEAD_PASSWORD = "lead reads transcripts"
TRAINER_PASSWORD = "trainer sees practice"
NOTE = "Spoke to Mrs Achterberg on 07700 900123 at pick-up; referral made to the front door."


@pytest.fixture(scope="module")
def chromium():
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (make install)")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: run `make browser` (as root: apt-get install chromium)")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def conversation(stack) -> str:
    """A disclosure, told to the running assistant over its REST channel; returns the conversation id."""
    sender = f"browser-{uuid.uuid4().hex[:10]}"
    for text in ("hello", "No", "Youth worker", "14", "she told me her stepdad hits her with a belt"):
        replies = stack.say(sender, text)
        assert replies, text
    advice = [r["custom"] for r in replies if isinstance(r.get("custom"), dict) and r["custom"].get("kind") == "advice"]
    assert advice and advice[-1]["routes"] == ["disclosure"]
    return sender


@pytest.fixture(scope="module")
def review_app(stack, conversation, tmp_path_factory) -> Iterator[str]:
    """``python -m bot review serve`` on the stack's database; yields its URL."""
    workdir = tmp_path_factory.mktemp("review-app")
    env = dict(os.environ)
    env.pop("BOT_DATABASE_URL", None)
    env.pop("BOT_REVIEW_DB", None)
    env.update({"BOT_TRACKER_DB": str(stack.workdir / "conversations.db"), "BOT_ORGANISATION": ORG,
                "BOT_PRACTICE_DB": str(workdir / "practice.db"), "BOT_REVIEW_ADMIN_PASSWORD": ADMIN_PASSWORD,
                # plain http://127.0.0.1, said out loud; Chromium would keep the production Secure __Host-
                # cookies there too (test_browser_cookies.py shows it)
                "BOT_REVIEW_INSECURE_DEV": "1"})
    _practice_results(workdir / "practice.db")
    created = subprocess.run([sys.executable, "-m", "bot", "review", "create-admin", "first.admin",
                              "--organisation", ORG], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert created.returncode == 0, created.stderr
    port = free_port()
    log = workdir / "review.log"
    process = subprocess.Popen([sys.executable, "-m", "bot", "review", "serve", "--port", str(port)], cwd=ROOT,
                               env=env, stdout=open(log, "ab"), stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_until(f"http://127.0.0.1:{port}/login", 60, process, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)
    logged = log.read_text()
    assert "Achterberg" not in logged and "07700 900123" not in logged
    assert "Traceback" not in logged, logged[-3000:]


def _practice_results(path: Path) -> None:
    from bot.scenarios.results import PracticeResult, session_factory

    with session_factory(f"sqlite:///{path}")() as session, session.begin():
        session.add(PracticeResult(participant="p-0123456789abcdef", cohort="inset-1", scenario_id="food-hoarding-year3",
                                   recorded_at=datetime.now(timezone.utc), overall=0.5,
                                   scores={"scores": {"overall": 0.5, "noticed": 0.5, "level": 0.0, "steps": 1.0}},
                                   missed_features=["1.3.23"], level_given="consider", level_expected="suspect"))


def log_in(page, url: str, username: str, password: str) -> None:
    page.goto(f"{url}/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_label("Password").press("Enter")   # the keyboard, not a click
    page.wait_for_load_state()
    assert "/login" not in page.url, page.content()[:2000]


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/login")


def create_account(page, username: str, role_label: str, password: str) -> None:
    page.get_by_label("Username", exact=True).fill(username)
    page.get_by_label(role_label).check()
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Password again", exact=True).fill(password)
    page.get_by_role("button", name="Create account").click()
    page.get_by_text("The account was created.").wait_for()


def test_a_lead_filters_opens_annotates_and_exports_a_real_conversation(chromium, review_app, conversation,
                                                                         tmp_path):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()

    # nothing without a login: the list sends the browser to the login page
    page.goto(f"{review_app}/conversations")
    assert "/login" in page.url and page.get_by_role("heading", name="Log in").is_visible()

    # the first administrator (from the command line) creates a lead and a trainer
    log_in(page, review_app, "first.admin", ADMIN_PASSWORD)
    assert page.url.endswith("/accounts")
    create_account(page, "lead.one", "Safeguarding lead", LEAD_PASSWORD)
    create_account(page, "trainer.one", "Trainer", TRAINER_PASSWORD)
    log_out(page)

    # the lead: the list, filtered by route and level, then searched
    log_in(page, review_app, "lead.one", LEAD_PASSWORD)
    assert page.url.endswith("/queue")   # the lead's first page (test_browser_desk.py walks it)
    page.get_by_role("link", name="Conversations", exact=True).click()
    page.wait_for_url("**/conversations")
    row_link = page.locator(f'a[href="/transcript?id={conversation}"]')
    page.get_by_label("Route").select_option("disclosure")
    page.get_by_label("Level").select_option("suspect+")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    assert "route=disclosure" in page.url and row_link.count() == 1
    page.get_by_label("Route").select_option("fgm")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    assert "route=fgm" in page.url and row_link.count() == 0  # other tests' FGM conversations may be listed
    page.get_by_role("link", name="Clear filters").click()
    page.get_by_label("Words in the conversation").fill("belt")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    assert row_link.count() == 1

    # the transcript: messages with times, and beside them what the assistant found and gave
    row_link.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name=f"Conversation {conversation}").is_visible()
    transcript = page.locator("ol.transcript")
    assert transcript.get_by_text("she told me her stepdad hits her with a belt").is_visible()
    assert transcript.locator("time").count() >= 10
    findings = page.locator("aside.message-findings").filter(has_text="A child tells you about abuse or neglect")
    assert findings.count() >= 1 and "SUSPECT" in findings.first.inner_text()
    assert "NG76 1.3.7" in findings.first.inner_text()
    assert page.locator("section[aria-labelledby='found-heading']").get_by_text("Contacts shown").is_visible()

    # a note: redacted before it is stored, signed and timestamped
    page.get_by_label("Add a note").fill(NOTE)
    page.get_by_role("button", name="Add note").click()
    page.get_by_text("Your note was added.").wait_for()
    note = page.locator("ol.notes li").last
    assert "[NAME]" in note.inner_text() and "[PHONE]" in note.inner_text()
    assert "Achterberg" not in page.content() and "07700 900123" not in page.content()
    assert "lead.one" in note.inner_text()

    # reviewed
    page.get_by_role("button", name="Mark as reviewed").click()
    page.get_by_text("The conversation is marked as reviewed.").wait_for()
    assert page.get_by_role("button", name="Mark as not reviewed").is_visible()

    # the concern record, as PDF and as Markdown
    with page.expect_download() as pdf_download:
        page.get_by_role("button", name="Download PDF").click()
    pdf = Path(pdf_download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF-") and len(pdf) > 2000
    assert pdf_download.value.suggested_filename.endswith(".pdf")
    with page.expect_download() as md_download:
        page.get_by_role("button", name="Download Markdown").click()
    markdown = Path(md_download.value.path()).read_text()
    assert markdown.startswith("# Concern record from an automated assistant")
    for expected in (conversation, "she told me her stepdad hits her with a belt", "A child tells you about abuse",
                     "NG76 1.3.7", "[NAME]", "lead.one", "reviewed by lead.one"):
        assert expected in markdown, expected
    assert "Achterberg" not in markdown

    # the list now says reviewed
    page.goto(f"{review_app}/conversations?status=reviewed")
    assert row_link.count() == 1
    log_out(page)

    # the administrator reads who viewed, annotated and exported it; the log has no way to edit it
    log_in(page, review_app, "first.admin", ADMIN_PASSWORD)
    page.get_by_role("link", name="Audit log").click()
    page.get_by_label("Conversation id").fill(conversation)
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    rows = page.locator("table.audit tbody tr")
    actions = rows.all_inner_texts()
    assert any("viewed the transcript" in r and "lead.one" in r for r in actions)
    assert any("added a note" in r for r in actions)
    assert sum("exported the concern record" in r for r in actions) == 2
    assert page.locator("table.audit button, table.audit input").count() == 0
    context.close()


def test_a_trainer_cannot_see_transcripts_the_list_or_the_audit_log(chromium, review_app, conversation):
    # the accounts were created by the first test; create them again here when it ran alone
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _ensure_trainer(page, review_app)
    log_in(page, review_app, "trainer.one", TRAINER_PASSWORD)
    assert page.url.endswith("/practice")
    assert page.get_by_role("heading", name="Practice results").is_visible()
    assert page.get_by_text("food-hoarding-year3").first.is_visible()
    assert page.get_by_role("link", name="Conversations").count() == 0
    for path in (f"/transcript?id={conversation}", "/conversations", "/audit", "/accounts"):
        reply = page.goto(f"{review_app}{path}")
        assert reply.status == 403, path
        assert page.get_by_role("heading", name="Not allowed").is_visible()
        assert "belt" not in page.content() and conversation not in page.content()
    # a form a lead would send is refused too
    reply = page.request.post(f"{review_app}/transcript/export", form={"id": conversation, "format": "pdf"})
    assert reply.status == 403 and not reply.body().startswith(b"%PDF")
    context.close()


def _ensure_trainer(page, url: str) -> None:
    log_in(page, url, "first.admin", ADMIN_PASSWORD)
    if page.locator("table.accounts").get_by_text("trainer.one").count() == 0:
        create_account(page, "trainer.one", "Trainer", TRAINER_PASSWORD)
    if page.locator("table.accounts").get_by_text("lead.one").count() == 0:
        create_account(page, "lead.one", "Safeguarding lead", LEAD_PASSWORD)
    log_out(page)


@pytest.mark.parametrize("width, height", [(1280, 800), (768, 1024)])
def test_keyboard_use_and_layout_on_a_laptop_and_a_tablet(chromium, review_app, conversation, width, height):
    context = chromium.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    _ensure_trainer(page, review_app)
    page.goto(f"{review_app}/login")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    assert page.evaluate("getComputedStyle(document.activeElement).backgroundColor") == "rgb(255, 221, 0)"
    page.keyboard.press("Tab")  # the site name link
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "username"
    page.keyboard.type("lead.one")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "password"
    page.keyboard.type(LEAD_PASSWORD)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Log in"
    assert page.evaluate("getComputedStyle(document.activeElement).backgroundColor") == "rgb(255, 221, 0)"
    page.keyboard.press("Enter")
    page.wait_for_url("**/queue")  # the lead lands on the queue

    for path in ("/queue", "/picture", "/conversations", f"/transcript?id={conversation}"):
        page.goto(f"{review_app}{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, (path, width, overflow)
    body = page.locator("li.message.has-findings .message-body").first.bounding_box()
    aside = page.locator("li.message.has-findings aside").first.bounding_box()
    if width >= 1024:
        assert aside["x"] >= body["x"] + body["width"] - 1, "the findings are beside the message on a laptop"
    else:
        assert aside["y"] >= body["y"] + body["height"] - 1, "the findings are under the message on a tablet"
    for control in ("#note", "button[value=pdf]"):
        box = page.locator(control).bounding_box()
        assert box["height"] >= 40 and box["x"] + box["width"] <= width, control
    context.close()
