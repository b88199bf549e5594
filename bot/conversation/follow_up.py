"""The follow-up questions: the guideline conditions one message could not settle, asked one at a time.

A question is asked only when its answer changes the answer the practitioner gets: the overall level, the
special routes, or whether there is anything to record and review. ``next_question`` tries every possible
answer on a copy of the concern; when they all lead to the same advice the question is not asked, and the
concern keeps the safe default (the feature stays as found: "not sure" never lowers a level).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Optional

from bot import wording
from bot.conversation.answers import AgeRange
from bot.conversation.concern import Concern, Note, Question
from bot.guideline import guideline

ORDER = ("disclosure", "puberty", "under", "persistence", "one_off", "resolved", "which", "explanation")
# The kinds of "not fully explained by" a practitioner can be asked about in one question.
ASKABLE_EXPLANATIONS = {"medical", "neurodevelopmental", "stressful_situation", "bipolar", "traumatic_event"}


def yes_no_unsure() -> list[tuple[str, str]]:
    """The buttons of a yes-or-no question: "not sure" is always an answer."""
    return [(wording.text("buttons.yes"), "/affirm"), (wording.text("buttons.no"), "/deny"),
            (wording.text("buttons.not_sure"), "/unsure")]


@dataclass
class Asked:
    """A question ready for the chat: its text, its buttons (title, payload) and why it is asked."""

    question: Question
    text: str
    buttons: list[tuple[str, str]]
    why: str


def next_question(concern: Concern, age: Optional[AgeRange] = None) -> Optional[Asked]:
    """The next question worth asking, or None when the advice can be given."""
    settle_with_age(concern, age)
    for question in candidates(concern):
        if not changes_answer(concern, question):
            apply(concern, question, "unsure", asked=False)
            continue
        concern.asking = question
        return present(question)
    concern.asking = None
    return None


def candidates(concern: Concern) -> list[Question]:
    """Open questions about notes still counted, plus the explanation question, in asking order."""
    present_ids = {n.feature for n in concern.counted}
    open_questions = [q for q in concern.questions if q.kind == "disclosure" or set(q.features) & present_ids]
    concern.questions = open_questions
    explained = explanation_question(concern)
    ordered = sorted(open_questions, key=lambda q: ORDER.index(q.kind))
    return ordered + ([explained] if explained else [])


def explanation_question(concern: Concern) -> Optional[Question]:
    """One question for every 'consider' feature that a known, non-abuse cause could fully explain."""
    knowledge = guideline()
    already = {fid for a in concern.answers if a["kind"] == "explanation" for fid in a["features"]}
    already |= {fid for q in concern.questions if q.kind == "explanation" for fid in q.features}
    ids = sorted({n.feature for n in concern.counted if n.status == "met" and n.level == "consider"
                  and n.feature not in already
                  and set(knowledge.feature(n.feature).conditions.not_fully_explained_by) & ASKABLE_EXPLANATIONS})
    return Question("explanation", ids) if ids else None


def outcome(concern: Concern) -> tuple:
    """What the practitioner is told, in the terms that decide the steps."""
    return concern.level, tuple(concern.routes), concern.level == "none" and bool(concern.set_aside)


def changes_answer(concern: Concern, question: Question) -> bool:
    answers = ["yes", "no", "unsure"] + [f"choice:{i}" for i in range(len(question.options))] + (
        ["both"] if question.kind == "which" else [])
    outcomes = set()
    for answer in answers:
        trial = copy.deepcopy(concern)
        apply(trial, copy.deepcopy(question), answer, asked=True)
        outcomes.add(outcome(trial))
    return len(outcomes) > 1


def settle_with_age(concern: Concern, age: Optional[AgeRange]) -> None:
    """Age questions the child's known age already answers are settled without asking."""
    if age is None:
        return
    for question in list(concern.questions):
        if question.kind == "puberty" and age.pre_pubertal is not None:
            apply(concern, question, "no" if age.pre_pubertal else "yes", asked=False, source=f"age {age.words}")
        elif question.kind == "under" and question.under and age.under(question.under) is not None:
            apply(concern, question, "yes" if age.under(question.under) else "no", asked=False,
                  source=f"age {age.words}")


def apply(concern: Concern, question: Question, answer: str, asked: bool = True, source: str = "") -> None:
    """Record an answer ("yes", "no", "unsure", "both" or "choice:N") and change the notes it affects."""
    knowledge = guideline()
    notes = concern.notes_for(question.features)
    kind = question.kind
    if kind == "disclosure" and answer == "yes":
        concern.notes.append(Note(question.words or wording.text("follow_up.disclosure_note"), "disclosure", "suspect",
                                  knowledge.route("disclosure").title, "route", details=["the child told you"]))
    elif kind == "puberty" and answer == "yes":
        after = knowledge.feature("1.3.20")
        for note in notes:
            note.details.append(f"the child has reached puberty, so NG76 {after.id} rather than {note.feature}")
            note.feature, note.level, note.title = after.id, after.level, after.title
    elif kind == "under" and answer == "no":
        for note in notes:
            note.status = "not_met"
            note.reason = wording.text("follow_up.under_not_met", feature=note.feature, age=question.under)
    elif kind == "persistence":
        for note in notes:
            _persistence(note, answer)
    elif kind == "which" and answer.startswith("choice:"):
        chosen = knowledge.feature(question.options[int(answer.split(":")[1])])
        for note in notes:
            note.feature, note.level, note.title = chosen.id, chosen.level, chosen.title
    elif kind == "which" and answer == "both":
        other = next((fid for fid in question.options if fid not in question.features), None)
        if other and notes:
            extra = knowledge.feature(other)
            concern.notes.append(Note(notes[0].words, extra.id, extra.level, extra.title, "met"))
    elif kind in ("one_off", "resolved") and answer == "yes":
        for note in notes:
            if note.status == "met":
                note.status = "not_met"
                note.reason = wording.text("follow_up.one_off_not_met" if kind == "one_off" else
                                           "follow_up.resolved_not_met", words=question.words, feature=note.feature)
    elif kind == "explanation" and answer == "yes":
        for note in notes:
            if note.status == "met":
                note.status = "explained"
                note.reason = wording.text("follow_up.explained")
    concern.questions = [q for q in concern.questions if q is not question and
                         not (q.kind == question.kind and q.features == question.features)]
    if concern.asking is not None and concern.asking.kind == kind and concern.asking.features == question.features:
        concern.asking = None
    concern.answers.append({"kind": kind, "features": list(question.features), "answer": answer,
                            "asked": asked, "source": source})
    concern.unanswered = 0


def _persistence(note: Note, answer: str) -> None:
    knowledge = guideline()
    conditions = knowledge.feature(note.feature).conditions
    if conditions.persistence == "escalates" and conditions.escalates_to:
        stronger = knowledge.feature(conditions.escalates_to)
        if answer == "yes":
            note.details.append(f"persistent, so NG76 {stronger.id} rather than {note.feature}")
            note.feature, note.level, note.title = stronger.id, stronger.level, stronger.title
        elif answer == "no":
            note.details.append(f"once so far: if it persists, it becomes NG76 {stronger.id} ({stronger.level})")
        else:
            note.details.append(f"not known if persistent: if it is, NG76 {stronger.id} ({stronger.level}) applies")
    elif conditions.persistence == "required":
        if answer == "yes":
            note.details.append("repeated or persistent")
        elif answer == "no":
            note.status = "not_met"
            note.reason = wording.text("follow_up.persistence_not_met", feature=note.feature)
        else:
            note.details.append("not known if repeated: kept, as the safer reading")


def present(question: Question) -> Asked:
    """The words and buttons for a question, and why it matters (for "why are you asking?")."""
    knowledge = guideline()
    kind, ids = question.kind, question.features
    features = [knowledge.feature(fid) for fid in ids if fid != "disclosure"]
    names = "; ".join(f"{f.title.lower()} (NG76 {f.id})" for f in features)
    listed = ", ".join(ids)
    if kind == "disclosure":
        route = knowledge.route("disclosure")
        ask = (wording.text("follow_up.disclosure_words", words=question.words) if question.words else
               wording.text("follow_up.disclosure"))
        return Asked(question, ask, yes_no_unsure(),
                     wording.text("follow_up.disclosure_why", summary=route.summary, cite=route.cite))
    if kind == "puberty":
        after = knowledge.feature("1.3.20")
        return Asked(question, wording.text("follow_up.puberty", features=names[0].upper() + names[1:]),
                     [(wording.text("buttons.yes"), "/affirm"), (wording.text("follow_up.not_yet_button"), "/deny"),
                      (wording.text("buttons.not_sure"), "/unsure")],
                     wording.text("follow_up.puberty_why", features=listed, after=after.id,
                                  after_title=after.title.lower(), after_level=after.level))
    if kind == "under":
        return Asked(question, wording.text("follow_up.under", features=names[0].upper() + names[1:],
                                            age=question.under), yes_no_unsure(),
                     wording.text("follow_up.under_why", features=listed, age=question.under))
    if kind == "persistence":
        escalating = [f for f in features if f.conditions.persistence == "escalates" and f.conditions.escalates_to]
        why = [wording.text("follow_up.persistence_escalates_why", feature=f.id, stronger=f.conditions.escalates_to)
               for f in escalating]
        required = [f for f in features if f.conditions.persistence == "required"]
        if required:
            why.append(wording.text("follow_up.persistence_required_why",
                                    features=", ".join(f.id for f in required)))
        return Asked(question, wording.text("follow_up.persistence", features=names), yes_no_unsure(),
                     " ".join(why))
    if kind == "which":
        options = [knowledge.feature(fid) for fid in question.options]
        listed_options = " or ".join(wording.text("follow_up.which_option", number=n, title=f.title.lower(),
                                                  feature=f.id, level=f.level) for n, f in enumerate(options, 1))
        return Asked(question, wording.text("follow_up.which", options=listed_options),
                     [(f.title, f.title) for f in options] + [(wording.text("follow_up.both_button"), "both")],
                     wording.text("follow_up.which_why"))
    if kind in ("one_off", "resolved"):
        if question.words:
            ask = wording.text("follow_up.one_off_words" if kind == "one_off" else "follow_up.resolved_words",
                               words=question.words, features=names)
        else:
            ask = wording.text("follow_up.one_off" if kind == "one_off" else "follow_up.resolved", features=names)
        return Asked(question, ask, yes_no_unsure(), wording.text("follow_up.set_aside_why", features=listed))
    if kind == "explanation":
        keep = knowledge.step("keep_abuse_in_mind")
        ask = (wording.text("follow_up.explanation_words", words=question.words, features=names) if question.words
               else wording.text("follow_up.explanation", features=names))
        return Asked(question, ask, [(wording.text("follow_up.not_fully_button"), "/deny"),
                                     (wording.text("follow_up.fully_explained_button"), "/affirm"),
                                     (wording.text("buttons.not_sure"), "/unsure")],
                     wording.text("follow_up.explanation_why", features=listed, keep_in_mind=keep.text,
                                  cite=keep.cite))
    raise ValueError(f"unknown question kind {kind!r}")


def parse_choice(text: str, question: Question) -> Optional[str]:
    """For a "which" question: "choice:N" or "both" from a number, "both" or an option's title."""
    words = (text or "").strip().lower()
    if words in {"both", "3", "both of them", "both apply"}:
        return "both"
    for n, fid in enumerate(question.options):
        feature = guideline().feature(fid)
        if words in {str(n + 1), feature.title.lower(), fid}:
            return f"choice:{n}"
    return None


def interpret(question: Question, text: str, intent: Optional[str]) -> Optional[str]:
    """The answer a message gives to the question being asked, or None when it gives none."""
    from bot.conversation.answers import parse_age, yes_no_unsure
    from bot.observations.qualifiers import frequency

    if question.kind == "which":
        return parse_choice(text, question) or ("unsure" if yes_no_unsure(text, intent) == "unsure" else None)
    if question.kind in ("puberty", "under") and intent not in ("affirm", "deny", "unsure"):
        age = parse_age(text)
        if age is not None:
            if question.kind == "puberty" and age.pre_pubertal is not None:
                return "no" if age.pre_pubertal else "yes"
            if question.kind == "under" and question.under and age.under(question.under) is not None:
                return "yes" if age.under(question.under) else "no"
    if question.kind in ("persistence", "one_off") and intent not in ("affirm", "deny", "unsure"):
        how_often, _ = frequency(text)
        if how_often != "unknown":
            repeated = how_often == "persistent"
            return ("yes" if repeated else "no") if question.kind == "persistence" else ("no" if repeated else "yes")
    return yes_no_unsure(text, intent)
