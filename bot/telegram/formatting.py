"""Rasa's replies as Telegram messages: HTML text, split under Telegram's length limit, with inline keyboards.

Pure functions, no I/O, so every rule here is tested without a network. The rules, and why:
- **HTML parse mode, everything escaped.** Text from Rasa (which can quote the practitioner, or a contacts
  file) and every fixed text go through ``html.escape`` before the bot adds its own few tags, so a "<b>",
  "&" or "<" anywhere is shown as typed and can never break or inject markup. HTML is chosen over
  MarkdownV2 because it needs three escapes instead of eighteen.
- **Level words in bold** (CONSIDER, SUSPECT, DANGER...) and **numbered steps** with a bold number, so the
  level and the order of the steps stand out on a phone screen.
- **Phone numbers tappable.** Telegram clients reliably link numbers in international format, so UK
  national numbers ("0808 800 5000") are shown as "+44 808 800 5000"; short codes (999, 101) stay as they
  are, since nobody needs a link to dial them.
- **Split on line boundaries** under ``MessageLimit.MAX_TEXT_LENGTH`` (4096), measured in UTF-16 code units
  of the HTML itself (Telegram counts UTF-16 units of the text after parsing, which is never longer), never
  inside a tag or an entity; a keyboard goes on the last part of its message.
- **Buttons carry a token, not the payload** (see ``buttons.py``): ``keyboard`` takes the tokens.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any, Mapping, Optional, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import InlineKeyboardButtonLimit, MessageLimit

from .buttons import Choice
from .texts import NO_TEXT_WITH_BUTTONS

MAX_LENGTH: int = MessageLimit.MAX_TEXT_LENGTH
LEVEL_WORDS = re.compile(r"\b(IMMEDIATE DANGER|DANGER|SUSPECT|CONSIDER|NONE)\b")
STEP_NUMBER = re.compile(r"^([ \t•\-]*)(\d{1,2}[.)])(?=[ \t])", re.MULTILINE)
# a UK national number: a 0, then 7 to 10 more digits in groups split by single spaces or hyphens
UK_NUMBER = re.compile(r"(?<![\w+/.])0\d{2,4}(?:[ -]?\d{2,6}){1,3}(?![\w/]|\.\d)")
ATOM = re.compile(r"<[^<>]*>|&#?\w+;|.", re.DOTALL)
SHORT_TITLE = 12  # buttons with titles this short share one row (Yes / No side by side)


@dataclass(frozen=True)
class TelegramMessage:
    """One sendMessage: HTML text, and the keyboard when this is the last part of a reply with buttons."""

    text: str
    reply_markup: Optional[InlineKeyboardMarkup] = None


# ---- text ----------------------------------------------------------------------------------------


def tappable_phones(text: str) -> str:
    """UK national numbers rewritten in international format ("0808 800 5000" -> "+44 808 800 5000")."""
    def international(match: re.Match[str]) -> str:
        number = match.group(0)
        digits = re.sub(r"\D", "", number)
        if not 8 <= len(digits) <= 11:
            return number
        return "+44 " + re.sub(r"[ -]+", " ", number[1:])

    return UK_NUMBER.sub(international, text)


def plain(text: str) -> str:
    """Any plain text made safe for HTML parse mode, with tappable phone numbers and no other markup."""
    return html.escape(tappable_phones(text), quote=False)


def render_text(text: str, *, advice: bool = False) -> str:
    """A bot message as HTML: escaped, level words in bold, and for advice the step numbers in bold."""
    rendered = LEVEL_WORDS.sub(r"<b>\1</b>", plain(text.strip("\n")))
    if advice:
        rendered = STEP_NUMBER.sub(r"\1<b>\2</b>", rendered)
    return rendered


def render_custom(custom: Mapping[str, Any]) -> str:
    """HTML for a message that came with a payload and no text (advice or contacts); '' for other kinds."""
    kind = custom.get("kind")
    lines: list[str] = []
    if kind == "advice":
        level = str(custom.get("level") or "").upper()
        if level:
            lines.append(f"Overall level: <b>{html.escape(level, quote=False)}</b>")
        features = [f for f in custom.get("features") or [] if isinstance(f, Mapping)]
        if features:
            lines.append("Alerting features: " + ", ".join(
                f"NG76 {html.escape(str(f.get('id', '')), quote=False)} "
                f"<b>{html.escape(str(f.get('level', '')).upper(), quote=False)}</b>" for f in features))
        steps = [s for s in custom.get("steps") or [] if isinstance(s, str) and s.strip()]
        if steps:
            lines.append("What to do:")
            lines += [f"<b>{n}.</b> {plain(step)}" for n, step in enumerate(steps, start=1)]
    if kind in {"advice", "contacts"}:
        contacts = [c for c in custom.get("contacts") or [] if isinstance(c, Mapping)]
        if contacts:
            lines.append("Contacts:")
            lines += [render_contact(contact) for contact in contacts]
    return "\n".join(lines)


def render_contact(contact: Mapping[str, Any]) -> str:
    """One contact on one line: who, then how to reach them (phone first, tappable), then when."""
    def field(name: str) -> str:
        value = contact.get(name)
        return str(value).strip() if value else ""

    who = field("label") or field("role") or "Contact"
    if field("role") and field("label"):
        who = f"{field('role')}: {field('label')}"
    how = [value for value in (field("phone"), field("email"), field("url")) if value]
    line = "• " + who + (": " + ", ".join(how) if how else "")
    if field("hours"):
        line += f" ({field('hours')})"
    return plain(line)


# ---- buttons -------------------------------------------------------------------------------------


def parse_buttons(reply: Mapping[str, Any]) -> list[Choice]:
    """The buttons of a Rasa reply as choices; malformed ones (no title or payload) are left out."""
    choices = []
    for button in reply.get("buttons") or []:
        if not isinstance(button, Mapping):
            continue
        title, payload = button.get("title"), button.get("payload")
        if isinstance(title, str) and title.strip() and isinstance(payload, str) and payload.strip():
            choices.append(Choice(title.strip(), payload.strip()))
    return choices


def keyboard(choices: Sequence[Choice], tokens: Sequence[str]) -> InlineKeyboardMarkup:
    """An inline keyboard whose buttons carry the tokens; short titles share a row, long ones get their own."""
    if len(choices) != len(tokens):
        raise ValueError("one token per choice")
    for token in tokens:
        if not 1 <= len(token.encode()) <= InlineKeyboardButtonLimit.MAX_CALLBACK_DATA:
            raise ValueError("callback data must be 1 to 64 bytes")
    buttons = [InlineKeyboardButton(choice.title, callback_data=token) for choice, token in zip(choices, tokens)]
    if len(buttons) <= 3 and all(len(choice.title) <= SHORT_TITLE for choice in choices):
        return InlineKeyboardMarkup([buttons])
    return InlineKeyboardMarkup([[button] for button in buttons])


# ---- splitting -----------------------------------------------------------------------------------


def utf16_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji counts two)."""
    return len(text.encode("utf-16-le")) // 2


def split_html(text: str, limit: int = MAX_LENGTH) -> list[str]:
    """HTML in parts of at most ``limit`` UTF-16 units, split between lines, never inside a tag or an entity."""
    chunks: list[str] = []
    current: Optional[str] = None
    for line in text.split("\n"):
        for piece in _split_line(line, limit):
            candidate = piece if current is None else current + "\n" + piece
            if utf16_length(candidate) <= limit:
                current = candidate
            else:
                if current is not None:
                    chunks.append(current)
                current = piece
    if current is not None:
        chunks.append(current)
    return [chunk.strip() for chunk in chunks if chunk.strip()]


def _split_line(line: str, limit: int) -> list[str]:
    """One line in parts that fit, breaking after a space where possible, only outside tags and entities."""
    if utf16_length(line) <= limit:
        return [line]
    atoms = ATOM.findall(line)  # a tag, an entity or one character: the units that are never cut
    widths = [utf16_length(atom) for atom in atoms]
    may_end = [True] * (len(atoms) + 1)  # may_end[k]: a part may end just before atom k (no tag open)
    depth = 0
    for k, atom in enumerate(atoms):
        if atom.startswith("</"):
            depth -= 1
        elif atom.startswith("<") and len(atom) > 1:
            depth += 1
        may_end[k + 1] = depth <= 0
    # at_space[k]: a break before atom k falls beside a space, between words
    at_space = [may_end[k] and ((k > 0 and atoms[k - 1].isspace()) or (k < len(atoms) and atoms[k].isspace()))
                for k in range(len(atoms) + 1)]
    pieces: list[str] = []
    start = 0
    while start < len(atoms):
        end, size = start, 0
        while end < len(atoms) and size + widths[end] <= limit:
            size, end = size + widths[end], end + 1
        if end == len(atoms):
            pieces.append("".join(atoms[start:]))
            break
        end = max(end, start + 1)
        cut = next((k for k in range(end, start, -1) if at_space[k]), None) \
            or next((k for k in range(end, start, -1) if may_end[k]), None)
        if cut is None:  # one tagged span longer than the limit: keep its text, drop its tags
            return _split_line(re.sub(r"<[^<>]*>", "", line), limit)
        pieces.append("".join(atoms[start:cut]))
        start = cut
    return [piece.strip() for piece in pieces if piece.strip()]


# ---- a whole reply -------------------------------------------------------------------------------


def render_reply(reply: Mapping[str, Any], tokens: Sequence[str] = ()) -> list[TelegramMessage]:
    """One Rasa message as Telegram messages; ``tokens`` are the callback data for its buttons, in order."""
    custom = reply.get("custom") if isinstance(reply.get("custom"), Mapping) else None
    text = reply.get("text") if isinstance(reply.get("text"), str) else ""
    if text.strip():
        body = render_text(text, advice=bool(custom and custom.get("kind") == "advice"))
    else:
        body = render_custom(custom) if custom else ""
    choices = parse_buttons(reply)
    markup = keyboard(choices, tokens) if choices and tokens else None
    if not body.strip():
        if markup is None:
            return []
        body = plain(NO_TEXT_WITH_BUTTONS)
    parts = split_html(body)
    return [TelegramMessage(part) for part in parts[:-1]] + [TelegramMessage(parts[-1], markup)]


# ---- typed text ----------------------------------------------------------------------------------


def typed_text(text: str) -> str:
    """What a practitioner typed, made safe to send: never a Rasa intent shortcut ("/intent{...}").

    Leading slashes and spaces are removed together, however they alternate ("/ /affirm" gives "affirm"),
    so only a payload the bot itself offered on a button can start with "/".
    """
    return re.sub(r"^[\s/]+", "", text).strip()
