"""Where a turn's time goes: py-spy's raw stacks, each sample put under one part of the turn.

py-spy (``py-spy record --format raw --threads``) writes one line per distinct stack: the frames from the
outside in, separated by ``;``, then the number of samples. Each sample is given to the first part of
``PARTS`` whose pattern matches the stack (the frames joined, outside in), so a spaCy call made by the
redaction counts as redaction and one made by the observation mapper counts as the mapper's clause parsing.
The order of ``PARTS`` is therefore the order of precedence, most specific first.

Samples of the main thread, which runs the event loop, are told apart from samples of worker threads (the
conversation store's database threads): only the event loop's time holds up the other conversations.

py-spy cannot always tell a waiting thread from a working one (``--nonblocking``, and waits inside C): a
stack whose innermost frame is a known wait (the event loop's ``select`` inside uvloop, shown as Sanic's
``serve``; a pool thread waiting for work; a lock or queue wait) is idle and left out.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Optional

# (part of the turn, pattern the stack must match, pattern it must not match), in order of precedence; the
# stack is "function (path:line);..." from the outside in
_PARTS: list[tuple[str, str, str]] = [
    ("redaction (bot.redaction, its spaCy pass included)", r"bot/redaction|event_redaction\.py", ""),
    ("NLU: observation mapper, clause classifier", r"bot/observations/(?:classifier|linear_models)\.py", ""),
    ("NLU: observation mapper, spaCy parsing", r"bot/observations/.*site-packages/(?:spacy|thinc)/", ""),
    ("NLU: observation mapper, rules and qualifiers", r"bot/observations/", ""),
    ("NLU: Rasa's tokenizer, featurizers, intent classifier", r"site-packages/rasa/nlu/|site-packages/sklearn/", ""),
    ("policies and the tracker state they read", r"site-packages/rasa/core/policies/|recent_history\.py|"
                                                 r"site-packages/rasa/core/featurizers/", ""),
    ("the action call (Rasa's side: request, response, checks)", r"site-packages/rasa/utils/endpoints\.py|"
                                                                  r"site-packages/aiohttp/|site-packages/jsonschema/|"
                                                                  r"action_calls\.py|_action_call_format", ""),
    ("conversation store reads and writes", r"bot/transcripts/|site-packages/sqlalchemy/|sqlite3|psycopg2|"
                                           r"site-packages/rasa/core/tracker_store\.py", ""),
    ("lock store", r"lock_store\.py|site-packages/redis/", ""),
    ("Rasa's graph runner (dask), around the NLU and policy components", r"site-packages/dask/", ""),
    ("the channel (HTTP, the REST channel's own work)", r"bot/channels/|site-packages/sanic/|site-packages/httptools/|"
                                                         r"site-packages/rasa/core/channels/",
     r"site-packages/rasa/core/(?:agent|processor)\.py"),
    ("Rasa's turn machinery (processor, tracker, forms, responses)", r"site-packages/rasa/", ""),
]
PARTS: list[tuple[str, re.Pattern[str], Optional[re.Pattern[str]]]] = [
    (name, re.compile(pattern), re.compile(unless) if unless else None) for name, pattern, unless in _PARTS]
OTHER = "other (the event loop, logging, Python itself)"
MAIN_THREAD = re.compile(r"^thread \(0x[0-9A-Fa-f]+\): MainThread$")
# innermost frames that are waits, not work
IDLE = re.compile(r"^(?:serve \(.*sanic/server/runners\.py|_worker \(.*concurrent/futures/thread\.py|"
                  r"select \(.*selectors\.py|wait \(.*threading\.py|get \(.*queue\.py|"
                  r"run_forever \(.*asyncio/base_events\.py|_run_once \(.*asyncio/base_events\.py)")


@dataclass
class Breakdown:
    """Samples per part of the turn, on the event loop's thread and on the others."""

    rate: int
    loop: Counter = field(default_factory=Counter)
    threads: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.loop.values()) + sum(self.threads.values())

    def ms_per_turn(self, turns: int) -> dict[str, tuple[float, float]]:
        """Each part's CPU time per turn in ms: (on the event loop, in other threads)."""
        scale = 1000.0 / self.rate / max(1, turns)
        parts = [name for name, _, _ in PARTS] + [OTHER]
        return {name: (self.loop[name] * scale, self.threads[name] * scale) for name in parts
                if self.loop[name] or self.threads[name]}


def part_of(frames: list[str]) -> str:
    """The part of the turn one stack belongs to (see PARTS)."""
    stack = ";".join(frames)
    for name, pattern, unless in PARTS:
        if pattern.search(stack) and not (unless and unless.search(stack)):
            return name
    return OTHER


def parse_line(line: str) -> tuple[list[str], int] | None:
    """One line of py-spy's raw output as (frames, samples); None for a line that is not a stack."""
    stack, _, count = line.rstrip().rpartition(" ")
    if not stack or not count.isdigit():
        return None
    return stack.split(";"), int(count)


def breakdown(lines: Iterable[str], rate: int) -> Breakdown:
    """Samples per part, from py-spy's raw output recorded at ``rate`` samples a second."""
    result = Breakdown(rate)
    for line in lines:
        parsed = parse_line(line)
        if parsed is None:
            continue
        frames, count = parsed
        if IDLE.match(frames[-1]):
            continue
        on_loop = any(MAIN_THREAD.match(frame) for frame in frames)
        (result.loop if on_loop else result.threads)[part_of(frames)] += count
    return result


def table(parts: dict[str, tuple[float, float]], turns: int, seconds: float) -> list[str]:
    """A Markdown table of the parts, largest first, with their share of the event loop's busy time."""
    loop_total = sum(loop for loop, _ in parts.values()) or 1.0
    rows = ["| part of the turn | event loop, ms per turn | share of the event loop's busy time | "
            "other threads, ms per turn (waits included) |", "| --- | --- | --- | --- |"]
    for name, (loop, other) in sorted(parts.items(), key=lambda kv: -kv[1][0] - kv[1][1]):
        rows.append(f"| {name} | {loop:.1f} | {100 * loop / loop_total:.0f}% | {other:.1f} |")
    rows.append(f"| **all** ({turns} turns in {seconds:.0f} s) | {loop_total:.1f} | 100% | "
                f"{sum(o for _, o in parts.values()):.1f} |")
    return rows


# what the conversation store's threads wait for or do, by the innermost step of their stacks
_STORE_STEPS: list[tuple[str, re.Pattern[str]]] = [(name, re.compile(pattern)) for name, pattern in [
    ("waiting for SQLite's write lock (BEGIN IMMEDIATE)", r"_on_begin \("),
    ("opening a database connection (connect, PRAGMAs)", r"_on_connect \(|_secure_delete \(|"
                                                          r"connect \([^;]*engine/default\.py:\d+\)$|pool/"),
    ("commit (the write reaching the disk)", r"do_commit \([^;]*$"),
    ("closing the connection", r"(?:do_close|do_rollback) \([^;]*$"),
    ("queries and rows", r"."),
]]


def store_steps(lines: Iterable[str], rate: int, turns: int) -> dict[str, float]:
    """ms per turn the conversation store's threads spend on each step (waits included: a thread waiting for
    SQLite's lock sleeps inside SQLite, which py-spy counts as busy)."""
    found: Counter = Counter()
    for line in lines:
        parsed = parse_line(line)
        if parsed is None:
            continue
        frames, count = parsed
        if IDLE.match(frames[-1]) or any(MAIN_THREAD.match(frame) for frame in frames):
            continue
        if part_of(frames) != "conversation store reads and writes":
            continue
        stack = ";".join(frames)
        found[next(name for name, pattern in _STORE_STEPS if pattern.search(stack))] += count
    scale = 1000.0 / rate / max(1, turns)
    return {name: found[name] * scale for name, _ in _STORE_STEPS if found[name]}
