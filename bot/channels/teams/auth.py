"""Is this activity really from the Bot Connector service, for this bot? The Bot Framework's checks, all of them.

Anyone on the internet can POST to the messaging endpoint, so an activity is believed only when its
``Authorization: Bearer <JWT>`` passes every check of "Authentication with the Bot Connector API"
(learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication):

1. the header is present and is ``Bearer`` followed by a compact JWT;
2. the token is signed with one of the keys in the JWKS named by the OpenID metadata's ``jwks_uri``,
   with an algorithm the metadata lists (RS256), never the algorithm the token asks for;
3. ``iss`` is an accepted issuer (``https://api.botframework.com`` unless configured), ``aud`` is this
   bot's app id, and the token is within its lifetime, give or take the SDKs' five minutes of clock skew;
4. the ``serviceurl`` claim equals the activity's ``serviceUrl``, so replies (which go to that URL, with
   the bot's own access token) can only go where the Bot Connector said;
5. where the key carries ``endorsements``, the activity's ``channelId`` is one of them (as the SDKs check).

Keys are cached. They are re-read when older than a day (Microsoft rotates them) and when a token names a
key id the cache does not know, but at most once every few minutes, so a stream of forged key ids cannot
make the bot hammer Microsoft. Whatever the reason, only one read runs at a time and reads start at least
``MIN_FETCH_INTERVAL`` seconds apart, so a flood of requests while the cache is empty (at start-up, or while
Microsoft cannot be reached) makes a handful of reads, not one per request. When a re-read fails the keys
already known stay in use for a grace period (``KEYS_GRACE_SECONDS`` past their day), then are refused: a
key Microsoft has withdrawn is not trusted for ever because its withdrawal could not be read. Anything
wrong raises ``Unauthorized`` (HTTP 401); keys that cannot be read at all, or only too old ones, raise
``KeysUnavailable`` (HTTP 503, so the Bot Connector tries again later).

``verify_token`` checks the Authorization header alone, so the channel can refuse a request before reading
its body; ``check_activity`` then checks the parts that need the activity (``serviceUrl``, endorsement).
"""
from __future__ import annotations

import json
import logging
import re
import time
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Optional

import httpx
import jwt
from jwt.algorithms import RSAAlgorithm

from bot.channels.teams.http_client import LoopClient, loop_lock
from bot.channels.teams.settings import TeamsSettings

logger = logging.getLogger(__name__)

BEARER = re.compile(r"^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$", re.IGNORECASE)
RSA_ALGORITHMS = ("RS256", "RS384", "RS512")
SERVICE_URL_CLAIMS = ("serviceurl", "serviceUrl")  # the Bot Connector writes "serviceurl"
MIN_FETCH_INTERVAL = 10.0  # seconds between two reads of the keys, whatever asks for them
KEYS_GRACE_SECONDS = 24 * 3600  # how long keys past their age stay in use while they cannot be re-read


class Unauthorized(Exception):
    """The request is not from the Bot Connector for this bot; ``str()`` says why (for the log only)."""


class KeysUnavailable(Exception):
    """The signing keys could not be read, so nothing can be verified."""


@dataclass(frozen=True)
class SigningKey:
    """One key of the JWKS: the public key, and the channels it is endorsed for (None: no restriction)."""

    kid: str
    key: Any
    endorsements: Optional[frozenset[str]]


class OpenIdKeys:
    """The Bot Connector's signing keys, read via the OpenID metadata and cached."""

    def __init__(self, metadata_url: str, http: LoopClient, *, max_age: float, min_refresh_interval: float,
                 grace: float = KEYS_GRACE_SECONDS, min_fetch_interval: float = MIN_FETCH_INTERVAL,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.metadata_url = metadata_url
        self.max_age = max_age
        self.min_refresh_interval = min_refresh_interval
        self.grace = grace
        self.min_fetch_interval = min_fetch_interval
        self.algorithms: tuple[str, ...] = ("RS256",)
        self._http = http
        self._clock = clock
        self._keys: dict[str, SigningKey] = {}
        self._fetched_at: Optional[float] = None
        self._attempted_at: Optional[float] = None
        self._locks: dict = {}

    async def key(self, kid: str) -> SigningKey:
        """The key with this id; re-reads the keys when stale, or (rate-limited) when the id is unknown."""
        reason = self._reason_to_read(kid, self._clock())
        lock = loop_lock(self._locks, "refresh")
        if lock.locked():  # a read is under way (single flight): wait for its result rather than start another
            async with lock:
                pass
        elif reason is not None:  # no await between the check and taking the lock: no second read can start
            await self._refresh(reason)
        if not self._keys:
            raise KeysUnavailable("no signing keys could be read")
        if self._clock() - (self._fetched_at or 0) > self.max_age + self.grace:
            raise KeysUnavailable("the signing keys are past their grace period and could not be read again")
        found = self._keys.get(kid)
        if found is None:
            raise Unauthorized("the token's key id is not in the published keys")
        return found

    def _reason_to_read(self, kid: str, now: float) -> Optional[str]:
        """Why the keys should be read now, or None: nothing to read, or the last read was too recent."""
        if not self._keys:
            reason, interval = ("first use" if self._attempted_at is None else "no keys yet"), 0.0
        elif now - (self._fetched_at or 0) > self.max_age:
            reason, interval = "keys stale", self.min_refresh_interval
        elif kid not in self._keys:
            reason, interval = "unknown key id", self.min_refresh_interval
        else:
            return None
        return reason if self._may_fetch(now, interval) else None

    def _may_fetch(self, now: float, interval: float) -> bool:
        """Whether a read may start: ``interval`` (and never less than the floor) since the last attempt."""
        return self._attempted_at is None or now - self._attempted_at >= max(interval, self.min_fetch_interval)

    async def _refresh(self, reason: str) -> None:
        """Read metadata and keys; on failure keep the keys already known (within their grace period)."""
        async with loop_lock(self._locks, "refresh"):
            now = self._attempted_at = self._clock()
            try:
                client = self._http.client()
                metadata = _json_object(await client.get(self.metadata_url), "OpenID metadata")
                jwks_uri = metadata.get("jwks_uri")
                if not isinstance(jwks_uri, str) or not jwks_uri.startswith(("https://", "http://")):
                    raise ValueError("the OpenID metadata has no jwks_uri")
                keys = _parse_jwks(_json_object(await client.get(jwks_uri), "JWKS"))
            except (httpx.HTTPError, ValueError) as error:
                logger.warning("Teams: could not read the Bot Connector signing keys (%s: %s); %s",
                               reason, type(error).__name__, "keeping the cached keys" if self._keys else "none cached")
                return
            self._keys = keys
            self._fetched_at = now
            supported = metadata.get("id_token_signing_alg_values_supported")
            if isinstance(supported, list):
                self.algorithms = tuple(a for a in RSA_ALGORITHMS if a in supported) or ("RS256",)
            logger.info("Teams: read %d signing keys (%s)", len(keys), reason)


def _json_object(response: httpx.Response, what: str) -> dict:
    response.raise_for_status()
    body = response.json()
    if not isinstance(body, dict):
        raise ValueError(f"the {what} is not a JSON object")
    return body


def _parse_jwks(jwks: Mapping[str, Any]) -> dict[str, SigningKey]:
    """The RSA signing keys of a JWKS by key id; others (and malformed ones) are left out."""
    keys: dict[str, SigningKey] = {}
    for entry in jwks.get("keys") or []:
        if not isinstance(entry, dict) or entry.get("kty") != "RSA" or entry.get("use", "sig") != "sig":
            continue
        kid = entry.get("kid")
        if not isinstance(kid, str) or not kid:
            continue
        try:
            public_key = RSAAlgorithm.from_jwk(json.dumps(entry))
        except (jwt.InvalidKeyError, ValueError, KeyError, TypeError):
            logger.warning("Teams: skipped a malformed signing key")
            continue
        endorsements = entry.get("endorsements")
        keys[kid] = SigningKey(kid, public_key, frozenset(map(str, endorsements))
                               if isinstance(endorsements, list) else None)
    return keys


@dataclass(frozen=True)
class VerifiedToken:
    """A token that passed every check the Authorization header allows: its claims and its signing key."""

    claims: dict[str, Any]
    signing_key: SigningKey


class TokenVerifier:
    """``verify_token(authorization)`` then ``check_activity(token, activity)``; ``Unauthorized`` says what failed."""

    def __init__(self, settings: TeamsSettings, keys: OpenIdKeys) -> None:
        self.settings = settings
        self.keys = keys

    async def verify(self, authorization: Optional[str], activity: Mapping[str, Any]) -> dict[str, Any]:
        """Both steps at once, for a caller that already has the activity; the token's claims."""
        token = await self.verify_token(authorization)
        self.check_activity(token, activity)
        return token.claims

    async def verify_token(self, authorization: Optional[str]) -> VerifiedToken:
        """Checks 1 to 3: the header, the signature, issuer, audience and lifetime (no body needed)."""
        if not authorization:
            raise Unauthorized("no Authorization header")
        match = BEARER.match(authorization.strip())
        if not match:
            raise Unauthorized("the Authorization header is not 'Bearer <JWT>'")
        token = match.group(1)
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as error:
            raise Unauthorized(f"unreadable token header ({type(error).__name__})") from None
        kid, algorithm = header.get("kid"), header.get("alg")
        if not isinstance(kid, str) or not kid:
            raise Unauthorized("the token names no key id")
        if algorithm not in RSA_ALGORITHMS:  # before any key lookup: "none" or HS256 never get that far
            raise Unauthorized(f"signing algorithm {algorithm!r} is not accepted")
        signing_key = await self.keys.key(kid)
        if algorithm not in self.keys.algorithms:
            raise Unauthorized(f"signing algorithm {algorithm!r} is not one the metadata allows")
        try:
            claims = jwt.decode(token, signing_key.key, algorithms=[algorithm], audience=self.settings.app_id,
                                issuer=list(self.settings.issuers), leeway=self.settings.leeway_seconds,
                                options={"require": ["exp", "iss", "aud"]})
        except jwt.PyJWTError as error:
            raise Unauthorized(f"token refused ({type(error).__name__})") from None
        return VerifiedToken(claims, signing_key)

    def check_activity(self, token: VerifiedToken, activity: Mapping[str, Any]) -> None:
        """Checks 4 and 5: the activity is the one the token vouches for (service URL, channel)."""
        self._check_service_url(token.claims, activity)
        self._check_endorsement(token.signing_key, activity)

    @staticmethod
    def _check_service_url(claims: Mapping[str, Any], activity: Mapping[str, Any]) -> None:
        claimed = next((claims[name] for name in SERVICE_URL_CLAIMS if name in claims), None)
        service_url = activity.get("serviceUrl")
        if not isinstance(claimed, str) or not claimed:
            raise Unauthorized("the token has no serviceurl claim")
        if not isinstance(service_url, str) or service_url != claimed:
            raise Unauthorized("the activity's serviceUrl is not the one the token was issued for")

    @staticmethod
    def _check_endorsement(signing_key: SigningKey, activity: Mapping[str, Any]) -> None:
        if signing_key.endorsements is None:
            return
        channel = activity.get("channelId")
        if not isinstance(channel, str) or channel not in signing_key.endorsements:
            raise Unauthorized("the signing key is not endorsed for the activity's channel")
