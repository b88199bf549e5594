"""One scripted journey through every front end gives the same advice payload.

The REST channel (``stack.say``), Teams (signed activities into the Teams channel, replies at the Bot
Connector stand-in), Telegram (the real python-telegram-bot Application against the Bot API stand-in) and the
terminal chat (``bot.chat.main`` fed on stdin) all talk to the same Rasa server (``teams_stack``). For each,
the advice payload is taken from what that front end itself received: the REST JSON, the Teams activity's
``value``, the replies the Telegram process got back from Rasa, and the replies the terminal chat got.
"""
from __future__ import annotations

import io
import time
from typing import Any

import pytest

import bot.chat
from bot.telegram.rasa_client import RasaClient
from tests.teams.practitioner import TeamsPractitioner
from tests.telegram.bot_api_standin import BotApiStandIn
from tests.telegram.conftest import CHAT, make_settings, running_bot

pytestmark = [pytest.mark.e2e, pytest.mark.model]

OBSERVATION = "He takes food from other children's lunchboxes every day and hides it in his drawer"
# (how it is given, what): a press where the front end shows buttons, typed otherwise
JOURNEY = [("type", "hello"), ("press", "No"), ("press", "Teacher or school staff"), ("type", "7"),
           ("type", OBSERVATION), ("press", "That's everything")]
COMPARED = ("level", "features", "routes", "steps")


def advice_in(replies: list[dict[str, Any]], key: str = "custom") -> dict[str, Any]:
    found = [r[key] for r in replies if isinstance(r.get(key), dict) and r[key].get("kind") == "advice"]
    assert found, f"no advice in: {[r.get('text') for r in replies]}"
    return found[-1]


def over_rest(stack) -> dict[str, Any]:
    replies: list[dict[str, Any]] = []
    for _, said in JOURNEY:
        replies = stack.say("same-advice-rest", said)
    return advice_in(replies)


def over_teams(stack, stand_in) -> dict[str, Any]:
    teams = TeamsPractitioner(stack.url, stand_in)
    for how, said in JOURNEY:
        teams.press(said) if how == "press" else teams.say(said)
    return advice_in(teams.last, key="value")


def over_telegram(stack, monkeypatch) -> dict[str, Any]:
    received: list[list[dict[str, Any]]] = []  # what the Telegram process got back from Rasa, per message
    send = RasaClient.send

    async def recording(self: RasaClient, sender: str, message: str) -> list[dict[str, Any]]:
        replies = await send(self, sender, message)
        received.append(replies)
        return replies

    monkeypatch.setattr(RasaClient, "send", recording)
    with BotApiStandIn() as stand_in, running_bot(make_settings(stand_in, stack.url)):
        for how, said in JOURNEY:
            before = len(received)
            if how == "press":
                stand_in.press(CHAT, said)
            else:
                stand_in.push(stand_in.text_update(CHAT, "/start" if said == "hello" else said))
            deadline = time.monotonic() + 90
            while len(received) == before:
                assert time.monotonic() < deadline, f"the Telegram bot did not relay {said!r}"
                time.sleep(0.05)
            stand_in.settle(quiet=0.5, timeout=60)
    return advice_in(received[-1])


def over_terminal_chat(stack, monkeypatch, capsys) -> dict[str, Any]:
    received: list[list[dict[str, Any]]] = []
    post = bot.chat.post

    def recording(url: str, sender: str, message: str, timeout: float = 60) -> list[dict]:
        replies = post(url, sender, message, timeout)
        received.append(replies)
        return replies

    monkeypatch.setattr(bot.chat, "post", recording)
    typed = [said for _, said in JOURNEY[1:]]  # the chat says "hello" itself; buttons are typed by title
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(typed) + "\n"))
    assert bot.chat.main(["--url", f"{stack.url}/webhooks/rest/webhook", "--sender", "same-advice-chat"]) == 0
    shown = capsys.readouterr().out
    assert "Overall level: SUSPECT" in shown and "NG76 1.3.23" in shown
    return advice_in(received[-1])


def test_the_same_journey_gives_the_same_advice_on_every_channel(teams_stack, teams_standin, monkeypatch, capsys):
    advice = {
        "rest": over_rest(teams_stack),
        "teams": over_teams(teams_stack, teams_standin),
        "telegram": over_telegram(teams_stack, monkeypatch),
        "terminal chat": over_terminal_chat(teams_stack, monkeypatch, capsys),
    }
    rest = advice["rest"]
    assert rest["level"] == "suspect" and {"id": "1.3.23", "level": "suspect"} in rest["features"]
    assert rest["steps"] and rest["contacts"]
    for channel, payload in advice.items():
        assert {k: payload[k] for k in COMPARED} == {k: rest[k] for k in COMPARED}, channel
        assert payload == rest, f"{channel}: the whole payload, contacts included"
