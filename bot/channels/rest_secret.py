"""The REST channel's shared secret: who may send a practitioner's message to the assistant.

On one machine (``make run``, ``make serve``) only local programs reach the REST channel and it needs no
secret. Once anything else can reach it (Rasa listening on another address, a reverse proxy, the Telegram
front end on another host), anyone who reaches it could write into any conversation by naming its id. Set
``BOT_REST_SECRET`` (at least ``MIN_CHARS`` characters, e.g. ``python -c "import secrets;
print(secrets.token_urlsafe(32))"``) in the environment of Rasa and of every client: the channel then answers
only requests carrying ``Authorization: Bearer <secret>``, and the terminal chat and the Telegram front end
send it. The comparison takes the same time whatever the guess, so the secret cannot be found a character at
a time.
"""
from __future__ import annotations

import hmac
from typing import Mapping, Optional
from urllib.parse import urlsplit

ENV_REST_SECRET = "BOT_REST_SECRET"
HEADER = "Authorization"
SCHEME = "Bearer"
MIN_CHARS = 16
REFUSAL = (f"this REST channel needs its shared secret: send the header '{HEADER}: {SCHEME} <secret>' with "
           f"the value of {ENV_REST_SECRET}")


LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
NOT_LOCAL = (f"without a shared secret this REST channel answers only requests addressed to this machine "
             f"(Host 127.0.0.1 or localhost); set {ENV_REST_SECRET} to serve it under another name")


class RestSecretError(ValueError):
    """``BOT_REST_SECRET`` is set but too short to keep anyone out."""


def configured_secret(environ: Mapping[str, str]) -> Optional[str]:
    """The secret from the environment; None when unset or blank; ``RestSecretError`` when too short."""
    secret = (environ.get(ENV_REST_SECRET) or "").strip()
    if not secret:
        return None
    if len(secret) < MIN_CHARS:
        raise RestSecretError(f"{ENV_REST_SECRET} must be at least {MIN_CHARS} characters (it has {len(secret)}); "
                              "make one with: python -c \"import secrets; print(secrets.token_urlsafe(32))\"")
    return secret


def is_authorised(header_value: Optional[str], secret: Optional[str]) -> bool:
    """Whether a request's ``Authorization`` header carries ``secret``; always True when no secret is set."""
    if secret is None:
        return True
    scheme, _, given = (header_value or "").strip().partition(" ")
    if scheme.lower() != SCHEME.lower():
        return False
    return hmac.compare_digest(given.strip().encode("utf-8"), secret.encode("utf-8"))


def client_headers(environ: Mapping[str, str]) -> dict[str, str]:
    """The header a client sends with each message: the secret when one is set, else nothing."""
    secret = (environ.get(ENV_REST_SECRET) or "").strip()
    return {HEADER: f"{SCHEME} {secret}"} if secret else {}


def addressed_to_this_machine(host_header: Optional[str]) -> bool:
    """Whether a request's ``Host`` names this machine (127.0.0.1, localhost or [::1], any port).

    Without a secret, the channel is meant for local programs only. A web page can still reach it by
    DNS rebinding (its own name made to point at 127.0.0.1), but the browser then sends the page's name as
    ``Host``: refusing every other name closes that door. With a secret set the check is not needed.
    """
    if not host_header:
        return False
    try:
        host = urlsplit(f"//{host_header.strip()}").hostname
    except ValueError:
        return False
    return host in LOCAL_HOSTS
