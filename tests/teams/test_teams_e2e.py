"""The journey through Teams: signed activities into the real Rasa server, Adaptive Cards out to the stand-in.

Rasa runs with the project's credentials.yml, the Teams channel configured through the environment and
pointed at the local OpenID/JWKS, token and Bot Connector stand-ins (``teams_stack`` in tests/conftest.py).
"""
from __future__ import annotations

import sqlite3

import pytest
import requests

from bot.channels.teams.identity import check_key, conversation_id
from tests.teams.practitioner import TeamsPractitioner, cards
from tests.teams.standins import ID_KEY, KeyPair, message_activity

pytestmark = [pytest.mark.e2e, pytest.mark.model]

OBSERVATION = "He takes food from other children's lunchboxes every day and hides it in his drawer"


def card_lines(card: dict) -> list[str]:
    return ["".join(r["text"] for r in e["inlines"]) for e in card["body"] if e["type"] == "RichTextBlock"]


def test_the_journey_through_teams_ends_with_the_advice_card(teams_stack, teams_standin):
    teams = TeamsPractitioner(teams_stack.url, teams_standin)
    teams.say("hello")
    assert "immediate danger" in teams.text() and teams.buttons() == ["Yes", "No", "Not sure"]
    teams.press("No")
    assert "role" in teams.text()
    teams.press("Teacher or school staff")
    assert "How old" in teams.text()
    teams.say("7")
    teams.say(OBSERVATION)
    assert "1.3.23" in teams.text() and "That's everything" in teams.buttons()
    teams.press("That's everything")

    [advice_reply] = [r for r in teams.last if (r.get("value") or {}).get("kind") == "advice"]
    advice = advice_reply["value"]
    assert advice["level"] == "suspect" and {"id": "1.3.23", "level": "suspect"} in advice["features"]
    assert advice_reply["textFormat"] == "plain" and "Overall level: SUSPECT" in advice_reply["text"]
    [card] = cards(advice_reply)
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.4"
    shown = card_lines(card)
    assert "Overall level: SUSPECT" in shown
    assert any(line.startswith("NG76 1.3.23") and line.endswith(": SUSPECT") for line in shown)
    assert [line for line in shown if line.split(".")[0].isdigit()] == [
        f"{n}. {step}" for n, step in enumerate(advice["steps"], start=1)]
    assert advice["contacts"] and all(c["label"] in "\n".join(shown) for c in advice["contacts"])
    assert teams.payloads("contacts"), "the contacts come as their own message too, with their card"
    assert not any(r["text"].startswith("Something went wrong") for r in teams_standin.replies(teams.conversation))

    # the same journey over REST, on the same server, gives the same payload
    sender = "rest-twin-of-teams-journey"
    for said in ("hello", "No", "Teacher or school staff", "7", OBSERVATION, "That's everything"):
        replies = teams_stack.say(sender, said)
    [rest_advice] = [r["custom"] for r in replies if (r.get("custom") or {}).get("kind") == "advice"]
    assert rest_advice == advice


def test_forged_activities_never_reach_rasa_and_no_teams_id_is_stored(teams_stack, teams_standin):
    teams = TeamsPractitioner(teams_stack.url, teams_standin)
    forged = message_activity(teams_standin.service_url, text="hello", conversation=teams.conversation)
    for authorization in (None, "Bearer " + KeyPair(kid=teams_standin.keys[0].kid).token(teams_standin.service_url),
                          "Bearer " + teams_standin.keys[0].token(teams_standin.service_url, audience="other-bot")):
        assert teams.post(forged, authorization=authorization).status_code == 401
    sender = conversation_id(teams.conversation, check_key(ID_KEY))
    tracker = teams_stack.tracker(sender)
    assert not [e for e in tracker.get("events") or [] if e.get("event") == "user"]
    assert teams_standin.replies(teams.conversation) == []

    teams.say("hello")  # the genuine one is stored under the hashed id, with no Teams id or name
    tracker = teams_stack.tracker(sender)
    assert [e["text"] for e in tracker["events"] if e.get("event") == "user"] == ["hello"]
    with sqlite3.connect(teams_stack.workdir / "conversations.db") as db:
        stored = "\n".join(str(row) for row in db.execute("SELECT sender_id, data FROM events"))
    assert sender in stored
    for clear in (teams.conversation, "Pat Practitioner", "29:1-practitioner-id"):
        assert clear not in stored
