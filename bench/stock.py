"""The stock assistant that ``rasa init`` creates (moodbot), trained in a folder of its own, as the yardstick.

``rasa init --no-prompt`` writes the project and trains it with Rasa's default config (DIET, TED, ...); the
time it takes is recorded. A copy is kept in var/bench/stock so that ``--quick`` can reuse it.
"""
from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

from bench.stack import base_env, rasa_command, tail

CACHE = Path(__file__).resolve().parent.parent / "var" / "bench" / "stock"


def has_model(folder: Path) -> bool:
    return any((folder / "models").glob("*.tar.gz")) and (folder / "credentials.yml").exists()


def init(folder: Path, log: Path) -> float:
    """``rasa init`` into an empty ``folder`` (it trains the model); returns the seconds it took."""
    folder.mkdir(parents=True, exist_ok=True)
    log.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with open(log, "ab") as out:
        done = subprocess.run(rasa_command("init", "--no-prompt", "--init-dir", "."), cwd=folder,
                              env=base_env(), stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
    seconds = time.monotonic() - started
    if done.returncode != 0 or not has_model(folder):
        raise RuntimeError(f"rasa init failed ({done.returncode}); the end of {log}:\n{tail(log)}")
    return seconds


def prepare(workdir: Path, logs: Path, *, reuse_cache: bool) -> tuple[Path, dict]:
    """The stock project to run, and how it was made: a fresh ``rasa init`` in ``workdir`` (timed, then
    cached), or with ``reuse_cache`` the cached one when there is one."""
    if reuse_cache and has_model(CACHE):
        return CACHE, {"source": f"cached in {CACHE.relative_to(CACHE.parents[2])}", "init_s": None}
    folder = workdir / "stock"
    seconds = init(folder, logs / "stock-init.log")
    if CACHE.exists():
        shutil.rmtree(CACHE)
    shutil.copytree(folder, CACHE, ignore=shutil.ignore_patterns("*.db", ".rasa"))
    return folder, {"source": "rasa init in a temporary folder", "init_s": seconds}
