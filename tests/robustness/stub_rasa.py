"""A stand-in for Rasa behind a channel, shared by the robustness tests."""
from __future__ import annotations

from typing import Any


class StubRasa:
    """``on_new_message`` for a channel: records the text Rasa would see and answers "noted"."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    async def __call__(self, message: Any) -> None:
        self.seen.append(message.text)
        await message.output_channel.send_response(message.sender_id, {"text": "noted"})
