"""Errors raised by the NG76 knowledge base.

Two kinds, because callers handle them differently:

* ``KnowledgeError`` means the knowledge files themselves are wrong. It carries *every*
  problem found (file, line, entry, field, message) so that whoever edits the YAML fixes them
  in one pass instead of one per run, as ``load_measure_defs`` does in openprescribing.
* ``UnknownRecommendation`` means a caller asked for something that is not there (a typo,
  or a number outside the alerting features). It subclasses ``KeyError`` so that code
  written for a mapping keeps working, but it prints a readable sentence, not a repr.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one knowledge file, located as precisely as the loader can."""

    file: str
    message: str
    line: Optional[int] = None
    section: Optional[str] = None
    entry: Optional[str] = None
    field: Optional[str] = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where]
        if self.section:
            parts.append(self.section)
        if self.entry is not None:
            parts.append(f"entry {self.entry!r}")
        if self.field:
            parts.append(f"field {self.field!r}")
        return ": ".join(parts) + f": {self.message}"


class KnowledgeError(Exception):
    """The guideline knowledge files are invalid; ``problems`` lists every fault found."""

    def __init__(self, problems: Iterable[Problem], directory: object = None) -> None:
        self.problems: list[Problem] = list(problems)
        self.directory = directory
        super().__init__(self._message())

    def _message(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the NG76 knowledge files"
        if self.directory is not None:
            head += f" ({self.directory})"
        return head + ":\n" + "\n".join(f"  - {p}" for p in self.problems)


class UnknownRecommendation(KeyError):
    """A recommendation number, step, route or intervention that the knowledge base lacks."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:  # KeyError would print the repr of its argument
        return self.message
