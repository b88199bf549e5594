"""A webhook's request body, read only up to a size no genuine message comes near.

Sanic (under Rasa) reads up to 100 MB of a request before a handler sees it, and keeps it in memory. A Teams
activity or a Telegram update is a few kilobytes, so a webhook route is declared ``stream=True`` (Sanic
then reads nothing by itself), checks who is calling from the headers first, and only then reads the body
with ``read_body``, which stops at ``MAX_BODY_BYTES``: a declared ``Content-Length`` over the limit is
refused before a byte is read, and a body that turns out longer (chunked, or lying about its length) is
refused as soon as it passes the limit. Either way the caller answers HTTP 413.
"""
from __future__ import annotations

from typing import Optional

from sanic.exceptions import PayloadTooLarge
from sanic.request import Request

MAX_BODY_BYTES = 256 * 1024  # a Teams activity with a large Adaptive Card reply is some tens of kilobytes


class BodyTooLarge(Exception):
    """The request body is (or says it is) over the limit: answer 413."""


def declared_length(request: Request) -> Optional[int]:
    """The ``Content-Length`` the client declared, or None (absent, or not a number: chunked or malformed)."""
    value = request.headers.get("content-length")
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


async def read_body(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """The body of a ``stream=True`` route, at most ``limit`` bytes; raises ``BodyTooLarge`` past it."""
    declared = declared_length(request)
    if declared is not None and declared > limit:
        raise BodyTooLarge(f"declared {declared} bytes")
    stream = request.stream
    if stream is None:  # not a streaming route: Sanic has read the body already
        body = request.body or b""
        if len(body) > limit:
            raise BodyTooLarge(f"{len(body)} bytes")
        return body
    if hasattr(stream, "request_max_size"):  # Sanic lifts its own limit for streaming routes: put ours back
        stream.request_max_size = limit
    chunks: list[bytes] = []
    size = 0
    while True:
        try:
            chunk = await stream.read()
        except PayloadTooLarge:  # Sanic's own check, with the limit set above
            raise BodyTooLarge("over the limit") from None
        if chunk is None:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge("over the limit")
        chunks.append(chunk)


def limit_unread_body(request: Request, limit: int = MAX_BODY_BYTES) -> None:
    """Before answering without reading the body (a refusal): Sanic drains what is left, up to ``limit``
    only, then closes the connection, instead of taking in up to 100 MB from an unauthenticated caller."""
    stream = request.stream
    if stream is not None and hasattr(stream, "request_max_size"):
        stream.request_max_size = limit
