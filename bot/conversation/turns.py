"""What the assistant says at each turn of the concern conversation, decided without Rasa.

Each function takes the concern (and what the practitioner just said) and returns the replies to send and
what happens next; the Rasa actions in ``actions/`` read the tracker, call one of these, and send the result.
Every sentence is the wording file's (``knowledge/wording.yml``, through ``bot.wording``), named by its key.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Optional

from bot import wording
from bot.advice import Advice, build_advice, danger_advice
from bot.conversation.answers import AgeRange
from bot.conversation.concern import Concern, Note
from bot.conversation.follow_up import apply, interpret, next_question, present
from bot.conversation.groups import GROUPS, INJURY, choose_feature, group_buttons, group_text, title
from bot.conversation.readback import anything_else, label, readback, readback_buttons, removal_buttons
from bot.findings import Findings
from bot.guideline import guideline
from bot.guideline.vocabulary import Route
from bot.observations.beyond import REFERRAL_SITUATIONS



def next_buttons() -> list[tuple[str, str]]:
    """After the advice: a summary, contacts for another area, or nothing more."""
    return [(wording.text("advice.summary_button"), "/ask_summary"),
            (wording.text("advice.other_area_button"), "/change_area"),
            (wording.text("advice.no_thanks_button"), "/deny")]


def danger_buttons() -> list[tuple[str, str]]:
    """After the immediate-danger steps: carry on, or stop for now."""
    return [(wording.text("danger.carry_on_button"), "/carry_on"),
            (wording.text("danger.all_for_now_button"), "/goodbye")]


@dataclass
class Reply:
    text: str
    buttons: list[tuple[str, str]] = field(default_factory=list)
    payload: Optional[dict] = None


@dataclass
class Turn:
    """The replies, the concern to keep, and the next step (an action or form name) if one must follow."""

    replies: list[Reply]
    concern: Concern
    follow: Optional[str] = None
    age: Optional[AgeRange] = None  # an age the practitioner's words gave, when none was known


def noted(concern: Concern, findings: Findings, in_form: bool, known_age: Optional[AgeRange], area: Optional[str],
          role: Optional[str], now: Optional[datetime] = None, text: str = "") -> Turn:
    """A description arrived: note it, and read it back (or give a special route's steps at once)."""
    added = concern.add_findings(findings)
    concern.describe(text, [label(n) for n in added])
    age = None if known_age else age_from_findings(findings)
    message = findings.message
    doubt = danger_doubt(findings)
    if in_form:
        act_now = [Reply(wording.text("danger.act_now_in_form"))] if doubt else []
        if added:
            noted_now = wording.text("describe.noted_for_later", notes="; ".join(label(n) for n in added))
            return Turn([Reply(noted_now)] + act_now, concern, age=age)
        return Turn(([Reply(message)] if message and age is None else []) + act_now, concern, age=age)
    if doubt:
        # Some words may mean the child is in danger now: ask there and then, before anything else.
        text, payload = readback(concern)
        lead = wording.text("danger.may_be_in_danger")
        return Turn([Reply(f"{text}\n{lead}" if concern.notes else lead, payload=payload if concern.notes else None)],
                    concern, follow="utter_ask_danger_now", age=age)
    routes = [n for n in added if n.status == "route" and n.feature != "danger"]
    # a situation whose next step is a referral discussion (an adult's sexual abuse of a child as it was told, a bruise
    # on a baby not yet mobile) gets its steps at once, as a route does, never "I couldn't find a feature"
    if routes or REFERRAL_SITUATIONS & set(findings.beyond):
        advice = advise(concern, area, role, now)
        concern.advice_key = advice_key(advice)
        return Turn(advice_replies(advice) + [Reply(wording.text("describe.tell_me_more"), readback_buttons())],
                    concern, age=age)
    if added:
        text, payload = readback(concern)
        lead = f"{message}\n" if message else ""
        return Turn([Reply(f"{lead}{text}\n{anything_else()}", readback_buttons(), payload)], concern, age=age)
    if concern.questions and not concern.notes:
        return Turn([Reply(f"{wording.text('describe.will_ask_later')} {anything_else()}", readback_buttons())],
                    concern, age=age)
    message = message or wording.text("describe.no_feature_found")
    if findings.vulnerability:
        from bot.observations.vulnerability import WHY
        names = "; ".join(f"{v.name} ({v.cite})" for v in findings.vulnerability)
        message = wording.text("describe.vulnerability_only", factors=names, why=WHY)
    if concern.notes:
        return Turn([Reply(f"{message} {anything_else()}", readback_buttons())], concern, age=age)
    return Turn([Reply(f"{message} {wording.text('groups.choose_a_group')}", group_buttons())], concern, age=age)


def danger_doubt(findings: Findings) -> bool:
    """The mapper was unsure whether the words mean immediate danger, and found no sure sign."""
    return Route.DANGER not in findings.routes and findings.asks("danger")


def danger_unsure(concern: Concern, area: Optional[str], role: Optional[str], now: Optional[datetime] = None) -> Turn:
    """The practitioner is not sure whether the child is in danger now: what to do this minute, then carry on."""
    step = guideline().step("immediate_danger")
    advice = advise(concern, area, role, now)
    contacts = advice_replies(advice)[1]
    act_now = Reply(wording.text("danger.act_now_unsure", cite=step.cite, quote=step.quote),
                    payload={"kind": "act_now", "cite": step.cite})
    return Turn([act_now, contacts, Reply(wording.text("danger.carry_on_when_done"), danger_buttons())], concern)


def age_from_findings(findings: Findings) -> Optional[AgeRange]:
    """The child's age when the practitioner's description gave it ("she's 6", "Year 2")."""
    found = findings.qualifiers.age if findings.qualifiers else None
    if not found:
        return None
    return AgeRange(float(found.years), float(found.years), str(found.words or found.stage))


def follow_up(concern: Concern, text: str, intent: Optional[str], findings: Findings, age: Optional[AgeRange],
              about_you_known: bool) -> Turn:
    """The practitioner finished describing, or answered a question: ask the next question, or advise."""
    replies: list[Reply] = []
    asked_before = concern.finished and not concern.notes
    asking = concern.asking
    if asking is not None:
        answer = interpret(asking, text, intent)
        if answer is not None:
            apply(concern, asking, answer)
        elif intent == "observe" and findings.anything_to_note:
            added = concern.add_findings(findings)
            replies.append(Reply(wording.text("describe.noted", notes="; ".join(label(n) for n in added))))
        elif concern.unanswered >= 1:
            # Asked twice without an answer it can use: never a loop. "Not sure" keeps the safer reading.
            apply(concern, asking, "unsure")
            replies.append(Reply(wording.text("follow_up.taken_as_not_sure")))
        else:
            concern.unanswered += 1
            asked = present(asking)
            return Turn([Reply(f"{wording.text('follow_up.reask')} {asked.text}", asked.buttons)], concern)
    elif intent in ("affirm", "unsure", "inform"):  # nothing was asked: a stray answer, not "that's everything"
        return not_understood(concern)
    else:
        concern.finished = True
    if not concern.notes:
        if concern.messages or asked_before:
            # Described, but nothing matched; or asked once already: never a dead end, the advice for a worry
            # that fits no alerting feature.
            concern.finished = True
            return Turn(replies, concern, follow="action_advise")
        concern.finished = True
        return Turn([Reply(f"{wording.text('describe.nothing_yet')} {wording.text('groups.choose_a_group')}",
                           group_buttons())], concern)
    if not about_you_known:
        return Turn(replies, concern, follow="about_you_form")
    asked = next_question(concern, age)
    if asked is not None:
        return Turn(replies + [Reply(asked.text, asked.buttons)], concern)
    return Turn(replies, concern, follow="action_advise")



def show_group(concern: Concern, group: Optional[str], area: Optional[str], role: Optional[str],
               now: Optional[datetime] = None) -> Turn:
    """The practitioner chose a kind of worry: its features to choose from; a physical injury goes to its route."""
    if group == INJURY:
        concern.notes.append(Note(wording.text("groups.you_chose", feature=title(INJURY).lower()), "injury",
                                  "suspect", guideline().route("injury").title, "route"))
        advice = advise(concern, area, role, now)
        concern.advice_key = advice_key(advice)
        return Turn(advice_replies(advice) + [Reply(wording.text("describe.tell_me_more"), readback_buttons())],
                    concern)
    if group not in GROUPS:
        closest = wording.text("groups.choose_closest")
        return Turn([Reply(f"{closest} {anything_else()}" if concern.notes else closest, group_buttons())], concern)
    text, buttons = group_text(group)
    return Turn([Reply(text, buttons)], concern)


def chose_feature(concern: Concern, fid: Optional[str]) -> Turn:
    """A feature chosen from a group's list: noted (with the questions its conditions need) and read back."""
    try:
        note = choose_feature(concern, fid or "")
    except Exception:  # not an alerting feature id: offer the groups again
        return Turn([Reply(f"{wording.text('groups.not_told_apart')} {wording.text('groups.choose_a_group')}",
                           group_buttons())], concern)
    text, payload = readback(concern)
    noted_now = wording.text("describe.noted", notes=label(note))
    return Turn([Reply(f"{noted_now}\n{text}\n{anything_else()}", readback_buttons(), payload)], concern)


def gut_feeling(concern: Concern, area: Optional[str], role: Optional[str], now: Optional[datetime] = None) -> Turn:
    """Only a feeling that something is wrong: the steps for every worried practitioner, never nothing."""
    concern.finished = True
    if concern.notes:
        return Turn([], concern, follow="action_follow_up")
    turn = final_advice(concern, area, role, now)
    return Turn([Reply(wording.text("groups.feeling"))] + turn.replies, turn.concern)


def advise(concern: Concern, area: Optional[str], role: Optional[str], now: Optional[datetime] = None) -> Advice:
    return build_advice(concern.findings(), area=area, role=role, now=now)


def advice_replies(advice: Advice) -> list[Reply]:
    """The advice (with its payload), then the contacts for the child's area."""
    contacts = advice.contacts
    contacts_text = contacts.to_text()
    if contacts.matched_by == "default":
        contacts_text += "\n" + wording.text("advice.default_area", area=contacts.area)
    return [Reply(advice.text(), payload=advice.payload),
            Reply(contacts_text, payload={"kind": "contacts", "area": contacts.area,
                                          "contacts": contacts.to_payload()})]


def advice_key(advice: Advice) -> str:
    """What identifies the advice given: the payload without the contacts (which change with the clock)."""
    payload = {k: v for k, v in advice.payload.items() if k != "contacts"}
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:16]


def final_advice(concern: Concern, area: Optional[str], role: Optional[str], now: Optional[datetime] = None) -> Turn:
    """The advice for everything confirmed; when it is what was just given for a special route, not again."""
    advice = advise(concern, area, role, now)
    key = advice_key(advice)
    replies = [Reply(wording.text("advice.unchanged"))] if key == concern.advice_key else advice_replies(advice)
    concern.advised, concern.advice_key = True, key
    return Turn(replies + [Reply(wording.text("advice.summary_offer"), next_buttons())], concern)


def danger(concern: Concern, findings: Findings, area: Optional[str], role: Optional[str],
           now: Optional[datetime] = None) -> Turn:
    """Immediate danger, from the opening question or from words in any message: 999 first, then the rest."""
    if Route.DANGER not in concern.routes:
        findings = findings.with_danger(evidence=wording.text("danger.said_danger"))
    concern.add_findings(findings)
    advice = danger_advice(concern.findings(), area=area, role=role, now=now)
    return Turn(advice_replies(advice) + [Reply(wording.text("danger.carry_on_when_safe"), danger_buttons())],
                concern)


def correct(concern: Concern, number: Optional[int]) -> Turn:
    """Remove a note the practitioner says is wrong, or ask which one."""
    if not concern.notes:
        return Turn([Reply(f"{wording.text('read_back.nothing_to_change')} {wording.text('describe.nothing_yet')}")],
                    concern)
    if number is None:
        return Turn([Reply(wording.text("read_back.which_to_remove"), removal_buttons(concern))], concern)
    removed = concern.remove(number)
    if removed is None:
        return Turn([Reply(wording.text("read_back.no_such_item", number=number), removal_buttons(concern))], concern)
    gone = wording.text("read_back.removed", words=removed.words or removed.title)
    if not concern.notes:
        return Turn([Reply(f"{gone} {wording.text('read_back.nothing_left')}", payload=readback(concern)[1])],
                    concern)
    text, payload = readback(concern)
    return Turn([Reply(f"{gone} {wording.text('read_back.tell_again')}\n{text}\n{anything_else()}",
                       readback_buttons(), payload)], concern)


def resume(concern: Concern, about_you_known: bool) -> Turn:
    """Carry on after an interruption, from wherever the conversation was."""
    if not about_you_known:
        return Turn([Reply(wording.text("describe.carry_on"))], concern, follow="about_you_form")
    if concern.asking is not None:
        asked = present(concern.asking)
        return Turn([Reply(asked.text, asked.buttons)], concern)
    if concern.notes:
        text, payload = readback(concern)
        return Turn([Reply(f"{text}\n{anything_else()}", readback_buttons(), payload)], concern)
    return Turn([Reply(wording.text("describe.carry_on_describe"))], concern)


def after_about_you(concern: Concern) -> Turn:
    """Role and age are known: go on from wherever the practitioner was."""
    if concern.notes and concern.finished:
        return Turn([], concern, follow="action_follow_up")
    if concern.notes:
        text, payload = readback(concern)
        return Turn([Reply(f"{wording.text('describe.thank_you')}\n{text}\n{anything_else()}", readback_buttons(),
                           payload)], concern)
    return Turn([Reply(wording.text("describe.thank_you_describe"))], concern)


def not_understood(concern: Concern) -> Turn:
    """Words the assistant could not place: say so, and offer the way on from where the practitioner is."""
    if concern.asking is not None:
        asked = present(concern.asking)
        return Turn([Reply(f"{wording.text('not_understood.sorry')} {asked.text}", asked.buttons)], concern)
    if concern.notes and not concern.advised:
        return Turn([Reply(f"{wording.text('not_understood.sorry')} {wording.text('describe.tell_me_more')}",
                           readback_buttons())], concern)
    if not concern.notes:
        return Turn([Reply(f"{wording.text('not_understood.way_on')} {wording.text('groups.choose_a_group')}",
                           group_buttons())], concern)
    return Turn([Reply(wording.text("not_understood.way_on"))], concern)


def adult_concern(area: Optional[str]) -> Reply:
    """An age of 18 or over: this assistant follows the guideline for children; where adult concerns go instead."""
    from bot.referral_contacts import get_directory

    contacts, note = get_directory().adult_route(area)
    lines = [wording.text("adult.not_for_adults")]
    lines += [f"- {c.label}: " + ", ".join(v for v in (c.phone, c.email, c.url) if v) for c in contacts]
    if note:
        lines.append(note)
    lines.append(wording.text("adult.also_a_child"))
    return Reply("\n".join(lines), payload={"kind": "contacts", "area": area,
                                            "contacts": [dict(c.to_dict(), source="adult") for c in contacts]})
