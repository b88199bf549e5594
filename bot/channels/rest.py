"""Rasa's REST channel, with the safe path every channel takes (``bot.channels.safe_path``).

Same URL (``/webhooks/rest/webhook``) and the same request and reply format as Rasa's own REST channel, which
the Telegram front end, the terminal chat and any other client use. What the channel itself adds:

* **Every message goes through the safe path** (``safe_path.handle``): whole messages, never silence, "kept"
  only when it is, typed text read against the buttons offered, personal details redacted before Rasa sees
  them (that module says how).
* **A body that is not a message is refused with 400**, saying what is wrong (``request_problem``), before it
  reaches Rasa.
* **A shared secret when anything but local programs can reach it.** With ``BOT_REST_SECRET`` set, a message
  without ``Authorization: Bearer <secret>`` gets 401 and never reaches Rasa (``bot.channels.rest_secret``);
  without it, a request addressed to anything but this machine gets 403.
* **One request per connection with several Sanic workers** (``one_request_per_connection``), so every
  worker takes turns.

Configured in credentials.yml as ``bot.channels.rest.SafeRestInput``.
"""
from __future__ import annotations

import logging
import os
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import safe_path
from bot.channels.rest_secret import (HEADER, NOT_LOCAL, REFUSAL, SCHEME, addressed_to_this_machine,
                                      configured_secret, is_authorised)

logger = logging.getLogger(__name__)

MAX_SENDER_CHARS = 255  # the conversation id column of the conversation store


def request_problem(body: Any) -> Optional[Text]:
    """Why a webhook body cannot be taken, in words for the caller; None when it can."""
    if not isinstance(body, dict):
        return "send a JSON object with 'sender' and 'message'"
    sender = body.get("sender")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
        return f"'sender' must be the conversation id: a string of 1 to {MAX_SENDER_CHARS} characters"
    if body.get("message") is not None and not isinstance(body.get("message"), str):
        return "'message' must be a string"
    return None


def one_request_per_connection() -> bool:
    """With several Sanic workers (SANIC_WORKERS), close each connection after its reply.

    The workers share one listening socket and the first to wake accepts every waiting connection; a client
    that keeps its connections alive (a load balancer, the Telegram front end's pool, the benchmark) then
    has all its turns served by one worker while the others idle. Closing after each reply makes every turn
    a new connection, which a free worker accepts. A connection on the same machine or network costs well
    under a millisecond; with one worker nothing changes."""
    try:
        return int(os.environ.get("SANIC_WORKERS", "1")) > 1
    except ValueError:
        return False


class SafeRestInput(RestInput):
    """The REST channel (same URL, ``/webhooks/rest/webhook``; same request and reply format).

    ``secret``: when set, only requests carrying it (``Authorization: Bearer <secret>``) are taken. Rasa builds
    the channel with ``from_credentials``, which reads it from ``BOT_REST_SECRET``."""

    def __init__(self, secret: Optional[Text] = None) -> None:
        safe_path.prepare()  # Rasa's changes and the wording file, before `rasa run` loads the model
        self.secret = secret

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "SafeRestInput":
        secret = configured_secret(os.environ)  # too short a secret stops Rasa starting, saying why
        if secret is None:
            logger.info("REST channel: no BOT_REST_SECRET, so any program that reaches it may send messages; "
                        "keep Rasa on 127.0.0.1 or set the secret")
        return cls(secret)

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not is_authorised(request.headers.get(HEADER), self.secret):
                return response.json({"error": REFUSAL}, status=401, headers={"WWW-Authenticate": SCHEME})
            if self.secret is None and not addressed_to_this_machine(request.headers.get("host")):
                return response.json({"error": NOT_LOCAL}, status=403)
            problem = request_problem(request.json)
            if problem:
                return response.json({"error": problem}, status=400)
            sender_id = await self._extract_sender(request)
            messages = await safe_path.handle(on_new_message, self._extract_message(request), str(sender_id),
                                              self._extract_input_channel(request), self.get_metadata(request))
            if one_request_per_connection() and getattr(request, "stream", None) is not None:
                request.stream.keep_alive = False  # Sanic then answers "Connection: close" and closes
            return response.json(messages)

        return webhook
