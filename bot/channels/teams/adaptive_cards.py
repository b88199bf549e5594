"""A bot message as a Teams message activity: plain text, an Adaptive Card (1.4) and the payload as JSON.

Pure functions, no I/O, so every rule is tested without Teams. The rules, and why:

- **The text is always there, as plain text** (``textFormat: "plain"``): it is the whole message, what
  notifications and clients without cards show, and what a screen reader reads first. Plain, because
  Teams would otherwise read it as Markdown, and text that quotes a practitioner must show as typed.
- **Nothing supplied by a person or a file is ever read as Markdown.** Adaptive Card ``TextBlock``s render
  a Markdown subset (``**bold**``, ``_italic_``, ``[link](url)``, lists); ``TextRun``s inside a
  ``RichTextBlock`` do not ("Markdown is not supported", Adaptive Cards schema 1.2+). So every text that is
  not one of this module's fixed headings goes into a ``TextRun``, as it is, with nothing escaped (an
  escape would show as a stray backslash). The one thing a TextRun still interprets, the
  ``{{DATE(...)}}``/``{{TIME(...)}}`` functions, is broken with a zero-width space.
- **Buttons are ``Action.Submit``s** whose ``data`` carries the button's payload (and, through Teams'
  ``messageBack``, shows the title in the chat as the practitioner's answer). The payload comes back
  unverified, which is fine: the REST channel's ``handle()`` honours a payload only if the bot offered it.
  Teams shows at most six actions in a set, so longer lists are split into several sets.
- **Advice** gets a card with the overall level, each feature with its level and recommendation number,
  the numbered steps and the contacts; **contacts** (and the safe fallback) get a contacts card.
- **The payload travels too**: the message's ``custom`` dict is the activity's ``value``, the same JSON
  the REST channel returns, so every channel carries the same advice.
"""
from __future__ import annotations

import json
import re
from typing import Any, Callable, Mapping, Optional, Sequence

from bot.guideline import KnowledgeError, UnknownRecommendation, guideline

CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
VERSION = "1.4"
MAX_ACTIONS = 6  # Teams' host config shows at most six actions in one set
LEVEL_COLOURS = {"danger": "Attention", "suspect": "Attention", "consider": "Warning"}
HEADINGS = ("What I found", "Alerting features", "Special routes", "What to do", "Contacts",
            "If a child is in immediate danger, call 999.")
TEMPLATE_FUNCTION = re.compile(r"\{\{(?=(?:DATE|TIME)\()")
ZERO_WIDTH_SPACE = "\u200b"

Lookup = Callable[[str], Optional[str]]


# ---- names from the knowledge base ---------------------------------------------------------------


def feature_title(rec_id: str) -> Optional[str]:
    """The knowledge base's short title of an alerting feature ("takes, hoards or hides food"), if known."""
    try:
        return guideline().feature(rec_id).title
    except (KnowledgeError, UnknownRecommendation, KeyError):
        return None


def route_title(route_id: str) -> Optional[str]:
    """The knowledge base's title of a special route, if known."""
    try:
        return guideline().route(route_id).title
    except (KnowledgeError, UnknownRecommendation, KeyError):
        return None


# ---- elements ------------------------------------------------------------------------------------


def run(text: Any, **style: Any) -> dict[str, Any]:
    """A TextRun: shown exactly as given (no Markdown), with its style (``weight``, ``color``...)."""
    return {"type": "TextRun", "text": TEMPLATE_FUNCTION.sub("{{" + ZERO_WIDTH_SPACE, str(text)), **style}


def paragraph(*inlines: dict[str, Any], **props: Any) -> dict[str, Any]:
    """One RichTextBlock of runs (a line, a step, a contact)."""
    return {"type": "RichTextBlock", "inlines": list(inlines), **props}


def heading(text: str) -> dict[str, Any]:
    """A TextBlock for this module's own fixed headings only (a TextBlock would read other text as Markdown)."""
    if text not in HEADINGS:
        raise ValueError("headings are fixed texts; use run() for anything else")
    return {"type": "TextBlock", "text": text, "weight": "Bolder", "wrap": True, "spacing": "Medium"}


def text_paragraphs(text: str) -> list[dict[str, Any]]:
    """Plain text as one paragraph per line, a blank line becoming extra space before the next."""
    blocks: list[dict[str, Any]] = []
    gap = False
    for line in text.split("\n"):
        if not line.strip():
            gap = bool(blocks)
            continue
        blocks.append(paragraph(run(line), spacing="Medium") if gap else paragraph(run(line)))
        gap = False
    return blocks


def level_run(level: Any) -> dict[str, Any]:
    """A level word in capitals and bold, red for suspect and danger, amber for consider."""
    word = str(level or "unknown")
    style: dict[str, Any] = {"weight": "Bolder"}
    if word in LEVEL_COLOURS:
        style["color"] = LEVEL_COLOURS[word]
    return run(word.upper(), **style)


def submit(title: str, payload: str) -> dict[str, Any]:
    """A button: Action.Submit whose data carries the payload; messageBack shows the title as the answer."""
    return {"type": "Action.Submit", "title": title,
            "data": {"payload": payload,
                     "msteams": {"type": "messageBack", "displayText": title, "text": title,
                                 "value": json.dumps({"payload": payload})}}}


# ---- bodies --------------------------------------------------------------------------------------


def advice_body(advice: Mapping[str, Any], features: Lookup = feature_title,
                routes: Lookup = route_title) -> list[dict[str, Any]]:
    """Level, features with levels and recommendation numbers, routes, numbered steps, contacts."""
    body = [heading("What I found"), paragraph(run("Overall level: "), level_run(advice.get("level")))]
    found = [f for f in advice.get("features") or [] if isinstance(f, Mapping) and f.get("id")]
    if found:
        body.append(heading("Alerting features"))
        for feature in found:
            title = features(str(feature["id"]))
            body.append(paragraph(run(f"NG76 {feature['id']}" + (f", {title.lower()}" if title else "") + ": "),
                                  level_run(feature.get("level"))))
    route_ids = [r for r in advice.get("routes") or [] if isinstance(r, str) and r]
    if route_ids:
        body.append(heading("Special routes"))
        body += [paragraph(run(routes(route) or route.replace("_", " "))) for route in route_ids]
    steps = [s for s in advice.get("steps") or [] if isinstance(s, str) and s.strip()]
    if steps:
        body.append(heading("What to do"))
        body += [paragraph(run(f"{n}. ", weight="Bolder"), run(step)) for n, step in enumerate(steps, start=1)]
    return body + contacts_body(advice.get("contacts"))


def contacts_body(contacts: Any) -> list[dict[str, Any]]:
    """999 first, then each contact: who in bold, then phone, email, web address and hours."""
    entries = [c for c in contacts or [] if isinstance(c, Mapping)] if isinstance(contacts, list) else []
    if not entries:
        return []
    body = [heading("Contacts"), {**heading("If a child is in immediate danger, call 999."), "color": "Attention"}]
    for contact in entries:
        def field(name: str) -> str:
            value = contact.get(name)
            return str(value).strip() if value else ""

        inlines = [run(field("label") or field("role") or "Contact", weight="Bolder")]
        how = [value for value in (field("phone"), field("email"), field("url")) if value]
        if how:
            inlines.append(run(": " + ", ".join(how)))
        if field("hours"):
            inlines.append(run(f" ({field('hours')})", isSubtle=True))
        body.append(paragraph(*inlines))
    return body


def plain_summary(custom: Mapping[str, Any], features: Lookup = feature_title) -> str:
    """Plain text for a payload that came without text (the activity must always have text)."""
    lines: list[str] = []
    if custom.get("kind") == "advice":
        lines.append(f"Overall level: {str(custom.get('level') or 'unknown').upper()}")
        for feature in custom.get("features") or []:
            if isinstance(feature, Mapping):
                lines.append(f"NG76 {feature.get('id')}: {str(feature.get('level') or '').upper()}")
        steps = [s for s in custom.get("steps") or [] if isinstance(s, str)]
        lines += [f"{n}. {step}" for n, step in enumerate(steps, start=1)]
    for contact in custom.get("contacts") or []:
        if isinstance(contact, Mapping):
            how = ", ".join(str(contact[k]) for k in ("phone", "email", "url") if contact.get(k))
            lines.append(f"{contact.get('label') or contact.get('role') or 'Contact'}: {how}".rstrip(": "))
    return "\n".join(lines)


# ---- a whole message -----------------------------------------------------------------------------


def buttons_of(message: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The (title, payload) of each well-formed button, in order."""
    found = []
    for button in message.get("buttons") or []:
        if isinstance(button, Mapping):
            title, payload = button.get("title"), button.get("payload")
            if isinstance(title, str) and title.strip() and isinstance(payload, str) and payload.strip():
                found.append((title.strip(), payload.strip()))
    return found


def card(body: Sequence[dict[str, Any]], actions: Sequence[dict[str, Any]], fallback_text: str) -> dict[str, Any]:
    """An Adaptive Card 1.4, full width in Teams; more than six actions become several action sets."""
    content: dict[str, Any] = {"type": "AdaptiveCard", "$schema": SCHEMA, "version": VERSION,
                               "body": list(body), "fallbackText": fallback_text, "msteams": {"width": "Full"}}
    if len(actions) <= MAX_ACTIONS:
        if actions:
            content["actions"] = list(actions)
    else:
        content["body"] += [{"type": "ActionSet", "actions": list(actions[i:i + MAX_ACTIONS])}
                            for i in range(0, len(actions), MAX_ACTIONS)]
    return content


def activity_fields(message: Mapping[str, Any], features: Lookup = feature_title,
                    routes: Lookup = route_title) -> Optional[dict[str, Any]]:
    """One bot message (as ``handle()`` returns it) as the fields of a Teams message; None if it is empty.

    Text-only messages are plain text. Buttons become a card of actions under the text (the text is not
    repeated in the card). Advice and contacts add their card. ``custom`` goes along as ``value``.
    """
    text = message.get("text") if isinstance(message.get("text"), str) else ""
    custom = message.get("custom") if isinstance(message.get("custom"), Mapping) else None
    buttons = buttons_of(message)
    kind = custom.get("kind") if custom else None
    body: list[dict[str, Any]] = []
    if custom and kind == "advice":
        body = advice_body(custom, features, routes)
    elif custom and kind in {"contacts", "fallback"}:
        body = contacts_body(custom.get("contacts"))
    if not text.strip() and custom:
        text = plain_summary(custom, features)
    if not text.strip() and not body and not buttons:
        return None
    fields: dict[str, Any] = {"type": "message", "text": text.strip("\n"), "textFormat": "plain"}
    if body or buttons:
        fallback = text.strip("\n")
        if buttons:
            fallback += "\n" + "\n".join(f"[{n}] {title}" for n, (title, _) in enumerate(buttons, start=1))
        fields["attachments"] = [{"contentType": CONTENT_TYPE,
                                  "content": card(body, [submit(t, p) for t, p in buttons], fallback)}]
    if custom is not None:
        fields["value"] = dict(custom)
    return fields
