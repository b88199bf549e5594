"""One command surface: ``python -m bot <group> <verb> [options]``.

Each group lives in its own module and exposes ``main(argv) -> int``; modules are imported
only when their group is asked for, so ``python -m bot guideline list`` never loads Rasa.
"""
from __future__ import annotations

import importlib
import sys

GROUPS: dict[str, tuple[str, str]] = {
    "guideline": ("bot.guideline.cli", "NG76 knowledge base: list, show, check"),
    "map": ("bot.observations.cli", "map practitioner observations to NG76 alerting features"),
    "contacts": ("bot.referral_contacts.cli", "local referral contacts: check, lookup"),
    "chat": ("bot.chat", "chat with the running assistant in the terminal"),
    "telegram": ("bot.telegram.cli", "the Telegram front end: run, check"),
    "redaction": ("bot.redaction.cli", "redact personal details: score on the test set, or redact text"),
    "transcripts": ("bot.transcripts.cli", "stored conversations: purge (retention), list"),
    "scenarios": ("bot.scenarios.cli", "practice scenarios for trainers: list, show, check, coverage, cohort"),
    "review": ("bot.review.cli", "the review web app: create-admin, create-account, serve"),
    "alerts": ("bot.alerts.cli", "tell the safeguarding leads when a conversation needs them: run, status"),
    "wording": ("bot.wording.cli", "every sentence the assistant can send, for sign-off: export, check"),
}


def usage() -> str:
    lines = ["usage: python -m bot <group> ...", "", "groups:"]
    lines += [f"  {name:<10} {help_}" for name, (_, help_) in GROUPS.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(usage())
        return 0
    group, rest = args[0], args[1:]
    if group not in GROUPS:
        print(f"unknown group {group!r}\n\n{usage()}", file=sys.stderr)
        return 2
    module = importlib.import_module(GROUPS[group][0])
    return int(module.main(rest) or 0)


if __name__ == "__main__":
    sys.exit(main())
