"""Async HTTP to Rasa's REST channel: one POST per practitioner message, the bot's messages back in order.

The contract is the one the terminal chat uses: ``POST {rasa}/webhooks/rest/webhook`` with
``{"sender": <conversation id>, "message": <text>}``; the answer is a JSON list of messages, each with
optional ``text``, ``buttons`` and ``custom``. Any failure (connection refused, timeout, an HTTP error, a
body that is not such a list) becomes one ``RasaUnavailable``, so the caller has one place to send the safe
message from. httpx is used because python-telegram-bot already depends on it. When ``BOT_REST_SECRET`` is
set, every request carries it (``bot.channels.rest_secret``), as the REST channel then requires.
"""
from __future__ import annotations

import logging
import os
from typing import Any, Optional

import httpx

from bot.channels.rest_secret import client_headers

logger = logging.getLogger(__name__)


class RasaUnavailable(Exception):
    """Rasa could not be reached or did not answer with a list of messages."""


class RasaClient:
    """Sends messages to one Rasa server; create inside or outside the event loop, close with ``aclose``.

    ``headers`` go with every request; by default the REST channel's secret from the environment, if set."""

    def __init__(self, webhook_url: str, timeout: float = 60.0,
                 transport: Optional[httpx.AsyncBaseTransport] = None,
                 headers: Optional[dict[str, str]] = None) -> None:
        self.webhook_url = webhook_url
        self.headers = client_headers(os.environ) if headers is None else dict(headers)
        self.timeout = timeout
        self._transport = transport
        self._client: Optional[httpx.AsyncClient] = None

    def _http(self) -> httpx.AsyncClient:
        """One pooled client, made on first use so that it belongs to the loop that uses it."""
        if self._client is None or self._client.is_closed:
            self._client = httpx.AsyncClient(timeout=httpx.Timeout(self.timeout, connect=5.0),
                                             transport=self._transport, headers=self.headers)
        return self._client

    async def send(self, sender: str, message: str) -> list[dict[str, Any]]:
        """The bot's messages for one user message; raises ``RasaUnavailable`` on any failure."""
        try:
            response = await self._http().post(self.webhook_url, json={"sender": sender, "message": message})
            response.raise_for_status()
            body = response.json()
        except httpx.HTTPStatusError as error:
            raise RasaUnavailable(f"Rasa answered HTTP {error.response.status_code}") from error
        except httpx.HTTPError as error:
            raise RasaUnavailable(f"Rasa unreachable ({type(error).__name__})") from error
        except ValueError as error:  # not JSON
            raise RasaUnavailable("Rasa answered with something that is not JSON") from error
        if not isinstance(body, list):
            raise RasaUnavailable("Rasa answered with something that is not a list of messages")
        return [reply for reply in body if isinstance(reply, dict)]

    async def aclose(self) -> None:
        """Close the connection pool (the application's post_shutdown calls this)."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None
