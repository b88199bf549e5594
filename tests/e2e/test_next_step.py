"""Every conversation ends with a next step (issue 16), through the REST channel, the real model and the real
action server: when nothing matched, when the practitioner is unsure about danger, when an answer is not one the
question can use, for ages a health visitor types, for situations NG76 does not cover, and for the record.

Each journey asserts the payload every channel receives, not only the words. The last test walks every question
the assistant can ask with "no", "not sure" and gibberish, twice each, and checks that no message is sent three
times in a row and that a way on is always offered.
"""
from __future__ import annotations

import uuid
from typing import Callable

import pytest

from tests.e2e.test_journeys import Journey, features

pytestmark = [pytest.mark.e2e, pytest.mark.model]


def kinds(j: Journey) -> list[str]:
    return [(r.get("custom") or {}).get("kind") for r in j.last if isinstance(r.get("custom"), dict)]


def answer_questions(j: Journey) -> None:
    """'Not sure' to each follow-up question (the safer reading), until the advice comes."""
    for _ in range(5):
        if not any(q in j.text() for q in ("more than once", "Did the child tell you", "fully explain", "only this once",
                                          "deal with it promptly", "Which fits")):
            return
        j.say("Not sure")


def advice_seen(j: Journey, replies: list[list[dict]]) -> dict:
    """The last advice payload in any of the replies of a journey."""
    found = [r["custom"] for turn in replies for r in turn
             if isinstance(r.get("custom"), dict) and r["custom"].get("kind") == "advice"]
    assert found, f"no advice in: {j.text()}"
    return found[-1]


def a_way_on(j: Journey) -> bool:
    """Buttons, or words that say what to do next."""
    words = j.text().lower()
    return bool(j.buttons()) or any(w in words for w in ("tell me", "choose", "type", "say", "999", "carry on",
                                                         "safeguarding lead"))


# ---- 1. never silent, never a dead end ---------------------------------------------------------------------

def test_a_gut_feeling_gets_the_steps_for_anyone_who_is_worried(stack):
    j = Journey(stack).start("Teacher or school staff", "8")
    j.say("I just have a feeling something is wrong")
    advice = j.advice()
    assert advice["level"] == "none" and advice["features"] == []
    assert any("safeguarding" in step.lower() for step in advice["steps"]) and "1.1.6" in j.text()
    assert "Yes, a summary" in j.buttons()


def test_a_worry_that_matches_nothing_offers_the_groups_then_ends_with_advice(stack):
    j = Journey(stack).start("Youth worker", "13")
    j.say("we did a lovely art project today and she painted a rainbow")
    assert "I just have a feeling something is wrong" in j.buttons() and "Neglect and supervision" in j.buttons()
    j.say("that's everything")
    advice = j.advice()
    assert advice["level"] == "none" and advice["contacts"]


def test_danger_is_the_first_choice_when_nothing_matched_and_gives_what_to_do_now(stack):
    """A description the reading misses may be one of danger: one press of the first button gives 999."""
    j = Journey(stack).start("GP or other health professional", "2")
    j.say("we did a lovely art project today and she painted a rainbow")
    assert j.buttons()[0] == "The child may be in danger right now"
    j.say("The child may be in danger right now")
    assert "999" in j.text()


def test_no_after_nothing_matched_is_not_a_loop(stack):
    j = Journey(stack).start("Teacher or school staff", "6")
    j.say("the weather was nice today and we did painting")
    j.say("no")
    assert j.advice()["level"] == "none", "no, nothing else: the advice, not 'tell me what you noticed' again"
    j.say("no")
    assert a_way_on(j)


def test_a_feature_chosen_from_a_group_is_noted_with_its_question(stack):
    j = Journey(stack).start("Teacher or school staff", "7")
    j.say("we did a lovely art project today and she painted a rainbow")
    j.say("Neglect and supervision")
    assert "1.3.23 Takes, hoards or hides food" in " ".join(j.buttons())
    j.say("1.3.23 Takes, hoards or hides food")
    assert "NG76 1.3.23" in j.text() and "That's everything" in j.buttons()
    j.say("That's everything")
    assert "more than once" in j.text()
    j.say("Yes")
    assert ("1.3.23", "suspect") in features(j.advice())


def test_an_injury_chosen_from_the_groups_gets_the_injury_route(stack):
    j = Journey(stack).start("Nursery or early years", "3")
    j.say("I'm not sure how to describe it")
    assert "A physical injury or mark" in j.buttons(), "not understood, with nothing noted, offers the groups"
    j.say("A physical injury or mark")
    assert "injury" in j.advice()["routes"]


# ---- 2. vulnerability factors --------------------------------------------------------------------------------

def test_domestic_abuse_at_home_is_named_as_a_vulnerability_factor(stack):
    j = Journey(stack).start("Teacher or school staff", "9")
    j.say("Mum told me dad hits her and the police were called to a domestic at the weekend")
    assert "vulnerability factor" in j.text() and "NG76 1.2.3" in j.text()
    j.say("that's everything")
    answer_questions(j)
    advice = j.advice()
    assert {"key": "domestic_abuse", "cite": "NG76 1.2.3"} in advice["vulnerability"]


# ---- 3. unsure about danger means act now ---------------------------------------------------------------------

def test_an_adults_sexual_abuse_told_by_someone_else_gets_the_referral_steps_at_once(stack):
    """Session 13: no alerting feature matches a report that an adult is sexually abusing a child; the practitioner is
    told so plainly, with the safeguarding lead, a referral discussion and 999, then asked for anything else."""
    j = Journey(stack).start("Teacher or school staff", "9")
    j.say("Her friend told me that mum's boyfriend makes her watch porn with him.")
    text = j.text()
    assert "Sexual abuse of a child by an adult" in text and "children's social care" in text and "999" in text
    assert "couldn't find an NG76 alerting feature" not in text
    assert a_way_on(j)


def test_words_that_may_mean_danger_are_asked_about_and_not_sure_means_act_now(stack):
    j = Journey(stack).start("Teacher or school staff", "6")
    j.say("she seemed a bit drowsy in class, mum said she'd had her hay fever tablet")
    assert "Is the child in immediate danger right now?" in j.text() and j.buttons() == ["Yes", "No", "Not sure"]
    j.say("not sure")
    assert "act_now" in kinds(j) and "999" in j.text() and "contacts" in kinds(j)
    j.say("/carry_on")
    assert a_way_on(j)


@pytest.mark.parametrize("answer", ["Yes", "No"])
def test_yes_or_no_to_the_danger_question_after_words_that_may_mean_danger(stack, answer):
    j = Journey(stack).start("Teacher or school staff", "6")
    j.say("she seemed a bit drowsy in class, mum said she'd had her hay fever tablet")
    assert "Is the child in immediate danger right now?" in j.text()
    j.say(answer)
    if answer == "Yes":
        assert j.advice()["level"] == "danger" and "999" in j.text()
    else:
        assert "danger" not in kinds(j) and a_way_on(j) and "999" not in j.text().split("\n")[0]


def test_a_plan_to_end_their_life_tonight_is_immediate_danger(stack):
    j = Journey(stack).start("Youth worker", "15")
    j.say("he says he's planning to end it tonight and has been saving up his mum's tablets")
    advice = j.advice()
    assert advice["level"] == "danger" and "danger" in advice["routes"]


def test_young_children_alone_for_days_are_immediate_danger(stack):
    j = Journey(stack).start("Other", "4")
    j.say("the two little ones next door have been on their own in the flat since friday, no adult has been back")
    assert j.advice()["level"] == "danger"


# ---- 4. every question understands the ordinary answers -------------------------------------------------------

def test_no_after_go_on_finishes_the_description(stack):
    j = Journey(stack).start("Teacher or school staff", "7")
    j.say("He takes food from other children's lunchboxes every day and hides it in his drawer")
    j.say("yes")
    assert "what else" in j.text().lower()
    j.say("no")
    assert "Sorry, I didn't follow" not in j.text()
    assert j.payloads("advice") or j.buttons()


def test_skip_at_a_follow_up_question_keeps_the_safer_reading(stack):
    j = Journey(stack).start("Teacher or school staff", "7")
    j.say("she took food from another child's lunchbox")
    j.say("that's everything")
    assert "more than once" in j.text()
    j.say("skip")
    assert ("1.3.23", "suspect") in features(j.advice())


# ---- 5. ages ------------------------------------------------------------------------------------------------------

def test_a_health_visitor_types_an_age_in_months(stack):
    j = Journey(stack)
    j.say("hello")
    j.say("No")
    j.say("health visitor")
    j.say("4 months")
    assert "in your own words" in j.text().lower()


def test_an_age_of_19_points_to_adult_social_care_and_keeps_the_conversation(stack):
    j = Journey(stack)
    j.say("hello")
    j.say("No")
    j.say("teacher")
    j.say("19")
    assert "under 18" in j.text() and "adult social care" in j.text().lower() and "0113 496 0700" in j.text()
    j.say("7")
    assert "in your own words" in j.text().lower()


# ---- 7. a summary fit for the record ------------------------------------------------------------------------------

def test_the_summary_holds_every_description_in_full_and_what_did_not_match(stack):
    j = Journey(stack).start("Teacher or school staff", "8")
    long_words = ("He takes food from other children's lunchboxes every day, hides it in his tray and in his coat "
                  "pockets, and when I asked him about it he said there is never any breakfast at home")
    j.say(long_words)
    j.say("we did painting in the afternoon")
    j.say("That's everything")
    j.say("Yes, a summary")
    summary = j.payloads("summary")[-1]
    assert summary["descriptions"][0]["text"] == long_words
    assert summary["descriptions"][1]["matched"] == []
    assert "not matched to an NG76 alerting feature" in j.text()


# ---- 8. referral routes offer no early help instead ----------------------------------------------------------------

def test_a_disclosure_offers_no_early_help_instead_of_the_referral(stack):
    j = Journey(stack).start("Youth worker", "14")
    j.say("she told me her stepdad hits her with a belt")
    advice = j.advice()
    assert "disclosure" in advice["routes"]
    assert not any("early help" in step.lower() for step in advice["steps"])


# ---- 9. beyond NG76's alerting features ---------------------------------------------------------------------------

@pytest.mark.parametrize("words, key, number", [
    ("she told me she wants to die and doesn't want to be alive any more, but she has no plan", "suicidal", "116 123"),
    ("an older man she met on snapchat keeps asking her for pics and wants to meet her", "online_abuse", "0800 1111"),
    ("he's running drugs for older lads and owes money to dealers, county lines we think", "criminal_exploitation",
     "08000 121 700"),
])
def test_situations_outside_ng76_are_said_plainly_with_the_national_routes(stack, words, key, number):
    j = Journey(stack).start("Youth worker", "15")
    replies = [j.say(words)]
    replies.append(j.say("That's everything"))
    answer_questions(j)
    replies.append(j.last)
    advice = advice_seen(j, replies)
    assert key in [b["key"] for b in advice["beyond_ng76"]]
    said = "\n".join(r.get("text") or "" for turn in replies for r in turn)
    assert "Outside NG76's alerting features" in said and number in said


def test_a_bruise_on_a_baby_not_yet_mobile_puts_the_referral_discussion_first(stack):
    j = Journey(stack).start("GP or other health professional", "Under 1")
    j.say("there's a bruise on the cheek of this 3 month old baby, she isn't rolling yet")
    advice = j.advice()
    assert "injury" in advice["routes"]
    assert "safeguarding" in advice["steps"][0].lower() and "referral" in advice["steps"][1].lower()


# ---- 10. the FGM duty by role ---------------------------------------------------------------------------------------

def test_a_social_worker_is_told_the_fgm_reporting_duty_is_theirs(stack):
    j = Journey(stack).start("Social worker", "13")
    j.say("she told me she was cut during the summer holiday abroad")
    assert "fgm" in j.advice()["routes"]
    assert "registered social worker" in j.text() and "If you are not one of them" not in j.text()


# ---- 11. what NG76 says beside each feature -------------------------------------------------------------------------

def test_the_poverty_caution_is_shown_with_neglect_at_home(stack):
    j = Journey(stack).start("GP or other health professional", "5")
    j.say("every time I visit there is no food in the house and the kitchen is filthy with rubbish everywhere")
    j.say("That's everything")
    answer_questions(j)
    j.advice()
    assert "difficult to distinguish between neglect and material poverty" in j.text()


def test_early_help_lists_the_programmes_for_the_childs_age(stack):
    j = Journey(stack).start("Nursery or early years", "3")
    j.say("what is early help?")
    assert "NG76 1.5.9" in j.text() and "NG76 1.5.13" in j.text()


# ---- the question walk ----------------------------------------------------------------------------------------------

def at_opening(stack) -> Journey:
    j = Journey(stack)
    j.say("hello")
    return j


def at_role(stack) -> Journey:
    j = at_opening(stack)
    j.say("No")
    return j


def at_age(stack) -> Journey:
    j = at_role(stack)
    j.say("teacher")
    return j


def at_go_on(stack) -> Journey:
    j = Journey(stack).start("Teacher or school staff", "7")
    j.say("He takes food from other children's lunchboxes every day and hides it in his drawer")
    j.say("yes")
    return j


def at_persistence(stack) -> Journey:
    j = Journey(stack).start("Teacher or school staff", "7")
    j.say("she took food from another child's lunchbox")
    j.say("That's everything")
    return j


def at_explanation(stack) -> Journey:
    j = Journey(stack).start("Teacher or school staff", "9")
    j.say("he is autistic and has become really withdrawn and frightened of his dad")
    j.say("That's everything")
    return j


def at_danger_doubt(stack) -> Journey:
    j = Journey(stack).start("Teacher or school staff", "6")
    j.say("she seemed a bit drowsy in class, mum said she'd had her hay fever tablet")
    return j


def at_summary_question(stack) -> Journey:
    j = Journey(stack).start("Teacher or school staff", "7")
    j.say("He takes food from other children's lunchboxes every day and hides it in his drawer")
    j.say("That's everything")
    return j


def at_restart(stack) -> Journey:
    j = Journey(stack).start("Teacher or school staff", "7")
    j.say("start again")
    return j


def at_area(stack) -> Journey:
    j = Journey(stack).start("Teacher or school staff", "7")
    j.say("contacts for another area")
    return j


def at_practice_level(stack) -> Journey:
    j = Journey(stack)
    j.say("practice food-hoarding-year3")
    j.say("She takes food from other children's bags")
    return j


QUESTIONS: dict[str, Callable] = {
    "is the child in immediate danger (opening)": at_opening, "role": at_role, "age": at_age,
    "go on": at_go_on, "has it happened more than once": at_persistence, "does it fully explain": at_explanation,
    "is the child in immediate danger (words)": at_danger_doubt, "a summary": at_summary_question,
    "start again?": at_restart, "which area": at_area, "practice level": at_practice_level,
}


@pytest.mark.parametrize("question", sorted(QUESTIONS))
def test_every_question_understands_no_not_sure_and_gibberish_without_looping(stack, question):
    """Twice each of 'no', 'not sure' and gibberish: no message three times in a row, and always a way on."""
    for answer in ("no", "not sure", "qzxv blorp"):
        j = QUESTIONS[question](stack)
        said: list[str] = [j.text()]
        for _ in range(2):
            j.say(answer)
            said.append(j.text())
            assert a_way_on(j), f"{question} / {answer!r}: no way on in {j.text()!r}"
        assert not (said[0] == said[1] == said[2]), f"{question} / {answer!r}: the same message three times"
