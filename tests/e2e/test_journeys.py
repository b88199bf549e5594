"""Practitioner journeys through the real trained model and the real action server, over the REST channel.

Each journey is a different role, age, feature, level or route; each checks the advice payload every channel
receives (features and levels, steps, contacts), not only the words.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.model]


@dataclass
class Journey:
    stack: object
    sender: str = field(default_factory=lambda: f"j-{uuid.uuid4().hex[:12]}")
    last: list[dict] = field(default_factory=list)

    def say(self, text: str) -> list[dict]:
        self.last = self.stack.say(self.sender, text)
        assert self.last, f"no reply to {text!r}"
        return self.last

    def start(self, role: str, age: str) -> "Journey":
        self.say("hello")
        assert "immediate danger" in self.text()
        self.say("No")
        assert "role" in self.text()
        self.say(role)
        assert "How old" in self.text()
        self.say(age)
        assert "in your own words" in self.text().lower()
        return self

    def text(self) -> str:
        return "\n".join(r.get("text") or "" for r in self.last)

    def buttons(self) -> list[str]:
        return [b["title"] for r in self.last for b in r.get("buttons") or []]

    def payloads(self, kind: str) -> list[dict]:
        return [r["custom"] for r in self.last if isinstance(r.get("custom"), dict) and r["custom"].get("kind") == kind]

    def advice(self) -> dict:
        found = self.payloads("advice")
        assert found, f"no advice in: {self.text()}"
        advice = found[-1]
        assert advice["contacts"], "contacts are always present"
        assert all("NG76" in step or "NICE" in step for step in advice["steps"]), "every step cites its source"
        assert self.payloads("contacts"), "the contacts come as their own message too"
        return advice


def features(advice: dict) -> set[tuple[str, str]]:
    return {(f["id"], f["level"]) for f in advice["features"]}


def test_teacher_repeated_food_taking_is_suspect_with_a_referral_discussion_first(stack):
    j = Journey(stack).start("Teacher or school staff", "7")
    j.say("He takes food from other children's lunchboxes every day and hides it in his drawer")
    assert "I noted:" in j.text() and "1.3.23" in j.text() and "That's everything" in j.buttons()
    j.say("he comes in smelling of urine and wearing the same dirty clothes every day")
    assert "2." in j.text()
    j.say("that's everything")
    advice = j.advice()
    assert {("1.3.23", "suspect"), ("1.3.25", "suspect")} <= features(advice) and advice["level"] == "suspect"
    assert "referral" in advice["steps"][0] and "children's social care" in advice["steps"][0]
    assert "Yes, a summary" in j.buttons()


def test_nursery_persistent_harmful_interaction_escalates_to_suspect(stack):
    j = Journey(stack).start("Nursery or early years", "1 to 4")
    j.say("Mum screams at him and humiliates him in front of everyone")
    j.say("That's everything")
    assert "more than once" in j.text() and j.buttons() == ["Yes", "No", "Not sure"]
    j.say("yes, it happens all the time")
    advice = j.advice()
    assert features(advice) == {("1.3.32", "suspect")} and advice["level"] == "suspect"


def test_a_one_off_harmful_interaction_stays_consider_with_a_review(stack):
    j = Journey(stack).start("Youth worker", "15")
    j.say("Mum screams at him and humiliates him in front of everyone")
    j.say("no")
    j.say("No")  # it has not happened before
    advice = j.advice()
    assert features(advice) == {("1.3.31", "consider")} and advice["level"] == "consider"
    assert "When to review" in j.text() and "1.3.32" not in str(advice["features"])


def test_health_visitor_age_unknown_is_asked_only_what_changes_the_answer(stack):
    j = Journey(stack).start("GP or other health professional", "Not sure")
    j.say("his speech is much poorer than other children his age")
    j.say("that's all")
    assert "under 12" in j.text()
    j.say("yes")
    assert "fully explained" in j.text()
    j.say("Not sure")
    advice = j.advice()
    assert features(advice) == {("1.3.29", "consider")}


def test_a_disclosure_gets_the_referral_route_at_once(stack):
    j = Journey(stack).start("Youth worker", "14")
    j.say("she told me her stepdad hits her with a belt")
    advice = j.advice()
    assert advice["routes"] == ["disclosure"] and advice["level"] == "suspect"
    assert "1.3.7" in advice["steps"][0] and "referral" in advice["steps"][0]
    j.say("That's everything")
    assert "still apply" in j.text(), "the same advice is not repeated in full"


def test_fgm_is_mandatory_to_report_for_a_teacher(stack):
    j = Journey(stack).start("Teacher", "Year 9")
    j.say("a year 9 girl told me she was cut during the summer holiday abroad")
    advice = j.advice()
    assert "fgm" in advice["routes"] and "must report this to the police" in j.text()


def test_fgm_wording_for_a_nursery_worker_names_who_must_report(stack):
    j = Journey(stack).start("Nursery or early years", "1 to 4")
    j.say("her older sister told me she was cut during the summer holiday abroad")
    assert "fgm" in j.advice()["routes"] and "not one of them" in j.text()


def test_trafficking_route(stack):
    j = Journey(stack).start("Social worker", "15")
    j.say("a 15-year-old boy who arrived recently says he owes money to the men who brought him to the UK and he "
          "works for them for no pay")
    advice = j.advice()
    assert "trafficking" in advice["routes"] and any("police" in s for s in advice["steps"])


def test_fabricated_or_induced_illness_route(stack):
    j = Journey(stack).start("GP", "6")
    j.say("mum keeps reporting seizures nobody else has ever seen and asks for more tests, but he is completely "
          "well on the ward")
    advice = j.advice()
    assert "fii" in advice["routes"] and "child maltreatment" in j.text()


def test_an_injury_is_routed_to_the_safeguarding_lead_never_no_concerns(stack):
    j = Journey(stack).start("GP or other health professional", "Under 1")
    j.say("a 9-month-old baby with bruises on his face")
    advice = j.advice()
    assert "injury" in advice["routes"] and "no NG76 alerting feature is met" not in j.text()
    assert any("safeguarding lead" in s for s in advice["steps"])


def test_danger_during_the_role_question_interrupts_then_the_flow_resumes(stack):
    j = Journey(stack)
    j.say("hello")
    j.say("No")
    j.say("his dad has a knife and is threatening to kill them right now")
    advice = j.advice()
    assert advice["level"] == "danger" and "999" in j.text() and "Carry on" in j.buttons()
    j.say("Carry on")
    assert "role" in j.text()
    j.say("teacher")
    assert "How old" in j.text()


def test_an_item_can_be_removed_before_the_advice(stack):
    j = Journey(stack).start("Teacher or school staff", "9")
    j.say("He takes food from other children's lunchboxes every day and hides it in his drawer")
    j.say("she has started wetting herself and has nightmares every night")
    j.say("Change something")
    assert any(title.startswith("Remove 1") for title in j.buttons())
    j.say("1")  # the number of the button, typed
    assert "Removed:" in j.text() and "1.3.23" not in j.text()
    j.say("that's all")
    while "fully explained" in j.text() or "more than once" in j.text():
        j.say("Not sure")
    advice = j.advice()
    assert "1.3.23" not in {f["id"] for f in advice["features"]} and advice["level"] == "consider"


def test_questions_at_any_point_are_answered_and_the_conversation_carries_on(stack):
    j = Journey(stack).start("Social worker", "4")
    j.say("which therapies are there for a 4-year-old after neglect?")
    assert "1.7.4" in j.text() or "1.7.10" in j.text()
    j.say("tell me about the New Orleans Intervention Model")
    assert "NSPCC" in j.text() and "under 5" in j.text()
    j.say("what is early help?")
    assert "1.5" in j.text()
    j.say("what are the vulnerability factors?")
    assert "1.2" in j.text()
    j.say("what does suspect mean?")
    assert "serious level of concern" in j.text() and "possible explanation" in j.text() and "{" not in j.text()
    j.say("she is always hungry and takes food from other children every day")
    assert "I noted:" in j.text()


def test_contacts_for_another_area_with_a_typo_are_confirmed_first(stack):
    j = Journey(stack).start("Teacher", "8")
    j.say("He takes food from other children's lunchboxes every day and hides it in his drawer")
    j.say("that's all")
    j.say("Contacts for another area")
    assert "Which area" in j.text()
    j.say("Exmple Borough")
    assert "Did you mean Example Borough" in j.text()
    j.say("yes")
    contacts = j.payloads("contacts")[-1]
    assert contacts["area"].startswith("Example Borough")
    assert any(c["source"] == "local" for c in contacts["contacts"])


def test_the_summary_to_copy_lists_what_was_confirmed_and_advised(stack):
    j = Journey(stack).start("GP or other health professional", "5 to 11")
    j.say("he comes in smelling of urine and wearing the same dirty clothes every day")
    j.say("that's all")
    j.say("Yes, a summary")
    summary = j.payloads("summary")[-1]
    assert summary["level"] == "suspect" and summary["features"] == [{"id": "1.3.25", "level": "suspect"}]
    assert summary["steps"] and summary["contacts"] and summary["role"] == "health"
    assert "Date:" in j.text() and "Steps advised:" in j.text()


def test_start_again_asks_first_and_then_clears_everything(stack):
    j = Journey(stack).start("Teacher", "7")
    j.say("He takes food from other children's lunchboxes every day and hides it in his drawer")
    j.say("start again")
    assert "Start again?" in j.text()
    j.say("No, carry on")
    assert "1.3.23" in j.text(), "nothing lost"
    j.say("start again")
    j.say("Yes, start again")
    assert "started again" in j.text()
    j.say("that's all")
    assert "haven't told me" in j.text()


@pytest.mark.parametrize("message", [
    "", "   ", "x" * 10_000, "😢😢😢", "Ella tiene moretones en los brazos y dice que su padre le pega",
    "<script>alert('x')</script><b>bold</b>", '/inform{"role": "teacher"}', "{}[]<>&&&",
])
def test_bad_input_gets_a_clear_answer_and_loses_nothing(stack, message):
    j = Journey(stack).start("Teacher", "7")
    j.say("He takes food from other children's lunchboxes every day and hides it in his drawer")
    replies = j.say(message)
    said = j.text()
    assert said.strip(), "always a reply in words"
    assert "something went wrong" not in said.lower()
    assert "<script>" not in said, "markup from the practitioner is not echoed back"
    j.say("that's all")
    assert ("1.3.23", "suspect") in features(j.advice()), "the concern so far is kept"
    assert replies


def test_a_worry_that_sounds_like_small_talk_is_still_noted(stack):
    j = Journey(stack).start("Teacher", "6")
    j.say("morning, she is hungry every morning and takes other children's food every day")
    assert "I noted:" in j.text() and "1.3.23" in j.text()
