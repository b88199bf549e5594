"""What a conversation has reached, read from its events: the highest level noted at any point.

The reading is the conversation record's (``bot.transcripts.records.RecordDelta``), so an alert and the lead's
queue can never disagree: a feature or route the assistant noted as met counts at its level even when the
practitioner left before the advice; an advice payload gives its level, features and routes; "not sure" about
danger (``act_now``) is danger; features set aside as not met raise nothing. Only the assistant's payloads and
slots are read, never what anybody typed: the alert built from this carries no words.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping, Optional

from bot.guideline.vocabulary import Level, Route
from bot.observations.beyond import REFERRAL_SITUATIONS
from bot.transcripts.records import RecordDelta

# Routes whose steps include a referral to children's social care (NG76 1.3.7, 1.3.8, 1.3.44, 1.3.47).
# With them, the situations outside the features whose next step is a referral discussion (bot.transcripts.records).
REFERRAL_ROUTES = (tuple(r.value for r in Route if r not in (Route.DANGER, Route.INJURY))
                   + tuple(sorted(REFERRAL_SITUATIONS)))
# What needs the lead first: danger, a referral route, then suspect. Consider-level concerns are not alerted.
ALERT_KINDS = ("danger", "referral", "suspect")


@dataclass
class Reached:
    """The highest level, features (id -> highest level) and routes noted in a conversation so far."""

    level: str = "none"
    features: dict[str, str] = field(default_factory=dict)
    routes: list[str] = field(default_factory=list)
    channel: Optional[str] = None
    practice: bool = False
    at: Optional[float] = None          # the newest event read: when the conversation was last seen to reach it

    @classmethod
    def from_delta(cls, delta: RecordDelta) -> "Reached":
        features: dict[str, str] = {}
        routes = list(delta.routes)
        for fid, level in [*delta.features.items(), *delta.noted.items()]:
            if Route.known(fid):
                routes += [fid] if fid not in routes else []
            elif fid not in features or Level(level) > features[fid]:
                features[fid] = level
        return cls(level=delta.level, features=features, routes=routes, channel=delta.channel,
                   practice=delta.practice, at=delta.last_at)

    def alert_kinds(self) -> list[str]:
        """Every alert this conversation deserves: ``danger``, ``referral`` and ``suspect``, as reached."""
        kinds = []
        if self.level == Level.DANGER or Route.DANGER in self.routes:
            kinds.append("danger")
        if any(route in REFERRAL_ROUTES for route in self.routes):
            kinds.append("referral")
        if Level(self.level) >= Level.SUSPECT or any(Level(level) >= Level.SUSPECT for level in self.features.values()):
            kinds.append("suspect")
        return kinds

    def feature_ids(self) -> list[str]:
        """The NG76 alerting features' numbers (routes are named as routes)."""
        return list(self.features)


def reached(events: Iterable[Mapping]) -> Reached:
    """What the conversation has reached in ``events`` (Rasa's ``as_dict`` form)."""
    return Reached.from_delta(RecordDelta.from_events(dict(event) for event in events))
