"""The schema of a practice scenario (``scenarios/*.yml``), as pydantic v1 models, and its cross-checks.

A scenario is knowledge, like the guideline files: a trainer writes it, a trainer signs it off, and the
assistant scores people against it. So it gets the same treatment as ``bot.guideline.schema``: closed,
documented vocabularies, ``extra = "forbid"`` so a misspelt key fails instead of vanishing, and
cross-checks against the NG76 knowledge base so that a scenario can never expect something the live advice
would not give:

* every expected alerting feature exists, with the level the knowledge base gives that number (1.3.32 is
  always 'suspect'); 1.3.31 and 1.3.32 (or 1.3.33 and 1.3.34) are never expected together;
* age conditions hold for the child's age (1.3.21 and 1.3.22 are about pre-pubertal children, 1.3.29 about
  children under 12);
* a feature set aside as "a one-off" is one whose wording needs repetition, "explained" is one the guideline
  names explanations for, and so on;
* the overall level follows from the features and routes, the way the observation mapper computes it;
* every next step exists in the knowledge base and is one the live advice gives for that answer, and the
  advice's most important step is among them;
* every debrief point cites recommendations that exist in NG76, and every expected or set-aside feature is
  cited by at least one point.

The model validators check what a scenario says about itself; ``cross_check`` checks it against the
knowledge base. The loader (``loader.py``) runs both and reports every problem with file and field.
"""
from __future__ import annotations

import re
from typing import Dict, List, Literal, Optional, Tuple

from pydantic import root_validator, validator

from bot.guideline.schema import (FEATURE_ID, REC_ID, ROLES, ROUTES, Review, Role, RouteId, Strict, _non_empty,
                                  recommendation_key)
from bot.guideline.vocabulary import LEVEL_VALUES, Level, Route

# --------------------------------------------------------------------------------------------
# Vocabularies
# --------------------------------------------------------------------------------------------

ScenarioLevel = Literal[LEVEL_VALUES]  # type: ignore[valid-type]
"""A scenario's overall level: one of ``bot.guideline.vocabulary.Level`` (what each means: levels.yml). The
highest expected feature's level, where a special route counts as suspect and immediate danger as danger."""

SetAsideReason = Literal["one_off", "dealt_with", "explained", "age"]
SET_ASIDE_REASONS: Dict[str, str] = {
    "one_off": "the feature's wording needs repetition or persistence and the vignette shows a one-off",
    "dealt_with": "the wording needs repetition or persistence and the problem was dealt with promptly",
    "explained": "the vignette gives an explanation the guideline names for this feature (keep abuse in mind)",
    "age": "the feature has an age condition the child does not meet",
}

ROLE_NAMES: Dict[str, str] = ROLES
"""Roles are the knowledge base's (``bot.guideline.schema.ROLES``), so FGM role notes apply unchanged."""

ROUTE_NAMES: Dict[str, str] = ROUTES

CITE_BLOCKS: Dict[str, str] = {
    "1.3-how-to-use": "NG76 1.3, How to use these recommendations",
    "1.3-alerting-intro": "NG76 1.3, Alerting features for child abuse and neglect (introduction)",
}
"""Unnumbered passages of NG76 a debrief point may cite, by token: the steps block before 1.3.12 and the
introduction that puts physical injuries outside NG76."""

NG76_RECOMMENDATIONS: Dict[str, int] = {
    "1.1": 13, "1.2": 7, "1.3": 47, "1.4": 8, "1.5": 16, "1.6": 4, "1.7": 19, "1.8": 5,
}
"""How many numbered recommendations each NG76 section has (from the source text; 1.6.3 exists although this
copy drops its list). ``tests/scenarios/test_schema.py`` proves the table against the source text."""

SCENARIO_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+$")
TOPIC = re.compile(r"^[a-z][a-z0-9_]*$")

PRE_PUBERTAL_BELOW = 13
"""Ages from which 1.3.21 and 1.3.22 (pre-pubertal) cannot be expected: the mapper reads 13 and over as not
pre-pubertal (1.3.20 applies instead) and asks between 10 and 12."""

REGULATED_FOR_FGM = ("teacher", "health", "social_worker")
"""The roles with the duty to report FGM to the police: NG76 1.3.8 names healthcare professionals and teachers;
the Home Office guidance it points to adds registered social workers (knowledge/guideline/routes.yml, role_notes)."""

ALWAYS_ALLOWED_STEPS = ("record", "keep_abuse_in_mind", "non_recent_abuse")
"""Standing guidance (the knowledge base's 'context' steps) that any answer may include."""


def ng76_recommendation_exists(number: str) -> bool:
    """Whether ``number`` (like '1.3.23') is a recommendation in NG76 sections 1.1 to 1.8."""
    if not REC_ID.match(number):
        return False
    section, _, n = number.rpartition(".")
    return section in NG76_RECOMMENDATIONS and 1 <= int(n) <= NG76_RECOMMENDATIONS[section]


def cite_label(cite: str) -> str:
    """How a citation reads in a debrief: 'NG76 1.3.23', or the block's name."""
    return CITE_BLOCKS.get(cite, f"NG76 {cite}")


def overall_level(features: List[str], routes: List[str]) -> Level:
    """The overall level of an answer, as the observation mapper computes it.

    The highest feature level, where a special route counts as 'suspect' (it is a serious concern with a
    response of its own) and immediate danger as 'danger' (``Route.level``).
    """
    return Level.highest(list(features) + [Route(r).level for r in routes])


# --------------------------------------------------------------------------------------------
# Models
# --------------------------------------------------------------------------------------------


def _unique(values: list) -> list:
    seen, dupes = set(), []
    for v in values:
        if v in seen:
            dupes.append(v)
        seen.add(v)
    if dupes:
        raise ValueError(f"listed more than once: {dupes}")
    return values


def _quoted_text(value: object) -> object:
    """Refuse numbers where a recommendation number is expected: unquoted YAML reads 1.3.2 fine but 1.10 as 1.1."""
    if not isinstance(value, str):
        raise ValueError(f"must be quoted text in YAML, e.g. \"1.3.23\" (got {value!r})")
    return value


class ChildAge(Strict):
    """The child's age as the trainee reads it (``text``) and in years for the checks (months as a fraction)."""

    text: str
    years: float

    _text = validator("text", allow_reuse=True)(_non_empty)

    @validator("years")
    def _a_child(cls, value: float) -> float:
        if not 0 <= value < 18:
            raise ValueError("must be an age in years from 0 to under 18 (months as a fraction: 9 months is 0.75)")
        return value


class ExpectedFeature(Strict):
    """An alerting feature the vignette shows, at the knowledge base's level for that number."""

    id: str
    level: Literal["consider", "suspect"]

    _id_text = validator("id", pre=True, allow_reuse=True)(_quoted_text)

    @validator("id")
    def _feature(cls, value: str) -> str:
        if not FEATURE_ID.match(value):
            raise ValueError("must be an alerting feature number such as '1.3.23'")
        return value


class SetAside(Strict):
    """A feature the vignette points at whose condition is not met: record it, keep watching, review."""

    id: str
    reason: SetAsideReason

    _id_text = validator("id", pre=True, allow_reuse=True)(_quoted_text)

    @validator("id")
    def _feature(cls, value: str) -> str:
        if not FEATURE_ID.match(value):
            raise ValueError("must be an alerting feature number such as '1.3.23'")
        return value


class Snapshot(Strict):
    """What the guideline logic finds in a text: features, set-aside features, routes and the overall level."""

    features: List[ExpectedFeature] = []
    set_aside: List[SetAside] = []
    routes: List[RouteId] = []
    level: ScenarioLevel

    _unique_routes = validator("routes", allow_reuse=True)(_unique)

    @validator("features")
    def _unique_features(cls, value: List[ExpectedFeature]) -> List[ExpectedFeature]:
        _unique([f.id for f in value])
        return value

    @validator("set_aside")
    def _unique_set_aside(cls, value: List[SetAside]) -> List[SetAside]:
        _unique([s.id for s in value])
        return value

    @root_validator(skip_on_failure=True)
    def _consistent(cls, values: dict) -> dict:
        features, routes, level = values["features"], values["routes"], values["level"]
        both = {f.id for f in features} & {s.id for s in values["set_aside"]}
        if both:
            raise ValueError(f"{sorted(both)} both expected and set aside: a feature is one or the other")
        implied = overall_level([f.level for f in features], list(routes))
        if level != implied:
            raise ValueError(
                f"level is {level!r} but the features and routes give {implied.value!r} (the highest feature level; "
                "a special route counts as 'suspect', immediate danger as 'danger')"
            )
        return values

    @property
    def feature_ids(self) -> List[str]:
        return [f.id for f in self.features]

    @property
    def set_aside_ids(self) -> List[str]:
        return [s.id for s in self.set_aside]


class Expected(Snapshot):
    """The scenario's answer: the snapshot of the whole vignette, and what to do next."""

    next_steps: List[str]

    _unique_steps = validator("next_steps", allow_reuse=True)(_unique)


class VignetteStep(Strict):
    """One part of the vignette; ``expect_so_far`` (optional) is the answer for the text up to here."""

    text: str
    expect_so_far: Optional[Snapshot] = None

    _text = validator("text", allow_reuse=True)(_non_empty)


class DebriefPoint(Strict):
    """One thing the trainer wants said in the debrief, with the NG76 recommendations it rests on."""

    point: str
    cites: List[str]

    _point = validator("point", allow_reuse=True)(_non_empty)
    _cite_text = validator("cites", pre=True, each_item=True, allow_reuse=True)(_quoted_text)

    @validator("cites")
    def _cites_exist(cls, value: List[str]) -> List[str]:
        if not value:
            raise ValueError("cite at least one NG76 recommendation, e.g. [\"1.3.23\"]")
        bad = [c for c in value if c not in CITE_BLOCKS and not ng76_recommendation_exists(c)]
        if bad:
            raise ValueError(
                f"not NG76 recommendations: {bad}; use numbers from 1.1.1 to 1.8.5 (quoted), or "
                f"{' / '.join(CITE_BLOCKS)} for the unnumbered passages"
            )
        return _unique(value)


class Scenario(Strict):
    """A practice case: a vignette told in one or more steps, and the answer the guideline logic gives."""

    id: str
    title: str
    role: Role
    setting: str
    child_age: ChildAge
    topics: List[str]
    steps: List[VignetteStep]
    expected: Expected
    common_mistakes: List[str]
    debrief: List[DebriefPoint]
    review: Review

    _text = validator("title", "setting", allow_reuse=True)(_non_empty)

    @validator("id")
    def _slug(cls, value: str) -> str:
        if not SCENARIO_ID.match(value):
            raise ValueError("must be lower-case words joined by hyphens, such as 'food-hoarding-year3'")
        return value

    @validator("topics")
    def _topics(cls, value: List[str]) -> List[str]:
        if not value:
            raise ValueError("give at least one topic tag")
        bad = [t for t in value if not TOPIC.match(t)]
        if bad:
            raise ValueError(f"topic tags are lower_snake_case words: {bad}")
        return _unique(value)

    @validator("steps", "common_mistakes", "debrief")
    def _at_least_one(cls, value: list) -> list:
        if not value:
            raise ValueError("must list at least one")
        return value

    @validator("common_mistakes", each_item=True)
    def _mistake_text(cls, value: str) -> str:
        return _non_empty(value)

    @validator("steps")
    def _last_step_is_expected(cls, value: List[VignetteStep]) -> List[VignetteStep]:
        if value and value[-1].expect_so_far is not None:
            raise ValueError("the last step has no expect_so_far: the answer for the whole vignette is 'expected'")
        return value

    # ---- reading ----------------------------------------------------------------------------

    @property
    def vignette(self) -> str:
        """The whole vignette as one text, the way ``check`` maps it."""
        return " ".join(" ".join(step.text.split()) for step in self.steps)

    def text_up_to(self, index: int) -> str:
        """The vignette up to and including step ``index`` (0-based)."""
        return " ".join(" ".join(step.text.split()) for step in self.steps[: index + 1])

    @property
    def cited(self) -> List[str]:
        """Every recommendation the debrief cites, in guideline order."""
        numbers = {c for point in self.debrief for c in point.cites if c not in CITE_BLOCKS}
        return sorted(numbers, key=recommendation_key)

    @property
    def has_no_feature(self) -> bool:
        """No alerting feature, no route and nothing set aside: the answer is 'no NG76 concern'."""
        e = self.expected
        return not (e.features or e.routes or e.set_aside)

    @property
    def is_watch_case(self) -> bool:
        """The right answer is 'record it, keep watching, review': only set-aside features."""
        e = self.expected
        return bool(e.set_aside) and not (e.features or e.routes)


# --------------------------------------------------------------------------------------------
# Cross-checks against the knowledge base
# --------------------------------------------------------------------------------------------


def allowed_steps(expected: Snapshot, knowledge) -> Tuple[List[str], Optional[str]]:
    """The step ids the live advice gives for this answer (plus standing guidance), and its first step.

    Uses ``bot.advice.steps_for``, the function that chooses the steps in real use, so practice and the
    live advice cannot disagree about what to do.
    """
    from bot.advice import steps_for  # the advice module is cheap to import, but only needed here
    from bot.findings import Finding

    routes = [Route(r) for r in expected.routes]
    features = [Finding(f.id, Level(f.level)) for f in expected.features]
    features += [Finding(r.value, r.level) for r in routes]
    steps = steps_for(features, routes, knowledge, bool(expected.set_aside))
    ids = [s.id for s in steps]
    return ids + [s for s in ALWAYS_ALLOWED_STEPS if s not in ids], (ids[0] if ids else None)


def _check_snapshot(snapshot: Snapshot, prefix: str, age: ChildAge, knowledge) -> List[Tuple[str, str]]:
    problems: List[Tuple[str, str]] = []
    known = {f.id for f in knowledge.features}
    for i, feature in enumerate(snapshot.features):
        where = f"{prefix}.features.{i}"
        if feature.id not in known:
            problems.append((f"{where}.id", f"{feature.id} is not an alerting feature (they are 1.3.12 to 1.3.43; "
                                            "FGM, FII and trafficking are routes)"))
            continue
        kb = knowledge.feature(feature.id)
        if feature.level != kb.level:
            problems.append((f"{where}.level", f"NG76 {kb.id} is '{kb.level}' in the knowledge base, not "
                                               f"'{feature.level}'"))
        problems += [(f"{where}.id", message) for message in _age_problems(kb, age)]
    ids = set(snapshot.feature_ids)
    for weaker in ids:
        if weaker in known and knowledge.feature(weaker).conditions.escalates_to in ids:
            stronger = knowledge.feature(weaker).conditions.escalates_to
            problems.append((f"{prefix}.features", f"{weaker} and {stronger} are both expected: when the interactions "
                                                   f"are persistent {stronger} replaces {weaker}; keep one"))
    for i, item in enumerate(snapshot.set_aside):
        where = f"{prefix}.set_aside.{i}"
        if item.id not in known:
            problems.append((f"{where}.id", f"{item.id} is not an alerting feature (1.3.12 to 1.3.43)"))
            continue
        c = knowledge.feature(item.id).conditions
        if item.reason in ("one_off", "dealt_with") and c.persistence != "required":
            problems.append((f"{where}.reason", f"NG76 {item.id} does not need repetition (persistence "
                                                f"'{c.persistence}'): a single observation meets it, so it is not "
                                                f"set aside as {item.reason!r}"))
        if item.reason == "explained" and not c.not_fully_explained_by:
            problems.append((f"{where}.reason", f"NG76 {item.id} names no explanations that set it aside"))
        if item.reason == "age" and c.age is None:
            problems.append((f"{where}.reason", f"NG76 {item.id} has no age condition"))
    return problems


def _age_problems(feature, age: ChildAge) -> List[str]:
    cond = feature.conditions.age
    if cond is None or cond.via:
        return []
    out = []
    if cond.pre_pubertal and age.years >= PRE_PUBERTAL_BELOW:
        out.append(f"NG76 {feature.id} is about a pre-pubertal child and the child is {age.text}: "
                   "use 1.3.20, or make the child younger")
    if cond.under is not None and age.years >= cond.under:
        out.append(f"NG76 {feature.id} is about a child under {cond.under} and the child is {age.text}")
    return out


def cross_check(scenario: Scenario, knowledge) -> List[Tuple[str, str]]:
    """Problems with a valid scenario against the knowledge base, as (field, message) pairs."""
    problems = _check_snapshot(scenario.expected, "expected", scenario.child_age, knowledge)
    for i, step in enumerate(scenario.steps):
        if step.expect_so_far is not None:
            problems += _check_snapshot(step.expect_so_far, f"steps.{i}.expect_so_far", scenario.child_age,
                                        knowledge)
    # next steps: known, and what the live advice gives
    allowed, key = allowed_steps(scenario.expected, knowledge)
    for i, step_id in enumerate(scenario.expected.next_steps):
        try:
            knowledge.step(step_id)
        except KeyError:
            problems.append((f"expected.next_steps.{i}", f"no step {step_id!r} in the knowledge base "
                                                         "(see python -m bot guideline steps LEVEL, or routes.yml)"))
            continue
        if step_id not in allowed:
            problems.append((f"expected.next_steps.{i}", f"the live advice does not give {step_id!r} for this answer; "
                                                         f"it gives: {', '.join(allowed)}"))
    if "fgm" in scenario.expected.routes:
        # 1.3.8 puts the police report on regulated professions only; the route's role notes say the same
        regulated = scenario.role in REGULATED_FOR_FGM
        wrong, right = (("fgm_other_roles", "fgm_regulated_report_police") if regulated
                        else ("fgm_regulated_report_police", "fgm_other_roles"))
        if wrong in scenario.expected.next_steps:
            who = "other roles" if regulated else "healthcare professionals and teachers"
            problems.append(("expected.next_steps", f"{wrong!r} is for {who}; a {scenario.role} follows {right!r} "
                                                    "(NG76 1.3.8)"))
        if right not in scenario.expected.next_steps:
            problems.append(("expected.next_steps", f"a {scenario.role} seeing FGM follows {right!r} (NG76 1.3.8); "
                                                    "list it"))
        if key == "fgm_regulated_report_police" and not regulated:
            key = "fgm_other_roles"
    # A case with nothing to find asks nothing of the trainee: the steps the live advice gives anyone who is worried
    # but matched no feature (talk to your lead, early help) are allowed there, not required.
    if key and key not in scenario.expected.next_steps and not scenario.has_no_feature:
        problems.append(("expected.next_steps", f"the live advice's most important step for this answer is {key!r}; "
                                                "list it"))
    if not scenario.has_no_feature and not scenario.expected.next_steps:
        problems.append(("expected.next_steps", "list the steps the trainee should name"))
    # the debrief explains every expected and set-aside feature
    cited = set(scenario.cited)
    for fid in scenario.expected.feature_ids + scenario.expected.set_aside_ids:
        if fid not in cited:
            problems.append(("debrief", f"no debrief point cites {fid}: say why it is (or is not) met"))
    return problems


def role_label(role: str) -> str:
    return ROLE_NAMES.get(role, role)


__all__ = [
    "Scenario",
    "VignetteStep",
    "Snapshot",
    "Expected",
    "ExpectedFeature",
    "SetAside",
    "DebriefPoint",
    "ChildAge",
    "ScenarioLevel",
    "SET_ASIDE_REASONS",
    "CITE_BLOCKS",
    "NG76_RECOMMENDATIONS",
    "cross_check",
    "allowed_steps",
    "overall_level",
    "cite_label",
    "ng76_recommendation_exists",
]
