"""``python -m bot scenarios <verb>``: the practice scenarios from a terminal.

    python -m bot scenarios list [--role ROLE] [--topic TAG] [--json]
    python -m bot scenarios show ID [--json]
    python -m bot scenarios check [--json] [--model PATH] [--dir DIR] [--schema-only]
    python -m bot scenarios coverage [--json]
    python -m bot scenarios cohort [--csv FILE] [--json] [--db URL] [--cohort LABEL]

``check`` validates every scenario file against the schema and the NG76 knowledge base, then loads the
trained model once and maps each scenario's whole vignette (and, for a scenario told in several steps, the
text after each step) with the live observation mapper, the same code path as the chat. It fails when the
mapper's features, levels or routes do not contain a scenario's expected ones, when an expected set-aside
feature is not set aside, or when the overall level differs.

Exit codes: 0 all good; 1 problems in the files, or the guideline logic no longer gives a scenario's answer;
2 a usage error or an unknown scenario id; 3 no trained model.
"""
from __future__ import annotations

import argparse
import json
import sys
import textwrap
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional

from bot.findings import Findings
from bot.guideline.vocabulary import Route

from .loader import SCENARIOS_DIR, ScenarioError, ScenarioLibrary, UnknownScenario, load_scenarios, read_scenarios
from .schema import Scenario, Snapshot, cite_label

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_NO_MODEL = 0, 1, 2, 3
WIDTH = 100


def _wrap(text: str, indent: str = "  ", first: Optional[str] = None) -> str:
    return textwrap.fill(" ".join(text.split()), width=WIDTH, initial_indent=first if first is not None else indent,
                         subsequent_indent=indent, break_on_hyphens=False, break_long_words=False)


def _json(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=str)


# ---------------------------------------------------------------------------------------------------------
# check: the scenarios against the live mapper
# ---------------------------------------------------------------------------------------------------------


@dataclass
class CheckOutcome:
    """One text mapped for one scenario: the whole vignette, or the vignette up to a step."""

    scenario_id: str
    stage: str
    ok: bool
    differences: List[str] = field(default_factory=list)
    found: Dict[str, object] = field(default_factory=dict)
    checked: bool = True
    """False for an intermediate step that states no ``expect_so_far``: mapped and shown, not judged."""


def _found(findings: Findings) -> Dict[str, object]:
    """What the mapper found, in plain words (shown by ``check --json``)."""
    return {
        "features": {f.id: f.level.value for f in findings.alerting_features},
        "routes": [r.value for r in findings.routes],
        "set_aside": sorted({s.id for s in findings.set_aside}),
        "level": findings.level.value,
    }


def compare(expected: Snapshot, findings: Findings) -> List[str]:
    """How the mapper's findings fall short of an expected snapshot; empty when they contain everything expected."""
    found = _found(findings)
    features: Dict[str, str] = found["features"]  # type: ignore[assignment]
    out = []
    for f in expected.features:
        if f.id not in features:
            out.append(f"expected NG76 {f.id} ({f.level}): not found")
        elif features[f.id] != f.level:
            out.append(f"expected NG76 {f.id} at {f.level}: the mapper gives {features[f.id]}")
    for route in expected.routes:
        if route not in found["routes"]:  # type: ignore[operator]
            out.append(f"expected the {route} route: not found")
    for s in expected.set_aside:
        if s.id not in found["set_aside"]:  # type: ignore[operator]
            how = f"counted as met ({features[s.id]})" if s.id in features else "not found"
            out.append(f"expected NG76 {s.id} set aside ({s.reason}): {how}")
    if found["level"] != expected.level:
        out.append(f"overall level: expected {expected.level}, the mapper gives {found['level']}")
    return out


def run_check(scenarios: List[Scenario], parse: Callable[[str], Findings]) -> List[CheckOutcome]:
    """Map every scenario's vignette (and each step's cumulative text) and compare with what it expects."""
    outcomes: List[CheckOutcome] = []
    for s in scenarios:
        if len(s.steps) > 1:
            for i, step in enumerate(s.steps[:-1]):
                findings = parse(s.text_up_to(i))
                stage = f"after step {i + 1} of {len(s.steps)}"
                if step.expect_so_far is None:
                    outcomes.append(CheckOutcome(s.id, stage, True, [], _found(findings), checked=False))
                else:
                    diff = compare(step.expect_so_far, findings)
                    outcomes.append(CheckOutcome(s.id, stage, not diff, diff, _found(findings)))
        findings = parse(s.vignette)
        diff = compare(s.expected, findings)
        outcomes.append(CheckOutcome(s.id, "whole vignette", not diff, diff, _found(findings)))
    return outcomes


def _quiet_rasa_debug_log() -> None:
    """Rasa logs every parse at debug level through structlog; a trainer reading ``check`` needs none of it."""
    import logging

    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))


def _print_problems(problems) -> None:
    for p in problems:
        print(p)


def cmd_check(directory: Path, as_json: bool, model: Optional[Path], schema_only: bool,
              parse: Optional[Callable[[str], Findings]] = None) -> int:
    result = read_scenarios(directory)
    report: dict = {
        "directory": str(result.directory),
        "scenarios": len(result.files),
        "valid": len(result.scenarios),
        "problems": [asdict(p) | {"text": str(p)} for p in result.problems],
    }
    outcomes: List[CheckOutcome] = []
    if not schema_only and result.scenarios:
        if parse is None:
            from bot.observations.cli import NO_MODEL, ModelParser, latest_model

            model = model or latest_model()
            if model is None or not Path(model).exists():
                print(NO_MODEL.format(where=model or "models/"), file=sys.stderr)
                return EXIT_NO_MODEL
            print(f"Loading the model {model} (about 30 seconds)...", file=sys.stderr)
            _quiet_rasa_debug_log()
            parser = ModelParser(Path(model))

            def parse(text: str) -> Findings:
                return Findings.from_dict(parser.parse(text))
        outcomes = run_check(result.scenarios, parse)
    failed = [o for o in outcomes if o.checked and not o.ok]
    report["mapped"] = [asdict(o) for o in outcomes]
    report["failed"] = sorted({o.scenario_id for o in failed})
    ok = not result.problems and not failed
    report["ok"] = ok
    if as_json:
        print(_json(report))
        return EXIT_OK if ok else EXIT_PROBLEMS
    _print_problems(result.problems)
    for o in failed:
        print(f"{result.files.get(o.scenario_id, o.scenario_id)}: {o.scenario_id}: {o.stage}: the guideline logic "
              "no longer gives the expected answer:")
        for d in o.differences:
            print(f"    - {d}")
        print(f"    mapper found: {o.found}")
    judged = [o for o in outcomes if o.checked]
    summary = (f"{len(result.files)} scenario file(s) read, {len(result.scenarios)} valid, "
               f"{len(result.problems)} problem(s)")
    if outcomes:
        summary += (f"; {len(judged) - len(failed)}/{len(judged)} mapped texts give the expected answer "
                    f"({len(report['failed'])} scenario(s) failing)")
    elif schema_only:
        summary += "; mapping skipped (--schema-only)"
    print(summary)
    due = ScenarioLibrary(result.scenarios).reviews_due()
    for sid, when in due:
        print(f"reminder: {sid} was due for review on {when.isoformat()}")
    return EXIT_OK if ok else EXIT_PROBLEMS


# ---------------------------------------------------------------------------------------------------------
# list, show, coverage
# ---------------------------------------------------------------------------------------------------------


def _brief(s: Scenario) -> dict:
    e = s.expected
    return {"id": s.id, "title": s.title, "role": s.role, "setting": s.setting, "child_age": s.child_age.text,
            "topics": s.topics, "steps": len(s.steps), "level": e.level,
            "features": [f"{f.id}:{f.level}" for f in e.features], "routes": list(e.routes),
            "set_aside": [f"{x.id}:{x.reason}" for x in e.set_aside]}


def cmd_list(lib: ScenarioLibrary, role: Optional[str], topic: Optional[str], as_json: bool) -> int:
    chosen = lib.select(role, topic)
    if as_json:
        print(_json([_brief(s) for s in chosen]))
        return EXIT_OK
    width = max([len(s.id) for s in chosen] + [2])
    print(f"{'id':<{width}} {'role':<13} {'age':<18} {'level':<9} answer")
    for s in chosen:
        e = s.expected
        answer = ", ".join([f.id for f in e.features] + list(e.routes) + [f"({x.id} set aside)" for x in e.set_aside])
        print(f"{s.id:<{width}} {s.role:<13} {s.child_age.text[:18]:<18} {e.level:<9} {answer or '-'}")
    print(f"\n{len(chosen)} scenario(s)")
    return EXIT_OK


def cmd_show(lib: ScenarioLibrary, scenario_id: str, as_json: bool) -> int:
    s = lib.get(scenario_id)
    if as_json:
        print(_json(s.dict()))
        return EXIT_OK
    e = s.expected
    out = [f"{s.id}: {s.title}", f"Role: {s.role} ({s.setting}); child: {s.child_age.text}; topics: "
           f"{', '.join(s.topics)}", "", "Vignette:"]
    for i, step in enumerate(s.steps, 1):
        out.append(_wrap(step.text, indent="     ", first=f"  {i}. "))
    out += ["", f"Expected level: {e.level}"]
    out += [f"  feature NG76 {f.id} ({f.level})" for f in e.features]
    out += [f"  route {r}" for r in e.routes]
    out += [f"  set aside NG76 {x.id} ({x.reason})" for x in e.set_aside]
    out.append(f"Next steps: {', '.join(e.next_steps) or 'none'}")
    out += ["", "Common mistakes:"] + [_wrap(m, indent="    ", first="  - ") for m in s.common_mistakes]
    out += ["", "Debrief:"]
    out += [_wrap(f"{p.point} ({', '.join(cite_label(c) for c in p.cites)})", indent="    ", first="  - ")
            for p in s.debrief]
    out += ["", f"Reviewed by {s.review.checked_by} on {s.review.date_reviewed}; next review {s.review.next_review}"]
    print("\n".join(out))
    return EXIT_OK


def coverage(lib: ScenarioLibrary) -> dict:
    """What the library covers: categories, levels, persistence escalations, routes, roles, ages."""
    from bot.guideline import guideline

    g = guideline()
    cov: dict = {"scenarios": len(lib), "categories": {}, "levels": {}, "feature_levels": {}, "routes": {},
                 "roles": {}, "features": {}, "escalations": [], "watch_cases": [], "no_feature": [], "ages": []}
    for s in lib:
        e = s.expected
        cov["levels"][e.level] = cov["levels"].get(e.level, 0) + 1
        cov["roles"][s.role] = cov["roles"].get(s.role, 0) + 1
        cov["ages"].append(s.child_age.years)
        for f in e.features:
            cat = g.feature(f.id).category
            cov["categories"].setdefault(cat, []).append(s.id)
            cov["feature_levels"][f.level] = cov["feature_levels"].get(f.level, 0) + 1
            cov["features"].setdefault(f.id, []).append(s.id)
            if g.feature(f.id).conditions.escalated_from:
                cov["escalations"].append(f"{g.feature(f.id).conditions.escalated_from}->{f.id} ({s.id})")
        for x in e.set_aside:
            cov["categories"].setdefault(g.feature(x.id).category, []).append(f"{s.id} (set aside)")
        for r in e.routes:
            cov["routes"].setdefault(r, []).append(s.id)
        if s.is_watch_case:
            cov["watch_cases"].append(s.id)
        if s.has_no_feature:
            cov["no_feature"].append(s.id)
    from bot.guideline.schema import CATEGORIES

    cov["missing_categories"] = [c for c in CATEGORIES if c not in cov["categories"]]
    cov["missing_routes"] = [r.value for r in Route.order() if r not in cov["routes"]]
    cov["ages"] = sorted(cov["ages"])
    return cov


def cmd_coverage(lib: ScenarioLibrary, as_json: bool) -> int:
    cov = coverage(lib)
    if as_json:
        print(_json(cov))
        return EXIT_OK
    print(f"{cov['scenarios']} scenarios")
    print("Categories of alerting feature:")
    for cat, ids in sorted(cov["categories"].items()):
        print(_wrap(", ".join(ids), indent="      ", first=f"  {cat} ({len(ids)}): "))
    print(f"Overall levels: {cov['levels']}; feature levels: {cov['feature_levels']}")
    print("Persistence escalations: " + ("; ".join(cov["escalations"]) or "none"))
    print("Routes:")
    for r, ids in cov["routes"].items():
        print(f"  {r}: {', '.join(ids)}")
    print(f"Record, keep watching, review: {', '.join(cov['watch_cases']) or 'none'}")
    print(f"No alerting feature: {', '.join(cov['no_feature']) or 'none'}")
    print(f"Roles: {cov['roles']}")
    print(f"Ages (years): {', '.join(f'{a:g}' for a in cov['ages'])}")
    if cov["missing_categories"] or cov["missing_routes"]:
        print(f"Not covered: categories {cov['missing_categories']}, routes {cov['missing_routes']}")
    return EXIT_OK


# ---------------------------------------------------------------------------------------------------------
# cohort
# ---------------------------------------------------------------------------------------------------------


def cmd_cohort(csv_file: Optional[str], as_json: bool, db: Optional[str], label: Optional[str]) -> int:
    from .results import cohort, session_factory

    Session = session_factory(db)
    with Session() as session:
        view = cohort(session, cohort_label=label)
    if csv_file:
        with open(csv_file, "w", newline="", encoding="utf-8") as out:
            view.write_csv(out)
        print(f"wrote {csv_file}", file=sys.stderr)
    if as_json:
        print(_json(view.to_dict()))
    elif not csv_file:
        print(view.to_text())
    return EXIT_OK


# ---------------------------------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot scenarios", description="Practice scenarios for trainers.")
    verbs = parser.add_subparsers(dest="verb", required=True)
    p = verbs.add_parser("list", help="list the scenarios")
    p.add_argument("--role", help="teacher, health, early_years, youth_worker, social_worker or other")
    p.add_argument("--topic", help="a topic tag, feature number or route id")
    p.add_argument("--json", action="store_true")
    p.add_argument("--dir", type=Path, default=SCENARIOS_DIR, help=argparse.SUPPRESS)
    p = verbs.add_parser("show", help="show one scenario with its answer and debrief")
    p.add_argument("id")
    p.add_argument("--json", action="store_true")
    p.add_argument("--dir", type=Path, default=SCENARIOS_DIR, help=argparse.SUPPRESS)
    p = verbs.add_parser("check", help="validate every scenario and run each vignette through the live mapper")
    p.add_argument("--json", action="store_true")
    p.add_argument("--model", type=Path, help="a trained model (default: the newest in models/)")
    p.add_argument("--dir", type=Path, default=SCENARIOS_DIR, help="the scenario folder (default: scenarios/)")
    p.add_argument("--schema-only", action="store_true", help="validate the files only; do not load the model")
    p = verbs.add_parser("coverage", help="what the library covers: categories, levels, routes, roles")
    p.add_argument("--json", action="store_true")
    p.add_argument("--dir", type=Path, default=SCENARIOS_DIR, help=argparse.SUPPRESS)
    p = verbs.add_parser("cohort", help="results per scenario and participant, most missed, most misjudged")
    p.add_argument("--csv", dest="csv_file", metavar="FILE", help="also write the view as CSV")
    p.add_argument("--json", action="store_true")
    p.add_argument("--db", help="a SQLAlchemy URL or SQLite file (default: BOT_PRACTICE_DB or var/practice.db)")
    p.add_argument("--cohort", help="only results recorded with this cohort label")
    return parser


def main(argv: List[str]) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help and on usage errors
        return int(exc.code or 0)
    if args.verb == "check":
        return cmd_check(args.dir, args.json, args.model, args.schema_only)
    if args.verb == "cohort":
        return cmd_cohort(args.csv_file, args.json, args.db, args.cohort)
    try:
        lib = load_scenarios(args.dir)
    except ScenarioError as exc:
        print(exc, file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        if args.verb == "list":
            return cmd_list(lib, args.role, args.topic, args.json)
        if args.verb == "show":
            return cmd_show(lib, args.id, args.json)
        return cmd_coverage(lib, args.json)
    except UnknownScenario as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE


__all__ = ["main", "run_check", "compare", "coverage", "CheckOutcome"]
