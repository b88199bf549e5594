"""``python -m bot wording <verb>``: every sentence the assistant can send, for the safeguarding lead's sign-off.

Verbs:

* ``export [--format markdown|csv|json] [--output FILE]``: every sentence of ``knowledge/wording.yml`` with its
  key, text, note and the places it is used (``file:line``), then domain.yml's fixed responses the same way.
* ``check [--json]``: the wording file loads; every sentence is used and every key used exists; every call
  gives a sentence exactly its parts; no sentence is written in the code instead (``bot.wording.lint``).

Exit codes: 0 success; 1 the wording file is unusable or ``check`` found problems; 2 a usage error.
"""
from __future__ import annotations

import argparse
import csv
import io
import itertools
import json
import sys
from pathlib import Path
from typing import Optional, Sequence

from bot.wording import WORDING_FILE, WordingError, groups, sentences

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def rows() -> list[dict]:
    """One row per sentence, then per domain.yml response: what the export writes, in every format."""
    from bot.wording.uses import domain_responses, key_uses

    uses = key_uses()
    table = [{"source": WORDING_FILE.name, "group": group.name, "key": s.key, "text": s.text,
              "variables": sorted(s.variables), "note": s.note,
              "used_at": [str(p) for p in uses[s.key]]}
             for group in groups().values() for s in group.sentences]
    for response in domain_responses():
        table.append({"source": "domain.yml", "group": "responses", "key": response.name,
                      "text": "\n".join(response.texts),
                      "variables": [], "note": ("buttons: " + " | ".join(response.buttons)) if response.buttons else "",
                      "used_at": [str(p) for p in response.used_at]})
    return table


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", "<br>")


def to_markdown(table: list[dict]) -> str:
    about = {g.name: g.about for g in groups().values()}
    lines = ["# What the assistant can say", "",
             f"Every sentence of `knowledge/{WORDING_FILE.name}` and every fixed response of `domain.yml`, with "
             "where each is used. `{name}` parts are filled in when the sentence is sent. Guideline quotes and "
             "steps come from `knowledge/guideline/*.yml` and are not listed here.", ""]
    for (source, group), grouped in itertools.groupby(table, key=lambda row: (row["source"], row["group"])):
        from_domain = source == "domain.yml"
        lines += [f"## {'Fixed responses (domain.yml)' if from_domain else group}", ""]
        lines += [] if from_domain else [about[group], ""]
        lines += ["| key | text | note | used at |", "| --- | --- | --- | --- |"]
        lines += [f"| `{row['key']}` | {_cell(row['text'])} | {_cell(row['note'])} | "
                  f"{_cell(', '.join(row['used_at']) or 'NOT USED')} |" for row in grouped]
        lines.append("")
    return "\n".join(lines)


def to_csv(table: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["source", "group", "key", "text", "variables", "note", "used_at"])
    for row in table:
        writer.writerow([row["source"], row["group"], row["key"], row["text"], " ".join(row["variables"]),
                         row["note"], "; ".join(row["used_at"])])
    return out.getvalue()


def problems() -> list[str]:
    """Everything ``check`` reports, as lines of text; empty when all is well."""
    from bot.wording.lint import offences
    from bot.wording.uses import domain_responses, key_uses, text_calls, unknown_keys

    found = [f"{key}: never used in bot/ or actions/" for key, places in key_uses().items() if not places]
    found += [f"{places[0]}: {key!r} is not in {WORDING_FILE.name}" for key, places in unknown_keys().items()]
    for call in text_calls():
        for key in call.keys:
            sentence = sentences().get(key)
            if sentence is not None and not call.passes_unpacked and call.variables != sentence.variables:
                found.append(f"{call.place}: {key} takes {sorted(sentence.variables)}, given "
                             f"{sorted(call.variables)}")
    found += [f"domain.yml: {r.name}: never used by a rule, story, form or action"
              for r in domain_responses() if not r.used_at]
    found += [str(o) for o in offences()]
    return found


def _export(args: argparse.Namespace) -> int:
    table = rows()
    text = {"markdown": to_markdown, "csv": to_csv}.get(args.format, lambda t: json.dumps(t, indent=2))(table)
    if args.output:
        Path(args.output).write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        print(f"wrote {len(table)} sentences and responses to {args.output}")
    else:
        print(text)
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    found = problems()
    if args.json:
        print(json.dumps({"ok": not found, "problems": found}, indent=2))
    else:
        print("\n".join(found) if found else f"{len(sentences())} sentences: each used, each call right, none "
                                              "written in the code")
    return EXIT_PROBLEMS if found else EXIT_OK


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m bot wording", description=__doc__.split("\n\n")[0])
    verbs = top.add_subparsers(dest="verb", required=True)
    export = verbs.add_parser("export", help="every sentence with where it is used, for sign-off")
    export.add_argument("--format", choices=("markdown", "csv", "json"), default="markdown")
    export.add_argument("--output", help="write to this file instead of the terminal")
    export.set_defaults(run=_export)
    check = verbs.add_parser("check", help="every sentence used, every key known, no sentence in the code")
    check.add_argument("--json", action="store_true")
    check.set_defaults(run=_check)
    return top


def main(argv: Optional[Sequence[str]] = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as stop:
        return EXIT_OK if stop.code == 0 else EXIT_USAGE
    try:
        return int(args.run(args))
    except WordingError as error:
        print(error, file=sys.stderr)
        return EXIT_PROBLEMS


if __name__ == "__main__":
    sys.exit(main())
