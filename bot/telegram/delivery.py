"""Every Bot API call sent with a polite retry policy, so that a reply outlives Telegram's bad moments.

python-telegram-bot passes each Bot API call except getUpdates (which its own polling loop retries) through
the bot's rate limiter, ``ExtBot.rate_limiter``. ``PoliteDelivery`` is that hook, so every sendMessage,
answerCallbackQuery, editMessageReplyMarkup and setMyCommands gets the same policy without the handlers
having to remember it. What a failure tells us decides what is done:

- **429 with ``retry_after`` N** (flood control): not carried out, and Telegram wants N seconds of quiet.
  Nothing is sent for N s, then the call is made again; if N is above ``max_retry_after``, give up rather
  than call early.
- **An HTTP error answer** (500, 502, 503, 504...): Telegram's side answered that the call failed. Again
  after a backoff.
- **Connection refused; connect, pool or write timeout**: the request never (completely) reached Telegram.
  Again after a backoff.
- **Read timeout; connection closed before the answer**: outcome unknown, the request went and may have
  been carried out. Again after a backoff, with a warning (see below).
- **400, 401, 403, 404, 409, any other error**: the call itself is wrong or not allowed (the practitioner
  blocked the bot, the HTML is invalid), and a repeat would get the same answer. Raised at once.

Attempts are bounded (``max_attempts``, every kind of failure counted together); the backoff doubles from
``first_backoff`` up to ``max_backoff``, without jitter since one process is the only client. When the
attempts run out the last error is raised after an ERROR log line, and the handlers' error handler sends the
safe message. Calls are awaited one at a time and a retry happens inside its call, so part 2 of a reply is
delivered (or given up) before part 3 is sent: a reply keeps its order.

Nothing lost, nothing sent twice. For every failure whose outcome is known (429, an error answer, a request
that never reached Telegram) the retry delivers the message exactly once; a 502 or 504 is taken at its word,
although it comes from the proxy in front of the Bot API and could, rarely, follow a call that was carried
out. After a read timeout the outcome is not known: the Bot API has no idempotency key for sendMessage and a
bot cannot read back a chat, so the bot must choose between a possible repeat (send again) and a possible gap
(do not). In a safeguarding conversation a missing part, perhaps the one that says to call 999, is the worse
failure, so the message is sent again: at-least-once in this one case, logged as a WARNING that names the
method, so a repeat can be explained. The case is kept rare by a read timeout (``read_timeout``, 10 s) many
times Telegram's usual answer time, so a slow Telegram answers rather than times out. Rejected: a made-up
idempotency parameter (Telegram ignores unknown parameters, so only a stand-in would honour it and the tests
would prove something false), and guessing the lost message's id to edit or delete a copy (ids are not
documented as consecutive; a wrong guess would change another message).

Cosmetic calls (``single_attempt``: sendChatAction, the typing indicator) get one attempt and never wait: a
retry would only delay the reply they announce. Log lines name the method, the attempt and the error class,
never a parameter: a chat id identifies a person and a text may quote what a practitioner typed.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import enum
import logging
import time
import warnings
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Coroutine, Optional, Union

import httpx
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

logger = logging.getLogger(__name__)

Result = Union[bool, dict[str, Any], list[dict[str, Any]]]

# httpx errors raised before the whole request was handed over: Telegram cannot have acted on it
NOT_SENT_CAUSES: tuple[type[Exception], ...] = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout,
                                                httpx.WriteTimeout, httpx.WriteError)


class Failure(enum.Enum):
    """What a failed call tells us about whether Telegram carried it out."""

    FLOOD = "flood control"  # 429: not carried out; wait retry_after
    ANSWERED = "error answer"  # 5xx and other unexpected statuses: Telegram answered that it failed
    NOT_SENT = "not sent"  # the request never (completely) reached Telegram
    UNKNOWN = "outcome unknown"  # sent, but no answer came: it may have been carried out
    REFUSED = "refused"  # 4xx and anything else: repeating it cannot help

    @property
    def retried(self) -> bool:
        return self is not Failure.REFUSED


def classify(error: TelegramError) -> Failure:
    """Which kind of failure ``error`` is, from python-telegram-bot's exception and the httpx error behind it.

    python-telegram-bot raises ``RetryAfter`` for an answer with ``parameters.retry_after``, ``BadRequest``,
    ``Forbidden``, ``InvalidToken`` and ``Conflict`` for 400, 403, 401/404 and 409, and a plain
    ``NetworkError`` for every other error status (5xx included, with an unreadable body as its cause). An
    error of the HTTP layer becomes ``TimedOut`` or ``NetworkError`` raised *from* the httpx exception, which
    says how far the request got.
    """
    if isinstance(error, RetryAfter):
        return Failure.FLOOD
    if not isinstance(error, NetworkError) or isinstance(error, BadRequest):
        return Failure.REFUSED
    cause = error.__cause__
    if isinstance(cause, NOT_SENT_CAUSES):
        return Failure.NOT_SENT
    if isinstance(error, TimedOut) or cause is not None and not isinstance(cause, TelegramError):
        return Failure.UNKNOWN  # a read timeout, a dropped connection, an unexpected error of the HTTP layer
    return Failure.ANSWERED


def retry_after_seconds(error: RetryAfter) -> float:
    """``retry_after`` in seconds, whether python-telegram-bot gives an int or (opted in) a timedelta."""
    with warnings.catch_warnings():  # the int form is deprecated in 22.x; either form is read here
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


@dataclass(frozen=True)
class DeliveryPolicy:
    """How hard to try. The defaults are for Telegram; tests use small values to stay fast."""

    max_attempts: int = 8  # every call, counting the first: 1 + 2 + 4 + 8 + 16 + 30 + 30 s of backoff, 1.5 min
    first_backoff: float = 1.0  # seconds before the 2nd attempt after an error answer or a timeout; doubles
    max_backoff: float = 30.0
    max_retry_after: float = 60.0  # the longest flood-control wait accepted; a longer one gives up
    read_timeout: float = 10.0  # python-telegram-bot's default is 5 s; longer means fewer unknown outcomes
    connect_timeout: float = 5.0
    single_attempt: frozenset[str] = frozenset({"sendChatAction"})

    def attempts(self, endpoint: str) -> int:
        """How many attempts a call of ``endpoint`` gets."""
        return 1 if endpoint in self.single_attempt else max(1, self.max_attempts)

    def backoff(self, attempt: int) -> float:
        """The wait after a failed ``attempt`` (1 for the first); flood control waits ``retry_after`` instead."""
        return min(self.max_backoff, self.first_backoff * 2 ** (attempt - 1))


class PoliteDelivery(BaseRateLimiter[None]):
    """The rate limiter of the front end's bot: retries what may be retried, and waits when Telegram asks.

    A 429 opens a quiet period for the whole bot (``retry_after`` seconds from now): no call is made until it
    ends, whichever chat it is for, since Telegram does not say which limit was hit. A call that would have to
    wait longer than ``max_retry_after`` (or a cosmetic call, which never waits) fails at once with
    ``RetryAfter`` instead of calling early.
    """

    def __init__(self, policy: Optional[DeliveryPolicy] = None,
                 sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.policy = policy or DeliveryPolicy()
        self._sleep = sleep
        self._clock = clock
        self._quiet_until = 0.0

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def process_request(self, callback: Callable[..., Coroutine[Any, Any, Result]], args: Any,
                              kwargs: dict[str, Any], endpoint: str, data: dict[str, Any],
                              rate_limit_args: None) -> Result:
        """Make the call, again after each failure that may be retried, until it succeeds or attempts run out."""
        attempts = self.policy.attempts(endpoint)
        for attempt in range(1, attempts + 1):
            await self._quiet_period(endpoint, attempts)
            try:
                return await callback(*args, **kwargs)
            except TelegramError as error:
                failure = classify(error)
                if isinstance(error, RetryAfter):
                    self._quiet_until = max(self._quiet_until, self._clock() + retry_after_seconds(error))
                if not failure.retried:
                    logger.warning("Telegram %s: %s, not retried", endpoint, type(error).__name__)
                    raise
                if attempt == attempts:
                    level = logging.INFO if attempts == 1 else logging.ERROR
                    logger.log(level, "Telegram %s: gave up after %d attempt(s), last %s (%s)", endpoint, attempt,
                               type(error).__name__, failure.value)
                    raise
                if failure is Failure.FLOOD:
                    wait = self._quiet_until - self._clock()
                    if wait > self.policy.max_retry_after:
                        logger.error("Telegram %s: flood control asks for %.0f s, more than the %.0f s accepted; "
                                     "gave up", endpoint, wait, self.policy.max_retry_after)
                        raise
                    logger.warning("Telegram %s attempt %d of %d: flood control, again in %.1f s", endpoint,
                                   attempt, attempts, wait)
                    continue  # the quiet period is waited at the top of the loop
                wait = self.policy.backoff(attempt)
                if failure is Failure.UNKNOWN:
                    logger.warning("Telegram %s attempt %d of %d: %s (%s), sent again in %.1f s: it may arrive "
                                   "twice", endpoint, attempt, attempts, failure.value, type(error).__name__, wait)
                else:
                    logger.warning("Telegram %s attempt %d of %d: %s (%s), again in %.1f s", endpoint, attempt,
                                   attempts, failure.value, type(error).__name__, wait)
                await self._sleep(wait)
        raise AssertionError("unreachable: the last attempt returns or raises")

    async def _quiet_period(self, endpoint: str, attempts: int) -> None:
        """Wait out flood control; raise ``RetryAfter`` when the wait is too long, or the call is cosmetic."""
        wait = self._quiet_until - self._clock()
        if wait <= 0:
            return
        if attempts == 1 or wait > self.policy.max_retry_after:
            logger.log(logging.INFO if attempts == 1 else logging.ERROR,
                       "Telegram %s: not called, flood control for another %.0f s", endpoint, wait)
            raise RetryAfter(max(1, round(wait)))
        await self._sleep(wait)
