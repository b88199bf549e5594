"""A process that uses the real conversation store, loses its database, saves turns, and waits to be killed.

    python -m tests.transcripts.crash_driver <database url> <pending folder> <conversation id>

No Rasa server: the store is driven the way Rasa drives it (retrieve, add a turn's events, save). The first
turn is saved with the database up. Then the database is made unreachable (``outage.break_database``) and two
more turns are saved. The process prints one line per step and ``READY`` with the pending events' types and
timestamps as JSON, then sleeps until ``tests/transcripts/test_killed_process.py`` kills it with SIGKILL.
"""
from __future__ import annotations

import asyncio
import json
import sys
import time

from rasa.shared.core.domain import Domain

from bot.transcripts.store import RedactingSQLTrackerStore
from tests.transcripts.conftest import DOMAIN_YAML
from tests.transcripts.conversation import action, advice, bot, user
from tests.transcripts.outage import break_database

try:
    from bot.transcripts.store import turn_kept
except ImportError:  # a store that does not report: the test still runs, and shows what was lost
    def turn_kept(message_id: str) -> None:
        return None

BEFORE = ("He is hungry every morning", "Noted. Anything else?")
DURING = (("His mum Sarah Jones rang on 07700 900123 and says Tyler has bruises on his arm", "I noted that."),
          ("She is 6 and misses school most Mondays", "Thank you, noted."))


async def main(url: str, folder: str, sender_id: str) -> None:
    store = RedactingSQLTrackerStore(domain=Domain.from_yaml(DOMAIN_YAML), host=url, pending_dir=folder,
                                     attempts=1, retry_wait=0.0, retry_pending_every=3600)
    tracker = await store.get_or_create_tracker(sender_id)
    tracker.update(user(BEFORE[0]))
    tracker.update(bot(BEFORE[1]))
    await store.save(tracker)
    print("SAVED first turn", flush=True)

    break_database(store)
    pending = []
    for number, (said, answer) in enumerate(DURING):
        tracker = await store.retrieve(sender_id)
        message = user(said)
        message.message_id = f"during-{number}"
        events = [message, action("action_note_observations"), bot(answer, advice("consider", [("1.3.1", "consider")]))]
        for event in events:
            tracker.update(event)
        await store.save(tracker)
        kept = turn_kept(message.message_id)
        print(f"TURN {number} {kept.value if kept else 'unreported'}", flush=True)
        pending += [{"event": e.type_name, "timestamp": e.timestamp} for e in events]
    print("READY " + json.dumps(pending), flush=True)
    while True:  # the retry would come every hour; the test kills the process long before
        time.sleep(60)


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:4]))
