"""Scale-out: two Rasa instances share a PostgreSQL conversation store and a Redis lock store; a conversation
whose turns alternate between them stays coherent, and two turns sent at once to different instances are
taken one after the other, not interleaved."""
from __future__ import annotations

import concurrent.futures
import uuid
from typing import Iterator

import pytest
import sqlalchemy as sa

from tests.e2e.servers import Stack, free_port, running_stack, stop

pytestmark = [pytest.mark.e2e, pytest.mark.model]
SERVER = "postgresql://127.0.0.1:5432"
ALERT_QUEUE = f"alerts-scale-{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    """A database of our own on the machine's PostgreSQL, dropped afterwards."""
    name = f"bot_scale_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(f"{SERVER}/test", isolation_level="AUTOCOMMIT", future=True)
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{SERVER}/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module")
def two_instances(trained_model, tmp_path_factory, database) -> Iterator[tuple[Stack, Stack]]:
    env = {"BOT_DATABASE_URL": database, "BOT_REDIS_HOST": "127.0.0.1", "BOT_RABBITMQ_HOST": "127.0.0.1",
           "BOT_RABBITMQ_USER": "guest", "BOT_RABBITMQ_PASSWORD": "guest", "BOT_ALERT_QUEUE": ALERT_QUEUE}
    with running_stack(trained_model, tmp_path_factory.mktemp("scale-a"), env=env,
                       endpoints="endpoints.scale.yml") as first:
        second = Stack(trained_model, tmp_path_factory.mktemp("scale-b"), free_port(), first.actions_port,
                       extra_env=env, endpoints="endpoints.scale.yml")
        try:
            second.start_rasa()
            yield first, second
        finally:
            stop(second.rasa)


def advice_in(replies: list[dict]) -> dict:
    return next(r["custom"] for r in replies if (r.get("custom") or {}).get("kind") == "advice")


def test_turns_alternating_between_instances_stay_coherent(two_instances):
    a, b = two_instances
    sender = f"scale-{uuid.uuid4().hex[:10]}"
    turns = ["hello", "No", "Teacher or school staff", "7",
             "He takes food from other children's lunchboxes every day and hides it in his drawer",
             "he comes in smelling of urine and wearing the same dirty clothes every day"]
    replies = []
    for n, text in enumerate(turns):
        replies = (a if n % 2 == 0 else b).say(sender, text)
    readback = "\n".join(r.get("text") or "" for r in replies)
    assert "1. He takes food" in readback and "2. he comes in smelling" in readback, readback
    advice = advice_in(a.say(sender, "That's everything"))
    assert {(f["id"], f["level"]) for f in advice["features"]} == {("1.3.23", "suspect"), ("1.3.25", "suspect")}


@pytest.mark.parametrize("attempt", range(4))
def test_simultaneous_turns_on_both_instances_are_taken_one_at_a_time(two_instances, attempt):
    a, b = two_instances
    sender = f"scale-{uuid.uuid4().hex[:10]}"
    for text, stack in (("hello", a), ("No", b), ("Teacher or school staff", a), ("7", b)):
        stack.say(sender, text)
    first = "He takes food from other children's lunchboxes every day and hides it in his drawer"
    second = "he comes in smelling of urine and wearing the same dirty clothes every day"
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        done = [pool.submit(a.say, sender, first), pool.submit(b.say, sender, second)]
        results = [f.result() for f in done]
    texts = ["\n".join(r.get("text") or "" for r in replies) for replies in results]
    # whichever went second saw the first one's note: both notes, numbered 1 and 2, in one read-back
    assert any("1. " in t and "2. " in t for t in texts), texts
    advice = advice_in(b.say(sender, "That's everything"))
    assert {f["id"] for f in advice["features"]} == {"1.3.23", "1.3.25"}


def test_both_instances_feed_the_leads_alerts_through_rabbitmq(two_instances, database):
    """A suspect conversation whose turns alternate between the instances reaches the alert service through
    Rasa's event broker (the real RabbitMQ), and its alert is queued once in the shared database."""
    import asyncio

    from bot.alerts.feeds import BrokerFeed
    from bot.alerts.outbox import LeadAlert
    from bot.alerts.senders import EmailSender
    from bot.alerts.service import AlertService
    from bot.alerts.settings import AlertSettings
    from bot.transcripts.database import create_engine
    from tests.alerts.test_broker import RABBITMQ, delete

    a, b = two_instances
    sender = f"scale-alert-{uuid.uuid4().hex[:8]}"
    for n, text in enumerate(["hello", "No", "Teacher or school staff", "7",
                              "She hides food in her bag every day and takes other children's snacks"]):
        (a if n % 2 == 0 else b).say(sender, text)
    engine = create_engine(database)
    settings = AlertSettings(smtp_host="127.0.0.1", smtp_port=1, smtp_starttls=False, recipients=("dsl@x",))
    service = AlertService(engine, settings, [EmailSender(settings)])

    def alerts() -> list:
        with service.session() as session:
            return session.scalars(sa.select(LeadAlert).where(LeadAlert.sender_id == sender)).all()

    try:
        asyncio.run(asyncio.wait_for(BrokerFeed(RABBITMQ, ALERT_QUEUE).consume(
            service.take, stop=lambda: bool(alerts()), idle_seconds=0.2), timeout=60))
        [alert] = alerts()
        assert alert.kind == "suspect" and "1.3.23" in alert.features and alert.channel
    finally:
        engine.dispose()
        asyncio.run(delete(ALERT_QUEUE))
