"""A small fake of Rasa's REST channel: records what the Telegram bot sends, answers what the test scripts.

``POST /webhooks/rest/webhook`` with ``{"sender", "message"}``; the answer comes from ``respond(sender,
message)``: a list of bot messages (sent as JSON), or an int (that HTTP status, as a failing Rasa would).
"""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Optional, Union

Reply = Union[list[dict[str, Any]], int]

DANGER_QUESTION = {"text": "First: is the child in immediate danger right now?",
                   "buttons": [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]}


def scripted(sender: str, message: str) -> Reply:
    """A miniature of the assistant's dialogue, enough to exercise the front end."""
    if message in {"hello", "start again"}:
        return [{"text": "Hello. Please don't type the child's name."}, DANGER_QUESTION]
    if message == "/deny":
        return [{"text": "Thank you. In your own words, tell me what you saw or heard."}]
    if message == "/affirm":
        return [{"text": "Call 999 now.", "custom": {"kind": "advice", "level": "danger"}}]
    return [{"text": f"You said: {message}"}]


class FakeRasa:
    """The fake server; a context manager. ``received`` lists (sender, message) in order."""

    def __init__(self, respond: Callable[[str, str], Reply] = scripted) -> None:
        self.respond = respond
        self.received: list[tuple[str, str]] = []
        self._server: Optional[ThreadingHTTPServer] = None

    def __enter__(self) -> "FakeRasa":
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                if self.path != "/webhooks/rest/webhook":
                    self.send_error(404)
                    return
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
                fake.received.append((body["sender"], body["message"]))
                answer = fake.respond(body["sender"], body["message"])
                status, data = (answer, b'{"error": "boom"}') if isinstance(answer, int) \
                    else (200, json.dumps(answer).encode())
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def messages(self) -> list[str]:
        """What the bot sent, without the senders."""
        return [message for _, message in self.received]
