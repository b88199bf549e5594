"""Sending replies to Teams through the Bot Connector, with the bot's own access token.

- **Where**: ``POST {serviceUrl}/v3/conversations/{conversation.id}/activities/{activity.id}``, and only
  for a ``serviceUrl`` that the incoming token vouched for (``auth`` checks the claim before anything
  is sent). Ids are URL-encoded (Teams conversation ids hold ``:``, ``@`` and ``;``), so they cannot change
  the path. Redirects are not followed: the bot's token goes to that host and nowhere else.
- **Token**: the OAuth 2.0 client-credentials grant at the configured token endpoint
  (``https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token`` for a multi-tenant app, the
  tenant's own authority for a single-tenant one), scope ``https://api.botframework.com/.default``. It is
  cached until five minutes before it expires, fetched by one request at a time, and dropped and fetched
  again once if the Bot Connector answers 401.
- **Never silent**: a reply refused as too large (413) is sent again as its plain text alone.
Log lines carry the hashed conversation id and status codes only, never message text or Teams ids.
"""
from __future__ import annotations

import logging
import time
from typing import Any, Callable, Mapping, Optional
from urllib.parse import quote

import httpx

from bot.channels.teams.http_client import LoopClient, loop_lock
from bot.channels.teams.settings import TeamsSettings

logger = logging.getLogger(__name__)

EXPIRY_MARGIN_SECONDS = 300
TEXT_LIMIT = 20_000  # Teams refuses messages over about 40 KB of UTF-16; plain text alone stays well under


class TokenUnavailable(Exception):
    """The token endpoint did not give the bot an access token."""


class AppToken:
    """The bot's access token for the Bot Connector (client credentials), cached until shortly before expiry."""

    def __init__(self, settings: TeamsSettings, http: LoopClient, clock: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings
        self._http = http
        self._clock = clock
        self._token: Optional[str] = None
        self._expires_at = 0.0
        self._locks: dict = {}

    async def bearer(self) -> str:
        """A valid access token, fetching one when none is cached or it is about to expire."""
        if self._valid():
            return self._token  # type: ignore[return-value]
        async with loop_lock(self._locks, "token"):
            if not self._valid():
                await self._fetch()
        return self._token  # type: ignore[return-value]

    def forget(self) -> None:
        """Drop the cached token (the Bot Connector refused it)."""
        self._token, self._expires_at = None, 0.0

    def _valid(self) -> bool:
        return self._token is not None and self._clock() < self._expires_at

    async def _fetch(self) -> None:
        form = {"grant_type": "client_credentials", "client_id": self.settings.app_id,
                "client_secret": self.settings.app_password, "scope": self.settings.scope}
        try:
            response = await self._http.client().post(self.settings.token_endpoint, data=form)
            response.raise_for_status()
            body = response.json()
            token, lifetime = body["access_token"], float(body.get("expires_in", 3600))
        except (httpx.HTTPError, ValueError, KeyError, TypeError) as error:
            raise TokenUnavailable(f"no access token from the token endpoint ({type(error).__name__})") from None
        if not isinstance(token, str) or not token:
            raise TokenUnavailable("the token endpoint answered without an access token")
        margin = min(EXPIRY_MARGIN_SECONDS, lifetime / 2)
        self._token, self._expires_at = token, self._clock() + lifetime - margin


class Connector:
    """Posts reply activities to the Bot Connector."""

    def __init__(self, settings: TeamsSettings, http: LoopClient, token: Optional[AppToken] = None) -> None:
        self._http = http
        self.token = token or AppToken(settings, http)

    @staticmethod
    def reply_url(service_url: str, conversation_id: str, activity_id: Optional[str]) -> str:
        """Where a reply goes: the conversation's activities, threaded to ``activity_id`` when there is one."""
        url = f"{service_url.rstrip('/')}/v3/conversations/{quote(conversation_id, safe='')}/activities"
        return f"{url}/{quote(activity_id, safe='')}" if activity_id else url

    async def send(self, service_url: str, reply: Mapping[str, Any], log_id: str) -> bool:
        """Send one reply (``reply`` carries its conversation and replyToId); False if Teams did not take it."""
        conversation = (reply.get("conversation") or {}).get("id")
        if not isinstance(conversation, str) or not conversation:
            logger.error("Teams: conversation %s: the activity has no conversation id; reply not sent", log_id)
            return False
        url = self.reply_url(service_url, conversation, reply.get("replyToId"))
        try:
            status = await self._post(url, reply)
            if status == 401:  # a token revoked or rotated early: fetch a new one, once
                self.token.forget()
                status = await self._post(url, reply)
            if status == 413 and reply.get("attachments"):
                logger.warning("Teams: conversation %s: reply too large; sending its text alone", log_id)
                status = await self._post(url, _text_only(reply))
        except TokenUnavailable as error:
            logger.error("Teams: conversation %s: reply not sent: %s", log_id, error)
            return False
        except httpx.HTTPError as error:
            logger.error("Teams: conversation %s: reply not sent (%s)", log_id, type(error).__name__)
            return False
        if status >= 300:
            logger.error("Teams: conversation %s: the Bot Connector answered HTTP %s", log_id, status)
            return False
        return True

    async def _post(self, url: str, body: Mapping[str, Any]) -> int:
        headers = {"Authorization": f"Bearer {await self.token.bearer()}"}
        response = await self._http.client().post(url, json=dict(body), headers=headers)
        return response.status_code


def _text_only(reply: Mapping[str, Any]) -> dict[str, Any]:
    """The reply as plain text only, cut to a size Teams always accepts."""
    slim = {k: v for k, v in reply.items() if k not in {"attachments", "value"}}
    text = str(slim.get("text") or "")
    slim["text"] = text if len(text) <= TEXT_LIMIT else text[:TEXT_LIMIT] + "\n…"
    return slim
