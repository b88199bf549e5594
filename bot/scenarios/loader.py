"""Load and check the practice scenarios (``scenarios/*.yml``), reporting every problem at once.

One scenario per file, named after its id (``scenarios/food-hoarding-year3.yml``). The loader reads every
file, validates every scenario and cross-checks each against the NG76 knowledge base before it raises, so a
trainer fixing the files needs one run, not twenty: each problem carries the file, line, scenario id and
field. Lines that Rasa would sniff as training data (``rules:``, ``stories:``, ``nlu:``, ``responses:``)
are refused, as in the knowledge base.

    library = load_scenarios()          # raises ScenarioError listing every problem
    result = read_scenarios()           # never raises: .scenarios (the valid ones) and .problems
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Tuple

import yaml
from pydantic import ValidationError

from bot.guideline.errors import Problem
# The knowledge base's YAML helpers (line numbers, duplicate keys, Rasa's prefixes), shared on purpose so
# that both kinds of knowledge file fail the same way.
from bot.guideline.loader import RASA_SNIFFED, _field_path, _line_of, _LineLoader, _strip_lines
from bot.paths import ROOT

from .schema import Scenario, cross_check

SCENARIOS_DIR = ROOT / "scenarios"


class ScenarioError(Exception):
    """The scenario files are invalid; ``problems`` lists every fault found."""

    def __init__(self, problems: Iterable[Problem], directory: object = None) -> None:
        self.problems: List[Problem] = list(problems)
        self.directory = directory
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the practice scenarios"
        if directory is not None:
            head += f" ({directory})"
        super().__init__(head + ":\n" + "\n".join(f"  - {p}" for p in self.problems))


class UnknownScenario(KeyError):
    """A scenario id that the library does not hold."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass
class LoadResult:
    """Everything read from a scenario folder: the valid scenarios, the problems, and where each came from."""

    directory: Path
    scenarios: List[Scenario] = field(default_factory=list)
    problems: List[Problem] = field(default_factory=list)
    files: Dict[str, str] = field(default_factory=dict)
    """Scenario id -> file name."""


def _problem(file: str, message: str, raw: Any = None, loc: Tuple[Any, ...] = (), entry: Optional[str] = None,
             field_name: Optional[str] = None) -> Problem:
    line = _line_of(raw, loc) if raw is not None else None
    return Problem(file, message, line=line, entry=entry, field=field_name)


def _loc(field_path: str) -> Tuple[Any, ...]:
    return tuple(int(p) if p.isdecimal() else p for p in field_path.split("."))


def _read_one(path: Path, result: LoadResult, knowledge) -> Optional[Scenario]:
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        result.problems.append(Problem(name, f"cannot read: {exc}"))
        return None
    for number, line in enumerate(text.splitlines(), start=1):
        match = RASA_SNIFFED.match(line)
        if match:
            result.problems.append(Problem(name, f"line starts with {match.group(1)!r}: Rasa would read this file "
                                                 "as training data; rename the key or rewrap the text", line=number))
    problems: List[Problem] = []
    try:
        loader = _LineLoader(text, name, problems)
        try:
            raw = loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        result.problems.append(Problem(name, f"not valid YAML: {getattr(exc, 'problem', None) or exc}",
                                       line=mark.line + 1 if mark else None))
        return None
    entry = str(raw.get("id")) if isinstance(raw, dict) and raw.get("id") is not None else None
    result.problems += [Problem(p.file, p.message, line=p.line, entry=entry) for p in problems]
    if raw is None:
        result.problems.append(Problem(name, "the file is empty"))
        return None
    if not isinstance(raw, dict):
        result.problems.append(Problem(name, "the top level must be one scenario: a mapping of fields (id:, title:, ...)"))
        return None
    if entry is not None and entry != path.stem:
        result.problems.append(_problem(name, f"the file must be named after the scenario id: {entry}.yml", raw,
                                        ("id",), entry, "id"))
    try:
        scenario = Scenario.parse_obj(_strip_lines(raw))
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            result.problems.append(_problem(name, err["msg"], raw, loc, entry, _field_path(loc)))
        return None
    for field_path, message in cross_check(scenario, knowledge):
        result.problems.append(_problem(name, message, raw, _loc(field_path), scenario.id, field_path))
    return scenario


def read_scenarios(directory: Path = SCENARIOS_DIR, knowledge=None) -> LoadResult:
    """Read and check every scenario file in ``directory``; never raises for a problem in the files."""
    if knowledge is None:
        from bot.guideline import guideline

        knowledge = guideline()
    directory = Path(directory)
    result = LoadResult(directory)
    if not directory.is_dir():
        result.problems.append(Problem(str(directory), "not a directory"))
        return result
    paths = sorted(list(directory.glob("*.yml")) + list(directory.glob("*.yaml")))
    if not paths:
        result.problems.append(Problem(str(directory), "no .yml scenario files found"))
    for path in paths:
        problems_before = len(result.problems)
        scenario = _read_one(path, result, knowledge)
        if scenario is None:
            continue
        if scenario.id in result.files:
            result.problems.append(Problem(path.name, f"duplicate id: also in {result.files[scenario.id]}",
                                           entry=scenario.id, field="id"))
            continue
        result.files[scenario.id] = path.name
        if len(result.problems) == problems_before:
            result.scenarios.append(scenario)
    return result


def load_scenarios(directory: Path = SCENARIOS_DIR, knowledge=None) -> "ScenarioLibrary":
    """Load every scenario in ``directory``, uncached; raise ``ScenarioError`` listing all problems."""
    result = read_scenarios(directory, knowledge)
    if result.problems:
        raise ScenarioError(result.problems, result.directory)
    return ScenarioLibrary(result.scenarios, result.files, result.directory)


_WORD = re.compile(r"[a-z0-9]+(?:\.[0-9]+)*")


class ScenarioLibrary:
    """The valid scenarios, with lookups for the chat and the command line."""

    def __init__(self, scenarios: List[Scenario], files: Optional[Dict[str, str]] = None,
                 directory: Optional[Path] = None) -> None:
        self.scenarios = sorted(scenarios, key=lambda s: s.id)
        self._by_id = {s.id: s for s in self.scenarios}
        self.files = dict(files or {})
        self.directory = directory

    def __len__(self) -> int:
        return len(self.scenarios)

    def __iter__(self):
        return iter(self.scenarios)

    def __repr__(self) -> str:
        return f"<ScenarioLibrary {len(self.scenarios)} scenarios>"

    def get(self, scenario_id: str) -> Scenario:
        """One scenario by id; ``UnknownScenario`` (a ``KeyError``) says which ids exist when it is not there."""
        try:
            return self._by_id[scenario_id.strip()]
        except KeyError:
            near = [s.id for s in self.find(scenario_id)][:3]
            hint = f"; did you mean {', '.join(near)}?" if near else ""
            raise UnknownScenario(f"no scenario {scenario_id!r}{hint}") from None

    @property
    def roles(self) -> List[str]:
        return sorted({s.role for s in self.scenarios})

    @property
    def topics(self) -> List[str]:
        return sorted({t for s in self.scenarios for t in s.topics})

    def select(self, role: Optional[str] = None, topic: Optional[str] = None) -> List[Scenario]:
        """Scenarios for a role and/or a topic tag (a feature number or route id works as a topic too)."""
        out = []
        for s in self.scenarios:
            if role and s.role != role:
                continue
            if topic and topic not in _tags(s):
                continue
            out.append(s)
        return out

    def random(self, role: Optional[str] = None, topic: Optional[str] = None,
               rng: Optional[random.Random] = None, exclude: Iterable[str] = ()) -> Optional[Scenario]:
        """A random scenario for a role and/or topic, avoiding ``exclude`` (ids already done) while others remain."""
        pool = self.select(role, topic)
        fresh = [s for s in pool if s.id not in set(exclude)]
        pool = fresh or pool
        return (rng or random).choice(pool) if pool else None

    def find(self, query: str) -> List[Scenario]:
        """Scenarios matching free text: id, title, setting, topics, role, feature numbers, routes; best first."""
        query = (query or "").strip().lower()
        if not query:
            return []
        if query in self._by_id:
            return [self._by_id[query]]
        words = _WORD.findall(query)
        scored = []
        for s in self.scenarios:
            tags = _tags(s)
            haystack = " ".join([s.id.replace("-", " "), s.title.lower(), s.setting.lower()])
            score = 0.0
            if query in s.id:
                score += 3
            for w in words:
                if w in tags:
                    score += 2
                elif re.search(rf"\b{re.escape(w)}", haystack):
                    score += 1
            if score:
                scored.append((-score, s.id, s))
        return [s for _, _, s in sorted(scored)]

    def reviews_due(self, on: Optional[date] = None) -> List[Tuple[str, date]]:
        """Scenarios whose ``next_review`` is on or before ``on`` (today by default)."""
        on = on or date.today()
        return [(s.id, s.review.next_review) for s in self.scenarios if s.review.next_review <= on]


def _tags(s: Scenario) -> set:
    e = s.expected
    return set(s.topics) | {s.role} | set(e.feature_ids) | set(e.set_aside_ids) | set(e.routes) | {e.level}


__all__ = [
    "SCENARIOS_DIR",
    "ScenarioError",
    "UnknownScenario",
    "LoadResult",
    "ScenarioLibrary",
    "read_scenarios",
    "load_scenarios",
]
