"""Telling the leads: an e-mail through the organisation's mail server, and a proactive Teams message.

The words are built here from numbers and names only: the kind and level reached, the features' NG76
numbers, the routes, the channel, the time and a link to the transcript in the review app. Nothing the
practitioner typed and nothing the assistant wrote goes into an alert, so an alert in a shared inbox or channel
discloses nothing about the child.
"""
from __future__ import annotations

import asyncio
import smtplib
from email.message import EmailMessage
from typing import Optional, Protocol
from urllib.parse import quote

from bot.alerts.outbox import LeadAlert
from bot.alerts.settings import AlertSettings

KIND_WORDS = {
    "danger": "IMMEDIATE DANGER",
    "referral": "a route that requires a referral",
    "suspect": "a suspect-level concern",
}
ROUTE_NAMES = {"danger": "immediate danger", "disclosure": "a child's disclosure (NG76 1.3.7)",
               "fgm": "female genital mutilation (NG76 1.3.8)", "trafficking": "trafficking (NG76 1.3.47)",
               "fii": "fabricated or induced illness (NG76 1.3.44)", "injury": "a physical injury",
               "adult_sexual_abuse": "an adult's sexual abuse of a child, as it was told (outside NG76's features)",
               "non_mobile_bruise": "a bruise on a baby not yet mobile (outside NG76's features)"}


class AlertNotSent(Exception):
    """The destination did not take the alert; it stays queued and is tried again."""


def transcript_link(settings: AlertSettings, sender_id: str) -> str:
    return f"{settings.review_base_url}/transcript?id={quote(sender_id, safe='')}"


def subject(alert: LeadAlert) -> str:
    return f"Safeguarding assistant: {KIND_WORDS.get(alert.kind, alert.kind)} to review"


def body(alert: LeadAlert, settings: AlertSettings) -> str:
    """The alert's words: numbers and names only, never the conversation's."""
    features = ", ".join(f"NG76 {fid}" for fid in alert.features) or "none"
    routes = "; ".join(ROUTE_NAMES.get(r, r) for r in alert.routes) or "none"
    return "\n".join([
        f"A conversation with the safeguarding assistant has reached {KIND_WORDS.get(alert.kind, alert.kind)}.",
        f"Highest level noted: {alert.level}.",
        f"Alerting features: {features}.",
        f"Routes: {routes}.",
        f"Channel: {alert.channel or 'unknown'}.",
        f"Reached at: {alert.reached_at:%Y-%m-%d %H:%M} UTC.",
        f"Review it: {transcript_link(settings, alert.sender_id)}",
        "",
        "This alert holds no words of the conversation. Log in to the review app to read the transcript.",
    ])


class Sender(Protocol):
    destination: str

    async def send(self, alert: LeadAlert) -> None: ...


class EmailSender:
    """One message per alert to the leads' addresses, through the organisation's SMTP server."""

    destination = "email"

    def __init__(self, settings: AlertSettings, timeout: float = 15.0) -> None:
        self.settings = settings
        self.timeout = timeout

    def message(self, alert: LeadAlert) -> EmailMessage:
        message = EmailMessage()
        message["Subject"] = subject(alert)
        message["From"] = self.settings.sender
        message["To"] = ", ".join(self.settings.recipients)
        message["X-Safeguarding-Alert"] = f"{alert.kind}; {alert.sender_id}"
        message.set_content(body(alert, self.settings))
        return message

    def _send(self, alert: LeadAlert) -> None:
        s = self.settings
        try:
            with smtplib.SMTP(s.smtp_host or "", s.smtp_port, timeout=self.timeout) as smtp:
                if s.smtp_starttls:
                    smtp.starttls()
                if s.smtp_user:
                    smtp.login(s.smtp_user, s.smtp_password or "")
                smtp.send_message(self.message(alert))
        except (OSError, smtplib.SMTPException) as error:
            raise AlertNotSent(type(error).__name__) from error

    async def send(self, alert: LeadAlert) -> None:
        await asyncio.to_thread(self._send, alert)  # smtplib blocks: keep it off the event loop


class TeamsSender:
    """A proactive message to the leads' Teams channel, with the Teams app's own token."""

    destination = "teams"

    def __init__(self, settings: AlertSettings, connector: Optional[object] = None) -> None:
        self.settings = settings
        self._connector = connector

    def connector(self):
        if self._connector is None:
            from bot.channels.teams.connector import Connector
            from bot.channels.teams.http_client import LoopClient
            from bot.channels.teams.settings import load_settings
            import os

            teams, problems = load_settings(None, os.environ)
            if teams is None:
                raise AlertNotSent("the Teams app is not configured: " + "; ".join(problems))
            self._connector = Connector(teams, LoopClient())
        return self._connector

    async def send(self, alert: LeadAlert) -> None:
        activity = {"type": "message", "text": body(alert, self.settings).replace("\n", "\n\n"),
                    "conversation": {"id": self.settings.teams_conversation}}
        sent = await self.connector().send(self.settings.teams_service_url or "", activity, f"alert-{alert.id}")
        if not sent:
            raise AlertNotSent("the Bot Connector did not take the message")


def senders_for(settings: AlertSettings) -> list[Sender]:
    found: list[Sender] = []
    if "email" in settings.destinations:
        found.append(EmailSender(settings))
    if "teams" in settings.destinations:
        found.append(TeamsSender(settings))
    return found
