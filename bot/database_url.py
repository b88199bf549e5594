"""A database setting as a URL SQLAlchemy can open: one reading for every database the project keeps.

Three settings name a database: ``BOT_DATABASE_URL`` (the conversations, ``bot.transcripts.database``),
``BOT_REVIEW_DB`` (the review app's own tables, ``bot.review.settings``) and ``BOT_PRACTICE_DB`` (practice
results, ``bot.scenarios.results``). Each is read here, the same way:

* ``postgres://...``, what several hosting platforms hand out, becomes ``postgresql://...``: SQLAlchemy 1.4
  knows only the second and would refuse to start;
* a value without ``://`` is the path of an SQLite file; a relative path is read from the project folder,
  never from the working directory, so every command finds the same file wherever it is started.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Union

from bot.paths import ROOT


def normalise(url: str) -> str:
    """``url`` with ``postgres://`` spelled ``postgresql://``; any other URL as it is."""
    url = url.strip()
    return "postgresql://" + url[len("postgres://"):] if url.startswith("postgres://") else url


def sqlite_url(path: Union[str, "os.PathLike[str]"]) -> str:
    """The URL of an SQLite file; a relative path is taken from the project folder."""
    path = Path(path)
    return f"sqlite:///{path if path.is_absolute() else ROOT / path}"


def from_setting(value: str) -> str:
    """A setting's value (a URL, or the path of an SQLite file) as a URL."""
    value = value.strip()
    return normalise(value) if "://" in value else sqlite_url(value)
