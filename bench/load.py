"""The load: realistic conversations over the REST channel, many at once, every turn timed (httpx, asyncio).

A *journey* is an async function that plays one conversation through a ``Conversation``; ``run_level`` keeps
``concurrency`` conversations going at once for a time, ``run_long`` plays one conversation for many turns.
A turn is an error when the HTTP request fails or times out, when the reply is empty, or when it is the REST
channel's safe fallback ("Something went wrong ...", bot/channels/rest.py).
"""
from __future__ import annotations

import asyncio
import itertools
import time
import uuid
from dataclasses import dataclass, field
from typing import Awaitable, Callable, Iterator, Optional

import httpx

REST_PATH = "/webhooks/rest/webhook"
SAFE_FALLBACK = "something went wrong"

# Ten things a practitioner might write, in their own words; written for the benchmark (not the training data).
OBSERVATIONS = [
    "She has come to school without a coat all winter and her trainers are split at the sides",
    "He is always starving at breakfast club and asks the other kids for the crusts they leave",
    "His dad calls him thick and a waste of space in the playground when he picks him up",
    "She has had head lice for months and nothing is being done about it at home",
    "He has had toothache for weeks and mum keeps cancelling the dentist",
    "She used to be chatty but now she sits on her own and won't join in with anyone",
    "He smells really strongly of wee and his uniform has not been washed for weeks",
    "She has started wetting herself in class and she cries when it is time to go home",
    "She says there is never any food in the house and she goes to bed hungry",
    "He is often left to look after his baby sister on his own at night",
]

# Short descriptions a practitioner adds one by one in a long conversation.
SHORT_OBSERVATIONS = [
    "she is hungry every morning",
    "his clothes are dirty most days",
    "she has nits that are never treated",
    "he is scared to go home",
    "mum shouts at her at the gate",
    "he misses a lot of school",
    "she has toothache and no dentist",
    "he is very withdrawn lately",
    "she wets herself in class",
    "he is always tired and falls asleep",
]
SIDE_QUESTIONS = ["what does suspect mean?", "what is early help?", "what does consider mean?"]
NOT_SURE = "Not sure"


class LevelOver(Exception):
    """The level's time is up: the conversation stops where it is (``run_level(..., finish=False)``)."""


@dataclass
class Turn:
    conversation: str
    index: int          # 1-based within the conversation
    started: float      # seconds since the level started
    latency: float      # seconds
    error: Optional[str] = None

    def as_row(self) -> list:
        return [self.conversation, self.index, round(self.started, 4), round(self.latency, 5), self.error]


class Conversation:
    """One conversation with the assistant; ``say`` sends a message and records the turn."""

    def __init__(self, client: httpx.AsyncClient, url: str, sender: str, timeout: float, t0: float,
                 turns: list[Turn], stop_at: Optional[float] = None) -> None:
        self.client, self.url, self.sender, self.timeout, self.t0 = client, url, sender, timeout, t0
        self.turns = turns
        self.stop_at = stop_at  # perf_counter time after which no new turn is sent (LevelOver)
        self.count = 0
        self.last: list[dict] = []
        self.last_error: Optional[str] = None
        self.seen_kinds: set[str] = set()    # every payload kind the bot has sent in this conversation
        self.deviation: Optional[str] = None

    async def say(self, text: str) -> list[dict]:
        if self.stop_at is not None and time.perf_counter() >= self.stop_at:
            raise LevelOver()
        self.count += 1
        started = time.perf_counter()
        error: Optional[str] = None
        replies: list[dict] = []
        try:
            r = await self.client.post(self.url + REST_PATH, json={"sender": self.sender, "message": text},
                                       timeout=self.timeout)
            if r.status_code != 200:
                error = f"HTTP {r.status_code}"
            else:
                body = r.json()
                replies = body if isinstance(body, list) else []
                if not replies:
                    error = "empty reply"
                elif any(SAFE_FALLBACK in (m.get("text") or "").lower() for m in replies):
                    error = "safe fallback"
        except httpx.TimeoutException:
            error = "timeout"
        except (httpx.HTTPError, ValueError) as e:
            error = type(e).__name__
        latency = time.perf_counter() - started
        self.turns.append(Turn(self.sender, self.count, started - self.t0, latency, error))
        self.last, self.last_error = replies, error
        self.seen_kinds |= self.payload_kinds()
        return replies

    def payload_kinds(self) -> set[str]:
        return {m["custom"].get("kind") for m in self.last if isinstance(m.get("custom"), dict)}

    def buttons(self) -> set[str]:
        return {b.get("title") for m in self.last for b in m.get("buttons") or []}

    def asks_follow_up(self) -> bool:
        """The bot asked a follow-up question (every one offers "Not sure") and gave no advice yet."""
        return NOT_SURE in self.buttons() and "advice" not in self.payload_kinds()


Journey = Callable[[Conversation, int], Awaitable[None]]


async def ours_journey(c: Conversation, n: int) -> None:
    """A teacher worried about a 7-year-old: two observations, follow-ups answered "Not sure", the advice,
    then a summary to copy."""
    for text in ("hello", "No", "Teacher or school staff", "7"):
        await c.say(text)
    await c.say(OBSERVATIONS[n % len(OBSERVATIONS)])
    await c.say(OBSERVATIONS[(n + 1 + n // len(OBSERVATIONS)) % len(OBSERVATIONS)])
    await c.say("That's everything")
    for _ in range(8):
        if c.last_error or not c.asks_follow_up():
            break
        await c.say(NOT_SURE)
    if "advice" not in c.seen_kinds and not c.last_error:
        c.deviation = "no advice after the observations and the follow-up questions"
    await c.say("Yes, a summary")


STOCK_CYCLE = ("hi", "I am sad", "yes", "bye")


async def stock_journey(c: Conversation, n: int, turns: int = 9) -> None:
    """Moodbot's conversation, repeated to about as many turns as ours."""
    for text in itertools.islice(itertools.cycle(STOCK_CYCLE), turns):
        await c.say(text)


def ours_long_messages(c: Conversation) -> Iterator[str]:
    """The practitioner's side of one very long conversation: one child after another, as a safeguarding lead
    talking several cases through might. For each child: the danger question, role and age, two short
    observations, a side question, "That's everything", every follow-up answered "Not sure", then "start
    again". The conversation's history grows all the way; each concern stays the size of a real one."""
    for child in itertools.count():
        yield from ("hello", "No", "Teacher or school staff", str(4 + child % 10))
        yield SHORT_OBSERVATIONS[(2 * child) % len(SHORT_OBSERVATIONS)]
        yield SIDE_QUESTIONS[child % len(SIDE_QUESTIONS)]
        yield SHORT_OBSERVATIONS[(2 * child + 1) % len(SHORT_OBSERVATIONS)]
        yield "That's everything"
        for _ in range(8):
            if not c.asks_follow_up():
                break
            yield NOT_SURE
        yield from ("start again", "Yes")


def stock_long_messages(c: Conversation) -> Iterator[str]:
    yield from itertools.cycle(STOCK_CYCLE)


@dataclass
class LevelResult:
    concurrency: int
    elapsed: float
    conversations: int
    all_active_until: float    # seconds until the first worker stopped: all conversations were going till then
    turns: list[Turn] = field(default_factory=list)
    deviations: list[str] = field(default_factory=list)


def _client(concurrency: int, keepalive: bool = True) -> httpx.AsyncClient:
    """A client for ``concurrency`` conversations; without ``keepalive`` each request opens a new connection,
    so that the worker processes sharing a listening socket share the load (bench/deployments.py)."""
    limits = httpx.Limits(max_connections=concurrency + 5,
                          max_keepalive_connections=concurrency + 5 if keepalive else 0)
    return httpx.AsyncClient(limits=limits, timeout=None)


async def run_level(url: str, journey: Journey, concurrency: int, *, duration: float, label: str,
                    min_conversations: int = 0, timeout: float = 30.0, keepalive: bool = True,
                    finish: bool = True) -> LevelResult:
    """``concurrency`` conversations at once, each worker starting a new one as soon as its last ends, until
    ``duration`` seconds have passed and ``min_conversations`` have started (every worker plays at least one;
    conversations under way finish, or with ``finish=False`` stop after the turn under way)."""
    turns: list[Turn] = []
    deviations: list[str] = []
    started_count = itertools.count()
    completed = 0
    stopped: list[float] = []
    t0 = time.perf_counter()

    stop_at = None if finish else t0 + duration
    async with _client(concurrency, keepalive) as client:
        async def worker(w: int) -> None:
            nonlocal completed
            first = True
            while True:
                n = next(started_count)
                if not first and time.perf_counter() - t0 >= duration and n >= min_conversations:
                    stopped.append(time.perf_counter() - t0)
                    return
                first = False
                c = Conversation(client, url, f"bench-{label}-c{concurrency}-{n}-{uuid.uuid4().hex[:6]}",
                                 timeout, t0, turns, stop_at)
                try:
                    await journey(c, n)
                except LevelOver:
                    stopped.append(time.perf_counter() - t0)
                    return
                completed += 1
                if c.deviation:
                    deviations.append(f"{c.sender}: {c.deviation}")

        await asyncio.gather(*(worker(w) for w in range(concurrency)))
    return LevelResult(concurrency, time.perf_counter() - t0, completed, min(stopped), turns, deviations)


async def run_long(url: str, messages: Callable[[Conversation], Iterator[str]], turns: int, *, label: str,
                   timeout: float = 60.0, keepalive: bool = True) -> list[Turn]:
    """One conversation of ``turns`` turns, one message after the other."""
    recorded: list[Turn] = []
    async with _client(1, keepalive) as client:
        c = Conversation(client, url, f"bench-{label}-long-{uuid.uuid4().hex[:8]}", timeout, time.perf_counter(),
                         recorded)
        source = messages(c)
        for _ in range(turns):
            await c.say(next(source))
    return recorded
