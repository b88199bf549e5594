"""``make serve`` (scripts/stack.sh serve), started for real on free ports: nobody reaches Rasa's HTTP API who
should not, and nothing listens beyond this machine.

Before issue 17 the stack ran ``rasa run --enable-api`` with no token: any program on the machine, or a web page
that rebinds a name to 127.0.0.1, could read or rewrite any conversation (``/conversations/<id>/tracker``),
trigger any intent past the REST channel's checks and redaction, and load another model (``PUT /model``).
Now the API is off; with ``BOT_RASA_API=on`` it answers only with the token the stack writes to a file
readable by its owner, and the token is nowhere in the process list.
"""
from __future__ import annotations

import os
import stat
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest
import requests

from bot.paths import ROOT
from tests.e2e.servers import free_port, stop, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.model]

# what a stranger's request would do: read a conversation, write one, trigger an intent, swap the model
API_ATTEMPTS = [
    ("GET", "/conversations/{sender}/tracker", None),
    ("POST", "/conversations/{sender}/tracker/events", [{"event": "slot", "name": "role", "value": "x"}]),
    ("POST", "/conversations/{sender}/trigger_intent", {"name": "affirm"}),
    ("PUT", "/model", {"model_file": "/nonexistent.tar.gz"}),
    ("GET", "/status", None),
]


@dataclass
class Served:
    """A running ``scripts/stack.sh serve``: its process (the session leader) and where it listens."""

    process: subprocess.Popen
    rasa_port: int
    actions_port: int
    token_file: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    def say(self, sender: str, text: str) -> list[dict]:
        answer = requests.post(f"{self.url}/webhooks/rest/webhook", json={"sender": sender, "message": text},
                               timeout=60)
        answer.raise_for_status()
        return answer.json()

    def pids(self) -> list[int]:
        """Every process of this stack (its session), the script included."""
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if os.getsid(int(entry.name)) == self.process.pid:
                        found.append(int(entry.name))
                except (ProcessLookupError, PermissionError):
                    continue
        return found


@pytest.fixture(scope="module")
def model(trained_model: Path) -> Path:
    """scripts/stack.sh serves the newest model in models/: the one the suite trained."""
    return trained_model


def start(tmp: Path, **settings: str) -> Served:
    rasa_port, actions_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items()
           if k not in ("BOT_DATABASE_URL", "BOT_REST_SECRET", "BOT_ACTION_ENDPOINT", "RASA_HOST", "ACTIONS_HOST",
                        "BOT_RASA_API", "RASA_TELEMETRY_ENABLED", "SANIC_HOST")}
    env.update({"RASA_PORT": str(rasa_port), "ACTIONS_PORT": str(actions_port), "BOT_LOG_DIR": str(tmp),
                "BOT_TRACKER_DB": str(tmp / "conversations.db"), "BOT_RASA_API_TOKEN_FILE": str(tmp / "api.token"),
                **settings})
    log = tmp / "stack.log"
    process = subprocess.Popen(["scripts/stack.sh", "serve"], cwd=ROOT, env=env, stdout=open(log, "ab"),
                               stderr=subprocess.STDOUT, start_new_session=True)
    served = Served(process, rasa_port, actions_port, tmp / "api.token")
    try:
        wait_until(f"{served.url}/webhooks/rest/", 300, process, log)
    except BaseException:
        stop(process)
        raise
    return served


@pytest.fixture(scope="module")
def make_serve(model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """``make serve`` as a practitioner's machine runs it: no settings."""
    served = start(tmp_path_factory.mktemp("make-serve"))
    yield served
    stop(served.process)


@pytest.fixture(scope="module")
def make_serve_with_api(model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """``BOT_RASA_API=on make serve``: the HTTP API on behind the stack's token."""
    served = start(tmp_path_factory.mktemp("make-serve-api"), BOT_RASA_API="on")
    yield served
    stop(served.process)


def attempt(served: Served, method: str, path: str, body, sender: str, **params: str) -> requests.Response:
    return requests.request(method, served.url + path.format(sender=sender), json=body, params=params, timeout=60)


def listening_addresses(port: int) -> set[str]:
    """The local addresses of the TCP sockets listening on ``port`` on this machine (from /proc/net)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


def test_no_request_reaches_rasas_http_api(make_serve: Served) -> None:
    sender = f"closed-{uuid.uuid4().hex[:8]}"
    assert make_serve.say(sender, "hello"), "the REST channel answers"
    for method, path, body in API_ATTEMPTS:
        answer = attempt(make_serve, method, path, body, sender)
        assert answer.status_code == 404, f"{method} {path}: HTTP {answer.status_code} {answer.text[:200]}"
        assert "sender_id" not in answer.text


def test_every_server_listens_on_this_machine_only(make_serve: Served) -> None:
    for port in (make_serve.rasa_port, make_serve.actions_port):
        assert listening_addresses(port) == {"0100007F"}, f"port {port}: {listening_addresses(port)}"  # 127.0.0.1


def test_no_server_reports_to_rasa(make_serve: Served) -> None:
    environs: dict[str, list[bytes]] = {}
    for pid in make_serve.pids():
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        except (FileNotFoundError, ProcessLookupError):
            continue
        for server in (b"bot.rasa_cli", b"rasa_sdk"):  # Rasa (no crash reports through bot.rasa_cli), actions
            if server in cmdline:
                environs[server.decode()] = environ
    assert sorted(environs) == ["bot.rasa_cli", "rasa_sdk"], environs.keys()
    for name, environ in environs.items():
        assert b"RASA_TELEMETRY_ENABLED=false" in environ, name


def test_with_the_api_on_only_the_token_opens_it(make_serve_with_api: Served) -> None:
    served = make_serve_with_api
    sender = f"api-{uuid.uuid4().hex[:8]}"
    served.say(sender, "hello")
    for method, path, body in API_ATTEMPTS:
        for params in ({}, {"token": "guess"}):
            answer = attempt(served, method, path, body, sender, **params)
            assert answer.status_code == 401, f"{method} {path} {params}: HTTP {answer.status_code}"
            assert "sender_id" not in answer.text
    token = served.token_file.read_text().strip()
    assert stat.S_IMODE(served.token_file.stat().st_mode) == 0o600 and len(token) >= 40
    tracker = attempt(served, "GET", "/conversations/{sender}/tracker", None, sender, token=token)
    assert tracker.status_code == 200 and tracker.json()["sender_id"] == sender


def test_the_token_is_not_in_the_process_list(make_serve_with_api: Served) -> None:
    token = make_serve_with_api.token_file.read_text().strip().encode()
    pids = make_serve_with_api.pids()
    assert len(pids) >= 3  # the script, the action server, Rasa
    for pid in pids:
        try:
            assert token not in Path(f"/proc/{pid}/cmdline").read_bytes(), f"process {pid} shows the token"
        except FileNotFoundError:
            continue
