"""What the organisation configures for alerts, from the environment; nothing is sent where nothing is set.

================================  ====================================================================
``BOT_ALERT_SMTP_HOST``           the organisation's mail server (alerts by e-mail are on when set)
``BOT_ALERT_SMTP_PORT``           default 587 with STARTTLS, 25 without
``BOT_ALERT_SMTP_STARTTLS``       ``1`` (default) to upgrade the connection; ``0`` for a local relay only
``BOT_ALERT_SMTP_USER``/``_PASSWORD``  a login, when the server needs one
``BOT_ALERT_FROM``                the sender address
``BOT_ALERT_TO``                  the leads' addresses, separated by commas
``BOT_ALERT_TEAMS_SERVICE_URL``   the leads' Teams channel: its Bot Connector service URL ...
``BOT_ALERT_TEAMS_CONVERSATION``  ... and the channel's conversation id (the Teams app's settings too)
``BOT_REVIEW_BASE_URL``           where the review app is, for the link in each alert
``BOT_ALERT_POLL_SECONDS``        how often the database feed looks for new events (default 10)
================================  ====================================================================
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Mapping, Optional


@dataclass(frozen=True)
class AlertSettings:
    smtp_host: Optional[str] = None
    smtp_port: int = 587
    smtp_starttls: bool = True
    smtp_user: Optional[str] = None
    smtp_password: Optional[str] = field(default=None, repr=False)
    sender: str = "safeguarding-assistant@localhost"
    recipients: tuple[str, ...] = ()
    teams_service_url: Optional[str] = None
    teams_conversation: Optional[str] = None
    review_base_url: str = "http://127.0.0.1:8055"
    poll_seconds: float = 10.0

    @property
    def destinations(self) -> list[str]:
        """Where alerts go: ``email`` when a mail server and leads are set, ``teams`` when a channel is."""
        found = []
        if self.smtp_host and self.recipients:
            found.append("email")
        if self.teams_service_url and self.teams_conversation:
            found.append("teams")
        return found

    def problems(self) -> list[str]:
        if self.smtp_host and not self.recipients:
            return ["BOT_ALERT_SMTP_HOST is set but BOT_ALERT_TO names no lead to tell"]
        if bool(self.teams_service_url) != bool(self.teams_conversation):
            return ["BOT_ALERT_TEAMS_SERVICE_URL and BOT_ALERT_TEAMS_CONVERSATION go together"]
        return []

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> "AlertSettings":
        def text(name: str) -> Optional[str]:
            return env.get(name, "").strip() or None

        starttls = (text("BOT_ALERT_SMTP_STARTTLS") or "1").lower() not in {"0", "false", "no"}
        port = text("BOT_ALERT_SMTP_PORT")
        if port is not None and not port.isdecimal():
            raise ValueError(f"BOT_ALERT_SMTP_PORT must be a port number, not {port!r}")
        poll = text("BOT_ALERT_POLL_SECONDS")
        return cls(smtp_host=text("BOT_ALERT_SMTP_HOST"),
                   smtp_port=int(port) if port else (587 if starttls else 25), smtp_starttls=starttls,
                   smtp_user=text("BOT_ALERT_SMTP_USER"), smtp_password=text("BOT_ALERT_SMTP_PASSWORD"),
                   sender=text("BOT_ALERT_FROM") or cls.sender,
                   recipients=tuple(a.strip() for a in (text("BOT_ALERT_TO") or "").split(",") if a.strip()),
                   teams_service_url=text("BOT_ALERT_TEAMS_SERVICE_URL"),
                   teams_conversation=text("BOT_ALERT_TEAMS_CONVERSATION"),
                   review_base_url=(text("BOT_REVIEW_BASE_URL") or cls.review_base_url).rstrip("/"),
                   poll_seconds=float(poll) if poll else 10.0)
