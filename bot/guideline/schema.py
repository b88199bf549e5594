"""The schema of the NG76 knowledge files, as pydantic v1 models.

Why a schema: the files are edited by people who know safeguarding, not Python. Every field
that carries a decision (a level, a category, whether persistence is required) is a closed,
documented vocabulary, so a typo fails loudly at load time instead of silently changing
what the assistant tells a practitioner. ``extra = "forbid"`` everywhere for the same
reason: a misspelt key would otherwise be dropped without a word.

The vocabularies are written twice on purpose: as ``Literal`` types (what pydantic enforces)
and as dictionaries of descriptions (what ``docs/guideline-knowledge.md`` and the CLI show).
``tests/guideline/test_schema_vocabularies.py`` checks the two agree.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Dict, List, Literal, Optional, get_args

from pydantic import BaseModel, root_validator, validator

from .vocabulary import LEVEL_VALUES, ROUTE_VALUES

# --------------------------------------------------------------------------------------------
# Vocabularies
# --------------------------------------------------------------------------------------------

Level = Literal["consider", "suspect"]
LEVELS: Dict[str, str] = {
    "consider": "the recommendation starts 'Consider' (what the level means: levels.yml)",
    "suspect": "the recommendation starts 'Suspect', the stronger level (what it means: levels.yml)",
}
"""An alerting feature's level: one of NG76's two. The whole scale, with none and danger around them, is
``bot.guideline.vocabulary.Level``; what each level means is written once, in ``levels.yml``."""

LevelId = Literal[LEVEL_VALUES]  # type: ignore[valid-type]
LEVEL_IDS: Dict[str, str] = {
    "none": "no alerting feature is met as described",
    "consider": "the lower of NG76's two levels",
    "suspect": "the higher of NG76's two levels",
    "danger": "a child in immediate danger, before everything else",
}
"""The levels of concern, lowest first (``bot.guideline.vocabulary.Level``): the ids of ``levels.yml``."""

Category = Literal[
    "behavioural_emotional",
    "sexual_behaviour",
    "physical_neglect",
    "development",
    "parent_child_interaction",
    "supervision",
    "medical_care",
]
CATEGORIES: Dict[str, str] = {
    "behavioural_emotional": "Behavioural and emotional alerting features (1.3.12 to 1.3.19)",
    "sexual_behaviour": "Sexual behavioural alerting features (1.3.20 to 1.3.22)",
    "physical_neglect": "Alerting features for child physical neglect (1.3.23 to 1.3.27)",
    "development": "Alerting features relating to child development (1.3.28 to 1.3.29)",
    "parent_child_interaction": "Alerting features relating to interactions between children and "
    "young people and parents or carers (1.3.30 to 1.3.36)",
    "supervision": "Alerting features relating to supervision by parents or carers (1.3.37 to 1.3.38)",
    "medical_care": "Alerting features relating to providing access to medical care or treatment "
    "(1.3.39 to 1.3.43)",
}

AbuseType = Literal[
    "abuse_and_neglect",
    "neglect",
    "physical_abuse",
    "emotional_abuse",
    "emotional_neglect",
    "sexual_abuse",
]
ABUSE_TYPES: Dict[str, str] = {
    "abuse_and_neglect": "the guideline says 'child abuse and neglect' without naming a type",
    "neglect": "neglect",
    "physical_abuse": "physical abuse",
    "emotional_abuse": "emotional abuse",
    "emotional_neglect": "emotional neglect (1.3.33, 1.3.34)",
    "sexual_abuse": "sexual abuse",
}

Persistence = Literal["none", "required", "escalates"]
PERSISTENCES: Dict[str, str] = {
    "none": "a single observation meets the feature as worded",
    "required": "the wording itself requires repetition, persistence or regularity; a one-off "
    "observation does not meet it, but is still worth recording and reviewing",
    "escalates": "a single observation meets it at 'consider'; if it persists, the 'suspect' "
    "feature named in escalates_to applies",
}

Explanation = Literal[
    "medical",
    "neurodevelopmental",
    "stressful_situation",
    "bipolar",
    "traumatic_event",
    "english_additional_language",
    "suitable_explanation",
    "material_poverty",
]
EXPLANATIONS: Dict[str, str] = {
    "medical": "a medical cause (1.3.12, 1.3.13, 1.3.14; 'no medical explanation' in 1.3.23)",
    "neurodevelopmental": "a neurodevelopmental disorder or difficulty such as ADHD or autism "
    "(1.3.13, 1.3.14, 1.3.27, 1.3.29)",
    "stressful_situation": "a known stressful situation that is not part of abuse or neglect, "
    "such as bereavement or parental separation (1.3.12, 1.3.13)",
    "bipolar": "bipolar disorder (1.3.14)",
    "traumatic_event": "a known traumatic event unrelated to maltreatment (1.3.15)",
    "english_additional_language": "speaking English as a second language (1.3.29)",
    "suitable_explanation": "a suitable explanation for a one-off instance, such as a sudden "
    "change in the weather or leaving the house in a rush (1.3.27)",
    "material_poverty": "material poverty, which can be hard to tell apart from neglect and "
    "must be weighed, not used to dismiss it (1.3.24)",
}
"""Explanations the guideline names as alternatives to abuse or neglect.

Their limit (NOTES.md, and the paragraph before 1.3.12): practitioners continue to consider
abuse or neglect even when a behaviour seems explained. An explanation never turns a feature
into "no concern" by itself; see the step ``keep_abuse_in_mind``.
"""

StepGroup = Literal["danger", "all_features", "suspect", "consider", "after", "context"]
STEP_GROUPS: Dict[str, str] = {
    "danger": "before anything else: a child in immediate danger",
    "all_features": "for every alerting feature, whatever its level",
    "suspect": "extra steps for recommendations starting with 'suspect'",
    "consider": "extra steps for recommendations starting with 'consider'",
    "after": "after taking the steps: concern rising to 'suspect', or early help",
    "context": "standing guidance that frames every step (explanations, non-recent abuse, records)",
}

RouteId = Literal[ROUTE_VALUES]  # type: ignore[valid-type]
ROUTES: Dict[str, str] = {
    "danger": "a child in immediate danger",
    "disclosure": "a child or young person tells you about abuse or neglect (1.3.1 to 1.3.7)",
    "fgm": "female genital mutilation (1.3.8)",
    "fii": "fabricated or induced illness (1.3.44)",
    "trafficking": "child trafficking (1.3.45 to 1.3.47)",
    "injury": "physical injuries and other clinical indicators (outside NG76)",
}

Role = Literal["teacher", "health", "early_years", "youth_worker", "social_worker", "other"]
ROLES: Dict[str, str] = {
    "teacher": "teachers and school staff in a teaching role",
    "health": "healthcare professionals",
    "early_years": "early years practitioners",
    "youth_worker": "youth workers",
    "social_worker": "social workers",
    "other": "any other role",
}

Strength = Literal["offer", "consider"]
STRENGTHS: Dict[str, str] = {
    "offer": "the recommendation says 'offer': a strong recommendation",
    "consider": "the recommendation says 'consider': the evidence is less certain",
}

InterventionAbuse = Literal[
    "physical_abuse", "emotional_abuse", "neglect", "sexual_abuse", "domestic_violence_exposure"
]
INTERVENTION_ABUSE_TYPES: Dict[str, str] = {
    "physical_abuse": "physical abuse",
    "emotional_abuse": "emotional abuse",
    "neglect": "neglect",
    "sexual_abuse": "sexual abuse",
    "domestic_violence_exposure": "the child has been exposed to domestic violence (1.7.6)",
}

Participant = Literal[
    "parent_or_carer",
    "non_abusing_parent_or_carer",
    "foster_carer",
    "adoptive_or_permanence_carer",
    "child",
    "whole_family",
]
PARTICIPANTS: Dict[str, str] = {
    "parent_or_carer": "the parent or carer who abused or neglected the child (NG76 1.7 wording)",
    "non_abusing_parent_or_carer": "a parent or carer who did not abuse the child",
    "foster_carer": "foster carers",
    "adoptive_or_permanence_carer": "adoptive parents and those providing permanence (including "
    "special guardians, foster carers or kinship carers)",
    "child": "the child or young person",
    "whole_family": "the whole family",
}

Source = Literal["NG76", "SCIE", "NSPCC"]
SOURCES: Dict[str, str] = {
    "NG76": "NICE guideline NG76, Child abuse and neglect (2017)",
    "SCIE": "NICE/SCIE quick guide: therapeutic interventions after abuse and neglect",
    "NSPCC": "NSPCC service page: New Orleans Intervention Model (not a NICE recommendation)",
}

VOCABULARIES = {
    "level": (Level, LEVELS),
    "level_id": (LevelId, LEVEL_IDS),
    "category": (Category, CATEGORIES),
    "abuse_type": (AbuseType, ABUSE_TYPES),
    "persistence": (Persistence, PERSISTENCES),
    "explanation": (Explanation, EXPLANATIONS),
    "step_group": (StepGroup, STEP_GROUPS),
    "route": (RouteId, ROUTES),
    "role": (Role, ROLES),
    "strength": (Strength, STRENGTHS),
    "intervention_abuse_type": (InterventionAbuse, INTERVENTION_ABUSE_TYPES),
    "participant": (Participant, PARTICIPANTS),
    "source": (Source, SOURCES),
}
"""Each vocabulary's Literal type and its documentation, keyed by a short name."""


def values_of(literal: object) -> tuple[str, ...]:
    """The permitted values of a ``Literal`` vocabulary, in declaration order."""
    return tuple(get_args(literal))


REC_ID = re.compile(r"^1\.[1-8]\.\d{1,2}$")
FEATURE_ID = re.compile(r"^1\.3\.\d{1,2}$")
SLUG = re.compile(r"^[a-z][a-z0-9_]*$")


def recommendation_key(rec_id: str) -> tuple[int, ...]:
    """Sort key for recommendation numbers, so that 1.3.9 comes before 1.3.12."""
    return tuple(int(part) if part.isdecimal() else 0 for part in rec_id.split("."))


# --------------------------------------------------------------------------------------------
# Shared pieces
# --------------------------------------------------------------------------------------------


class Strict(BaseModel):
    """Base for every model: unknown keys are errors, text is trimmed, objects are read-only."""

    class Config:
        extra = "forbid"
        allow_mutation = False
        anystr_strip_whitespace = True


def _non_empty(value: str) -> str:
    if not value or not value.strip():
        raise ValueError("must not be empty")
    return value


def _must_be_text(value: object) -> object:
    """Refuse numbers where an id is expected: unquoted YAML reads 1.10 as the number 1.1."""
    if not isinstance(value, str):
        raise ValueError(f"must be quoted text in YAML, e.g. \"1.1\" (got the number {value!r})")
    return value


def _rec_ids(values: List[str]) -> List[str]:
    bad = [v for v in values if not REC_ID.match(v)]  # a number like 1.3 fails here too
    if bad:
        raise ValueError(f"not NG76 recommendation numbers (like '1.3.7'): {bad}")
    return values


def _unique(values: list) -> list:
    seen, dupes = set(), []
    for v in values:
        if v in seen:
            dupes.append(v)
        seen.add(v)
    if dupes:
        raise ValueError(f"listed more than once: {dupes}")
    return values


class Review(Strict):
    """Who last checked an entry against the source, and when it must be checked again.

    Modelled on openprescribing's measure definitions: clinical content rots quietly, so
    every entry carries its own dates and ``python -m bot guideline check`` reports entries
    whose ``next_review`` has passed.
    """

    checked_by: str
    date_reviewed: date
    next_review: date

    _checked_by = validator("checked_by", allow_reuse=True)(_non_empty)

    @root_validator(skip_on_failure=True)
    def _next_after_reviewed(cls, values: dict) -> dict:
        if values["next_review"] <= values["date_reviewed"]:
            raise ValueError("next_review must be after date_reviewed")
        return values


# --------------------------------------------------------------------------------------------
# Alerting features (1.3.12 to 1.3.43)
# --------------------------------------------------------------------------------------------


class AgeCondition(Strict):
    """An age condition in the guideline's wording; ``quote`` holds those words verbatim."""

    pre_pubertal: bool = False
    under: Optional[int] = None
    particularly_infant: bool = False
    example_school_aged: bool = False
    quote: str
    via: Optional[str] = None
    """Set when the age words are in another recommendation (1.3.34 refers to 1.3.33)."""

    @validator("under")
    def _under_is_an_age(cls, value: Optional[int]) -> Optional[int]:
        if value is not None and not 0 < value <= 18:
            raise ValueError("must be an age in years between 1 and 18")
        return value

    _via_text = validator("via", pre=True, allow_reuse=True)(lambda v: v if v is None else _must_be_text(v))

    @validator("via")
    def _via_is_a_feature(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and not FEATURE_ID.match(value):
            raise ValueError("must be an alerting feature number such as '1.3.33'")
        return value

    @root_validator(skip_on_failure=True)
    def _something_set(cls, values: dict) -> dict:
        if not (
            values["pre_pubertal"]
            or values["under"] is not None
            or values["particularly_infant"]
            or values["example_school_aged"]
        ):
            raise ValueError(
                "set at least one of pre_pubertal, under, particularly_infant, example_school_aged"
            )
        return values


class Conditions(Strict):
    """What must hold for a feature to be met, and what the guideline says to weigh."""

    persistence: Persistence
    persistence_wording: Optional[str] = None
    """The guideline's own word(s) that require persistence, e.g. 'repeatedly'."""
    escalates_to: Optional[str] = None
    escalated_from: Optional[str] = None
    age: Optional[AgeCondition] = None
    not_fully_explained_by: List[Explanation] = []
    exclusion_note: Optional[str] = None
    """Plain words on how the exclusions combine, where a reader could get it wrong."""
    cautions: List[str] = []
    """The guideline's 'take into account' sentences, verbatim."""

    _unique_explanations = validator("not_fully_explained_by", allow_reuse=True)(_unique)
    _ids_text = validator("escalates_to", "escalated_from", pre=True, allow_reuse=True)(
        lambda v: v if v is None else _must_be_text(v)
    )

    @validator("escalates_to", "escalated_from")
    def _feature_number(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and not FEATURE_ID.match(value):
            raise ValueError("must be an alerting feature number such as '1.3.32'")
        return value

    @root_validator(skip_on_failure=True)
    def _persistence_consistent(cls, values: dict) -> dict:
        persistence = values["persistence"]
        if persistence == "escalates" and not values["escalates_to"]:
            raise ValueError("persistence 'escalates' needs escalates_to")
        if values["escalates_to"] and persistence != "escalates":
            raise ValueError("escalates_to is only for persistence 'escalates'")
        if persistence == "required" and not values["persistence_wording"]:
            raise ValueError(
                "persistence 'required' needs persistence_wording: the guideline's own word(s)"
            )
        if persistence == "none" and values["persistence_wording"]:
            raise ValueError("persistence_wording given but persistence is 'none'")
        return values


class ExampleGroup(Strict):
    """A sub-heading of examples, as in 1.3.13 ('Emotional states', 'Behaviour', ...)."""

    heading: str
    items: List[str]


class AlertingFeature(Strict):
    """One alerting feature, 1.3.12 to 1.3.43: what to notice, at which level of concern."""

    id: str
    level: Level
    category: Category
    abuse_types: List[AbuseType]
    title: str
    quote: str
    summary: str
    examples: List[str] = []
    example_groups: List[ExampleGroup] = []
    conditions: Conditions
    review: Review

    _id_text = validator("id", pre=True, allow_reuse=True)(_must_be_text)

    @validator("id")
    def _id_is_a_feature(cls, value: str) -> str:
        if not FEATURE_ID.match(value):
            raise ValueError("must be a recommendation number in section 1.3, such as '1.3.23'")
        return value

    @validator("abuse_types")
    def _abuse_types(cls, value: List[str]) -> List[str]:
        if not value:
            raise ValueError("name at least one abuse type")
        return _unique(value)

    @validator("title")
    def _title_short(cls, value: str) -> str:
        words = len(value.split())
        if not 2 <= words <= 6:
            raise ValueError(f"must be a short plain label of 2 to 6 words (has {words})")
        return value

    _text = validator("quote", "summary", allow_reuse=True)(_non_empty)

    @root_validator(skip_on_failure=True)
    def _examples_from_groups(cls, values: dict) -> dict:
        groups = values.get("example_groups") or []
        if groups and values.get("examples"):
            raise ValueError("give either examples or example_groups, not both")
        if groups:
            values["examples"] = [item for group in groups for item in group.items]
        return values

    @property
    def number(self) -> tuple[int, ...]:
        """The id as a tuple of ints, for ordering."""
        return recommendation_key(self.id)


# --------------------------------------------------------------------------------------------
# Steps and special routes
# --------------------------------------------------------------------------------------------

BLOCK_CITE = "NG76 1.3, How to use these recommendations"


class Step(Strict):
    """One thing to do, in plain words, traced to the guideline's own words.

    ``quote`` is the source verbatim; ``points`` are its bullets verbatim. Where a step rests
    on something other than NG76's text (the national 999 number in NOTES.md, say), ``basis``
    says what, so a reviewer can see which words are the guideline's and which are ours.
    """

    id: str
    title: str
    text: str
    quote: Optional[str] = None
    points: List[str] = []
    recommendations: List[str] = []
    cite: Optional[str] = None
    basis: Optional[str] = None

    @validator("id")
    def _slug(cls, value: str) -> str:
        if not SLUG.match(value):
            raise ValueError("must be lower_snake_case, such as 'seek_advice'")
        return value

    _recs = validator("recommendations", allow_reuse=True)(_rec_ids)
    _text = validator("text", "title", allow_reuse=True)(_non_empty)

    @root_validator(skip_on_failure=True)
    def _traceable(cls, values: dict) -> dict:
        if not values.get("quote") and not values.get("basis"):
            raise ValueError("a step needs a verbatim quote, or a basis saying where it comes from")
        if not values.get("cite"):
            recs = values.get("recommendations") or []
            if not recs:
                raise ValueError("give cite, or the recommendations the step traces to")
            values["cite"] = "NG76 " + ", ".join(recs)
        return values


class LevelStep(Step):
    """A step from the block 'How to use these recommendations', tied to levels of concern."""

    group: StepGroup
    applies_to: List[Level]
    review: Review

    @root_validator(skip_on_failure=True)
    def _group_matches_levels(cls, values: dict) -> dict:
        group, levels = values["group"], set(values["applies_to"])
        if group in ("suspect", "consider") and levels != {group}:
            raise ValueError(f"a '{group}' step applies_to exactly [{group}]")
        if group in ("danger", "all_features", "context") and levels != {"consider", "suspect"}:
            raise ValueError(f"a '{group}' step applies_to [consider, suspect]")
        if not levels:
            raise ValueError("applies_to must name at least one level")
        return values


class Route(Strict):
    """A special route: a situation with its own response, outside the level steps."""

    id: RouteId
    title: str
    summary: str
    cite: str
    recommendations: List[str] = []
    quotes: List[str]
    steps: List[Step]
    role_notes: Dict[Role, str] = {}
    review: Review

    _recs = validator("recommendations", allow_reuse=True)(_rec_ids)

    @validator("quotes", "steps")
    def _not_empty(cls, value: list) -> list:
        if not value:
            raise ValueError("must list at least one")
        return value

    @property
    def quote(self) -> str:
        """All the route's verbatim quotes, one paragraph each."""
        return "\n\n".join(self.quotes)

    def note_for(self, role: Optional[str]) -> Optional[str]:
        """The note for a role, falling back to the 'other' note."""
        if role and role in self.role_notes:
            return self.role_notes[role]  # type: ignore[index]
        return self.role_notes.get("other")  # type: ignore[call-overload]


# --------------------------------------------------------------------------------------------
# Context: 1.1 principles, 1.2 vulnerability factors, 1.5 early help
# --------------------------------------------------------------------------------------------


class Bullet(Strict):
    """A bullet, verbatim, with its own sub-bullets if it has any (1.5.15)."""

    text: str
    items: List[str] = []


class Programme(Strict):
    """A named parenting or home-visiting programme in section 1.5."""

    kind: Literal["parenting", "home_visiting"]
    name: str
    examples: List[str] = []
    for_whom: str
    strength: Literal["consider", "include", "ensure"] = "consider"
    min_weeks: Optional[int] = None
    min_months: Optional[int] = None
    frequency: Optional[Literal["weekly"]] = None
    child_age_max: Optional[int] = None
    child_stage: Optional[Literal["preschool"]] = None
    """A stage the recommendation names in words ("of preschool children"), checked against its quote."""

    @property
    def age_limit(self) -> Optional[float]:
        """The oldest child the programme is for, in years: a stated age, or before school (under 5)."""
        if self.child_age_max is not None:
            return float(self.child_age_max)
        return 4.99 if self.child_stage == "preschool" else None


class ContextRecommendation(Strict):
    """A recommendation kept for context: quote and bullets verbatim, a plain summary."""

    id: str
    heading: Optional[str] = None
    quote: str
    items: List[Bullet] = []
    after: Optional[str] = None
    summary: str
    gap: Optional[str] = None
    """Where this copy of the source drops content (NOTES.md): said, never filled in."""
    programme: Optional[Programme] = None

    _id_text = validator("id", pre=True, allow_reuse=True)(_must_be_text)

    @validator("id")
    def _rec(cls, value: str) -> str:
        if not REC_ID.match(value):
            raise ValueError("must be a recommendation number such as '1.2.3'")
        return value

    @validator("items", pre=True, each_item=True)
    def _bullet_from_string(cls, value: object) -> object:
        return {"text": value} if isinstance(value, str) else value

    @property
    def bullets(self) -> List[str]:
        """The bullets flattened to text, sub-bullets after their parent."""
        out: List[str] = []
        for item in self.items:
            out.append(item.text)
            out.extend(item.items)
        return out


class ContextSection(Strict):
    """A whole section kept for context (1.1, 1.2 or 1.5)."""

    id: str
    title: str
    intro: List[str] = []
    recommendations: List[ContextRecommendation]
    review: Review

    _id_text = validator("id", pre=True, allow_reuse=True)(_must_be_text)

    @validator("id")
    def _section(cls, value: str) -> str:
        if not re.match(r"^1\.[1-8]$", value):
            raise ValueError("must be a section number such as '1.2' (quote it in YAML)")
        return value

    def recommendation(self, rec_id: str) -> ContextRecommendation:
        """One recommendation of the section by number."""
        for rec in self.recommendations:
            if rec.id == rec_id:
                return rec
        from .errors import UnknownRecommendation

        raise UnknownRecommendation(f"recommendation {rec_id} is not in section {self.id}")

    def under(self, heading: str) -> List[ContextRecommendation]:
        """The recommendations under one of the guideline's sub-headings, e.g. 'Family factors'."""
        return [r for r in self.recommendations if (r.heading or "").lower() == heading.lower()]

    @property
    def headings(self) -> List[str]:
        """The section's sub-headings in guideline order."""
        seen: List[str] = []
        for rec in self.recommendations:
            if rec.heading and rec.heading not in seen:
                seen.append(rec.heading)
        return seen


# --------------------------------------------------------------------------------------------
# Therapeutic interventions (1.7) and the NSPCC New Orleans Intervention Model
# --------------------------------------------------------------------------------------------


class AgeRange(Strict):
    """Inclusive ages in whole years: 'under 5' is max_years 4; None means no bound stated."""

    min_years: Optional[int] = None
    max_years: Optional[int] = None
    quote: str
    source: Source = "NG76"

    @root_validator(skip_on_failure=True)
    def _ordered(cls, values: dict) -> dict:
        lo, hi = values["min_years"], values["max_years"]
        for v in (lo, hi):
            if v is not None and not 0 <= v <= 17:
                raise ValueError("ages are 0 to 17 (children and young people)")
        if lo is not None and hi is not None and lo > hi:
            raise ValueError("min_years is above max_years")
        return values

    def includes(self, age: int) -> bool:
        """Whether a child of ``age`` whole years is in range."""
        return (self.min_years is None or age >= self.min_years) and (
            self.max_years is None or age <= self.max_years
        )


class Dose(Strict):
    """How much of an intervention, in the guideline's numbers. Unset means not stated."""

    sessions_min: Optional[int] = None
    sessions_max: Optional[int] = None
    sessions_extend_to: Optional[int] = None
    more_sessions_if_needed: bool = False
    parent_sessions_max: Optional[int] = None
    frequency: Optional[Literal["weekly"]] = None
    session_minutes_min: Optional[int] = None
    session_minutes_max: Optional[int] = None
    weeks_min: Optional[int] = None
    months_min: Optional[int] = None
    months_max: Optional[int] = None
    years: Optional[int] = None
    group_size_min: Optional[int] = None
    group_size_max: Optional[int] = None
    day_long_sessions_min: Optional[int] = None

    @root_validator(skip_on_failure=True)
    def _ranges(cls, values: dict) -> dict:
        for lo, hi in (
            ("sessions_min", "sessions_max"),
            ("session_minutes_min", "session_minutes_max"),
            ("months_min", "months_max"),
            ("group_size_min", "group_size_max"),
        ):
            if values[lo] is not None and values[hi] is not None and values[lo] > values[hi]:
                raise ValueError(f"{lo} is above {hi}")
        return values


class InterventionOption(Strict):
    """One of several alternatives within a recommendation (1.7.19)."""

    name: str
    format: Literal["individual", "group"]
    sessions_max: Optional[int] = None
    quote: str


class ScieEntry(Strict):
    """How the NICE/SCIE quick guide presents the same intervention, verbatim."""

    age_group: str
    heading: str
    examples: List[str] = []
    points: List[str] = []
    aims: Optional[str] = None


class Intervention(Strict):
    """A therapeutic intervention after abuse or neglect, with who, how old, how much."""

    id: str
    source: Literal["NG76", "NSPCC"]
    recommendations: List[str] = []
    """The recommendation itself first, then any it refers to for details (1.7.13 -> 1.7.12)."""
    name: str
    examples: List[str] = []
    strength: Optional[Strength] = None
    age: AgeRange
    child_sex: Optional[Literal["girls", "boys"]] = None
    abuse_types: List[InterventionAbuse]
    participants: List[Participant]
    condition: Optional[str] = None
    setting: Optional[str] = None
    dose: Dose = Dose()
    options: List[InterventionOption] = []
    aims: List[str] = []
    offers: List[str] = []
    summary: str
    quotes: List[str]
    scie: Optional[ScieEntry] = None
    review: Review

    _id_text = validator("id", pre=True, allow_reuse=True)(_must_be_text)
    _recs = validator("recommendations", allow_reuse=True)(_rec_ids)
    _uniq = validator("abuse_types", "participants", allow_reuse=True)(_unique)

    @root_validator(skip_on_failure=True)
    def _source_rules(cls, values: dict) -> dict:
        if values["source"] == "NG76":
            if values["id"] != (values["recommendations"] or [None])[0]:
                raise ValueError("an NG76 intervention's id is its recommendation, listed first")
            if not re.match(r"^1\.7\.\d+$", values["id"]):
                raise ValueError("an NG76 intervention's id is a 1.7 recommendation number")
            if values["strength"] is None:
                raise ValueError("an NG76 intervention needs strength: offer or consider")
        else:
            if values["recommendations"] or values["strength"]:
                raise ValueError(
                    "an NSPCC entry is not a NICE recommendation: no recommendations or strength"
                )
        if not values["abuse_types"] or not values["participants"] or not values["quotes"]:
            raise ValueError("abuse_types, participants and quotes must each list at least one")
        return values

    def suits(
        self, age: Optional[int] = None, abuse_type: Optional[str] = None, carer: Optional[str] = None
    ) -> bool:
        """Whether this intervention matches a query; see ``Guideline.interventions_for``."""
        if age is not None and not self.age.includes(age):
            return False
        if abuse_type is not None and not (set(_abuse_query(abuse_type)) & set(self.abuse_types)):
            return False
        if carer is not None and carer not in self.participants:
            return False
        return True


def _abuse_query(abuse_type: str) -> tuple[str, ...]:
    """Map an alerting-feature abuse type onto the intervention vocabulary.

    'abuse_and_neglect' is NG76's umbrella and matches every type; emotional neglect is a
    form of neglect. Anything else must be an intervention abuse type.
    """
    if abuse_type == "abuse_and_neglect":
        return values_of(InterventionAbuse)
    if abuse_type == "emotional_neglect":
        return ("neglect",)
    return (abuse_type,)


class LevelMeaning(Strict):
    """What one level of concern means: said beside the level in the advice and the practice debrief."""

    id: LevelId
    meaning: str
    definition: Optional[str] = None
    cite: str

    _text = validator("meaning", "cite", allow_reuse=True)(_non_empty)


MODELS_BY_SECTION = {
    "levels": LevelMeaning,
    "alerting_features": AlertingFeature,
    "steps": LevelStep,
    "routes": Route,
    "interventions": Intervention,
    "principles": ContextSection,
    "vulnerability_factors": ContextSection,
    "early_help": ContextSection,
}
"""The top-level keys a knowledge file may hold, and the model of each entry."""
