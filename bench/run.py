"""The benchmark of our assistant against the stock ``rasa init`` assistant, like for like, in one run.

    .venv/bin/python bench/run.py            # make bench: writes the tables into docs/performance.md
    .venv/bin/python bench/run.py --quick    # a smoke run of about three minutes: writes var/bench/quick/

Both assistants run in the same deployment at each step (bench/deployments.py): one worker on SQLite, then
two workers on PostgreSQL with a Redis lock store. In each, turn latency and throughput over the REST channel
at 1, 10 and 50 concurrent conversations (ours with the real action server), each level played against ours
and then against the stock one; one long conversation; peak resident memory; launch to first answer. Then
the observation mapper's throughput. The like-for-like ratios are the targets; the deployment-as-shipped
comparison (ours on two workers against stock on one process) is kept beside them. The machine's load
average is recorded before and after each deployment. The tables go into docs/performance.md between its
markers (bench/report.py), the raw turns into var/bench/. The whole run takes about nine minutes.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import deployments, load, report, stack, stock  # noqa: E402
from bench.deployments import Deployment  # noqa: E402

VAR = ROOT / "var" / "bench"
DEFAULT_DATABASE_URL = "postgresql://127.0.0.1:5432/postgres"  # the server; the run makes its own databases

# concurrency -> (seconds of load, at least this many conversations)
FULL_LEVELS = {1: (12.0, 0), 10: (20.0, 0), 50: (20.0, 0)}
QUICK_LEVELS = {1: (3.0, 0), 10: (5.0, 0)}
LONG_TURNS = 400   # enough for turns 301-400
QUICK_LONG_TURNS = 40


def log(message: str) -> None:
    print(f"[bench {dt.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def parse_levels(text: str) -> dict[int, tuple[float, int]]:
    """``1=12,10=20,50=20``: concurrency=seconds of load."""
    levels = {}
    for part in text.split(","):
        level, _, seconds = part.partition("=")
        levels[int(level)] = (float(seconds or 20), 0)
    return levels


def loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


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
        "cpu": _cpu(), "cores": os.cpu_count(), "memory_gb": _memory_gb(), "load_before": loadavg(),
        "os": f"{platform.system()} {platform.release()}", "python": platform.python_version(),
        "versions": _versions(), "git": _git(),
        "model": str(model.relative_to(ROOT) if model.is_relative_to(ROOT) else model), "model_mb": stat.st_size / 1e6,
        "model_mtime": dt.datetime.fromtimestamp(stat.st_mtime).strftime("%Y-%m-%d %H:%M"),
        "memory_source": stack.MemorySampler().source,
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


def shared_stores(database_url: str, redis_host: str) -> Optional[str]:
    """Make this run's two PostgreSQL databases afresh (ours, stock) and check Redis; None when both are
    ready, else why the two-worker deployment cannot run."""
    try:
        with socket.create_connection((redis_host, 6379), timeout=3):
            pass
    except OSError as e:
        return f"Redis at {redis_host}:6379 does not answer ({type(e).__name__})"
    try:
        import psycopg2

        connection = psycopg2.connect(database_url, connect_timeout=3)
    except Exception as e:  # any reason the server cannot be reached is a reason to skip, with the reason
        return f"PostgreSQL at {database_url} does not answer: {type(e).__name__}: {str(e).strip()[:160]}"
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            for name in (deployments.OURS_DATABASE, deployments.STOCK_DATABASE):
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')  # names are constants of bench/deployments
                cursor.execute(f'CREATE DATABASE "{name}"')
    except Exception as e:
        return f"could not make the benchmark's databases on {database_url}: {type(e).__name__}: {str(e)[:160]}"
    finally:
        connection.close()
    return None


def database_activity(server_url: str, database: str) -> dict[str, Any]:
    """What one assistant's conversations cost its PostgreSQL database since it was made this run: commits,
    rows written and read, and the practitioner's turns stored, from PostgreSQL's own statistics."""
    import psycopg2

    time.sleep(1.0)  # PostgreSQL's statistics lag by up to half a second
    url = deployments.database_url_for(server_url, database)
    with contextlib.closing(psycopg2.connect(url, connect_timeout=3)) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT xact_commit, tup_inserted, tup_updated, tup_deleted, tup_fetched, tup_returned "
                       "FROM pg_stat_database WHERE datname = %s", (database,))
        names = ("commits", "rows_inserted", "rows_updated", "rows_deleted", "rows_fetched", "rows_returned")
        out: dict[str, Any] = dict(zip(names, cursor.fetchone() or ()))
        cursor.execute("SELECT count(*), coalesce(sum(pg_column_size(data)), 0) FROM events "
                       "WHERE type_name = 'user'")
        out["user_turns"], _ = cursor.fetchone()
        cursor.execute("SELECT count(*), coalesce(avg(pg_column_size(data)), 0) FROM events")
        out["events"], out["event_bytes_avg"] = cursor.fetchone()
    out["event_bytes_avg"] = float(out["event_bytes_avg"])
    return out


def play_levels(ours: stack.Running, stock_r: stack.Running, levels: dict, timeout: float,
                keepalive: bool) -> dict[str, dict]:
    """Each level against ours, then against the stock assistant, so that drifts of the machine's load fall
    on both alike. A level stops at its time: conversations under way end after the turn they are in."""
    out: dict[str, dict] = {"ours": {}, "stock": {}}
    for level, (seconds, most) in sorted(levels.items()):
        for name, running, journey in (("ours", ours, load.ours_journey), ("stock", stock_r, load.stock_journey)):
            log(f"  {name}: {level} concurrent conversations for {seconds:.0f} s")
            result = asyncio.run(load.run_level(running.url, journey, level, duration=seconds, label=name,
                                                min_conversations=most, timeout=timeout, keepalive=keepalive,
                                                finish=False))
            s = report.level_summary(result)
            out[name][str(level)] = s
            log(f"    {s['turns']} turns, p50 {s['p50_ms']:.0f} ms, p95 {s['p95_ms']:.0f} ms, "
                f"{s['errors']} errors, {s['turns_per_s']:.1f} turns/s")
    return out


def play_long(running: stack.Running, messages: Any, turns: int, label: str, keepalive: bool) -> dict[str, Any]:
    log(f"  {label}: one conversation of {turns} turns")
    s = report.long_summary(asyncio.run(load.run_long(running.url, messages, turns, label=label,
                                                      keepalive=keepalive)))
    log(f"    median {s['early_median_ms']:.0f} ms (turns {s['early_window'][0]}-{s['early_window'][1]}), "
        f"{s['late_median_ms']:.0f} ms (turns {s['late_window'][0]}-{s['late_window'][1]}): "
        f"{s['late_over_early']:.2f} x; {s['errors']} errors")
    return s


async def warm_up(url: str, journey: load.Journey, label: str, keepalive: bool) -> None:
    """One whole conversation first, kept apart: the first observation loads the mapper's lazy parts."""
    await load.run_level(url, journey, 1, duration=0, label=f"{label}-warmup", timeout=120, keepalive=keepalive)


def run_deployment(dep: Deployment, args: argparse.Namespace, model: Path, stock_dir: Path, workdir: Path,
                   logs: Path, memory: stack.MemorySampler, levels: dict, long_turns: int) -> dict[str, Any]:
    """Both assistants in ``dep``, one after the other started, then every level and the long conversations."""
    out: dict[str, Any] = {"title": dep.title, "workers": dep.workers, "store": dep.store, "load_before": loadavg()}
    log(f"{dep.title}: load average {out['load_before']}")
    keepalive = not dep.shared
    ours_file = workdir / f"ours-{dep.key}-endpoints.yml"
    ours_file.write_text(deployments.ours_endpoints(dep))
    database_url = deployments.database_url_for(args.database_url, deployments.OURS_DATABASE) if dep.shared else None
    stock_text = deployments.stock_endpoints(dep, sqlite_path=workdir / f"stock-{dep.key}.db",
                                             database_url=args.database_url, redis_host=args.redis_host)
    with contextlib.ExitStack() as servers:
        log(f"  starting our action server and Rasa ({dep.workers} worker(s), {dep.store})")
        ours = stack.start_ours(model, workdir, logs, label=f"ours-{dep.key}", watch=memory.watch,
                                database_url=database_url, workers=dep.workers, redis_host=args.redis_host,
                                endpoints=ours_file)
        servers.callback(ours.stop)
        servers.callback(memory.forget, ours)
        log(f"  starting the stock assistant ({dep.workers} worker(s), {dep.store})")
        stock_r = stack.start_stock(stock_dir, workdir, logs, label=f"stock-{dep.key}", watch=memory.watch,
                                    endpoints_text=stock_text, workers=dep.workers)
        servers.callback(stock_r.stop)
        servers.callback(memory.forget, stock_r)
        log(f"    ours {ours.cold_start}; stock {stock_r.cold_start}")
        asyncio.run(warm_up(ours.url, load.ours_journey, "ours", keepalive))
        asyncio.run(warm_up(stock_r.url, load.stock_journey, "stock", keepalive))
        played = play_levels(ours, stock_r, levels, args.timeout, keepalive)
        out["ours"] = {"cold_start": ours.cold_start, "levels": played["ours"]}
        out["stock"] = {"cold_start": stock_r.cold_start, "levels": played["stock"]}
        out["ours"]["long"] = play_long(ours, load.ours_long_messages, long_turns, "ours", keepalive)
        if dep.shared and not args.stock_long_everywhere:
            out["stock"]["long"] = {"skipped": "not in this deployment (--stock-long-everywhere; about 2 min)"}
        else:
            out["stock"]["long"] = play_long(stock_r, load.stock_long_messages, long_turns, "stock", keepalive)
        if dep.shared:
            for name, database in (("ours", deployments.OURS_DATABASE), ("stock", deployments.STOCK_DATABASE)):
                try:
                    out[name]["database"] = database_activity(args.database_url, database)
                except Exception as e:  # the figures are a bonus: a failure to read them is noted, not fatal
                    out[name]["database"] = {"note": f"{type(e).__name__}: {str(e)[:160]}"}
        memory.sample()
        for name, running in (("ours", ours), ("stock", stock_r)):
            out[name]["memory_peak_bytes"] = memory.group_peaks.get(running.label)
            out[name]["rasa_peak_bytes"] = memory.peaks.get(f"{running.label} Rasa")
    out["load_after"] = loadavg()
    return out


# ---- the run --------------------------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: 1 and 10 concurrent conversations for a few seconds, a 40-turn long "
                             "conversation; writes var/bench/quick/performance.md")
    parser.add_argument("--out", type=Path, help="the page the tables go into (default docs/performance.md, or "
                                                 "var/bench/quick/performance.md with --quick)")
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "safeguarding.tar.gz")
    parser.add_argument("--levels", type=parse_levels,
                        help="concurrency=seconds, comma-separated (default 1=12,10=20,50=20)")
    parser.add_argument("--deployments", default=",".join(d.key for d in deployments.DEPLOYMENTS),
                        help="which deployments, comma-separated (default: both)")
    parser.add_argument("--redis-host", default=os.environ.get("BOT_REDIS_HOST", "127.0.0.1"),
                        help="Redis for the two-worker deployment's lock stores")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
                        help="a PostgreSQL server the run may make two databases on (bench_like_ours, "
                             "bench_like_stock; dropped and made afresh each run)")
    parser.add_argument("--long-turns", type=int, help=f"turns of the long conversation (default {LONG_TURNS})")
    parser.add_argument("--stock-long-everywhere", action="store_true",
                        help="the stock assistant's long conversation in the two-worker deployment too")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before a turn counts as an error")
    parser.add_argument("--train", action="store_true", help="time rasa train --force of our model too")
    parser.add_argument("--fresh-stock", action="store_true",
                        help="a new rasa init (trains, about 90 s) instead of the one kept in var/bench/stock")
    parser.add_argument("--no-mapper", action="store_true", help="skip the observation mapper's throughput")
    args = parser.parse_args()

    quick = args.quick
    levels = args.levels or (QUICK_LEVELS if quick else FULL_LEVELS)
    long_turns = args.long_turns or (QUICK_LONG_TURNS if quick else LONG_TURNS)
    page = args.out or (VAR / "quick" / "performance.md" if quick else ROOT / "docs" / "performance.md")
    model = args.model.resolve()
    if not model.exists():
        log(f"no model at {model}: run 'make train' first")
        return 2
    chosen = [d for d in deployments.DEPLOYMENTS if d.key in args.deployments.split(",")]

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    logs = VAR / "logs" / stamp
    logs.mkdir(parents=True, exist_ok=True)
    raw_json = VAR / f"{stamp}-{'quick' if quick else 'full'}.json"
    started = time.monotonic()
    results: dict[str, Any] = {"meta": machine(args, model), "notes": [], "deployments": {}}
    meta = results["meta"]
    meta["level_plan"] = ", ".join(f"{c} at once for {s:.0f} s" for c, (s, _) in sorted(levels.items()))
    meta["raw_json"], meta["logs"] = str(raw_json.relative_to(ROOT)), str(logs.relative_to(ROOT))
    notes: list[str] = results["notes"]
    notes.append("Both assistants are launched through `python -m bot.rasa_cli` (Rasa's command line with "
                 "telemetry and crash reports off): it changes nothing on a turn's path, and our speed-ups are "
                 "installed by our REST channel, which the stock assistant does not load.")
    notes.append("In the two-worker deployment each request opens a new connection (no keep-alive), for both "
                 "assistants, so that the two worker processes sharing the listening socket share the load; "
                 "ours has no event broker there (endpoints.scale.yml's RabbitMQ feed to the alert service is "
                 "left out, as the stock assistant has none).")
    log(f"{meta['mode']} run; logs in {logs}")

    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        workdir = Path(tmp)
        if args.train:
            log("timing rasa train --force of our assistant")
            results["training"] = time_training(workdir, logs)
        log("the stock assistant: " + ("rasa init (trains)" if args.fresh_stock else "var/bench/stock if kept"))
        stock_dir, results["stock_init"] = stock.prepare(workdir, logs, reuse_cache=not args.fresh_stock)
        with stack.MemorySampler() as memory:
            for dep in chosen:
                if dep.shared:
                    why_not = shared_stores(args.database_url, args.redis_host)
                    if why_not:
                        log(f"{dep.title} skipped: {why_not}")
                        results["deployments"][dep.key] = {"title": dep.title, "skipped": why_not}
                        notes.append(f"{dep.title}: not measured: {why_not}.")
                        continue
                results["deployments"][dep.key] = run_deployment(dep, args, model, stock_dir, workdir, logs,
                                                                 memory, levels, long_turns)
        meta["memory_source"] = memory.source

    if args.no_mapper:
        results["mapper"] = {"note": "skipped"}
    else:
        log("the observation mapper's throughput (bench/mapper_throughput.py)")
        results["mapper"] = mapper_throughput(model, 1 if quick else 3, logs)

    meta["load_after"] = loadavg()
    meta["elapsed_s"] = time.monotonic() - started
    results["targets"] = report.targets(results)
    raw_json.write_text(json.dumps(results, indent=1))
    (VAR / f"latest-{'quick' if quick else 'full'}.json").write_text(json.dumps(results, indent=1))
    page, image = report.write(results, page)
    log(f"wrote {page}, {image} and {raw_json} in {meta['elapsed_s'] / 60:.1f} min")
    for t in results["targets"]:
        log(f"  {t['deployment']}: {t['target']}: ours {t['ours']}, stock {t['stock']}, met {t['met']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
