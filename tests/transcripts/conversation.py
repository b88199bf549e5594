"""Rasa events as the running assistant produces them, for the store tests."""
from __future__ import annotations

import asyncio
import time
from typing import Any, Optional

from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered

_last = [0.0]


def ts() -> float:
    """Now, and always later than the last timestamp given (Rasa orders sessions by timestamp)."""
    _last[0] = max(time.time(), _last[0] + 0.001)
    return _last[0]


def user(text: str, *, observations: Optional[dict] = None, entities: Optional[list] = None,
         channel: str = "rest", intent: str = "observe", metadata: Optional[dict] = None,
         timestamp: Optional[float] = None) -> UserUttered:
    parse_data: dict[str, Any] = {"intent": {"name": intent, "confidence": 0.9}, "entities": entities or [],
                                  "text": text, "intent_ranking": [{"name": intent, "confidence": 0.9}]}
    if observations is not None:
        parse_data["observations"] = observations
    return UserUttered(text, parse_data["intent"], entities or [], parse_data, timestamp=timestamp or ts(),
                       input_channel=channel, metadata=metadata)


def bot(text: str, custom: Optional[dict] = None, buttons: Optional[list] = None,
        timestamp: Optional[float] = None) -> BotUttered:
    data: dict[str, Any] = {}
    if custom is not None:
        data["custom"] = custom
    if buttons:
        data["buttons"] = buttons
    return BotUttered(text, data, timestamp=timestamp or ts())


def advice(level: str, features: list[tuple[str, str]] = (), routes: list[str] = (), steps: list[str] = (),
           contacts: Optional[list[dict]] = None) -> dict:
    return {"kind": "advice", "level": level, "features": [{"id": i, "level": lv} for i, lv in features],
            "routes": list(routes), "steps": list(steps),
            "contacts": contacts if contacts is not None else [{"label": "Children's social care",
                                                                "phone": "0113 496 0999"}]}


def slot(name: str, value: Any, timestamp: Optional[float] = None) -> SlotSet:
    return SlotSet(name, value, timestamp=timestamp or ts())


def action(name: str, timestamp: Optional[float] = None) -> ActionExecuted:
    return ActionExecuted(name, timestamp=timestamp or ts())


def session_start(timestamp: Optional[float] = None) -> SessionStarted:
    return SessionStarted(timestamp=timestamp or ts())


def run(coroutine):
    return asyncio.run(coroutine)


async def converse(store, sender_id: str, *turns: list) -> Any:
    """Each turn's events added to the stored tracker, then saved, as Rasa does once a turn."""
    tracker = await store.get_or_create_tracker(sender_id)
    for events in turns:
        for event in events:
            tracker.update(event)
        await store.save(tracker)
        tracker = await store.retrieve(sender_id)
    return tracker
