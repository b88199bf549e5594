"""PostgreSQL for the tests: the server on this machine, and a fresh schema for each use.

``postgresql://127.0.0.1:5432/test`` unless ``BOT_TEST_POSTGRES_URL`` says otherwise. A schema with a random
name is created for each test and dropped after, so parallel runs never see each other's tables. A test that
needs PostgreSQL is skipped, saying why, only when the server cannot be reached.
"""
from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from typing import Iterator, Optional
from urllib.parse import quote

import pytest
import sqlalchemy as sa

POSTGRES_URL = os.environ.get("BOT_TEST_POSTGRES_URL", "postgresql://127.0.0.1:5432/test")

_problem: list[Optional[str]] = []


def postgres_problem() -> Optional[str]:
    """Why PostgreSQL cannot be used here, or None (asked once per run)."""
    if not _problem:
        try:
            engine = sa.create_engine(POSTGRES_URL, future=True, connect_args={"connect_timeout": 3})
            with engine.connect() as connection:
                connection.execute(sa.text("SELECT 1"))
            engine.dispose()
            _problem.append(None)
        except Exception as error:  # any failure to connect is a reason to skip, and the reason is given
            _problem.append(f"PostgreSQL at {POSTGRES_URL} is unreachable: {type(error).__name__}: "
                            f"{str(error).strip()[:200]}")
    return _problem[0]


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A new schema; yields a URL whose connections use it (search_path), and drops it afterwards."""
    problem = postgres_problem()
    if problem:
        pytest.skip(problem)
    schema = f"bot_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES_URL, future=True)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def database_roles(url: str) -> Iterator[dict[str, str]]:
    """Three new roles (chatbot, review app, retention) set up on the schema of ``url`` by
    ``python -m bot transcripts roles --apply``, run as the test server's own user (the tables' owner).

    Yields a URL for each (``chat``, ``review``, ``retention``) and ``owner``; the roles, with whatever they were
    granted, are dropped afterwards. Their names are new for each use (roles belong to the whole server).
    """
    from sqlalchemy.engine import make_url

    from bot.transcripts import cli

    prefix = f"bot_test_{uuid.uuid4().hex[:8]}"
    names = {job: f"{prefix}_{job}" for job in ("chat", "review", "retention")}
    try:
        code = cli.main(["roles", "--apply", "--database-url", url, "--chat", names["chat"],
                         "--review", names["review"], "--retention", names["retention"]])
        assert code == 0, "python -m bot transcripts roles --apply failed"
        owner = make_url(url)
        yield {"owner": url, **{job: owner.set(username=name).render_as_string(hide_password=False)
                                for job, name in names.items()}}
    finally:
        admin = sa.create_engine(POSTGRES_URL, future=True)
        with admin.begin() as connection:
            existing = set(connection.scalars(sa.text("SELECT rolname FROM pg_roles WHERE rolname LIKE :p"),
                                              {"p": f"{prefix}_%"}))
            for name in sorted(existing):
                connection.execute(sa.text(f'DROP OWNED BY "{name}"'))
                connection.execute(sa.text(f'DROP ROLE "{name}"'))
        admin.dispose()
