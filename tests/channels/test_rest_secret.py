"""The REST channel's shared secret: with BOT_REST_SECRET set, only requests carrying it reach Rasa, and the
project's own clients (the terminal chat, the Telegram front end) carry it; without it, the local chat works."""
from __future__ import annotations

import asyncio
import json
import uuid
from typing import Optional

import httpx
import pytest
from sanic import Sanic

from bot.channels import rest_secret
from bot.channels.rest import SafeRestInput
from bot.channels.rest_secret import (ENV_REST_SECRET, addressed_to_this_machine, RestSecretError, client_headers, configured_secret,
                                      is_authorised)
from tests.robustness.stub_rasa import StubRasa

SECRET = "s3cret-for-the-rest-channel-0123"
WEBHOOK = "/webhooks/rest/webhook"
MESSAGE = {"sender": "secret-test-1", "message": "he is often hungry"}


# ---------------------------------------------------------------------------- the setting and the check

@pytest.mark.parametrize("value", [None, "", "   "])
def test_no_secret_configured_leaves_the_channel_open(value: Optional[str]) -> None:
    environ = {} if value is None else {ENV_REST_SECRET: value}
    assert configured_secret(environ) is None
    assert is_authorised(None, None) and client_headers(environ) == {}


def test_a_short_secret_is_refused_saying_how_to_make_one() -> None:
    with pytest.raises(RestSecretError, match="at least 16 characters.*token_urlsafe"):
        configured_secret({ENV_REST_SECRET: "password"})


@pytest.mark.parametrize("header, accepted", [
    (f"Bearer {SECRET}", True),
    (f"bearer {SECRET}", True),               # the scheme is case-insensitive (RFC 7235)
    (None, False),
    ("", False),
    (SECRET, False),                          # no scheme
    (f"Basic {SECRET}", False),
    (f"Bearer {SECRET[:-1]}", False),         # a prefix of the secret
    (f"Bearer {SECRET}x", False),
    (f"Bearer {SECRET.upper()}", False),
])
def test_only_the_exact_secret_is_accepted(header: Optional[str], accepted: bool) -> None:
    assert is_authorised(header, SECRET) is accepted


def test_the_comparison_takes_the_same_time_whatever_the_guess(monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[tuple[bytes, bytes]] = []
    real = rest_secret.hmac.compare_digest
    monkeypatch.setattr(rest_secret.hmac, "compare_digest", lambda a, b: compared.append((a, b)) or real(a, b))
    assert not is_authorised("Bearer guess", SECRET)
    assert compared == [(b"guess", SECRET.encode())]


# ---------------------------------------------------------------------------- the channel, served in-process


class Served:
    """SafeRestInput on a Sanic app of its own, reached over ASGI with httpx (as tests/robustness does)."""

    def __init__(self, channel: SafeRestInput) -> None:
        self.rasa = StubRasa()
        self.app = Sanic(f"rest_secret_{uuid.uuid4().hex[:8]}")
        self.app.blueprint(channel.blueprint(self.rasa), url_prefix="/webhooks/rest")
        self.loop = asyncio.new_event_loop()
        self.loop.run_until_complete(self.app._startup())
        self.http = httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url="http://127.0.0.1:5005")

    def post(self, headers: Optional[dict[str, str]] = None) -> httpx.Response:
        return self.loop.run_until_complete(self.http.post(WEBHOOK, json=MESSAGE, headers=headers or {}))

    def close(self) -> None:
        self.loop.run_until_complete(self.http.aclose())
        self.loop.close()


@pytest.fixture
def served_with_secret(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(ENV_REST_SECRET, SECRET)
    served = Served(SafeRestInput.from_credentials(None))  # as Rasa builds it from credentials.yml
    yield served
    served.close()


@pytest.mark.parametrize("headers", [None, {"Authorization": "Bearer wrong-secret-of-some-length"},
                                     {"Authorization": SECRET}, {"X-Bot-Secret": SECRET}])
def test_without_the_secret_a_message_is_refused_and_never_reaches_rasa(served_with_secret: Served,
                                                                        headers: Optional[dict]) -> None:
    answer = served_with_secret.post(headers)
    assert answer.status_code == 401 and answer.headers["WWW-Authenticate"] == "Bearer"
    assert ENV_REST_SECRET in answer.json()["error"] and "Authorization: Bearer" in answer.json()["error"]
    assert served_with_secret.rasa.seen == []


def test_with_the_secret_a_message_is_taken(served_with_secret: Served) -> None:
    answer = served_with_secret.post({"Authorization": f"Bearer {SECRET}"})
    assert answer.status_code == 200 and [r["text"] for r in answer.json()] == ["noted"]
    assert served_with_secret.rasa.seen == [MESSAGE["message"]]


def test_without_a_configured_secret_the_local_chat_keeps_working(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_REST_SECRET, raising=False)
    served = Served(SafeRestInput.from_credentials(None))
    try:
        answer = served.post()
        assert answer.status_code == 200 and [r["text"] for r in answer.json()] == ["noted"]
    finally:
        served.close()


@pytest.mark.parametrize("host", ["evil.example", "rebound.attacker.example:5005", "127.0.0.1.nip.io", "", "[::2]"])
def test_without_a_secret_a_request_addressed_to_another_name_is_refused(monkeypatch: pytest.MonkeyPatch,
                                                                         host: str) -> None:
    """DNS rebinding: a web page whose name now points at 127.0.0.1 still sends its own name as Host."""
    monkeypatch.delenv(ENV_REST_SECRET, raising=False)
    served = Served(SafeRestInput.from_credentials(None))
    try:
        answer = served.post({"Host": host})
        assert answer.status_code == 403 and ENV_REST_SECRET in answer.json()["error"]
        assert served.rasa.seen == []
    finally:
        served.close()


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:5005", "localhost:5005", "[::1]:5005", "LOCALHOST"])
def test_this_machines_names_are_local(host: str) -> None:
    assert addressed_to_this_machine(host)


def test_with_a_secret_any_name_may_be_served(served_with_secret: Served) -> None:
    answer = served_with_secret.post({"Authorization": f"Bearer {SECRET}", "Host": "assistant.school.example"})
    assert answer.status_code == 200


def test_rasa_will_not_start_the_channel_with_a_short_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_REST_SECRET, "short")
    with pytest.raises(RestSecretError):
        SafeRestInput.from_credentials(None)


# ---------------------------------------------------------------------------- the project's clients send it


def test_the_terminal_chat_sends_the_secret_when_set(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot import chat

    sent: list[dict[str, str]] = []

    class Reply:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def read(self) -> bytes:
            return json.dumps([{"text": "hello"}]).encode()

    def urlopen(request, timeout):
        sent.append({k.lower(): v for k, v in request.header_items()})
        return Reply()

    monkeypatch.setattr(chat.urllib.request, "urlopen", urlopen)
    monkeypatch.setenv(ENV_REST_SECRET, SECRET)
    assert chat.post("http://127.0.0.1:9/webhooks/rest/webhook", "s", "hi") == [{"text": "hello"}]
    monkeypatch.delenv(ENV_REST_SECRET)
    chat.post("http://127.0.0.1:9/webhooks/rest/webhook", "s", "hi")
    assert sent[0]["authorization"] == f"Bearer {SECRET}" and "authorization" not in sent[1]


def test_the_telegram_front_end_sends_the_secret_when_set(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.telegram.rasa_client import RasaClient

    seen: list[Optional[str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("Authorization"))
        return httpx.Response(200, json=[{"text": "hello"}])

    async def one_message(client: RasaClient) -> None:
        await client.send("s", "hi")
        await client.aclose()

    monkeypatch.setenv(ENV_REST_SECRET, SECRET)
    asyncio.run(one_message(RasaClient("http://rasa.test/webhooks/rest/webhook",
                                       transport=httpx.MockTransport(handler))))
    monkeypatch.delenv(ENV_REST_SECRET)
    asyncio.run(one_message(RasaClient("http://rasa.test/webhooks/rest/webhook",
                                       transport=httpx.MockTransport(handler))))
    assert seen == [f"Bearer {SECRET}", None]
