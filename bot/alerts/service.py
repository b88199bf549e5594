"""The alert service: feed the outbox from the conversations, then send what is due, every few seconds.

Run it beside Rasa (``python -m bot alerts run``). With the default poll of 10 seconds and a send right after
each poll, a lead is told well within a minute of the turn that reached the level. Every queued alert, every
send and every failed attempt goes into the review app's audit log (action ``alert-queued``, ``alert-sent``,
``alert-failed``; the detail holds the kind and destination only).
"""
from __future__ import annotations

import asyncio
import logging
from typing import Callable, Optional, Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from bot.alerts import outbox
from bot.alerts.feeds import DatabaseFeed, recorded
from bot.alerts.reached import Reached
from bot.alerts.senders import AlertNotSent, Sender
from bot.alerts.settings import AlertSettings
from bot.transcripts.database import for_writing

logger = logging.getLogger(__name__)
SERVICE_USER = "alert-service"


class AlertService:
    def __init__(self, conversations: sa.engine.Engine, settings: AlertSettings, senders: Sequence[Sender],
                 organisation: str = "default", review: Optional[sa.engine.Engine] = None) -> None:
        from bot.review.tables import create_tables as create_review_tables

        self.settings = settings
        self.senders = {sender.destination: sender for sender in senders}
        self.organisation = organisation
        outbox.create_tables(conversations)
        create_review_tables(review or conversations)
        self.session = sessionmaker(conversations, future=True, expire_on_commit=False)
        self.review_session = sessionmaker(review or conversations, future=True, expire_on_commit=False)
        self.database_feed = DatabaseFeed()

    # ------------------------------------------------------------------ feeding the outbox
    def _audit(self, action: str, sender_id: str, detail: str) -> None:
        from bot.review import audit

        with self.review_session.begin() as session:
            audit.record(session, username=SERVICE_USER, organisation=self.organisation, action=action,
                         now=outbox.utcnow(), sender_id=sender_id, detail=detail)

    def queue(self, session: Session, sender_id: str, state: Reached) -> list[outbox.Queued]:
        return outbox.enqueue(session, sender_id, state, list(self.senders))

    def poll_database(self) -> int:
        """Read new events from the database; how many alerts were queued."""
        with self.session.begin() as session:
            for_writing(session)  # reads, then queues: on SQLite a read that turns into a write can fail at once
            queued = [q for sender_id, state in self.database_feed.changed(session).items()
                      for q in self.queue(session, sender_id, state)]
        for q in queued:
            self._audit("alert-queued", q.sender_id, f"{q.kind} {q.destination}")
        return len(queued)

    async def take(self, sender_id: str, state: Reached) -> None:
        """One event from the broker: queue what it deserves (committed before RabbitMQ hears the ack)."""
        def work() -> list[outbox.Queued]:
            with self.session.begin() as session:
                for_writing(session)
                practice, channel = recorded(session, sender_id)
                if practice:
                    return []
                state.channel = state.channel or channel
                return self.queue(session, sender_id, state)

        for q in await asyncio.to_thread(work):
            self._audit("alert-queued", q.sender_id, f"{q.kind} {q.destination}")

    # ------------------------------------------------------------------ sending
    async def send_due(self) -> int:
        """Send every alert whose time has come; how many were sent. A failure is kept and tried later."""
        sent = 0
        with self.session() as session:
            alerts = outbox.due(session)
            for alert in alerts:
                sender = self.senders.get(alert.destination)
                if sender is None:
                    continue
                try:
                    await sender.send(alert)
                except AlertNotSent as error:
                    outbox.mark_failed(alert, error)
                    session.commit()
                    logger.warning("alerts: %s alert for %s by %s not sent (attempt %d, %s); trying again later",
                                   alert.kind, alert.sender_id, alert.destination, alert.attempts, error)
                    self._audit("alert-failed", alert.sender_id, f"{alert.kind} {alert.destination} "
                                f"attempt {alert.attempts}")
                    continue
                outbox.mark_sent(alert)
                session.commit()
                sent += 1
                logger.info("alerts: %s alert for %s sent by %s", alert.kind, alert.sender_id, alert.destination)
                self._audit("alert-sent", alert.sender_id, f"{alert.kind} {alert.destination}")
        return sent

    # ------------------------------------------------------------------ running
    async def run(self, broker_url: Optional[str] = None, queue: str = "safeguarding_alerts",
                  stop: Optional[Callable[[], bool]] = None) -> None:
        """Until ``stop()``: from the broker when one is given, else from the database; send every poll."""
        stop = stop or (lambda: False)
        consumer = None
        if broker_url:
            from bot.alerts.feeds import BrokerFeed

            consumer = asyncio.create_task(BrokerFeed(broker_url, queue).consume(self.take, stop))
        try:
            while not stop():
                if consumer is None:
                    try:
                        await asyncio.to_thread(self.poll_database)
                    except sa.exc.SQLAlchemyError as error:
                        logger.error("alerts: the conversations database is unavailable (%s); trying again",
                                     type(error).__name__)
                elif consumer.done():
                    consumer.result()  # the broker connection failed for good: raise it
                try:
                    await self.send_due()
                except sa.exc.SQLAlchemyError as error:
                    logger.error("alerts: the outbox is unavailable (%s); trying again", type(error).__name__)
                await asyncio.sleep(self.settings.poll_seconds)
        finally:
            if consumer is not None:
                consumer.cancel()
