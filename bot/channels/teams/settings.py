"""The Teams channel's settings: from ``credentials.yml`` and the environment, checked all at once.

Why the ``${VAR}`` values are read here and not only by Rasa: Rasa substitutes environment variables in
``credentials.yml`` only for unquoted values, and when such a variable is *unset* it refuses to start
("Error when trying to expand the environment variables"); a variable set to "" becomes "". The Teams
channel is optional, so ``credentials.yml`` keeps its values quoted: Rasa passes ``"${BOT_TEAMS_APP_ID}"``
through literally and this module expands it, an unset variable counting as empty. Values Rasa has already
substituted (unquoted, set) arrive as plain strings and are used as they are. A setting missing from
``credentials.yml`` falls back to its environment variable, so the block may be left empty.

With no app id the channel is off, and says so once in a warning; with an app id but something else wrong
(no secret, no id key, a single-tenant app without its tenant, a plain-http URL off this machine) it is
off too, and the warning lists every problem together so one restart fixes them all.

Who may talk to the bot: users of the tenants in ``BOT_TEAMS_ALLOWED_TENANTS`` (a single-tenant app's own
tenant when it is not set). A multi-tenant app with no list answers any organisation's users, which is
allowed only on a developer's machine: with ``BOT_DEPLOYMENT=production`` (``bot.deployment``) a missing
list is a problem, and ``TeamsInput`` then stops Rasa's start-up rather than run the channel open or off.
"""
from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional
from urllib.parse import urlsplit

from bot.channels.teams.identity import IdentityKeyError, check_key
from bot.deployment import ENV_DEPLOYMENT, DeploymentError, is_production

OPENID_METADATA = "https://login.botframework.com/v1/.well-known/openidconfiguration"
BOT_CONNECTOR_ISSUER = "https://api.botframework.com"
AUTHORITY_HOST = "https://login.microsoftonline.com"
MULTI_TENANT = "MultiTenant"
SINGLE_TENANT = "SingleTenant"
MULTI_TENANT_AUTHORITY_TENANT = "botframework.com"  # the Bot Framework's own tenant issues multi-tenant tokens
TOKEN_PATH = "/oauth2/v2.0/token"
SCOPE = "https://api.botframework.com/.default"
LEEWAY_SECONDS = 300  # the clock skew the Bot Framework SDKs allow (ChannelValidation: five minutes)
KEYS_MAX_AGE_SECONDS = 24 * 3600  # the Bot Framework asks bots to re-read the signing keys daily
KEY_REFRESH_MINUTES = 5.0  # an unknown key id triggers a re-read at most this often

# credentials.yml key -> environment variable used when the key is absent or empty
VARIABLES: dict[str, str] = {
    "app_id": "BOT_TEAMS_APP_ID",
    "app_password": "BOT_TEAMS_APP_PASSWORD",
    "app_type": "BOT_TEAMS_APP_TYPE",
    "tenant_id": "BOT_TEAMS_TENANT_ID",
    "authority": "BOT_TEAMS_AUTHORITY",
    "token_endpoint": "BOT_TEAMS_TOKEN_ENDPOINT",
    "openid_metadata": "BOT_TEAMS_OPENID_METADATA",
    "issuers": "BOT_TEAMS_ISSUERS",
    "allowed_tenants": "BOT_TEAMS_ALLOWED_TENANTS",
    "id_key": "BOT_TEAMS_ID_KEY",
    "key_refresh_minutes": "BOT_TEAMS_KEY_REFRESH_MINUTES",
}
REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class TeamsSettings:
    """Everything the Teams channel needs; secrets are left out of ``repr`` so they never reach a log."""

    app_id: str
    app_password: str = field(repr=False)
    id_key: bytes = field(repr=False)
    app_type: str = MULTI_TENANT
    tenant_id: Optional[str] = None
    authority: str = f"{AUTHORITY_HOST}/{MULTI_TENANT_AUTHORITY_TENANT}"
    token_endpoint: str = f"{AUTHORITY_HOST}/{MULTI_TENANT_AUTHORITY_TENANT}{TOKEN_PATH}"
    scope: str = SCOPE
    openid_metadata: str = OPENID_METADATA
    issuers: tuple[str, ...] = (BOT_CONNECTOR_ISSUER,)
    allowed_tenants: tuple[str, ...] = ()
    leeway_seconds: int = LEEWAY_SECONDS
    keys_max_age_seconds: float = KEYS_MAX_AGE_SECONDS
    key_refresh_seconds: float = KEY_REFRESH_MINUTES * 60
    production: bool = False

    def allows_tenant(self, tenant: Optional[str]) -> bool:
        """Whether users of this tenant may talk to the bot (no list: any tenant, local deployments only)."""
        if not self.allowed_tenants:
            return True
        return tenant is not None and tenant.strip().lower() in self.allowed_tenants


def expand(value: Any, environ: Mapping[str, str]) -> Optional[str]:
    """A credentials value with every ``${NAME}`` replaced from the environment (unset: empty); None if blank."""
    if value is None:
        return None
    text = REFERENCE.sub(lambda match: environ.get(match.group(1), ""), str(value)).strip()
    return text or None


def raw_settings(credentials: Optional[Mapping[str, Any]], environ: Mapping[str, str]) -> dict[str, Optional[str]]:
    """Each setting's text: the credentials value, else its environment variable, else None."""
    credentials = credentials or {}
    return {name: expand(credentials.get(name), environ) or expand(environ.get(variable), environ)
            for name, variable in VARIABLES.items()}


def _split(value: Optional[str]) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split(",") if part.strip())


def _url_problem(name: str, url: str) -> Optional[str]:
    """Tokens and keys must come over https; plain http is accepted only on this machine (local stand-ins)."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return None
    if parts.scheme == "http" and parts.hostname and _loopback(parts.hostname):
        return None
    return f"{VARIABLES[name]} must be an https URL (got {url!r})"


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def load_settings(credentials: Optional[Mapping[str, Any]],
                  environ: Mapping[str, str]) -> tuple[Optional[TeamsSettings], list[str]]:
    """The settings, or None with every reason the channel is off (the first being "not configured")."""
    raw = raw_settings(credentials, environ)
    if not raw["app_id"]:
        return None, [f"{VARIABLES['app_id']} is not set, so the Teams channel is not configured"]
    problems: list[str] = []
    if not raw["app_password"]:
        problems.append(f"{VARIABLES['app_password']} (the app registration's client secret) is not set")
    id_key = b""
    try:
        id_key = check_key(raw["id_key"])
    except IdentityKeyError as error:
        problems.append(str(error))

    app_type = {"multitenant": MULTI_TENANT, "singletenant": SINGLE_TENANT}.get(
        (raw["app_type"] or MULTI_TENANT).lower())
    if app_type is None:
        problems.append(f"{VARIABLES['app_type']} must be {MULTI_TENANT} or {SINGLE_TENANT} "
                        f"(got {raw['app_type']!r}; managed identities are not supported)")
        app_type = MULTI_TENANT
    tenant_id = raw["tenant_id"]
    if app_type == SINGLE_TENANT and not tenant_id:
        problems.append(f"{VARIABLES['tenant_id']} is required for a {SINGLE_TENANT} app registration")

    authority_tenant = tenant_id if app_type == SINGLE_TENANT and tenant_id else MULTI_TENANT_AUTHORITY_TENANT
    authority = (raw["authority"] or f"{AUTHORITY_HOST}/{authority_tenant}").rstrip("/")
    token_endpoint = raw["token_endpoint"] or authority + TOKEN_PATH
    openid_metadata = raw["openid_metadata"] or OPENID_METADATA
    for name, url in (("authority", authority), ("token_endpoint", token_endpoint),
                      ("openid_metadata", openid_metadata)):
        problem = _url_problem(name, url)
        if problem:
            problems.append(problem)

    allowed_tenants = tuple(tenant.lower() for tenant in _split(raw["allowed_tenants"]))  # GUIDs: any case
    if not allowed_tenants and app_type == SINGLE_TENANT and tenant_id:
        allowed_tenants = (tenant_id.lower(),)  # a single-tenant bot answers its own organisation only
    production = False
    try:
        production = is_production(environ)
    except DeploymentError as error:
        problems.append(str(error))
    if production and not allowed_tenants:
        problems.append(f"{ENV_DEPLOYMENT} is production but {VARIABLES['allowed_tenants']} is not set: a "
                        f"{MULTI_TENANT} app would answer users of any organisation. Set it to your "
                        "Directory (tenant) ID(s), comma-separated")

    refresh_minutes = KEY_REFRESH_MINUTES
    if raw["key_refresh_minutes"]:
        try:
            refresh_minutes = float(raw["key_refresh_minutes"])
            if refresh_minutes < 0:
                raise ValueError
        except ValueError:
            problems.append(f"{VARIABLES['key_refresh_minutes']} must be a number of minutes, 0 or more")

    if problems:
        return None, problems
    return TeamsSettings(
        app_id=raw["app_id"], app_password=raw["app_password"] or "", id_key=id_key, app_type=app_type,
        tenant_id=tenant_id, authority=authority, token_endpoint=token_endpoint,
        openid_metadata=openid_metadata, issuers=_split(raw["issuers"]) or (BOT_CONNECTOR_ISSUER,),
        allowed_tenants=allowed_tenants, key_refresh_seconds=refresh_minutes * 60, production=production,
    ), []
