"""A practitioner in Teams, for end-to-end tests: types and presses buttons as the Teams client would.

Each activity is signed by the stand-in's key, as the Bot Connector signs it, and POSTed to the Rasa
server's ``/webhooks/teams/webhook``; the replies are what the Bot Connector stand-in received. The
webhook answers after sending the replies, so a turn's replies are complete when ``post`` returns.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Optional

import requests

from tests.teams.standins import BotFrameworkStandIn, message_activity


@dataclass
class TeamsPractitioner:
    """One personal chat with the bot."""

    rasa_url: str
    stand_in: BotFrameworkStandIn
    conversation: str = field(default_factory=lambda: f"a:1Hx-{uuid.uuid4().hex}")
    last: list[dict[str, Any]] = field(default_factory=list)

    @property
    def webhook(self) -> str:
        return f"{self.rasa_url}/webhooks/teams/webhook"

    def post(self, activity: dict[str, Any], authorization: Optional[str] = "signed") -> requests.Response:
        headers = {}
        if authorization == "signed":
            authorization = "Bearer " + self.stand_in.keys[0].token(activity["serviceUrl"])
        if authorization is not None:
            headers["Authorization"] = authorization
        return requests.post(self.webhook, json=activity, headers=headers, timeout=90)

    def send(self, **activity: Any) -> list[dict[str, Any]]:
        """One activity in this conversation; the reply activities it produced."""
        before = len(self.stand_in.replies(self.conversation))
        response = self.post(message_activity(self.stand_in.service_url, conversation=self.conversation, **activity))
        assert response.status_code == 200, response.text
        self.last = self.stand_in.replies(self.conversation)[before:]
        assert self.last, f"no reply to {activity}"
        return self.last

    def say(self, text: str) -> list[dict[str, Any]]:
        return self.send(text=text)

    def press(self, title: str) -> list[dict[str, Any]]:
        """Press a button of the latest card that shows it: Action.Submit sends empty text and its data."""
        for reply in reversed(self.stand_in.replies(self.conversation)):
            for action in actions(reply):
                if action.get("title") == title:
                    return self.send(text="", value=action["data"])
        raise AssertionError(f"no button {title!r} was shown")

    def text(self) -> str:
        return "\n".join(r.get("text") or "" for r in self.last)

    def buttons(self) -> list[str]:
        return [a["title"] for r in self.last for a in actions(r)]

    def payloads(self, kind: str) -> list[dict[str, Any]]:
        return [r["value"] for r in self.last if isinstance(r.get("value"), dict) and r["value"].get("kind") == kind]


def cards(reply: dict[str, Any]) -> list[dict[str, Any]]:
    return [a["content"] for a in reply.get("attachments") or []
            if a.get("contentType") == "application/vnd.microsoft.card.adaptive"]


def actions(reply: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for card in cards(reply):
        found += card.get("actions") or []
        for element in card.get("body") or []:
            if element.get("type") == "ActionSet":
                found += element["actions"]
    return found
