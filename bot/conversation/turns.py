"""What the assistant says at each turn of the concern conversation, decided without Rasa.

Each function takes the concern (and what the practitioner just said) and returns the replies to send and
what happens next; the Rasa actions in ``actions/`` read the tracker, call one of these, and send the result.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Optional

from bot.advice import Advice, build_advice, danger_advice
from bot.conversation.answers import AgeRange
from bot.conversation.concern import Concern, Note
from bot.conversation.follow_up import apply, interpret, next_question, present
from bot.conversation.groups import GROUPS, INJURY, choose_feature, group_buttons, group_text
from bot.conversation.readback import ANYTHING_ELSE, READBACK_BUTTONS, label, readback, removal_buttons
from bot.findings import Findings
from bot.guideline import guideline
from bot.guideline.vocabulary import Route

NEXT_BUTTONS = [("Yes, a summary", "/ask_summary"), ("Contacts for another area", "/change_area"),
                ("No, thanks", "/deny")]
DANGER_BUTTONS = [("Carry on", "/carry_on"), ("That's all for now", "/goodbye")]
TELL_ME_MORE = "Tell me anything else you noticed, or choose below."
UNCHANGED = "That's everything noted, and nothing changes the steps I gave above: they still apply."
NOTHING_YET = "You haven't told me what you noticed yet. In your own words, what did you see or hear?"


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
        act_now = [Reply(ACT_NOW_IN_FORM)] if doubt else []
        if added:
            return Turn([Reply("Noted: " + "; ".join(label(n) for n in added) + ". I'll come back to it.")] + act_now,
                       concern, age=age)
        return Turn(([Reply(message)] if message and age is None else []) + act_now, concern, age=age)
    if doubt:
        # Some words may mean the child is in danger now: ask there and then, before anything else.
        text, payload = readback(concern)
        lead = "Some of what you said could mean the child is in danger now."
        return Turn([Reply(f"{text}\n{lead}" if concern.notes else lead, payload=payload if concern.notes else None)],
                    concern, follow="utter_ask_danger_now", age=age)
    routes = [n for n in added if n.status == "route" and n.feature != "danger"]
    if routes:
        advice = advise(concern, area, role, now)
        concern.advice_key = advice_key(advice)
        return Turn(advice_replies(advice) + [Reply(TELL_ME_MORE, READBACK_BUTTONS)], concern, age=age)
    if added:
        text, payload = readback(concern)
        lead = f"{message}\n" if message else ""
        return Turn([Reply(f"{lead}{text}\n{ANYTHING_ELSE}", READBACK_BUTTONS, payload)], concern, age=age)
    if concern.questions and not concern.notes:
        return Turn([Reply("I haven't matched that to an alerting feature yet; I'll ask you about it in a moment. "
                           + ANYTHING_ELSE, READBACK_BUTTONS)], concern, age=age)
    message = message or "I couldn't find an NG76 alerting feature in that."
    if findings.vulnerability:
        from bot.observations.vulnerability import WHY
        names = "; ".join(f"{v.name} ({v.cite})" for v in findings.vulnerability)
        message = (f"I couldn't find an NG76 alerting feature in that, but you described a vulnerability factor: "
                   f"{names}. {WHY} If you have noticed anything about the child, tell me.")
    if concern.notes:
        return Turn([Reply(f"{message} {ANYTHING_ELSE}", READBACK_BUTTONS)], concern, age=age)
    return Turn([Reply(f"{message} {CHOOSE_A_GROUP}", group_buttons())], concern, age=age)


ACT_NOW_IN_FORM = ("Some of what you said could mean the child is in danger now. If the child could be harmed now, "
                   "call 999, then children's social care, before anything else (NG76 1.3, How to use these "
                   "recommendations).")


def danger_doubt(findings: Findings) -> bool:
    """The mapper was unsure whether the words mean immediate danger, and found no sure sign."""
    return Route.DANGER not in findings.routes and findings.asks("danger")


def danger_unsure(concern: Concern, area: Optional[str], role: Optional[str], now: Optional[datetime] = None) -> Turn:
    """The practitioner is not sure whether the child is in danger now: what to do this minute, then carry on."""
    step = guideline().step("immediate_danger")
    advice = advise(concern, area, role, now)
    contacts = advice_replies(advice)[1]
    act_now = Reply("Not sure means act now, in case. If the child could be harmed now, call 999. Then call "
                    f"children's social care now: their contacts are below. ({step.cite}: \"{step.quote}\")",
                    payload={"kind": "act_now", "cite": step.cite})
    return Turn([act_now, contacts, Reply("When you have done that, or the child is safe for now, we can carry on: "
                                          "I'll go through the next steps with you.", DANGER_BUTTONS)], concern)


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
            replies.append(Reply("Noted: " + "; ".join(label(n) for n in added) + "."))
        elif concern.unanswered >= 1:
            # Asked twice without an answer it can use: never a loop. "Not sure" keeps the safer reading.
            apply(concern, asking, "unsure")
            replies.append(Reply(TAKEN_AS_NOT_SURE))
        else:
            concern.unanswered += 1
            asked = present(asking)
            return Turn([Reply(f"{REASK} {asked.text}", asked.buttons)], concern)
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
        return Turn([Reply(f"{NOTHING_YET} {CHOOSE_A_GROUP}", group_buttons())], concern)
    if not about_you_known:
        return Turn(replies, concern, follow="about_you_form")
    asked = next_question(concern, age)
    if asked is not None:
        return Turn(replies + [Reply(asked.text, asked.buttons)], concern)
    return Turn(replies, concern, follow="action_advise")


REASK = "Sorry, I need an answer to this first: choose below, or say 'not sure' or 'skip'."
TAKEN_AS_NOT_SURE = ("I'll take that as 'not sure', which keeps the safer reading: nothing is lowered. If I got "
                     "something wrong, choose 'Change something' later.")
CHOOSE_A_GROUP = ("If it's hard to put into words, choose the kind of worry that is closest, or tell me you just have "
                  "a feeling something is wrong.")
FEELING = ("NG76 has no alerting feature for a feeling on its own, but a worry about a child is always worth acting "
           "on. This is what the guideline asks of anyone who is worried:")


def show_group(concern: Concern, group: Optional[str], area: Optional[str], role: Optional[str],
               now: Optional[datetime] = None) -> Turn:
    """The practitioner chose a kind of worry: its features to choose from; a physical injury goes to its route."""
    if group == INJURY:
        concern.notes.append(Note("you chose: a physical injury or mark", "injury", "suspect",
                                  guideline().route("injury").title, "route"))
        advice = advise(concern, area, role, now)
        concern.advice_key = advice_key(advice)
        return Turn(advice_replies(advice) + [Reply(TELL_ME_MORE, READBACK_BUTTONS)], concern)
    if group not in GROUPS:
        return Turn([Reply(f"Choose the kind of worry that is closest. {ANYTHING_ELSE if concern.notes else ''}".strip(),
                           group_buttons())], concern)
    text, buttons = group_text(group)
    return Turn([Reply(text, buttons)], concern)


def chose_feature(concern: Concern, fid: Optional[str]) -> Turn:
    """A feature chosen from a group's list: noted (with the questions its conditions need) and read back."""
    try:
        note = choose_feature(concern, fid or "")
    except Exception:  # not an alerting feature id: offer the groups again
        return Turn([Reply(f"I couldn't tell which one you meant. {CHOOSE_A_GROUP}", group_buttons())], concern)
    text, payload = readback(concern)
    return Turn([Reply(f"Noted: {label(note)}.\n{text}\n{ANYTHING_ELSE}", READBACK_BUTTONS, payload)], concern)


def gut_feeling(concern: Concern, area: Optional[str], role: Optional[str], now: Optional[datetime] = None) -> Turn:
    """Only a feeling that something is wrong: the steps for every worried practitioner, never nothing."""
    concern.finished = True
    if concern.notes:
        return Turn([], concern, follow="action_follow_up")
    turn = final_advice(concern, area, role, now)
    return Turn([Reply(FEELING)] + turn.replies, turn.concern)


def advise(concern: Concern, area: Optional[str], role: Optional[str], now: Optional[datetime] = None) -> Advice:
    return build_advice(concern.findings(), area=area, role=role, now=now)


def advice_replies(advice: Advice) -> list[Reply]:
    """The advice (with its payload), then the contacts for the child's area."""
    contacts = advice.contacts
    contacts_text = contacts.to_text()
    if contacts.matched_by == "default":
        contacts_text += (f"\nThese are for {contacts.area}, your organisation's default area. If the child lives "
                          "elsewhere, choose 'Contacts for another area'.")
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
    replies = [Reply(UNCHANGED)] if key == concern.advice_key else advice_replies(advice)
    concern.advised, concern.advice_key = True, key
    return Turn(replies + [Reply("Would you like a summary you can copy into your records?", NEXT_BUTTONS)], concern)


def danger(concern: Concern, findings: Findings, area: Optional[str], role: Optional[str],
           now: Optional[datetime] = None) -> Turn:
    """Immediate danger, from the opening question or from words in any message: 999 first, then the rest."""
    if Route.DANGER not in concern.routes:
        findings = findings.with_danger(evidence=SAID_DANGER)
    concern.add_findings(findings)
    advice = danger_advice(concern.findings(), area=area, role=role, now=now)
    return Turn(advice_replies(advice) + [Reply("When the child is safe, we can carry on: I'll go through the "
                                                "next steps with you.", DANGER_BUTTONS)], concern)


SAID_DANGER = "you said the child is in immediate danger now"


def correct(concern: Concern, number: Optional[int]) -> Turn:
    """Remove a note the practitioner says is wrong, or ask which one."""
    if not concern.notes:
        return Turn([Reply("There's nothing noted yet to change. " + NOTHING_YET)], concern)
    if number is None:
        return Turn([Reply("Which one should I remove? If something is wrong, remove it and tell me again in your "
                           "own words.", removal_buttons(concern))], concern)
    removed = concern.remove(number)
    if removed is None:
        return Turn([Reply(f"There is no item {number}.", removal_buttons(concern))], concern)
    gone = f"Removed: {removed.words or removed.title}."
    if not concern.notes:
        return Turn([Reply(f"{gone} Nothing is noted now: tell me again, in your own words, what you saw or heard.",
                           payload=readback(concern)[1])], concern)
    text, payload = readback(concern)
    return Turn([Reply(f"{gone} If I got something wrong, tell me again in your own words.\n{text}\n{ANYTHING_ELSE}",
                       READBACK_BUTTONS, payload)], concern)


def resume(concern: Concern, about_you_known: bool) -> Turn:
    """Carry on after an interruption, from wherever the conversation was."""
    if not about_you_known:
        return Turn([Reply("Let's carry on.")], concern, follow="about_you_form")
    if concern.asking is not None:
        asked = present(concern.asking)
        return Turn([Reply(asked.text, asked.buttons)], concern)
    if concern.notes:
        text, payload = readback(concern)
        return Turn([Reply(f"{text}\n{ANYTHING_ELSE}", READBACK_BUTTONS, payload)], concern)
    return Turn([Reply("Let's carry on. In your own words, tell me what you saw or heard.")], concern)


def after_about_you(concern: Concern) -> Turn:
    """Role and age are known: go on from wherever the practitioner was."""
    if concern.notes and concern.finished:
        return Turn([], concern, follow="action_follow_up")
    if concern.notes:
        text, payload = readback(concern)
        return Turn([Reply(f"Thank you.\n{text}\n{ANYTHING_ELSE}", READBACK_BUTTONS, payload)], concern)
    return Turn([Reply("Thank you. In your own words, tell me what you saw or heard. You can use several "
                       "messages.")], concern)


NOT_UNDERSTOOD = ("Sorry, I didn't follow that. Tell me what you saw or heard about the child, or ask \"what does "
                  "suspect mean?\". If the child is in immediate danger, call 999.")


def not_understood(concern: Concern) -> Turn:
    """Words the assistant could not place: say so, and offer the way on from where the practitioner is."""
    if concern.asking is not None:
        asked = present(concern.asking)
        return Turn([Reply(f"Sorry, I didn't follow that. {asked.text}", asked.buttons)], concern)
    if concern.notes and not concern.advised:
        return Turn([Reply(f"Sorry, I didn't follow that. {TELL_ME_MORE}", READBACK_BUTTONS)], concern)
    if not concern.notes:
        return Turn([Reply(f"{NOT_UNDERSTOOD} {CHOOSE_A_GROUP}", group_buttons())], concern)
    return Turn([Reply(NOT_UNDERSTOOD)], concern)


def adult_concern(area: Optional[str]) -> Reply:
    """An age of 18 or over: this assistant follows the guideline for children; where adult concerns go instead."""
    from bot.referral_contacts import get_directory

    contacts, note = get_directory().adult_route(area)
    lines = ["This assistant follows NICE guideline NG76, which is about children and young people under 18. "
             "For a concern about someone aged 18 or over, contact adult social care (adult safeguarding):"]
    lines += [f"- {c.label}: " + ", ".join(v for v in (c.phone, c.email, c.url) if v) for c in contacts]
    if note:
        lines.append(note)
    lines.append("If your worry is also about a child, tell me the child's age and we'll carry on.")
    return Reply("\n".join(lines), payload={"kind": "contacts", "area": area,
                                            "contacts": [dict(c.to_dict(), source="adult") for c in contacts]})
