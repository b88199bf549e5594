"""Personal details out of Rasa events before they are written: the store's second line of defence.

The REST channel already redacts what a practitioner types before Rasa sees it. Anything that reaches Rasa
another way (the HTTP API, a future channel, an action echoing words into a slot) is redacted here, on a copy
of each event: the conversation in memory keeps the original text for the rest of the turn, so the
observation mapping still sees what it needs.

What is redacted, with ``bot.redaction.redact`` (idempotent, so already-redacted text is safe):

* a user message's ``text``, ``parse_data.text``, entity values, every text in ``parse_data.observations``
  (evidence quotes, words, questions) and the message ``metadata``;
* a bot message's ``text`` and the texts of its ``data`` (buttons, the ``custom`` payload), except the keys
  that hold the knowledge base's or the contacts file's own values (``PAYLOAD_KEEP``);
* slot values, except the slots in ``KEEP_SLOTS`` (values from the contacts file or the scenarios);
* ``action_text`` and the values of ``EntitiesAdded``.

Details found anywhere in a batch of events are also removed, word for word, from every other text of the
batch: a detail redaction would miss without its context ("Sarah" alone) is still caught when the same
message had the context ("his mum Sarah").
"""
from __future__ import annotations

import copy
import hashlib
import json
import re
import threading
from collections import OrderedDict
from typing import Any, Iterable, Optional

from bot.redaction import Redacted, already_redacted, redact

# Keys whose values come from the knowledge base, the contacts file or the dialogue's own vocabulary: ids,
# levels, routes, cited steps, contacts (the contacts must stay readable: they are what the bot gave).
PAYLOAD_KEEP = frozenset({
    "kind", "level", "id", "feature", "routes", "steps", "status", "contacts", "area", "advice_key",
    "options", "scenario_id", "date", "source", "payload", "utter_action", "template_name",
    "missed_feature_ids",
})
# Slots whose values must survive byte for byte and hold no practitioner's words: the validated area name from
# the contacts file, the slot a form asks for, and the practice scenario (written by trainers).
KEEP_SLOTS = frozenset({"area", "area_candidate", "requested_slot", "practice"})
MIN_KNOWN_LENGTH = 2
CACHE_SIZE = 8192          # texts held at most
CACHE_CHARS = 20_000       # a longer text is redacted every time (the advice with its steps and contacts is
                           # 2,000 to 5,000 characters, and redacting it again took a tenth of a turn, issue 19)
CACHE_BUDGET = 4_000_000   # characters of redacted text held in all

# spaCy's pipeline is shared with the observation mapper; redaction from several threads (the log filter can
# run in any thread) takes turns.
_LOCK = threading.RLock()
# Redacted results of texts that are not user messages, keyed by a hash of the text (a slot repeats the
# same notes every turn): the cache holds no original text.
_CACHE: "OrderedDict[bytes, str]" = OrderedDict()
_CACHE_HELD = [0]  # characters held in _CACHE


def redact_text(text: str) -> Redacted:
    """``bot.redaction.redact``, one thread at a time."""
    with _LOCK:
        return redact(text)


def redacted_text(text: str, use_model: bool = True) -> str:
    """The redacted text, from a cache keyed by the text's hash (texts up to CACHE_CHARS long; at most
    CACHE_SIZE texts and CACHE_BUDGET characters, the least recently used dropped first)."""
    if len(text) > CACHE_CHARS:
        with _LOCK:
            return redact(text, use_model=use_model).text
    key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16,
                          person=b"model" if use_model else b"rules").digest()
    with _LOCK:
        hit = _CACHE.get(key)
        if hit is not None:
            _CACHE.move_to_end(key)
            return hit
        result = redact(text, use_model=use_model).text
        _CACHE[key] = result
        _CACHE_HELD[0] += len(result)
        while len(_CACHE) > CACHE_SIZE or _CACHE_HELD[0] > CACHE_BUDGET:
            _CACHE_HELD[0] -= len(_CACHE.popitem(last=False)[1])
        return result


def _copied(data: dict) -> dict:
    """A deep copy of an event dict, which is redacted in place: the event's own dicts (its parse data) stay
    as they are in the conversation in memory. Through JSON, about twice as fast as ``copy.deepcopy`` for
    these plain dicts (issue 19). What is written is their JSON, so it is the same but in one way: a tuple
    becomes a list, which ``values`` then redacts (it passed tuples over before). Anything JSON cannot hold is
    copied by ``copy.deepcopy``."""
    try:
        return json.loads(json.dumps(data))
    except (TypeError, ValueError):
        return copy.deepcopy(data)


class EventRedactor:
    """Redacts one batch of event dicts (``Event.as_dict()``), remembering the details it found."""

    def __init__(self, model_for_bot_texts: bool = True) -> None:
        self._model_for_bot_texts = model_for_bot_texts
        self._use_model = True  # for the event being redacted: always for the practitioner's own
        self._known: dict[str, str] = {}   # detail -> placeholder, for this batch only
        self._known_re: Optional[re.Pattern[str]] = None
        self._memo: dict[Any, str] = {}  # a text (learned in full), or (text, used the model)

    # ------------------------------------------------------------------ texts
    def learn(self, text: str) -> str:
        """Redact a practitioner's message in full and remember each detail found in it."""
        if text in self._memo:
            return self._memo[text]
        source = self._replace_known(text)
        result = redact_text(source)
        for kind, start, end in result.found:
            value = source[start:end].strip()
            if len(value) >= MIN_KNOWN_LENGTH and value not in self._known:
                self._known[value] = f"[{kind}]"
                self._known_re = None
        self._memo[text] = result.text
        return result.text

    def text(self, text: str) -> str:
        if not text or text.isspace():
            return text
        key = (text, self._use_model)
        if key not in self._memo:
            self._memo[key] = redacted_text(self._replace_known(text), self._use_model)
        return self._memo[key]

    def _replace_known(self, text: str) -> str:
        if not self._known:
            return text
        if self._known_re is None:
            words = sorted(self._known, key=len, reverse=True)
            self._known_re = re.compile(r"(?<![\w])(?:" + "|".join(map(re.escape, words)) + r")(?![\w])")
        return self._known_re.sub(lambda m: self._known[m.group(0)], text)

    def values(self, value: Any, keep: frozenset[str] = frozenset()) -> Any:
        """Every string inside ``value`` redacted, except under the keys in ``keep``."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.values(v, keep) for v in value]
        if isinstance(value, dict):
            return {k: v if k in keep else self.values(v, keep) for k, v in value.items()}
        return value

    # ------------------------------------------------------------------ events
    def event(self, data: dict) -> dict:
        data = _copied(data)
        kind = data.get("event")
        self._use_model = kind == "user" or self._model_for_bot_texts
        if kind == "user":
            self._user(data)
        elif kind == "bot":
            if isinstance(data.get("text"), str):
                data["text"] = self.text(data["text"])
            if data.get("data"):
                data["data"] = self.values(data["data"], PAYLOAD_KEEP)
        elif kind == "slot":
            if data.get("name") not in KEEP_SLOTS:
                data["value"] = self.values(data.get("value"), PAYLOAD_KEEP)
        elif kind == "action":
            if isinstance(data.get("action_text"), str):
                data["action_text"] = self.text(data["action_text"])
        elif kind == "entities":
            data["entities"] = [self._entity(e) for e in data.get("entities") or []]
        if data.get("metadata") and kind != "bot":
            data["metadata"] = self.values(data["metadata"])
        return data

    def _user(self, data: dict) -> None:
        if isinstance(data.get("text"), str):
            data["text"] = self.learn(data["text"])
        parse = data.get("parse_data")
        if not isinstance(parse, dict):
            return
        if isinstance(parse.get("text"), str):
            parse["text"] = self.learn(parse["text"])
        if parse.get("entities"):
            parse["entities"] = [self._entity(e) for e in parse["entities"]]
        if parse.get("observations"):
            parse["observations"] = self.values(parse["observations"], frozenset({"id", "level", "routes"}))
        if parse.get("metadata"):
            parse["metadata"] = self.values(parse["metadata"])

    def _entity(self, entity: Any) -> Any:
        if not isinstance(entity, dict):
            return entity
        entity = dict(entity)
        for key in ("value", "text"):
            if isinstance(entity.get(key), (str, list, dict)):
                entity[key] = self.values(entity[key])
        return entity


def came_through_channel(events: Iterable[dict]) -> bool:
    """Was every practitioner message in the batch redacted in full on the way in (the REST channel), or a
    payload of a button the bot offered? Then what the bot wrote from them needs no second spaCy pass."""
    return all(already_redacted(data["text"]) for data in events
               if data.get("event") == "user" and isinstance(data.get("text"), str))


def redact_events(events: Iterable[dict], model_for_bot_texts: bool = True) -> list[dict]:
    """Redacted copies of a batch of event dicts; the practitioner's messages are read first, always in full.

    ``model_for_bot_texts=False`` redacts the bot's messages, slot values and the other texts the bot wrote
    without spaCy's entity recogniser (``bot.redaction.redact``): the store asks for that only for a
    conversation whose every message came through the channel, where those texts are built from words that
    were already redacted in full.
    """
    events = list(events)
    redactor = EventRedactor(model_for_bot_texts)
    for data in events:
        if data.get("event") == "user" and isinstance(data.get("text"), str):
            redactor.learn(data["text"])
    return [redactor.event(data) for data in events]
