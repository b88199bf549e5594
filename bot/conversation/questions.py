"""Answers to the questions a practitioner can ask at any point: interventions, vulnerability factors, early
help, and why the assistant is asking. Every answer is built from the knowledge base and cites it; the words
around it are the wording file's (group ``side_questions``)."""
from __future__ import annotations

import re
from typing import Optional

from bot import wording
from bot.guideline import guideline
from bot.guideline.schema import Intervention
from bot.observations.qualifiers import child_age

ABUSE_WORDS: list[tuple[str, re.Pattern[str]]] = [
    ("sexual_abuse", re.compile(r"\bsexual|\bcsa\b|\bcse\b|exploit", re.I)),
    ("neglect", re.compile(r"\bneglect", re.I)),
    ("physical_abuse", re.compile(r"\bphysical|\bhit|\bbeat|\bnai\b", re.I)),
    ("emotional_abuse", re.compile(r"\bemotional|\bpsychological", re.I)),
    ("domestic_violence_exposure", re.compile(r"domestic (?:abuse|violence)|\bdv\b|\bdomestic\b", re.I)),
]
_FOSTER = re.compile(r"\bfoster", re.I)
_ADOPT = re.compile(r"\badopt|permanen", re.I)
_NIM = re.compile(r"new orleans|\bnim\b|nspcc (?:model|intervention)", re.I)
_AGE = re.compile(r"\b(\d{1,2})\s*(?:-|\s)?(?:year|yr|y/?o)?", re.I)


def interventions_answer(text: str) -> str:
    """Interventions for the age and type of abuse named in the question (NG76 1.7, SCIE guide, NSPCC NIM)."""
    knowledge = guideline()
    if _NIM.search(text or ""):
        return _describe([knowledge.intervention("nspcc_nim")], wording.text("side_questions.nim_heading"))
    age = _age_in(text)
    abuse = next((kind for kind, pattern in ABUSE_WORDS if pattern.search(text or "")), None)
    carer = "foster_carer" if _FOSTER.search(text or "") else (
        "adoptive_or_permanence_carer" if _ADOPT.search(text or "") else None)
    found = knowledge.interventions_for(age=age, abuse_type=abuse, carer=carer)
    if not found and carer:
        found = knowledge.interventions_for(age=age, abuse_type=abuse)
    asked = ", ".join(filter(None, [wording.text("side_questions.age", age=age) if age is not None else None,
                                    abuse.replace("_", " ") if abuse else None,
                                    carer.replace("_", " ") if carer else None]))
    if not found:
        return (wording.text("side_questions.no_intervention_for", asked=asked) if asked else
                wording.text("side_questions.no_intervention"))
    heading = (wording.text("side_questions.interventions_for", asked=asked) if asked else
               wording.text("side_questions.interventions"))
    return _describe(found, heading)


def _age_in(text: str) -> Optional[int]:
    found = child_age(text or "")
    if found is not None:
        return max(0, min(17, int(found.years)))
    match = _AGE.search(text or "")
    if match and int(match.group(1)) <= 17:
        return int(match.group(1))
    return None


def _describe(found: list[Intervention], heading: str) -> str:
    lines = [heading]
    for item in found:
        source = (f"NG76 {', '.join(item.recommendations)}" if item.recommendations else
                  wording.text("side_questions.not_nice"))
        lines.append(f"• {item.name}: {item.summary} ({source})")
    lines.append(wording.text("side_questions.interventions_after"))
    return "\n".join(lines)


def vulnerability_answer() -> str:
    section = guideline().vulnerability_factors
    lines = [f"{section.intro[0]} (NG76 {section.id})"]
    lines += [f"• {rec.summary} (NG76 {rec.id})" for rec in section.recommendations]
    return "\n".join(lines)


def early_help_answer(age_years: Optional[float] = None) -> str:
    """What NG76 says about early help (1.5), and its parenting and home-visiting programmes, filtered by the
    child's age where a programme's recommendation names one (Triple P for mothers of children up to 7)."""
    section = guideline().early_help
    step = guideline().step("early_help")
    lines = [f"{step.text} ({step.cite})", wording.text("side_questions.early_help_heading")]
    lines += [f"• {rec.summary} (NG76 {rec.id})" for rec in section.recommendations if rec.programme is None][:4]
    programmes = [rec for rec in section.recommendations if rec.programme is not None
                  and (age_years is None or rec.programme.age_limit is None
                       or age_years <= rec.programme.age_limit)]
    if programmes:
        lines.append(wording.text("side_questions.programmes") if age_years is None else
                     wording.text("side_questions.programmes_for_age"))
        lines += ["• " + wording.text("side_questions.programme", name=rec.programme.name,
                                      for_whom=" ".join(rec.programme.for_whom.split()), recommendation=rec.id,
                                      strength=rec.programme.strength) for rec in programmes]
    return "\n".join(lines)


def why_about_you() -> str:
    """Why the assistant asks the practitioner's role and the child's age."""
    return wording.text("side_questions.why_about_you")


def why_area() -> str:
    """Why the assistant asks the child's area."""
    return wording.text("side_questions.why_area")


def why_describe() -> str:
    """Why the assistant asks what the practitioner saw or heard."""
    return wording.text("side_questions.why_describe")


def level_meaning_parts() -> dict[str, str]:
    """What consider and suspect mean, from the knowledge base (levels.yml), for the domain's
    ``utter_level_meaning``: the meanings are written once, and the response only places them."""
    knowledge = guideline()
    consider, suspect = knowledge.level("consider"), knowledge.level("suspect")
    return {"consider": consider.meaning, "suspect": suspect.meaning, "cite": suspect.cite}
