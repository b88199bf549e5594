"""Every sentence the assistant's own code sends, read from one file a safeguarding lead can sign off.

The words live in ``knowledge/wording.yml`` (docs/wording.md), grouped by where in the conversation they are
said; the code names a sentence by its key and fills in its ``{named}`` parts::

    wording.text("read_back.removed", words="takes food from other children")

A key the file does not have, or a part missing or left over, raises ``WordingError`` rather than sending
something the lead did not sign off. The file is read once, on first use, and checked whole: one error lists
every problem in it. The fixed responses of ``domain.yml`` stay where Rasa reads them; ``python -m bot wording
export`` lists both (``bot.wording.uses``).
"""
from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

import yaml

from bot.paths import KNOWLEDGE_DIR

WORDING_FILE = KNOWLEDGE_DIR / "wording.yml"
NAME = re.compile(r"^[a-z][a-z0-9_]*$")
"""A group's or a sentence's name, and so each half of a key: lower case, digits and underscores."""
KEY = re.compile(r"^[a-z][a-z0-9_]*\.[a-z0-9_]+$")
"""What a key looks like: ``<group>.<name>``."""
RASA_SNIFFED = re.compile(r"^\s*(rules|stories|nlu|responses)\s*:")
"""Lines Rasa would read as training data if the file were ever under ``data/`` (as bot.guideline.loader)."""


class WordingError(ValueError):
    """The wording file is unusable, or a sentence was asked for wrongly (unknown key, wrong parts)."""


@dataclass(frozen=True)
class Sentence:
    """One sentence: its key, its words with ``{named}`` parts, and the note for the person signing off."""

    key: str
    text: str
    group: str
    note: str = ""
    line: int = 0

    @property
    def variables(self) -> frozenset[str]:
        """The names of the parts filled in when it is sent."""
        return frozenset(name for _, name, _, _ in string.Formatter().parse(self.text) if name is not None)

    def render(self, **variables: Any) -> str:
        missing = self.variables - variables.keys()
        extra = variables.keys() - self.variables
        if missing or extra:
            problems = ([f"missing {', '.join(sorted(missing))}"] if missing else []) + (
                [f"not in the sentence: {', '.join(sorted(extra))}"] if extra else [])
            raise WordingError(f"sentence {self.key!r} ({'; '.join(problems)})")
        return self.text.format(**variables)


@dataclass(frozen=True)
class Group:
    name: str
    about: str
    sentences: tuple[Sentence, ...]


class _DuplicateKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses a key written twice (PyYAML would keep the last one without a word)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise WordingError(f"line {key_node.start_mark.line + 1}: {key!r} appears twice")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _line_numbers(node: yaml.Node) -> dict[str, int]:
    """The line of each sentence, by key, for the problems and the export."""
    lines: dict[str, int] = {}
    groups = next((v for k, v in node.value if k.value == "groups"), None) if isinstance(node, yaml.MappingNode) \
        else None
    for group_key, group in getattr(groups, "value", []) if isinstance(groups, yaml.MappingNode) else []:
        sentences = next((v for k, v in group.value if k.value == "sentences"), None) \
            if isinstance(group, yaml.MappingNode) else None
        for name, _ in sentences.value if isinstance(sentences, yaml.MappingNode) else []:
            lines[f"{group_key.value}.{name.value}"] = name.start_mark.line + 1
    return lines


def _variable_problems(text: str) -> list[str]:
    """Each ``{part}`` must be a plain name: no format spec, conversion, index or attribute, and no stray braces."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as error:
        return [f"braces do not pair up ({error}); write a literal brace as {{{{ or }}}}"]
    problems = []
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            problems.append(f"{{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}} is "
                            "not a plain {name}")
    return problems


def load(path: Path = WORDING_FILE) -> dict[str, Group]:
    """Read and check the wording file, uncached; raise ``WordingError`` listing every problem."""
    raw_text = path.read_text(encoding="utf-8")
    problems = [f"line {n}: starts with {m.group(1)}:, which Rasa would read as training data"
                for n, line in enumerate(raw_text.splitlines(), 1) if (m := RASA_SNIFFED.match(line))]
    try:
        data = yaml.load(raw_text, Loader=_DuplicateKeyLoader)  # noqa: S506 (a SafeLoader subclass)
        lines = _line_numbers(yaml.compose(raw_text, Loader=yaml.SafeLoader))
    except (yaml.YAMLError, WordingError) as error:
        raise WordingError(f"{path.name}: {error}") from None
    if not isinstance(data, dict) or set(data) != {"groups"} or not isinstance(data["groups"], dict):
        raise WordingError(f"{path.name}: the file must hold one mapping, 'groups'")
    groups: dict[str, Group] = {}
    for group_name, group in data["groups"].items():
        where = f"group {group_name!r}"
        if not isinstance(group_name, str) or not NAME.match(group_name):
            problems.append(f"{where}: a group's name is lower case, digits and underscores")
            continue
        if not isinstance(group, dict) or not isinstance(group.get("sentences"), dict) or \
                not isinstance(group.get("about"), str) or set(group) - {"about", "sentences"}:
            problems.append(f"{where}: needs 'about' (one line) and 'sentences' (name: text), nothing else")
            continue
        sentences = []
        for name, entry in group["sentences"].items():
            key = f"{group_name}.{name}"
            at = f"line {lines.get(key, '?')}: {key}"
            if not isinstance(name, str) or not NAME.match(name):
                problems.append(f"{at}: a sentence's name is lower case, digits and underscores (quote yes and no)")
                continue
            text, note = _text_and_note(entry)
            if text is None:
                problems.append(f"{at}: give the text, or 'text' and an optional 'note'")
                continue
            if not text.strip() or text != text.strip():
                problems.append(f"{at}: the text is empty, or starts or ends with a space or a line break")
            problems += [f"{at}: {p}" for p in _variable_problems(text)]
            sentences.append(Sentence(key, text, group_name, note or "", lines.get(key, 0)))
        groups[group_name] = Group(group_name, " ".join(group["about"].split()), tuple(sentences))
    if problems:
        raise WordingError(f"{path.name} has {len(problems)} problem(s):\n" + "\n".join(problems))
    return groups


def _text_and_note(entry: Any) -> tuple[Optional[str], Optional[str]]:
    if isinstance(entry, str):
        return entry, None
    if isinstance(entry, dict) and isinstance(entry.get("text"), str) and set(entry) <= {"text", "note"} \
            and isinstance(entry.get("note", ""), str):
        return entry["text"], entry.get("note")
    return None, None


@lru_cache(maxsize=1)
def groups() -> dict[str, Group]:
    """The project's wording, read on first use and kept."""
    return load()


@lru_cache(maxsize=1)
def sentences() -> dict[str, Sentence]:
    """Every sentence by key."""
    return {s.key: s for group in groups().values() for s in group.sentences}


def text(key: str, **variables: Any) -> str:
    """The sentence ``key`` with its ``{named}`` parts filled in; ``WordingError`` for an unknown key or for
    parts missing or left over."""
    try:
        sentence = sentences()[key]
    except KeyError:
        raise WordingError(f"no sentence {key!r} in {WORDING_FILE.name}") from None
    return sentence.render(**variables)
