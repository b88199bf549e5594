"""Numbers from the raw turns, the like-for-like targets, and the tables ``make bench`` writes into
docs/performance.md (between its markers) with the plot beside it.""" 
from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any, Optional

import numpy as np

from bench.load import LevelResult, Turn

GB = 1e9

BEGIN = "<!-- make bench writes from here (bench/report.py); edits below are overwritten -->"
END = "<!-- make bench writes up to here -->"


# ---- numbers ------------------------------------------------------------------------------------------------

def level_summary(result: LevelResult) -> dict[str, Any]:
    ms = np.array([t.latency for t in result.turns]) * 1000
    errors = Counter(t.error for t in result.turns if t.error)
    p50, p95, p99 = (float(np.percentile(ms, q)) for q in (50, 95, 99)) if len(ms) else (None,) * 3
    return {
        "concurrency": result.concurrency, "elapsed_s": result.elapsed, "conversations": result.conversations,
        "turns": len(result.turns), "p50_ms": p50, "p95_ms": p95, "p99_ms": p99,
        "errors": sum(errors.values()), "error_kinds": dict(errors),
        # throughput while all the conversations of the level were going (no ramp-down at the end)
        "turns_per_s": sum(1 for t in result.turns if t.started + t.latency <= result.all_active_until)
        / result.all_active_until if result.all_active_until else None,
        "turns_per_s_overall": len(result.turns) / result.elapsed if result.elapsed else None,
        "all_active_s": result.all_active_until,
        "conversations_per_min": result.conversations / result.elapsed * 60 if result.elapsed else None,
        "journey_deviations": result.deviations,
        "raw": [t.as_row() for t in result.turns],
    }


def windows(n: int) -> tuple[range, range]:
    """The early and late windows of a long conversation of ``n`` turns: the issue's turns 1-100 and 301-400
    from 400 turns on, the first and fourth fifths of a shorter one (a quick run)."""
    if n >= 400:
        return range(1, 101), range(301, 401)
    fifth = max(1, n // 5)
    return range(1, fifth + 1), range(3 * fifth + 1, 4 * fifth + 1)


def long_summary(turns: list[Turn]) -> dict[str, Any]:
    ms = [t.latency * 1000 for t in turns]
    n = len(ms)
    early, late = windows(n)
    early_median = float(np.median([ms[i - 1] for i in early]))
    late_median = float(np.median([ms[i - 1] for i in late]))
    step = max(1, n // 10)
    return {
        "turns": n, "errors": sum(1 for t in turns if t.error),
        "error_kinds": dict(Counter(t.error for t in turns if t.error)),
        "early_window": [early[0], early[-1]], "late_window": [late[0], late[-1]],
        "early_median_ms": early_median, "late_median_ms": late_median,
        "late_over_early": late_median / early_median if early_median else None,
        "at_turn_ms": {str(k): ms[k - 1] for k in sorted({10, n // 5, n}) if 1 <= k <= n},
        # each value at a turn is one sample: the median of the ten turns ending there says the same, steadier
        "median_of_10_ending_at_ms": {str(k): float(np.median(ms[max(0, k - 10):k]))
                                      for k in sorted({10, n // 5, n}) if 1 <= k <= n},
        "window_size": step,
        "window_medians_ms": [[i + step, float(np.median(ms[i:i + step]))] for i in range(0, n - step + 1, step)],
        "raw_ms": [round(x, 3) for x in ms],
    }


def _get(d: Any, *keys: str) -> Any:
    for k in keys:
        if not isinstance(d, dict) or k not in d:
            return None
        d = d[k]
    return d


def ratio(ours: Optional[float], stock: Optional[float]) -> Optional[float]:
    """ours / stock, None when either is missing or stock is zero."""
    if ours is None or stock is None or stock == 0:
        return None
    return ours / stock


def ratio_text(value: Optional[float], kind: str) -> str:
    """A ratio as the tables write it: ``1.06×`` for a rate (higher is better); for a time or a size (lower is
    better) with the word that says which way: ``1.57× (slower)``, ``0.64× (faster)``."""
    if value is None:
        return ""
    text = f"{value:.2f}×"
    if kind == "rate" or round(value, 2) == 1.0:
        return text
    worse, better = {"time": ("slower", "faster"), "size": ("larger", "smaller")}[kind]
    return f"{text} ({worse if value > 1 else better})"


# ---- the targets ----------------------------------------------------------------------------------------------

THROUGHPUT_FACTOR = 1.5   # turns/s at 10 and 50 concurrent conversations: at least 1.5 x stock, like for like
ONE_AT_A_TIME_MS = 100.0  # p95 with one conversation at a time
LONG_GROWTH = 1.3         # median turn 301-400 / median turn 1-100, PostgreSQL with two workers
STACK_GB = 2.5            # peak resident memory of the whole stack
FIRST_ANSWER_S = 20.0     # launch to first answer


def targets(results: dict) -> list[dict[str, Any]]:
    """The issue's targets, each on the deployment it names: what is needed, ours, stock, met (None: not
    measured in this run)."""
    rows: list[dict[str, Any]] = []

    def row(deployment: str, name: str, need: str, unit: str, ours: Any, stock: Any, met: Optional[bool]) -> None:
        rows.append({"deployment": deployment, "target": name, "need": need, "unit": unit, "ours": ours,
                     "stock": stock, "met": met})

    for key, dep in (results.get("deployments") or {}).items():
        title = dep.get("title", key)
        ours, stock = dep.get("ours") or {}, dep.get("stock") or {}
        for level in ("10", "50"):
            o, s = _get(ours, "levels", level, "turns_per_s"), _get(stock, "levels", level, "turns_per_s")
            row(title, f"turns/s, {level} concurrent conversations", f"at least {THROUGHPUT_FACTOR} × stock"
                + (f" = {THROUGHPUT_FACTOR * s:.1f}" if s else ""), "turns/s", o, s,
                None if o is None or s is None else o >= THROUGHPUT_FACTOR * s)
        o, s = _get(ours, "levels", "10", "p95_ms"), _get(stock, "levels", "10", "p95_ms")
        row(title, "p95, 10 concurrent conversations", "at most stock's", "ms", o, s,
            None if o is None or s is None else o <= s)
        o, s = _get(ours, "levels", "1", "p95_ms"), _get(stock, "levels", "1", "p95_ms")
        row(title, "p95, one conversation at a time", f"under {ONE_AT_A_TIME_MS:.0f} ms", "ms", o, s,
            None if o is None else o < ONE_AT_A_TIME_MS)
        if key.startswith("two"):
            o, s = _get(ours, "long", "late_over_early"), _get(stock, "long", "late_over_early")
            row(title, "long conversation, median turn 301–400 ÷ turns 1–100", f"at most {LONG_GROWTH}", "x",
                o, s, None if o is None else o <= LONG_GROWTH)
        o, s = _get(ours, "levels", "50", "errors"), _get(stock, "levels", "50", "errors")
        row(title, "errors, 50 concurrent conversations", "none", "turns", o, s, None if o is None else o == 0)
        o, s = _get(ours, "memory_peak_bytes"), _get(stock, "memory_peak_bytes")
        row(title, "peak memory, whole stack", f"under {STACK_GB} GB", "GB", o / GB if o else None,
            s / GB if s else None, None if not o else o < STACK_GB * GB)
        o, s = _get(ours, "cold_start", "first_answer_s"), _get(stock, "cold_start", "first_answer_s")
        row(title, "launch to first answer", f"under {FIRST_ANSWER_S:.0f} s", "s", o, s,
            None if o is None else o < FIRST_ANSWER_S)
    return rows


# ---- the tables -----------------------------------------------------------------------------------------------

def _fmt(v: Any, unit: str = "") -> str:
    if v is None:
        return "not measured"
    if isinstance(v, float):
        if unit == "ms":
            return f"{v:.0f} ms" if v >= 10 else f"{v:.1f} ms"
        if unit == "x":
            return f"{v:.2f}×"
        if unit == "GB":
            return f"{v:.2f} GB"
        if unit == "s":
            return f"{v:.1f} s"
        return f"{v:.1f}" + (f" {unit}" if unit else "")
    return f"{v}" + (f" {unit}" if unit else "")


def _met(m: Optional[bool]) -> str:
    return {True: "yes", False: "**no**", None: "not measured"}[m]


def _load(values: Any) -> str:
    return " / ".join(f"{v:.2f}" for v in values) if values else "not recorded"


# (label, where in an assistant's results, unit, kind of ratio)
COMPARED = [
    ("turns/s, 10 concurrent conversations", ("levels", "10", "turns_per_s"), "", "rate"),
    ("p95, 10 concurrent", ("levels", "10", "p95_ms"), "ms", "time"),
    ("turns/s, 50 concurrent conversations", ("levels", "50", "turns_per_s"), "", "rate"),
    ("p95, 50 concurrent", ("levels", "50", "p95_ms"), "ms", "time"),
    ("p50, one conversation at a time", ("levels", "1", "p50_ms"), "ms", "time"),
    ("p95, one conversation at a time", ("levels", "1", "p95_ms"), "ms", "time"),
    ("long conversation, median turn 301–400 ÷ turns 1–100", ("long", "late_over_early"), "x", "time"),
    ("peak memory, whole stack", ("memory_peak_bytes",), "GB", "size"),
    ("launch to first answer", ("cold_start", "first_answer_s"), "s", "time"),
]


def _value(assistant: Any, path: tuple[str, ...], unit: str) -> Any:
    v = _get(assistant, *path)
    return v / GB if unit == "GB" and v else v


def compared_rows(ours: dict, stock: dict) -> list[tuple[str, str, str, str]]:
    """(measure, ours, stock, ratio) for each measure of COMPARED."""
    rows = []
    for label, path, unit, kind in COMPARED:
        o, s = _value(ours, path, unit), _value(stock, path, unit)
        rows.append((label, _fmt(o, unit), _fmt(s, unit), ratio_text(ratio(o, s), kind)))
    return rows


def like_for_like_table(results: dict) -> list[str]:
    deps = [(d.get("title", k), d) for k, d in (results.get("deployments") or {}).items() if "ours" in d]
    if not deps:
        return ["No deployment was measured in this run."]
    head = "| measure (same run, same deployment) | " + " | ".join(
        f"{title}: ours | stock | ratio" for title, _ in deps) + " |"
    out = [head, "| --- |" + " --- | --- | --- |" * len(deps)]
    per_dep = [compared_rows(d.get("ours") or {}, d.get("stock") or {}) for _, d in deps]
    for i, (label, *_rest) in enumerate(per_dep[0]):
        out.append(f"| {label} | " + " | ".join(" | ".join(rows[i][1:]) for rows in per_dep) + " |")
    return out


def as_shipped_table(results: dict) -> list[str]:
    """Ours as deployed on one machine (two workers, PostgreSQL, Redis) against the stock assistant as
    ``rasa init`` makes it (one process, SQLite): the comparison earlier runs reported."""
    deps = results.get("deployments") or {}
    ours = _get(deps, "two-workers-postgresql", "ours")
    stock = _get(deps, "one-worker-sqlite", "stock")
    if not ours or not stock:
        return ["Not measured in this run (both deployments are needed)."]
    out = ["| measure | ours: two workers, PostgreSQL, Redis | stock: one process, SQLite | ratio |",
           "| --- | --- | --- | --- |"]
    out += [f"| {label} | {o} | {s} | {r} |" for label, o, s, r in compared_rows(ours, stock)]
    return out


def levels_table(results: dict) -> list[str]:
    out = ["| deployment | assistant | concurrent | conversations | turns | p50 | p95 | p99 | errors | turns/s |",
           "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for key, dep in (results.get("deployments") or {}).items():
        for name in ("ours", "stock"):
            for level, s in sorted((_get(dep, name, "levels") or {}).items(), key=lambda kv: int(kv[0])):
                kinds = ", ".join(f"{k}: {v}" for k, v in s["error_kinds"].items())
                out.append(f"| {dep.get('title', key)} | {name} | {level} | {s['conversations']} | {s['turns']} | "
                           f"{_fmt(s['p50_ms'], 'ms')} | {_fmt(s['p95_ms'], 'ms')} | {_fmt(s['p99_ms'], 'ms')} | "
                           f"{s['errors']}{f' ({kinds})' if kinds else ''} | {_fmt(s['turns_per_s'])} |")
    return out


def long_table(results: dict) -> list[str]:
    out = ["| deployment | assistant | turns | median, turns 1–100 | median, turns 301–400 | ratio | errors |",
           "| --- | --- | --- | --- | --- | --- | --- |"]
    for key, dep in (results.get("deployments") or {}).items():
        for name in ("ours", "stock"):
            s = _get(dep, name, "long")
            if not s:
                continue
            if "skipped" in s:
                out.append(f"| {dep.get('title', key)} | {name} | {s['skipped']} | | | | |")
                continue
            early, late = s["early_window"], s["late_window"]
            out.append(f"| {dep.get('title', key)} | {name} | {s['turns']} | {s['early_median_ms']:.0f} ms "
                       f"(turns {early[0]}–{early[1]}) | {s['late_median_ms']:.0f} ms (turns {late[0]}–{late[1]}) | "
                       f"{_fmt(s['late_over_early'], 'x')} | {s['errors']} |")
    return out


def markdown(results: dict, plot_name: str) -> str:
    """What ``make bench`` writes between the page's markers."""
    meta = results["meta"]
    quick = meta.get("mode") == "quick"
    out: list[str] = []
    if quick:
        out += ["> **Quick smoke run** (`bench/run.py --quick`): a few seconds per level and a short long "
                "conversation. It proves the harness works; its numbers are indicative only.", ""]
    out += [f"Measured {meta['started']} by `{meta['command']}` in {meta['elapsed_s'] / 60:.1f} min, on "
            f"{meta['cpu']} ({meta['cores']} cores, {meta['memory_gb']:.1f} GB), {meta['os']}; Python, Rasa, "
            f"Rasa SDK, SQLAlchemy {meta['python']}, {meta['versions']}; code {meta['git']}; model "
            f"`{meta['model']}` ({meta['model_mb']:.1f} MB, {meta['model_mtime']}).", "",
            "Load average of the machine (1, 5, 15 min) before and after each part of the run:", "",
            "| part of the run | before | after |", "| --- | --- | --- |",
            f"| the whole run | {_load(meta.get('load_before'))} | {_load(meta.get('load_after'))} |"]
    for key, dep in (results.get("deployments") or {}).items():
        out.append(f"| {dep.get('title', key)} | {_load(dep.get('load_before'))} | {_load(dep.get('load_after'))} |")
    busy = [v for v in [*(meta.get("load_before") or [])[:1], *(meta.get("load_after") or [])[:1]]]
    if busy and max(busy) > 0.5 * (meta.get("cores") or 1):
        out += ["", "> The machine was busy with other work during this run (see the load average): absolute "
                "numbers are pessimistic and noisy. Each level is played against ours and then against the stock "
                "assistant, so drifts of the load fall on both alike; the ratios are the fairer reading."]
    out += ["", "### Targets (like for like)", "",
            "| deployment | target | needed | ours | stock | met? |", "| --- | --- | --- | --- | --- | --- |"]
    for t in results.get("targets") or []:
        out.append(f"| {t['deployment']} | {t['target']} | {t['need']} | {_fmt(t['ours'], t['unit'])} | "
                   f"{_fmt(t['stock'], t['unit'])} | {_met(t['met'])} |")
    out += ["", "### Like for like: both assistants in the same deployment, same run", ""]
    out += like_for_like_table(results)
    out += ["", "### As shipped: ours on two workers, PostgreSQL and Redis; stock as `rasa init` makes it", "",
            "A different deployment for each: this says what a trust gets from each as set up, not which "
            "assistant is faster.", ""]
    out += as_shipped_table(results)
    out += ["", "### Every level", "", f"Levels: {meta.get('level_plan', '')}.", ""]
    out += levels_table(results)
    deviations = [d for dep in (results.get("deployments") or {}).values()
                  for s in (_get(dep, "ours", "levels") or {}).values() for d in s["journey_deviations"]]
    out += ["", f"Journeys of ours that ended without advice: {len(deviations)}."
            + (f" First: {deviations[0]}." if deviations else "")]
    out += ["", "### Long conversations", ""]
    out += long_table(results)
    out += ["", "### Cost", "", "| measure | deployment | ours | stock |", "| --- | --- | --- | --- |"]
    for key, dep in (results.get("deployments") or {}).items():
        for path, label, unit in ((("memory_peak_bytes",), "peak memory, whole stack", "GB"),
                                  (("rasa_peak_bytes",), "peak memory, Rasa", "GB"),
                                  (("cold_start", "first_answer_s"), "launch to first answer", "s"),
                                  (("cold_start", "rasa_status_s"), "launch to Rasa answering HTTP", "s")):
            out.append(f"| {label} | {dep.get('title', key)} | {_fmt(_value(_get(dep, 'ours'), path, unit), unit)} | "
                       f"{_fmt(_value(_get(dep, 'stock'), path, unit), unit)} |")
    for key, dep in (results.get("deployments") or {}).items():
        per_turn = {name: database_per_turn(_get(dep, name, "database")) for name in ("ours", "stock")}
        if any(per_turn.values()):
            out.append(f"| PostgreSQL per practitioner turn: transactions, rows written, rows read; bytes per stored "
                       f"event | {dep.get('title', key)} | {per_turn['ours'] or 'not measured'} | "
                       f"{per_turn['stock'] or 'not measured'} |")
    m = results.get("mapper") or {}
    if "mapper_obs_per_s" in m:
        out.append(f"| observation mapper, one thread | | {m['mapper_obs_per_s']:.1f} observations/s alone; "
                   f"{m['pipeline_obs_per_s']:.1f}/s through Rasa's NLU pipeline | |")
    elif m.get("note"):
        out.append(f"| observation mapper, one thread | | {m['note']} | |")
    train = results.get("training") or {}
    if train.get("seconds"):
        out.append(f"| training (`rasa train --force`) | | {_fmt(train['seconds'], 's')} | |")
    notes = results.get("notes") or []
    if notes:
        out += ["", "### Notes", ""] + [f"- {n}" for n in notes]
    out += ["", f"![Latency per level and deployment, and along a long conversation]({plot_name})", "",
            f"Raw turns: `{meta.get('raw_json', '')}`; server logs: `{meta.get('logs', '')}`."]
    return "\n".join(out)


def database_per_turn(activity: Optional[dict]) -> str:
    """PostgreSQL's counters divided by the practitioner turns stored: '1.0 transactions, 7.9 rows written,
    41 rows read; 312 bytes an event'; '' when not measured. Rows written are those inserted and updated
    (PostgreSQL also counts rows it deletes from its own catalogues)."""
    if not activity or not activity.get("user_turns"):
        return ""
    turns = activity["user_turns"]
    written = sum(activity.get(k) or 0 for k in ("rows_inserted", "rows_updated"))
    return (f"{activity['commits'] / turns:.1f} transactions, {written / turns:.1f} rows written, "
            f"{(activity.get('rows_fetched') or 0) / turns:.0f} rows read; "
            f"{activity.get('event_bytes_avg', 0):.0f} bytes an event")


def with_generated(page: str, generated: str) -> str:
    """``page`` with the text between its markers replaced by ``generated``; the markers and the generated
    text appended when the page has none yet. Everything outside the markers is left as it was."""
    block = f"{BEGIN}\n\n{generated.strip()}\n\n{END}"
    start, end = page.find(BEGIN), page.find(END)
    if start == -1 or end == -1 or end < start:
        return page.rstrip() + ("\n\n" if page.strip() else "") + block + "\n"
    return page[:start] + block + page[end + len(END):]


def plot(results: dict, path: Path) -> None:
    os.environ.setdefault("MPLBACKEND", "Agg")
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.5))
    colours = {"ours": "tab:blue", "stock": "tab:orange"}
    styles = ["-", "--"]
    for i, (key, dep) in enumerate((results.get("deployments") or {}).items()):
        for name in ("ours", "stock"):
            levels = sorted((_get(dep, name, "levels") or {}).items(), key=lambda kv: int(kv[0]))
            if not levels:
                continue
            left.plot([int(k) for k, _ in levels], [v["p95_ms"] for _, v in levels], styles[i % 2], marker="o",
                      color=colours[name], label=f"{name} p95, {dep.get('title', key)}")
            pts = (_get(dep, name, "long") or {}).get("window_medians_ms")
            if pts:
                right.plot([p[0] for p in pts], [p[1] for p in pts], styles[i % 2], marker=".",
                           color=colours[name], label=f"{name}, {dep.get('title', key)}")
    left.set_xscale("log")
    left.set_yscale("log")
    left.set_xticks([1, 10, 50])
    left.get_xaxis().set_major_formatter(matplotlib.ticker.ScalarFormatter())
    left.set_xlabel("concurrent conversations")
    left.set_ylabel("p95 turn latency (ms)")
    left.set_title("p95 turn latency over the REST channel")
    left.grid(True, which="both", alpha=0.3)
    left.legend(fontsize=7)
    right.set_xlabel("turn (end of window)")
    right.set_ylabel("median turn latency (ms)")
    right.set_title("One long conversation")
    right.set_ylim(bottom=0)
    right.grid(True, alpha=0.3)
    right.legend(fontsize=7)
    if (results.get("meta") or {}).get("mode") == "quick":
        fig.suptitle("quick smoke run: indicative only", color="tab:red")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write(results: dict, page: Path) -> tuple[Path, Path]:
    """The tables into ``page`` between its markers (the page is made if missing), the plot beside it."""
    page.parent.mkdir(parents=True, exist_ok=True)
    image = page.with_suffix(".png")
    plot(results, image)
    existing = page.read_text() if page.exists() else "# Performance\n"
    page.write_text(with_generated(existing, markdown(results, image.name)))
    return page, image
