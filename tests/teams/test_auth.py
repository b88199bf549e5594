"""Only the Bot Connector, for this bot, gets through: every invalid kind of request is 401 and reaches nothing.

Each refused case checks three things: the status, that the fake Rasa saw no message, and that the Bot
Connector stand-in received no reply (a forged activity must not make the bot talk to anyone).
"""
from __future__ import annotations

import asyncio
import time

import jwt
import pytest

from bot.channels.teams.channel import TeamsBot
from bot.channels.teams.auth import OpenIdKeys
from bot.channels.teams.settings import load_settings
from tests.teams.conftest import FakeRasa, make_bot, post
from tests.teams.standins import APP_ID, BotFrameworkStandIn, KeyPair, message_activity


def refused(status: int, rasa: FakeRasa, *stand_ins: BotFrameworkStandIn, expected: int = 401) -> None:
    assert status == expected
    assert rasa.seen == [], "nothing may reach Rasa"
    for stand_in in stand_ins:
        assert stand_in.hits_to("/emea/", "POST") == [], "no reply may be sent"
        assert stand_in.issued == [], "the bot did not even fetch a token to reply with"


def test_a_valid_token_is_accepted_and_the_reply_goes_to_the_verified_service_url(stand_in, rasa):
    bot = make_bot(stand_in)
    activity = message_activity(stand_in.service_url, text="hello")
    status, _ = post(bot, "Bearer " + stand_in.keys[0].token(stand_in.service_url), activity, rasa)
    assert status == 200
    assert [m.text for m in rasa.seen] == ["hello"] and rasa.seen[0].input_channel == "teams"
    [reply] = stand_in.replies()
    assert reply["text"] == "noted" and reply["replyToId"] == activity["id"]
    assert reply["recipient"] == activity["from"] and reply["from"] == activity["recipient"]
    [hit] = stand_in.hits_to("/emea/v3/conversations/", "POST")
    assert hit.path == f"/emea/v3/conversations/{activity['conversation']['id']}/activities/{activity['id']}"
    assert hit.headers["authorization"] == "Bearer " + stand_in.issued[0]


def other_key_same_kid(stand_in: BotFrameworkStandIn) -> str:
    """Signed by an attacker's key that claims the published key's id."""
    return KeyPair(kid=stand_in.keys[0].kid).token(stand_in.service_url)


INVALID = {
    "bad signature (another key)": lambda s: "Bearer " + other_key_same_kid(s),
    "wrong audience": lambda s: "Bearer " + s.keys[0].token(s.service_url, audience="another-bots-app-id"),
    "wrong issuer": lambda s: "Bearer " + s.keys[0].token(s.service_url, issuer="https://evil.example"),
    "expired": lambda s: "Bearer " + s.keys[0].token(s.service_url, issued=time.time() - 4000, lifetime=3600),
    "not yet valid": lambda s: "Bearer " + s.keys[0].token(s.service_url, issued=time.time() + 3600),
    "serviceUrl claim mismatching the activity": lambda s: "Bearer " + s.keys[0].token("https://smba.example/x/"),
    "no serviceUrl claim": lambda s: "Bearer " + s.keys[0].token(s.service_url, serviceurl=None),
    "missing Authorization header": lambda s: None,
    "empty Authorization header": lambda s: "",
    "malformed: no scheme": lambda s: s.keys[0].token(s.service_url),
    "malformed: Basic scheme": lambda s: "Basic " + s.keys[0].token(s.service_url),
    "malformed: not a JWT": lambda s: "Bearer not-a-jwt",
    "malformed: garbage segments": lambda s: "Bearer aaa.bbb.ccc",
    "unknown kid, still unknown after a refresh": lambda s: "Bearer " + s.keys[0].token(s.service_url, kid="nope"),
    "unsigned (alg none)": lambda s: "Bearer " + jwt.encode(
        {"iss": "https://api.botframework.com", "aud": APP_ID, "exp": int(time.time()) + 600,
         "serviceurl": s.service_url}, None, algorithm="none", headers={"kid": s.keys[0].kid}),
    "HMAC with the public key as secret": lambda s: "Bearer " + jwt.encode(
        {"iss": "https://api.botframework.com", "aud": APP_ID, "exp": int(time.time()) + 600,
         "serviceurl": s.service_url}, "a-shared-secret-of-reasonable-length-0123456789", algorithm="HS256",
        headers={"kid": s.keys[0].kid}),
}


@pytest.mark.parametrize("authorization", INVALID.values(), ids=INVALID.keys())
def test_each_invalid_kind_is_refused_with_401_and_reaches_nothing(stand_in, rasa, authorization):
    bot = make_bot(stand_in)
    status, body = post(bot, authorization(stand_in), message_activity(stand_in.service_url, text="hello"), rasa)
    refused(status, rasa, stand_in)
    assert body == {"error": "unauthorized"}, "the reason is logged, never told to the caller"


def test_expiry_allows_only_a_small_clock_skew(stand_in, rasa):
    bot = make_bot(stand_in)
    just_expired = stand_in.keys[0].token(stand_in.service_url, issued=time.time() - 3660, lifetime=3600)
    status, _ = post(bot, "Bearer " + just_expired, message_activity(stand_in.service_url, text="hi"), rasa)
    assert status == 200  # one minute past expiry: within the five minutes the SDKs allow
    long_expired = stand_in.keys[0].token(stand_in.service_url, issued=time.time() - 3600 - 600, lifetime=3600)
    status, _ = post(bot, "Bearer " + long_expired, message_activity(stand_in.service_url, text="hi"), FakeRasa())
    assert status == 401


def test_a_token_for_one_service_url_cannot_send_replies_to_another(stand_in, rasa):
    with BotFrameworkStandIn() as elsewhere:
        bot = make_bot(stand_in)
        token = stand_in.keys[0].token(stand_in.service_url)  # genuine, for the real service URL
        status, _ = post(bot, "Bearer " + token, message_activity(elsewhere.service_url, text="hello"), rasa)
        refused(status, rasa, stand_in, elsewhere)
        assert elsewhere.hits == []


def test_replies_follow_the_service_url_the_token_vouches_for(stand_in, rasa):
    with BotFrameworkStandIn() as region:  # Teams moved this conversation to another region's connector
        region.issued = stand_in.issued  # one token service for both
        bot = make_bot(stand_in)
        token = stand_in.keys[0].token(region.service_url)
        status, _ = post(bot, "Bearer " + token, message_activity(region.service_url, text="hello"), rasa)
        assert status == 200 and len(region.replies()) == 1 and stand_in.replies() == []


def test_a_key_endorsed_for_other_channels_is_refused(stand_in, rasa):
    stand_in.publish(KeyPair(endorsements=("webchat",)))
    bot = make_bot(stand_in)
    token = stand_in.keys[0].token(stand_in.service_url)
    refused(post(bot, "Bearer " + token, message_activity(stand_in.service_url, text="hi"), rasa)[0], rasa, stand_in)


def test_keys_that_cannot_be_read_give_503_and_reach_nothing(stand_in, rasa):
    bot = make_bot(stand_in, openid_metadata=stand_in.base_url + "/missing")
    token = stand_in.keys[0].token(stand_in.service_url)
    status, _ = post(bot, "Bearer " + token, message_activity(stand_in.service_url, text="hi"), rasa)
    refused(status, rasa, stand_in, expected=503)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def bot_with_clock(stand_in: BotFrameworkStandIn, clock: Clock, refresh_minutes: float = 5) -> TeamsBot:
    settings, problems = load_settings(stand_in.credentials(key_refresh_minutes=str(refresh_minutes)), {})
    assert settings is not None, problems
    bot = TeamsBot(settings)
    bot.keys = OpenIdKeys(settings.openid_metadata, bot.http, max_age=settings.keys_max_age_seconds,
                          min_refresh_interval=settings.key_refresh_seconds, clock=clock)
    bot.verifier.keys = bot.keys
    return bot


def test_the_keys_are_cached_and_refreshed_when_a_new_key_id_appears(stand_in):
    clock = Clock()
    bot = bot_with_clock(stand_in, clock)
    old = stand_in.keys[0]
    for n in range(3):
        status, _ = post(bot, "Bearer " + old.token(stand_in.service_url),
                         message_activity(stand_in.service_url, text=f"message {n}"), FakeRasa())
        assert status == 200
    assert len(stand_in.hits_to("/keys")) == 1, "read once, then cached"

    new = KeyPair()
    stand_in.publish(old, new)  # Microsoft adds a key and starts signing with it
    clock.now += 6 * 60
    rasa = FakeRasa()
    status, _ = post(bot, "Bearer " + new.token(stand_in.service_url),
                     message_activity(stand_in.service_url, text="signed with the new key"), rasa)
    assert status == 200 and [m.text for m in rasa.seen] == ["signed with the new key"]
    assert len(stand_in.hits_to("/keys")) == 2, "an unknown key id made the bot re-read the keys"


def test_unknown_key_ids_cannot_make_the_bot_refetch_more_than_every_few_minutes(stand_in):
    clock = Clock()
    bot = bot_with_clock(stand_in, clock)
    post(bot, "Bearer " + stand_in.keys[0].token(stand_in.service_url),
         message_activity(stand_in.service_url, text="hi"), FakeRasa())

    def forged_burst() -> None:
        for n in range(20):  # forged key ids, ten seconds apart
            clock.now += 10
            rasa = FakeRasa()
            status, _ = post(bot, "Bearer " + stand_in.keys[0].token(stand_in.service_url, kid=f"forged-{n}"),
                             message_activity(stand_in.service_url, text="hi"), rasa)
            refused(status, rasa)

    forged_burst()
    assert len(stand_in.hits_to("/keys")) == 1, "the keys were read under five minutes ago: no re-read"
    clock.now += 5 * 60
    forged_burst()
    assert len(stand_in.hits_to("/keys")) == 2, "one re-read for the first unknown id, then none"


def test_keys_older_than_a_day_are_read_again(stand_in):
    clock = Clock()
    bot = bot_with_clock(stand_in, clock)
    token = lambda: "Bearer " + stand_in.keys[0].token(stand_in.service_url)  # noqa: E731
    post(bot, token(), message_activity(stand_in.service_url, text="hi"), FakeRasa())
    clock.now += 25 * 3600
    status, _ = post(bot, token(), message_activity(stand_in.service_url, text="hi again"), FakeRasa())
    assert status == 200 and len(stand_in.hits_to("/keys")) == 2


def test_a_rotation_that_removes_a_key_stops_its_tokens(stand_in):
    clock = Clock()
    bot = bot_with_clock(stand_in, clock, refresh_minutes=0)
    old = stand_in.keys[0]
    post(bot, "Bearer " + old.token(stand_in.service_url), message_activity(stand_in.service_url, text="a"),
         FakeRasa())
    stand_in.publish(KeyPair())
    clock.now += 25 * 3600  # the daily re-read drops the retired key
    rasa = FakeRasa()
    status, _ = post(bot, "Bearer " + old.token(stand_in.service_url), message_activity(stand_in.service_url,
                                                                                         text="b"), rasa)
    refused(status, rasa)


def test_concurrent_requests_read_the_keys_once(stand_in):
    bot = make_bot(stand_in)

    async def many() -> list[int]:
        async def one(n: int) -> int:
            activity = message_activity(stand_in.service_url, text=f"m{n}", conversation=f"a:conv-{n}")
            status, _ = await bot.receive("Bearer " + stand_in.keys[0].token(stand_in.service_url), activity,
                                          FakeRasa())
            return status
        return list(await asyncio.gather(*(one(n) for n in range(5))))

    assert asyncio.run(many()) == [200] * 5
    assert len(stand_in.hits_to("/keys")) == 1 and len(stand_in.hits_to("/botframework.com/")) == 1


def test_a_flood_while_no_keys_can_be_read_makes_a_handful_of_reads_not_one_each(stand_in):
    """Unauthenticated requests while the cache is empty (Microsoft unreachable) must not each fetch."""
    clock = Clock()
    bot = bot_with_clock(stand_in, clock)
    bot.keys.metadata_url = stand_in.base_url + "/missing"  # the metadata cannot be read
    token = "Bearer " + stand_in.keys[0].token(stand_in.service_url)
    for n in range(30):
        rasa = FakeRasa()
        refused(post(bot, token, message_activity(stand_in.service_url, text="hi"), rasa)[0], rasa, expected=503)
        clock.now += 0.25
    assert len(stand_in.hits_to("/missing")) == 1, "one read, then none for the next few seconds"
    clock.now += 10
    post(bot, token, message_activity(stand_in.service_url, text="hi"), FakeRasa())
    assert len(stand_in.hits_to("/missing")) == 2, "tried again after the minimum interval"


def test_concurrent_requests_while_no_keys_can_be_read_make_one_read(stand_in):
    bot = make_bot(stand_in, openid_metadata=stand_in.base_url + "/missing")

    async def many() -> list[int]:
        token = "Bearer " + stand_in.keys[0].token(stand_in.service_url)
        return [status for status, _ in await asyncio.gather(*(
            bot.receive(token, message_activity(stand_in.service_url, text="hi"), FakeRasa()) for _ in range(20)))]

    assert asyncio.run(many()) == [503] * 20
    assert len(stand_in.hits_to("/missing")) == 1


def test_keys_that_cannot_be_re_read_are_used_for_a_grace_period_then_refused(stand_in):
    """A key Microsoft withdrew must not be trusted for ever because the new list could not be read."""
    clock = Clock()
    bot = bot_with_clock(stand_in, clock)
    token = lambda: "Bearer " + stand_in.keys[0].token(stand_in.service_url)  # noqa: E731
    assert post(bot, token(), message_activity(stand_in.service_url, text="a"), FakeRasa())[0] == 200
    bot.keys.metadata_url = stand_in.base_url + "/missing"  # from now on every re-read fails
    clock.now += 25 * 3600  # past the daily re-read, within the grace period
    assert post(bot, token(), message_activity(stand_in.service_url, text="b"), FakeRasa())[0] == 200
    assert len(stand_in.hits_to("/missing")) == 1, "a re-read was tried"
    clock.now += 24 * 3600  # two days and an hour since the keys were read
    rasa = FakeRasa()
    refused(post(bot, token(), message_activity(stand_in.service_url, text="c"), rasa)[0], rasa, expected=503)
    bot.keys.metadata_url = stand_in.openid_url  # Microsoft answers again
    clock.now += 10 * 60
    assert post(bot, token(), message_activity(stand_in.service_url, text="d"), FakeRasa())[0] == 200
