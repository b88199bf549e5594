"""Rasa's REST channel, made safe: a turn that produced no reply still gets the immediate-danger route.

When the action server is down or an action fails, stock Rasa logs the error and sends nothing back. A
practitioner worried about a child must never be left with silence, so any turn that ends with no bot
message gets a reply that needs no custom action: call 999 if the child is in immediate danger, the
national contacts, and a plain "something went wrong; your conversation is kept" (the tracker store has
kept what they said).
"""
from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint

logger = logging.getLogger(__name__)

FALLBACK_TEXT = (
    "Something went wrong on my side; your conversation is kept. If the child is in immediate danger, call 999 "
    "now, then contact children's social care (NG76 1.3, How to use these recommendations)."
)


def fallback_reply() -> Dict[Text, Any]:
    """The reply for a turn that produced nothing: national routes only, from the contacts module."""
    from bot.referral_contacts import national_routes

    contacts = national_routes()
    lines = [FALLBACK_TEXT] + [f"{c.label}: {c.phone or c.url or c.email}" for c in contacts]
    payload = [dict(c.to_dict(), source="national") for c in contacts]
    return {"text": "\n".join(lines), "custom": {"kind": "fallback", "level": "unknown", "contacts": payload}}


class SafeRestInput(RestInput):
    """The REST channel (same URL, ``/webhooks/rest/webhook``) with a reply on every turn."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def guarded(message: UserMessage) -> None:
            output = message.output_channel
            before = len(getattr(output, "messages", []))
            try:
                await on_new_message(message)
            except Exception:  # the practitioner still gets the safe reply below
                logger.exception("turn failed for conversation %s", message.sender_id)
            if len(getattr(output, "messages", [])) == before:
                logger.error("no reply produced for conversation %s: sending the safe fallback", message.sender_id)
                reply = fallback_reply()
                await output._persist_message(
                    output._message(message.sender_id, text=reply["text"], custom=reply["custom"]))

        return super().blueprint(guarded)
