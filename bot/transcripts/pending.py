"""Turns the database could not take yet, kept in files on this server until it can.

When a save fails (the database is down, a lock or a connection timed out), the conversation store writes the
turn's new events here, already redacted exactly as they will be stored, one file per batch, before the
practitioner is told the turn is saved on this server. Each batch is written to the database as soon as the
database answers (the conversation's next turn, the store's background retry, or the next start of any Rasa
process sharing this folder), and then deleted.

* **Only the service user can read it.** The folder is made mode 0700 (tightened if it already exists) and
  each file is created 0600. What it holds is what the database would hold: redacted events, never the words
  as typed.
* **It survives the process.** A batch is written to a temporary file, flushed to disk (``fsync``), renamed
  into place and the folder flushed, so a batch that exists is whole, and a process killed at any moment
  leaves either the whole batch or nothing.
* **Written by identity, not by count.** Each row carries the SHA-256 of the conversation id, the event type
  and the event's stored JSON (which holds Rasa's timestamp). A batch is written in one transaction that first
  reads which of those identities the conversation already holds and inserts only the others: a batch
  replayed twice (the process stopped after the database committed but before the file was deleted) writes
  nothing the second time, and rows another worker wrote never make a pending row look written.
* **One writer per batch.** A batch is written under an exclusive ``flock`` on its file, so two processes
  sharing the folder never write the same batch at once; on a lock held elsewhere the batch is left for later.
* **Bounded.** ``max_bytes`` (the store's ``pending_max_mb``, default 64 MB) caps the folder. A batch that
  would go over it is refused (``PendingFull``): the store logs an ALERT and the practitioner is told plainly
  that the message was not kept. Nothing is dropped to make room.
* **One database.** A file names the database it belongs to (its URL without the password); a store replays
  only its own database's files and leaves the others alone.
"""
from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import logging
import os
import secrets
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

from bot.paths import ROOT, var_dir

logger = logging.getLogger(__name__)

DIR_ENV = "BOT_PENDING_DIR"
DEFAULT_NAME = "pending"
DEFAULT_MAX_MB = 64
FORMAT = 1
SUFFIX = ".json"


class PendingFull(RuntimeError):
    """The pending folder is at its size limit: this batch was not written to it."""


def pending_folder(directory: Optional[str] = None) -> Path:
    """The pending folder: ``directory`` if given, else ``BOT_PENDING_DIR``, else ``var/pending``; a relative
    path is read from the project folder, never from the working directory."""
    name = directory or os.environ.get(DIR_ENV, "").strip()
    path = Path(name) if name else var_dir() / DEFAULT_NAME
    return path if path.is_absolute() else ROOT / path


def identity(sender_id: str, type_name: str, data: dict) -> str:
    """What makes a stored event this event: its conversation, its type and its stored JSON (with Rasa's
    timestamp), hashed. The same on a row read back from the database as on the batch it came from."""
    as_stored = json.loads(json.dumps(data))  # as the database gives it back: keys strings, tuples lists
    text = json.dumps([sender_id, type_name, as_stored], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _key(text: str, length: int) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


@dataclass
class Batch:
    """One failed save's new events, as rows ready for Rasa's ``events`` table."""

    path: Path
    sender_id: str
    rows: list[dict]  # type_name, timestamp, intent_name, action_name, data (redacted), identity


class PendingWrites:
    """The pending folder for one database."""

    def __init__(self, directory: Path, database: str, max_bytes: int) -> None:
        self.directory = Path(directory)
        self.database = database
        self.max_bytes = max(0, int(max_bytes))
        self._prefix = _key(database, 12)
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(self.directory, 0o700)  # an existing folder is tightened too

    # ------------------------------------------------------------------ what is waiting
    def _names(self, sender_id: Optional[str] = None) -> Iterator[str]:
        """File names of this database's batches (of one conversation when given), in no order.

        One ``os.scandir`` and two string tests per file: this runs on the event loop at every turn, and
        ``Path.glob`` cost 4% of the loop's time on an empty folder (docs/profiling.md)."""
        start = f"{self._prefix}-{_key(sender_id, 24)}-" if sender_id is not None else f"{self._prefix}-"
        with os.scandir(self.directory) as entries:
            for entry in entries:
                if entry.name.startswith(start) and entry.name.endswith(SUFFIX):
                    yield entry.name

    def batches(self, sender_id: Optional[str] = None) -> list[Path]:
        """This database's batch files (of one conversation when given), oldest first."""
        return [self.directory / name
                for name in sorted(self._names(sender_id), key=lambda name: name.split("-")[2:])]

    def holds(self, sender_id: str) -> bool:
        return next(self._names(sender_id), None) is not None

    def conversations(self) -> list[str]:
        """The conversation ids with a batch waiting, in the order of their oldest batch."""
        seen: dict[str, str] = {}
        for path in self.batches():
            conversation = path.name.split("-")[1]
            if conversation not in seen:
                sender_id = self._sender_of(path)
                if sender_id is not None:
                    seen[conversation] = sender_id
        return list(seen.values())

    def used_bytes(self) -> int:
        """Bytes of every batch in the folder (every database's: the limit is on the folder)."""
        total = 0
        for path in self.directory.glob(f"*{SUFFIX}"):
            try:
                total += path.stat().st_size
            except FileNotFoundError:  # written to the database and deleted meanwhile
                pass
        return total

    def _sender_of(self, path: Path) -> Optional[str]:
        try:
            return json.loads(path.read_text(encoding="utf-8"))["sender_id"]
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            self._set_aside(path)
            return None

    # ------------------------------------------------------------------ writing a batch
    def add(self, sender_id: str, rows: list[dict]) -> Path:
        """Write a batch durably (whole or not at all); its path. ``PendingFull`` when over the limit, OSError
        when the disk refuses."""
        body = {"format": FORMAT, "database": self.database, "sender_id": sender_id,
                "saved_at": time.time(),
                "rows": [dict(row, identity=identity(sender_id, row["type_name"], row["data"])) for row in rows]}
        data = json.dumps(body, separators=(",", ":")).encode("utf-8")
        used = self.used_bytes()
        if used + len(data) > self.max_bytes:
            raise PendingFull(f"{used + len(data)} bytes would exceed the limit of {self.max_bytes}")
        name = (f"{self._prefix}-{_key(sender_id, 24)}-{time.time_ns():020d}-{os.getpid()}-"
                f"{secrets.token_hex(4)}{SUFFIX}")
        final = self.directory / name
        temporary = self.directory / f".{name}.tmp"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, final)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        self._sync_folder()
        return final

    def _sync_folder(self) -> None:
        descriptor = os.open(self.directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)

    # ------------------------------------------------------------------ writing a batch to the database
    @contextmanager
    def claim(self, path: Path) -> Iterator[Optional[Batch]]:
        """The batch in ``path`` under an exclusive lock, or None (another process is writing it, it is gone,
        or it cannot be read and was set aside). ``done(batch)`` deletes it while the lock is held."""
        try:
            descriptor = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            yield None
            return
        try:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as error:
                if error.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
                    raise
                yield None
                return
            try:
                if os.fstat(descriptor).st_ino != path.stat().st_ino:
                    yield None  # written and deleted by another process; a new file took the name
                    return
            except FileNotFoundError:
                yield None  # written and deleted by the process that held the lock
                return
            batch = self._read(descriptor, path)
            yield batch
        finally:
            os.close(descriptor)

    def _read(self, descriptor: int, path: Path) -> Optional[Batch]:
        try:
            with os.fdopen(os.dup(descriptor), "rb") as handle:
                body = json.loads(handle.read().decode("utf-8"))
            if body.get("format") != FORMAT or not isinstance(body.get("rows"), list):
                raise ValueError("not a pending batch")
            if body.get("database") != self.database:
                logger.error("pending batch %s names another database; left alone", path.name)
                return None
            return Batch(path, str(body["sender_id"]), body["rows"])
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            self._set_aside(path)
            return None

    def _set_aside(self, path: Path) -> None:
        """A file that is not a readable batch is renamed, never deleted, so an administrator can look."""
        aside = path.with_name(path.name + ".unreadable")
        try:
            os.replace(path, aside)
        except FileNotFoundError:
            return
        logger.error("ALERT pending batch %s could not be read; renamed to %s for an administrator", path.name,
                     aside.name)

    def done(self, batch: Batch) -> None:
        """The batch is in the database: delete its file."""
        batch.path.unlink(missing_ok=True)
        self._sync_folder()
