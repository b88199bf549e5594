"""Score a practice answer against a scenario, and write the debrief. Pure functions: no model, no database.

The trainee answers three questions; each is scored on its own (0 to 1) and the overall score is their mean:

1. **What do you notice?** The dialogue maps the trainee's words with the live observation mapper (the same
   NLU pipeline as a real concern) and passes the mapping here. Each expected feature, route and set-aside
   feature counts 1 when the trainee's mapping has it, 0.5 when it has a near miss (1.3.31 for 1.3.32: the
   interaction without its persistence; 1.3.21 for 1.3.22: the sexual behaviour features that differ by age
   or kind; a set-aside feature named as met; an expected feature described as a one-off), and 0 when missed.
   Features the trainee named that the scenario does not expect are listed with the guideline's reason.
   A scenario with nothing to find scores 1 when the trainee found nothing, 0.5 otherwise.
2. **How worried are you?** ``parse_level`` reads free text or a button payload as none, consider, suspect
   or danger. The right level scores 1, one step away 0.5 (under-triage is flagged as the riskier way),
   further 0. The debrief gives the knowledge base's reason for the expected level.
3. **What do you do next?** ``recognise_steps`` applies the transparent keyword rules in ``STEP_RULES``
   (documented in ``docs/scenarios.md``) to find knowledge-base step ids in the answer. The score is the
   share of the expected steps named, the live advice's most important step counting double (except in a
   'record it, keep watching, review' case, where every step counts the same). Naming a
   referral or 999 where the live advice does not give one is flagged as over-reaction.
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from bot.findings import Finding, Findings, SetAside
from bot.guideline import Guideline, guideline
from bot.guideline.vocabulary import Level, Route

from .schema import Scenario, allowed_steps, cite_label

PRACTICE_KIND = "practice_score"
"""The ``kind`` of a scored practice answer's payload (live advice is ``advice``): transcripts and the review
app tell practice from a real concern by it."""

# Near misses: the trainee's feature is the right observation with the wrong condition.
ESCALATION_PAIRS = {("1.3.31", "1.3.32"), ("1.3.33", "1.3.34")}
SEXUAL_BEHAVIOUR = {"1.3.20", "1.3.21", "1.3.22"}

# ---------------------------------------------------------------------------------------------------------
# Reading the level
# ---------------------------------------------------------------------------------------------------------

_PAYLOAD = re.compile(r'"level"\s*:\s*"(none|consider|suspect|danger)"', re.I)
_PAYLOAD_INTENT = re.compile(r"^/\w*?(none|consider|suspect|danger)\b", re.I)
LEVEL_RULES: List[Tuple[str, str, str]] = [
    ("danger", "immediate danger, in danger, danger, 999, emergency",
     r"\bimmediate(?:ly)?\s+danger\b|\bin\s+danger\b|\bdanger\b|\b999\b|\bemergency\b"),
    ("suspect", "suspect, serious concern, high concern, very worried",
     r"\bsuspect\w*\b|\bserious(?:ly)?\s+(?:concern\w*|worried|level)\b|\bhigh(?:er)?\s+(?:concern|level|risk)\b|"
     r"\bvery\s+(?:worried|concerned)\b|\breally\s+(?:worried|concerned)\b"),
    ("consider", "consider, possible, some concern, low concern, a bit worried",
     r"\bconsider\w*\b|\bpossible\b|\bpossibly\b|\bsome\s+concern\w*\b|\blow(?:er)?\s+(?:concern|level|risk)\b|"
     r"\b(?:a\s+bit|slightly|a\s+little|mildly)\s+(?:worried|concerned)\b"),
    ("none", "none, no concern, not worried, nothing, not met yet, a one-off, just record and watch",
     r"\bnone\b|\bno\s+(?:real\s+)?(?:concerns?|worries|alerting\s+features?|features?|safeguarding\s+concerns?)\b|"
     r"\bnot\s+(?:really\s+)?(?:worried|concerned)\b|\bnothing\b|\bnot\s+(?:met|an?\s+alerting)\b|\bnot\s+yet\b|"
     r"\bone[- ]off\b|\bjust\s+(?:record|note|log|monitor|watch)\b"),
]
_LEVEL_RES = [(level, re.compile(pattern, re.I)) for level, _, pattern in LEVEL_RULES]
_NEGATION = re.compile(r"\b(?:not|never|no|isn't|wasn't|wouldn't|won't|don't|doesn't|didn't|below|rather\s+than|"
                       r"instead\s+of)\b(?:\s+\w+){0,3}\s*$|n't(?:\s+\w+){0,3}\s*$", re.I)


def _negated(text: str, start: int) -> bool:
    """Whether a match starting at ``start`` is negated within its clause ("not suspect", "wouldn't say danger")."""
    before = re.split(r"[.;,:!?]|\bbut\b", text[max(0, start - 40):start])[-1]
    return bool(_NEGATION.search(before))


def parse_level(answer: str) -> Tuple[Optional[str], Optional[str]]:
    """Read a level of concern from an answer: (level or None, the words that said so).

    Button payloads (``{"level": "suspect"}``, ``/practice_level_suspect``) are read first; then the first
    level word in the text that is not negated ("not suspect yet, consider" is consider).
    """
    text = (answer or "").strip()
    if not text:
        return None, None
    payload = _PAYLOAD.search(text) or _PAYLOAD_INTENT.search(text)
    if payload:
        return payload.group(1).lower(), payload.group(0)
    found = []
    for level, regex in _LEVEL_RES:
        for match in regex.finditer(text):
            if level != "none" and _negated(text, match.start()):
                continue
            found.append((match.start(), Level(level).rank, level, match.group(0)))
    if not found:
        return None, None
    _, _, level, words = min(found)
    return level, words


# ---------------------------------------------------------------------------------------------------------
# Reading the next steps: transparent keyword rules, one per knowledge-base step id
# ---------------------------------------------------------------------------------------------------------

_SOCIAL_CARE = r"\b(?:children'?s\s+social\s+care|social\s+care|social\s+services|children'?s\s+services|mash|" \
               r"front\s+door|multi-?agency|social\s+worker|local\s+authority)\b"
_REFER = r"\brefer\w*\b"
_LEAD = r"\b(?:dsl|ddsl|safeguarding\s+(?:lead|team|officer|nurse|doctor|manager|colleague)|designated\s+\w+|" \
        r"named\s+(?:nurse|doctor|professional|colleague|person|lead)|my\s+(?:lead|manager|supervisor)|" \
        r"line\s+manager|supervisor|head\s*teacher|nursery\s+manager)\b"
_POLICE = r"\bpolice\b|\b101\b"
_NEAR = r"(?:(?!\bif\b|\bbut\b)[^.;]){0,40}?"
_NOW = r"\b(?:now|straight\s+away|immediately|right\s+away|urgently|at\s+once)\b"


@dataclass(frozen=True)
class StepRule:
    """How a step is recognised in an answer: any alternative whose patterns all match (case-insensitive)."""

    step: str
    words: str
    """The rule in plain words, for docs/scenarios.md and the debrief."""
    alternatives: Tuple[Tuple[str, ...], ...]
    negatable: bool = True
    """False where the step is itself usually said in the negative ("don't let his immigration status get in
    the way"): a negation before the words does not cancel them."""


STEP_RULES: List[StepRule] = [
    StepRule("concern_rises_to_suspect", "'if' ... 'worse / continues / again / rises / grows / escalates / persists', "
             "or 'if' ... 'concern / worry / level' ... 'refer / suspect'",
             ((r"\bif\b[^.;]{0,60}?\b(?:worse|continu\w*|again|rises?|grows?|increases?|escalat\w*|persist\w*|"
               r"repeat\w*|more\s+(?:signs|concerns))\b",),
              (r"\bif\b[^.;]{0,40}?\b(?:concern\w*|worr\w*|level)\b[^.;]{0,40}?\b(?:refer\w*|suspect)\b",))),
    StepRule("immediate_danger", "999, emergency, police now / straight away / immediately / urgently",
             ((r"\b999\b",), (r"\bemergency\b",),
              (rf"\bpolice\b{_NEAR}{_NOW}|{_NOW}{_NEAR}\bpolice\b",))),
    StepRule("seek_advice", "DSL, safeguarding lead / team, designated or named colleague, my manager or "
             "supervisor, head teacher, 'advice'",
             ((_LEAD,), (r"\badvice\b",), (r"\bask\s+(?:my|the|our)\s+(?:lead|manager)\b",))),
    StepRule("speak_to_child", "talk / speak / chat with the child (him, her, them), ask the child, open questions",
             ((r"\b(?:talk|speak|chat)\w*\s+(?:to|with)\s+(?:the\s+(?:child|boy|girl|young\s+person)|him|her|them)\b"
               r"(?!\s+(?:mum|dad|mother|father|parents?|carers?|family|teacher|manager|gp)\b)",),
              (r"\bask\s+(?:the\s+(?:child|boy|girl)|him|her|them)\b(?!\s+(?:mum|dad|mother|father|parents?|carers?))",),
              (r"\bopen\s+questions?\b",))),
    StepRule("suspect_discuss_referral", "refer / referral, children's social care, social services, MASH, front "
             "door, multi-agency",
             ((_REFER,), (_SOCIAL_CARE,))),
    StepRule("consider_look_for_other_features", "other signs / features / indicators / concerns, history, "
             "chronology, pattern, anything else, look for",
             ((r"\bother\s+(?:signs|features|indicators|concerns|alerting)\b",), (r"\bhistory\b",),
              (r"\bchronolog\w*\b",), (r"\bpattern\w*\b",), (r"\banything\s+else\b",), (r"\blook\s+for\b",))),
    StepRule("consider_gather_information", "other agencies, gather / share information, check with the GP / "
             "health visitor / school nurse / nursery / school, speak to the parents or family",
             ((r"\bother\s+(?:agencies|professionals|services)\b",),
              (r"\b(?:gather|share|sharing|collect|get)\w*\s+(?:more\s+)?information\b",),
              (r"\b(?:check|speak|talk|liaise)\w*\s+(?:in\s+)?(?:with|to)\s+(?:the\s+|her\s+|his\s+|their\s+)?"
               r"(?:gp|health\s+visitor|school\s+nurse|nursery|school|parents?|family|mum|dad|carers?)\b",),
              (r"\bfind\s+out\s+more\b",))),
    StepRule("consider_review", "review, monitor, keep an eye / watching, watch, follow up, look out for",
             ((r"\breview\w*\b",), (r"\bmonitor\w*\b",), (r"\bkeep\s+(?:an\s+eye|watching|a\s+close\s+eye)\b",),
              (r"\bwatch\w*\b",), (r"\bfollow[- ]?up\b",), (r"\blook\s+out\s+for\b",), (r"\bcheck\s+again\b",))),
    StepRule("early_help", "early help, family support, parenting support / programme",
             ((r"\bearly\s+help\b",), (r"\bfamily\s+support\b",), (r"\bparenting\s+(?:support|programme|course)\b",),
              (r"\bsupport\s+(?:for\s+)?the\s+family\b",))),
    StepRule("keep_abuse_in_mind", "keep (abuse / neglect / it) in mind, still consider, don't assume, open mind, "
             "not rule out",
             ((r"\bkeep\s+(?:abuse|neglect|it|that|this)\s+in\s+mind\b",), (r"\bstill\s+consider\b",),
              (r"\bdon'?t\s+assume\b",), (r"\bopen\s+mind\b",), (r"(?:\bnot|n't)\s+rule\s+(?:\w+\s+){0,2}?out\b",)),
             negatable=False),
    StepRule("non_recent_abuse", "past / non-recent abuse, support the child and carers need",
             ((r"\bnon-?recent\b",), (r"\bpast\s+(?:abuse|neglect)\b",),
              (r"\bsupport\s+(?:they|the\s+child|the\s+carers?|the\s+family)\s+need\b",))),
    StepRule("record", "record, write down / up, log, note, CPOMS, MyConcern, concern form, document",
             ((r"\brecord\w*\b",), (r"\bwrit\w+\s+(?:it\s+|this\s+|everything\s+)?(?:down|up)\b",), (r"\blog\w*\b",),
              (r"\bnotes?\b",), (r"\bcpoms\b",), (r"\bmyconcern\b",), (r"\bconcern\s+form\b",), (r"\bdocument\w*\b",))),
    StepRule("disclosure_telling_is_hard", "believe / thank / reassure the child, brave, not their fault",
             ((r"\bbelieve\b",), (r"\bthank\w*\b",), (r"\breassur\w*\b",), (r"\bbrave\b",), (r"\bnot\s+(?:his|her|their)\s+fault\b",))),
    StepRule("disclosure_explore_non_leading", "open questions, non-leading, don't lead, TED, listen",
             ((r"\bopen\s+questions?\b",), (r"\bnon-?leading\b",), (r"(?:\bnot|n't|\bwithout)\s+lead\w*\b",),
              (r"\bted\b",), (r"\blisten\w*\b",))),
    StepRule("disclosure_protect_investigation", "don't investigate / interview / examine, achieving best evidence, "
             "leave it to the police or social care",
             ((r"(?:\bnot|n't|\bnever)\s+(?:to\s+)?(?:investigate|interview|examine|question)\b",),
              (r"\bachieving\s+best\s+evidence\b",), (r"\babe\b",), (r"\bleave\s+it\s+to\b",)), negatable=False),
    StepRule("disclosure_how_to_talk", "confidentiality, can't keep a secret, can't promise",
             ((r"\bconfidential\w*\b",), (r"\b(?:can'?t|cannot|won'?t)\s+(?:keep\s+(?:it\s+)?(?:a\s+)?secret|promise)\b",),
              (r"\bsecret\b",)), negatable=False),
    StepRule("disclosure_refer", "refer / referral, children's social care, social services, MASH, front door",
             ((_REFER,), (_SOCIAL_CARE,))),
    StepRule("disclosure_explain_next", "tell / explain to the child who I will tell / what happens next",
             ((r"\b(?:tell|explain\w*\s+to|let)\s+(?:the\s+child|him|her|them)\b[^.;]{0,40}\b(?:who|what|next|know)\b",),
              (r"\bwhat\s+(?:will\s+)?happens?\s+next\b",), (r"\bwho\s+I\s+(?:need|have)\s+to\s+tell\b",))),
    StepRule("fgm_regulated_report_police", "police, 101, mandatory report(ing), duty to report",
             ((_POLICE,), (r"\bmandatory\s+report\w*\b",), (r"\bduty\s+to\s+report\b",))),
    StepRule("fgm_other_roles", "the safeguarding lead (DSL, manager) and children's social care / a referral",
             ((_LEAD, _SOCIAL_CARE), (_LEAD, _REFER))),
    StepRule("fii_follow_child_maltreatment_guideline", "fabricated / induced illness, FII, child maltreatment "
             "guideline, paediatrician, named doctor",
             ((r"\bfabricat\w*\b",), (r"\binduced\b",), (r"\bfii\b",), (r"\bchild\s+maltreatment\s+guideline\b",),
              (r"\bcg89\b",), (r"\bpaediatrician\b",), (r"\bnamed\s+doctor\b",))),
    StepRule("trafficking_recognise", "trafficked / trafficking, exploitation, modern slavery, forced labour",
             ((r"\btraffick\w*\b",), (r"\bexploit\w*\b",), (r"\bmodern\s+slavery\b",), (r"\bforced\s+(?:labour|work)\b",))),
    StepRule("trafficking_refer", "children's social care (or a referral) and the police",
             ((_SOCIAL_CARE, _POLICE), (_REFER, _POLICE))),
    StepRule("trafficking_national_referral_mechanism", "National Referral Mechanism, NRM, first responder",
             ((r"\bnational\s+referral\s+mechanism\b",), (r"\bnrm\b",), (r"\bfirst\s+responder\b",))),
    StepRule("trafficking_protection_first", "age or immigration status (doubts) don't override protection, "
             "protection first",
             ((r"\bimmigration\b",), (r"\bage\s+(?:dispute|doubt|assessment|question)\w*\b",),
              (r"\bprotection\s+(?:comes\s+)?first\b",)), negatable=False),
    StepRule("trafficking_interpreter", "interpreter",
             ((r"\binterpret\w*\b",),)),
    StepRule("trafficking_continuity", "same interpreter / keyworker / worker, continuity, independent advocate or "
             "guardian",
             ((r"\bcontinuity\b",), (r"\bsame\s+(?:interpreter|keyworker|key\s+worker|worker|advocate|person)\b",),
              (r"\bindependent\s+(?:advocate|guardian)\b",))),
    StepRule("trafficking_government_guidance", "government / statutory / Home Office guidance on trafficking",
             ((r"\b(?:government|statutory|home\s+office)\s+guidance\b",),)),
    StepRule("injury_outside_ng76", "medical assessment / examination, paediatrician, doctor, child maltreatment "
             "guideline, body map, injury / bruising protocol",
             ((r"\bmedical\s+(?:assessment|examination|check|attention|opinion)\b",), (r"\bpaediatric\w*\b",),
              (r"\bdoctor\b",), (r"\bgp\b",), (r"\bchild\s+maltreatment\s+guideline\b",), (r"\bbody\s+map\b",),
              (r"\b(?:injury|bruis\w*)\s+(?:protocol|policy|procedure)\b",))),
    StepRule("injury_explanation_suggests_poor_supervision", "supervision, left alone, unsupervised, the explanation",
             ((r"\bsupervis\w*\b",), (r"\bleft\s+alone\b",), (r"\bexplanation\b",))),
]
RULES_BY_STEP: Dict[str, StepRule] = {rule.step: rule for rule in STEP_RULES}
_COMPILED = {rule.step: [[re.compile(p, re.I) for p in alt] for alt in rule.alternatives] for rule in STEP_RULES}

REFERRAL_STEPS = frozenset({"suspect_discuss_referral", "disclosure_refer", "trafficking_refer",
                            "fgm_regulated_report_police", "fgm_other_roles"})
ESCALATING_STEPS = REFERRAL_STEPS | {"immediate_danger"}


def _first_unnegated(regex: re.Pattern, text: str) -> Optional[re.Match]:
    for match in regex.finditer(text):
        if not _negated(text, match.start()):
            return match
    return None


def recognise_steps(answer: str) -> Dict[str, str]:
    """The knowledge-base step ids an answer names, each with the words that matched (``STEP_RULES``).

    A conditional referral ("if it happens again I'd refer") is ``concern_rises_to_suspect`` and its words
    are not read again as a referral now; a negated phrase ("I wouldn't refer yet") counts for nothing.
    """
    text = " ".join((answer or "").split())
    found: Dict[str, str] = {}
    conditional = None
    for alternative in _COMPILED["concern_rises_to_suspect"]:
        conditional = _first_unnegated(alternative[0], text)
        if conditional:
            found["concern_rises_to_suspect"] = conditional.group(0)
            break
    rest = text
    if conditional:
        # the referral words of "if it happens again I'd refer to social care" are for later, not now
        end = re.search(r"[.;!?]|$", text[conditional.start():]).start() + conditional.start()  # type: ignore[union-attr]
        span = re.sub(f"{_REFER}|{_SOCIAL_CARE}|{_POLICE}", " … ", text[conditional.start():end], flags=re.I)
        rest = text[:conditional.start()] + span + text[end:]
    for rule in STEP_RULES:
        if rule.step == "concern_rises_to_suspect":
            continue
        for alternative in _COMPILED[rule.step]:
            matches = [_first_unnegated(regex, rest) if rule.negatable else regex.search(rest)
                       for regex in alternative]
            if all(matches):
                found[rule.step] = " … ".join(m.group(0) for m in matches)  # type: ignore[union-attr]
                break
    return found


# ---------------------------------------------------------------------------------------------------------
# Reasons, from the knowledge base
# ---------------------------------------------------------------------------------------------------------


def feature_reason(feature_id: str, knowledge: Guideline) -> str:
    """Why an alerting feature has its level, in the guideline's terms ("1.3.32 is suspect because ...")."""
    f = knowledge.feature(feature_id)
    c = f.conditions
    word = f.level.capitalize()
    if c.escalated_from:
        wording = c.persistence_wording or "persistent"
        noun = "interactions" if wording.startswith("are") else "interaction"
        text = (f"NG76 {f.id} is {f.level} because the {noun} described in {c.escalated_from} {wording} "
                f"({c.escalated_from} on its own is {knowledge.feature(c.escalated_from).level})")
    elif c.persistence == "required":
        text = (f"NG76 {f.id} is {f.level}: the recommendation starts '{word}' and its wording needs "
                f"'{c.persistence_wording}', which the vignette shows")
    elif c.persistence == "escalates":
        text = (f"NG76 {f.id} is {f.level}: one observation is enough; if it persists it becomes {c.escalates_to} "
                f"({knowledge.feature(c.escalates_to).level})")
    else:
        text = f"NG76 {f.id} is {f.level}: the recommendation starts '{word}' ({Level(f.level).meaning})"
    if c.age and not c.age.via:
        text += f"; it is about {c.age.quote}"
    return text


def route_reason(route_id: str, knowledge: Guideline) -> str:
    route = knowledge.route(route_id)
    if route_id == "danger":
        return ("Immediate danger comes before every other step: children's social care and/or the police now, "
                "999 in an emergency (NG76 1.3, How to use these recommendations)")
    if route_id == "injury":
        return (f"{route.title}: physical injuries are outside NG76 (the child maltreatment guideline covers them), "
                "so they have their own route to your safeguarding lead; 'nothing found' is never the answer "
                f"({route.cite})")
    return f"{route.title} ({route.cite}) has a response of its own; it counts as a serious ('suspect') concern"


def set_aside_reason(feature_id: str, reason: str, knowledge: Guideline, child_age: str = "") -> str:
    f = knowledge.feature(feature_id)
    c = f.conditions
    if reason == "one_off":
        return (f"NG76 {f.id} ({f.title.lower()}) needs '{c.persistence_wording}'; the vignette shows a one-off, "
                "so it is not met yet: record it, keep watching and review")
    if reason == "dealt_with":
        return (f"NG76 {f.id} ({f.title.lower()}) needs '{c.persistence_wording}'; here it was dealt with "
                "promptly, so it is not met: record it, keep watching and review")
    if reason == "explained":
        kinds = ", ".join(k.replace("_", " ") for k in c.not_fully_explained_by)
        return (f"NG76 {f.id} ({f.title.lower()}) is set aside because the vignette gives an explanation the "
                f"guideline names ({kinds}); keep abuse and neglect in mind even so, record it and review")
    quote = c.age.quote if c.age else "a particular age"
    return f"NG76 {f.id} ({f.title.lower()}) is about {quote}; this child is {child_age}"


# ---------------------------------------------------------------------------------------------------------
# The score
# ---------------------------------------------------------------------------------------------------------


@dataclass
class Item:
    """One expected or named finding: a feature number or route id, with how it was judged."""

    id: str
    title: str
    level: str
    status: str
    """spotted | partial | missed | extra"""
    credit: float = 0.0
    note: str = ""
    evidence: str = ""


@dataclass
class LevelResult:
    given: Optional[str]
    given_words: Optional[str]
    expected: str
    score: float
    direction: Optional[str]
    """'under' or 'over' when the level differs, None when right or unreadable."""
    reasons: List[str]


@dataclass
class StepsResult:
    expected: List[str]
    matched: List[str]
    missed: List[str]
    named: Dict[str, str]
    """Every step id recognised in the answer, with the words that matched."""
    key_step: Optional[str]
    over_reaction: List[str]
    score: float


@dataclass
class PracticeScore:
    """How a practice answer compares with the scenario, part by part, with a debrief in plain words."""

    scenario_id: str
    title: str
    items: List[Item]
    level: LevelResult
    steps: StepsResult
    debrief_points: List[Tuple[str, List[str]]]
    common_mistakes: List[str]
    step_texts: Dict[str, Tuple[str, str]] = field(default_factory=dict)
    """Step id -> (title, cite), for the debrief."""

    # ---- parts --------------------------------------------------------------------------------------
    @property
    def spotted(self) -> List[Item]:
        return [i for i in self.items if i.status == "spotted"]

    @property
    def partial(self) -> List[Item]:
        return [i for i in self.items if i.status == "partial"]

    @property
    def missed(self) -> List[Item]:
        return [i for i in self.items if i.status == "missed"]

    @property
    def extra(self) -> List[Item]:
        return [i for i in self.items if i.status == "extra"]

    @property
    def missed_feature_ids(self) -> List[str]:
        """Expected features and routes not (fully) spotted: what the cohort view counts as missed."""
        return [i.id for i in self.items if i.status in ("missed", "partial")]

    @property
    def noticed_score(self) -> float:
        expected = [i for i in self.items if i.status != "extra"]
        if expected:
            return round(sum(i.credit for i in expected) / len(expected), 3)
        return 0.5 if self.extra else 1.0

    @property
    def scores(self) -> Dict[str, float]:
        parts = {"noticed": self.noticed_score, "level": self.level.score, "steps": self.steps.score}
        return {**parts, "overall": round(sum(parts.values()) / 3, 3)}

    # ---- output -------------------------------------------------------------------------------------
    def summary(self) -> dict:
        """The scores and ids only, no free text: what the results table stores."""
        return {
            "scores": self.scores,
            "spotted": [i.id for i in self.spotted],
            "partial": [i.id for i in self.partial],
            "missed": [i.id for i in self.missed],
            "extra": [i.id for i in self.extra],
            "level": {"given": self.level.given, "expected": self.level.expected, "direction": self.level.direction},
            "steps": {"matched": self.steps.matched, "missed": self.steps.missed,
                      "over_reaction": self.steps.over_reaction},
        }

    def to_dict(self) -> dict:
        """Everything, JSON-ready, marked as practice so that no transcript reads it as a real concern."""
        return {
            "kind": PRACTICE_KIND,
            "practice": True,
            "scenario_id": self.scenario_id,
            "title": self.title,
            "scores": self.scores,
            "items": [asdict(i) for i in self.items],
            "missed_feature_ids": self.missed_feature_ids,
            "level": asdict(self.level),
            "steps": asdict(self.steps),
            "debrief": self.debrief_text(),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    def debrief_text(self) -> str:
        """The debrief in plain words: spotted, missed, the level and why, the steps, the trainer's points."""
        out = [f"Practice debrief: {self.title} (a fictional case)"]

        def line(item: Item) -> str:
            label = f"NG76 {item.id}" if not Route.known(item.id) else "Route"
            text = f"• {label}, {item.title.lower()} ({item.level})"
            return text + (f": {item.note}" if item.note else "")

        if self.spotted:
            out += ["", "What you spotted:"] + [line(i) for i in self.spotted]
        if self.partial:
            out += ["", "Nearly:"] + [line(i) for i in self.partial]
        if self.missed:
            out += ["", "What you missed:"] + [line(i) for i in self.missed]
        if self.extra:
            out += ["", "You also named (the scenario does not count these):"] + [line(i) for i in self.extra]
        if not self.items:
            out += ["", "There is no NG76 alerting feature in this case, and you found none: right."]

        lv = self.level
        out.append("")
        expected_word = lv.expected.upper()
        if lv.given is None:
            out.append(f"Level: I couldn't read a level in your answer. The level here is {expected_word}.")
        elif lv.direction is None:
            out.append(f"Level: you said {lv.given.upper()}, which is right.")
        elif lv.direction == "under":
            out.append(f"Level: you said {lv.given.upper()}; the level here is {expected_word}. You rated it lower "
                       "than the guideline does, the riskier way to be wrong.")
        else:
            out.append(f"Level: you said {lv.given.upper()}; the level here is {expected_word}. You rated it higher "
                       "than the guideline does.")
        out += [f"  Why: {reason}." for reason in lv.reasons]

        st = self.steps
        out.append("")
        if st.expected:
            named = ", ".join(self._step_label(s) for s in st.matched) or "none of the expected steps"
            out.append(f"Next steps you named: {named}.")
            if st.missed:
                out.append("Steps to add:")
                for s in st.missed:
                    key = " (the most important step here)" if s == st.key_step and lv.expected != "none" else ""
                    out.append(f"• {self._step_label(s)}{key}")
        else:
            out.append("Next steps: no NG76 safeguarding steps are needed for this case.")
        for s in st.over_reaction:
            out.append(f"• You would {self._step_label(s).lower()}: the live advice does not give that for this "
                       "case. Check the level first.")

        if self.debrief_points:
            out += ["", "Points from the trainer:"]
            out += [f"• {point} ({', '.join(cite_label(c) for c in cites)})" for point, cites in self.debrief_points]
        if self.common_mistakes:
            out += ["", "Common mistakes with this case:"] + [f"• {m}" for m in self.common_mistakes]
        sc = self.scores
        out += ["", f"Scores: noticing {sc['noticed']:.0%}, level {sc['level']:.0%}, next steps {sc['steps']:.0%}; "
                    f"overall {sc['overall']:.0%}."]
        return "\n".join(out)

    def _step_label(self, step_id: str) -> str:
        title, cite = self.step_texts.get(step_id, (step_id, ""))
        return f"{title} ({cite})" if cite else title


def _mapped(noticed: Findings) -> Tuple[Dict[str, Finding], Dict[str, SetAside]]:
    """The trainee's features (by id; routes included) and set-aside items (not met or explained)."""
    features = {f.id: f for f in noticed.features if f.id}
    aside = {item.id: item for item in noticed.set_aside if item.id}
    return features, aside


def _related(expected: str, given: set) -> Optional[str]:
    for a, b in ESCALATION_PAIRS:
        if expected == a and b in given:
            return b
        if expected == b and a in given:
            return a
    if expected in SEXUAL_BEHAVIOUR:
        for other in sorted(SEXUAL_BEHAVIOUR - {expected}):
            if other in given:
                return other
    return None


def _score_items(scenario: Scenario, features: Dict[str, Finding], aside: Dict[str, SetAside],
                 knowledge: Guideline) -> List[Item]:
    e = scenario.expected
    items: List[Item] = []
    used: set = set()
    for ef in e.features:
        kb = knowledge.feature(ef.id)
        if ef.id in features:
            items.append(Item(ef.id, kb.title, ef.level, "spotted", 1.0, evidence=features[ef.id].evidence))
            used.add(ef.id)
            continue
        other = _related(ef.id, set(features))
        if other:
            used.add(other)
            if {ef.id, other} in [set(p) for p in ESCALATION_PAIRS]:
                note = (f"you described NG76 {other} ({knowledge.feature(other).level}); {feature_reason(ef.id, knowledge)}"
                        if knowledge.feature(ef.id).conditions.escalated_from else
                        f"you described NG76 {other}, which needs it to be persistent; the vignette does not show that")
            else:
                note = (f"you described NG76 {other}; the vignette fits {ef.id}: {kb.summary}")
            items.append(Item(ef.id, kb.title, ef.level, "partial", 0.5, note, features[other].evidence))
            continue
        if ef.id in aside:
            items.append(Item(ef.id, kb.title, ef.level, "partial", 0.5,
                              f"you noticed it but set it aside ({aside[ef.id].reason}); "
                              f"{feature_reason(ef.id, knowledge)}", aside[ef.id].evidence))
            used.add(ef.id)
            continue
        items.append(Item(ef.id, kb.title, ef.level, "missed", 0.0, kb.summary))
    for route in e.routes:
        r = knowledge.route(route)
        level = Route(route).level.value
        if route in features:
            items.append(Item(route, r.title, level, "spotted", 1.0, evidence=features[route].evidence))
            used.add(route)
        else:
            items.append(Item(route, r.title, level, "missed", 0.0, route_reason(route, knowledge)))
    for sa in e.set_aside:
        kb = knowledge.feature(sa.id)
        reason = set_aside_reason(sa.id, sa.reason, knowledge, scenario.child_age.text)
        if sa.id in aside:
            items.append(Item(sa.id, kb.title, "not met", "spotted", 1.0, "you saw that its condition is not met",
                              aside[sa.id].evidence))
        elif sa.id in features:
            items.append(Item(sa.id, kb.title, "not met", "partial", 0.5, f"you counted it as met; {reason}",
                              features[sa.id].evidence))
        else:
            items.append(Item(sa.id, kb.title, "not met", "missed", 0.0, reason))
        used.add(sa.id)
    expected_ids = set(e.feature_ids) | set(e.routes) | set(e.set_aside_ids)
    for fid, f in features.items():
        if fid in used or fid in expected_ids:
            continue
        route = Route.of(fid)
        if route is not None:
            r = knowledge.route(fid)
            items.append(Item(fid, r.title, route.level.value, "extra", 0.0,
                              "the vignette does not show this route", f.evidence))
            continue
        try:
            kb = knowledge.feature(fid)
        except KeyError:
            continue
        c = kb.conditions
        if c.persistence == "required":
            note = f"its wording needs '{c.persistence_wording}', which the vignette does not show"
        else:
            note = "the scenario does not find it in the vignette; look again at what was described"
        items.append(Item(fid, kb.title, kb.level, "extra", 0.0, note, f.evidence))
    return items


def _level_reasons(scenario: Scenario, knowledge: Guideline) -> List[str]:
    e = scenario.expected
    reasons = [route_reason(r, knowledge) for r in e.routes]
    reasons += [feature_reason(f.id, knowledge) for f in e.features]
    reasons += [set_aside_reason(s.id, s.reason, knowledge, scenario.child_age.text) for s in e.set_aside]
    if not reasons:
        reasons.append("no NG76 alerting feature is met by what the vignette describes")
    if e.level != "none" and len(reasons) > 1:
        reasons.append(f"overall: {e.level}, the highest of these")
    return reasons


def _score_level(scenario: Scenario, answer: str, knowledge: Guideline) -> LevelResult:
    given, words = parse_level(answer)
    expected = scenario.expected.level
    reasons = _level_reasons(scenario, knowledge)
    if given is None:
        return LevelResult(None, None, expected, 0.0, None, reasons)
    diff = Level(given).rank - Level(expected).rank
    score = 1.0 if diff == 0 else 0.5 if abs(diff) == 1 else 0.0
    direction = None if diff == 0 else "over" if diff > 0 else "under"
    return LevelResult(given, words, expected, score, direction, reasons)


def _score_steps(scenario: Scenario, answer: str, knowledge: Guideline) -> StepsResult:
    named = recognise_steps(answer)
    expected = list(scenario.expected.next_steps)
    allowed, key = allowed_steps(scenario.expected, knowledge)
    matched = [s for s in expected if s in named]
    missed = [s for s in expected if s not in named]
    referral_allowed = bool(REFERRAL_STEPS & set(allowed))
    over = [s for s in named if s in ESCALATING_STEPS and s not in allowed
            and not (s in REFERRAL_STEPS and referral_allowed)]
    referrals = [s for s in over if s in REFERRAL_STEPS]
    if len(referrals) > 1:  # "refer" names several referral steps at once: report one over-reaction, not four
        keep = "suspect_discuss_referral" if "suspect_discuss_referral" in referrals else referrals[0]
        over = [s for s in over if s not in REFERRAL_STEPS or s == keep]
    if expected:
        double = key if scenario.expected.level != "none" else None  # a watch case has no single key step
        weight = {s: (2 if s == double else 1) for s in expected}
        score = sum(weight[s] for s in matched) / sum(weight.values())
        if over:
            score = max(0.0, score - 0.25)
    else:
        score = 0.5 if over else 1.0
    return StepsResult(expected, matched, missed, named, key, over, round(score, 3))


def score_practice(scenario: Scenario, noticed: Findings, level_answer: str, next_steps_answer: str,
                   knowledge: Optional[Guideline] = None) -> PracticeScore:
    """Score the three answers to a practice case.

    ``noticed`` is what the observation mapper found in what the trainee said they noticed (the
    ``observations`` the NLU pipeline adds to a parsed message, read as ``Findings``); ``level_answer`` and
    ``next_steps_answer`` are free text or button payloads.
    """
    knowledge = knowledge or guideline()
    features, aside = _mapped(noticed)
    items = _score_items(scenario, features, aside, knowledge)
    level = _score_level(scenario, level_answer, knowledge)
    steps = _score_steps(scenario, next_steps_answer, knowledge)
    step_ids = set(steps.expected) | set(steps.named)
    step_texts = {}
    for s in step_ids:
        try:
            step = knowledge.step(s)
        except KeyError:
            continue
        step_texts[s] = (step.title, step.cite or "")
    return PracticeScore(
        scenario_id=scenario.id,
        title=scenario.title,
        items=items,
        level=level,
        steps=steps,
        debrief_points=[(p.point, list(p.cites)) for p in scenario.debrief],
        common_mistakes=list(scenario.common_mistakes),
        step_texts=step_texts,
    )


def level_words() -> Sequence[Tuple[str, str]]:
    """The level rules in plain words, for documentation."""
    return [(level, words) for level, words, _ in LEVEL_RULES]


__all__ = [
    "PracticeScore",
    "Item",
    "LevelResult",
    "StepsResult",
    "STEP_RULES",
    "LEVEL_RULES",
    "score_practice",
    "parse_level",
    "recognise_steps",
    "feature_reason",
    "route_reason",
    "set_aside_reason",
]
