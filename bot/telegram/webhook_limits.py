"""The webhook server reads at most 256 KB of a request: more is refused with 413 before it is read.

In webhook mode python-telegram-bot serves updates with tornado, whose ``HTTPServer`` takes in up to 100 MB
of a request body, in memory, before python-telegram-bot even looks at the secret-token header. A Telegram
update is a few kilobytes (a message is at most 4,096 characters), so anything near 256 KB is not from
Telegram. python-telegram-bot builds its server with a plain ``HTTPServer(app, ssl_options=...)`` and offers
no setting for the limit; tornado's ``HTTPServer`` is a ``Configurable``, so ``install()`` names
``CappedHTTPServer`` as the class that call makes, for this process (the Telegram front end runs no other
tornado server). That is public tornado API, and nothing of python-telegram-bot is changed.

- A request whose ``Content-Length`` is over the limit is answered ``413 Payload Too Large`` as soon as its
  headers are in, and the connection is closed without reading the body.
- A chunked body (no ``Content-Length``) that grows past the limit is cut off by tornado's own
  ``max_body_size``: the connection is dropped (tornado answers 400), and nothing reaches the handlers.
"""
from __future__ import annotations

import logging
from typing import Any, Awaitable, Optional, Union

from tornado import httputil
from tornado.httpserver import HTTPServer
from tornado.iostream import StreamClosedError

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 256 * 1024
_REFUSAL = b'{"error": "request body too large"}'
TOO_LARGE = (b"HTTP/1.1 413 Payload Too Large\r\nContent-Type: application/json\r\n"
             b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(_REFUSAL), _REFUSAL))


class CappedHTTPServer(HTTPServer):
    """tornado's HTTP server with a body limit of ``MAX_BODY_BYTES`` and an early 413."""

    def initialize(self, *args: Any, **kwargs: Any) -> None:
        kwargs["max_body_size"] = MAX_BODY_BYTES
        super().initialize(*args, **kwargs)

    def start_request(self, server_conn: object,
                      request_conn: httputil.HTTPConnection) -> httputil.HTTPMessageDelegate:
        return RefuseLargeBodies(super().start_request(server_conn, request_conn), request_conn)


class RefuseLargeBodies(httputil.HTTPMessageDelegate):
    """Passes a request on to the application unless its declared length is over the limit."""

    def __init__(self, delegate: httputil.HTTPMessageDelegate, connection: httputil.HTTPConnection) -> None:
        self._delegate = delegate
        self._connection = connection

    def headers_received(self, start_line: Union[httputil.RequestStartLine, httputil.ResponseStartLine],
                         headers: httputil.HTTPHeaders) -> Optional[Awaitable[None]]:
        try:
            declared = int(headers.get("Content-Length", "0"))
        except ValueError:
            declared = 0  # tornado refuses a malformed length itself
        if declared > MAX_BODY_BYTES:
            logger.warning("Telegram webhook: refused a request body of %d bytes (413)", declared)
            stream = self._connection.detach()  # tornado then reads nothing more of this request
            try:
                stream.write(TOO_LARGE).add_done_callback(lambda _: stream.close())
            except StreamClosedError:
                pass
            return None
        return self._delegate.headers_received(start_line, headers)

    def data_received(self, chunk: bytes) -> Optional[Awaitable[None]]:
        return self._delegate.data_received(chunk)

    def finish(self) -> None:
        self._delegate.finish()

    def on_connection_close(self) -> None:
        self._delegate.on_connection_close()


def install() -> None:
    """Make every tornado ``HTTPServer`` of this process a ``CappedHTTPServer`` (idempotent)."""
    HTTPServer.configure(CappedHTTPServer)
