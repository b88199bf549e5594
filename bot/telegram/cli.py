"""``python -m bot telegram <verb>``: run the Telegram front end, or check its settings.

Verbs:
  run     relay Telegram to Rasa's REST channel until Ctrl-C (long polling; webhook with --webhook-url)
  check   validate the settings without connecting to anything (``--json`` for scripts)

Secrets come from the environment only: BOT_TELEGRAM_TOKEN (from @BotFather), BOT_TELEGRAM_ID_KEY (the key
that hashes chat ids into conversation ids; keep it stable) and, in webhook mode,
BOT_TELEGRAM_WEBHOOK_SECRET. BOT_RASA_URL is where Rasa runs (default http://127.0.0.1:5005) and
BOT_TELEGRAM_API_URL an optional local Bot API server. BOT_TELEGRAM_ALLOWED_USERS (numeric Telegram user
ids) and/or BOT_TELEGRAM_ALLOWED_USERS_FILE (one id a line) name who may talk to the bot; with
BOT_DEPLOYMENT=production one of them is required. Rasa must already be running (``make serve``).

Exit codes: 0 stopped normally or settings valid; 2 a usage or settings error.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from typing import Optional

from .settings import Settings, SettingsError

EXIT_OK, EXIT_USAGE = 0, 2


def parser() -> argparse.ArgumentParser:
    """The command line of the group."""
    main_parser = argparse.ArgumentParser(prog="python -m bot telegram", description=__doc__,
                                          formatter_class=argparse.RawDescriptionHelpFormatter)
    verbs = main_parser.add_subparsers(dest="verb", required=True)
    for verb, help_ in (("run", "run the bot"), ("check", "check the settings and exit")):
        sub = verbs.add_parser(verb, help=help_)
        sub.add_argument("--rasa-url", help="Rasa server (default: $BOT_RASA_URL or http://127.0.0.1:5005)")
        sub.add_argument("--api-url", help="Bot API base URL, for a local Bot API server "
                                           "(default: $BOT_TELEGRAM_API_URL or Telegram's)")
        sub.add_argument("--webhook-url", help="public https URL Telegram posts updates to; "
                                               "without it the bot uses long polling")
        sub.add_argument("--listen", help="address the webhook server binds (default 127.0.0.1)")
        sub.add_argument("--port", type=int, help="port the webhook server binds (default 8443)")
        sub.add_argument("--url-path", help="path the webhook server answers on (default telegram)")
        if verb == "check":
            sub.add_argument("--json", action="store_true", help="print JSON")
    return main_parser


def settings_from(args: argparse.Namespace, env: Optional[dict[str, str]] = None) -> Settings:
    """Settings from the environment and the parsed arguments."""
    return Settings.from_env(os.environ if env is None else env, rasa_url=args.rasa_url, api_url=args.api_url,
                             webhook_url=args.webhook_url, listen=args.listen, port=args.port,
                             url_path=args.url_path)


def configure_logging() -> None:
    """Readable logs; httpx's request lines are silenced because their URLs contain the bot token."""
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    # python-telegram-bot logs whole updates at DEBUG: never let them through
    logging.getLogger("telegram").setLevel(logging.INFO)


def main(argv: list[str]) -> int:
    """Entry point of ``python -m bot telegram``."""
    args = parser().parse_args(argv)
    try:
        settings = settings_from(args)
    except SettingsError as error:
        print("The Telegram bot cannot start:", file=sys.stderr)
        for problem in error.problems:
            print(f"  - {problem}", file=sys.stderr)
        return EXIT_USAGE
    if args.verb == "check":
        if args.json:
            print(json.dumps(settings.describe(), indent=2))
        else:
            for key, value in settings.describe().items():
                print(f"{key:<15} {value}")
        return EXIT_OK
    if settings.webhook:
        try:
            import tornado  # noqa: F401  (python-telegram-bot's webhook server)
        except ImportError:
            print("Webhook mode needs python-telegram-bot's webhooks extra (tornado): "
                  "pip install 'python-telegram-bot[webhooks]==22.8'", file=sys.stderr)
            return EXIT_USAGE
    from .app import build_application, run  # python-telegram-bot only loads for ``run``

    configure_logging()
    logger = logging.getLogger(__name__)
    logger.info("Telegram front end starting: %s, Rasa at %s", settings.describe()["mode"], settings.rasa_url)
    if settings.allowed_users is None:
        logger.warning("No allow-list: anyone on Telegram who finds this bot can talk to it. Fine on a "
                       "developer's machine; a live bot needs BOT_TELEGRAM_ALLOWED_USERS or "
                       "BOT_TELEGRAM_ALLOWED_USERS_FILE (and BOT_DEPLOYMENT=production, which requires one).")
    if not rasa_answers(settings.rasa_url):
        logger.warning("Rasa is not answering at %s: start it with `make serve` in another terminal. Until it "
                       "answers, every message gets the safe reply (999, NSPCC Helpline).", settings.rasa_url)
    run(build_application(settings), settings)
    return EXIT_OK


def rasa_answers(rasa_url: str) -> bool:
    """Whether Rasa's root URL answers; only a start-up warning depends on it, so the bot starts anyway."""
    import httpx

    try:
        return httpx.get(rasa_url + "/", timeout=3).status_code < 500
    except httpx.HTTPError:
        return False
