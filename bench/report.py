"""Numbers from the raw turns, the targets of the benchmark issue, and docs/performance.md with its plot."""
from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any, Optional

import numpy as np

from bench.load import LevelResult, Turn

GB = 1e9

# What the issue measured for the stock assistant on this machine kind, for comparison with this run.
ISSUE_STOCK = {
    "one at a time": "p50 43 ms, p95 64 ms",
    "10 concurrent": "p95 1.2 s at 14 turns/s",
    "50 concurrent": "p95 5.2 s at 15 turns/s",
    "long conversation": "median 101 ms (turns 1-100) to 711 ms (turns 301-400): 7 times",
    "start to ready": "42 s",
    "memory": "1.3 GB per Rasa process",
}


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


def _get(d: Optional[dict], *keys: str) -> Any:
    for k in keys:
        if not isinstance(d, dict) or k not in d:
            return None
        d = d[k]
    return d


def targets(results: dict) -> list[dict[str, Any]]:
    """The issue's targets: what was asked, our value, the stock value, and whether it is met (None: not
    measured in this run)."""
    ours, stock = results.get("ours", {}), results.get("stock", {})
    rows: list[dict[str, Any]] = []

    def row(name: str, ours_v: Any, stock_v: Any, met: Optional[bool], unit: str, need: str,
            indicative: bool = False) -> None:
        rows.append({"target": name, "need": need, "ours": ours_v, "stock": stock_v, "met": met, "unit": unit,
                     "indicative": indicative})

    for level in ("10", "50"):
        o, s = _get(ours, "levels", level, "turns_per_s"), _get(stock, "levels", level, "turns_per_s")
        row(f"turns/s at {level} concurrent conversations", o, s,
            None if o is None or s is None else o >= 2 * s, "turns/s",
            "at least 2 x stock" + (f" = {2 * s:.1f}" if s else ""))
    o, s = _get(ours, "levels", "10", "p95_ms"), _get(stock, "levels", "10", "p95_ms")
    row("p95 at 10 concurrent conversations", o, s, None if o is None or s is None else o <= s / 2, "ms",
        "at most stock / 2" + (f" = {s / 2:.0f} ms" if s else ""))
    o, s = _get(ours, "levels", "1", "p95_ms"), _get(stock, "levels", "1", "p95_ms")
    row("p95 one conversation at a time (with the action server)", o, s, None if o is None else o < 150, "ms",
        "under 150 ms")
    for store in ("sqlite", "postgresql"):
        long_o = _get(ours, "long", store)
        o = _get(long_o, "late_over_early")
        s = _get(stock, "long", "sqlite", "late_over_early") if store == "sqlite" else None
        label = "-".join(map(str, _get(long_o, "late_window") or [301, 400]))
        early = "-".join(map(str, _get(long_o, "early_window") or [1, 100]))
        short = (_get(long_o, "turns") or 500) < 400
        row(f"long conversation, {store}: median turn {label} / median turn {early}", o, s,
            None if o is None else o <= 1.3, "x", "at most 1.3 (stock: 7 in the issue)"
            + (", over turns 1-100 and 301-400" if short else ""), indicative=short)
    o, s = _get(ours, "levels", "50", "errors"), _get(stock, "levels", "50", "errors")
    row("errors at 50 concurrent conversations", o, s, None if o is None else o == 0, "turns", "none")
    o = _get(results, "memory", "group_peak_bytes", "ours")
    s = _get(results, "memory", "group_peak_bytes", "stock")
    row("peak resident memory of the whole stack (Rasa + action server)", o / GB if o else None,
        s / GB if s else None, None if o is None else o < 2.5 * GB, "GB", "under 2.5 GB")
    return rows


# ---- the page -----------------------------------------------------------------------------------------------

def _fmt(v: Any, unit: str = "") -> str:
    if v is None:
        return "not measured"
    if isinstance(v, float):
        if unit == "ms":
            return f"{v:.0f} ms" if v >= 10 else f"{v:.1f} ms"
        if unit == "x":
            return f"{v:.2f} x"
        if unit == "GB":
            return f"{v:.2f} GB"
        if unit == "s":
            return f"{v:.1f} s"
        return f"{v:.1f}" + (f" {unit}" if unit else "")
    return f"{v}" + (f" {unit}" if unit else "")


def _met(m: Optional[bool], indicative: bool = False) -> str:
    text = {True: "yes", False: "**no**", None: "not measured"}[m]
    return f"{text} (too short to judge)" if indicative and m is not None else text


def _mb(b: Optional[int]) -> str:
    return "not measured" if not b else f"{b / GB:.2f} GB"


def markdown(results: dict, plot_name: str) -> str:
    meta = results["meta"]
    quick = meta["mode"] == "quick"
    out: list[str] = ["# Performance", ""]
    if quick:
        out += ["> **Quick smoke run** (`python bench/run.py --quick`): a few conversations per level, a short "
                "long conversation, no 50-concurrent level, no training, and the stock model reused from "
                "var/bench/stock. It proves the harness works end to end; its numbers are indicative only. "
                "The benchmark is `make bench`, on a quiet machine.", ""]
    out += [f"Measured {meta['started']} by `{meta['command']}` ({meta['elapsed_s'] / 60:.1f} min).", "",
            "| machine | |", "| --- | --- |",
            f"| CPU | {meta['cpu']} ({meta['cores']} cores) |",
            f"| memory | {meta['memory_gb']:.1f} GB |",
            f"| load average (1 min) before / after | {meta['load_before']:.2f} / {meta['load_after']:.2f} |",
            f"| OS | {meta['os']} |",
            f"| Python, Rasa, Rasa SDK, SQLAlchemy | {meta['python']}, {meta['versions']} |",
            f"| code | {meta['git']} |",
            f"| model | `{meta['model']}` ({meta['model_mb']:.1f} MB, {meta['model_mtime']}) |",
            f"| memory sampled with | {meta['memory_source']}, every 0.5 s |",
            f"| our Rasa server | {meta.get('ours_setup', 'one Rasa process')}, and the action server |",
            "| the stock Rasa server | one process, as the issue measured it |", ""]
    if meta["load_before"] > 0.5 * meta["cores"] or meta["load_after"] > 1.5 * meta["cores"]:
        out += ["> The machine was busy with other work during this run (see the load average): absolute "
                "numbers are pessimistic. The ratios to the stock assistant, measured in the same run with its "
                "load interleaved with ours, are the fairer reading.", ""]

    out += ["## Targets", "",
            "Ours and the stock assistant (`rasa init`, moodbot) are measured in the same run on the same machine;"
            " each level of load is played against ours and then against the stock one. Ours runs as it would be "
            f"deployed on one machine: {meta.get('ours_setup', 'one Rasa process')}. The stock one runs as the "
            "issue measured it: one Rasa process, SQLite.", "",
            "| target | needed | ours | stock | met? |", "| --- | --- | --- | --- | --- |"]
    for t in results["targets"]:
        out.append(f"| {t['target']} | {t['need']} | {_fmt(t['ours'], t['unit'])} | {_fmt(t['stock'], t['unit'])} "
                   f"| {_met(t['met'], t.get('indicative', False))} |")
    out.append("")

    out += ["## Turn latency and throughput over the REST channel", "",
            "Each conversation is a whole concern: ours is a teacher worried about a 7-year-old (immediate danger "
            "\"No\", role, age, two observations out of ten written for the benchmark, \"That's everything\", "
            "every follow-up question answered \"Not sure\" until the advice, then \"Yes, a summary\"), through "
            "the real action server; the stock one is moodbot's \"hi\", \"I am sad\", \"yes\", \"bye\" repeated "
            f"to 9 turns. A level keeps that many conversations going at once for its time "
            f"({meta['level_plan']}); conversations under way then finish. An error is a failed or timed-out "
            "request, an empty reply, or the safe fallback (\"Something went wrong\"). Percentiles are over "
            "every turn, errors included. *turns/s* counts the turns that ended while all the level's conversations "
            "were still going (the targets use it); *overall* divides every turn by the whole time, the last "
            "conversations finishing included.", "",
            "| assistant | concurrent | conversations | turns | p50 | p95 | p99 | errors | turns/s | turns/s overall "
            "| conversations/min |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name in ("ours", "stock"):
        for level, s in sorted((results.get(name, {}).get("levels") or {}).items(), key=lambda kv: int(kv[0])):
            kinds = ", ".join(f"{k}: {v}" for k, v in s["error_kinds"].items())
            out.append(f"| {name} | {level} | {s['conversations']} | {s['turns']} | {_fmt(s['p50_ms'], 'ms')} | "
                       f"{_fmt(s['p95_ms'], 'ms')} | {_fmt(s['p99_ms'], 'ms')} | {s['errors']}"
                       f"{f' ({kinds})' if kinds else ''} | {s['turns_per_s']:.1f} | "
                       f"{s['turns_per_s_overall']:.1f} | {s['conversations_per_min']:.1f} |")
    deviations = [d for s in (results.get("ours", {}).get("levels") or {}).values() for d in s["journey_deviations"]]
    out += ["", f"Journeys of ours that ended without advice: {len(deviations)}."
            + (f" First: {deviations[0]}." if deviations else ""), ""]

    out += ["## Long conversations", "",
            "One conversation, one message after the other, never ended. Ours: one child after another, as a "
            "safeguarding lead talking several cases through might: the danger question, role and age, two short "
            "observations, a side question, \"That's everything\", follow-up questions answered \"Not sure\", "
            "then \"start again\" (the stored history grows all the way; each concern stays the size of a real "
            "one). Stock: moodbot's four messages over and over, to 400 turns. Values at a turn are single turns; the median of the "
            "ten turns ending there is beside it.", "",
            "| assistant | tracker store | turns | median, early window | median, late window | late / early | "
            "at turn (median of 10) | errors |", "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name in ("ours", "stock"):
        for store, s in (results.get(name, {}).get("long") or {}).items():
            if "skipped" in s:
                out.append(f"| {name} | {store} | skipped: {s['skipped']} | | | | | |")
                continue
            at = "; ".join(f"{k}: {v:.0f} ms ({s['median_of_10_ending_at_ms'][k]:.0f})"
                           for k, v in s["at_turn_ms"].items())
            out.append(f"| {name} | {store} | {s['turns']} | {s['early_median_ms']:.0f} ms (turns "
                       f"{s['early_window'][0]}-{s['early_window'][1]}) | {s['late_median_ms']:.0f} ms (turns "
                       f"{s['late_window'][0]}-{s['late_window'][1]}) | {s['late_over_early']:.2f} | {at} | "
                       f"{s['errors']} |")
    out.append("")

    mem = results.get("memory", {})
    peaks, groups = mem.get("peak_bytes", {}), mem.get("group_peak_bytes", {})
    out += ["## Cost", "", "| measure | ours | stock |", "| --- | --- | --- |",
            f"| peak resident memory, Rasa | {_mb(peaks.get('ours Rasa'))} | {_mb(peaks.get('stock Rasa'))} |",
            f"| peak resident memory, action server | {_mb(peaks.get('ours action server'))} | none |",
            "| peak resident memory, whole stack (sampled together) | "
            f"{_mb(groups.get('ours'))} | {_mb(groups.get('stock'))} |"]
    if peaks.get("ours-pg Rasa"):
        out.append(f"| peak resident memory, Rasa with PostgreSQL | {_mb(peaks.get('ours-pg Rasa'))} | |")
    for key, label in (("first_answer_s", "cold start: launch until the first answer"),
                       ("rasa_status_s", "cold start: launch until Rasa answers (REST channel)"),
                       ("actions_ready_s", "cold start: launch until the action server answers")):
        o, s = _get(results, "ours", "cold_start", key), _get(results, "stock", "cold_start", key)
        out.append(f"| {label} | {_fmt(o, 's')} | {_fmt(s, 's') if key != 'actions_ready_s' else 'none'} |")
    o = _get(results, "ours", "cold_start", "warm_up_turns_ms")
    s_ = _get(results, "stock", "cold_start", "warm_up_turns_ms")
    out.append(f"| the first whole conversation after the first answer: slowest turn | "
               f"{_fmt(max(o), 'ms') if o else 'not measured'} | {_fmt(max(s_), 'ms') if s_ else 'not measured'} |")
    train = results.get("training") or {}
    stock_init = results.get("stock_init") or {}
    out.append(f"| training time (`rasa train --force`; stock: `rasa init`, which trains) | "
               f"{_fmt(train.get('seconds'), 's') if train.get('seconds') else train.get('note', 'not measured')} | "
               f"{_fmt(stock_init.get('init_s'), 's') if stock_init.get('init_s') else stock_init.get('source', '')} |")
    m = results.get("mapper") or {}
    if "mapper_obs_per_s" in m:
        out.append(f"| observation mapper, one thread | {m['mapper_obs_per_s']:.1f} observations/s alone; "
                   f"{m['pipeline_obs_per_s']:.1f}/s through Rasa's NLU pipeline ({m['observations']} held-out "
                   f"observations x {m['rounds']}) | |")
    else:
        out.append(f"| observation mapper | {m.get('note', 'not measured')} | |")
    out.append("")

    out += ["## The stock assistant as the issue measured it", "",
            "For comparison with this run's stock column (same machine kind, SQLite tracker store, one Rasa "
            "process):", ""] + [f"- {k}: {v}" for k, v in ISSUE_STOCK.items()] + [""]

    notes = results.get("notes") or []
    if notes:
        out += ["## Notes", ""] + [f"- {n}" for n in notes] + [""]

    out += [f"![Latency per level of concurrency, and per window of a long conversation]({plot_name})", "",
            "## How to reproduce", "",
            "```sh",
            "make bench                        # the full run (about 15 minutes): writes this page, its plot,",
            "                                  # and the raw numbers in var/bench/",
            ".venv/bin/python bench/run.py --quick   # a smoke run of a few minutes; writes var/bench/quick/",
            ".venv/bin/python bench/run.py --help    # levels, durations, turns, what to skip",
            "```", "",
            "Run it on a quiet machine: the load generator shares the cores with the servers. The full run "
            "trains our model into a temporary folder (timed, `--force`), makes and trains the stock assistant "
            "with `rasa init` in a temporary folder (timed; kept in var/bench/stock for `--quick`), starts both "
            "on free ports (ours with `--workers` Sanic workers, default 2, the Redis lock store, and PostgreSQL at "
            "`--database-url`, default `postgresql://127.0.0.1:5432/test`, when it answers, else SQLite; the stock "
            "one with a new SQLite file), plays the levels and the long conversations, then the long conversation "
            "again on the other store, and the observation mapper's throughput (bench/mapper_throughput.py). "
            f"Raw turns: `{meta['raw_json']}`.", ""]
    return "\n".join(out)


def plot(results: dict, path: Path) -> None:
    os.environ.setdefault("MPLBACKEND", "Agg")
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.5))
    colours = {"ours": "tab:blue", "stock": "tab:orange"}
    for name in ("ours", "stock"):
        levels = sorted((results.get(name, {}).get("levels") or {}).items(), key=lambda kv: int(kv[0]))
        if not levels:
            continue
        x = [int(k) for k, _ in levels]
        for q, style in (("p50", "-"), ("p95", "--"), ("p99", ":")):
            left.plot(x, [v[f"{q}_ms"] for _, v in levels], style, marker="o", color=colours[name],
                      label=f"{name} {q}")
    left.set_xscale("log")
    left.set_yscale("log")
    left.set_xticks([1, 10, 50])
    left.get_xaxis().set_major_formatter(matplotlib.ticker.ScalarFormatter())
    left.set_xlabel("concurrent conversations")
    left.set_ylabel("turn latency (ms)")
    left.set_title("Turn latency over the REST channel")
    left.grid(True, which="both", alpha=0.3)
    left.legend(fontsize=8)

    styles = {("ours", "sqlite"): ("tab:blue", "-"), ("ours", "postgresql"): ("tab:green", "-"),
              ("stock", "sqlite"): ("tab:orange", "--")}
    window = None
    for (name, store), (colour, style) in styles.items():
        s = _get(results, name, "long", store)
        if not s or "skipped" in s:
            continue
        window = s["window_size"]
        pts = s["window_medians_ms"]
        right.plot([p[0] for p in pts], [p[1] for p in pts], style, marker="o", color=colour,
                   label=f"{name}, {store}")
    right.set_xlabel("turn (end of window)")
    right.set_ylabel("median turn latency (ms)")
    right.set_title(f"One long conversation: median per {window or ''}-turn window")
    right.set_ylim(bottom=0)
    right.grid(True, alpha=0.3)
    right.legend(fontsize=8)
    if results["meta"]["mode"] == "quick":
        fig.suptitle("quick smoke run: indicative only", color="tab:red")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write(results: dict, out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    page, image = out_dir / "performance.md", out_dir / "performance.png"
    plot(results, image)
    page.write_text(markdown(results, image.name))
    return page, image
