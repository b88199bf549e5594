"""``python -m bot review <verb>``: the review web app for safeguarding leads, trainers and administrators.

Verbs:
  create-admin USERNAME --organisation ORG
          the first administrator (and any later one); the password comes from $BOT_REVIEW_ADMIN_PASSWORD, else
          it is asked for twice (never on the command line)
  create-account USERNAME --role lead|trainer|admin --organisation ORG
          any account, the password as for create-admin ($BOT_REVIEW_PASSWORD, else asked for)
  serve [--host 127.0.0.1] [--port 8055]
          run the app (``make review``); it listens on 127.0.0.1 unless told otherwise

The database is the conversations' (BOT_DATABASE_URL, else SQLite at BOT_TRACKER_DB) unless BOT_REVIEW_DB names
another; --database-url overrides both for the conversations. docs/review.md has every setting.

Exit codes: 0 done; 1 the database could not be used; 2 a usage error or an unacceptable account.
"""
from __future__ import annotations

import argparse
import getpass
import ipaddress
import logging
import os
import sys
from typing import Optional

import sqlalchemy as sa

EXIT_OK, EXIT_DATABASE, EXIT_USAGE = 0, 1, 2


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(prog="python -m bot review", description=__doc__,
                                          formatter_class=argparse.RawDescriptionHelpFormatter)
    verbs = main_parser.add_subparsers(dest="verb", required=True)
    admin = verbs.add_parser("create-admin", help="create an administrator account")
    admin.add_argument("username")
    admin.add_argument("--organisation", required=True, help="the administrator's organisation")
    account = verbs.add_parser("create-account", help="create an account with any role")
    account.add_argument("username")
    account.add_argument("--role", required=True, choices=("lead", "trainer", "admin"))
    account.add_argument("--organisation", required=True)
    serve = verbs.add_parser("serve", help="run the web app")
    serve.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8055, help="port (default 8055)")
    for sub in (admin, account, serve):
        sub.add_argument("--database-url", help="the conversations' database (default: $BOT_DATABASE_URL, else "
                                                "the SQLite file $BOT_TRACKER_DB)")
    return main_parser


def main(argv: list[str]) -> int:
    """Entry point of ``python -m bot review``."""
    args = parser().parse_args(argv)
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO)
    from bot.review.settings import Settings

    try:
        settings = Settings.from_env(database_url=args.database_url)
    except ValueError as error:
        print(error, file=sys.stderr)
        return EXIT_USAGE
    if args.verb == "serve":
        return serve(settings, args.host, args.port)
    role = "admin" if args.verb == "create-admin" else args.role
    variable = "BOT_REVIEW_ADMIN_PASSWORD" if args.verb == "create-admin" else "BOT_REVIEW_PASSWORD"
    password = os.environ.get(variable) or _ask_password(args.username)
    if password is None:
        return EXIT_USAGE
    return create(settings, args.username, args.organisation, role, password)


def _ask_password(username: str) -> Optional[str]:
    if not sys.stdin.isatty():
        print("no password: set BOT_REVIEW_ADMIN_PASSWORD (or BOT_REVIEW_PASSWORD for create-account), or run "
              "this in a terminal to be asked", file=sys.stderr)
        return None
    first = getpass.getpass(f"Password for {username} (at least 12 characters): ")
    if getpass.getpass("The same password again: ") != first:
        print("the two passwords are not the same", file=sys.stderr)
        return None
    return first


def create(settings, username: str, organisation: str, role: str, password: str) -> int:
    from bot.review import accounts, audit
    from bot.review.app import utcnow
    from bot.review.database import open_databases

    try:
        databases = open_databases(settings)
    except sa.exc.SQLAlchemyError as error:
        print(f"cannot use the database: {type(error).__name__}", file=sys.stderr)
        return EXIT_DATABASE
    try:
        with databases.review() as session, session.begin():
            now = utcnow()
            account = accounts.create_account(session, username, organisation, role, password, now)
            audit.record(session, username="(command line)", organisation=account.organisation,
                         action="account-create", detail=f"{account.username} as {role}", now=now)
        print(f"created {role} account {account.username!r} in organisation {account.organisation!r}")
        return EXIT_OK
    except accounts.AccountError as error:
        print(f"not created: {error}", file=sys.stderr)
        return EXIT_USAGE
    except sa.exc.SQLAlchemyError as error:
        print(f"the database failed: {type(error).__name__}", file=sys.stderr)
        return EXIT_DATABASE
    finally:
        databases.dispose()


def serve(settings, host: str, port: int) -> int:
    from bot.review.app import build_app, close_app
    from bot.transcripts import log_filter

    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if settings.insecure_dev and not loopback:
        print(f"refused: BOT_REVIEW_INSECURE_DEV=1 is for plain HTTP on this machine only, not on {host}; serve "
              "the app behind HTTPS without it (docs/review.md, Deploying)", file=sys.stderr)
        return EXIT_USAGE
    if settings.insecure_dev:
        print("BOT_REVIEW_INSECURE_DEV=1: cookies without Secure and no HSTS, for development on this machine only",
              file=sys.stderr)
    try:
        app = build_app(settings)
    except sa.exc.SQLAlchemyError as error:
        print(f"cannot use the database: {type(error).__name__}", file=sys.stderr)
        return EXIT_DATABASE
    app.register_listener(lambda app, _loop: close_app(app), "after_server_stop")
    for name in ("sanic.root", "sanic.error"):  # Sanic has handlers of its own: each line once, not twice
        logging.getLogger(name).propagate = False
    log_filter.install()  # nothing the app logs carries typed text; this is the second line of defence
    print(f"review app on http://{host}:{port}/ (organisation {settings.organisation!r}); Ctrl-C stops it",
          flush=True)
    # access_log off: a request line holds the search words of the conversation list
    app.run(host=host, port=port, access_log=False, debug=False, auto_reload=False, workers=1, motd=False)
    return EXIT_OK
