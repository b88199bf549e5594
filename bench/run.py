"""The benchmark of the assistant against the stock ``rasa init`` assistant, on the same machine in one run.

    .venv/bin/python bench/run.py            # the full run (make bench): writes docs/performance.md and .png
    .venv/bin/python bench/run.py --quick    # a smoke run of a few minutes: writes var/bench/quick/

Measures turn latency and throughput over the REST channel at 1, 10 and 50 concurrent conversations (ours
with the real action server), latency along one long conversation (SQLite, and PostgreSQL when the tracker
store supports BOT_DATABASE_URL), peak resident memory, cold start, training time and the observation
mapper's throughput; checks them against the targets of the benchmark issue; keeps the raw turns as JSON in
var/bench/. Run the full benchmark on a quiet machine: the load generator shares the cores with the servers.
"""
from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import contextlib
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import load, report, stack, stock  # noqa: E402

VAR = ROOT / "var" / "bench"
DEFAULT_DATABASE_URL = "postgresql://127.0.0.1:5432/test"

# concurrency -> (seconds of load, at least this many conversations); every worker plays at least one
FULL_LEVELS = {1: (30.0, 0), 10: (45.0, 0), 50: (60.0, 0)}
STOCK_LONG_TURNS = 400  # enough for its turns 301-400; its turns grow slow, and the run must stay under 15 min
QUICK_LEVELS = {1: (0.0, 3), 10: (0.0, 10)}


def log(message: str) -> None:
    print(f"[bench {dt.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def parse_levels(text: str) -> dict[int, tuple[float, int]]:
    """``1=60,10=90,50=120``: concurrency=seconds of load."""
    levels = {}
    for part in text.split(","):
        level, _, seconds = part.partition("=")
        levels[int(level)] = (float(seconds or 60), 0)
    return levels


# ---- the machine ----------------------------------------------------------------------------------------------

def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gb() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) * 1024 / report.GB
    except OSError:
        pass
    return 0.0


def _git() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    changed = len([line for line in git("status", "--porcelain").splitlines() if line.strip()])
    return f"{git('rev-parse', '--short', 'HEAD')}" + (f" with {changed} uncommitted changes" if changed else "")


def _versions() -> str:
    from importlib.metadata import version
    return ", ".join(version(p) for p in ("rasa", "rasa-sdk", "SQLAlchemy"))


def machine(args: argparse.Namespace, model: Path) -> dict[str, Any]:
    stat = model.stat()
    return {
        "mode": "quick" if args.quick else "full", "command": " ".join(["bench/run.py", *sys.argv[1:]]),
        "started": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "cpu": _cpu(), "cores": os.cpu_count(), "memory_gb": _memory_gb(), "load_before": os.getloadavg()[0],
        "os": f"{platform.system()} {platform.release()}", "python": platform.python_version(),
        "versions": _versions(), "git": _git(),
        "model": str(model.relative_to(ROOT) if model.is_relative_to(ROOT) else model), "model_mb": stat.st_size / 1e6,
        "model_mtime": dt.datetime.fromtimestamp(stat.st_mtime).strftime("%Y-%m-%d %H:%M"),
        "memory_source": stack.MemorySampler().source,
        "ours_setup": (f"{args.workers} Sanic worker processes (SANIC_WORKERS={args.workers}), the Redis lock store "
                       "of endpoints.scale.yml" if args.workers > 1 else "one Rasa process, the in-memory lock store "
                       "(the make run set-up)"),
    }


# ---- the parts of a run ---------------------------------------------------------------------------------------

def time_training(workdir: Path, logs: Path) -> dict[str, Any]:
    """``rasa train --force`` of our assistant into a temporary folder, with a cache of its own."""
    out = workdir / "train"
    env = stack.base_env()
    env["RASA_CACHE_DIRECTORY"] = str(workdir / "train-cache")
    started = time.monotonic()
    with open(logs / "train.log", "ab") as f:
        done = subprocess.run(stack.rasa_command("train", "--force", "--out", str(out),
                                                  "--fixed-model-name", "bench"), cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                              stdout=f, stderr=subprocess.STDOUT)
    seconds = time.monotonic() - started
    if done.returncode != 0:
        return {"seconds": None, "note": f"rasa train failed ({done.returncode}): see {logs / 'train.log'}"}
    return {"seconds": seconds}


def mapper_throughput(model: Path, rounds: int, logs: Path) -> dict[str, Any]:
    """bench/mapper_throughput.py in a process of its own (it loads the model), its numbers as JSON."""
    done = subprocess.run([str(stack.VENV_BIN / "python"), str(ROOT / "bench" / "mapper_throughput.py"), "--json",
                           "--model", str(model), "--rounds", str(rounds)], cwd=ROOT, env=stack.base_env(),
                          stdin=subprocess.DEVNULL, capture_output=True, text=True)
    (logs / "mapper.log").write_text(done.stdout + done.stderr)
    for line in reversed(done.stdout.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    return {"note": f"bench/mapper_throughput.py failed ({done.returncode}): see {logs / 'mapper.log'}"}


def postgres_support(database_url: str) -> Optional[str]:
    """None when the long conversation can run on PostgreSQL, else why not."""
    if "BOT_DATABASE_URL" not in (ROOT / "endpoints.yml").read_text():
        return "endpoints.yml does not use BOT_DATABASE_URL yet (the tracker store change has not landed)"
    try:
        import psycopg2
        psycopg2.connect(database_url, connect_timeout=3).close()
    except Exception as e:  # any reason the server cannot be reached is a reason to skip, with the reason
        return f"PostgreSQL at {database_url} does not answer: {type(e).__name__}: {str(e).strip()[:160]}"
    return None


async def warm_up(url: str, journey: load.Journey, label: str) -> list[float]:
    """One whole conversation first, kept apart: the first observation loads the mapper's lazy parts.
    Returns its turns' latencies in ms."""
    result = await load.run_level(url, journey, 1, duration=0, label=f"{label}-warmup", timeout=120)
    return [round(t.latency * 1000, 1) for t in result.turns]


def play_levels(ours: stack.Running, stock_r: stack.Running, levels: dict, timeout: float) -> dict[str, dict]:
    """Each level against ours, then against the stock assistant, so that drifts of the machine's load fall
    on both alike."""
    out: dict[str, dict] = {"ours": {}, "stock": {}}
    for level, (seconds, most) in sorted(levels.items()):
        for name, running, journey in (("ours", ours, load.ours_journey), ("stock", stock_r, load.stock_journey)):
            log(f"{name}: {level} concurrent conversations for {seconds:.0f} s"
                + (f", at least {most} conversations" if most else ""))
            result = asyncio.run(load.run_level(running.url, journey, level, duration=seconds, label=name,
                                                min_conversations=most, timeout=timeout))
            s = report.level_summary(result)
            out[name][str(level)] = s
            log(f"  {s['turns']} turns, p50 {s['p50_ms']:.0f} ms, p95 {s['p95_ms']:.0f} ms, p99 "
                f"{s['p99_ms']:.0f} ms, {s['errors']} errors, {s['turns_per_s']:.1f} turns/s")
    return out


def play_long(running: stack.Running, messages: Any, turns: int, label: str) -> dict[str, Any]:
    log(f"{label}: one conversation of {turns} turns")
    s = report.long_summary(asyncio.run(load.run_long(running.url, messages, turns, label=label)))
    log(f"  median {s['early_median_ms']:.0f} ms (turns {s['early_window'][0]}-{s['early_window'][1]}), "
        f"{s['late_median_ms']:.0f} ms (turns {s['late_window'][0]}-{s['late_window'][1]}): "
        f"{s['late_over_early']:.2f} x; {s['errors']} errors")
    return s


# ---- the run --------------------------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: 1 and 10 concurrent conversations (a conversation each), a 40-turn long "
                             "conversation, no training, no PostgreSQL, the stock model reused from var/bench/stock, "
                             "both assistants started at once")
    parser.add_argument("--out", type=Path, help="where performance.md and .png go (default: docs/, or "
                                                 "var/bench/quick/ with --quick)")
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "safeguarding.tar.gz")
    parser.add_argument("--levels", type=parse_levels,
                        help="concurrency=seconds, comma-separated (default 1=30,10=45,50=60)")
    parser.add_argument("--workers", type=int, default=2,
                        help="Sanic worker processes of our Rasa server (default 2, one per core: SANIC_WORKERS "
                             "with the Redis lock store of endpoints.scale.yml; 1 is the make run set-up)")
    parser.add_argument("--store", choices=("postgresql", "sqlite"), default=None,
                        help="our conversation store under load (default: PostgreSQL at --database-url when it "
                             "answers, else SQLite; the quick run: SQLite); the long conversation runs on both")
    parser.add_argument("--redis-host", default=os.environ.get("BOT_REDIS_HOST", "127.0.0.1"),
                        help="Redis for the lock store when --workers > 1")
    parser.add_argument("--long-turns", type=int, help="turns of the long conversation (default 500; quick 40)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before a turn counts as an error")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
                        help="PostgreSQL for the long conversation (BOT_DATABASE_URL of the servers)")
    parser.add_argument("--no-train", action="store_true", help="do not time the training of our model")
    parser.add_argument("--reuse-stock", action="store_true",
                        help="reuse the stock assistant kept in var/bench/stock instead of a fresh rasa init")
    parser.add_argument("--no-postgres", action="store_true", help="skip the long conversation on PostgreSQL")
    parser.add_argument("--no-mapper", action="store_true", help="skip the observation mapper's throughput")
    parser.add_argument("--parallel-start", action="store_true",
                        help="start both assistants at the same time (quicker; their cold starts share the cores)")
    args = parser.parse_args()
    args.parallel_start = args.parallel_start or args.quick

    quick = args.quick
    levels = args.levels or (QUICK_LEVELS if quick else FULL_LEVELS)
    long_turns = args.long_turns or (40 if quick else 500)
    out_dir = args.out or (VAR / "quick" if quick else ROOT / "docs")
    model = args.model.resolve()
    if not model.exists():
        log(f"no model at {model}: run 'make train' first")
        return 2

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    logs = VAR / "logs" / stamp
    logs.mkdir(parents=True, exist_ok=True)
    raw_json = VAR / f"{stamp}-{'quick' if quick else 'full'}.json"
    started = time.monotonic()
    results: dict[str, Any] = {"meta": machine(args, model), "notes": []}
    results["meta"]["level_plan"] = ", ".join(
        f"{c} at once: {max(most, c)} conversations" if not s else f"{c} at once: {s:.0f} s"
        for c, (s, most) in sorted(levels.items()))
    results["meta"]["raw_json"] = str(raw_json.relative_to(ROOT))
    results["meta"]["logs"] = str(logs.relative_to(ROOT))
    notes: list[str] = results["notes"]
    if stack.psutil is None:
        notes.append("psutil is not installed in the venv: memory is read from /proc (the same resident sizes).")
    log(f"{results['meta']['mode']} run; logs in {logs}")

    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        workdir = Path(tmp)
        if quick or args.no_train:
            results["training"] = {"seconds": None, "note": "not measured (quick run)" if quick else "skipped"}
        else:
            log("timing rasa train --force of our assistant")
            results["training"] = time_training(workdir, logs)
            log(f"  {results['training']}")

        reuse = quick or args.reuse_stock
        log("the stock assistant: " + ("reusing var/bench/stock if present" if reuse else "rasa init (trains)"))
        stock_dir, results["stock_init"] = stock.prepare(workdir, logs, reuse_cache=reuse)
        log(f"  {results['stock_init']}")

        why_not = "not in the quick run" if quick or args.no_postgres else postgres_support(args.database_url)
        main_store = args.store or ("sqlite" if why_not else "postgresql")
        if main_store == "postgresql" and why_not:
            log(f"PostgreSQL asked for but not usable: {why_not}")
            return 2
        main_db = args.database_url if main_store == "postgresql" else None
        results["meta"]["ours_setup"] += f"; conversations in {'PostgreSQL' if main_db else 'SQLite'}"

        with stack.MemorySampler() as memory:
            with contextlib.ExitStack() as servers:
                def keep(running: stack.Running) -> stack.Running:
                    servers.callback(running.stop)
                    servers.callback(memory.forget, running)
                    return running

                if args.parallel_start:
                    log("starting our action server and Rasa, and the stock assistant, at the same time (SQLite)")
                    with concurrent.futures.ThreadPoolExecutor(1) as pool:
                        stock_start = pool.submit(stack.start_stock, stock_dir, workdir, logs, watch=memory.watch)
                        try:
                            ours = keep(stack.start_ours(model, workdir, logs, watch=memory.watch, database_url=main_db,
                                                         workers=args.workers, redis_host=args.redis_host))
                        finally:
                            stock_r = keep(stock_start.result())
                    notes.append("Both assistants were started at the same time (--parallel-start): their cold "
                                 "starts shared the cores.")
                else:
                    log(f"starting our action server and Rasa ({main_store})")
                    ours = keep(stack.start_ours(model, workdir, logs, watch=memory.watch, database_url=main_db,
                                                 workers=args.workers, redis_host=args.redis_host))
                    log("starting the stock assistant (SQLite)")
                    stock_r = keep(stack.start_stock(stock_dir, workdir, logs, watch=memory.watch))
                log(f"  ours {ours.cold_start}; stock {stock_r.cold_start}")
                results["ours"] = {"cold_start": ours.cold_start}
                results["stock"] = {"cold_start": stock_r.cold_start}
                ours.cold_start["warm_up_turns_ms"] = asyncio.run(warm_up(ours.url, load.ours_journey, "ours"))
                stock_r.cold_start["warm_up_turns_ms"] = asyncio.run(warm_up(stock_r.url, load.stock_journey, "stock"))
                played = play_levels(ours, stock_r, levels, args.timeout)
                results["ours"]["levels"], results["stock"]["levels"] = played["ours"], played["stock"]
                results["ours"]["long"] = {main_store: play_long(ours, load.ours_long_messages, long_turns, "ours")}
                results["stock"]["long"] = {"sqlite": play_long(stock_r, load.stock_long_messages,
                                                                min(long_turns, STOCK_LONG_TURNS), "stock")}

            other = "sqlite" if main_store == "postgresql" else "postgresql"
            if other == "postgresql" and why_not:
                results["ours"]["long"]["postgresql"] = {"skipped": why_not}
                log(f"PostgreSQL long conversation skipped: {why_not}")
            else:
                log(f"starting our action server and Rasa ({other}) for the long conversation there")
                second = stack.start_ours(model, workdir, logs, label=f"ours-{other}", watch=memory.watch,
                                          database_url=args.database_url if other == "postgresql" else None,
                                          workers=args.workers, redis_host=args.redis_host)
                try:
                    results["ours"][f"cold_start_{other}"] = second.cold_start
                    asyncio.run(warm_up(second.url, load.ours_journey, f"ours-{other}"))
                    results["ours"]["long"][other] = play_long(second, load.ours_long_messages, long_turns,
                                                               f"ours-{other}")
                finally:
                    memory.forget(second)
                    second.stop()
        results["memory"] = {"peak_bytes": memory.peaks, "group_peak_bytes": memory.group_peaks,
                             "source": memory.source}

    if args.no_mapper:
        results["mapper"] = {"note": "skipped"}
    else:
        log("the observation mapper's throughput (bench/mapper_throughput.py)")
        results["mapper"] = mapper_throughput(model, 1 if quick else 3, logs)
        log(f"  {results['mapper']}")

    results["meta"]["load_after"] = os.getloadavg()[0]
    results["meta"]["elapsed_s"] = time.monotonic() - started
    results["targets"] = report.targets(results)
    raw_json.write_text(json.dumps(results, indent=1))
    (VAR / f"latest-{'quick' if quick else 'full'}.json").write_text(json.dumps(results, indent=1))
    page, image = report.write(results, out_dir)
    log(f"wrote {page}, {image} and {raw_json}")
    for t in results["targets"]:
        log(f"  target {t['target']}: ours {t['ours']}, stock {t['stock']}, met {t['met']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
