"""A per-turn cost breakdown of our assistant under 10 concurrent conversations, from a py-spy profile.

    .venv/bin/pip install py-spy            # a measuring tool only: not a dependency of the project
    .venv/bin/python bench/turn_profile.py       # one worker, SQLite; prints the table for docs/profiling.md

Starts our action server and Rasa as the benchmark does (bench/stack.py), plays one warm-up conversation,
then records both processes with py-spy while the benchmark's own journeys (bench/load.py) keep
``--concurrency`` conversations going for ``--seconds``. Each sample goes to one part of a turn
(bench/profile_breakdown.py); the table gives each part's CPU time per turn, on Rasa's event loop (which every
conversation of the process waits for) and in its other threads (the conversation store's database threads).
"""
from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import load, profile_breakdown, report, stack  # noqa: E402


def py_spy() -> str:
    found = shutil.which("py-spy", path=str(stack.VENV_BIN)) or shutil.which("py-spy")
    if not found:
        raise SystemExit("py-spy is not installed: .venv/bin/pip install py-spy (a measuring tool only)")
    return found


def record(pid: int, seconds: float, out: Path, rate: int, gil: bool = False) -> subprocess.Popen:
    """py-spy recording every thread of ``pid`` (and its children) for ``seconds``, raw stacks to ``out``.
    ``gil``: only the thread holding Python's interpreter lock, so that a thread waiting for the lock is not
    counted as working (the store's threads and the event loop share one lock)."""
    return subprocess.Popen([py_spy(), "record", "--pid", str(pid), "--duration", str(int(seconds)),
                             "--rate", str(rate), "--format", "raw", "--threads", "--full-filenames",
                             "--subprocesses", "--nonblocking", "--output", str(out)] + (["--gil"] if gil else []),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


async def profiled_level(url: str, args: argparse.Namespace, targets: list[tuple[int, Path]]
                         ) -> tuple[load.LevelResult, tuple[float, float]]:
    """The level's load, with py-spy recording ``targets`` (pid, output) for ``args.seconds`` in its middle;
    returns the level and the recording's window in seconds from the level's start."""
    t0 = time.perf_counter()
    level = asyncio.create_task(load.run_level(url, load.ours_journey, args.concurrency,
                                               duration=args.seconds + 6, label="profile", timeout=60))
    await asyncio.sleep(3)
    start = time.perf_counter() - t0 + 0.5  # py-spy attaches
    spies = [record(pid, args.seconds, out, args.rate, args.gil) for pid, out in targets]
    for spy in spies:
        await asyncio.to_thread(spy.wait)
    end = time.perf_counter() - t0
    return await level, (start, end)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "safeguarding.tar.gz")
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--rate", type=int, default=200, help="py-spy samples a second")
    parser.add_argument("--gil", action="store_true",
                        help="sample only the thread holding the interpreter lock (its time per turn is the limit)")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "bench" / "profile",
                        help="where the raw profiles go")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as tmp:
        ours = stack.start_ours(args.model.resolve(), Path(tmp), args.out)
        try:
            asyncio.run(load.run_level(ours.url, load.ours_journey, 1, duration=0, label="warm", timeout=120))
            actions, rasa = ours.servers
            raw = {"rasa": args.out / "rasa.txt", "actions": args.out / "actions.txt"}
            result, window = asyncio.run(profiled_level(ours.url, args, [(rasa.pid, raw["rasa"]),
                                                                          (actions.pid, raw["actions"])]))
        finally:
            ours.stop()
    summary = report.level_summary(result)
    start, end = window
    turns = sum(1 for t in result.turns if start <= t.started + t.latency <= end)
    elapsed = end - start
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", file=sys.stderr)
    print(f"{args.concurrency} concurrent: {turns} turns, {summary['turns_per_s']:.1f} turns/s, p50 "
          f"{summary['p50_ms']:.0f} ms, p95 {summary['p95_ms']:.0f} ms, {summary['errors']} errors\n")
    rasa_parts = profile_breakdown.breakdown(raw["rasa"].read_text().splitlines(), args.rate)
    print("Rasa process:\n" + "\n".join(profile_breakdown.table(rasa_parts.ms_per_turn(turns), turns, elapsed)))
    steps = profile_breakdown.store_steps(raw["rasa"].read_text().splitlines(), args.rate, turns)
    print("\nThe conversation store's threads, ms per turn (waits included):")
    for name, ms in steps.items():
        print(f"  {ms:6.1f}  {name}")
    action_parts = profile_breakdown.breakdown(raw["actions"].read_text().splitlines(), args.rate)
    print(f"\nAction server process: {action_parts.total * 1000 / args.rate / max(1, turns):.1f} ms CPU per turn")
    return 0


if __name__ == "__main__":
    sys.exit(main())
