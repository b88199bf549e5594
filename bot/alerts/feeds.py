"""Where the alert service learns what conversations reached: the database, or Rasa's event broker.

* **Embedded default** (``DatabaseFeed``): reads new rows of Rasa's ``events`` table (already redacted by the
  conversation store) after the newest id it has seen, kept in ``lead_alert_cursor`` in the same transaction
  as the alerts it queues, so a restart neither skips nor repeats an event.
* **At scale** (``BrokerFeed``): Rasa publishes every event to RabbitMQ (``event_broker`` in
  ``endpoints.scale.yml``); the service consumes a durable queue and acknowledges a message only after the
  alerts it deserves are committed, so alerts survive a restart of either side and serve any number of Rasa
  instances.
Practice conversations never raise an alert.
"""
from __future__ import annotations

import json
import logging
from typing import Awaitable, Callable, Iterable, Optional

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.alerts.outbox import FeedCursor
from bot.alerts.reached import Reached, reached

logger = logging.getLogger(__name__)

EVENTS = sa.table("events", sa.column("id", sa.Integer), sa.column("sender_id", sa.String),
                  sa.column("type_name", sa.String), sa.column("data", sa.Text))
READ_TYPES = ("user", "bot", "slot")
BATCH = 2000


def _decoded(rows: Iterable) -> list[dict]:
    events = []
    for row in rows:
        try:
            events.append(json.loads(row.data))
        except (TypeError, ValueError):
            continue  # an unreadable row raises no alert and stops nothing
    return events


def recorded(session: Session, sender_id: str) -> tuple[bool, Optional[str]]:
    """Whether the conversation's record says practice, and its channel (the transcripts' table, where this
    database has it): one broker event alone does not say which channel it came through."""
    from bot.transcripts.records import ConversationRecord

    try:
        row = session.execute(sa.select(ConversationRecord.practice, ConversationRecord.channel)
                              .where(ConversationRecord.sender_id == sender_id)).first()
    except sa.exc.SQLAlchemyError:
        return False, None
    return (bool(row.practice), row.channel) if row else (False, None)


class DatabaseFeed:
    name = "database"

    def changed(self, session: Session) -> dict[str, Reached]:
        """Every conversation with new events since the cursor, with what it has reached in all its events;
        the cursor moves on in the caller's transaction."""
        cursor = session.get(FeedCursor, self.name) or FeedCursor(feed=self.name, last_event_id=0)
        session.add(cursor)
        new = session.execute(sa.select(EVENTS.c.id, EVENTS.c.sender_id).where(EVENTS.c.id > cursor.last_event_id)
                              .order_by(EVENTS.c.id).limit(BATCH)).all()
        if not new:
            return {}
        cursor.last_event_id = new[-1].id
        senders = sorted({row.sender_id for row in new})
        found: dict[str, Reached] = {}
        for sender_id in senders:
            rows = session.execute(sa.select(EVENTS.c.data).where(EVENTS.c.sender_id == sender_id,
                                                                  EVENTS.c.type_name.in_(READ_TYPES))
                                   .order_by(EVENTS.c.id)).all()
            state = reached(_decoded(rows))
            if not state.practice and state.alert_kinds():
                found[sender_id] = state
        return found


class BrokerFeed:
    """Consumes Rasa's events from RabbitMQ; ``handle`` queues alerts and must commit before the ack."""

    def __init__(self, url: str, queue: str) -> None:
        self.url = url
        self.queue = queue
        self._practice: set[str] = set()

    def read(self, body: bytes) -> Optional[tuple[str, Reached]]:
        """One published event: the conversation and what this event reached, if it deserves an alert."""
        try:
            event = json.loads(body)
        except ValueError:
            logger.warning("alerts: a broker message that is not JSON was dropped")
            return None
        sender_id = str(event.get("sender_id") or "")
        if not sender_id:
            return None
        state = reached([event])
        if state.practice:
            self._practice.add(sender_id)
        if sender_id in self._practice or state.practice or not state.alert_kinds():
            return None
        return sender_id, state

    async def consume(self, handle: Callable[[str, Reached], Awaitable[None]],
                      stop: Optional[Callable[[], bool]] = None, idle_seconds: float = 1.0) -> None:
        """Consume until ``stop()``; a message is acknowledged only when ``handle`` returned."""
        import asyncio

        import aio_pika

        connection = await aio_pika.connect_robust(self.url)
        try:
            channel = await connection.channel()
            await channel.set_qos(prefetch_count=20)
            queue = await channel.declare_queue(self.queue, durable=True)
            while not (stop and stop()):
                message = await queue.get(no_ack=False, fail=False)
                if message is None:
                    await asyncio.sleep(idle_seconds)
                    continue
                found = self.read(message.body)
                try:
                    if found:
                        await handle(*found)
                except Exception:
                    await message.nack(requeue=True)  # the database is away: the event waits in RabbitMQ
                    logger.exception("alerts: could not queue an alert; the event stays in RabbitMQ")
                    await asyncio.sleep(idle_seconds)
                    continue
                await message.ack()
        finally:
            await connection.close()
