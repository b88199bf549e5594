"""What a conversation has reached, read from its events: the highest level noted at any point.

A lead must hear of a suspect-level feature the assistant noted even when the practitioner left before the
advice, so the read-back counts as well as the advice: a read-back item the assistant took as met (or as a
route) is noted at its level; an advice payload gives its level, features and routes; "not sure" about danger
(``act_now``) is danger. Features set aside as not met raise nothing.

Only bot payloads are read, never what anybody typed: the alert built from this carries no words.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping, Optional

from bot.guideline.vocabulary import LEVEL_VALUES, Route

LEVELS = LEVEL_VALUES  # lowest first (bot.guideline.vocabulary.Level)
# Routes whose steps include a referral to children's social care (NG76 1.3.7, 1.3.8, 1.3.44, 1.3.47).
REFERRAL_ROUTES = tuple(r.value for r in Route if r not in (Route.DANGER, Route.INJURY))
# What needs the lead first: danger, a referral route, then suspect. Consider-level concerns are not alerted.
ALERT_KINDS = ("danger", "referral", "suspect")
NOTED_STATUSES = ("met", "route")


def rank(level: Optional[str]) -> int:
    return LEVELS.index(level) if level in LEVELS else 0


@dataclass
class Reached:
    """The highest level, features (id -> highest level) and routes noted in a conversation so far."""

    level: str = "none"
    features: dict[str, str] = field(default_factory=dict)
    routes: list[str] = field(default_factory=list)
    channel: Optional[str] = None
    practice: bool = False
    at: Optional[float] = None          # when the highest alert kind was first reached (event timestamp)

    def alert_kinds(self) -> list[str]:
        """Every alert this conversation deserves: ``danger``, ``referral`` and ``suspect``, as reached."""
        kinds = []
        if self.level == "danger" or "danger" in self.routes:
            kinds.append("danger")
        if any(route in REFERRAL_ROUTES for route in self.routes):
            kinds.append("referral")
        if rank(self.level) >= rank("suspect") or any(rank(level) >= rank("suspect")
                                                       for level in self.features.values()):
            kinds.append("suspect")
        return kinds

    def feature_ids(self) -> list[str]:
        return [fid for fid in self.features if not Route.known(fid)]

    def read(self, event: Mapping) -> None:
        """Take one event (Rasa's ``as_dict`` form) into account."""
        kind = event.get("event")
        timestamp = event.get("timestamp")
        if kind == "user" and self.channel is None and event.get("input_channel"):
            self.channel = str(event["input_channel"])[:64]
        if kind == "slot" and event.get("name") in ("practice_mode", "practice") and event.get("value"):
            self.practice = True
        if kind != "bot":
            return
        custom = (event.get("data") or {}).get("custom")
        if not isinstance(custom, Mapping):
            return
        before = self.alert_kinds()
        payload_kind = str(custom.get("kind") or "")
        if payload_kind.startswith("practice") or custom.get("practice") is True:
            self.practice = True
        elif payload_kind == "advice":
            self._raise(str(custom.get("level") or "none"))
            for feature in custom.get("features") or []:
                if isinstance(feature, Mapping) and feature.get("id"):
                    self._feature(str(feature["id"]), str(feature.get("level") or "none"))
            for route in custom.get("routes") or []:
                self._route(str(route))
        elif payload_kind == "readback":
            for item in custom.get("items") or []:
                if isinstance(item, Mapping) and item.get("status") in NOTED_STATUSES and item.get("feature"):
                    if item.get("status") == "route":
                        self._route(str(item["feature"]))
                    else:
                        self._feature(str(item["feature"]), str(item.get("level") or "none"))
        elif payload_kind == "act_now":
            self._route("danger")
        if self.alert_kinds() != before and isinstance(timestamp, (int, float)):
            self.at = timestamp

    def _raise(self, level: str) -> None:
        if rank(level) > rank(self.level):
            self.level = level

    def _feature(self, fid: str, level: str) -> None:
        if fid not in self.features or rank(level) > rank(self.features[fid]):
            self.features[fid] = level
        self._raise(level)

    def _route(self, route: str) -> None:
        if route not in self.routes:
            self.routes.append(route)
        self._raise("danger" if route == "danger" else "suspect")


def reached(events: Iterable[Mapping], start: Optional[Reached] = None) -> Reached:
    """Fold events into what the conversation has reached (``start`` carries what earlier events gave)."""
    state = start or Reached()
    for event in events:
        state.read(event)
    return state
