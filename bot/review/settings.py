"""What the environment configures for the review app, read once when the app is built.

=============================  ==========================================================================
``BOT_DATABASE_URL``           the conversations (``bot.transcripts.database``); else SQLite at
``BOT_TRACKER_DB``             ``BOT_TRACKER_DB`` (default ``var/conversations.db``)
``BOT_REVIEW_DB``              the app's own tables, when they must live elsewhere (a URL or a SQLite path);
                               default: the conversations' database
``BOT_PRACTICE_DB``            practice results for trainers (``bot.scenarios.results``)
``BOT_ORGANISATION``           the organisation this deployment's conversations belong to (default ``default``)
``BOT_REVIEW_SESSION_MINUTES`` idle expiry of a login session (default 30)
``BOT_REVIEW_SESSION_HOURS``   absolute expiry of a login session, however active (default 8)
``BOT_REVIEW_INSECURE_DEV``    ``1`` for plain HTTP on this machine only, in development and tests: the cookies
                               lose ``Secure`` and the ``__Host-`` prefix, and there is no HSTS header; ``serve``
                               refuses it on any address but the loopback. Off by default: HTTPS is assumed
``BOT_REVIEW_TRUSTED_PROXIES`` the reverse proxies' addresses or networks (comma-separated), whose
                               ``X-Forwarded-For`` says whose login it is (``addresses``); default none
``BOT_REVIEW_TIMEZONE``        the zone times are shown and dates filtered in (default ``Europe/London``)
=============================  ==========================================================================
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping, Optional

from bot.database_url import from_setting
from bot.review.addresses import Network, trusted_networks

DEFAULT_ORGANISATION = "default"


@dataclass(frozen=True)
class Settings:
    database_url: Optional[str] = None          # None: bot.transcripts.database decides
    review_database_url: Optional[str] = None   # None: the conversations' database
    practice_database_url: Optional[str] = None  # None: bot.scenarios.results decides
    organisation: str = DEFAULT_ORGANISATION
    session_minutes: int = 30
    session_hours: int = 8
    insecure_dev: bool = False                  # plain HTTP on the loopback, for development and tests only
    trusted_proxies: tuple[Network, ...] = ()
    timezone: str = "Europe/London"

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ, **overrides) -> "Settings":
        def number(name: str, default: int) -> int:
            value = env.get(name, "").strip()
            if not value:
                return default
            if not value.isdecimal() or int(value) < 1:
                raise ValueError(f"{name} must be a whole number of at least 1, not {value!r}")
            return int(value)

        review_db = env.get("BOT_REVIEW_DB", "").strip()
        values = dict(
            review_database_url=from_setting(review_db) if review_db else None,
            practice_database_url=env.get("BOT_PRACTICE_DB", "").strip() or None,
            organisation=env.get("BOT_ORGANISATION", "").strip() or DEFAULT_ORGANISATION,
            session_minutes=number("BOT_REVIEW_SESSION_MINUTES", 30),
            session_hours=number("BOT_REVIEW_SESSION_HOURS", 8),
            insecure_dev=env.get("BOT_REVIEW_INSECURE_DEV", "").strip().lower() in {"1", "true", "yes"},
            trusted_proxies=trusted_networks(env.get("BOT_REVIEW_TRUSTED_PROXIES", "")),
            timezone=env.get("BOT_REVIEW_TIMEZONE", "").strip() or "Europe/London",
        )
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)
