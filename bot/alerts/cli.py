"""``python -m bot alerts``: the leads' alert service.

    python -m bot alerts run                       # from the conversations database (embedded default)
    python -m bot alerts run --broker amqp://guest:guest@127.0.0.1:5672/   # from Rasa's events in RabbitMQ
    python -m bot alerts run --once                # one poll and one send, then stop (for cron or a check)
    python -m bot alerts status                    # queued and sent alerts, counts only

The settings come from the environment (``bot/alerts/settings.py``); with no mail server and no Teams
channel set, the service says so and stops rather than queue alerts nobody will receive.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from typing import Optional

import sqlalchemy as sa

DEFAULT_QUEUE = "safeguarding_alerts"


def build_service():
    from bot.alerts.senders import senders_for
    from bot.alerts.service import AlertService
    from bot.alerts.settings import AlertSettings
    from bot.review.settings import Settings as ReviewSettings
    from bot.transcripts.database import create_engine, database_url

    settings = AlertSettings.from_env()
    problems = settings.problems()
    if problems:
        raise SystemExit("alerts: " + "; ".join(problems))
    if not settings.destinations:
        raise SystemExit("alerts: no destination is configured: set BOT_ALERT_SMTP_HOST and BOT_ALERT_TO, "
                         "or BOT_ALERT_TEAMS_SERVICE_URL and BOT_ALERT_TEAMS_CONVERSATION (docs/alerts.md)")
    review_settings = ReviewSettings.from_env()
    conversations = create_engine(database_url())
    review = create_engine(review_settings.review_database_url) if review_settings.review_database_url else None
    return AlertService(conversations, settings, senders_for(settings), review_settings.organisation, review)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot alerts", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="verb", required=True)
    run = sub.add_parser("run", help="feed the outbox and send alerts until stopped")
    run.add_argument("--broker", default=os.environ.get("BOT_ALERT_BROKER_URL"),
                     help="RabbitMQ URL to consume Rasa's events from (default: read the database)")
    run.add_argument("--queue", default=os.environ.get("BOT_ALERT_QUEUE", DEFAULT_QUEUE))
    run.add_argument("--once", action="store_true", help="one poll and one send, then stop")
    sub.add_parser("status", help="how many alerts are queued and sent, by kind")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")

    if args.verb == "status":
        from bot.alerts.outbox import LeadAlert, create_tables
        from bot.transcripts.database import create_engine, database_url

        engine = create_engine(database_url())
        create_tables(engine)
        with engine.connect() as connection:
            rows = connection.execute(sa.select(LeadAlert.kind, LeadAlert.destination, LeadAlert.status,
                                                sa.func.count()).group_by(LeadAlert.kind, LeadAlert.destination,
                                                                          LeadAlert.status)).all()
        for kind, destination, status, count in rows:
            print(f"{kind:<9} {destination:<6} {status:<7} {count}")
        if not rows:
            print("no alerts")
        return 0

    service = build_service()
    if args.once:
        queued = service.poll_database()
        sent = asyncio.run(service.send_due())
        print(f"queued {queued}, sent {sent}")
        return 0
    try:
        asyncio.run(service.run(broker_url=args.broker, queue=args.queue))
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
