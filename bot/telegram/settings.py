"""Settings of the Telegram process, read from the environment (secrets) and the command line (the rest).

Secrets only come from the environment, never from arguments (which other users of the machine can see in
the process list) or from ``credentials.yml``. Every problem is collected and reported together, so a
misconfigured deployment is fixed in one go rather than one error per restart. Who may talk to the bot
(``allow_list``) is part of the settings: with ``BOT_DEPLOYMENT=production`` a missing or empty list is one
of those problems, so a live bot cannot start open to everyone on Telegram.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping, Optional
from urllib.parse import urlsplit

from bot.deployment import ENV_DEPLOYMENT, DeploymentError, is_production

from .allow_list import ENV_ALLOWED_USERS, ENV_ALLOWED_USERS_FILE, AllowedUsers, AllowListError
from .identity import IdentityKeyError, check_key

ENV_TOKEN = "BOT_TELEGRAM_TOKEN"
ENV_ID_KEY = "BOT_TELEGRAM_ID_KEY"
ENV_WEBHOOK_SECRET = "BOT_TELEGRAM_WEBHOOK_SECRET"
ENV_RASA_URL = "BOT_RASA_URL"
ENV_API_URL = "BOT_TELEGRAM_API_URL"

DEFAULT_RASA_URL = "http://127.0.0.1:5005"
# Telegram's formats: "<bot id>:<secret>" tokens; webhook secrets of 1-256 characters A-Z a-z 0-9 _ -
TOKEN_FORMAT = re.compile(r"^\d+:[A-Za-z0-9_-]{20,}$")
SECRET_FORMAT = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
MIN_SECRET_LENGTH = 16


class SettingsError(ValueError):
    """One or more settings are missing or wrong; ``problems`` lists them all."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Settings:
    """What ``build_application`` and ``run`` need; build it with ``Settings.from_env``."""

    token: str
    id_key: bytes
    rasa_url: str = DEFAULT_RASA_URL
    rasa_timeout: float = 60.0  # the first message after Rasa starts can take several seconds
    api_url: Optional[str] = None  # a local Bot API server, e.g. http://127.0.0.1:8081/bot
    api_file_url: Optional[str] = None
    webhook_url: Optional[str] = None  # None: long polling
    webhook_secret: Optional[str] = None
    listen: str = "127.0.0.1"
    port: int = 8443
    url_path: str = "telegram"
    # None: anyone on Telegram may talk to the bot (local deployments only; production requires a list)
    allowed_users: Optional[AllowedUsers] = field(default=None, compare=False)
    production: bool = False

    @property
    def webhook(self) -> bool:
        """Webhook mode when a public webhook URL is given; long polling otherwise."""
        return self.webhook_url is not None

    @property
    def rest_webhook(self) -> str:
        """Rasa's REST channel URL."""
        return self.rasa_url.rstrip("/") + "/webhooks/rest/webhook"

    def describe(self) -> dict[str, object]:
        """The settings without any secret, for ``check`` and the start-up log line."""
        return {
            "mode": "webhook" if self.webhook else "polling",
            "rasa_url": self.rasa_url,
            "api_url": self.api_url or "https://api.telegram.org/bot",
            "webhook_url": self.webhook_url,
            "listen": f"{self.listen}:{self.port}/{self.url_path}" if self.webhook else None,
            "token": "set", "id_key": "set",
            "webhook_secret": "set" if self.webhook_secret else None,
            "deployment": "production" if self.production else "local",
            "allowed_users": (f"{len(self.allowed_users)} ids" if self.allowed_users is not None
                              else "anyone (no allow-list)"),
        }

    @classmethod
    def from_env(cls, env: Mapping[str, str], *, rasa_url: Optional[str] = None, api_url: Optional[str] = None,
                 webhook_url: Optional[str] = None, listen: Optional[str] = None, port: Optional[int] = None,
                 url_path: Optional[str] = None) -> "Settings":
        """Settings from environment variables and command-line values; raises ``SettingsError`` with every problem."""
        problems: list[str] = []
        token = env.get(ENV_TOKEN, "").strip()
        if not token:
            problems.append(f"{ENV_TOKEN} is not set: get a token from @BotFather (see docs/telegram.md)")
        elif not TOKEN_FORMAT.match(token):
            problems.append(f"{ENV_TOKEN} does not look like a bot token from @BotFather (\"<digits>:<letters>\")")
        id_key = b""
        try:
            id_key = check_key(env.get(ENV_ID_KEY, "").strip())
        except IdentityKeyError as error:
            problems.append(str(error))
        rasa = (rasa_url or env.get(ENV_RASA_URL) or DEFAULT_RASA_URL).strip()
        if urlsplit(rasa).scheme not in {"http", "https"} or not urlsplit(rasa).netloc:
            problems.append(f"the Rasa URL {rasa!r} is not an http(s) URL (set {ENV_RASA_URL} or --rasa-url)")
        api = (api_url or env.get(ENV_API_URL) or "").strip() or None
        if api and urlsplit(api).scheme not in {"http", "https"}:
            problems.append(f"the Bot API URL {api!r} is not an http(s) URL")
        secret = env.get(ENV_WEBHOOK_SECRET, "").strip() or None
        if webhook_url is not None:
            if urlsplit(webhook_url).scheme != "https" or not urlsplit(webhook_url).netloc:
                problems.append(f"--webhook-url must be a public https URL (Telegram only calls https): {webhook_url!r}")
            if not secret:
                problems.append(f"{ENV_WEBHOOK_SECRET} must be set in webhook mode: Telegram sends it with every "
                                "update, and requests without it are refused")
            elif not SECRET_FORMAT.match(secret) or len(secret) < MIN_SECRET_LENGTH:
                problems.append(f"{ENV_WEBHOOK_SECRET} must be {MIN_SECRET_LENGTH} to 256 characters of "
                                "A-Z, a-z, 0-9, _ and - (Telegram's rule)")
        if port is not None and not 0 < port < 65536:
            problems.append(f"--port {port} is not a TCP port")
        production = False
        try:
            production = is_production(env)
        except DeploymentError as error:
            problems.append(str(error))
        allowed_users = None
        try:
            allowed_users = AllowedUsers.from_env(env.get(ENV_ALLOWED_USERS), env.get(ENV_ALLOWED_USERS_FILE))
        except AllowListError as error:
            problems += error.problems
        else:
            if production and allowed_users is None:
                problems.append(f"{ENV_DEPLOYMENT} is production but no allow-list is set: put the numeric "
                                f"Telegram user ids of your practitioners in {ENV_ALLOWED_USERS} or in the file "
                                f"named by {ENV_ALLOWED_USERS_FILE} (see docs/telegram.md)")
            elif production and allowed_users is not None and not len(allowed_users):
                problems.append(f"{ENV_DEPLOYMENT} is production but the allow-list is empty: nobody could use "
                                "the bot")
        if problems:
            raise SettingsError(problems)
        return cls(
            token=token, id_key=id_key, rasa_url=rasa.rstrip("/"), api_url=api,
            api_file_url=_file_url(api), webhook_url=webhook_url, webhook_secret=secret,
            listen=listen or "127.0.0.1", port=port or 8443, url_path=(url_path or "telegram").strip("/"),
            allowed_users=allowed_users, production=production,
        )


def _file_url(api_url: Optional[str]) -> Optional[str]:
    """The file URL that goes with a Bot API URL (``.../bot`` -> ``.../file/bot``), as Telegram lays them out."""
    if not api_url:
        return None
    base, _, tail = api_url.rstrip("/").rpartition("/")
    return f"{base}/file/{tail}" if tail.startswith("bot") else api_url.rstrip("/") + "/file/bot"
