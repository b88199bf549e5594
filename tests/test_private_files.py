"""var/ and what the project writes there are readable by their owner only, whatever the umask."""
from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.paths import ROOT


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask():
    """The usual umask of a login shell or a service manager (022): files 0644 and folders 0755 by default."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_var_is_made_0700(open_umask, tmp_path, monkeypatch):
    from bot.paths import var_dir

    monkeypatch.setenv("BOT_VAR_DIR", str(tmp_path / "var"))
    assert mode(var_dir()) == 0o700


def test_the_projects_own_var_is_narrowed_but_a_folder_named_elsewhere_is_left_alone(open_umask, tmp_path,
                                                                                    monkeypatch):
    from bot import paths

    own, shared = tmp_path / "own-var", tmp_path / "shared"
    own.mkdir(mode=0o755)
    shared.mkdir(mode=0o755)
    monkeypatch.setattr(paths, "VAR_DIR", own)
    monkeypatch.delenv("BOT_VAR_DIR", raising=False)
    assert mode(paths.var_dir()) == 0o700
    monkeypatch.setenv("BOT_VAR_DIR", str(shared))
    assert mode(paths.var_dir()) == 0o755


def test_the_conversations_database_and_its_side_files_are_0600(open_umask, tmp_path):
    from bot.transcripts.database import create_engine, create_tables

    engine = create_engine(f"sqlite:///{tmp_path / 'conversations.db'}")
    create_tables(engine)
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE IF NOT EXISTS t (x)"))
        connection.execute(sa.text("INSERT INTO t VALUES (1)"))
        files = sorted(tmp_path.glob("conversations.db*"))
        assert {f.name for f in files} >= {"conversations.db", "conversations.db-wal"}
        assert {f.name: mode(f) for f in files} == {f.name: 0o600 for f in files}
    engine.dispose()


def test_an_existing_world_readable_database_is_narrowed_when_opened(open_umask, tmp_path):
    from bot.transcripts.database import create_engine

    path = tmp_path / "old.db"
    path.touch(mode=0o644)
    os.chmod(path, 0o644)
    create_engine(f"sqlite:///{path}").dispose()
    assert mode(path) == 0o600


def test_the_practice_database_is_0600(open_umask, tmp_path):
    from bot.scenarios.results import session_factory

    factory = session_factory(f"sqlite:///{tmp_path / 'practice.db'}")
    with factory() as session:
        session.execute(sa.text("SELECT 1"))
    assert mode(tmp_path / "practice.db") == 0o600


def test_the_review_apps_own_database_is_0600(open_umask, tmp_path):
    from bot.review.database import open_databases
    from bot.review.settings import Settings

    settings = Settings(database_url=f"sqlite:///{tmp_path / 'conversations.db'}",
                        review_database_url=f"sqlite:///{tmp_path / 'review.db'}")
    open_databases(settings).dispose()
    assert mode(tmp_path / "review.db") == 0o600 and mode(tmp_path / "conversations.db") == 0o600


def test_the_launch_script_sets_a_private_umask_before_it_writes_anything():
    """scripts/stack.sh writes var/ and the servers' logs: ``umask 077`` comes before its first mkdir."""
    lines = (ROOT / "scripts" / "stack.sh").read_text().splitlines()
    umask = next((n for n, line in enumerate(lines) if re.match(r"\s*umask 0?077\b", line)), None)
    first_write = next(n for n, line in enumerate(lines) if re.match(r"\s*mkdir\b", line) or ">" in line.split("#")[0])
    assert umask is not None and umask < first_write
