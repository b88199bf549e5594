"""Start and stop the servers a benchmark talks to, time their cold start, and sample their memory.

Our stack is the real action server and ``rasa run`` with the REST channel, as scripts/stack.sh starts them
(the same command lines as tests/e2e/servers.py), on free ports, with the conversations in a temporary SQLite
file or in PostgreSQL. The stock assistant is one ``rasa run`` in the folder ``rasa init`` made (bench/stock.py).
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

import httpx

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
REST_PATH = "/webhooks/rest/webhook"

try:  # psutil is not a dependency of the project; /proc gives the same numbers on Linux
    import psutil
except ImportError:  # pragma: no cover - depends on the environment
    psutil = None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def base_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update({"SANIC_HOST": "127.0.0.1", "TF_CPP_MIN_LOG_LEVEL": "3", "RASA_TELEMETRY_ENABLED": "false"})
    env.pop("BOT_REST_SECRET", None)  # the benchmark's own servers on 127.0.0.1: an open REST channel
    return env


def rasa_command(*args: str) -> list[str]:
    """``rasa <args>`` as the project runs it: nothing reported to Rasa's servers, no HTTP API (bot/rasa_cli.py)."""
    return [str(VENV_BIN / "python"), "-m", "bot.rasa_cli", *args]


@dataclass
class Server:
    """One server process (in its own process group, so that stopping it stops its children too)."""

    name: str
    cmd: list[str]
    cwd: Path
    env: dict[str, str]
    log: Path
    process: Optional[subprocess.Popen] = None
    launched: float = 0.0

    def start(self) -> "Server":
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.launched = time.monotonic()
        self.process = subprocess.Popen(self.cmd, cwd=self.cwd, env=self.env, stdin=subprocess.DEVNULL,
                                        stdout=open(self.log, "ab"), stderr=subprocess.STDOUT,
                                        start_new_session=True)
        return self

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def check_alive(self) -> None:
        if self.process is None or self.process.poll() is not None:
            code = None if self.process is None else self.process.returncode
            raise RuntimeError(f"{self.name} exited with {code}; the end of {self.log}:\n{tail(self.log)}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def tail(path: Path, chars: int = 3000) -> str:
    try:
        return path.read_text(errors="replace")[-chars:]
    except OSError:
        return ""


def wait_http(url: str, server: Server, timeout: float) -> float:
    """Seconds from the server's launch until ``url`` answers below 500."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        server.check_alive()
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return time.monotonic() - server.launched
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise TimeoutError(f"{url} not ready after {timeout} s; the end of {server.log}:\n{tail(server.log)}")


def wait_first_answer(base_url: str, server: Server, timeout: float, text: str = "hello") -> float:
    """Seconds from the server's launch until a new conversation gets a non-empty reply over REST."""
    deadline = time.monotonic() + timeout
    sender = f"bench-cold-{uuid.uuid4().hex[:8]}"
    while time.monotonic() < deadline:
        server.check_alive()
        try:
            r = httpx.post(base_url + REST_PATH, json={"sender": sender, "message": text}, timeout=60)
            if r.status_code == 200 and r.json():
                return time.monotonic() - server.launched
        except (httpx.HTTPError, ValueError):
            pass
        time.sleep(0.25)
    raise TimeoutError(f"no answer from {base_url} after {timeout} s; the end of {server.log}:\n{tail(server.log)}")


@dataclass
class Running:
    """A started assistant: its REST base URL, its servers, and how long it took to answer first."""

    label: str
    url: str
    servers: list[Server]
    cold_start: dict[str, float] = field(default_factory=dict)

    def stop(self) -> None:
        for server in reversed(self.servers):
            server.stop()


Watch = Optional[Callable[["Running"], None]]


def start_ours(model: Path, workdir: Path, logs: Path, *, database_url: Optional[str] = None,
               label: str = "ours", watch: Watch = None, workers: int = 1, redis_host: str = "127.0.0.1",
               endpoints: Optional[Path] = None) -> Running:
    """The action server and Rasa, launched together as scripts/stack.sh does; conversations in SQLite
    (a new file in ``workdir``) or, with ``database_url``, in BOT_DATABASE_URL. With ``workers`` > 1, Rasa
    serves with that many Sanic worker processes (SANIC_WORKERS) and endpoints.scale.yml, whose Redis lock
    store keeps one turn of a conversation at a time across them (docs/scale-out.md). ``endpoints`` replaces
    that choice of endpoints file (the benchmark's deployments, bench/deployments.py)."""
    actions_port, rasa_port = free_port(), free_port()
    env = base_env()
    chosen = "endpoints.yml"
    if workers > 1:
        env.update({"SANIC_WORKERS": str(workers), "BOT_REDIS_HOST": redis_host})
        chosen = "endpoints.scale.yml"
    chosen = str(endpoints) if endpoints is not None else chosen
    env.update({"BOT_ACTION_ENDPOINT": f"http://127.0.0.1:{actions_port}/webhook",
                "BOT_TRACKER_DB": str(workdir / f"{label}-conversations.db")})
    if database_url:
        env["BOT_DATABASE_URL"] = database_url
    actions = Server(f"{label} action server",
                     [str(VENV_BIN / "python"), "-m", "rasa_sdk", "--actions", "actions", "--port", str(actions_port)],
                     ROOT, env, logs / f"{label}-actions.log")
    rasa = Server(f"{label} Rasa",
                  rasa_command("run", "--model", str(model), "--endpoints", chosen,
                               "--credentials", "credentials.yml", "--interface", "127.0.0.1", "--port", str(rasa_port)),
                  ROOT, env, logs / f"{label}-rasa.log")
    running = Running(label, f"http://127.0.0.1:{rasa_port}", [actions, rasa])
    actions.start()
    rasa.start()
    if watch:
        watch(running)
    try:
        running.cold_start["actions_ready_s"] = wait_http(f"http://127.0.0.1:{actions_port}/health", actions, 180)
        running.cold_start["rasa_status_s"] = wait_http(f"{running.url}/webhooks/rest/", rasa, 600)
        running.cold_start["first_answer_s"] = wait_first_answer(running.url, rasa, 120)
    except BaseException:
        running.stop()
        raise
    return running


def start_stock(stock_dir: Path, workdir: Path, logs: Path, label: str = "stock", watch: Watch = None, *,
                endpoints_text: Optional[str] = None, workers: int = 1) -> Running:
    """``rasa run`` of the ``rasa init`` assistant, REST channel; conversations in a new SQLite file unless
    ``endpoints_text`` says otherwise (bench/deployments.py), with ``workers`` Sanic worker processes. It is
    launched through bot.rasa_cli like ours, so neither reports to Rasa's servers: that launcher changes no
    code on the turn's path (our speed-ups are installed by our REST channel, which the stock one does not
    load)."""
    port = free_port()
    endpoints = workdir / f"{label}-endpoints.yml"
    endpoints.write_text(endpoints_text or ("tracker_store:\n  type: SQL\n  dialect: sqlite\n"
                                            f"  db: {workdir / (label + '-conversations.db')}\n"))
    env = base_env()
    if workers > 1:
        env["SANIC_WORKERS"] = str(workers)
    rasa = Server(f"{label} Rasa",
                  rasa_command("run", "--model", str(stock_dir / "models"), "--endpoints", str(endpoints),
                               "--credentials", "credentials.yml", "--interface", "127.0.0.1", "--port", str(port)),
                  stock_dir, env, logs / f"{label}-rasa.log")
    running = Running(label, f"http://127.0.0.1:{port}", [rasa])
    rasa.start()
    if watch:
        watch(running)
    try:
        running.cold_start["rasa_status_s"] = wait_http(f"{running.url}/webhooks/rest/", rasa, 600)
        running.cold_start["first_answer_s"] = wait_first_answer(running.url, rasa, 120, text="hi")
    except BaseException:
        running.stop()
        raise
    return running


# ---- memory -------------------------------------------------------------------------------------------------

def _tree_rss_psutil(pid: int) -> int:
    try:
        root = psutil.Process(pid)
        procs = [root] + root.children(recursive=True)
    except psutil.Error:
        return 0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _tree_rss_proc(pid: int) -> int:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            total += int(Path(f"/proc/{p}/statm").read_text().split()[1]) * _PAGE
        except (OSError, IndexError, ValueError):
            continue
        todo.extend(children.get(p, []))
    return total


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants."""
    return _tree_rss_psutil(pid) if psutil is not None else _tree_rss_proc(pid)


class MemorySampler:
    """Samples the resident memory of each server's process tree every ``interval`` seconds, in a thread.

    ``peaks`` holds the peak per server name; ``group_peaks`` the peak of the sum over a group of servers
    sampled at the same moment (the whole stack of one assistant)."""

    def __init__(self, interval: float = 0.5) -> None:
        self.interval = interval
        self.servers: dict[str, int] = {}
        self.groups: dict[str, list[str]] = {}
        self.peaks: dict[str, int] = {}
        self.group_peaks: dict[str, int] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="memory-sampler")

    @property
    def source(self) -> str:
        return "psutil" if psutil is not None else "/proc (psutil is not installed)"

    def watch(self, running: Running, group: Optional[str] = None) -> None:
        with self._lock:
            for server in running.servers:
                self.servers[server.name] = server.pid
            self.groups[group or running.label] = [s.name for s in running.servers]

    def forget(self, running: Running) -> None:
        with self._lock:
            for server in running.servers:
                self.servers.pop(server.name, None)

    def sample(self) -> None:
        with self._lock:
            servers, groups = dict(self.servers), {g: list(n) for g, n in self.groups.items()}
        now = {name: tree_rss(pid) for name, pid in servers.items()}
        with self._lock:
            for name, rss in now.items():
                self.peaks[name] = max(self.peaks.get(name, 0), rss)
            for group, names in groups.items():
                if all(n in now for n in names):
                    self.group_peaks[group] = max(self.group_peaks.get(group, 0), sum(now[n] for n in names))

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def __enter__(self) -> "MemorySampler":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
