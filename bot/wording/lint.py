"""Sentences written in the code instead of the wording file: found by reading the source, so a new reply cannot
reach a practitioner without passing the safeguarding lead's sign-off (docs/wording.md).

Looked for in the modules that say things (``LINTED``):

* a string the size of a reply: 40 characters or more, with a space, ending as a sentence ends;
* words written into what is sent: the text of ``Reply(...)``, ``say(dispatcher, ...)``,
  ``dispatcher.utter_message(text=...)`` and a question's ``Asked(...)`` text and reason;
* a button's title beside an intent (``("Carry on", "/carry_on")``).

Left alone: docstrings, log messages, regular expressions, exceptions' messages (none reaches a practitioner),
and the wording file's keys.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

from bot.paths import ROOT

LINTED = ("bot/conversation/*.py", "actions/*.py", "bot/advice.py", "bot/channels/rest.py",
          "bot/channels/safe_path.py")
REPLY_SIZE = 40
SENTENCE_END = re.compile(r"[.?!:][\"')\]]*\s*$")
WORD = re.compile(r"[A-Za-z]{2,}")
SENDERS = {"Reply": (0, "text"), "say": (1, "text"), "utter_message": (None, "text"), "Asked": (1, "text")}
"""Calls whose argument is sent to the practitioner: (its position, its keyword)."""
ALSO_SENT = {"Asked": (3, "why")}
LOGGERS = {"logger", "logging", "log"}


@dataclass(frozen=True)
class Offence:
    path: str
    line: int
    why: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.why}: {self.text!r}"


def linted_files() -> list[Path]:
    return sorted({p for pattern in LINTED for p in ROOT.glob(pattern)})


def _name(func: ast.AST) -> Optional[str]:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _exempt(tree: ast.Module) -> set[int]:
    """The ids of nodes whose strings are not sent: docstrings, log calls, regexes, raised errors, keys."""
    exempt: set[int] = set()

    def under(node: ast.AST) -> None:
        exempt.update(id(n) for n in ast.walk(node))

    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                under(first)
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            under(node)  # an attribute's docstring
        elif isinstance(node, ast.Raise):
            under(node)
        elif isinstance(node, ast.Call):
            func = node.func
            owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else None
            if owner in LOGGERS or owner == "re":
                under(node)
            elif owner == "wording" and _name(func) == "text" and node.args:
                under(node.args[0])
    return exempt


def _literal_parts(node: ast.AST) -> str:
    """The words written into a string: a constant's text, or an f-string's text without its {parts}."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return ""


def _sent_arguments(call: ast.Call) -> Iterator[ast.AST]:
    name = _name(call.func)
    for table in (SENDERS, ALSO_SENT):
        if name not in table:
            continue
        position, keyword = table[name]
        if position is not None and len(call.args) > position:
            yield call.args[position]
        yield from (k.value for k in call.keywords if k.arg == keyword)


def offences_in(source: str, path: str = "<source>") -> list[Offence]:
    """Every sentence written in this source instead of the wording file."""
    tree = ast.parse(source)
    exempt = _exempt(tree)
    # an f-string's text is judged whole, not again piece by piece
    exempt |= {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values}
    found: dict[tuple[int, str], Offence] = {}

    def offend(node: ast.AST, why: str) -> None:
        text = _literal_parts(node)
        found.setdefault((node.lineno, text), Offence(path, node.lineno, why, text))

    for node in ast.walk(tree):
        if id(node) in exempt:
            continue
        if isinstance(node, (ast.Constant, ast.JoinedStr)):
            words = _literal_parts(node).strip()
            if len(words) >= REPLY_SIZE and " " in words and SENTENCE_END.search(words):
                offend(node, "a sentence written in the code")
        elif isinstance(node, ast.Call):
            for argument in _sent_arguments(node):
                for part in ast.walk(argument):
                    if id(part) not in exempt and isinstance(part, (ast.Constant, ast.JoinedStr)) \
                            and WORD.search(_literal_parts(part)):
                        offend(part, f"words written into what {_name(node.func)}() sends")
        elif isinstance(node, ast.Tuple) and len(node.elts) == 2:
            title, payload = node.elts
            if isinstance(payload, ast.Constant) and isinstance(payload.value, str) and payload.value.startswith("/") \
                    and id(title) not in exempt and WORD.search(_literal_parts(title)):
                offend(title, "a button title written in the code")
    return sorted(found.values(), key=lambda o: (o.path, o.line))


def offences() -> list[Offence]:
    """Every sentence written in the linted modules instead of the wording file."""
    return [o for path in linted_files()
            for o in offences_in(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())]
