"""The advice the assistant gives for a set of observations: levels, steps, citations and contacts.

Everything said here comes from the guideline knowledge base (``bot.guideline``) or the contacts file
(``bot.referral_contacts``): this module only chooses and orders. The result carries both the chat text and
the machine-readable payload every channel sends beside it:

    {"kind": "advice", "level": "none|consider|suspect|danger",
     "features": [{"id": "1.3.23", "level": "suspect"}], "routes": ["disclosure"],
     "steps": ["..."], "contacts": [{...}]}
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Optional

from bot.guideline import Guideline, Step, guideline
from bot.referral_contacts import ContactAnswer, get_directory

LEVELS = ("none", "consider", "suspect", "danger")
ROUTE_ORDER = ("danger", "disclosure", "fgm", "trafficking", "fii", "injury")
# The single most important next step for each finding, most urgent first: the step the practitioner reads
# first. Ids are the knowledge base's (knowledge/guideline/steps.yml and routes.yml).
KEY_STEPS = (
    ("danger", "immediate_danger"),
    ("disclosure", "disclosure_refer"),
    ("fgm", "fgm_regulated_report_police"),
    ("trafficking", "trafficking_refer"),
    ("fii", "fii_follow_child_maltreatment_guideline"),
    ("injury", "injury_outside_ng76"),
    ("suspect", "suspect_discuss_referral"),
    ("consider", "seek_advice"),
)


@dataclass
class Advice:
    level: str
    features: list[dict]
    routes: list[str]
    steps: list[Step]
    contacts: ContactAnswer
    set_aside: list[dict] = field(default_factory=list)

    @property
    def payload(self) -> dict:
        return {
            "kind": "advice",
            "level": self.level,
            "features": [{"id": f["id"], "level": f["level"]} for f in self.features if f["id"] not in ROUTE_ORDER],
            "routes": self.routes,
            "steps": [cite(step) for step in self.steps],
            "contacts": self.contacts.to_payload(),
        }

    def text(self) -> str:
        lines: list[str] = []
        features = [f for f in self.features if f["id"] not in ROUTE_ORDER]
        if features or self.routes:
            lines.append("I noted:")
            lines += [f"• {f.get('title') or f['id']}: NG76 {f['id']}, {f['level'].upper()}" for f in features]
            lines += [f"• {guideline().route(r).title}" for r in self.routes]
        for item in self.set_aside:
            lines.append(f"• Not an alerting feature as described ({item['id']}): {item['reason']}.")
        lines.append(f"Overall level: {self.level.upper()}" if self.level != "none" else
                     "Overall: no NG76 alerting feature is met by what you described.")
        if self.steps:
            lines.append(f"Most important next step: {cite(self.steps[0])}")
            if len(self.steps) > 1:
                lines.append("Then:")
                lines += [f"{n}. {cite(step)}" for n, step in enumerate(self.steps[1:], start=2)]
        lines.append(self.contacts.to_text())
        return "\n".join(lines)


def cite(step: Step) -> str:
    """A step's text with where it comes from in the guideline (the knowledge base's ``cite``)."""
    return f"{step.text} ({step.cite})"


def steps_for(features: list[dict], routes: list[str], knowledge: Guideline, has_set_aside: bool) -> list[Step]:
    """Routes first (danger before all), then the steps for the highest level of the other findings.

    Immediate danger alone gives only its own steps; an alerting feature whose condition is not met yet
    (a one-off, an explanation) gets the 'consider' steps: record it, keep watching, make sure of a review.
    """
    chosen: list[Step] = []
    for route in ROUTE_ORDER:
        if route in routes:
            chosen += knowledge.route(route).steps
    other = [f["level"] for f in features if f["id"] != "danger"]
    highest = max(other, key=LEVELS.index, default="none")
    if highest in ("suspect", "danger"):
        chosen += knowledge.steps_for_level("suspect")
    elif highest == "consider" or has_set_aside:
        chosen += knowledge.steps_for_level("consider")
    unique: list[Step] = []
    for step in chosen:
        if step.id not in {s.id for s in unique}:
            unique.append(step)
    found = set(routes) | {highest}
    for finding, step_id in KEY_STEPS:
        first = next((s for s in unique if s.id == step_id), None)
        if finding in found and first is not None:
            unique.remove(first)
            unique.insert(0, first)
            break
    return unique


def build_advice(observations: dict, area: Optional[str] = None, now: Optional[datetime] = None,
                 knowledge: Optional[Guideline] = None) -> Advice:
    """Advice for one mapping result (the ``observations`` the NLU pipeline adds to a parsed message)."""
    knowledge = knowledge or guideline()
    features = list(observations.get("features") or [])
    routes = [r for r in ROUTE_ORDER if r in {f["id"] for f in features}]
    level = observations.get("level") or "none"
    set_aside = list(observations.get("not_met") or []) + list(observations.get("explained") or [])
    steps = steps_for(features, routes, knowledge, bool(set_aside))
    contacts = get_directory().lookup(area, now=now)
    return Advice(level, features, routes, steps, contacts, set_aside)


def danger_advice(observations: dict, area: Optional[str] = None, now: Optional[datetime] = None) -> Advice:
    """Advice when the practitioner says the child is in immediate danger, with whatever else was found."""
    features = list(observations.get("features") or [])
    if not any(f["id"] == "danger" for f in features):
        features.insert(0, {"id": "danger", "level": "danger", "title": guideline().route("danger").title})
    return build_advice({**observations, "features": features, "level": "danger"}, area=area, now=now)
