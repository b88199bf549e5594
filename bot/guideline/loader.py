"""Load and validate the NG76 knowledge files, reporting every problem at once.

The loader is deliberately patient: it reads every file, validates every entry and runs every
cross-check before it raises, so one ``KnowledgeError`` lists all the faults with the file,
line, entry id and field of each (as openprescribing's ``load_measure_defs`` does). Someone
fixing the YAML then needs one run, not twenty.

It also refuses lines that Rasa would sniff as training data (``rules:``, ``stories:``,
``nlu:``, ``responses:`` at any indentation): a knowledge file mistaken for training data
would silently change the model.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

import yaml
from pydantic import ValidationError

from .errors import KnowledgeError, Problem
from .query import Guideline
from .schema import (
    FEATURE_ID,
    MODELS_BY_SECTION,
    AlertingFeature,
    ContextSection,
    Intervention,
    LevelId,
    LevelMeaning,
    LevelStep,
    Route,
    recommendation_key,
    values_of,
    RouteId,
)

FIRST_FEATURE, LAST_FEATURE = 12, 43
"""Alerting features are 1.3.12 to 1.3.43; 1.3.44 (fabricated or induced illness) is a route."""

RASA_SNIFFED = re.compile(r"^\s*(rules|stories|nlu|responses)\s*:")

_LINE = "__line__"
_LINES = "__lines__"


_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~5x faster


class _LineLoader(_SafeLoader):  # type: ignore[misc, valid-type]
    """A safe YAML loader that remembers line numbers and rejects duplicate keys.

    PyYAML keeps the last of two identical keys without a word; in a knowledge file that
    hides a mistake (two ``level:`` lines), so duplicates become problems instead.
    """

    def __init__(self, stream: Any, file: str, problems: List[Problem]) -> None:
        super().__init__(stream)
        self._file = file
        self._problems = problems

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Dict[str, Any]:
        lines: Dict[str, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            line = key_node.start_mark.line + 1
            if key in lines:
                self._problems.append(
                    Problem(self._file, f"key {key!r} appears twice (first on line {lines[key]})", line)
                )
            lines[key] = line
        mapping = super().construct_mapping(node, deep=True)
        mapping[_LINE] = node.start_mark.line + 1
        mapping[_LINES] = lines
        return mapping


def _strip_lines(value: Any) -> Any:
    """A copy of parsed YAML without the loader's line bookkeeping."""
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k not in (_LINE, _LINES)}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


def _line_of(value: Any, loc: Tuple[Any, ...]) -> Optional[int]:
    """The line of the deepest key along a pydantic error location, as near as is known."""
    line = value.get(_LINE) if isinstance(value, dict) else None
    for part in loc:
        if isinstance(value, dict):
            line = value.get(_LINES, {}).get(part, line)
            value = value.get(part)
        elif isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
            value = value[part]
            if isinstance(value, dict):
                line = value.get(_LINE, line)
        else:
            break
    return line


def _field_path(loc: Tuple[Any, ...]) -> Optional[str]:
    parts = [str(p) for p in loc if p != "__root__"]
    return ".".join(parts) or None


class _Collector:
    """Accumulates problems and validated entries while the files are read."""

    def __init__(self) -> None:
        self.problems: List[Problem] = []

    def add(self, file: str, message: str, **where: Any) -> None:
        self.problems.append(Problem(file, message, **where))

    def validate(self, model: type, raw: Any, file: str, section: str, entry: Optional[str]) -> Any:
        """Validate one entry; on failure record one problem per field and return None."""
        if not isinstance(raw, dict):
            self.add(file, f"expected a mapping of fields, found {type(raw).__name__}", section=section, entry=entry)
            return None
        try:
            return model.parse_obj(_strip_lines(raw))
        except ValidationError as exc:
            for err in exc.errors():
                loc = tuple(err["loc"])
                self.add(
                    file,
                    err["msg"],
                    line=_line_of(raw, loc),
                    section=section,
                    entry=entry,
                    field=_field_path(loc),
                )
            return None


def _entry_id(raw: Any, index: int) -> str:
    if isinstance(raw, dict) and raw.get("id") is not None:
        return str(raw["id"])
    return f"#{index + 1}"


def _read_files(directory: Path, c: _Collector) -> Dict[str, Tuple[str, Any]]:
    """Parse every ``*.yml`` file and gather its top-level sections, noting what is wrong."""
    sections: Dict[str, Tuple[str, Any]] = {}
    paths = sorted(list(directory.glob("*.yml")) + list(directory.glob("*.yaml")))
    if not paths:
        c.add(str(directory), "no .yml knowledge files found")
    for path in paths:
        name = path.name
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            c.add(name, f"cannot read: {exc}")
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            match = RASA_SNIFFED.match(line)
            if match:
                c.add(
                    name,
                    f"line starts with {match.group(1)!r}: Rasa would read this file as training "
                    "data; rename the key or rewrap the text",
                    line=number,
                )
        try:
            loader = _LineLoader(text, name, c.problems)
            try:
                data = loader.get_single_data()
            finally:
                loader.dispose()
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            c.add(name, f"not valid YAML: {getattr(exc, 'problem', None) or exc}",
                  line=mark.line + 1 if mark else None)
            continue
        if data is None:
            c.add(name, "the file is empty")
            continue
        if not isinstance(data, dict):
            c.add(name, "the top level must be a mapping of sections (alerting_features:, steps:, ...)")
            continue
        for key, value in data.items():
            if key in (_LINE, _LINES):
                continue
            line = data[_LINES].get(key)
            if key not in MODELS_BY_SECTION:
                c.add(name, f"unknown section {key!r}; expected one of: {', '.join(MODELS_BY_SECTION)}",
                      line=line)
            elif key in sections:
                c.add(name, f"section {key!r} is also defined in {sections[key][0]}", line=line)
            else:
                sections[key] = (name, value)
    return sections


def _validate_list(
    section: str,
    sections: Dict[str, Tuple[str, Any]],
    c: _Collector,
    prepare: Optional[Callable[[Any, str, str], Any]] = None,
) -> list:
    """Validate every entry of a list section.

    Returns one ``(file, line, raw, entry_id, model_or_None)`` row per entry, valid or not, so
    that the cross-checks can still see the ids of entries that failed validation (a missing
    level must not also be reported as a missing feature).
    """
    if section not in sections:
        c.add("(all files)", f"section {section!r} is missing")
        return []
    file, raw_list = sections[section]
    if not isinstance(raw_list, list):
        c.add(file, "must be a list of entries", section=section)
        return []
    model = MODELS_BY_SECTION[section]
    out = []
    for index, raw in enumerate(raw_list):
        entry = _entry_id(raw, index)
        line = raw.get(_LINE) if isinstance(raw, dict) else None
        prepared = prepare(raw, entry, file) if prepare else raw
        obj = c.validate(model, prepared, file, section, entry)
        out.append((file, line, raw, entry, obj))
    return out


def _duplicates(section: str, rows: list, c: _Collector) -> None:
    first: Dict[str, Tuple[str, Optional[int]]] = {}
    for file, line, raw, entry, obj in rows:
        if entry.startswith("#"):
            continue
        if entry in first:
            f0, l0 = first[entry]
            c.add(file, f"duplicate id: first defined at {f0}:{l0}", line=line, section=section,
                  entry=entry, field="id")
        else:
            first[entry] = (file, line)


def _check_features(rows: list, c: _Collector) -> List[AlertingFeature]:
    _duplicates("alerting_features", rows, c)
    features = {}
    for file, line, raw, entry, obj in rows:
        if obj is not None and obj.id not in features:
            features[obj.id] = (file, line, raw, obj)
    present = {entry for _, _, _, entry, _ in rows}
    expected = {f"1.3.{n}" for n in range(FIRST_FEATURE, LAST_FEATURE + 1)}
    for missing in sorted(expected - present, key=recommendation_key):
        c.add(rows[0][0] if rows else "(all files)", "missing: every alerting feature 1.3.12 to "
              "1.3.43 must be present exactly once", section="alerting_features", entry=missing)
    for file, line, raw, entry, obj in rows:
        if FEATURE_ID.match(entry) and entry not in expected:
            c.add(file, "not an alerting feature: only 1.3.12 to 1.3.43 belong here (1.3.44 and "
                  "later are routes)", line=line, section="alerting_features", entry=entry, field="id")

    def where(fid: str, field: str) -> dict:
        file, _, raw, _ = features[fid]
        return dict(file=file, line=_line_of(raw, tuple(field.split("."))),
                    section="alerting_features", entry=fid, field=field)

    for fid, (file, line, raw, f) in features.items():
        cond = f.conditions
        if cond.escalates_to:
            target = features.get(cond.escalates_to)
            if target is None:
                c.add(**where(fid, "conditions.escalates_to"), message=f"{cond.escalates_to} is not a known feature")
            else:
                t = target[3]
                if t.level != "suspect":
                    c.add(**where(fid, "conditions.escalates_to"), message=f"{t.id} must be a 'suspect' feature")
                if t.conditions.escalated_from != fid:
                    c.add(**where(fid, "conditions.escalates_to"),
                          message=f"{t.id} must name {fid} in conditions.escalated_from")
        if cond.escalated_from:
            source = features.get(cond.escalated_from)
            if source is None:
                c.add(**where(fid, "conditions.escalated_from"), message=f"{cond.escalated_from} is not a known feature")
            elif source[3].conditions.escalates_to != fid:
                c.add(**where(fid, "conditions.escalated_from"),
                      message=f"{cond.escalated_from} must name {fid} in conditions.escalates_to")
            if f.level != "suspect":
                c.add(**where(fid, "level"), message="a feature escalated to must be 'suspect'")
        if cond.age and cond.age.via and cond.age.via not in features:
            c.add(**where(fid, "conditions.age.via"), message=f"{cond.age.via} is not a known feature")
    return sorted((v[3] for v in features.values()), key=lambda f: f.number)


def _check_steps(rows: list, c: _Collector) -> List[LevelStep]:
    _duplicates("steps", rows, c)
    steps: List[LevelStep] = []
    seen = set()
    for file, line, raw, entry, obj in rows:
        if obj is not None and obj.id not in seen:
            seen.add(obj.id)
            steps.append(obj)
    groups = {s.group for s in steps}
    for needed in ("danger", "all_features", "suspect", "consider"):
        if rows and needed not in groups:
            c.add(rows[0][0], f"no step in group {needed!r}", section="steps")
    return steps


def _route_step_resolver(global_steps: Dict[str, LevelStep], c: _Collector):
    """Route steps may be written as the id of a shared step; swap in that step."""

    def prepare(raw: Any, entry: str, file: str) -> Any:
        if not isinstance(raw, dict) or not isinstance(raw.get("steps"), list):
            return raw
        resolved = []
        for i, item in enumerate(raw["steps"]):
            if not isinstance(item, str):
                resolved.append(item)
            elif item in global_steps:
                resolved.append(global_steps[item])
            else:
                c.add(file, f"unknown shared step {item!r}; shared steps are: "
                      f"{', '.join(global_steps)}", line=_line_of(raw, ("steps",)),
                      section="routes", entry=entry, field=f"steps.{i}")
        return {**raw, "steps": resolved}

    return prepare


def _check_routes(rows: list, global_steps: Dict[str, LevelStep], c: _Collector) -> Dict[str, Route]:
    _duplicates("routes", rows, c)
    routes: Dict[str, Route] = {}
    for file, line, raw, entry, obj in rows:
        if obj is not None and obj.id not in routes:
            routes[obj.id] = obj
    present = {entry for _, _, _, entry, _ in rows}
    for missing in values_of(RouteId):
        if missing not in present:
            c.add(rows[0][0] if rows else "(all files)", "missing route", section="routes", entry=missing)
    # Step ids are one namespace, so that Guideline.step() finds any step unambiguously.
    owner: Dict[str, str] = {}
    for file, line, raw, entry, route in rows:
        if route is None:
            continue
        for i, step in enumerate(route.steps):
            if isinstance(step, LevelStep):
                continue  # a reference to a shared step
            where = dict(line=_line_of(raw, ("steps", i, "id")), section="routes", entry=route.id,
                         field=f"steps.{i}.id")
            if step.id in global_steps:
                c.add(file, f"step id {step.id!r} is a shared step in steps.yml; write just "
                      f"'{step.id}' to reference it", **where)
            elif step.id in owner:
                c.add(file, f"step id {step.id!r} is also used in route {owner[step.id]!r}", **where)
            else:
                owner[step.id] = route.id
    # The file's order is the routes' order everywhere (bot.guideline.vocabulary.Route.order()).
    return routes


def _check_levels(rows: list, c: _Collector) -> Dict[str, LevelMeaning]:
    """Every level once, lowest first, as ``bot.guideline.vocabulary.Level`` orders them."""
    _duplicates("levels", rows, c)
    levels: Dict[str, LevelMeaning] = {}
    for file, line, raw, entry, obj in rows:
        if obj is not None and obj.id not in levels:
            levels[obj.id] = obj
    present = [entry for _, _, _, entry, _ in rows]
    for missing in values_of(LevelId):
        if missing not in present:
            c.add(rows[0][0] if rows else "(all files)", "missing level", section="levels", entry=missing)
    if set(present) == set(values_of(LevelId)) and present != list(values_of(LevelId)):
        c.add(rows[0][0], f"levels must be listed lowest first: {', '.join(values_of(LevelId))}", section="levels")
    return levels


def _check_interventions(rows: list, c: _Collector) -> List[Intervention]:
    _duplicates("interventions", rows, c)
    out: Dict[str, Intervention] = {}
    for file, line, raw, entry, obj in rows:
        if obj is not None and obj.id not in out:
            out[obj.id] = obj
    return list(out.values())


def _check_section(name: str, sections: Dict[str, Tuple[str, Any]], c: _Collector) -> Optional[ContextSection]:
    if name not in sections:
        c.add("(all files)", f"section {name!r} is missing")
        return None
    file, raw = sections[name]
    entry = str(raw.get("id")) if isinstance(raw, dict) and raw.get("id") is not None else None
    section = c.validate(ContextSection, raw, file, name, entry)
    if section is not None:
        seen = set()
        for i, rec in enumerate(section.recommendations):
            if rec.id in seen:
                c.add(file, "duplicate recommendation", line=_line_of(raw, ("recommendations", i)),
                      section=name, entry=rec.id, field="id")
            seen.add(rec.id)
            if not rec.id.startswith(section.id + "."):
                c.add(file, f"recommendation is not in section {section.id}",
                      line=_line_of(raw, ("recommendations", i)), section=name, entry=rec.id, field="id")
    return section


def load_guideline(directory: Path) -> Guideline:
    """Load every knowledge file in ``directory``, uncached; raise ``KnowledgeError`` listing all problems.

    Tests call this with temporary copies (some deliberately broken); the rest of the
    project calls the cached ``bot.guideline.guideline()``.
    """
    directory = Path(directory)
    c = _Collector()
    if not directory.is_dir():
        raise KnowledgeError([Problem(str(directory), "not a directory")], directory)
    sections = _read_files(directory, c)

    feature_rows = _validate_list("alerting_features", sections, c)
    features = _check_features(feature_rows, c)

    step_rows = _validate_list("steps", sections, c)
    steps = _check_steps(step_rows, c)
    by_id = {s.id: s for s in steps}

    route_rows = _validate_list("routes", sections, c, prepare=_route_step_resolver(by_id, c))
    routes = _check_routes(route_rows, by_id, c)

    levels = _check_levels(_validate_list("levels", sections, c), c)

    intervention_rows = _validate_list("interventions", sections, c)
    interventions = _check_interventions(intervention_rows, c)

    principles = _check_section("principles", sections, c)
    vulnerability = _check_section("vulnerability_factors", sections, c)
    early_help = _check_section("early_help", sections, c)

    if c.problems:
        raise KnowledgeError(c.problems, directory)
    assert principles and vulnerability and early_help  # guaranteed when there are no problems
    return Guideline(
        features=features,
        steps=steps,
        routes=routes,
        levels=levels,
        interventions=interventions,
        principles=principles,
        vulnerability_factors=vulnerability,
        early_help=early_help,
        directory=directory,
    )


__all__ = ["load_guideline", "FIRST_FEATURE", "LAST_FEATURE", "RASA_SNIFFED"]
