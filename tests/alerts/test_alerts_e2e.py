"""A lead's alert end to end: a practitioner notes a suspect-level feature through the REST channel (the real
trained model and action server) and leaves before the advice; the alert service, run as a lead's
organisation runs it (``python -m bot alerts run``), e-mails the local SMTP server within a minute."""
from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid

import pytest

from tests.alerts.conftest import SmtpServer, free_port
from tests.e2e.servers import ROOT, stop

pytestmark = [pytest.mark.e2e, pytest.mark.model]


def test_a_suspect_conversation_left_before_the_advice_reaches_the_lead_by_email(stack, tmp_path):
    smtp = SmtpServer(free_port())
    smtp.start()
    env = dict(os.environ, BOT_TRACKER_DB=stack.env()["BOT_TRACKER_DB"], BOT_ALERT_SMTP_HOST="127.0.0.1",
               BOT_ALERT_SMTP_PORT=str(smtp.port), BOT_ALERT_SMTP_STARTTLS="0", BOT_ALERT_TO="dsl@school.example",
               BOT_ALERT_POLL_SECONDS="1", BOT_REVIEW_BASE_URL="https://review.school.example")
    env.pop("BOT_DATABASE_URL", None)
    log = tmp_path / "alerts.log"
    service = subprocess.Popen([sys.executable, "-m", "bot", "alerts", "run"], cwd=ROOT, env=env,
                               stdout=open(log, "ab"), stderr=subprocess.STDOUT, start_new_session=True)
    sender = f"alert-e2e-{uuid.uuid4().hex[:8]}"
    try:
        for text in ["hello", "No", "Teacher or school staff", "7"]:
            stack.say(sender, text)
        replies = stack.say(sender, "She hides food in her bag every day and takes other children's snacks")
        assert any("1.3.23" in (r.get("text") or "") for r in replies), replies
        started = time.monotonic()
        messages = smtp.inbox.wait_for(1, timeout=60)
        assert messages, f"no alert e-mail within a minute; service log:\n{log.read_text()[-3000:]}"
        assert time.monotonic() - started < 60
        [mail] = [m for m in messages if sender in m.get_content()]
        assert "suspect" in mail["Subject"] and "NG76 1.3.23" in mail.get_content()
        assert "hides food" not in mail.as_string() and "snacks" not in mail.as_string()
    finally:
        stop(service)
        smtp.stop()
