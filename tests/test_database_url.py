"""Every database setting is read the same way (bot.database_url): ``postgres://`` works for the conversations,
the review app's tables and the practice results alike, and an SQLite path is read from the project folder."""
from __future__ import annotations

import pytest
from sqlalchemy.engine import make_url

from bot.database_url import from_setting, normalise, sqlite_url
from bot.paths import ROOT

HOSTED = "postgres://lead:secret@db.example:5432/safeguarding"
READABLE = "postgresql://lead:secret@db.example:5432/safeguarding"


def test_postgres_is_spelled_as_sqlalchemy_knows_it() -> None:
    assert normalise(HOSTED) == from_setting(f" {HOSTED} ") == READABLE
    assert normalise(READABLE) == READABLE and normalise("sqlite:///x.db") == "sqlite:///x.db"


def test_a_path_is_an_sqlite_file_read_from_the_project_folder(tmp_path) -> None:
    assert from_setting("var/practice.db") == sqlite_url("var/practice.db") == f"sqlite:///{ROOT / 'var/practice.db'}"
    assert from_setting(str(tmp_path / "p.db")) == f"sqlite:///{tmp_path / 'p.db'}"


def test_the_practice_results_take_postgres_too(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.scenarios.results import database_url

    assert database_url(HOSTED) == READABLE
    monkeypatch.setenv("BOT_PRACTICE_DB", HOSTED)
    assert database_url() == READABLE


def test_the_review_database_takes_postgres_too() -> None:
    from bot.review.settings import Settings

    assert Settings.from_env({"BOT_REVIEW_DB": HOSTED}).review_database_url == READABLE
    assert Settings.from_env({}).review_database_url is None


@pytest.mark.parametrize("where", ["environment", "endpoints"])
def test_the_conversations_take_postgres(where: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.transcripts.database import create_engine, database_url

    monkeypatch.delenv("BOT_DATABASE_URL", raising=False)
    if where == "environment":
        monkeypatch.setenv("BOT_DATABASE_URL", HOSTED)
    assert database_url(HOSTED if where == "endpoints" else None) == READABLE
    engine = create_engine(HOSTED)  # any URL handed to the engine, e.g. BOT_REVIEW_DB given to --database-url
    assert engine.dialect.name == "postgresql" and make_url(engine.url).host == "db.example"
    engine.dispose()
