"""The Microsoft Teams channel: Bot Framework activities in, the REST channel's safe path, Adaptive Cards out.

Configured in ``credentials.yml`` as ``bot.channels.teams.channel.TeamsInput`` (see ``docs/teams.md``); the Bot
Connector posts to ``/webhooks/teams/webhook``. For each activity:

1. **Verify** (``auth``): the ``Authorization`` header first (signature, issuer, audience, lifetime),
   before a byte of the body is read; then the body, at most 256 KB (``request_size``: more is HTTP 413),
   and the ``serviceurl`` claim against it. Anything wrong is HTTP 401 and the activity goes no further:
   not to Rasa, not to the log beyond the reason. An activity from a tenant not on the allow-list
   (``BOT_TEAMS_ALLOWED_TENANTS``) gets a short polite refusal that still gives 999, and nothing of it is
   relayed or remembered.
2. **Read** (``activity``): only personal chats are relayed (others get a polite note, since a group
   is no place for details about a child); a button press's payload or the typed text becomes the text.
3. **Relay through ``bot.channels.safe_path.handle``**, the one safe path every channel shares: whole messages,
   button titles and numbers understood, typed intent shortcuts refused, personal details redacted before
   Rasa sees them, and a safe reply (999, national contacts) when a turn produces nothing. The sender id is
   a keyed hash of the Teams conversation id (``identity``); no Teams id, name or tenant goes to Rasa.
4. **Reply** (``adaptive_cards``, ``connector``): each bot message as one Teams message, to the
   verified ``serviceUrl`` only.

The HTTP answer is 200 once the replies are sent; a failed reply is logged, not retried by the Bot
Connector (a retry would send the message to Rasa twice). Repeated deliveries of one activity are ignored.
"""
from __future__ import annotations

import json
import logging
import os
from collections import OrderedDict
from typing import Any, Awaitable, Callable, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.teams.adaptive_cards import activity_fields
from bot.channels.safe_path import handle, prepare
from bot.channels.request_size import BodyTooLarge, limit_unread_body, read_body
from bot.channels.teams.activity import (
    NOT_PERSONAL_TEXT,
    TENANT_NOT_ALLOWED_TEXT,
    activity_id,
    bot_was_added,
    is_personal,
    message_text,
    raw_conversation_id,
    reply_to,
    tenant_of,
)
from bot.channels.teams.auth import KeysUnavailable, OpenIdKeys, TokenVerifier, Unauthorized, VerifiedToken
from bot.channels.teams.connector import Connector
from bot.channels.teams.http_client import LoopClient
from bot.channels.teams.identity import conversation_id
from bot.channels.teams.settings import TeamsSettings, load_settings, raw_settings
from bot.deployment import DeploymentError, is_production

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]
Answer = tuple[int, dict[str, Any]]  # the HTTP status and JSON body for the Bot Connector
CHANNEL = "teams"
GREETING = "hello"  # what the bot's installation in a personal chat relays, so Rasa opens the conversation


class RecentActivities:
    """The last few thousand (conversation, activity id) pairs, to ignore the Bot Connector's re-deliveries."""

    def __init__(self, size: int = 4096) -> None:
        self._seen: "OrderedDict[tuple[str, str], None]" = OrderedDict()
        self._size = size

    def first_time(self, conversation: str, activity_id: Optional[str]) -> bool:
        if not activity_id:
            return True
        key = (conversation, activity_id)
        if key in self._seen:
            return False
        self._seen[key] = None
        while len(self._seen) > self._size:
            self._seen.popitem(last=False)
        return True


class TeamsBot:
    """The channel's work for one activity, without Sanic: ``receive`` gives the HTTP status and body."""

    def __init__(self, settings: TeamsSettings, http: Optional[LoopClient] = None,
                 keys: Optional[OpenIdKeys] = None, connector: Optional[Connector] = None) -> None:
        self.settings = settings
        self.http = http or LoopClient()
        self.keys = keys or OpenIdKeys(settings.openid_metadata, self.http, max_age=settings.keys_max_age_seconds,
                                       min_refresh_interval=settings.key_refresh_seconds)
        self.verifier = TokenVerifier(settings, self.keys)
        self.connector = connector or Connector(settings, self.http)
        self.recent = RecentActivities()

    async def receive(self, authorization: Optional[str], body: Any, on_new_message: OnNewMessage) -> Answer:
        """Verify one POSTed activity and, if it is genuine, relay it and send the replies."""
        token, refusal = await self.authenticate(authorization)
        if token is None:
            return refusal
        return await self.receive_verified(token, body, on_new_message)

    async def authenticate(self, authorization: Optional[str]) -> tuple[Optional[VerifiedToken], Answer]:
        """The Authorization header's token, or None and the refusal (before the body is read)."""
        try:
            return await self.verifier.verify_token(authorization), (200, {})
        except Unauthorized as error:
            logger.warning("Teams: refused a request (401): %s", error)
            return None, (401, {"error": "unauthorized"})
        except KeysUnavailable as error:
            logger.error("Teams: cannot verify requests (503): %s", error)
            return None, (503, {"error": "signing keys unavailable"})

    async def receive_verified(self, token: VerifiedToken, body: Any, on_new_message: OnNewMessage) -> Answer:
        """The activity sent with a verified token: checked against it, then relayed (or refused politely)."""
        activity = body if isinstance(body, dict) else {}
        try:
            self.verifier.check_activity(token, activity)
        except Unauthorized as error:
            logger.warning("Teams: refused a request (401): %s", error)
            return 401, {"error": "unauthorized"}
        raw_conversation = raw_conversation_id(activity)
        if raw_conversation is None:
            return 400, {"error": "the activity has no conversation id"}
        sender = conversation_id(raw_conversation, self.settings.id_key)
        if not self.settings.allows_tenant(tenant_of(activity)):
            logger.warning("Teams: conversation %s: tenant not on the allow-list; refused, nothing relayed", sender)
            await self._refuse(activity, sender)
            return 200, {}  # answered: an error status would only show the person a failed message
        if not self.recent.first_time(sender, activity_id(activity)):
            logger.info("Teams: conversation %s: activity delivered again; ignored", sender)
            return 200, {}
        await self._respond(activity, sender, on_new_message)
        return 200, {}

    async def _refuse(self, activity: dict[str, Any], sender: str) -> None:
        """The short refusal, in a personal chat only (a message, or the app just installed there)."""
        if is_personal(activity) and (activity.get("type") == "message" or bot_was_added(activity)):
            await self._send(activity, {"type": "message", "text": TENANT_NOT_ALLOWED_TEXT, "textFormat": "plain"},
                             sender)

    async def _respond(self, activity: dict[str, Any], sender: str, on_new_message: OnNewMessage) -> None:
        """Relay what the activity says and send every reply; other activity types are acknowledged only."""
        kind = activity.get("type")
        if kind == "message" and not is_personal(activity):
            await self._send(activity, {"type": "message", "text": NOT_PERSONAL_TEXT, "textFormat": "plain"}, sender)
            return
        if kind == "message":
            text = message_text(activity)
        elif bot_was_added(activity) and is_personal(activity):
            text = GREETING
        else:
            logger.debug("Teams: conversation %s: %s activity acknowledged", sender, kind)
            return
        for message in await handle(on_new_message, text, sender, CHANNEL, None):
            fields = activity_fields(message)
            if fields is not None:
                await self._send(activity, fields, sender)

    async def _send(self, activity: dict[str, Any], fields: dict[str, Any], sender: str) -> None:
        # serviceUrl was checked against the token's claim in receive(): replies go nowhere else
        await self.connector.send(activity["serviceUrl"], reply_to(activity, fields), sender)


class TeamsSettingsError(RasaException):
    """A production deployment with a faulty Teams configuration: Rasa prints this message and stops."""


def _production(environ: Any) -> bool:
    """Whether this is production; an unknown ``BOT_DEPLOYMENT`` counts as production (refuse, never open)."""
    try:
        return is_production(environ)
    except DeploymentError:
        return True


class TeamsInput(InputChannel):
    """Rasa input channel "teams": ``POST /webhooks/teams/webhook``; off, with a warning, when unconfigured."""

    @classmethod
    def name(cls) -> Text:
        return CHANNEL

    @classmethod
    def from_credentials(cls, credentials: Optional[dict[Text, Any]]) -> InputChannel:
        """Settings from credentials.yml and the environment. Rasa always starts when the channel is not
        configured, or misconfigured on a developer's machine (the channel is then off, with a warning); in
        production (``BOT_DEPLOYMENT=production``) a configured but faulty channel stops the start-up."""
        settings, problems = load_settings(credentials, os.environ)
        if settings is None:
            if raw_settings(credentials, os.environ)["app_id"] and _production(os.environ):
                raise TeamsSettingsError("The Teams channel cannot start: " + "; ".join(problems)
                                         + ". See docs/teams.md.")
            logger.warning("Teams channel is off: %s. See docs/teams.md.", "; ".join(problems))
        elif not settings.allowed_tenants:
            logger.warning("Teams: no BOT_TEAMS_ALLOWED_TENANTS, so users of any organisation can talk to this "
                           "bot. Fine on a developer's machine; BOT_DEPLOYMENT=production requires the list.")
        return cls(settings)

    def __init__(self, settings: Optional[TeamsSettings], bot: Optional[TeamsBot] = None) -> None:
        prepare()  # Rasa's changes and the wording file, before `rasa run` loads the model
        self.settings = settings
        self.bot = bot or (TeamsBot(settings) if settings is not None else None)

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        webhook = Blueprint("teams_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.bot else "disabled"})

        @webhook.route("/webhook", methods=["POST"], stream=True)  # the body is read only after the header
        async def receive(request: Request) -> HTTPResponse:
            if self.bot is None:
                limit_unread_body(request)
                return response.json({"error": "the Teams channel is not configured"}, status=503)
            token, refusal = await self.bot.authenticate(request.headers.get("Authorization"))
            if token is None:
                limit_unread_body(request)
                return response.json(refusal[1], status=refusal[0])
            try:
                raw = await read_body(request)
            except BodyTooLarge as error:
                limit_unread_body(request)
                logger.warning("Teams: refused a request body (413): %s", error)
                return response.json({"error": "request body too large"}, status=413)
            try:
                body = json.loads(raw or b"null")
            except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested too deep to read
                body = None
            status, payload = await self.bot.receive_verified(token, body, on_new_message)
            return response.json(payload, status=status)

        @webhook.listener("after_server_stop")
        async def close(*_: Any) -> None:
            if self.bot is not None:
                await self.bot.http.aclose()

        return webhook
