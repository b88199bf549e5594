"""``python -m bot guideline <verb>``: read and check the NG76 knowledge from a terminal.

Verbs: ``list``, ``show ID``, ``steps LEVEL``, ``route ID``, ``interventions``, ``check [DIR]``.
Each prints readable text, or JSON with ``--json`` for scripts and the other services.

Exit codes: 0 success; 1 the knowledge files are invalid (``check`` found problems, or
another verb could not load them); 2 a usage error or something asked for that does not
exist (an unknown recommendation number, route or option value).
"""
from __future__ import annotations

import argparse
import json
import sys
import textwrap
from datetime import date
from pathlib import Path
from typing import Any, Callable, List, Optional, Sequence

from bot.paths import GUIDELINE_DIR

from .errors import KnowledgeError, UnknownRecommendation
from .schema import (
    CATEGORIES,
    INTERVENTION_ABUSE_TYPES,
    ABUSE_TYPES,
    PARTICIPANTS,
    AlertingFeature,
    Intervention,
    Route,
    Step,
)

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
WIDTH = 92


# ---- output helpers ----------------------------------------------------------------------


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=str)


def _wrap(text: str, indent: str = "  ", first: Optional[str] = None) -> str:
    return textwrap.fill(
        " ".join(text.split()),
        width=WIDTH,
        initial_indent=first if first is not None else indent,
        subsequent_indent=indent,
        break_on_hyphens=False,
        break_long_words=False,
    )


def _feature_json(f: AlertingFeature) -> dict:
    """A feature as JSON-ready data, with the steps ids for its level added by callers."""
    return f.dict()


def _step_lines(steps: Sequence[Step]) -> List[str]:
    lines = []
    for n, step in enumerate(steps, 1):
        lines.append(_wrap(step.text, indent="      ", first=f"  {n:>2}. "))
        lines.append(f"      [{step.cite}]")
    return lines


# ---- verbs -------------------------------------------------------------------------------


def _cmd_list(args: argparse.Namespace, g) -> int:
    features = g.features_by(category=args.category, level=args.level)
    if args.json:
        print(_json([_feature_json(f) for f in features]))
        return EXIT_OK
    print(f"{'id':<8} {'level':<9} {'category':<25} {'persistence':<11} title")
    for f in features:
        print(f"{f.id:<8} {f.level:<9} {f.category:<25} {f.conditions.persistence:<11} {f.title}")
    print(f"\n{len(features)} alerting features (NICE NG76 1.3.12 to 1.3.43)")
    return EXIT_OK


def _cmd_show(args: argparse.Namespace, g) -> int:
    f = g.feature(args.id)
    steps = g.steps_for_level(f.level, with_context=True)
    if args.json:
        data = _feature_json(f)
        data["steps"] = [s.id for s in g.steps_for_level(f.level)]
        data["steps_with_context"] = [s.id for s in steps]
        print(_json(data))
        return EXIT_OK
    c = f.conditions
    out = [
        f"NG76 {f.id}  {f.level.upper()}  {f.category}  ({', '.join(f.abuse_types)})",
        f"{f.title}",
        "",
        "Summary:",
        _wrap(f.summary),
        "",
        "The guideline says:",
        _wrap(f'"{f.quote}"'),
    ]
    if f.example_groups:
        out.append("Examples:")
        for group in f.example_groups:
            out.append(f"  {group.heading}:")
            out += [_wrap(e, indent="      ", first="    - ") for e in group.items]
    elif f.examples:
        out.append("Examples:")
        out += [_wrap(e, indent="    ", first="  - ") for e in f.examples]
    out += ["", "Conditions:"]
    persistence = c.persistence + (f' ("{c.persistence_wording}")' if c.persistence_wording else "")
    out.append(f"  persistence: {persistence}")
    if c.escalates_to:
        out.append(f"  if persistent: escalates to {c.escalates_to} (suspect)")
    if c.escalated_from:
        out.append(f"  escalated from: {c.escalated_from}")
    if c.age:
        out.append(f'  age: "{c.age.quote}"' + (f" (in {c.age.via})" if c.age.via else ""))
    if c.not_fully_explained_by:
        out.append(f"  not fully explained by: {', '.join(c.not_fully_explained_by)}")
        out.append("  (an explanation never means 'no concern' by itself: step keep_abuse_in_mind)")
    if c.exclusion_note:
        out.append(_wrap(c.exclusion_note, first="  note: ", indent="    "))
    for caution in c.cautions:
        out.append(_wrap(f'"{caution}"', first="  take into account: ", indent="    "))
    out += ["", f"What to do ({f.level}):"] + _step_lines(steps)
    r = f.review
    out += ["", f"Reviewed {r.date_reviewed} by {r.checked_by}; next review {r.next_review}"]
    print("\n".join(out))
    return EXIT_OK


def _cmd_steps(args: argparse.Namespace, g) -> int:
    steps = g.steps_for_level(args.level, with_context=args.all)
    if args.json:
        print(_json([s.dict() for s in steps]))
        return EXIT_OK
    print(f"Steps for a '{args.level}' alerting feature (NG76 1.3, How to use these recommendations):")
    print("\n".join(_step_lines(steps)))
    return EXIT_OK


def _route_text(route: Route, role: Optional[str]) -> str:
    out = [f"Route {route.id}: {route.title}  [{route.cite}]", "", _wrap(route.summary), "", "Steps:"]
    out += _step_lines(route.steps)
    note = route.note_for(role) if role else None
    if note:
        out += ["", f"For your role ({role}):", _wrap(note)]
    elif route.role_notes and not role:
        out += ["", "Role notes:"]
        for name, text in route.role_notes.items():
            out.append(_wrap(text, first=f"  {name}: ", indent="    "))
    out += ["", "The guideline says:"] + [_wrap(f'"{q}"') for q in route.quotes]
    return "\n".join(out)


def _cmd_route(args: argparse.Namespace, g) -> int:
    route = g.route(args.id)
    if args.json:
        print(_json(route.dict()))
    else:
        print(_route_text(route, args.role))
    return EXIT_OK


def _dose_text(i: Intervention) -> str:
    d = i.dose
    parts = []
    if d.frequency:
        parts.append(d.frequency)
    if d.sessions_min is not None and d.sessions_max is not None:
        parts.append(f"{d.sessions_min} to {d.sessions_max} sessions" + (" (more if needed)" if d.more_sessions_if_needed else ""))
    elif d.sessions_min is not None:
        parts.append(f"at least {d.sessions_min} sessions")
    elif d.sessions_max is not None:
        parts.append(f"up to {d.sessions_max} sessions" + (f", extending to {d.sessions_extend_to}" if d.sessions_extend_to else ""))
    if d.session_minutes_min is not None:
        parts.append(f"{d.session_minutes_min} to {d.session_minutes_max} minutes each")
    if d.parent_sessions_max is not None:
        parts.append(f"up to {d.parent_sessions_max} parent sessions")
    if d.weeks_min is not None:
        parts.append(f"at least {d.weeks_min} weeks")
    if d.months_min is not None and d.months_max is not None:
        parts.append(f"{d.months_min} to {d.months_max} months")
    elif d.months_min is not None:
        parts.append(f"at least {d.months_min} months")
    if d.years is not None:
        parts.append(f"over {d.years} year" + ("s" if d.years > 1 else ""))
    if d.group_size_min is not None:
        parts.append(f"groups of {d.group_size_min} to {d.group_size_max}")
    if d.day_long_sessions_min is not None:
        parts.append(f"at least {d.day_long_sessions_min} day-long sessions")
    for o in i.options:
        parts.append(f"{o.name}: up to {o.sessions_max} sessions")
    return "; ".join(parts) or "not stated"


def _age_text(i: Intervention) -> str:
    lo, hi = i.age.min_years, i.age.max_years
    if lo is None and hi is None:
        return "any age"
    if lo is None:
        return f"up to {hi}"
    return f"{lo} to {hi}" if hi is not None else f"{lo} and over"


def _cmd_interventions(args: argparse.Namespace, g) -> int:
    found = g.interventions_for(age=args.age, abuse_type=args.abuse, carer=args.carer)
    if args.json:
        print(_json([i.dict() for i in found]))
        return EXIT_OK
    asked = ", ".join(
        f"{k} {v}" for k, v in (("age", args.age), ("abuse", args.abuse), ("carer", args.carer)) if v is not None
    )
    print(f"{len(found)} intervention(s)" + (f" for {asked}" if asked else ""))
    for i in found:
        label = f"NG76 {i.id} ({i.strength})" if i.source == "NG76" else f"{i.source}, not NICE"
        print(f"\n{i.name}  [{label}]")
        if i.examples:
            print(f"  for example: {', '.join(i.examples)}")
        print(f"  ages: {_age_text(i)}" + (f" ({i.child_sex})" if i.child_sex else ""))
        print(f"  after: {', '.join(i.abuse_types)}")
        print(f"  who takes part: {', '.join(i.participants)}")
        print(f"  how much: {_dose_text(i)}")
        print(_wrap(i.summary, indent="    ", first="  "))
    return EXIT_OK


def _cmd_check(args: argparse.Namespace, _g) -> int:
    from .loader import load_guideline

    directory = Path(args.directory) if args.directory else GUIDELINE_DIR
    try:
        g = load_guideline(directory)
    except KnowledgeError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INVALID
    problems: List[str] = []
    if args.source is not None:
        from .source import load_sources, unquoted

        try:
            sources = load_sources(Path(args.source) if args.source else None)
        except FileNotFoundError as exc:
            print(f"cannot check against the source: {exc}", file=sys.stderr)
            return EXIT_USAGE
        problems += unquoted(g.quoted_texts(), sources)
        for f in g.features:
            rec = sources.recommendations.get(f.id)
            if rec is None:
                problems.append(f"alerting feature {f.id}: not in the source text")
            elif rec.first_word != f.level:
                problems.append(f"alerting feature {f.id}: level {f.level!r} but the guideline says {rec.first_word!r}")
    due = g.reviews_due(date.today())
    for kind, eid, when in due:
        print(f"warning: {kind} {eid}: review was due on {when}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) against the source texts:", file=sys.stderr)
        for p in problems:
            print(f"  - {p}", file=sys.stderr)
        return EXIT_INVALID
    print(
        f"OK: {directory} ({len(g.features)} alerting features, {len(g.steps)} steps, "
        f"{len(g.routes)} routes, {len(g.interventions)} interventions"
        + ("; quotes verified against the source" if args.source is not None else "")
        + ")"
    )
    return EXIT_OK


# ---- parser ------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; exposed so the docs and tests can read its help."""
    parser = argparse.ArgumentParser(
        prog="python -m bot guideline",
        description="NICE NG76 knowledge base: list, show, steps, route, interventions, check.",
    )
    sub = parser.add_subparsers(dest="verb", required=True, metavar="VERB")

    def add(name: str, func: Callable, help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        p.set_defaults(func=func)
        return p

    p = add("list", _cmd_list, "list the alerting features 1.3.12 to 1.3.43")
    p.add_argument("--json", action="store_true", help="one JSON array")
    p.add_argument("--category", choices=list(CATEGORIES))
    p.add_argument("--level", choices=["consider", "suspect"])

    p = add("show", _cmd_show, "show one alerting feature and what to do")
    p.add_argument("id", help="recommendation number, e.g. 1.3.23")
    p.add_argument("--json", action="store_true")

    p = add("steps", _cmd_steps, "the steps for a level of concern")
    p.add_argument("level", choices=["consider", "suspect"])
    p.add_argument("--all", action="store_true", help="include immediate danger and standing guidance")
    p.add_argument("--json", action="store_true")

    p = add("route", _cmd_route, "a special route: danger, disclosure, fgm, fii, trafficking, injury")
    p.add_argument("id")
    p.add_argument("--role", choices=["teacher", "health", "early_years", "youth_worker", "social_worker", "other"])
    p.add_argument("--json", action="store_true")

    p = add("interventions", _cmd_interventions, "therapeutic interventions (NG76 1.7, NSPCC)")
    p.add_argument("--age", type=int, help="child's age in whole years")
    p.add_argument("--abuse", choices=list(INTERVENTION_ABUSE_TYPES) + [a for a in ABUSE_TYPES if a not in INTERVENTION_ABUSE_TYPES])
    p.add_argument("--carer", choices=list(PARTICIPANTS))
    p.add_argument("--json", action="store_true")

    p = add("check", _cmd_check, "validate the knowledge files; print OK or every problem")
    p.add_argument("directory", nargs="?", help=f"folder of .yml files (default {GUIDELINE_DIR})")
    p.add_argument(
        "--source",
        nargs="?",
        const="",
        default=None,
        help="also prove every quote against the source texts (default folder: $NG76_SOURCE_DIR "
        "or shared/guideline beside the project)",
    )
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    """Run one verb; returns the exit code (see the module docstring)."""
    parser = build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:  # argparse exits on --help and on usage errors
        return int(exc.code or 0)
    if args.func is _cmd_check:
        return _cmd_check(args, None)
    from . import guideline

    try:
        g = guideline()
    except KnowledgeError as exc:
        print(str(exc), file=sys.stderr)
        print("run: python -m bot guideline check", file=sys.stderr)
        return EXIT_INVALID
    try:
        return args.func(args, g)
    except UnknownRecommendation as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
