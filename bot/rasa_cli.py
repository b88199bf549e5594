"""Rasa's command line as this project runs it: nothing reported to Rasa's servers, the HTTP API only behind a token.

    python -m bot.rasa_cli run --model models/safeguarding.tar.gz ...          (no HTTP API)
    python -m bot.rasa_cli --api-token-file var/rasa-api.token run ...         (HTTP API, token in the file)

Any ``rasa`` command works (``train``, ``test``, ``data validate``); the arguments are Rasa's own. Two things
differ from ``.venv/bin/rasa``:

* **Nothing reported to Rasa's servers**: no usage telemetry, no Sentry crash reports
  (``bot.rasa_runtime.no_reporting``, which says why). Like every change to Rasa, it refuses to run on any Rasa
  but the pinned one (``bot.rasa_runtime.PINNED_RASA``).
* **Rasa's HTTP API is never open.** ``rasa run --enable-api`` without a token lets any program that reaches
  the port read or rewrite any conversation (``/conversations/<id>/tracker``), trigger any intent past the
  REST channel's checks and redaction, and load another model (``PUT /model``). Here ``--enable-api`` is
  refused unless ``--api-token-file`` comes first: then a new random token is written to that file, readable by
  its owner only, and handed to Rasa inside this process, so it never appears in the process list (``ps``
  shows every process's arguments to every user of the machine). Callers add ``?token=<the file's text>``.
  ``--auth-token`` and ``--jwt-secret`` on the command line are refused for the same reason.
"""
from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path
from typing import Optional

from bot.rasa_runtime import RasaVersionError, no_reporting

TOKEN_OPTION = "--api-token-file"
SECRETS_ON_COMMAND_LINE = ("--auth-token", "--jwt-secret")


class RasaCommandError(ValueError):
    """Arguments this launcher will not pass to Rasa; the message says what to do instead."""


def split_arguments(argv: list[str]) -> tuple[Optional[Path], list[str]]:
    """The token file (``--api-token-file PATH`` first, if given) and Rasa's own arguments."""
    if argv[:1] == [TOKEN_OPTION]:
        if len(argv) < 2:
            raise RasaCommandError(f"{TOKEN_OPTION} needs a file name")
        return Path(argv[1]), argv[2:]
    if argv and argv[0].startswith(TOKEN_OPTION + "="):
        return Path(argv[0].split("=", 1)[1]), argv[1:]
    return None, list(argv)


def check_arguments(token_file: Optional[Path], rasa_args: list[str]) -> None:
    """Refuse an HTTP API without a token, and secrets where every user of the machine can read them."""
    for option in SECRETS_ON_COMMAND_LINE:
        if any(arg == option or arg.startswith(option + "=") for arg in rasa_args):
            raise RasaCommandError(f"{option} on the command line is visible to every user of this machine "
                                   f"(ps): use {TOKEN_OPTION} PATH before the command instead")
    if token_file is not None and rasa_args[:1] != ["run"]:
        raise RasaCommandError(f"{TOKEN_OPTION} is for 'rasa run' only")
    if token_file is None and "--enable-api" in rasa_args:
        raise RasaCommandError("Rasa's HTTP API without a token lets any program that reaches the port read and "
                               f"change every conversation: put {TOKEN_OPTION} PATH before 'run'")


def write_new_token(path: Path) -> str:
    """A new random token in ``path`` (mode 600, replacing any older one at once); returns it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(32)
    draft = path.with_name(f".{path.name}.{os.getpid()}")
    if draft.exists() or draft.is_symlink():
        draft.unlink()
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "w") as file:
        file.write(token + "\n")
    os.replace(draft, path)
    return token


def read_token(path: Path) -> str:
    """The token a running server was given (for clients such as the tests)."""
    return path.read_text().strip()


def rasa_arguments(token_file: Optional[Path], rasa_args: list[str]) -> list[str]:
    """Rasa's arguments, with the HTTP API and a new token when a token file is given."""
    check_arguments(token_file, rasa_args)
    if token_file is None:
        return list(rasa_args)
    rest = [arg for arg in rasa_args if arg != "--enable-api"]
    # "--auth-token=<token>" in one argument: a random token may start with "-", which argparse would read as
    # another option and refuse to start ("expected one argument")
    return [*rest, "--enable-api", f"--auth-token={write_new_token(token_file)}"]


def main(argv: list[str]) -> None:
    try:
        token_file, rasa_args = split_arguments(argv)
        args = rasa_arguments(token_file, rasa_args)
        no_reporting.install()
    except (RasaCommandError, RasaVersionError) as error:
        raise SystemExit(f"bot.rasa_cli: {error}") from None
    if token_file is not None:
        print(f"Rasa's HTTP API is on behind a new token: {token_file} (add ?token=<its text> to each request)",
              file=sys.stderr)
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *args]
    rasa_main()


if __name__ == "__main__":
    main(sys.argv[1:])
