"""A local stand-in for the Telegram Bot API, for tests that run the real python-telegram-bot Application.

An HTTP server on 127.0.0.1 (standard library only, in a thread) that answers like
https://core.telegram.org/bots/api: ``POST /bot<token>/<method>`` with parameters in the query string or
the body (JSON, form-encoded or multipart, as the API accepts), answering ``{"ok": true, "result": ...}`` or
``{"ok": false, "error_code": ..., "description": ...}``. It implements what the front end uses: getMe,
getUpdates (long polling with offset, timeout, limit and allowed_updates, fed from a queue the test
controls), sendMessage, sendChatAction, answerCallbackQuery, editMessageReplyMarkup, setMyCommands,
setWebhook, deleteWebhook and getWebhookInfo. It checks what Telegram checks and the bot could get wrong:
the HTML of parse mode HTML (allowed tags, balanced, known entities), the 4096-character text limit, the
64-byte callback data, answering an unknown callback query, "message is not modified", getUpdates while a
webhook is set. Every call is recorded for assertions, with what became of it.

A test can script Telegram's bad moments for the next calls of a method: ``fail_next`` (any error answer,
e.g. 500 or 502, optionally as a proxy's HTML page), ``flood_next`` (429 with ``retry_after``, Telegram's
body), ``hang_next`` (no answer for a while: past the bot's read timeout, a read timeout) and ``drop_next``
(the connection closed without an answer); the last two can carry the call out first, as when only the
answer is lost. ``refuse_connections`` stops listening for a while (connection refused). What was
delivered is ``sent_messages``; the calls are ``calls``, each with its time and ``outcome``.

Point an Application at it with ``ApplicationBuilder().base_url(stand_in.base_url)``.
"""
from __future__ import annotations

import dataclasses
import email.parser
import email.policy
import itertools
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Optional
from urllib.parse import parse_qs, urlsplit

TOKEN = "123456789:STANDIN-token_for-tests-only-0123456789"
BOT_USER = {"id": 123456789, "is_bot": True, "first_name": "Safeguarding assistant (test)",
            "username": "safeguarding_test_bot", "can_join_groups": True,
            "can_read_all_group_messages": False, "supports_inline_queries": False}
MAX_TEXT = 4096
MAX_CALLBACK_DATA = 64
JSON_PARAMS = {"reply_markup", "allowed_updates", "commands", "entities", "link_preview_options",
               "reply_parameters", "scope"}
INT_PARAMS = {"offset", "limit", "timeout", "message_id", "max_connections"}
BOOL_PARAMS = {"drop_pending_updates", "disable_notification", "protect_content", "show_alert"}
UPDATE_KINDS = ("message", "edited_message", "channel_post", "edited_channel_post", "callback_query")


class ApiError(Exception):
    """An error answer of the Bot API; ``parameters`` as Telegram adds them (``retry_after``)."""

    def __init__(self, code: int, description: str, parameters: Optional[dict[str, Any]] = None,
                 html: bool = False) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters
        self.html = html  # answered as a proxy's HTML page instead of the API's JSON


@dataclass
class ApiCall:
    """One recorded request: the method (as the API spells it), its decoded parameters, when it came (the
    stand-in's monotonic clock) and what became of it: "answered" (the method ran, success or its own error),
    "error <code>" (a scripted error), "held <s> s" or "dropped" (no answer), with ", carried out" when the
    call ran all the same."""

    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)
    outcome: str = "answered"


@dataclass
class Scripted:
    """A scripted failure of one call of ``method``: an error answer, or an answer held back or never given."""

    method: str
    error: Optional[ApiError] = None
    hold: float = 0.0  # seconds before answering; then the answer if carried out, else the connection closes
    drop: bool = False  # close the connection without an answer
    carry_out: bool = False  # run the method first (only the answer is late or lost)
    after: int = 0  # let this many calls of ``method`` through first

    def outcome(self) -> str:
        if self.error is not None:
            return f"error {self.error.code}"
        what = f"held {self.hold:g} s" if self.hold else "dropped"
        return what + (", carried out" if self.carry_out else "")


# ---- Telegram's HTML ---------------------------------------------------------------------------------

ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a",
                "tg-emoji", "code", "pre", "blockquote"}
TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)((?:\s+[\w-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*>")
ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")
NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


def telegram_html_text(text: str) -> str:
    """The visible text of a parse_mode=HTML message; ValueError with Telegram's wording when it is invalid."""
    out: list[str] = []
    stack: list[str] = []
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char == "<":
            match = TAG.match(text, pos)
            if not match or match.group(2).lower() not in ALLOWED_TAGS:
                raise ValueError(f"Bad Request: can't parse entities: unsupported start tag at byte offset {pos}")
            closing, name = match.group(1), match.group(2).lower()
            if closing:
                if not stack or stack[-1] != name:
                    raise ValueError(f"Bad Request: can't parse entities: unmatched end tag {name}")
                stack.pop()
            else:
                stack.append(name)
            pos = match.end()
        elif char == "&":
            match = ENTITY.match(text, pos)
            if not match:
                raise ValueError(f"Bad Request: can't parse entities: unsupported HTML entity at offset {pos}")
            name = match.group(1)
            out.append(NAMED.get(name) or chr(int(name[2:], 16) if name.startswith("#x") else int(name[1:])))
            pos = match.end()
        else:
            out.append(char)
            pos += 1
    if stack:
        raise ValueError(f"Bad Request: can't parse entities: can't find end tag corresponding to {stack[-1]}")
    return "".join(out)


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# ---- the server --------------------------------------------------------------------------------------


class BotApiStandIn:
    """The stand-in server and its state; use as a context manager, or ``start()`` and ``stop()``."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.calls: list[ApiCall] = []
        self.webhook: Optional[dict[str, Any]] = None
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1000)
        self._message_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._chats: dict[int, dict[str, Any]] = {}
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._open_callbacks: set[str] = set()
        self._script: list[Scripted] = []
        self.refusals: list[tuple[float, float]] = []  # (from, until) on the monotonic clock
        self._changed = threading.Condition()
        self._closing = False
        self._server: Optional[ThreadingHTTPServer] = None
        self._thread: Optional[threading.Thread] = None
        self._reopen: Optional[threading.Timer] = None
        self._port = 0

    # -- lifecycle

    def start(self) -> "BotApiStandIn":
        self._listen(0)
        return self

    def _listen(self, port: int) -> None:
        """Serve on ``port`` (0: any free port, remembered so that listening again uses the same one)."""
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                stand_in._serve(self)

            do_GET = do_POST

            def log_message(self, format: str, *args: Any) -> None:
                pass

        with self._changed:
            if self._closing:
                return
            server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
            server.daemon_threads = True
            server.block_on_close = False
            self._server, self._port = server, server.server_address[1]
        self._thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="bot-api-standin",
                                        daemon=True)
        self._thread.start()

    def _close(self) -> None:
        with self._changed:
            server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()

    def stop(self) -> None:
        with self._changed:
            self._closing = True
            self._changed.notify_all()
        if self._reopen is not None:
            self._reopen.cancel()
        self._close()

    def __enter__(self) -> "BotApiStandIn":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._port, "start() first"
        return self._port

    @property
    def base_url(self) -> str:
        """What ``ApplicationBuilder.base_url`` takes: the token is appended to it."""
        return f"http://127.0.0.1:{self.port}/bot"

    # -- what the test controls

    def chat(self, chat_id: int, chat_type: str = "private") -> dict[str, Any]:
        """A chat as the API describes it (registered, so sendMessage to it works)."""
        if chat_type == "private":
            chat = {"id": chat_id, "type": "private", "first_name": "Practitioner"}
        else:
            chat = {"id": chat_id, "type": chat_type, "title": f"A {chat_type}"}
        self._chats[chat_id] = chat
        return chat

    def user(self, user_id: int) -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": "Practitioner", "language_code": "en"}

    def message(self, chat_id: int, chat_type: str = "private", **content: Any) -> dict[str, Any]:
        """A message from a person in a chat, with ``content`` (``text=...``, ``photo=[...]``...)."""
        chat = self.chat(chat_id, chat_type)
        message = {"message_id": next(self._message_ids), "date": int(time.time()), "chat": chat, **content}
        if chat_type != "channel":
            message["from"] = self.user(chat_id if chat_type == "private" else 777)
        text = content.get("text")
        if isinstance(text, str):
            command = re.match(r"/[A-Za-z0-9_]{1,32}(@\w+)?", text)
            if command:  # Telegram marks a leading command, known to the bot or not
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command.group(0))}]
        return message

    def text_update(self, chat_id: int, text: str, chat_type: str = "private") -> dict[str, Any]:
        kind = "channel_post" if chat_type == "channel" else "message"
        return {kind: self.message(chat_id, chat_type, text=text)}

    def edited_update(self, chat_id: int, text: str) -> dict[str, Any]:
        edited = self.message(chat_id, text=text)
        edited["edit_date"] = edited["date"] + 5
        return {"edited_message": edited}

    def media_update(self, chat_id: int, kind: str) -> dict[str, Any]:
        """A photo, sticker, voice note or document from a person, as Telegram sends them."""
        file = {"file_id": f"F-{kind}", "file_unique_id": f"U-{kind}"}
        content = {
            "photo": {"photo": [{**file, "width": 90, "height": 90}], "caption": "my notes about a child"},
            "sticker": {"sticker": {**file, "type": "regular", "width": 512, "height": 512,
                                    "is_animated": False, "is_video": False}},
            "voice": {"voice": {**file, "duration": 4}},
            "document": {"document": {**file, "file_name": "notes.pdf"}},
        }[kind]
        return {"message": self.message(chat_id, **content)}

    def callback_update(self, chat_id: int, message: dict[str, Any], data: str) -> dict[str, Any]:
        query_id = str(next(self._callback_ids))
        self._open_callbacks.add(query_id)
        return {"callback_query": {"id": query_id, "from": self.user(chat_id), "message": message,
                                   "chat_instance": f"ci-{chat_id}", "data": data}}

    def push(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue an update for getUpdates; returns it with its update_id."""
        with self._changed:
            update = {"update_id": next(self._update_ids), **update}
            self._updates.append(update)
            self._changed.notify_all()
        return update

    def new_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """An update with its id, not queued (for posting to a webhook)."""
        return {"update_id": next(self._update_ids), **update}

    def press(self, chat_id: int, title: str) -> dict[str, Any]:
        """Press the button titled ``title`` on the latest message sent to the chat that shows one."""
        for message in reversed(self.sent_messages(chat_id)):
            for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
                for button in row:
                    if button["text"] == title:
                        return self.push(self.callback_update(chat_id, message, button["callback_data"]))
        raise AssertionError(f"no button {title!r} was shown in chat {chat_id}")

    def fail_next(self, method: str, code: int = 400, description: str = "Bad Request: injected", *,
                  times: int = 1, after: int = 0, parameters: Optional[dict[str, Any]] = None,
                  html: bool = False) -> None:
        """Answer the next ``times`` calls of ``method`` (after ``after`` good ones) with this error, not carried
        out; ``html`` answers with a proxy's HTML page, as a gateway in front of the API does."""
        self._add_script(times, Scripted(method, error=ApiError(code, description, parameters, html), after=after))

    def flood_next(self, method: str, retry_after: int, *, times: int = 1, after: int = 0) -> None:
        """Flood control on the next ``times`` calls of ``method``: Telegram's 429 with ``retry_after``."""
        self.fail_next(method, 429, f"Too Many Requests: retry after {retry_after}", times=times, after=after,
                       parameters={"retry_after": retry_after})

    def hang_next(self, method: str, seconds: float, *, carry_out: bool = False, times: int = 1,
                  after: int = 0) -> None:
        """Give no answer to the next ``times`` calls of ``method`` for ``seconds``; then answer if
        ``carry_out`` (the call ran at once, its answer is late), else close the connection (it never ran)."""
        self._add_script(times, Scripted(method, hold=seconds, carry_out=carry_out, after=after))

    def drop_next(self, method: str, *, carry_out: bool = False, times: int = 1, after: int = 0) -> None:
        """Close the connection of the next ``times`` calls of ``method`` without an answer; ``carry_out``
        runs the call first (delivered, but the bot cannot know)."""
        self._add_script(times, Scripted(method, drop=True, carry_out=carry_out, after=after))

    def refuse_connections(self, seconds: float) -> None:
        """Stop listening for ``seconds`` (every connection refused, as when Telegram cannot be reached), then
        listen again on the same port. Refused calls never arrive, so they are not in ``calls``."""
        start = time.monotonic()
        self._close()
        with self._changed:
            self.refusals.append((start, time.monotonic() + seconds))
        self._reopen = threading.Timer(seconds, self._listen, args=(self._port,))
        self._reopen.daemon = True
        self._reopen.start()

    def _add_script(self, times: int, scripted: Scripted) -> None:
        with self._changed:
            self._script.append(scripted)
            for _ in range(times - 1):
                self._script.append(dataclasses.replace(scripted, after=0))

    def _scripted_for(self, method: str) -> Optional[Scripted]:
        """The failure scripted for this call of ``method``, if any (the first one scripted for it)."""
        scripted = next((f for f in self._script if f.method.lower() == method.lower()), None)
        if scripted is None:
            return None
        if scripted.after:
            scripted.after -= 1
            return None
        self._script.remove(scripted)
        return scripted

    # -- what the test reads

    def calls_of(self, method: str) -> list[ApiCall]:
        with self._changed:
            return [call for call in self.calls if call.method.lower() == method.lower()]

    def sent_messages(self, chat_id: Optional[int] = None) -> list[dict[str, Any]]:
        """The messages the bot sent (as stored, with later keyboard edits), in order."""
        with self._changed:
            return [m for (chat, _), m in self._messages.items()
                    if m["from"]["id"] == BOT_USER["id"] and (chat_id is None or chat == chat_id)]

    def texts(self, chat_id: Optional[int] = None) -> list[str]:
        """The visible texts the bot sent, in order."""
        return [m["text"] for m in self.sent_messages(chat_id)]

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 15.0, what: str = "condition") -> None:
        deadline = time.monotonic() + timeout
        with self._changed:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"timed out waiting for {what}; calls: "
                                         f"{[c.method for c in self.calls]}")
                self._changed.wait(min(left, 0.1))

    def wait_for_calls(self, method: str, count: int, timeout: float = 15.0) -> list[ApiCall]:
        """Wait until ``method`` was called at least ``count`` times; those calls."""
        self.wait_for(lambda: len([c for c in self.calls if c.method.lower() == method.lower()]) >= count,
                      timeout, f"{count} x {method}")
        return self.calls_of(method)

    def settle(self, quiet: float = 0.4, timeout: float = 15.0) -> None:
        """Wait until no call other than getUpdates has come for ``quiet`` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._changed:
                busy = [c.at for c in self.calls if c.method != "getUpdates"]
            if not busy or time.monotonic() - max(busy) >= quiet:
                return
            time.sleep(quiet / 4)
        raise AssertionError("the bot did not settle")

    # -- HTTP

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        url = urlsplit(request.path)
        match = re.fullmatch(r"/bot([^/]+)/(\w+)", url.path)
        try:
            if not match:
                raise ApiError(404, "Not Found")
            if match.group(1) != self.token:
                raise ApiError(401, "Unauthorized")
            params = self._params(request, url.query)
            method = self._canonical(match.group(2))
            with self._changed:
                scripted = self._scripted_for(method)
                self.calls.append(ApiCall(method, params, outcome=scripted.outcome() if scripted else "answered"))
                self._changed.notify_all()
            if scripted is not None and scripted.error is not None:
                raise scripted.error
            result = None
            if scripted is None or scripted.carry_out:
                result = getattr(self, "_api_" + method)(params)
            if scripted is not None:
                self._hold(scripted.hold)
                if scripted.drop or not scripted.carry_out:
                    request.close_connection = True
                    return  # no answer: the connection closes as the handler ends
            self._answer(request, 200, {"ok": True, "result": result})
        except ApiError as error:
            if error.html:
                self._answer_html(request, error.code, error.description)
                return
            body = {"ok": False, "error_code": error.code, "description": error.description}
            if error.parameters:
                body["parameters"] = error.parameters
            self._answer(request, error.code, body)

    def _hold(self, seconds: float) -> None:
        """Wait ``seconds``, or less if the stand-in stops."""
        deadline = time.monotonic() + seconds
        with self._changed:
            while not self._closing and time.monotonic() < deadline:
                self._changed.wait(deadline - time.monotonic())

    METHODS = ("getMe", "getUpdates", "sendMessage", "sendChatAction", "answerCallbackQuery",
               "editMessageReplyMarkup", "setMyCommands", "setWebhook", "deleteWebhook", "getWebhookInfo")

    def _canonical(self, name: str) -> str:
        """Method names are case-insensitive in the Bot API."""
        for method in self.METHODS:
            if method.lower() == name.lower():
                return method
        raise ApiError(404, "Not Found")

    @staticmethod
    def _answer(request: BaseHTTPRequestHandler, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        try:
            request.send_response(status)
            request.send_header("Content-Type", "application/json")
            request.send_header("Content-Length", str(len(data)))
            request.end_headers()
            request.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a long poll cancelled when the bot stops)

    @staticmethod
    def _answer_html(request: BaseHTTPRequestHandler, status: int, reason: str) -> None:
        data = f"<html><head><title>{status} {reason}</title></head><body><h1>{reason}</h1></body></html>".encode()
        try:
            request.send_response(status)
            request.send_header("Content-Type", "text/html")
            request.send_header("Content-Length", str(len(data)))
            request.end_headers()
            request.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    @staticmethod
    def _params(request: BaseHTTPRequestHandler, query: str) -> dict[str, Any]:
        raw: dict[str, Any] = {k: v[-1] for k, v in parse_qs(query).items()}
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        content_type = request.headers.get("Content-Type", "")
        if body and content_type.startswith("application/json"):
            raw.update(json.loads(body))
        elif body and content_type.startswith("application/x-www-form-urlencoded"):
            raw.update({k: v[-1] for k, v in parse_qs(body.decode(), keep_blank_values=True).items()})
        elif body and content_type.startswith("multipart/form-data"):
            parsed = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
                f"Content-Type: {content_type}\r\n\r\n".encode() + body)
            for part in parsed.iter_parts():
                name = part.get_param("name", header="content-disposition")
                if name:
                    raw[name] = part.get_content()
        return {name: _decode(name, value) for name, value in raw.items()}

    # -- methods

    def _api_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return BOT_USER

    def _api_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; "
                                "use deleteWebhook to delete the webhook first")
        offset = int(params.get("offset") or 0)
        limit = min(int(params.get("limit") or 100), 100)
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        allowed = params.get("allowed_updates") or None
        with self._changed:
            if offset > 0:  # confirms every earlier update
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while True:
                ready = [u for u in self._updates
                         if not allowed or any(kind in u for kind in allowed if kind in UPDATE_KINDS)]
                if ready or self._closing or time.monotonic() >= deadline:
                    return ready[:limit]
                self._changed.wait(min(0.1, max(deadline - time.monotonic(), 0)))

    def _api_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat_of(params)
        text = params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if params.get("parse_mode") == "HTML":
            try:
                text = telegram_html_text(text)
            except ValueError as error:
                raise ApiError(400, str(error)) from None
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16_length(text) > MAX_TEXT:
            raise ApiError(400, "Bad Request: message is too long")
        markup = self._check_markup(params.get("reply_markup"))
        message = {"message_id": next(self._message_ids), "from": BOT_USER, "chat": chat,
                   "date": int(time.time()), "text": text}
        if markup:
            message["reply_markup"] = markup
        with self._changed:
            self._messages[(chat["id"], message["message_id"])] = message
            self._changed.notify_all()
        return message

    def _api_sendChatAction(self, params: dict[str, Any]) -> bool:
        self._chat_of(params)
        if not params.get("action"):
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        return True

    def _api_answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        if query_id not in self._open_callbacks:
            raise ApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
        if len(str(params.get("text") or "")) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self._open_callbacks.discard(query_id)
        return True

    def _api_editMessageReplyMarkup(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat_of(params)
        key = (chat["id"], params.get("message_id"))
        with self._changed:
            message = self._messages.get(key)
            if message is None:
                raise ApiError(400, "Bad Request: message to edit not found")
            markup = self._check_markup(params.get("reply_markup"))
            if (markup or None) == (message.get("reply_markup") or None):
                raise ApiError(400, "Bad Request: message is not modified: specified new message content and "
                                    "reply markup are exactly the same as a current content and reply markup "
                                    "of the message")
            if markup:
                message["reply_markup"] = markup
            else:
                message.pop("reply_markup", None)
            self._changed.notify_all()
            return dict(message)

    def _api_setMyCommands(self, params: dict[str, Any]) -> bool:
        for command in params.get("commands") or []:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", command.get("command", "")) or not command.get("description"):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        return True

    def _api_setWebhook(self, params: dict[str, Any]) -> bool:
        url = str(params.get("url") or "")
        if url and not url.startswith("https://"):
            raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        with self._changed:
            self.webhook = dict(params) if url else None
            if params.get("drop_pending_updates"):
                self._updates.clear()
        return True

    def _api_deleteWebhook(self, params: dict[str, Any]) -> bool:
        with self._changed:
            self.webhook = None
            if params.get("drop_pending_updates"):
                self._updates.clear()
        return True

    def _api_getWebhookInfo(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"url": (self.webhook or {}).get("url", ""), "has_custom_certificate": False,
                "pending_update_count": len(self._updates)}

    # -- checks

    def _chat_of(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = params.get("chat_id")
        if chat_id is None:
            raise ApiError(400, "Bad Request: chat_id is empty")
        chat = self._chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        return chat

    @staticmethod
    def _check_markup(markup: Any) -> Optional[dict[str, Any]]:
        if not markup:
            return None
        rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
        if not isinstance(rows, list):
            raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        for row in rows:
            for button in row:
                if not button.get("text"):
                    raise ApiError(400, "Bad Request: BUTTON_TEXT_EMPTY")
                data = button.get("callback_data")
                if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
        return markup


def _decode(name: str, value: Any) -> Any:
    """A parameter as the API reads it: JSON-typed ones parsed, numbers and booleans converted."""
    if isinstance(value, bytes):
        value = value.decode()
    if not isinstance(value, str):
        return value
    if name in JSON_PARAMS:
        return json.loads(value) if value else None
    if (name in INT_PARAMS or name.endswith("chat_id")) and re.fullmatch(r"-?\d+", value):
        return int(value)
    if name in BOOL_PARAMS:
        return value.lower() == "true"
    return value
