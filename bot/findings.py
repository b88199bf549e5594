"""What was found in a practitioner's words, as types from the mapper to the advice: ``Findings``.

The observation mapper returns ``Findings``; the concern keeps the notes it makes of them and gives them back
as ``Findings`` (``Concern.findings()``); the advice (``bot.advice.build_advice``) and practice scoring
(``bot.scenarios.scoring``) read them. Dicts appear only where Rasa demands them: the parse data the NLU
component adds to a message, and the slots. ``to_dict`` gives exactly the shape ``python -m bot map --jsonl``
has always printed; ``from_dict`` reads it back (leniently: a part left out is empty).

The immediate-danger finding is made in one place, ``Findings.with_danger()``: the NLU component, the
advice for immediate danger and the danger turn of the conversation all call it.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Optional

from bot.guideline.vocabulary import Level, Route
from bot.observations.qualifiers import Age, Qualifiers
from bot.observations.vulnerability import VulnerabilityFactor

DANGER_TITLE = "Immediate danger"
"""The title the danger finding has always carried in the mapping (the route's own title is in routes.yml)."""


@dataclass
class Finding:
    """One alerting feature (its NG76 number) or special route (its id) found, with the words that showed it."""

    id: str
    level: Level
    confidence: float = 1.0
    evidence: str = ""
    title: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def route(self) -> Optional[Route]:
        """The special route this finding is, or None for an alerting feature."""
        return Route.of(self.id)

    @classmethod
    def immediate_danger(cls, evidence: str = "", confidence: float = 1.0, notes: tuple[str, ...] = ()) -> "Finding":
        """The immediate-danger finding: the danger route at level danger."""
        return cls(Route.DANGER.value, Level.DANGER, confidence, evidence, DANGER_TITLE, list(notes))

    def to_dict(self) -> dict:
        return {"id": self.id, "level": self.level.value, "confidence": self.confidence, "evidence": self.evidence,
                "title": self.title, "notes": list(self.notes)}

    @classmethod
    def from_dict(cls, data: dict) -> "Finding":
        """A finding as the parse data or a slot holds it; a route with no level takes the route's level."""
        fid = str(data["id"])
        route = Route.of(fid)
        level = data.get("level") or (route.level if route else None)
        return cls(fid, Level(level), float(data.get("confidence", 1.0)), str(data.get("evidence") or ""),
                   str(data.get("title") or ""), [str(n) for n in data.get("notes") or []])


@dataclass
class SetAside:
    """A feature the words point at whose guideline condition is not met (yet): record it and review.

    ``ask`` names the question the conversation must ask before it sets the feature aside ("one_off",
    "resolved", "explanation"): a qualifier in the practitioner's words never lowers a level on its own, only
    their answer does. Set-asides with no ``ask`` rest on a fact the practitioner gave (the child's age).
    """

    id: str
    reason: str
    evidence: str = ""
    ask: Optional[str] = None
    words: str = ""

    def to_dict(self) -> dict:
        return {"id": self.id, "reason": self.reason, "evidence": self.evidence, "ask": self.ask, "words": self.words}

    @classmethod
    def from_dict(cls, data: dict) -> "SetAside":
        ask = data.get("ask")
        return cls(str(data["id"]), str(data.get("reason") or ""), str(data.get("evidence") or ""),
                   str(ask) if ask else None, str(data.get("words") or ""))


@dataclass
class Question:
    """Something the dialogue should ask because the answer changes a level or a route."""

    kind: str          # persistence | age | which | explanation | disclosure | danger
    question: str
    features: list[str]
    words: str = ""    # the practitioner's words the question is about ("autism", "left alone")

    def to_dict(self) -> dict:
        return {"kind": self.kind, "question": self.question, "features": list(self.features), "words": self.words}

    @classmethod
    def from_dict(cls, data: dict) -> "Question":
        return cls(str(data.get("kind") or ""), str(data.get("question") or ""),
                   [str(f) for f in data.get("features") or []], str(data.get("words") or ""))


@dataclass
class Findings:
    """Everything found in one message (the mapper) or over a conversation (the concern)."""

    features: list[Finding] = field(default_factory=list)    # alerting features and routes, in the order found
    level: Level = Level.NONE
    qualifiers: Optional[Qualifiers] = None
    uncertain: list[Question] = field(default_factory=list)
    not_met: list[SetAside] = field(default_factory=list)
    explained: list[SetAside] = field(default_factory=list)
    vulnerability: list[VulnerabilityFactor] = field(default_factory=list)
    beyond: list[str] = field(default_factory=list)   # situations outside NG76's alerting features (beyond.py)
    non_recent: Optional[str] = None  # "in the past ... now safe": NG76's non-recent abuse step applies
    message: Optional[str] = None

    # ------------------------------------------------------------------ views
    @property
    def routes(self) -> list[Route]:
        """The routes found, in the order found (``Route.in_order`` gives the knowledge base's order)."""
        return [route for route in (f.route for f in self.features) if route is not None]

    @property
    def alerting_features(self) -> list[Finding]:
        return [f for f in self.features if f.route is None]

    @property
    def set_aside(self) -> list[SetAside]:
        """Features recorded but not counted: not met as described, or explained."""
        return self.not_met + self.explained

    def asks(self, kind: str) -> bool:
        """Whether an open question of this kind ("danger", "disclosure", ...) is among the findings."""
        return any(q.kind == kind for q in self.uncertain)

    @property
    def anything_to_note(self) -> bool:
        """A feature, a route or a set-aside feature: something the concern notes."""
        return bool(self.features or self.not_met or self.explained)

    # ------------------------------------------------------------------ the danger finding
    def with_danger(self, evidence: str = "", confidence: float = 1.0) -> "Findings":
        """These findings with immediate danger: the danger finding first (made only if missing), level danger.

        Idempotent: findings that already hold immediate danger keep their own danger finding.
        """
        if Route.DANGER in self.routes:
            return self if self.level is Level.DANGER else replace(self, level=Level.DANGER)
        return replace(self, features=[Finding.immediate_danger(evidence, confidence)] + list(self.features),
                       level=Level.DANGER)

    # ------------------------------------------------------------------ the Rasa boundary
    def to_dict(self) -> dict:
        """The parse data's ``observations``: the shape ``python -m bot map --jsonl`` prints, key for key."""
        return {
            "features": [f.to_dict() for f in self.features],
            "level": self.level.value,
            "routes": [r.value for r in self.routes],
            "qualifiers": self.qualifiers.to_dict() if self.qualifiers else None,
            "uncertain": [q.to_dict() for q in self.uncertain],
            "not_met": [s.to_dict() for s in self.not_met],
            "explained": [s.to_dict() for s in self.explained],
            "vulnerability": [v.to_dict() for v in self.vulnerability],
            "beyond": list(self.beyond),
            "non_recent": self.non_recent,
            "message": self.message,
        }

    @classmethod
    def from_dict(cls, data: Optional[dict]) -> "Findings":
        """Findings from the parse data or a slot; parts left out are empty, a missing level is the highest found."""
        if not isinstance(data, dict):
            return cls()
        features = [Finding.from_dict(f) for f in _dicts(data.get("features"))]
        level = data.get("level")
        return cls(
            features=features,
            level=Level(level) if level else Level.highest(f.level for f in features),
            qualifiers=_qualifiers(data.get("qualifiers")),
            uncertain=[Question.from_dict(q) for q in _dicts(data.get("uncertain"))],
            not_met=[SetAside.from_dict(s) for s in _dicts(data.get("not_met"))],
            explained=[SetAside.from_dict(s) for s in _dicts(data.get("explained"))],
            vulnerability=[VulnerabilityFactor(*(str(v.get(k) or "") for k in ("key", "name", "cite", "words")))
                           for v in _dicts(data.get("vulnerability"))],
            beyond=[str(b) for b in data.get("beyond") or []],
            non_recent=str(data["non_recent"]) if data.get("non_recent") else None,
            message=str(data["message"]) if data.get("message") else None,
        )


def _dicts(values: Any) -> list[dict]:
    return [v for v in values or [] if isinstance(v, dict)]


def _qualifiers(data: Any) -> Optional[Qualifiers]:
    """``Qualifiers.to_dict()`` read back (its age's ``pre_pubertal`` is worked out again from the years)."""
    if not isinstance(data, dict):
        return None
    age = data.get("age")
    return Qualifiers(
        frequency=str(data.get("frequency") or "unknown"),
        frequency_words=data.get("frequency_words"),
        age=Age(age["years"], str(age.get("stage") or ""), str(age.get("words") or ""), bool(age.get("exact")))
        if isinstance(age, dict) else None,
        explanations=[str(e) for e in data.get("explanations") or []],
        ruled_out=[str(r) for r in data.get("ruled_out") or []],
        negation=data.get("negation"),
        carer_denies=data.get("carer_denies"),
        explanation_words=dict(data.get("explanation_words") or {}),
        linked=dict(data.get("linked") or {}),
    )


__all__ = ["Finding", "Findings", "SetAside", "Question", "DANGER_TITLE"]
