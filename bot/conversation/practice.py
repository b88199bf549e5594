"""Practice mode in the chat: a scenario's vignette, three questions, and a debrief scored by the same mapper
and knowledge base as live advice. Nothing here touches the real concern; every practice message carries a
payload of kind "practice" (or the scorer's "practice_score"), so transcripts never mistake it for a case. The words
are the wording file's (group ``practice``); the banner and the debrief are the scenario library's."""
from __future__ import annotations

import logging
import re
from typing import Optional

from bot import wording
from bot.conversation.turns import Reply
from bot.findings import Findings
from bot.guideline.vocabulary import Route
from bot.scenarios import PRACTICE_BANNER, Scenario, find, library, random_scenario
from bot.scenarios.results import pseudonymous_id, record_result, session_factory
from bot.scenarios.scoring import parse_level, score_practice

logger = logging.getLogger(__name__)
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
        return [Reply(wording.text("practice.none_available"))], practice or {}
    payload = {"kind": "practice", "scenario": scenario.id}
    vignette = wording.text("practice.vignette", title=scenario.title, setting=scenario.setting,
                            age=scenario.child_age.text)
    replies = [Reply(f"{PRACTICE_BANNER}\n{vignette}", payload=payload)]
    for n, step in enumerate(scenario.steps, start=1):
        text = wording.text("practice.step", number=n, text=step.text) if len(scenario.steps) > 1 else step.text
        replies.append(Reply(text, payload=payload))
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
            Reply(wording.text("practice.another_or_back"), after_buttons(), {"kind": "practice"})]


def after_buttons() -> list[tuple[str, str]]:
    """After a debrief: another scenario, or back to a real concern."""
    return [(wording.text("practice.another_button"), "/practice"),
            (wording.text("practice.back_button"), "/start_again")]


# A trainee says the emergency is real: "this is real", "a real child", "not practice".
_REAL = re.compile(r"\b(?:this is real|it'?s real|it is real|real (?:child|kid|emergency|case|life|one)|for real|"
                   r"not (?:a )?practi[cs]e|isn'?t (?:a )?practi[cs]e|not a scenario|actually happening)\b", re.I)


def real_child_question() -> tuple[str, list[tuple[str, str]]]:
    """Danger words typed during practice: is this about a real child? With its two buttons."""
    # The payloads are typed back as the answer: "No" alone, since any answer naming practice would be read as
    # "stop practice".
    return wording.text("practice.real_child"), [(wording.text("practice.real_child_button"), "yes, this is real"),
                                                 (wording.text("practice.practice_case_button"), "No")]


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
