"""Which database keeps the conversations, and the SQLAlchemy engine for it.

One setting decides: ``BOT_DATABASE_URL`` (for example ``postgresql://user@db.example:5432/safeguarding``)
when it is set, else a ``url`` in ``endpoints.yml``, else SQLite in the file ``BOT_TRACKER_DB`` (default
``var/conversations.db``; a relative path is read from the project folder, never from the working directory).

Engines are built in the SQLAlchemy 2.0 style (``future=True``) and never at import time. Query parameters are
kept out of error messages and logs (``hide_parameters``): a failed insert must not print the event it held.
"""
from __future__ import annotations

import logging
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Optional, Union

import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from bot.database_url import normalise
from bot.paths import ROOT, var_dir

logger = logging.getLogger(__name__)

URL_ENV = "BOT_DATABASE_URL"
SQLITE_ENV = "BOT_TRACKER_DB"
DEFAULT_SQLITE_NAME = "conversations.db"
SQLITE_BUSY_SECONDS = 30
SQLITE_POOL_SIZE = 8  # the conversation store's worker threads
WRITE_OPTION = "bot_write_transaction"


def sqlite_path(db: Optional[str] = None) -> Path:
    """The SQLite file: ``db`` if given, else ``BOT_TRACKER_DB``, else ``var/conversations.db``."""
    name = db or os.environ.get(SQLITE_ENV, "").strip()
    path = Path(name) if name else var_dir() / DEFAULT_SQLITE_NAME
    return path if path.is_absolute() else ROOT / path


def database_url(url: Optional[str] = None, db: Optional[str] = None,
                 dialect: Optional[str] = None, **parts: Any) -> Union[str, URL]:
    """The database to use: ``BOT_DATABASE_URL``, else ``url``, else Rasa-style parts, else the SQLite file.

    ``dialect`` with ``host``/``port``/``username``/``password`` are the keys Rasa's own SQL tracker store
    reads from ``endpoints.yml``; they still work (``dialect: postgresql``, ``url: db.example``, ``db: rasa``).
    """
    from_env = os.environ.get(URL_ENV, "").strip()
    if from_env:
        return normalise(from_env)
    if url and "://" in url:
        return normalise(url)
    if dialect and dialect != "sqlite":
        from rasa.core.tracker_store import SQLTrackerStore

        return SQLTrackerStore.get_db_url(dialect, url, parts.get("port"), db or "rasa", parts.get("username"),
                                          parts.get("password"), parts.get("login_db"), parts.get("query"))
    path = sqlite_path(db)
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def describe(url: Union[str, URL]) -> str:
    """The URL with any password hidden, for logs and messages."""
    return make_url(url).render_as_string(hide_password=True)


def create_engine(url: Union[str, URL]) -> Engine:
    """An engine for ``url`` (``postgres://`` read as ``postgresql://``): pooled and pre-pinged for PostgreSQL;
    WAL, immediate writes and kept connections for a SQLite file."""
    url = make_url(normalise(url) if isinstance(url, str) else url)
    kwargs: dict[str, Any] = {"future": True, "hide_parameters": True}
    if url.get_backend_name() == "postgresql":
        from rasa.core.tracker_store import create_engine_kwargs

        kwargs.update(create_engine_kwargs(url.render_as_string(hide_password=False)))  # Rasa's pool, POSTGRESQL_SCHEMA
        kwargs["pool_pre_ping"] = True  # a restarted server's dead connections are replaced, not used
        connect_args = dict(kwargs.get("connect_args") or {})
        if "connect_timeout" not in url.query:
            connect_args.setdefault("connect_timeout", 10)
        kwargs["connect_args"] = connect_args
        return sa.create_engine(url, **kwargs)
    if url.get_backend_name() == "sqlite":
        from bot.private_files import private_sqlite

        in_memory = url.database in (None, "", ":memory:")
        if not in_memory:
            private_sqlite(url.database)   # 0600 before SQLite makes it: conversations and accounts are in it
            # Connections are kept, not opened per call: SQLAlchemy 1.4 gives a SQLite file a NullPool, so
            # every database call opened the file and ran the PRAGMAs again (docs/profiling.md). A connection
            # is only ever used by one thread at a time (the pool hands it out), which is what pysqlite's
            # same-thread check guards against.
            kwargs.update(poolclass=sa.pool.QueuePool, pool_size=SQLITE_POOL_SIZE, max_overflow=SQLITE_POOL_SIZE)
        kwargs["connect_args"] = {"timeout": SQLITE_BUSY_SECONDS, "check_same_thread": in_memory}
        engine = sa.create_engine(url, **kwargs)
        _sqlite_setup(engine, in_memory=in_memory)
        return engine
    return sa.create_engine(url, **kwargs)


def _sqlite_setup(engine: Engine, in_memory: bool) -> None:
    """WAL lets readers run beside a writer; BEGIN IMMEDIATE (``for_writing``) makes writers queue for the
    lock at the start instead of failing when a read turns into a write; ``secure_delete`` (``erase_deleted``).

    pysqlite's own transaction handling is switched off so that SQLAlchemy's BEGIN is the one that runs
    (the recipe in SQLAlchemy's SQLite dialect documentation).
    """
    erase_deleted(engine)

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}")
        cursor.close()


def erase_deleted(engine: Engine) -> None:
    """On SQLite, every connection overwrites what it deletes with zeros (``PRAGMA secure_delete``).

    Without it a deleted row, or the old copy of an updated one, stays readable in the file's free space until
    the page is reused: retention would delete the words from the tables but not from the disk. The cost is a
    little more writing on each delete and update. No effect on other databases.
    """
    if engine.dialect.name != "sqlite":
        return

    @sa.event.listens_for(engine, "connect")
    def _secure_delete(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get(WRITE_OPTION)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def for_writing(session: Session) -> Session:
    """Mark the session's transaction as one that writes (call first): on SQLite it takes the lock at once."""
    session.connection(execution_options={WRITE_OPTION: True})
    return session


_TABLES_LOCK = 0x6E673736  # PostgreSQL advisory lock key ("ng76"): one process at a time creates the tables


@contextmanager
def creating_tables(engine: Engine) -> Iterator[Connection]:
    """A connection, in a transaction, in which this process alone creates tables.

    Several processes start on one database at once (Rasa, the action server, the alert service, the review
    site), and each creates what is missing. ``create_all`` reads the catalogue and then writes:
    - on SQLite, a transaction that reads and then writes after another connection has written fails at once
      with "database is locked"; the busy timeout does not wait for that case (SQLITE_BUSY_SNAPSHOT). The alert
      service died at start this way beside a Rasa server writing its first turn (CI,
      ``tests/alerts/test_alerts_e2e.py``). So the transaction takes the write lock first (BEGIN IMMEDIATE),
      and waits its turn behind other writers;
    - on PostgreSQL, two workers raced through four tables, the second lost on one, then again on another when
      it tried once more, and died at start. So the transaction holds an advisory lock
      (``tests/transcripts/test_store.py::test_workers_starting_at_once_on_a_new_database_all_start``).
    """
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            connection = connection.execution_options(**{WRITE_OPTION: True})
        with connection.begin():
            if engine.dialect.name == "postgresql":
                connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _TABLES_LOCK})
            yield connection


def create_missing_tables(metadata: sa.MetaData, engine: Engine) -> None:
    """``metadata``'s tables where missing, safely beside other processes starting (``creating_tables``)."""
    with creating_tables(engine) as connection:
        metadata.create_all(connection)


def create_tables(engine: Engine) -> None:
    """Rasa's ``events`` table (Rasa's own definition) and the conversation records, where missing, and the
    events table's indexes for reading one conversation (``events_indexes``), in one ``creating_tables``
    transaction. On PostgreSQL each index in a savepoint of its own, so that one that cannot be made leaves the
    rest of the transaction usable."""
    with creating_tables(engine) as connection:
        _create_tables(connection, nested=engine.dialect.name == "postgresql")


def _create_tables(bind: Connection, nested: bool) -> None:
    from rasa.core.tracker_store import SQLTrackerStore

    from bot.transcripts.records import metadata

    SQLTrackerStore.Base.metadata.create_all(bind)
    metadata.create_all(bind)
    for index in events_indexes():
        try:
            if nested:
                with bind.begin_nested():
                    index.create(bind, checkfirst=True)
            else:
                index.create(bind, checkfirst=True)
        except sa.exc.DBAPIError as error:
            # slower, not broken: a role that does not own the table (roles.py), a read-only connection, or another
            # process creating the same index at the same moment (PostgreSQL: a unique violation in its catalogue)
            logger.warning("could not add index %s to the events table (%s); it is added at the next start by a "
                           "process that may (`python -m bot transcripts roles --apply` as the tables' owner)",
                           index.name, type(error).__name__)


def events_indexes() -> list[sa.Index]:
    """Rasa indexes ``events`` by conversation only, so every read of a conversation (its current session's
    count, the newest row, the rows after one, a save's check for rows already held) went through all of its
    rows: a turn of a 400-turn conversation read about 16,000 rows on PostgreSQL (issue 19). By conversation
    and timestamp (a session is the rows from its start's timestamp on), by conversation and row id, and by
    conversation, kind and timestamp (the newest session start), these reads take the rows they need."""
    from rasa.core.tracker_store import SQLTrackerStore

    table = SQLTrackerStore.Base.metadata.tables["events"]
    made = {index.name: index for index in table.indexes}
    wanted = {"ix_events_sender_timestamp": ("sender_id", "timestamp"), "ix_events_sender_row": ("sender_id", "id"),
              "ix_events_sender_type": ("sender_id", "type_name", "timestamp")}
    return [made.get(name) or sa.Index(name, *(table.c[column] for column in columns))
            for name, columns in wanted.items()]


def session_factory(engine: Engine) -> sessionmaker:
    return sessionmaker(bind=engine, future=True)


def open_database(url: Optional[str] = None) -> tuple[Engine, sessionmaker]:
    """For the command line: ``url``, else the configured database; its tables ensured; a session factory."""
    engine = create_engine(url or database_url())
    create_tables(engine)
    return engine, session_factory(engine)
