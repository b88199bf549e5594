"""Folders and files that hold conversations, accounts, logs or keys: readable by their owner only.

``var/`` holds the conversations' SQLite database, the practice results, the review app's tables, the servers'
logs, the pending-save spool and generated keys. On a shared machine the usual umask (022) would leave all of
that readable by every local user. So the project makes its folders 0700 and these files 0600 where it
creates them, whatever the umask (``scripts/stack.sh`` and ``python -m bot`` also set ``umask 077`` for what
their processes write). SQLite makes its ``-wal``, ``-shm`` and ``-journal`` files with the database file's
own mode, so a database that starts 0600 stays private. A folder or file that already exists is narrowed only
when it is the project's own (``var/`` itself, a database file it opens, a key it made): a folder named
elsewhere (``BOT_VAR_DIR=/srv/shared``) is left as the administrator made it.
"""
from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path
from typing import Union

DIR_MODE, FILE_MODE = 0o700, 0o600
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")

PathLike = Union[str, "os.PathLike[str]"]


def private_dir(path: PathLike, narrow: bool = False) -> Path:
    """The folder, made 0700 when missing (parents as the umask says); ``narrow`` also tightens an existing one."""
    folder = Path(path)
    existed = folder.is_dir()
    folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    if (narrow or not existed) and stat.S_IMODE(folder.stat().st_mode) & 0o077:
        _chmod(folder, DIR_MODE)
    return folder


def private_file(path: PathLike) -> Path:
    """The file, made empty and 0600 when missing; an existing one loses any group and other permission."""
    file = Path(path)
    try:
        os.close(os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, FILE_MODE))
    except FileExistsError:
        if stat.S_IMODE(file.stat().st_mode) & 0o077:
            _chmod(file, FILE_MODE)
    return file


def private_sqlite(database: Union[str, None]) -> None:
    """Before SQLite opens ``database`` (a file path; not ``:memory:``): it and its side files are 0600."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    if not path.parent.is_dir():
        return   # SQLite will say what is wrong
    private_file(path)
    for suffix in SQLITE_SIDE_FILES:
        side = Path(f"{path}{suffix}")
        if side.exists() and stat.S_IMODE(side.stat().st_mode) & 0o077:
            _chmod(side, FILE_MODE)


def secret_file(path: PathLike, size: int = 32) -> bytes:
    """The secret kept in ``path`` (hex), made with ``size`` random bytes on first use; the file is 0600.

    Made under a temporary name and linked into place, so two processes starting at once agree on one key:
    the second finds the first's file and reads it.
    """
    file = Path(path)
    private_dir(file.parent)
    if not file.exists():
        draft = file.with_name(f".{file.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, FILE_MODE)
        try:
            os.write(fd, (secrets.token_hex(size) + "\n").encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(draft, file)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    if stat.S_IMODE(file.stat().st_mode) & 0o077:
        _chmod(file, FILE_MODE)
    key = file.read_text(encoding="ascii").strip()
    if len(key) < 32:
        raise ValueError(f"{file} holds no usable key (fewer than 32 characters): delete it to make a new one")
    return key.encode()


def _chmod(path: Path, mode: int) -> None:
    try:
        os.chmod(path, mode)
    except PermissionError:   # not ours to change: leave it, SQLite or the reader will still work
        pass
