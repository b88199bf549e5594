"""Start the real action server and the real Rasa server (trained model, REST channel) for a test run."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional

import requests

from bot.paths import ROOT
from bot.rasa_cli import read_token

VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(url: str, timeout: float, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(url, timeout=2).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} not ready after {timeout} s:\n{log.read_text()[-3000:]}")


def stop(process: Optional[subprocess.Popen]) -> None:
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@dataclass
class Stack:
    """A running action server and Rasa server; ``say`` sends one message over the REST channel.

    ``credentials`` (relative to the project or absolute) and ``extra_env`` let a test start Rasa with other
    channels on, such as Teams pointed at local stand-ins; the defaults are the project's own files.

    Rasa is started as the project starts it (``bot.rasa_cli``: nothing reported to Rasa's servers), with its
    HTTP API on behind a new token (``api_token``), which ``tracker`` and the tests that use the API send.
    """

    model: Path
    workdir: Path
    rasa_port: int = 0
    actions_port: int = 0
    rasa: Optional[subprocess.Popen] = None
    actions: Optional[subprocess.Popen] = None
    credentials: str = "credentials.yml"
    extra_env: dict[str, str] = field(default_factory=dict)
    endpoints: str = "endpoints.yml"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def api_token_file(self) -> Path:
        return self.workdir / "rasa-api.token"

    @property
    def api_token(self) -> str:
        """The token of Rasa's HTTP API, new at each start; requests carry it as ``?token=``."""
        return read_token(self.api_token_file)

    def tracker(self, sender: str) -> dict:
        """The conversation as Rasa's HTTP API gives it (``GET /conversations/<id>/tracker``, with the token)."""
        response = requests.get(f"{self.url}/conversations/{sender}/tracker", params={"token": self.api_token},
                                timeout=30)
        response.raise_for_status()
        return response.json()

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update({
            "BOT_ACTION_ENDPOINT": f"http://127.0.0.1:{self.actions_port}/webhook",
            "BOT_TRACKER_DB": str(self.workdir / "conversations.db"),
            "BOT_PENDING_DIR": str(self.workdir / "pending"),  # the stack's own pending folder, never var/pending
            "SANIC_HOST": "127.0.0.1",
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "RASA_TELEMETRY_ENABLED": "false",
        })
        env.pop("BOT_DATABASE_URL", None)  # the stack's own SQLite file, never a developer's database,
        env.pop("BOT_REST_SECRET", None)   # and an open REST channel, as on one machine,
        env.update(self.extra_env)         # unless the test asks otherwise
        return env

    def start_actions(self) -> None:
        log = self.workdir / "actions.log"
        self.actions = subprocess.Popen(
            [str(VENV_BIN / "python"), "-m", "rasa_sdk", "--actions", "actions", "--port", str(self.actions_port)],
            cwd=ROOT, env=self.env(), stdout=open(log, "ab"), stderr=subprocess.STDOUT, start_new_session=True)
        wait_until(f"http://127.0.0.1:{self.actions_port}/health", 60, self.actions, log)

    def stop_actions(self) -> None:
        stop(self.actions)
        self.actions = None

    def start_rasa(self) -> None:
        log = self.workdir / "rasa.log"
        self.rasa = subprocess.Popen(
            [str(VENV_BIN / "python"), "-m", "bot.rasa_cli", "--api-token-file", str(self.api_token_file),
             "run", "--model", str(self.model), "--endpoints", str(self.endpoints),
             "--credentials", str(self.credentials), "--interface", "127.0.0.1", "--port", str(self.rasa_port)],
            cwd=ROOT, env=self.env(), stdout=open(log, "ab"), stderr=subprocess.STDOUT, start_new_session=True)
        wait_until(f"{self.url}/webhooks/rest/", 240, self.rasa, log)

    def kill_rasa(self) -> None:
        """SIGKILL the Rasa server: no shutdown, no last save, as when the machine loses it."""
        if self.rasa is not None and self.rasa.poll() is None:
            os.killpg(self.rasa.pid, signal.SIGKILL)
            self.rasa.wait()
        self.rasa = None

    def say(self, sender: str, text: str) -> list[dict]:
        response = requests.post(f"{self.url}/webhooks/rest/webhook", json={"sender": sender, "message": text},
                                 timeout=60)
        response.raise_for_status()
        return response.json()


@contextmanager
def running_stack(model: Path, workdir: Path, credentials: str = "credentials.yml",
                  env: Optional[dict[str, str]] = None, endpoints: str = "endpoints.yml") -> Iterator[Stack]:
    stack = Stack(model, workdir, free_port(), free_port(), credentials=credentials, extra_env=dict(env or {}),
                  endpoints=endpoints)
    try:
        stack.start_actions()
        stack.start_rasa()
        yield stack
    finally:
        stop(stack.rasa)
        stop(stack.actions)
