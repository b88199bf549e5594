"""Local stand-ins for the Bot Framework: OpenID metadata, JWKS, the token endpoint and the Bot Connector.

One HTTP server on 127.0.0.1 (standard library, in a thread) plays the parts of Microsoft's services that
the Teams channel talks to, so every test runs offline:

- ``GET /v1/.well-known/openidconfiguration``: OpenID metadata naming ``/keys`` as its ``jwks_uri``;
- ``GET /keys``: the JWKS of the published RSA keys (each endorsed for "msteams"); ``publish`` rotates them;
- ``POST /botframework.com/oauth2/v2.0/token``: the client-credentials grant, checking id, secret and scope;
- ``POST /<prefix>/v3/conversations/<id>/activities[/<id>]``: the Bot Connector, which takes a reply only
  with a token it issued, and records it.

The test signs activities itself, as the Bot Connector would, with ``KeyPair.token``. Every request is
recorded (``hits``) so a test can show which URLs were, and were not, called.
"""
from __future__ import annotations

import itertools
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Optional
from urllib.parse import parse_qs, unquote, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

APP_ID = "00000000-0000-4000-8000-00000000a11d"  # a made-up app id
APP_PASSWORD = "test-only-client-secret~0123456789"
ID_KEY = "test-only-teams-id-key-5c2e9a7f1b"
ISSUER = "https://api.botframework.com"
SCOPE = "https://api.botframework.com/.default"
TENANT = "11111111-2222-4333-8444-555555555555"  # a made-up tenant


@dataclass
class KeyPair:
    """An RSA key pair with a key id: the private half signs tokens, the public half goes in the JWKS."""

    kid: str = field(default_factory=lambda: f"kid-{uuid.uuid4().hex[:8]}")
    private_key: Any = field(default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048))
    endorsements: tuple[str, ...] = ("msteams",)

    def jwk(self) -> dict[str, Any]:
        key = json.loads(RSAAlgorithm.to_jwk(self.private_key.public_key()))
        return {**key, "kid": self.kid, "use": "sig", "endorsements": list(self.endorsements)}

    def token(self, service_url: str, *, audience: str = APP_ID, issuer: str = ISSUER, lifetime: float = 3600,
              issued: Optional[float] = None, kid: Optional[str] = None, **claims: Any) -> str:
        """A Bot Connector token: the claims it sends (``serviceurl`` included), signed RS256."""
        now = time.time() if issued is None else issued
        body = {"iss": issuer, "aud": audience, "iat": int(now), "nbf": int(now), "exp": int(now + lifetime),
                "serviceurl": service_url, **claims}
        return jwt.encode(body, self.private_key, algorithm="RS256", headers={"kid": kid or self.kid})


@dataclass
class Hit:
    """One request to the stand-in."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any


class BotFrameworkStandIn:
    """The server and its state; use as a context manager."""

    def __init__(self, app_id: str = APP_ID, app_password: str = APP_PASSWORD, prefix: str = "/emea/") -> None:
        self.app_id = app_id
        self.app_password = app_password
        self.prefix = prefix
        self.keys: list[KeyPair] = [KeyPair()]
        self.hits: list[Hit] = []
        self.token_lifetime = 3600
        self.issued: list[str] = []
        self.reply_failures: list[int] = []  # statuses for the next replies (413, 500...), one each
        self._tokens = itertools.count(1)
        self._lock = threading.Condition()
        self._server: Optional[ThreadingHTTPServer] = None

    # -- lifecycle

    def __enter__(self) -> "BotFrameworkStandIn":
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                stand_in._serve(self, "GET")

            def do_POST(self) -> None:  # noqa: N802
                stand_in._serve(self, "POST")

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True,
                         name="bot-framework-standin").start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    # -- addresses

    @property
    def base_url(self) -> str:
        assert self._server is not None, "use as a context manager"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def openid_url(self) -> str:
        return self.base_url + "/v1/.well-known/openidconfiguration"

    @property
    def token_url(self) -> str:
        return self.base_url + "/botframework.com/oauth2/v2.0/token"

    @property
    def service_url(self) -> str:
        """What Teams sends as ``serviceUrl`` (a regional prefix and a trailing slash, like the real one)."""
        return self.base_url + self.prefix

    def env(self) -> dict[str, str]:
        """The environment that points a Rasa server's Teams channel at this stand-in."""
        return {"BOT_TEAMS_APP_ID": self.app_id, "BOT_TEAMS_APP_PASSWORD": self.app_password,
                "BOT_TEAMS_ID_KEY": ID_KEY, "BOT_TEAMS_OPENID_METADATA": self.openid_url,
                "BOT_TEAMS_TOKEN_ENDPOINT": self.token_url}

    def credentials(self, **overrides: Any) -> dict[str, Any]:
        """The Teams block of credentials.yml, as Rasa hands it to the channel, pointed at this stand-in."""
        return {"app_id": self.app_id, "app_password": self.app_password, "id_key": ID_KEY,
                "openid_metadata": self.openid_url, "token_endpoint": self.token_url, **overrides}

    # -- what the test reads

    def hits_to(self, path_start: str, method: Optional[str] = None) -> list[Hit]:
        with self._lock:
            return [h for h in self.hits if h.path.startswith(path_start) and (method is None or h.method == method)]

    def replies(self, conversation: Optional[str] = None) -> list[dict[str, Any]]:
        """The reply activities the Bot Connector accepted, in order (for one conversation if given)."""
        with self._lock:
            return [h.body for h in self.hits if h.method == "POST" and "/v3/conversations/" in h.path
                    and h.headers.get("x-accepted") == "yes"
                    and (conversation is None or (h.body.get("conversation") or {}).get("id") == conversation)]

    def publish(self, *keys: KeyPair) -> None:
        """Replace the published keys (a rotation)."""
        with self._lock:
            self.keys = list(keys)

    # -- HTTP

    def _serve(self, request: BaseHTTPRequestHandler, method: str) -> None:
        url = urlsplit(request.path)
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length) if length else b""
        content_type = request.headers.get("Content-Type", "")
        if content_type.startswith("application/json") and raw:
            body: Any = json.loads(raw)
        elif content_type.startswith("application/x-www-form-urlencoded"):
            body = {k: v[-1] for k, v in parse_qs(raw.decode()).items()}
        else:
            body = raw.decode() or None
        hit = Hit(method, unquote(url.path), {k.lower(): v for k, v in request.headers.items()}, body)
        with self._lock:
            self.hits.append(hit)
        status, answer = self._route(hit, url.path)
        if status < 300:
            hit.headers["x-accepted"] = "yes"
        data = json.dumps(answer).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)

    def _route(self, hit: Hit, raw_path: str) -> tuple[int, Any]:
        if hit.method == "GET" and hit.path == "/v1/.well-known/openidconfiguration":
            return 200, {"issuer": ISSUER, "authorization_endpoint": "https://invalid.example/authorize",
                         "jwks_uri": self.base_url + "/keys", "id_token_signing_alg_values_supported": ["RS256"],
                         "token_endpoint_auth_methods_supported": ["private_key_jwt"]}
        if hit.method == "GET" and hit.path == "/keys":
            with self._lock:
                return 200, {"keys": [key.jwk() for key in self.keys]}
        if hit.method == "POST" and hit.path == "/botframework.com/oauth2/v2.0/token":
            return self._token(hit.body or {})
        if hit.method == "POST" and hit.path.startswith(self.prefix + "v3/conversations/"):
            return self._activity(hit, raw_path)
        return 404, {"error": "not found"}

    def _token(self, form: dict[str, str]) -> tuple[int, Any]:
        if form.get("grant_type") != "client_credentials" or form.get("scope") != SCOPE:
            return 400, {"error": "invalid_request"}
        if form.get("client_id") != self.app_id or form.get("client_secret") != self.app_password:
            return 401, {"error": "invalid_client"}
        token = f"standin-access-token-{next(self._tokens)}"
        with self._lock:
            self.issued.append(token)
        return 200, {"token_type": "Bearer", "expires_in": self.token_lifetime, "access_token": token}

    def _activity(self, hit: Hit, raw_path: str) -> tuple[int, Any]:
        bearer = hit.headers.get("authorization", "")
        if not bearer.startswith("Bearer ") or bearer[7:] not in self.issued:
            return 401, {"error": {"code": "Unauthorized", "message": "token not issued here"}}
        if not isinstance(hit.body, dict) or hit.body.get("type") not in {"message", "typing"}:
            return 400, {"error": {"code": "BadArgument", "message": "not an activity"}}
        # the path's conversation id must be the activity's, URL-encoded (Teams ids contain ':' and ';')
        segments = raw_path[len(self.prefix):].split("/")
        if unquote(segments[2]) != (hit.body.get("conversation") or {}).get("id") or "%" not in segments[2]:
            return 400, {"error": {"code": "BadArgument", "message": "conversation id not URL-encoded"}}
        with self._lock:
            forced = self.reply_failures.pop(0) if self.reply_failures else None
        if forced is not None:
            return forced, {"error": {"code": "Forced", "message": "forced by the test"}}
        return 200, {"id": f"reply-{uuid.uuid4().hex[:8]}"}


def message_activity(service_url: str, *, text: str = "", value: Any = None, conversation: str = "a:1Hx-personal",
                     conversation_type: str = "personal", activity_id: Optional[str] = None,
                     tenant: str = TENANT, channel: str = "msteams", **extra: Any) -> dict[str, Any]:
    """A message activity as Teams sends one to a bot (ids and names made up)."""
    activity: dict[str, Any] = {
        "type": "message", "id": activity_id or f"{int(time.time() * 1000)}{uuid.uuid4().hex[:4]}",
        "timestamp": "2026-01-01T09:00:00.000Z", "serviceUrl": service_url, "channelId": channel,
        "from": {"id": "29:1-practitioner-id", "name": "Pat Practitioner", "aadObjectId": str(uuid.uuid4())},
        "conversation": {"id": conversation, "conversationType": conversation_type, "tenantId": tenant},
        "recipient": {"id": f"28:{APP_ID}", "name": "Safeguarding assistant"},
        "text": text, "textFormat": "plain", "locale": "en-GB",
        "channelData": {"tenant": {"id": tenant}},
        **extra,
    }
    if value is not None:
        activity["value"] = value
    return activity
