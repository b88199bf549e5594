"""``python -m bot redaction``: measure redaction on the written test sets, or redact text at the terminal.

    python -m bot redaction score [--json] [--file PATH ...]  # per kind: details caught; sentences wrongly changed
    python -m bot redaction score --engine presidio           # the same for Presidio, where it is installed
    python -m bot redaction text "His mum Sarah rang"        # the redacted text (or one line at a time from stdin)

A detail counts as caught when every character of it is gone from the text, whatever placeholder replaced it:
what matters for privacy is that it is not stored. Whether the placeholder's kind was right is reported
beside it. A word counts as wrongly removed when it is no part of any detail and a placeholder replaced it.

Two sets are scored by default: ``pii_sentences.yml`` (the first set, the baseline) and ``pii_gaps.yml`` (the
kinds and shapes a review found missing, written before the recogniser was changed for them). A sentence of
the gaps set names its ``gap``; a sentence without details may name the kind it ``tempts`` (the recogniser it
could fool), so over-redaction is reported per kind too: the share of those sentences that came out changed.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

import yaml

from bot.paths import ROOT
from bot.redaction.engine import Redacted, redact
from bot.redaction.patterns import KINDS, Span

DEFAULT_SET = ROOT / "tests" / "redaction" / "pii_sentences.yml"
GAPS_SET = ROOT / "tests" / "redaction" / "pii_gaps.yml"
DEFAULT_SETS = (DEFAULT_SET, GAPS_SET)
UNLABELLED = "ANY"  # a sentence without details that names no kind it tempts
# What a sentence without details may be guarding besides a kind: ages, counts, times, recommendation numbers.
GUARD_TOPICS = ("AGE_AND_NUMBERS",)
_WORD_RE = re.compile(r"\w+(?:['’]\w+)*")


@dataclass
class TestSet:
    """Sentences with their details as (kind, start, end), and sentences that have none.

    ``gaps[i]`` names the gap with_details[i] tests (or is None); ``tempts[i]`` names the kind of detail
    without_details[i] could be taken for (or ``UNLABELLED``).
    """

    with_details: list[tuple[str, list[Span]]]
    without_details: list[str]
    gaps: list[str | None] = field(default_factory=list)
    tempts: list[str] = field(default_factory=list)


def load_set(path: Path = DEFAULT_SET) -> TestSet:
    """Read and check the test set; every problem in the file is reported at once."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors: list[str] = []
    with_details: list[tuple[str, list[Span]]] = []
    gaps: list[str | None] = []
    for n, item in enumerate(data.get("with_details") or [], 1):
        text, details = item["text"], []
        for d in item.get("details") or []:
            if d["kind"] not in KINDS:
                errors.append(f"with_details #{n}: unknown kind {d['kind']!r}")
            if text[d["start"]:d["end"]] != d["value"]:
                errors.append(f"with_details #{n}: [{d['start']}:{d['end']}] is {text[d['start']:d['end']]!r}, "
                              f"not {d['value']!r}")
            details.append((d["kind"], d["start"], d["end"]))
        if not details:
            errors.append(f"with_details #{n}: no details")
        with_details.append((text, details))
        gaps.append(item.get("gap"))
    without: list[str] = []
    tempts: list[str] = []
    for n, item in enumerate(data.get("without_details") or [], 1):
        text, kind = (item["text"], item.get("tempts", UNLABELLED)) if isinstance(item, dict) else (item, UNLABELLED)
        if kind != UNLABELLED and kind not in KINDS and kind not in GUARD_TOPICS:
            errors.append(f"without_details #{n}: unknown kind {kind!r}")
        without.append(str(text))
        tempts.append(kind)
    if errors:
        raise ValueError(f"{path}:\n  " + "\n  ".join(errors))
    return TestSet(with_details, without, gaps, tempts)


@dataclass
class Score:
    sentences: int = 0
    details: int = 0
    caught: int = 0
    typed_right: int = 0
    per_kind: dict[str, list[int]] = field(default_factory=dict)  # kind -> [caught, total]
    per_gap: dict[str, list[int]] = field(default_factory=dict)  # gap -> [caught, total]
    per_guard: dict[str, list[int]] = field(default_factory=dict)  # tempted kind -> [changed, sentences]
    words: int = 0
    words_removed: int = 0
    clean_sentences: int = 0
    clean_unchanged: int = 0
    ms_per_sentence: float = 0.0
    ms_p95: float = 0.0
    missed: list[str] = field(default_factory=list)  # "KIND in sentence #n": never the detail itself

    @property
    def recall(self) -> float:
        return self.caught / self.details if self.details else 1.0

    @property
    def removed_share(self) -> float:
        return self.words_removed / self.words if self.words else 0.0

    def kind_recall(self, kind: str) -> float:
        caught, total = self.per_kind.get(kind, [0, 0])
        return caught / total if total else 1.0

    def gap_recall(self, gap: str) -> float:
        caught, total = self.per_gap.get(gap, [0, 0])
        return caught / total if total else 1.0

    def over_redaction(self, kind: str) -> float:
        """The share of sentences without details, tempting ``kind``, that came out changed."""
        changed, total = self.per_guard.get(kind, [0, 0])
        return changed / total if total else 0.0


def _covered(result: Redacted) -> dict[int, str]:
    return {i: kind for kind, start, end in result.found for i in range(start, end)}


def score(test_set: TestSet, redactor: Callable[[str], Redacted] = redact) -> Score:
    """Redact every sentence of the set and count what was caught and what was wrongly removed."""
    redactor("Warm up: his mum Sarah rang.")  # loads spaCy, which is not what a chat turn pays
    result = Score()
    timings: list[float] = []
    gaps = test_set.gaps or [None] * len(test_set.with_details)
    tempts = test_set.tempts or [UNLABELLED] * len(test_set.without_details)
    items = [(text, details, gap, None) for (text, details), gap in zip(test_set.with_details, gaps)]
    items += [(text, [], None, kind) for text, kind in zip(test_set.without_details, tempts)]
    for n, (text, details, gap, tempted) in enumerate(items, 1):
        started = time.perf_counter()
        redacted = redactor(text)
        timings.append((time.perf_counter() - started) * 1000)
        covered = _covered(redacted)
        result.sentences += 1
        personal = set()
        gap_tally = result.per_gap.setdefault(gap, [0, 0]) if gap else [0, 0]
        for kind, start, end in details:
            personal.update(range(start, end))
            needed = [i for i in range(start, end) if not text[i].isspace()]
            caught = all(i in covered for i in needed)
            tally = result.per_kind.setdefault(kind, [0, 0])
            tally[0] += caught
            tally[1] += 1
            result.details += 1
            result.caught += caught
            result.typed_right += caught and all(covered[i] == kind for i in needed)
            gap_tally[0] += caught
            gap_tally[1] += 1
            if not caught:
                result.missed.append(f"{kind} in sentence #{n}")
        for word in _WORD_RE.finditer(text):
            if not personal.intersection(range(*word.span())):
                result.words += 1
                result.words_removed += any(i in covered for i in range(*word.span()))
        if not details:
            result.clean_sentences += 1
            result.clean_unchanged += redacted.text == text
            guard = result.per_guard.setdefault(tempted or UNLABELLED, [0, 0])
            guard[0] += redacted.text != text
            guard[1] += 1
    result.ms_per_sentence = sum(timings) / len(timings) if timings else 0.0
    result.ms_p95 = sorted(timings)[int(0.95 * (len(timings) - 1))] if timings else 0.0
    return result


def summary(s: Score) -> str:
    """One line for logs and docs."""
    kinds = " ".join(f"{k.lower()}={s.kind_recall(k):.3f}" for k in KINDS if k in s.per_kind)
    return (f"details_caught={s.recall:.3f} ({s.caught}/{s.details}) {kinds} "
            f"words_wrongly_removed={s.removed_share:.4f} ({s.words_removed}/{s.words}) "
            f"ms_per_sentence={s.ms_per_sentence:.1f}")


def report(s: Score, path: Path) -> str:
    lines = [f"Redaction on {path.name}: {s.sentences} sentences, {s.details} personal details, "
             f"{s.clean_sentences} sentences with none",
             f"details caught:          {s.recall:.3f} ({s.caught}/{s.details}); "
             f"with the right placeholder {s.typed_right}/{s.details}"]
    lines += [f"  {kind:<12} {s.kind_recall(kind):.3f} ({s.per_kind[kind][0]}/{s.per_kind[kind][1]})"
              for kind in KINDS if kind in s.per_kind]
    lines += [f"non-personal words wrongly removed: {s.removed_share:.4f} ({s.words_removed}/{s.words})",
              f"sentences without details left unchanged: {s.clean_unchanged}/{s.clean_sentences}",
              f"ms per sentence: {s.ms_per_sentence:.1f} mean, {s.ms_p95:.1f} at the 95th centile (spaCy already loaded)"]
    if s.per_gap:
        lines.append("details caught per gap the review found:")
        lines += [f"  {gap:<19} {s.gap_recall(gap):.3f} ({c}/{t})" for gap, (c, t) in s.per_gap.items()]
    labelled = {k: v for k, v in s.per_guard.items() if k != UNLABELLED}
    if labelled:
        lines.append("over-redaction: sentences without details that came out changed, by the kind they tempt:")
        lines += [f"  {kind:<16} {s.over_redaction(kind):.3f} ({c}/{t})" for kind, (c, t) in labelled.items()]
    if s.missed:
        lines.append("missed: " + ", ".join(s.missed))
    lines.append(summary(s))
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot redaction", description="Redaction of personal details.")
    verbs = parser.add_subparsers(dest="verb", required=True)
    score_ = verbs.add_parser("score", help="score redaction on the test set")
    score_.add_argument("--file", type=Path, action="append", dest="files",
                        help="a test set; may be repeated (default: pii_sentences.yml and pii_gaps.yml)")
    score_.add_argument("--json", action="store_true", help="print the scores as JSON")
    score_.add_argument("--engine", choices=("ours", "presidio", "presidio-uk"), default="ours",
                        help="the redactor to score: ours, or Presidio for comparison (bot/redaction/presidio.py)")
    text = verbs.add_parser("text", help="print the redacted text of each argument, or of each line of stdin")
    text.add_argument("texts", nargs="*")
    text.add_argument("--json", action="store_true", help="print text and found spans as JSON lines")
    return parser


def main(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help and on usage errors
        return int(exc.code or 0)
    if args.verb == "text":
        for line in args.texts or (line.rstrip("\n") for line in sys.stdin):
            result = redact(line)
            print(json.dumps(asdict(result)) if args.json else result.text)
        return 0
    paths = args.files or list(DEFAULT_SETS)
    try:
        test_sets = [(path, load_set(path)) for path in paths]
    except (OSError, ValueError, KeyError, TypeError, yaml.YAMLError) as exc:
        print(f"cannot read the test set: {exc}", file=sys.stderr)
        return 2
    redactor = redact
    if args.engine != "ours":
        from bot.redaction.presidio import presidio_redactor

        try:
            redactor = presidio_redactor(args.engine)
        except ImportError as exc:
            print(exc, file=sys.stderr)
            return 2
    scores = [(path, score(test_set, redactor)) for path, test_set in test_sets]
    if args.json:
        print(json.dumps({path.name: as_json(s) for path, s in scores}, indent=2))
    else:
        print("\n\n".join(report(s, path) for path, s in scores))
    return 0


def as_json(s: Score) -> dict:
    """A score with the derived figures beside the counts."""
    return asdict(s) | {"recall": s.recall, "removed_share": s.removed_share,
                        "kind_recall": {k: s.kind_recall(k) for k in s.per_kind},
                        "gap_recall": {g: s.gap_recall(g) for g in s.per_gap},
                        "over_redaction": {k: s.over_redaction(k) for k in s.per_guard}, "summary": summary(s)}
