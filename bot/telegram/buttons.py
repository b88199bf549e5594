"""The buttons offered in each conversation, behind short random tokens that go into callback_data.

Telegram limits a button's callback_data to 64 bytes, and whatever is put there comes back from the client
unverified. So the payload never travels: the bot keeps each offered keyboard in memory and sends an
11-character random token. A press is honoured only if the token was offered *to that conversation*, not yet
used, and not superseded. Any message sent to Rasa supersedes earlier keyboards (the dialogue has moved on,
and an old "Yes" could answer a newer question), and one press uses up its whole keyboard.

Memory is bounded: the least recently active conversations are forgotten first, and keyboards expire after
``max_age`` seconds. After a restart every old button is unknown, and gets the polite "expired" answer.
"""
from __future__ import annotations

import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence


@dataclass(frozen=True)
class Choice:
    """One offered button: its title, and the payload to send to Rasa (or a local action, when ``local``)."""

    title: str
    payload: str
    local: bool = False


@dataclass
class _Keyboard:
    choices: dict[str, Choice]
    offered_at: float


@dataclass
class _Conversation:
    keyboards: "OrderedDict[str, _Keyboard]" = field(default_factory=OrderedDict)


class OfferedButtons:
    """Offered keyboards per conversation id (hashed, never the raw Telegram id)."""

    def __init__(self, max_conversations: int = 10_000, max_keyboards: int = 8, max_age: float = 24 * 3600,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._conversations: "OrderedDict[str, _Conversation]" = OrderedDict()
        self.max_conversations = max_conversations
        self.max_keyboards = max_keyboards
        self.max_age = max_age
        self._clock = clock

    def __len__(self) -> int:
        return len(self._conversations)

    def offer(self, conversation: str, choices: Sequence[Choice]) -> list[str]:
        """Remember a keyboard; its tokens, one per choice, in order."""
        if not choices:
            return []
        state = self._touch(conversation)
        tokens = [self._new_token() for _ in choices]
        keyboard_id = tokens[0]
        state.keyboards[keyboard_id] = _Keyboard(dict(zip(tokens, choices)), self._clock())
        while len(state.keyboards) > self.max_keyboards:
            state.keyboards.popitem(last=False)
        return tokens

    def take(self, conversation: str, token: str) -> Optional[Choice]:
        """The choice behind a pressed token, using up its keyboard; None when unknown, used or expired."""
        state = self._conversations.get(conversation)
        if state is None:
            return None
        now = self._clock()
        for keyboard_id, keyboard in list(state.keyboards.items()):
            if token in keyboard.choices:
                del state.keyboards[keyboard_id]
                if now - keyboard.offered_at > self.max_age:
                    return None
                return keyboard.choices[token]
        return None

    def supersede(self, conversation: str) -> None:
        """Expire every keyboard of a conversation: a new message has gone to Rasa."""
        state = self._conversations.get(conversation)
        if state is not None:
            state.keyboards.clear()

    def _touch(self, conversation: str) -> _Conversation:
        state = self._conversations.pop(conversation, None) or _Conversation()
        self._conversations[conversation] = state
        while len(self._conversations) > self.max_conversations:
            self._conversations.popitem(last=False)
        return state

    def _new_token(self) -> str:
        """11 URL-safe characters (64 random bits): unguessable, and far below the 64-byte limit."""
        return secrets.token_urlsafe(8)
