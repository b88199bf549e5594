"""What a practitioner typed, made safe and understood against the buttons the bot offered last.

Two jobs, the same on every channel:

* Rasa treats text starting with "/" as an intent shortcut ("/intent{"slot": "value"}"), which skips language
  understanding and can set any slot. Only a payload the bot itself offered on its last turn may pass as one;
  any other leading slash is removed, so "/affirm" typed by hand is read as the word "affirm".
* Typing a button's title, or its number, works as well as pressing it. A number is read as a position only
  when the options are not themselves numbers: for "Under 1 / 1 to 4 / 5 to 11" a typed "2" is an age.
"""
from __future__ import annotations

import re
from typing import Iterable, Optional


def offered_buttons(events: Iterable[dict]) -> list[dict]:
    """The buttons of the bot's last turn (since the practitioner's last message), in order."""
    buttons: list[dict] = []
    for event in reversed(list(events)):
        if event.get("event") == "user":
            break
        if event.get("event") == "bot":
            offered = (event.get("data") or {}).get("buttons") or []
            if offered:
                buttons = list(offered) + buttons
    return buttons


def choose(text: str, buttons: list[dict]) -> Optional[str]:
    """The payload of the button an answer names: its exact payload, its title, or its number."""
    answer = " ".join(text.split()).lower()
    if not answer:
        return None
    for button in buttons:
        if text.strip() == button.get("payload"):
            return button["payload"]
    for button in buttons:
        if answer == " ".join(str(button.get("title", "")).split()).lower():
            return button.get("payload")
    if numbered(buttons) and _ASCII_NUMBER.fullmatch(answer) and 1 <= int(answer) <= len(buttons):
        return buttons[int(answer) - 1].get("payload")
    return None


# "¹" is a digit to str.isdigit but not a number to int(): only 0-9 count as an option number.
_ASCII_NUMBER = re.compile(r"[0-9]{1,3}")
_NUMBER_OPTION = re.compile(r"^\s*(?:under|over|about|age)?\s*\d", re.I)


def numbered(buttons: list[dict]) -> bool:
    """Can a typed number mean "option N"? Not when an option is itself a number or an age band."""
    return not any(_NUMBER_OPTION.match(str(button.get("title", ""))) for button in buttons)


def inbound_text(text: Optional[str], buttons: list[dict]) -> str:
    """The text to hand to Rasa for what arrived: a chosen button's payload, or the words with no shortcut."""
    text = text or ""
    chosen = choose(text, buttons)
    if chosen is not None:
        return chosen
    if text.strip().startswith("/"):
        return re.sub(r"^[\s/]+", "", text).strip()
    return text
