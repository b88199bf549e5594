"""The query API over the loaded NG76 knowledge: the ``Guideline`` object.

Callers (the observation mapper, Rasa actions, the CLI) ask questions in the guideline's own
terms: a recommendation number, a level of concern, a route, a child's age. Lookups fail with
``UnknownRecommendation`` and a sentence that says where the thing they asked for actually
lives, because a silent ``None`` here could become "no concerns found" further down.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Tuple

from .errors import UnknownRecommendation
from .schema import (
    AbuseType,
    AlertingFeature,
    Category,
    ContextSection,
    Intervention,
    InterventionAbuse,
    Level,
    LevelMeaning,
    LevelStep,
    Participant,
    Route,
    Step,
    values_of,
)

_ROUTE_FOR = {
    **{f"1.3.{n}": "disclosure" for n in range(1, 8)},
    "1.3.8": "fgm",
    "1.3.44": "fii",
    **{f"1.3.{n}": "trafficking" for n in range(45, 48)},
}
"""Section 1.3 numbers that are special routes rather than alerting features."""


class Guideline:
    """Everything the assistant knows from NG76, validated; built by ``load_guideline``.

    Attributes:
        features: alerting features 1.3.12 to 1.3.43, ordered by number.
        steps: the steps of the block "How to use these recommendations", in guideline order.
        routes: the special routes keyed by id, in the order of routes.yml (danger, disclosure, fgm,
            fii, trafficking, injury): the order advice gives them in.
        levels: what each level of concern means (levels.yml), keyed by id, lowest first.
        interventions: therapeutic interventions (NG76 1.7, then the NSPCC model).
        principles: section 1.1 as a ``ContextSection`` (sub-headings such as
            "Working with children and young people").
        vulnerability_factors: section 1.2 as a ``ContextSection`` (sub-headings
            "Family factors", "Child factors"; bullets in ``recommendation(id).bullets``).
        early_help: section 1.5 as a ``ContextSection``; ``early_help.under("Parenting
            programmes")`` and ``early_help.under("Home visiting programmes")`` give the
            programme recommendations, each with a structured ``programme``.
        directory: where the knowledge files were read from.
    """

    def __init__(
        self,
        *,
        features: List[AlertingFeature],
        steps: List[LevelStep],
        routes: Dict[str, Route],
        levels: Dict[str, LevelMeaning],
        interventions: List[Intervention],
        principles: ContextSection,
        vulnerability_factors: ContextSection,
        early_help: ContextSection,
        directory: Optional[Path] = None,
    ) -> None:
        self.features = sorted(features, key=lambda f: f.number)
        self._features = {f.id: f for f in self.features}
        self.steps = list(steps)
        self.routes = dict(routes)
        self.levels = dict(levels)
        self.interventions = list(interventions)
        self.principles = principles
        self.vulnerability_factors = vulnerability_factors
        self.early_help = early_help
        self.directory = directory
        self._steps: Dict[str, Step] = {s.id: s for s in self.steps}
        for route in self.routes.values():
            for step in route.steps:
                self._steps.setdefault(step.id, step)

    def __repr__(self) -> str:
        return (
            f"<Guideline {len(self.features)} features, {len(self.steps)} steps, "
            f"{len(self.routes)} routes, {len(self.interventions)} interventions>"
        )

    # ---- alerting features -----------------------------------------------------------------

    def feature(self, rec_id: str) -> AlertingFeature:
        """The alerting feature with this number, e.g. ``"1.3.23"`` (an "NG76 " prefix is allowed)."""
        key = str(rec_id).strip()
        if key.upper().startswith("NG76"):
            key = key[4:].strip()
        try:
            return self._features[key]
        except KeyError:
            pass
        hint = ""
        if key in _ROUTE_FOR:
            hint = f"; {key} is part of the special route {_ROUTE_FOR[key]!r}: use route({_ROUTE_FOR[key]!r})"
        raise UnknownRecommendation(
            f"NG76 {key} is not an alerting feature: the alerting features are 1.3.12 to 1.3.43{hint}"
        )

    def features_by(self, category: Optional[str] = None, level: Optional[str] = None) -> List[AlertingFeature]:
        """Features filtered by category and/or level; an unknown value is a ``ValueError``."""
        _check_value("category", category, values_of(Category))
        _check_value("level", level, values_of(Level))
        return [
            f
            for f in self.features
            if (category is None or f.category == category) and (level is None or f.level == level)
        ]

    def escalation_of(self, rec_id: str) -> Optional[AlertingFeature]:
        """The 'suspect' feature a 'consider' feature becomes when persistent (1.3.31 -> 1.3.32)."""
        target = self.feature(rec_id).conditions.escalates_to
        return self.feature(target) if target else None

    # ---- steps ----------------------------------------------------------------------------

    def steps_for_level(self, level: str, *, with_context: bool = False) -> List[LevelStep]:
        """What to do for a feature at ``level``: the all-features steps, then that level's steps,
        then the steps that follow them for that level (concern rising, early help).

        With ``with_context=True`` the immediate-danger step comes first and the standing
        guidance (keep abuse in mind, non-recent abuse, recording) last.
        """
        _check_value("level", level, values_of(Level), allow_none=False)
        wanted = ("all_features", level, "after")
        chosen = [s for s in self.steps if s.group in wanted and level in s.applies_to]
        if with_context:
            chosen = (
                [s for s in self.steps if s.group == "danger"]
                + chosen
                + [s for s in self.steps if s.group == "context"]
            )
        return chosen

    def steps_for(self, rec_id: str, *, with_context: bool = False) -> List[LevelStep]:
        """The steps for one alerting feature, by its level."""
        return self.steps_for_level(self.feature(rec_id).level, with_context=with_context)

    def step(self, step_id: str) -> Step:
        """Any step by id: the shared steps and every route's own steps."""
        try:
            return self._steps[step_id]
        except KeyError:
            raise UnknownRecommendation(
                f"no step {step_id!r}; known steps: {', '.join(self._steps)}"
            ) from None

    # ---- routes ---------------------------------------------------------------------------

    def level(self, level_id: str) -> LevelMeaning:
        """What a level of concern means: none, consider, suspect or danger."""
        try:
            return self.levels[str(level_id)]
        except KeyError:
            raise UnknownRecommendation(f"no level {level_id!r}; levels are: {', '.join(self.levels)}") from None

    def route(self, route_id: str) -> Route:
        """A special route: danger, disclosure, fgm, fii, trafficking or injury."""
        try:
            return self.routes[route_id]
        except KeyError:
            raise UnknownRecommendation(
                f"no route {route_id!r}; routes are: {', '.join(self.routes)}"
            ) from None

    # ---- interventions --------------------------------------------------------------------

    def intervention(self, intervention_id: str) -> Intervention:
        """One intervention by id (its recommendation number, or 'nspcc_nim')."""
        for item in self.interventions:
            if item.id == intervention_id:
                return item
        raise UnknownRecommendation(
            f"no intervention {intervention_id!r}; known: {', '.join(i.id for i in self.interventions)}"
        )

    def interventions_for(
        self, age: Optional[int] = None, abuse_type: Optional[str] = None, carer: Optional[str] = None
    ) -> List[Intervention]:
        """Interventions that fit a child's age (whole years), a type of abuse and who takes part.

        ``abuse_type`` accepts the intervention vocabulary (physical_abuse, emotional_abuse,
        neglect, sexual_abuse, domestic_violence_exposure) and the alerting-feature one:
        'abuse_and_neglect' matches every intervention, 'emotional_neglect' matches neglect.
        ``carer`` is a participant (parent_or_carer, non_abusing_parent_or_carer,
        foster_carer, adoptive_or_permanence_carer, child, whole_family).
        An intervention with no stated age bound on one side is open on that side.
        """
        if age is not None and (not isinstance(age, int) or isinstance(age, bool) or not 0 <= age <= 17):
            raise ValueError(f"age must be whole years from 0 to 17, got {age!r}")
        _check_value("abuse_type", abuse_type, values_of(InterventionAbuse) + values_of(AbuseType))
        _check_value("carer", carer, values_of(Participant))
        return [i for i in self.interventions if i.suits(age=age, abuse_type=abuse_type, carer=carer)]

    # ---- governance -----------------------------------------------------------------------

    def reviewed_entries(self) -> Iterator[Tuple[str, str, object]]:
        """Every entry that carries review metadata, as (kind, id, review)."""
        for f in self.features:
            yield "alerting_feature", f.id, f.review
        for s in self.steps:
            yield "step", s.id, s.review
        for r in self.routes.values():
            yield "route", r.id, r.review
        for i in self.interventions:
            yield "intervention", i.id, i.review
        for name in ("principles", "vulnerability_factors", "early_help"):
            section: ContextSection = getattr(self, name)
            yield "context", f"{name} ({section.id})", section.review

    def reviews_due(self, on: Optional[date] = None) -> List[Tuple[str, str, date]]:
        """Entries whose ``next_review`` is on or before ``on`` (today by default)."""
        on = on or date.today()
        return [(kind, eid, r.next_review) for kind, eid, r in self.reviewed_entries() if r.next_review <= on]  # type: ignore[attr-defined]

    def quoted_texts(self) -> Iterator[Tuple[str, str, str]]:
        """Every text that claims to be verbatim from a source, as (where, text, source).

        ``source`` is "NG76", "SCIE" or "NSPCC". The tests (and ``check --source``) prove each
        one is in that source after whitespace normalisation.
        """
        for f in self.features:
            w = f"alerting feature {f.id}"
            yield f"{w} quote", f.quote, "NG76"
            for i, ex in enumerate(f.examples):
                yield f"{w} examples[{i}]", ex, "NG76"
            for g in f.example_groups:
                yield f"{w} example group heading", g.heading, "NG76"
            for i, caution in enumerate(f.conditions.cautions):
                yield f"{w} cautions[{i}]", caution, "NG76"
            if f.conditions.persistence_wording:
                yield f"{w} persistence_wording", f.conditions.persistence_wording, "NG76"
            if f.conditions.age:
                yield f"{w} age.quote", f.conditions.age.quote, "NG76"
        seen = set()
        for s in list(self.steps) + [s for r in self.routes.values() for s in r.steps]:
            if s.id in seen:
                continue
            seen.add(s.id)
            if s.quote:
                yield f"step {s.id} quote", s.quote, "NG76"
            for i, point in enumerate(s.points):
                yield f"step {s.id} points[{i}]", point, "NG76"
        for r in self.routes.values():
            for i, q in enumerate(r.quotes):
                yield f"route {r.id} quotes[{i}]", q, "NG76"
        for name in ("principles", "vulnerability_factors", "early_help"):
            section: ContextSection = getattr(self, name)
            for i, text in enumerate(section.intro):
                yield f"{name} intro[{i}]", text, "NG76"
            yield f"{name} title", section.title, "NG76"
            for rec in section.recommendations:
                w = f"{name} {rec.id}"
                yield f"{w} quote", rec.quote, "NG76"
                if rec.heading:
                    yield f"{w} heading", rec.heading, "NG76"
                for i, b in enumerate(rec.bullets):
                    yield f"{w} items[{i}]", b, "NG76"
                if rec.after:
                    yield f"{w} after", rec.after, "NG76"
                if rec.programme:
                    yield f"{w} programme.for_whom", rec.programme.for_whom, "NG76"
                    for ex in rec.programme.examples:
                        yield f"{w} programme.examples", ex, "NG76"
        for item in self.interventions:
            w = f"intervention {item.id}"
            src = item.source
            for i, q in enumerate(item.quotes):
                yield f"{w} quotes[{i}]", q, src
            yield f"{w} age.quote", item.age.quote, item.age.source
            for i, a in enumerate(item.aims):
                yield f"{w} aims[{i}]", a, src
            for i, o in enumerate(item.offers):
                yield f"{w} offers[{i}]", o, src
            for ex in item.examples:
                yield f"{w} examples", ex, src
            for o in item.options:
                yield f"{w} option {o.name}", o.quote, src
            if item.condition:
                yield f"{w} condition", item.condition, src
            if item.scie:
                sc = item.scie
                yield f"{w} scie.age_group", sc.age_group, "SCIE"
                yield f"{w} scie.heading", sc.heading, "SCIE"
                for ex in sc.examples:
                    yield f"{w} scie.examples", ex, "SCIE"
                for i, p in enumerate(sc.points):
                    yield f"{w} scie.points[{i}]", p, "SCIE"
                if sc.aims:
                    yield f"{w} scie.aims", sc.aims, "SCIE"


def _check_value(name: str, value: Optional[str], allowed: tuple, allow_none: bool = True) -> None:
    if value is None and allow_none:
        return
    if value not in allowed:
        raise ValueError(f"unknown {name} {value!r}; expected one of: {', '.join(allowed)}")


__all__ = ["Guideline"]
