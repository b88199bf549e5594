"""At scale: Rasa's event broker carries the events to the alert service through the machine's real RabbitMQ
(127.0.0.1:5672). An event is acknowledged only after its alert is committed, so a service that fails (or
restarts) in between loses nothing: the event waits in RabbitMQ and the next consumer queues the alert."""
from __future__ import annotations

import asyncio
import uuid

import pytest
import sqlalchemy as sa

from bot.alerts.feeds import BrokerFeed
from bot.alerts.outbox import LeadAlert
from bot.alerts.senders import EmailSender
from bot.alerts.service import AlertService
from bot.alerts.settings import AlertSettings
from tests.alerts.conftest import readback, user

RABBITMQ = "amqp://guest:guest@127.0.0.1:5672/"


async def publish_as_rasa(queue: str, sender_id: str, events: list[dict]) -> None:
    """Publish with Rasa's own PikaEventBroker, as a Rasa instance with ``event_broker: type: pika`` does."""
    import rasa.shared.core.events  # noqa: F401  (loaded in a Rasa process; the broker refers to it)
    from rasa.core.brokers.pika import PikaEventBroker

    broker = PikaEventBroker("127.0.0.1", "guest", "guest", queues=[queue], raise_on_failure=True)
    await broker.connect()
    for event in events:
        broker.publish({"sender_id": sender_id, **event})
    await asyncio.sleep(0.5)  # Rasa publishes in a task of the loop
    await broker.close()


async def waiting(queue: str) -> int:
    import aio_pika

    connection = await aio_pika.connect(RABBITMQ)
    try:
        channel = await connection.channel()
        declared = await channel.declare_queue(queue, durable=True, passive=True)
        return declared.declaration_result.message_count
    finally:
        await connection.close()


async def delete(queue: str) -> None:
    import aio_pika

    connection = await aio_pika.connect(RABBITMQ)
    try:
        channel = await connection.channel()
        await channel.queue_delete(queue)
    finally:
        await connection.close()


@pytest.fixture
def queue():
    try:
        import aio_pika

        async def reachable():
            await (await aio_pika.connect(RABBITMQ, timeout=5)).close()

        asyncio.run(reachable())
    except Exception as error:  # the tests below need the real broker
        pytest.fail(f"RabbitMQ is not reachable on 127.0.0.1:5672: {error}")
    name = f"alerts-test-{uuid.uuid4().hex[:8]}"
    yield name
    asyncio.run(delete(name))


def test_an_event_published_by_rasa_is_queued_as_an_alert_and_survives_a_failed_consumer(conversations, queue):
    settings = AlertSettings(smtp_host="127.0.0.1", smtp_port=1, smtp_starttls=False, recipients=("dsl@x",))
    service = AlertService(conversations, settings, [EmailSender(settings)])
    sender_id = f"broker-{uuid.uuid4().hex[:6]}"
    asyncio.run(publish_as_rasa(queue, sender_id, [user("hi"), readback("1.3.23", "suspect")]))
    assert asyncio.run(waiting(queue)) == 2

    # a consumer whose database is away: the alert cannot be committed, so the event is not acknowledged
    calls = []

    async def database_away(sender, state):
        calls.append(sender)
        raise sa.exc.OperationalError("insert", {}, Exception("database is away"))

    feed = BrokerFeed(RABBITMQ, queue)
    asyncio.run(feed.consume(database_away, stop=lambda: len(calls) >= 1, idle_seconds=0.1))
    assert calls == [sender_id]
    assert asyncio.run(waiting(queue)) == 1  # the greeting was taken; the suspect read-back waits

    # the restarted service takes it from RabbitMQ and queues the alert
    restarted = BrokerFeed(RABBITMQ, queue)

    def queued() -> int:
        with service.session() as session:
            return session.scalar(sa.select(sa.func.count()).select_from(LeadAlert)) or 0

    asyncio.run(restarted.consume(service.take, stop=lambda: queued() >= 1, idle_seconds=0.1))
    with service.session() as session:
        [alert] = session.scalars(sa.select(LeadAlert)).all()
    assert (alert.sender_id, alert.kind, alert.features) == (sender_id, "suspect", ["1.3.23"])
    assert asyncio.run(waiting(queue)) == 0


def test_practice_events_from_the_broker_raise_no_alert():
    feed = BrokerFeed(RABBITMQ, "unused")
    import json

    assert feed.read(json.dumps({"sender_id": "p", "event": "slot", "name": "practice_mode", "value": True})
                     .encode()) is None
    assert feed.read(json.dumps({"sender_id": "p", **readback("1.3.23", "suspect")}).encode()) is None
    assert feed.read(json.dumps({"sender_id": "q", **readback("1.3.23", "suspect")}).encode())[0] == "q"
    assert feed.read(b"not json") is None
