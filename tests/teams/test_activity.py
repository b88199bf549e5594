"""Reading Teams activities (typed text, button presses, mentions) and addressing replies; the hashed ids."""
from __future__ import annotations

import json

import pytest

from bot.channels.teams.activity import (
    bot_was_added,
    button_payload,
    is_personal,
    message_text,
    reply_to,
    tenant_of,
)
from bot.channels.teams.connector import Connector
from bot.channels.teams.identity import CONVERSATION_ID, IdentityKeyError, check_key, conversation_id
from bot.telegram.identity import conversation_id as telegram_id
from tests.teams.standins import TENANT, message_activity

KEY = check_key("a-test-key-of-enough-length-0001")


@pytest.mark.parametrize("value, payload", [
    ({"payload": "/deny"}, "/deny"),                                            # Action.Submit data
    ({"payload": "/deny", "msteams": {"type": "messageBack"}}, "/deny"),
    (json.dumps({"payload": "/affirm"}), "/affirm"),                             # messageBack value as a string
    ({"msteams": {"type": "messageBack", "value": json.dumps({"payload": "Youth worker"})}}, "Youth worker"),
    ({"payload": ""}, None), ({"other": 1}, None), ("not json", None), (None, None), (42, None),
])
def test_a_button_press_carries_its_payload_in_the_value(value, payload):
    assert button_payload(value) == payload


def test_the_payload_wins_over_the_echoed_title_and_typed_text_needs_no_value():
    assert message_text({"text": "No", "value": {"payload": "/deny"}}) == "/deny"
    assert message_text({"text": "", "value": {"payload": "/deny"}}) == "/deny"
    assert message_text({"text": "  he is often hungry\nand tired  "}) == "he is often hungry\nand tired"
    assert message_text({"text": None}) == "" and message_text({}) == ""


def test_mentions_of_the_bot_are_taken_out():
    activity = {"text": "<at>Safeguarding assistant</at> he is often hungry",
                "entities": [{"type": "mention", "text": "<at>Safeguarding assistant</at>",
                              "mentioned": {"id": "28:bot"}}]}
    assert message_text(activity) == "he is often hungry"
    assert message_text({"text": "<at id=\"0\">Bot</at> hello"}) == "hello"


def test_conversation_kinds_tenants_and_installation():
    personal = message_activity("https://smba.example/emea/")
    assert is_personal(personal) and tenant_of(personal) == TENANT
    assert not is_personal(message_activity("https://smba.example/", conversation_type="groupChat"))
    assert is_personal({"conversation": {"id": "webchat-1"}})  # other Bot Framework channels have no type
    added = dict(personal, type="conversationUpdate", membersAdded=[personal["recipient"]])
    assert bot_was_added(added) and not bot_was_added(dict(added, membersAdded=[personal["from"]]))


def test_a_reply_goes_back_to_the_sender_in_the_same_conversation():
    incoming = message_activity("https://smba.example/emea/", activity_id="1700000000002")
    reply = reply_to(incoming, {"type": "message", "text": "hi"})
    assert reply["from"] == incoming["recipient"] and reply["recipient"] == incoming["from"]
    assert reply["conversation"] == incoming["conversation"] and reply["replyToId"] == "1700000000002"


def test_ids_in_the_reply_url_are_encoded_so_they_cannot_change_the_path():
    url = Connector.reply_url("https://smba.example/emea/", "a:1/../../x;messageid=1?y", "17#00")
    assert url == ("https://smba.example/emea/v3/conversations/"
                   "a%3A1%2F..%2F..%2Fx%3Bmessageid%3D1%3Fy/activities/17%2300")
    assert Connector.reply_url("https://smba.example/emea", "a:1", None).endswith("/v3/conversations/a%3A1/activities")


def test_conversation_ids_are_a_keyed_hash():
    first = conversation_id("a:1Hx-personal", KEY)
    assert CONVERSATION_ID.match(first) and first == conversation_id("a:1Hx-personal", KEY)
    assert first != conversation_id("a:1Hx-personal", check_key("another-test-key-0123456789"))
    assert first != conversation_id("a:1Hx-other", KEY)
    assert first[len("teams-"):] != telegram_id(1, KEY)[len("tg-"):]


@pytest.mark.parametrize("key", [None, "", "short"])
def test_a_missing_or_weak_key_is_refused_with_how_to_make_one(key):
    with pytest.raises(IdentityKeyError, match="BOT_TEAMS_ID_KEY"):
        check_key(key)
