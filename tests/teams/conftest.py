"""Fixtures: a fresh Bot Framework stand-in per test, the channel's core pointed at it, and a fake Rasa turn."""
from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, Iterator

import pytest
from rasa.core.channels.channel import UserMessage

from bot.channels.teams.channel import TeamsBot
from bot.channels.teams.settings import load_settings
from tests.teams.standins import BotFrameworkStandIn


@dataclass
class FakeRasa:
    """``on_new_message`` for the channel: records each UserMessage and answers with ``replies``."""

    replies: list[dict[str, Any]] = field(default_factory=lambda: [{"text": "noted"}])
    seen: list[UserMessage] = field(default_factory=list)

    async def __call__(self, message: UserMessage) -> None:
        self.seen.append(message)
        for reply in self.replies:
            await message.output_channel.send_response(message.sender_id, dict(reply))


def make_bot(stand_in: BotFrameworkStandIn, **credentials: Any) -> TeamsBot:
    """The channel's core as Rasa would build it from credentials.yml (no environment involved)."""
    settings, problems = load_settings(stand_in.credentials(**credentials), {})
    assert settings is not None, problems
    return TeamsBot(settings)


def post(bot: TeamsBot, authorization: Any, activity: Any, rasa: FakeRasa) -> tuple[int, dict]:
    """One POST to the webhook, as the blueprint makes it."""
    return asyncio.run(bot.receive(authorization, activity, rasa))


@pytest.fixture
def stand_in() -> Iterator[BotFrameworkStandIn]:
    with BotFrameworkStandIn() as server:
        yield server


@pytest.fixture
def rasa() -> FakeRasa:
    return FakeRasa()
