"""The same store tests on SQLite (a temporary file) and PostgreSQL (a schema of its own for each test).

PostgreSQL is the server on this machine (tests/transcripts/databases.py); its variants are skipped, saying
why, only when the server cannot be reached.
"""
from __future__ import annotations

from typing import Iterator

import pytest

from bot.transcripts import log_filter
from tests.transcripts.databases import postgres_schema

DOMAIN_YAML = """
version: "3.1"
intents: [observe, affirm, deny]
slots:
  concern:
    type: any
    influence_conversation: false
    mappings: [{type: custom}]
  area:
    type: text
    influence_conversation: false
    mappings: [{type: custom}]
  practice_mode:
    type: bool
    influence_conversation: false
    mappings: [{type: custom}]
  practice:
    type: any
    influence_conversation: false
    mappings: [{type: custom}]
"""


@pytest.fixture(autouse=True)
def _log_filter_off_afterwards():
    """A store installs the redacting log filter process-wide; other test modules must not inherit it."""
    yield
    log_filter.uninstall()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path, monkeypatch) -> Iterator[str]:
    """A URL for an empty database: a SQLite file, or a fresh PostgreSQL schema."""
    monkeypatch.delenv("BOT_DATABASE_URL", raising=False)
    monkeypatch.delenv("BOT_TRACKER_DB", raising=False)
    monkeypatch.setenv("BOT_PENDING_DIR", str(tmp_path / "pending"))  # never the project's var/pending
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'conversations.db'}"
    else:
        with postgres_schema() as url:
            yield url


@pytest.fixture
def domain():
    from rasa.shared.core.domain import Domain

    return Domain.from_yaml(DOMAIN_YAML)


@pytest.fixture
def make_store(database_url, domain):
    """Build stores on the test's database (closed, and the log filter taken off, afterwards)."""
    from bot.transcripts.store import RedactingSQLTrackerStore

    stores = []

    def make(**kwargs):
        kwargs.setdefault("attempts", 2)
        kwargs.setdefault("retry_wait", 0.01)
        store = RedactingSQLTrackerStore(domain=domain, host=database_url, **kwargs)
        stores.append(store)
        return store

    yield make
    for store in stores:
        store.close()


@pytest.fixture
def store(make_store):
    return make_store()


@pytest.fixture
def engine(database_url):
    from bot.transcripts.database import create_engine, create_tables

    engine = create_engine(database_url)
    create_tables(engine)
    yield engine
    engine.dispose()
