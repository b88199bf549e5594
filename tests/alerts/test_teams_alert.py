"""The proactive Teams message to the leads' channel, against the Bot Framework stand-in: the app's own token,
the channel's conversation, no words of the conversation, and a refused post kept for a retry."""
from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
import sqlalchemy as sa

from bot.alerts.outbox import LeadAlert
from bot.alerts.senders import TeamsSender
from bot.alerts.service import AlertService
from bot.alerts.settings import AlertSettings
from tests.alerts.conftest import ADVICE_WORDS, advice, readback, write_events
from tests.teams.standins import BotFrameworkStandIn

LEADS_CHANNEL = "19:leads-channel@thread.tacv2"


@pytest.fixture
def stand_in(monkeypatch):
    with BotFrameworkStandIn() as running:
        for name, value in running.env().items():
            monkeypatch.setenv(name, value)
        yield running


def teams_service(engine, stand_in) -> AlertService:
    settings = AlertSettings(teams_service_url=stand_in.service_url, teams_conversation=LEADS_CHANNEL,
                             review_base_url="https://review.school.example")
    return AlertService(engine, settings, [TeamsSender(settings)])


def test_a_danger_conversation_is_posted_to_the_leads_channel(conversations, stand_in):
    service = teams_service(conversations, stand_in)
    write_events(conversations, "conv-t", [readback("1.3.25", "suspect"), advice("danger", routes=["danger"])])
    service.poll_database()
    assert asyncio.run(service.send_due()) == 2
    posts = stand_in.replies(LEADS_CHANNEL)
    assert len(posts) == 2 and "IMMEDIATE DANGER" in posts[0]["text"]
    assert all(ADVICE_WORDS not in post["text"] and "transcript?id=conv-t" in post["text"] for post in posts)


def test_a_refused_post_stays_queued_and_is_sent_later(conversations, stand_in):
    service = teams_service(conversations, stand_in)
    write_events(conversations, "conv-u", [readback("1.3.23", "suspect")])
    service.poll_database()
    stand_in.reply_failures.extend([503, 503])  # the Bot Connector refuses (and the retry of a 401 is not made)
    assert asyncio.run(service.send_due()) == 0
    with service.session() as session:
        [alert] = session.scalars(sa.select(LeadAlert)).all()
        assert alert.status == "queued" and alert.attempts == 1
        alert.next_attempt_at -= timedelta(minutes=5)
        session.commit()
    stand_in.reply_failures.clear()
    assert asyncio.run(service.send_due()) == 1
    assert len(stand_in.replies(LEADS_CHANNEL)) == 1
