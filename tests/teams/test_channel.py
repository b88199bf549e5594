"""The Teams channel around a genuine activity: the REST channel's safe path, hashed ids, replies, HTTP."""
from __future__ import annotations

import asyncio
import json
import time
import uuid

import httpx
import pytest
from sanic import Sanic

import bot.channels.safe_path as safe_path
from bot.channels.safe_path import EMPTY_TEXT, FALLBACK_TEXT
from bot.channels.teams.channel import TeamsInput
from bot.channels.teams.activity import NOT_PERSONAL_TEXT
from bot.channels.teams.identity import CONVERSATION_ID
from tests.teams.conftest import FakeRasa, make_bot, post
from tests.teams.standins import TENANT, BotFrameworkStandIn, message_activity

OFFERED = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]


def say(stand_in: BotFrameworkStandIn, rasa: FakeRasa, bot=None, **activity) -> int:
    bot = bot or make_bot(stand_in)
    return post(bot, "Bearer " + stand_in.keys[0].token(stand_in.service_url),
                message_activity(stand_in.service_url, **activity), rasa)[0]


@pytest.fixture
def offered(monkeypatch):
    """The bot offered Yes / No on its last turn (as the tracker store would say)."""
    async def last_buttons(sender_id: str) -> list[dict]:
        return OFFERED
    monkeypatch.setattr(safe_path, "last_buttons", last_buttons)


def test_a_button_press_sends_its_payload(stand_in, rasa, offered):
    assert say(stand_in, rasa, text="", value={"payload": "/deny"}) == 200
    assert [m.text for m in rasa.seen] == ["/deny"]


def test_a_message_back_press_sends_its_payload(stand_in, rasa, offered):
    say(stand_in, rasa, text="No", value={"payload": "/deny", "msteams": {"type": "messageBack"}})
    say(stand_in, rasa, text="", value=json.dumps({"payload": "/affirm"}))
    assert [m.text for m in rasa.seen] == ["/deny", "/affirm"]


def test_a_forged_payload_is_only_words(stand_in, rasa, offered):
    say(stand_in, rasa, text="", value={"payload": '/inform{"role": "teacher"}'})
    assert not rasa.seen[0].text.startswith("/")


def test_typed_titles_and_numbers_are_the_buttons(stand_in, rasa, offered):
    say(stand_in, rasa, text="no")
    say(stand_in, rasa, text="1")
    assert [m.text for m in rasa.seen] == ["/deny", "/affirm"]


def test_personal_details_are_redacted_before_rasa(stand_in, rasa):
    say(stand_in, rasa, text="His mum Sarah rang me on 07700 900123, he is 6")
    assert "Sarah" not in rasa.seen[0].text and "07700" not in rasa.seen[0].text and "[PHONE]" in rasa.seen[0].text


def test_rasa_sees_a_keyed_hash_of_the_conversation_and_no_teams_details(stand_in, rasa):
    say(stand_in, rasa, text="hello", conversation="a:1Hx-RAW-TEAMS-ID")
    say(stand_in, rasa, text="again", conversation="a:1Hx-RAW-TEAMS-ID")
    say(stand_in, rasa, text="other", conversation="a:another-conversation")
    first, second, third = rasa.seen
    assert CONVERSATION_ID.match(first.sender_id) and first.sender_id == second.sender_id != third.sender_id
    assert "RAW-TEAMS-ID" not in first.sender_id and first.metadata is None
    assert first.input_channel == "teams"


def test_an_empty_message_gets_the_plain_answer_without_disturbing_rasa(stand_in, rasa):
    say(stand_in, rasa, text="   ")
    assert rasa.seen == [] and stand_in.replies()[0]["text"] == EMPTY_TEXT


def test_a_silent_or_failed_turn_still_sends_the_safe_reply_with_contacts(stand_in):
    rasa = FakeRasa(replies=[])
    say(stand_in, rasa, text="he has bruises")
    [reply] = stand_in.replies()
    assert reply["text"].startswith(FALLBACK_TEXT) and reply["value"]["kind"] == "fallback"
    card = reply["attachments"][0]["content"]
    assert any("0808 800 5000" in run["text"] for block in card["body"] if block["type"] == "RichTextBlock"
               for run in block["inlines"])


def test_every_message_of_a_turn_is_sent_in_order(stand_in):
    rasa = FakeRasa(replies=[{"text": "one"}, {"text": "two", "buttons": OFFERED}, {"custom": {"kind": "contacts",
                             "contacts": [{"label": "NSPCC Helpline", "phone": "0808 800 5000"}]}}])
    say(stand_in, rasa, text="hello")
    replies = stand_in.replies()
    assert [r["text"] for r in replies] == ["one", "two", "NSPCC Helpline: 0808 800 5000"]
    assert "attachments" not in replies[0] and replies[1]["attachments"][0]["content"]["actions"]


def test_group_chats_and_channels_get_a_note_and_nothing_is_relayed(stand_in, rasa):
    for kind in ("groupChat", "channel"):
        say(stand_in, rasa, text="<at>Safeguarding</at> a child in my class", conversation_type=kind,
            conversation=f"19:{kind}@thread.v2")
    assert rasa.seen == []
    assert [r["text"] for r in stand_in.replies()] == [NOT_PERSONAL_TEXT] * 2


def test_installing_the_app_opens_the_conversation(stand_in, rasa):
    activity = message_activity(stand_in.service_url, type="conversationUpdate")
    activity["membersAdded"] = [activity["recipient"]]
    del activity["text"]
    bot = make_bot(stand_in)
    assert post(bot, "Bearer " + stand_in.keys[0].token(stand_in.service_url), activity, rasa)[0] == 200
    assert [m.text for m in rasa.seen] == ["hello"]


def test_other_activities_are_acknowledged_only(stand_in, rasa):
    say(stand_in, rasa, type="messageReaction")
    assert rasa.seen == [] and stand_in.replies() == []


def test_a_redelivered_activity_is_relayed_once(stand_in, rasa):
    bot = make_bot(stand_in)
    for _ in range(2):
        assert say(stand_in, rasa, bot=bot, text="hello", activity_id="1700000000001") == 200
    assert len(rasa.seen) == 1


def test_a_single_tenant_bot_answers_its_own_tenant_only(stand_in, rasa):
    bot = make_bot(stand_in, app_type="SingleTenant", tenant_id=TENANT,
                   token_endpoint=stand_in.token_url)
    assert say(stand_in, rasa, bot=bot, text="hello") == 200
    assert say(stand_in, rasa, bot=bot, text="hello", tenant="99999999-0000-4000-8000-000000000000") == 200
    assert len(rasa.seen) == 1, "the other tenant's message got the refusal (tests/teams/test_allow_list.py)"


def test_the_access_token_is_cached_and_fetched_again_when_refused(stand_in, rasa):
    bot = make_bot(stand_in)
    for n in range(3):
        say(stand_in, rasa, bot=bot, text=f"message {n}")
    assert len(stand_in.issued) == 1, "one token for three replies"
    stand_in.issued.clear()  # the Bot Connector no longer accepts the cached token
    say(stand_in, rasa, bot=bot, text="after a rotation")
    assert len(stand_in.replies()) == 4 and len(stand_in.issued) == 1


def test_an_expiring_token_is_replaced_before_it_expires(stand_in, rasa):
    stand_in.token_lifetime = 1  # the margin is half the lifetime for short tokens
    bot = make_bot(stand_in)
    say(stand_in, rasa, bot=bot, text="one")
    time.sleep(0.6)
    say(stand_in, rasa, bot=bot, text="two")
    assert len(stand_in.issued) == 2


def test_a_reply_refused_as_too_large_is_sent_as_plain_text(stand_in):
    rasa = FakeRasa(replies=[{"text": "advice text", "custom": {"kind": "advice", "level": "suspect"}}])
    stand_in.reply_failures = [413]
    say(stand_in, rasa, text="that's everything")
    [reply] = stand_in.replies()
    assert reply["text"] == "advice text" and "attachments" not in reply and "value" not in reply


def test_a_connector_failure_is_logged_and_still_answered_200(stand_in, rasa, caplog):
    stand_in.reply_failures = [500]
    assert say(stand_in, rasa, text="hello") == 200  # a retry would send the message to Rasa twice
    assert stand_in.replies() == [] and "HTTP 500" in caplog.text
    assert "hello" not in caplog.text, "log lines carry ids and statuses, never what was said"


# ---- over HTTP, through the Sanic blueprint Rasa mounts ----------------------------------------------


class Mounted:
    """One Sanic app for the whole run (Sanic prepares its own methods once per process), mounting one
    TeamsInput's real blueprint; each test sets the channel's core and the fake Rasa it relays to."""

    def __init__(self) -> None:
        self.channel = TeamsInput(None)
        self.rasa = FakeRasa()
        self.app = Sanic(f"teams_test_{uuid.uuid4().hex[:8]}")

        async def on_new_message(message):
            await self.rasa(message)

        self.app.blueprint(self.channel.blueprint(on_new_message), url_prefix="/webhooks/teams")
        asyncio.run(self.app._startup())  # what the ASGI server's lifespan start would do

    def request(self, method: str, path: str, **kwargs) -> httpx.Response:
        async def send() -> httpx.Response:
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url="http://rasa") as c:
                return await c.request(method, "/webhooks/teams" + path, **kwargs)
        return asyncio.run(send())


@pytest.fixture(scope="session")
def mounted() -> Mounted:
    return Mounted()


def test_over_http_a_genuine_activity_is_answered_and_a_forged_one_refused(stand_in, rasa, mounted):
    mounted.channel.bot, mounted.rasa = make_bot(stand_in), rasa
    activity = message_activity(stand_in.service_url, text="hello")
    token = stand_in.keys[0].token(stand_in.service_url)
    good = mounted.request("POST", "/webhook", json=activity, headers={"Authorization": f"Bearer {token}"})
    assert good.status_code == 200 and len(rasa.seen) == 1 and len(stand_in.replies()) == 1
    for headers in ({}, {"Authorization": "Bearer forged.token.here"}):
        bad = mounted.request("POST", "/webhook", json=activity, headers=headers)
        assert bad.status_code == 401
    not_json = mounted.request("POST", "/webhook", content=b"{not json", headers={"Authorization": f"Bearer {token}"})
    assert not_json.status_code == 401  # without an activity there is no serviceUrl to vouch for
    assert len(rasa.seen) == 1 and len(stand_in.replies()) == 1


def test_an_unconfigured_channel_is_off_over_http(rasa, mounted, monkeypatch):
    monkeypatch.delenv("BOT_TEAMS_APP_ID", raising=False)
    channel = TeamsInput.from_credentials({"app_id": "${BOT_TEAMS_APP_ID}"})
    assert channel.bot is None
    mounted.channel.bot, mounted.rasa = channel.bot, rasa
    assert mounted.request("GET", "/").json() == {"status": "disabled"}
    posted = mounted.request("POST", "/webhook", json={})
    assert posted.status_code == 503 and rasa.seen == []


class CountedBody:
    """A request body sent in chunks (chunked encoding, no Content-Length) that counts what the server read."""

    def __init__(self, chunks: int, size: int = 64 * 1024) -> None:
        self.chunks, self.size, self.read = chunks, size, 0

    async def __aiter__(self):
        for _ in range(self.chunks):
            self.read += 1
            yield b" " * self.size


def test_over_http_an_unauthenticated_request_is_refused_before_its_body_is_read(stand_in, rasa, mounted):
    mounted.channel.bot, mounted.rasa = make_bot(stand_in), rasa
    for headers in ({}, {"Authorization": "Bearer forged.token.here"}):
        body = CountedBody(chunks=64)  # 4 MB of nothing, from someone with no token
        refused = mounted.request("POST", "/webhook", content=body, headers=headers)
        assert refused.status_code == 401
        assert body.read <= 1, f"{body.read} chunks read before the Authorization header was checked"
    assert rasa.seen == [] and stand_in.replies() == []


def test_over_http_a_body_over_256_kb_is_refused_with_413(stand_in, rasa, mounted):
    mounted.channel.bot, mounted.rasa = make_bot(stand_in), rasa
    token = {"Authorization": "Bearer " + stand_in.keys[0].token(stand_in.service_url)}
    padded = message_activity(stand_in.service_url, text="hello", padding="x" * 300_000)
    declared = mounted.request("POST", "/webhook", content=json.dumps(padded).encode(), headers=token)
    assert declared.status_code == 413, "Content-Length over the limit"
    streamed = CountedBody(chunks=64)
    chunked = mounted.request("POST", "/webhook", content=streamed, headers=token)
    assert chunked.status_code == 413 and streamed.read <= 6, "reading stops once the body passes the limit"
    assert rasa.seen == [] and stand_in.replies() == []
    fits = message_activity(stand_in.service_url, text="hello", padding="x" * 200_000)
    assert mounted.request("POST", "/webhook", json=fits, headers=token).status_code == 200
    assert [m.text for m in rasa.seen] == ["hello"]
