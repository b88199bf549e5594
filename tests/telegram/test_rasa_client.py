"""The Rasa client: the REST contract, and every kind of failure as one RasaUnavailable."""
from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from bot.telegram.rasa_client import RasaClient, RasaUnavailable

URL = "http://rasa.test/webhooks/rest/webhook"


def send_with(handler, message: str = "hello") -> list[dict]:
    async def go() -> list[dict]:
        client = RasaClient(URL, transport=httpx.MockTransport(handler))
        try:
            return await client.send("tg-abc", message)
        finally:
            await client.aclose()

    return asyncio.run(go())


def test_posts_sender_and_message_and_returns_the_messages_in_order() -> None:
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.method, str(request.url), json.loads(request.content)))
        return httpx.Response(200, json=[{"text": "one"}, "not a message", {"text": "two", "buttons": []}])

    assert send_with(handler, "/deny") == [{"text": "one"}, {"text": "two", "buttons": []}]
    assert seen == [("POST", URL, {"sender": "tg-abc", "message": "/deny"})]


@pytest.mark.parametrize("response", [
    httpx.Response(500, json={"error": "boom"}),
    httpx.Response(404, text="not found"),
    httpx.Response(200, text="<html>proxy error</html>"),
    httpx.Response(200, json={"not": "a list"}),
])
def test_bad_answers_are_rasa_unavailable(response: httpx.Response) -> None:
    with pytest.raises(RasaUnavailable):
        send_with(lambda request: response)


@pytest.mark.parametrize("error", [httpx.ConnectError("refused"), httpx.ReadTimeout("slow")])
def test_network_failures_are_rasa_unavailable(error: Exception) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise error

    with pytest.raises(RasaUnavailable):
        send_with(handler)


def test_nothing_listening_is_rasa_unavailable() -> None:
    async def go() -> None:
        client = RasaClient("http://127.0.0.1:9/webhooks/rest/webhook", timeout=2)
        try:
            await client.send("tg-abc", "hello")
        finally:
            await client.aclose()

    with pytest.raises(RasaUnavailable):
        asyncio.run(go())
