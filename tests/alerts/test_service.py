"""The alert service end to end on the database feed: a real SMTP server receives each alert once, an outage
of the mail server loses none, practice raises none, and every send is in the audit log."""
from __future__ import annotations

import asyncio
from datetime import timedelta

import sqlalchemy as sa

from bot.alerts import outbox
from bot.alerts.outbox import LeadAlert
from bot.alerts.senders import EmailSender
from bot.alerts.service import AlertService
from bot.alerts.settings import AlertSettings
from bot.review.tables import AuditEntry
from tests.alerts.conftest import ADVICE_WORDS, advice, readback, user, write_events


def service_for(engine, port: int) -> AlertService:
    settings = AlertSettings(smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=False,
                             sender="assistant@school.example", recipients=("dsl@school.example",),
                             review_base_url="https://review.school.example", poll_seconds=0.1)
    return AlertService(engine, settings, [EmailSender(settings, timeout=3)], organisation="Oak School")


def audit_actions(engine) -> list[str]:
    with engine.connect() as connection:
        return [row.action for row in connection.execute(sa.select(AuditEntry.action).order_by(AuditEntry.id))]


def test_a_suspect_conversation_is_emailed_once_with_no_words_of_it(conversations, smtp_server):
    service = service_for(conversations, smtp_server.port)
    write_events(conversations, "conv-1", [user("hello"), readback("1.3.23", "suspect")])
    assert service.poll_database() == 1
    assert asyncio.run(service.send_due()) == 1
    write_events(conversations, "conv-1", [advice("suspect", [("1.3.23", "suspect")])])
    assert service.poll_database() == 0  # the same conversation and level: no second alert
    [mail] = smtp_server.inbox.wait_for(1)
    text = mail.get_content()
    assert "suspect" in mail["Subject"] and "NG76 1.3.23" in text and "Channel: rest" in text
    assert "https://review.school.example/transcript?id=conv-1" in text
    assert ADVICE_WORDS not in mail.as_string() and "Aiden" not in mail.as_string()
    assert audit_actions(conversations) == ["alert-queued", "alert-sent"]


def test_reaching_danger_later_is_a_second_alert_sent_first(conversations, smtp_server):
    service = service_for(conversations, smtp_server.port)
    write_events(conversations, "conv-s", [readback("1.3.25", "suspect")])
    write_events(conversations, "conv-d", [readback("1.3.25", "suspect")])
    write_events(conversations, "conv-d", [advice("danger", routes=["danger"])])
    service.poll_database()
    assert asyncio.run(service.send_due()) == 3
    subjects = [m["Subject"] for m in smtp_server.inbox.wait_for(3)]
    assert "IMMEDIATE DANGER" in subjects[0]  # danger goes out before the suspect ones


def test_a_mail_server_outage_loses_no_alert(conversations, smtp_server):
    service = service_for(conversations, smtp_server.port)
    smtp_server.stop()
    write_events(conversations, "conv-2", [readback("disclosure", "suspect", status="route")])
    service.poll_database()
    assert asyncio.run(service.send_due()) == 0
    with service.session() as session:
        waiting = session.scalars(sa.select(LeadAlert)).all()
        assert {a.kind for a in waiting} == {"referral", "suspect"}
        assert all(a.status == "queued" and a.attempts == 1 and a.last_error for a in waiting)
        for alert in waiting:  # the backoff has passed
            alert.next_attempt_at -= timedelta(minutes=5)
        session.commit()
    smtp_server.start()
    assert asyncio.run(service.send_due()) == 2
    assert len(smtp_server.inbox.wait_for(2)) == 2
    assert audit_actions(conversations).count("alert-failed") == 2
    assert audit_actions(conversations).count("alert-sent") == 2


def test_a_failed_send_waits_longer_each_time():
    alert = LeadAlert(attempts=0)
    now = outbox.utcnow()
    waits = []
    for _ in range(8):
        outbox.mark_failed(alert, OSError("refused"), now)
        waits.append((alert.next_attempt_at - now).total_seconds())
    assert waits == sorted(waits) and waits[0] == 30 and waits[-1] == 1800


def test_practice_and_consider_conversations_raise_no_alert(conversations, smtp_server):
    service = service_for(conversations, smtp_server.port)
    write_events(conversations, "practice-1", [{"event": "slot", "name": "practice_mode", "value": True,
                                                "timestamp": 1.0}, readback("1.3.23", "suspect")])
    write_events(conversations, "consider-1", [readback("1.3.27", "consider")])
    assert service.poll_database() == 0


def test_the_feed_reads_each_event_once_across_restarts(conversations, smtp_server):
    write_events(conversations, "conv-3", [readback("1.3.32", "suspect")])
    assert service_for(conversations, smtp_server.port).poll_database() == 1
    again = service_for(conversations, smtp_server.port)  # a restarted service: the cursor is in the database
    with again.session() as session:
        assert session.get(outbox.FeedCursor, "database").last_event_id == 1
        assert again.database_feed.changed(session) == {}  # nothing new to read, not "read and already queued"
    assert again.poll_database() == 0
    write_events(conversations, "conv-4", [readback("1.3.34", "suspect")])
    assert again.poll_database() == 1
