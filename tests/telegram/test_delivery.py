"""The retry policy on its own: which failures are retried, how long it waits, when it gives up.

A fake clock and sleep make the waits exact and the tests instant; ``test_delivery_errors.py`` drives the
same policy through the real Application against the Bot API stand-in.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Optional

import httpx
import pytest
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from bot.telegram.delivery import DeliveryPolicy, Failure, PoliteDelivery, classify, retry_after_seconds

POLICY = DeliveryPolicy(max_attempts=4, first_backoff=1.0, max_backoff=3.0, max_retry_after=60.0)


def raised(error: TelegramError, cause: Optional[BaseException] = None) -> TelegramError:
    """``error`` as python-telegram-bot raises it, ``from cause``."""
    try:
        raise error from cause
    except TelegramError as caught:
        return caught


@pytest.mark.parametrize("error, failure", [
    (raised(RetryAfter(3)), Failure.FLOOD),
    (raised(NetworkError("Internal Server Error")), Failure.ANSWERED),  # a 5xx with Telegram's JSON body
    (raised(NetworkError("Bad Gateway (502)"), TelegramError("Invalid server response")), Failure.ANSWERED),
    (raised(NetworkError("httpx.ConnectError"), httpx.ConnectError("refused")), Failure.NOT_SENT),
    (raised(TimedOut(), httpx.ConnectTimeout("connect")), Failure.NOT_SENT),
    (raised(TimedOut(), httpx.PoolTimeout("pool")), Failure.NOT_SENT),
    (raised(TimedOut(), httpx.WriteTimeout("write")), Failure.NOT_SENT),
    (raised(TimedOut(), httpx.ReadTimeout("read")), Failure.UNKNOWN),
    (raised(NetworkError("httpx.RemoteProtocolError"), httpx.RemoteProtocolError("no answer")), Failure.UNKNOWN),
    (raised(NetworkError("httpx.ReadError"), httpx.ReadError("reset")), Failure.UNKNOWN),
    (raised(BadRequest("Bad Request: can't parse entities")), Failure.REFUSED),
    (raised(Forbidden("Forbidden: bot was blocked by the user")), Failure.REFUSED),
    (raised(InvalidToken()), Failure.REFUSED),
    (raised(Conflict("Conflict")), Failure.REFUSED),
    (raised(ChatMigrated(-100123)), Failure.REFUSED),
    (raised(TelegramError("Invalid server response")), Failure.REFUSED),  # a 200 with a broken body: it ran
])
def test_each_failure_is_classified_by_what_it_says_about_delivery(error: TelegramError, failure: Failure) -> None:
    assert classify(error) is failure
    assert failure.retried == (failure is not Failure.REFUSED)


def test_retry_after_reads_either_form() -> None:
    assert retry_after_seconds(RetryAfter(7)) == 7.0


def test_backoff_doubles_up_to_its_cap() -> None:
    assert [POLICY.backoff(n) for n in range(1, 5)] == [1.0, 2.0, 3.0, 3.0]


class Clock:
    """A fake monotonic clock that only the fake sleep moves."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


class Telegram:
    """The callback the rate limiter is given: raises the scripted errors in turn, then succeeds."""

    def __init__(self, clock: Clock, *errors: TelegramError) -> None:
        self.errors = list(errors)
        self.calls: list[float] = []
        self.clock = clock

    async def __call__(self, endpoint: str, data: dict[str, Any], **timeouts: Any) -> dict[str, Any]:
        self.calls.append(self.clock.now)
        if self.errors:
            raise self.errors.pop(0)
        return {"message_id": 1}


def send(limiter: PoliteDelivery, telegram: Telegram, endpoint: str = "sendMessage") -> Any:
    return asyncio.run(limiter.process_request(callback=telegram, args=(endpoint, {"chat_id": 1, "text": "x"}),
                                               kwargs={}, endpoint=endpoint, data={}, rate_limit_args=None))


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def limiter(clock: Clock) -> PoliteDelivery:
    return PoliteDelivery(POLICY, sleep=clock.sleep, clock=clock)


def test_flood_control_waits_exactly_retry_after(limiter, clock) -> None:
    telegram = Telegram(clock, RetryAfter(7))
    assert send(limiter, telegram) == {"message_id": 1}
    assert clock.slept == [7.0] and telegram.calls == [1000.0, 1007.0]


def test_error_answers_and_timeouts_are_retried_with_backoff(limiter, clock) -> None:
    telegram = Telegram(clock, raised(NetworkError("Internal Server Error")),
                        raised(TimedOut(), httpx.ReadTimeout("read")),
                        raised(NetworkError("httpx.ConnectError"), httpx.ConnectError("refused")))
    assert send(limiter, telegram) == {"message_id": 1}
    assert clock.slept == [1.0, 2.0, 3.0] and len(telegram.calls) == 4


@pytest.mark.parametrize("error", [BadRequest("Bad Request: message text is empty"), Forbidden("Forbidden: blocked")])
def test_client_errors_are_not_retried(limiter, clock, error) -> None:
    telegram = Telegram(clock, error)
    with pytest.raises(type(error)):
        send(limiter, telegram)
    assert len(telegram.calls) == 1 and clock.slept == []


def test_the_attempts_are_bounded_and_giving_up_is_an_error_by_method_only(limiter, clock, caplog) -> None:
    telegram = Telegram(clock, *[raised(NetworkError("Bad Gateway")) for _ in range(POLICY.max_attempts + 1)])
    with caplog.at_level(logging.INFO), pytest.raises(NetworkError):
        send(limiter, telegram)
    assert len(telegram.calls) == POLICY.max_attempts
    [error] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert "sendMessage" in error.getMessage() and "gave up after 4 attempt(s)" in error.getMessage()
    assert "chat_id" not in caplog.text and "Bad Gateway" not in caplog.text  # parameters and descriptions stay out


def test_a_flood_wait_longer_than_accepted_gives_up_without_calling_early(limiter, clock, caplog) -> None:
    telegram = Telegram(clock, RetryAfter(600))
    with caplog.at_level(logging.INFO), pytest.raises(RetryAfter):
        send(limiter, telegram)
    assert len(telegram.calls) == 1 and clock.slept == []
    later = Telegram(clock)  # the next call, inside the quiet period Telegram asked for, is not made either
    with pytest.raises(RetryAfter):
        send(limiter, later)
    assert later.calls == []
    assert any(r.levelno == logging.ERROR and "flood control" in r.getMessage() for r in caplog.records)


def test_a_call_during_a_quiet_period_waits_for_its_end(limiter, clock) -> None:
    with pytest.raises(RetryAfter):  # the typing indicator is flooded, and not retried...
        send(limiter, Telegram(clock, RetryAfter(5)), "sendChatAction")
    telegram = Telegram(clock)
    send(limiter, telegram)  # ...but the message after it waits out the quiet period Telegram asked for
    assert clock.slept == [5.0] and telegram.calls == [1005.0]


def test_the_typing_indicator_gets_one_attempt_and_never_waits(limiter, clock) -> None:
    telegram = Telegram(clock, raised(NetworkError("Internal Server Error")))
    with pytest.raises(NetworkError):
        send(limiter, telegram, "sendChatAction")
    assert len(telegram.calls) == 1 and clock.slept == []
    with pytest.raises(RetryAfter):
        send(limiter, Telegram(clock, RetryAfter(5)), "sendChatAction")
    quiet = Telegram(clock)
    with pytest.raises(RetryAfter):
        send(limiter, quiet, "sendChatAction")
    assert quiet.calls == [] and clock.slept == []
