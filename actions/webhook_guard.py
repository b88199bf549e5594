"""The action server's ``POST /webhook``, guarded: a malformed call gets a 400 that says what is wrong, and an
action that fails gets a 500 that says only that; no answer carries an exception or echoes the request.

rasa_sdk's own endpoint (``rasa_sdk/endpoint.py``) reads any JSON and lets what it cannot use raise: a JSON
list, a call without a tracker, or a tracker whose parts have the wrong type end in its catch-all handler,
which answers HTTP 500 with the exception's message and the whole request body, the practitioner's words
among it. Only Rasa calls this server, and Rasa always sends a well-formed call (the tests check the guard
against a call made by Rasa's own ``RemoteAction``), so the checks here refuse nothing Rasa sends.

Not an action module: it defines no ``Action``. rasa_sdk imports every module of the actions package when it
builds its app, and its ``run()`` then calls the plugin hook ``attach_sanic_app_extensions`` on that app
(``python -m rasa_sdk --actions actions``, as ``scripts/stack.sh`` starts it): importing this module
registers the hook that attaches the guard.
"""
from __future__ import annotations

import logging
import sys
import zlib
from typing import Any, Optional

import pluggy
from rasa_sdk.plugin import plugin_manager
from sanic import Sanic, response
from sanic.exceptions import SanicException
from sanic.request import Request, json_loads  # ujson when installed, as rasa_sdk's request.json
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)

PLUGIN_NAME = "safeguarding-webhook-guard"
FAILED = "the action could not be run; the action server's log says why"
hookimpl = pluggy.HookimplMarker("rasa_sdk")


def call_problem(call: Any) -> Optional[str]:
    """What makes ``call`` unusable as an action call, in words for the caller; None when rasa_sdk can run it."""
    if not isinstance(call, dict):
        return "send a JSON object with 'next_action' and 'tracker'"
    if not isinstance(call.get("next_action"), str) or not call["next_action"]:
        return "'next_action' must name the action to run"  # rasa_sdk would answer 200 with nothing at all
    if call.get("version") is not None and not isinstance(call["version"], str):
        return "'version' must be a string"
    if not isinstance(call.get("domain", {}), dict):
        return "'domain' must be an object"
    for part in ("slots", "forms", "responses"):  # the form validators read these as objects
        if not isinstance((call.get("domain") or {}).get(part, {}), dict):
            return f"'domain.{part}' must be an object"
    tracker = call.get("tracker")
    if not isinstance(tracker, dict):
        return "'tracker' must be an object"
    return tracker_problem(tracker)


def tracker_problem(tracker: dict) -> Optional[str]:
    """The parts of a tracker rasa_sdk's ``Tracker`` reads without checking, each of the type it needs."""
    if not isinstance(tracker.get("sender_id"), str):
        return "'tracker.sender_id' must be a string"
    if not isinstance(tracker.get("slots", {}), dict):
        return "'tracker.slots' must be an object"
    for name in ("latest_message", "active_loop", "active_form"):
        if not isinstance(tracker.get(name) or {}, dict):
            return f"'tracker.{name}' must be an object"
    entities = (tracker.get("latest_message") or {}).get("entities", [])
    if not isinstance(entities, list) or not all(isinstance(e, dict) for e in entities):
        return "'tracker.latest_message.entities' must be a list of objects"
    events = tracker.get("events", [])
    if not isinstance(events, list):
        return "'tracker.events' must be a list"
    for event in events:
        if not isinstance(event, dict) or not isinstance(event.get("event"), str):
            return "each of 'tracker.events' must be an object with an 'event' name"
        if event["event"] == "slot" and not (isinstance(event.get("name"), str) and "value" in event):
            return "each slot event must have a 'name' and a 'value'"
        if event["event"] == "action" and "name" not in event:
            return "each action event must have a 'name'"
    return None


def _refused(message: str) -> HTTPResponse:
    return response.json({"error": message}, status=400)


async def guard(request: Request) -> Optional[HTTPResponse]:
    """Request middleware: a call to /webhook that rasa_sdk cannot run is answered 400 here."""
    if request.method != "POST" or request.path != "/webhook":
        return None
    body = request.body or b""
    if request.headers.get("Content-Encoding") == "deflate":
        try:
            body = zlib.decompress(body)
        except zlib.error:
            return _refused("the body is not deflate-compressed data")
    try:
        call = json_loads(body)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested too deep to read
        return _refused("the body is not JSON, or is nested too deeply to read")
    problem = call_problem(call)
    if problem:
        return _refused(problem)
    if request.headers.get("Content-Encoding") != "deflate":
        request.parsed_json = call  # rasa_sdk's handler reads request.json: the call checked here
    return None


async def failed(request: Request, error: Exception) -> HTTPResponse:
    """Replaces rasa_sdk's catch-all handler, which answers with the exception's text and the request body."""
    if isinstance(error, SanicException):  # Sanic's own answers (unknown URL, wrong method) say nothing private
        status = getattr(error, "status_code", 500) or 500
        return response.json({"error": str(error)}, status=status)
    logger.error("action server: %s %s failed", request.method, request.path, exc_info=error)
    return response.json({"error": FAILED}, status=500)


@hookimpl
def attach_sanic_app_extensions(app: Sanic) -> None:
    """rasa_sdk's hook, called by its ``run()`` on the app it built."""
    app.register_middleware(guard, "request")
    app.error_handler.add(Exception, failed)


def _register() -> None:
    manager = plugin_manager()
    if manager.get_plugin(PLUGIN_NAME) is None:  # once, even if rasa_sdk reloads the actions package
        manager.register(sys.modules[__name__], name=PLUGIN_NAME)


_register()
