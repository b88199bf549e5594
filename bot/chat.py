"""``python -m bot chat``: a terminal chat with the running assistant over its REST channel.

Buttons are shown numbered (unless their titles are numbers themselves, like age bands); typing the number,
or the answer, both work. The server reads every message against the buttons it offered
(``bot.channels.inbound``), and this client applies the same rule first: typed text is never sent as a Rasa
intent shortcut ("/intent{...}"). Ctrl-C or Ctrl-D ends the chat. When ``BOT_REST_SECRET`` is set, each
message carries it (``bot.channels.rest_secret``), as the server then requires.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.error
import urllib.request
import uuid

from bot.channels.inbound import inbound_text, numbered
from bot.channels.rest_secret import client_headers


def post(url: str, sender: str, message: str, timeout: float = 60) -> list[dict]:
    body = json.dumps({"sender": sender, "message": message}).encode()
    headers = {"Content-Type": "application/json", **client_headers(os.environ)}
    request = urllib.request.Request(url, data=body, headers=headers)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read().decode() or "[]")


def render(replies: list[dict]) -> list[dict]:
    """Print the bot's messages; return the buttons offered last (for numbered answers)."""
    buttons: list[dict] = []
    for reply in replies:
        if reply.get("text"):
            print("\nAssistant: " + reply["text"].replace("\n", "\n           "))
        if reply.get("buttons"):
            buttons = reply["buttons"]
            for n, button in enumerate(buttons, start=1):
                print(f"           [{n if numbered(buttons) else '-'}] {button['title']}")
    return buttons


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot chat", description=__doc__)
    parser.add_argument("--url", default="http://127.0.0.1:5005/webhooks/rest/webhook")
    parser.add_argument("--sender", default=None, help="conversation id (default: a new random one)")
    args = parser.parse_args(argv)
    sender = args.sender or f"terminal-{uuid.uuid4().hex[:12]}"
    print("Safeguarding assistant (NICE NG76). Type your message; Ctrl-C to leave. "
          "If a child is in immediate danger, call 999.")
    buttons: list[dict] = []
    try:
        buttons = render(post(args.url, sender, "hello"))
        while True:
            try:
                line = input("\nYou: ")
            except EOFError:
                break
            if not line.strip():
                print("Assistant: Please type a message (or press Ctrl-C to leave).")
                continue
            message = inbound_text(line, buttons).strip()
            if not message:
                continue
            try:
                buttons = render(post(args.url, sender, message))
            except (urllib.error.URLError, TimeoutError) as error:
                print(f"Assistant: I can't reach the assistant server ({error}). If a child is in immediate "
                      "danger, call 999. NSPCC Helpline: 0808 800 5000.")
    except KeyboardInterrupt:
        pass
    print("\nGoodbye. Record what you saw and what you did, and talk to your safeguarding lead.")
    return 0
