"""Where each sentence is used: the wording file's keys found in the code, and domain.yml's responses in the
rules, stories, forms and actions, each as ``file:line``.

Read from the source, never by running it, so the export and the tests see every place a sentence can be sent
from, including branches no test reaches. A key counts where it is written as a string in ``bot/`` or
``actions/``: in a ``wording.text("group.name", ...)`` call, or in a table of keys the code looks up.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Optional

import yaml

from bot.paths import ROOT
from bot.wording import KEY, groups, sentences

CODE_DIRS = (ROOT / "bot", ROOT / "actions")
DOMAIN_FILE = ROOT / "domain.yml"
TRAINING_DIR = ROOT / "data"
RASA_OWN_USES = {
    "utter_restart": "Rasa's action_restart, after /restart",
    "utter_back": "Rasa's action_back",
    "utter_default": "Rasa's action_default_fallback",
    "utter_ask_rephrase": "Rasa's action_default_ask_rephrase",
}
"""Responses Rasa's own default actions send when the domain has them (rasa/core/actions/action.py)."""


@dataclass(frozen=True)
class Place:
    """A line of a project file, relative to the project's root."""

    path: str
    line: int = 0  # 0: not a line of a file (one of Rasa's own actions)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class TextCall:
    """One ``wording.text(...)`` call as written: the key or keys it can ask for, and the parts it passes."""

    place: Place
    keys: tuple[str, ...]          # empty when the key is not written out (a variable, an f-string)
    variables: frozenset[str]
    passes_unpacked: bool          # ``**parts``: which parts it passes cannot be read from the source
    key_places: tuple[Place, ...] = ()  # where each key is written (a call can span lines)


@dataclass
class Response:
    """One fixed response of domain.yml: its texts (one per variation), button titles, and where it is used."""

    name: str
    texts: list[str]
    buttons: list[str]
    line: int
    used_at: list[Place] = field(default_factory=list)


def python_files() -> Iterator[Path]:
    """The code that can send sentences: ``bot/`` and ``actions/``, but not this package, which only lists them."""
    here = Path(__file__).resolve().parent
    for folder in CODE_DIRS:
        yield from sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts and here not in p.parents)


def _relative(path: Path) -> str:
    return path.resolve().relative_to(ROOT).as_posix()


@lru_cache(maxsize=None)
def _parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _is_wording_text(call: ast.Call) -> bool:
    func = call.func
    return isinstance(func, ast.Attribute) and func.attr == "text" and isinstance(func.value, ast.Name) \
        and func.value.id == "wording"


def literal_keys(node: Optional[ast.AST]) -> tuple[ast.Constant, ...]:
    """The keys an argument can be: a string, or ``"a.b" if ... else "c.d"``; empty when not written out."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return (node,)
    if isinstance(node, ast.IfExp):
        body, orelse = literal_keys(node.body), literal_keys(node.orelse)
        return body + orelse if body and orelse else ()
    return ()


def text_calls() -> list[TextCall]:
    """Every ``wording.text(...)`` call in ``bot/`` and ``actions/``."""
    calls = []
    for path in python_files():
        for node in ast.walk(_parsed(path)):
            if isinstance(node, ast.Call) and _is_wording_text(node):
                keys = literal_keys(node.args[0] if node.args else None)
                calls.append(TextCall(Place(_relative(path), node.lineno), tuple(k.value for k in keys),
                                      frozenset(k.arg for k in node.keywords if k.arg is not None),
                                      any(k.arg is None for k in node.keywords),
                                      tuple(Place(_relative(path), k.lineno) for k in keys)))
    return calls


def uses_wording(tree: ast.Module) -> bool:
    """Does a module import ``bot.wording``? Only such a module can send a sentence by its key."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "bot" and any(a.name == "wording" for a in node.names):
            return True
        if isinstance(node, ast.Import) and any(a.name == "bot.wording" for a in node.names):
            return True
    return False


def key_like_strings() -> dict[str, list[Place]]:
    """Every string written like a key of a group the wording file has, in the modules that import
    ``bot.wording``, with its places ("practice.html" in a module that does not is a file name)."""
    known_groups = set(groups())
    found: dict[str, list[Place]] = {}
    for path in python_files():
        if not uses_wording(_parsed(path)):
            continue
        for node in ast.walk(_parsed(path)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and KEY.match(node.value) \
                    and node.value.split(".", 1)[0] in known_groups:
                found.setdefault(node.value, []).append(Place(_relative(path), node.lineno))
    return found


def key_uses() -> dict[str, list[Place]]:
    """Each sentence's key and the places it is used (an empty list: never used)."""
    found = key_like_strings()
    return {key: sorted(found.get(key, []), key=lambda p: (p.path, p.line)) for key in sentences()}


def unknown_keys() -> dict[str, list[Place]]:
    """Strings written like keys that the wording file does not have: a typo, or a sentence removed."""
    return {key: places for key, places in key_like_strings().items() if key not in sentences()}


def domain_responses() -> list[Response]:
    """domain.yml's ``responses``, each with where the rules, stories, forms and code use it."""
    text = DOMAIN_FILE.read_text(encoding="utf-8")
    domain = yaml.safe_load(text) or {}
    lines = text.splitlines()
    responses = []
    for name, variations in (domain.get("responses") or {}).items():
        line = next((n for n, ln in enumerate(lines, 1) if re.match(rf"\s+{re.escape(name)}\s*:", ln)), 0)
        responses.append(Response(
            name, [" ".join(str(v.get("text", "")).split()) for v in variations or []],
            [str(b.get("title", "")) for v in variations or [] for b in v.get("buttons") or []], line))
    by_name = {r.name: r for r in responses}
    for name, action in RASA_OWN_USES.items():
        if name in by_name:
            by_name[name].used_at.append(Place(action))
    for path in sorted(TRAINING_DIR.rglob("*.yml")):
        for n, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for name in re.findall(r"\butter_\w+", ln):
                if name in by_name:
                    by_name[name].used_at.append(Place(_relative(path), n))
    for path in python_files():
        for node in ast.walk(_parsed(path)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in by_name:
                by_name[node.value].used_at.append(Place(_relative(path), node.lineno))
    for form, spec in (domain.get("forms") or {}).items():
        for slot in (spec or {}).get("required_slots") or []:
            asked = by_name.get(f"utter_ask_{slot}")
            if asked is not None:  # a form asks each required slot with utter_ask_<slot>
                at = next((n for n, ln in enumerate(lines, 1) if re.match(rf"\s+-\s+{re.escape(slot)}\s*$", ln)), 0)
                asked.used_at.append(Place(_relative(DOMAIN_FILE), at))
    return responses
