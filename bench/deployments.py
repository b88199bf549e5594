"""The deployments the benchmark runs both assistants in, each the same for ours and for the stock one.

A like-for-like comparison runs the two assistants with the same number of Rasa worker processes, the same
kind of conversation store and the same kind of lock store, so that a ratio says which assistant is faster,
not which deployment is:

* **one worker, SQLite**: one Rasa process, conversations in a SQLite file, Rasa's in-memory lock store.
  Ours as ``make run`` starts it (endpoints.yml); the stock one with Rasa's ``SQLTrackerStore`` on SQLite.
* **two workers, PostgreSQL, Redis**: two Sanic worker processes (``SANIC_WORKERS=2``, one per core),
  conversations in PostgreSQL, a Redis lock store (Rasa allows several workers only with a lock store that is
  not in memory). Ours as endpoints.scale.yml has it (``RedactingSQLTrackerStore``,
  ``bot.rasa_runtime.lock_store.SerialRedisLockStore``); the stock one with Rasa's own ``SQLTrackerStore`` and
  ``RedisLockStore``: the same database server and Redis, a database and key prefix of its own.

Neither has an event broker: endpoints.scale.yml's RabbitMQ feed to the leads' alert service
(docs/alerts.md) is left out of ours, since the stock assistant has nothing like it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Deployment:
    key: str        # used in the raw results and file names
    title: str      # as the tables name it
    workers: int
    store: str      # "sqlite" or "postgresql"

    @property
    def shared(self) -> bool:
        """Several worker processes share the conversation store and a Redis lock store."""
        return self.workers > 1


ONE_WORKER = Deployment("one-worker-sqlite", "one worker, SQLite", 1, "sqlite")
TWO_WORKERS = Deployment("two-workers-postgresql", "two workers, PostgreSQL, Redis lock store", 2, "postgresql")
DEPLOYMENTS = (ONE_WORKER, TWO_WORKERS)

OURS_DATABASE = "bench_like_ours"
STOCK_DATABASE = "bench_like_stock"
REDIS_DB = {"ours": 1, "stock": 2}


def without_section(yaml_text: str, key: str) -> str:
    """``yaml_text`` without its top-level ``key:`` block (the key's line and every indented or blank line
    after it, up to the next top-level line). The comments above the block stay; they are only comments."""
    out: list[str] = []
    skipping = False
    for line in yaml_text.splitlines(keepends=True):
        if re.match(rf"{re.escape(key)}\s*:", line):
            skipping = True
            continue
        if skipping and line.strip() and not line[0].isspace():
            skipping = False
        if not skipping:
            out.append(line)
    return "".join(out)


def ours_endpoints(deployment: Deployment) -> str:
    """Our endpoints file for ``deployment``: endpoints.yml as shipped for one worker; endpoints.scale.yml
    without its event broker for two. The stores' addresses come from the environment (bench/stack.py)."""
    if not deployment.shared:
        return (ROOT / "endpoints.yml").read_text()
    return without_section((ROOT / "endpoints.scale.yml").read_text(), "event_broker")


def stock_endpoints(deployment: Deployment, *, sqlite_path: Path, database_url: str, redis_host: str) -> str:
    """The stock assistant's endpoints file for ``deployment``: Rasa's own stores, the same kinds as ours."""
    if not deployment.shared:
        return f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {sqlite_path}\n"
    url = urlsplit(database_url)
    lines = ["tracker_store:", "  type: SQL", "  dialect: postgresql", f"  url: {url.hostname or '127.0.0.1'}",
             f"  port: {url.port or 5432}", f"  db: {STOCK_DATABASE}"]
    if url.username:
        lines.append(f"  username: {url.username}")
    lines += ["lock_store:", "  type: redis", f"  url: {redis_host}", "  port: 6379", f"  db: {REDIS_DB['stock']}",
              "  key_prefix: stock_bench"]
    return "\n".join(lines) + "\n"


def database_url_for(server_url: str, database: str) -> str:
    """``server_url`` (postgresql://[user@]host:port/anything) pointing at ``database`` instead."""
    parts = urlsplit(server_url)
    return parts._replace(path="/" + database).geturl()
