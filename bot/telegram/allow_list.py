"""Who may talk to the Telegram bot: the numeric Telegram user ids on an allow-list.

Anyone on Telegram can find a bot by its username and write to it, and every conversation it relays ends up
in the safeguarding leads' review queue. So a deployment names its own practitioners: their Telegram user
ids (numbers such as ``123456789``; usernames can be changed and reused, ids cannot), from

- ``BOT_TELEGRAM_ALLOWED_USERS``: ids separated by commas or spaces, and/or
- ``BOT_TELEGRAM_ALLOWED_USERS_FILE``: a text file with one id per line; ``#`` starts a comment.

The file is how an administrator adds or removes someone without a restart: it is read again whenever it
changes (checked on each update, a cheap ``stat``). If a changed file cannot be read or has a bad line, the
ids read last stay in force and a warning names the line number (never an id), so a half-saved edit locks
no one out. The ids are kept in memory only and never logged.
"""
from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from typing import Iterable, Optional

logger = logging.getLogger(__name__)

ENV_ALLOWED_USERS = "BOT_TELEGRAM_ALLOWED_USERS"
ENV_ALLOWED_USERS_FILE = "BOT_TELEGRAM_ALLOWED_USERS_FILE"
USER_ID = re.compile(r"^[1-9][0-9]{0,15}$")  # Telegram user ids are positive integers of up to 52 bits
SEPARATORS = re.compile(r"[\s,;]+")


class AllowListError(ValueError):
    """The allow-list could not be read; ``problems`` says where, without repeating any id."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def parse_ids(words: Iterable[str], where: str) -> set[int]:
    """The user ids among ``words``; raises ``AllowListError`` naming ``where`` for anything that is not one."""
    ids: set[int] = set()
    problems: list[str] = []
    for word in words:
        if USER_ID.match(word):
            ids.add(int(word))
        else:
            problems.append(f"{where}: {_describe(word)} is not a numeric Telegram user id")
    if problems:
        raise AllowListError(problems)
    return ids


def read_file(path: Path) -> set[int]:
    """The ids in an allow-list file: one per line, blank lines and ``#`` comments ignored."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise AllowListError([f"{ENV_ALLOWED_USERS_FILE}: cannot read {path} ({type(error).__name__})"]) from None
    ids: set[int] = set()
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        content = line.split("#", 1)[0].strip()
        if not content:
            continue
        try:
            ids |= parse_ids([content], f"{path.name} line {number}")
        except AllowListError as error:
            problems += error.problems
    if problems:
        raise AllowListError(problems)
    return ids


def _describe(word: str) -> str:
    """A bad entry is described, not quoted: it may be a username or a phone number someone pasted."""
    return "an entry starting with '@'" if word.startswith("@") else f"an entry of {len(word)} characters"


class AllowedUsers:
    """``allows(user_id)``: whether a Telegram user is on the list; the file's ids follow its changes."""

    def __init__(self, fixed: Iterable[int] = (), path: Optional[Path] = None) -> None:
        self._fixed = frozenset(fixed)
        self._path = path
        self._from_file: frozenset[int] = frozenset()
        self._version: Optional[tuple[int, int]] = None
        if path is not None:
            self._from_file = frozenset(read_file(path))  # at start-up a bad file is a settings problem
            self._version = self._stat()

    @classmethod
    def from_env(cls, value: Optional[str], path: Optional[str]) -> Optional["AllowedUsers"]:
        """The list from the two settings, None when neither is set; raises ``AllowListError``."""
        value, path = (value or "").strip(), (path or "").strip()
        if not value and not path:
            return None
        problems: list[str] = []
        fixed: set[int] = set()
        try:
            fixed = parse_ids([word for word in SEPARATORS.split(value) if word], ENV_ALLOWED_USERS)
        except AllowListError as error:
            problems += error.problems
        allowed = None
        try:
            allowed = cls(fixed, Path(path).expanduser() if path else None)
        except AllowListError as error:
            problems += error.problems
        if problems or allowed is None:
            raise AllowListError(problems)
        return allowed

    def __len__(self) -> int:
        self._follow_file()
        return len(self._fixed | self._from_file)

    def allows(self, user_id: Optional[int]) -> bool:
        """Whether this user may talk to the bot (no user, as for a channel post: no)."""
        if user_id is None:
            return False
        self._follow_file()
        return user_id in self._fixed or user_id in self._from_file

    def _stat(self) -> Optional[tuple[int, int]]:
        try:
            info = os.stat(self._path) if self._path is not None else None
        except OSError:
            return None
        return None if info is None else (info.st_mtime_ns, info.st_size)

    def _follow_file(self) -> None:
        """Re-read the file when it changed; keep the last good ids when the new version cannot be read."""
        if self._path is None:
            return
        version = self._stat()
        if version == self._version:
            return
        self._version = version
        try:
            self._from_file = frozenset(read_file(self._path))
        except AllowListError as error:
            logger.warning("Telegram allow-list file changed but was not taken (%s); the ids read last stay "
                           "in force", "; ".join(error.problems))
            return
        logger.info("Telegram allow-list file read again: %d ids", len(self._from_file))
