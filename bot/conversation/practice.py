"""Practice mode in the chat: a scenario's vignette, three questions, and a debrief scored by the same mapper
and knowledge base as live advice. Nothing here touches the real concern; every practice message carries a
payload of kind "practice" (or the scorer's "practice_score"), so transcripts never mistake it for a case."""
from __future__ import annotations

import logging
import re
from typing import Optional

from bot.conversation.turns import Reply
from bot.findings import Findings
from bot.guideline.vocabulary import Route
from bot.scenarios import PRACTICE_BANNER, Scenario, find, library, random_scenario
from bot.scenarios.results import pseudonymous_id, record_result, session_factory
from bot.scenarios.scoring import parse_level, score_practice

logger = logging.getLogger(__name__)
AFTER_BUTTONS = [("Another scenario", "/practice"), ("Back to a real concern", "/start_again")]
_ASKING_WORDS = re.compile(r"\b(?:practi[cs]e|mode|scenarios?|cases?|case study|vignettes?|training|exercise|quiz|"
                           r"test|me|myself|on|a|an|the|please|pls|give|can|i|do|let'?s|we|want|to|run|start|"
                           r"another|one|next|random|about|for|with|some|i'?d|like|a)\b", re.I)


def choose(text: str, played: list[str]) -> Optional[Scenario]:
    """The scenario a request names ("practise a case about neglect", "for a school nurse"), else a new one."""
    words = _ASKING_WORDS.sub(" ", (text or "").lstrip("/")).strip(" ,.?!")
    if words:
        found = [s for s in find(words) if s.id not in played] or find(words)
        if found:
            return found[0]
    return random_scenario(exclude=played)


def start(text: str, practice: Optional[dict]) -> tuple[list[Reply], dict]:
    """The banner and the vignette, step by step; the practice slot remembers which scenarios were played."""
    played = list((practice or {}).get("played") or [])
    scenario = choose(text, played)
    if scenario is None:
        return [Reply("There are no practice scenarios available.")], practice or {}
    payload = {"kind": "practice", "scenario": scenario.id}
    replies = [Reply(f"{PRACTICE_BANNER}\n{scenario.title}. You are: {scenario.setting}. The child is "
                     f"{scenario.child_age.text}.", payload=payload)]
    for n, step in enumerate(scenario.steps, start=1):
        lead = f"Step {n}: " if len(scenario.steps) > 1 else ""
        replies.append(Reply(lead + step.text, payload=payload))
    return replies, {"scenario": scenario.id, "played": played + [scenario.id]}


def level_answer(text: str) -> Optional[str]:
    """The level in an answer to "how concerned are you?", or None to ask again."""
    level, _ = parse_level(text)
    return level


def debrief(practice: dict, noticed: Findings, level: str, steps: str, sender_id: str) -> list[Reply]:
    """Score the three answers, record the result under a pseudonym, and give the debrief."""
    scenario = library().get(practice["scenario"])
    score = score_practice(scenario, noticed, level or "", steps or "")
    try:
        with session_factory()() as session, session.begin():
            record_result(session, participant=pseudonymous_id(sender_id), score=score)
    except Exception:  # the trainee still gets the debrief; the cohort view misses one result
        logger.exception("could not record a practice result for scenario %s", scenario.id)
    return [Reply(score.debrief_text(), payload=score.to_dict()),
            Reply("Another scenario, or back to a real concern?", AFTER_BUTTONS, {"kind": "practice"})]


# A trainee says the emergency is real: "this is real", "a real child", "not practice".
_REAL = re.compile(r"\b(?:this is real|it'?s real|it is real|real (?:child|kid|emergency|case|life|one)|for real|"
                   r"not (?:a )?practi[cs]e|isn'?t (?:a )?practi[cs]e|not a scenario|actually happening)\b", re.I)
REAL_CHILD_QUESTION = ("That sounds like immediate danger. Is this about a real child? If it is, say yes and I'll leave "
                       "practice and give you the immediate-danger steps now. If it's the practice case, say no.")
# "No" alone: any answer naming practice would be read as "stop practice".
REAL_CHILD_BUTTONS = [("Yes, a real child", "yes, this is real"), ("No, it's the practice case", "No")]


def real_check(value: str, findings: Optional[Findings], pending: Optional[dict]) -> str:
    """What to do with an answer typed during practice: "leave" (a real emergency: leave practice for the danger
    route), "ask" (danger words: ask whether this is about a real child), "resume" (the trainee said it was the
    practice case: keep the answer they gave before), or "answer" (an ordinary practice answer)."""
    from bot.conversation.answers import yes_no_unsure

    words = value or ""
    if _REAL.search(words):
        return "leave"
    if pending:
        answer = yes_no_unsure(words)
        if answer == "yes":
            return "leave"
        if answer == "no":
            return "resume"
    if findings is not None and (Route.DANGER in findings.routes or findings.asks("danger")):
        return "ask"
    return "answer"
