"""Reading an incoming Teams activity, and addressing a reply to it. Pure functions, no I/O.

What a practitioner sent becomes the text handed to the REST channel's ``handle()``:
- typed text, with Teams' ``<at>Bot</at>`` mentions taken out (they only name the bot);
- a button press, which Teams sends as an empty (or title-only) text with a ``value``: an
  ``Action.Submit`` sends the card's ``data`` as the value, a ``messageBack`` its ``value`` (often as a JSON
  string). The payload found there is what ``handle()`` gets; it is honoured only if the bot offered it on
  its last turn, so a forged ``{"payload": "/intent{...}"}`` is just words.

Every part of an activity is read as it may arrive, not as Teams usually sends it: a part of the wrong JSON
type (a list where an object belongs, a number for an id) counts as absent, so no activity makes these
functions raise.
"""
from __future__ import annotations

import json
import re
from typing import Any, Mapping, Optional

MENTION = re.compile(r"<at\b[^>]*>.*?</at>", re.IGNORECASE | re.DOTALL)
PERSONAL = "personal"

NOT_PERSONAL_TEXT = ("I only talk in a personal chat, so that what you tell me about a child stays between you "
                     "and me. Open a chat with me from Apps or the chat list. If a child is in immediate danger, "
                     "call 999.")

# to users of an organisation not on the allow-list: no word about tenants or settings, and 999 all the same
TENANT_NOT_ALLOWED_TEXT = ("Sorry, this assistant is only for the practitioners of the organisations that run "
                           "it. If a child is in immediate danger, call 999 now. If you are worried about a "
                           "child, the NSPCC Helpline is 0808 800 5000.")


def _mapping(value: Any) -> Mapping[str, Any]:
    """``value`` if it is a JSON object, else an empty one."""
    return value if isinstance(value, Mapping) else {}


def _string(value: Any) -> Optional[str]:
    """``value`` if it is a non-empty string, else None (an id of another JSON type is no id)."""
    return value if isinstance(value, str) and value else None


def activity_id(activity: Mapping[str, Any]) -> Optional[str]:
    """The activity's id, if it has a usable one."""
    return _string(activity.get("id"))


def raw_conversation_id(activity: Mapping[str, Any]) -> Optional[str]:
    """The Teams conversation id, as Teams sent it (hashed before it goes any further)."""
    return _string(_mapping(activity.get("conversation")).get("id"))


def typed_text(activity: Mapping[str, Any]) -> str:
    """The activity's text without mentions of anyone (in Teams they are the bot's name)."""
    text = activity.get("text") if isinstance(activity.get("text"), str) else ""
    entities = activity.get("entities")
    for entity in entities if isinstance(entities, list) else []:
        if isinstance(entity, Mapping) and entity.get("type") == "mention" and isinstance(entity.get("text"), str):
            text = text.replace(entity["text"], "")
    return MENTION.sub("", text).strip()


def button_payload(value: Any, depth: int = 0) -> Optional[str]:
    """The payload of a pressed button, from an Action.Submit ``data`` or a messageBack ``value``."""
    if depth > 3:
        return None
    if isinstance(value, str):
        try:
            return button_payload(json.loads(value), depth + 1)
        except ValueError:
            return None
    if not isinstance(value, Mapping):
        return None
    payload = value.get("payload")
    if isinstance(payload, str) and payload.strip():
        return payload.strip()
    msteams = value.get("msteams")
    if isinstance(msteams, Mapping):
        return button_payload(msteams.get("value"), depth + 1)
    return None


def message_text(activity: Mapping[str, Any]) -> str:
    """The text for ``handle()``: a pressed button's payload, else what was typed ('' when neither)."""
    return button_payload(activity.get("value")) or typed_text(activity)


def is_personal(activity: Mapping[str, Any]) -> bool:
    """A one-to-one chat with the bot (Teams' "personal" scope; other Bot Framework channels have no type)."""
    return _mapping(activity.get("conversation")).get("conversationType", PERSONAL) == PERSONAL


def tenant_of(activity: Mapping[str, Any]) -> Optional[str]:
    """The Microsoft 365 tenant the activity comes from, if Teams says."""
    tenant = _mapping(_mapping(activity.get("channelData")).get("tenant")).get("id")
    return _string(tenant) or _string(_mapping(activity.get("conversation")).get("tenantId"))


def bot_was_added(activity: Mapping[str, Any]) -> bool:
    """A conversationUpdate saying the bot itself joined (the app was installed in a personal chat)."""
    bot_id = _string(_mapping(activity.get("recipient")).get("id"))
    members = activity.get("membersAdded")
    return activity.get("type") == "conversationUpdate" and bot_id is not None and any(
        isinstance(member, Mapping) and member.get("id") == bot_id
        for member in (members if isinstance(members, list) else []))


def reply_to(activity: Mapping[str, Any], fields: Mapping[str, Any]) -> dict[str, Any]:
    """A reply activity: from the bot to the sender, in the same conversation, threaded to the activity."""
    reply = {"type": "message", "from": activity.get("recipient"), "recipient": activity.get("from"),
             "conversation": activity.get("conversation"), **fields}
    if activity_id(activity):
        reply["replyToId"] = activity_id(activity)
    return reply
