"""The advice the assistant gives for a set of observations: levels, steps, citations and contacts.

Everything said here comes from the guideline knowledge base (``bot.guideline``) or the contacts file
(``bot.referral_contacts``): this module only chooses and orders, and the words around them are the wording
file's (``knowledge/wording.yml``, group ``advice``). The result carries both the chat text and
the machine-readable payload every channel sends beside it:

    {"kind": "advice", "level": "none|consider|suspect|danger",
     "features": [{"id": "1.3.23", "level": "suspect"}], "routes": ["disclosure"],
     "steps": ["..."], "contacts": [{...}]}
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Optional

from bot import wording
from bot.findings import Finding, Findings, SetAside
from bot.guideline import Guideline, Step, guideline
from bot.guideline.vocabulary import Level, Route
from bot.observations.beyond import REFERRAL_SITUATIONS
from bot.observations.vulnerability import VulnerabilityFactor
from bot.referral_contacts import ContactAnswer, get_directory
from bot.referral_contacts.national import situation_routes

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

# What each level means is in the knowledge base (knowledge/guideline/levels.yml): ``Level.meaning``.

# A level step left out when a route's own step already says it, more strongly or in more detail.
SUBSUMED_BY = {
    "speak_to_child": {"disclosure_explore_non_leading"},          # both are 1.3.5 and 1.3.6
    "suspect_discuss_referral": {"disclosure_refer", "trafficking_refer"},  # "make a referral" covers "discuss"
}
# Routes whose own steps require a referral (or a report): early help, which NG76 offers "if you conclude that a
# referral is not required", is no alternative there.
REFERRAL_ROUTES = frozenset(Route) - {Route.INJURY}
# Worried, but no alerting feature is met as described: what NG76 still asks of every practitioner. Talk it
# through with the safeguarding lead, keep abuse and neglect in mind, early help where it applies; recording
# (NG76 1.1.6) has its own line in every piece of advice.
NO_FEATURE_STEPS = ("seek_advice", "keep_abuse_in_mind", "early_help")


@dataclass
class Advice:
    level: Level
    features: list[Finding]
    routes: list[Route]
    steps: list[Step]
    contacts: ContactAnswer
    set_aside: list[SetAside] = field(default_factory=list)
    role: Optional[str] = None
    vulnerability: list[VulnerabilityFactor] = field(default_factory=list)
    beyond: list[str] = field(default_factory=list)

    @property
    def alerting_features(self) -> list[Finding]:
        return [f for f in self.features if f.route is None]

    @property
    def payload(self) -> dict:
        """What every channel sends beside the text: plain words and numbers only."""
        return {
            "kind": "advice",
            "level": self.level.value,
            "features": [{"id": f.id, "level": f.level.value} for f in self.alerting_features],
            "routes": [r.value for r in self.routes],
            "steps": [cite(step) for step in self.steps],
            "contacts": self.contacts.to_payload(),
            "vulnerability": [{"key": v.key, "cite": v.cite} for v in self.vulnerability],
            "beyond_ng76": [{"key": s.key, "urgency": s.urgency, "cite": s.cite,
                             "routes": [c.to_dict() for c in situation_routes(list(s.routes))]}
                            for s in self.situations()],
        }

    def situations(self) -> list:
        from bot.observations.beyond import situations
        known = situations()
        return [known[key] for key in self.beyond if key in known]

    def beyond_lines(self) -> list[str]:
        """Situations NG76's alerting features do not cover: said plainly, national routes first (NOTES.md)."""
        lines = []
        for situation in self.situations():
            lines.append(wording.text("advice.outside_ng76", title=situation.title, statement=situation.statement,
                                      cite=situation.cite))
            for contact in situation_routes(list(situation.routes)):
                lines.append(f"  {contact.label}: {contact.phone or contact.email or contact.url}")
        return lines

    def findings(self) -> list[str]:
        """Each feature with its level and what that level means, each route, and what was set aside."""
        knowledge = guideline()
        lines = []
        for f in self.alerting_features:
            lines.append("• " + wording.text("advice.feature", feature=f.id, title=f.title.lower(),
                                             level=f.level.value.upper(), meaning=f.level.meaning))
            # what NG76 says beside the feature (1.3.24's poverty, 1.3.27's weather or autism), in its own words
            lines += ["  " + wording.text("advice.also_says", feature=f.id, caution=" ".join(c.split()))
                      for c in self._cautions(f.id)]
        lines += [f"• {knowledge.route(r).title} ({knowledge.route(r).cite})" for r in self.routes]
        lines += ["• " + wording.text("advice.set_aside", feature=item.id, reason=item.reason)
                  for item in self.set_aside]
        return lines

    @staticmethod
    def _cautions(fid: str) -> list[str]:
        try:
            return list(guideline().feature(fid).conditions.cautions)
        except Exception:  # not an alerting feature id
            return []

    def adds_up(self) -> Optional[str]:
        """Several 'consider' features and nothing stronger: say so, and what the guideline says to do."""
        considered = [f.id for f in self.alerting_features if f.level is Level.CONSIDER]
        if self.level is not Level.CONSIDER or len(considered) < 2:
            return None
        look, rises = guideline().step("consider_look_for_other_features"), guideline().step("concern_rises_to_suspect")
        return wording.text("advice.adds_up", count=len(considered), features=", ".join(considered),
                            look_for_others=look.text, rises_to_suspect=rises.text, cite=look.cite)

    def role_notes(self) -> list[str]:
        """Route wording that depends on who is asking (FGM reporting is mandatory for teachers and health)."""
        notes = []
        for route in self.routes:
            note = guideline().route(route).note_for(self.role) if guideline().route(route).role_notes else None
            if note:
                notes.append(" ".join(note.split()))
        return notes

    def recording(self) -> str:
        record = guideline().step("record")
        return wording.text("advice.recording", record=record.text, cite=record.cite)

    def review(self) -> Optional[str]:
        if not any(s.id == "consider_review" for s in self.steps):
            return None
        step = guideline().step("consider_review")
        return wording.text("advice.review", step=step.text, cite=step.cite)

    def text(self) -> str:
        lines: list[str] = self.beyond_lines()
        if self.alerting_features or self.routes or self.set_aside:
            lines += [wording.text("advice.found_heading")] + self.findings()
        if self.level is not Level.NONE:
            lines.append(wording.text("advice.overall_level", level=self.level.value.upper()))
        else:  # a situation outside the features may still need a referral discussion (REFERRAL_SITUATIONS)
            lines.append(wording.text("advice.overall_none_refer" if REFERRAL_SITUATIONS & set(self.beyond)
                                      else "advice.overall_none"))
        if self.vulnerability:
            from bot.observations.vulnerability import WHY
            names = "; ".join(f"{v.name} ({v.cite})" for v in self.vulnerability)
            lines.append(wording.text("advice.vulnerability", factors=names, why=WHY))
        lines += self.role_notes()
        review = self.review()
        # the review step has its own line ("When to review"), so it is not also in the numbered list
        steps = [s for s in self.steps if not (review and s.id == "consider_review")]
        if steps:
            lines.append(wording.text("advice.first_step", step=cite(steps[0])))
            if len(steps) > 1:
                lines.append(wording.text("advice.then"))
                lines += [f"{n}. {cite(step)}" for n, step in enumerate(steps[1:], start=2)]
        for extra in (self.adds_up(), review):
            if extra:
                lines.append(extra)
        if self.level is not Level.DANGER or self.alerting_features:
            lines.append(self.recording())
        return "\n".join(lines)


def cite(step: Step) -> str:
    """A step's text with where it comes from in the guideline (the knowledge base's ``cite``)."""
    return f"{step.text} ({step.cite})"


def steps_for(features: list[Finding], routes: list[Route], knowledge: Guideline, has_set_aside: bool) -> list[Step]:
    """Routes first, in the knowledge base's order (danger before all), then the steps for the highest level of
    the other findings.

    Immediate danger alone gives only its own steps; an alerting feature whose condition is not met yet
    (a one-off, an explanation) gets the 'consider' steps: record it, keep watching, make sure of a review.
    """
    chosen: list[Step] = []
    for route in Route.in_order(routes):
        chosen += knowledge.route(route).steps
    highest = Level.highest(f.level for f in features if f.route is not Route.DANGER)
    if highest >= Level.SUSPECT:
        chosen += knowledge.steps_for_level("suspect")
    elif highest is Level.CONSIDER or has_set_aside:
        chosen += knowledge.steps_for_level("consider")
    elif not routes:
        chosen += [knowledge.step(step_id) for step_id in NO_FEATURE_STEPS]
    if set(routes) & REFERRAL_ROUTES:
        chosen = [step for step in chosen if step.id != "early_help"]
    unique: list[Step] = []
    ids = {s.id for s in chosen}
    for step in chosen:
        if step.id not in {s.id for s in unique} and not SUBSUMED_BY.get(step.id, set()) & ids:
            unique.append(step)
    found = set(routes) | {highest}
    for finding, step_id in KEY_STEPS:
        first = next((s for s in unique if s.id == step_id), None)
        if finding in found and first is not None:
            unique.remove(first)
            unique.insert(0, first)
            break
    return unique


def build_advice(findings: Findings, area: Optional[str] = None, now: Optional[datetime] = None,
                 knowledge: Optional[Guideline] = None, role: Optional[str] = None) -> Advice:
    """Advice for some findings: one message's, or a whole concern's (``Concern.findings()``)."""
    knowledge = knowledge or guideline()
    features = list(findings.features)
    routes = Route.in_order(f.id for f in features)
    level = findings.level
    set_aside = findings.set_aside
    steps = steps_for(features, routes, knowledge, bool(set_aside))
    contacts = get_directory().lookup(area, now=now)
    if findings.non_recent and (features or set_aside):
        steps = steps + [knowledge.step("non_recent_abuse")]
    beyond = list(findings.beyond)
    if REFERRAL_SITUATIONS & set(beyond):
        # a bruise on a baby who is not yet mobile, or an adult's sexual abuse of a child as it was told: talking it
        # through and a referral discussion come first
        urgent = [knowledge.step("seek_advice"), knowledge.step("suspect_discuss_referral")]
        steps = urgent + [step for step in steps if step.id not in {u.id for u in urgent}]
    return Advice(level, features, routes, steps, contacts, set_aside, role, list(findings.vulnerability), beyond)


def danger_advice(findings: Findings, area: Optional[str] = None, now: Optional[datetime] = None,
                  role: Optional[str] = None) -> Advice:
    """Advice when the practitioner says the child is in immediate danger, with whatever else was found."""
    return build_advice(findings.with_danger(), area=area, now=now, role=role)
