"""Each turn of the concern conversation, decided without Rasa: what is said, kept and done next."""
from __future__ import annotations

from datetime import datetime, timezone

from bot import wording
from bot.conversation import turns
from bot.conversation.answers import AgeRange
from bot.conversation.concern import Concern
from bot.conversation.readback import readback_buttons
from bot.conversation.summary import summary
from bot.findings import Findings

found = Findings.from_dict  # what the mapper found, written by hand as the parse data holds it

NOON = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)   # a Monday, office hours
FOOD = {"features": [{"id": "1.3.23", "level": "suspect", "evidence": "takes food from other children",
                      "title": "Takes, hoards or hides food", "notes": []}], "level": "suspect"}
SMELL = {"features": [{"id": "1.3.24", "level": "suspect", "evidence": "often smells and wears the same clothes",
                       "title": "", "notes": []}], "level": "suspect"}
TOLD = {"features": [{"id": "disclosure", "level": "suspect", "evidence": "she told me her stepdad hurts her"}]}


def test_descriptions_are_read_back_as_a_numbered_list_with_a_way_to_finish_or_correct():
    concern = Concern()
    turns.noted(concern, found(FOOD), False, None, None, "teacher", NOON)
    turn = turns.noted(concern, found(SMELL), False, None, None, "teacher", NOON)
    text = turn.replies[0].text
    assert "1. takes food from other children" in text and "2. often smells and wears the same clothes" in text
    assert "NG76 1.3.23" in text and "NG76 1.3.24" in text
    assert turn.replies[0].buttons == readback_buttons()
    assert turn.replies[0].payload["kind"] == "readback" and len(turn.replies[0].payload["items"]) == 2


def test_a_special_route_gets_its_steps_at_once_then_the_conversation_goes_on():
    concern = Concern()
    turn = turns.noted(concern, found(TOLD), False, None, None, "teacher", NOON)
    advice = turn.replies[0].payload
    assert advice["kind"] == "advice" and advice["routes"] == ["disclosure"]
    assert "1.3.7" in " ".join(advice["steps"])
    assert turn.replies[1].payload["kind"] == "contacts" and turn.replies[1].payload["contacts"]
    assert turn.replies[-1].buttons == readback_buttons()


def test_a_description_during_the_role_question_is_kept_for_later():
    concern = Concern()
    turn = turns.noted(concern, found(FOOD), True, None, None, None, NOON)
    assert turn.replies[0].text.startswith("Noted:") and not turn.replies[0].buttons
    assert concern.notes and turn.follow is None


def test_an_age_in_the_description_is_kept_when_none_was_known():
    concern = Concern()
    mapping = dict(FOOD, qualifiers={"age": {"years": 6.0, "stage": "6 years", "words": "she's 6", "exact": True}})
    assert turns.noted(concern, found(mapping), False, None, None, None, NOON).age.words == "she's 6"
    assert turns.noted(concern, found(mapping), False, AgeRange(7, 7, "7"), None, None, NOON).age is None


def test_finishing_with_nothing_described_asks_once_with_the_groups_then_advises():
    """Never a dead end: 'that's all' with nothing noted offers the groups once, then gives the advice."""
    concern = Concern()
    turn = turns.follow_up(concern, "that's all", "done", Findings(), None, True)
    assert turn.replies[0].text.startswith(wording.text("describe.nothing_yet")) and turn.follow is None
    assert ("I just have a feeling something is wrong", "/gut_feeling") in turn.replies[0].buttons
    assert turns.follow_up(concern, "no", "deny", Findings(), None, True).follow == "action_advise"


def test_a_description_that_matched_nothing_then_that_is_all_gives_the_advice():
    concern = Concern()
    first = turns.noted(concern, found({"features": [], "level": "none"}), False, None, None, "teacher", NOON)
    assert "couldn't find an NG76 alerting feature" in first.replies[0].text and first.replies[0].buttons
    assert first.replies[0].buttons[0] == ("The child may be in danger right now", "/immediate_danger"), \
        "when the reading found nothing, immediate danger is the first choice offered"
    assert turns.follow_up(concern, "that's everything", "done", Findings(), None, True).follow == "action_advise"
    advice = turns.final_advice(concern, None, "teacher", NOON)
    payload = advice.replies[0].payload
    assert payload["kind"] == "advice" and payload["level"] == "none"
    steps = " ".join(payload["steps"])
    assert "safeguarding" in steps.lower() and "(NG76" in steps and "early help" in steps.lower()
    assert "NG76 1.1.6" in advice.replies[0].text, "what to record"
    assert advice.replies[1].payload["kind"] == "contacts"


def test_a_gut_feeling_gets_the_steps_for_anyone_who_is_worried():
    turn = turns.gut_feeling(Concern(), None, "teacher", NOON)
    assert turn.replies[0].text == wording.text("groups.feeling")
    assert turn.replies[1].payload["kind"] == "advice" and turn.replies[1].payload["level"] == "none"


def test_a_group_lists_its_features_and_a_chosen_feature_is_noted_with_its_questions():
    concern = Concern()
    shown = turns.show_group(concern, "neglect", None, "teacher", NOON)
    assert '/choose_feature{"feature":"1.3.23"}' in [b[1] for b in shown.replies[0].buttons]
    chosen = turns.chose_feature(concern, "1.3.23")
    assert concern.level == "suspect" and chosen.replies[0].buttons == readback_buttons()
    assert [q.kind for q in concern.questions] == ["persistence"]


def test_a_physical_injury_chosen_from_the_groups_goes_to_the_injury_route():
    concern = Concern()
    turn = turns.show_group(concern, "injury", None, "teacher", NOON)
    assert turn.replies[0].payload["routes"] == ["injury"]


def test_routes_that_require_a_referral_offer_no_early_help_instead():
    for told in (TOLD, {"features": [{"id": "trafficking", "level": "suspect", "evidence": "works for older men"}]}):
        concern = Concern()
        turn = turns.noted(concern, found(told), False, None, None, "teacher", NOON)
        assert not any("early help" in step.lower() for step in turn.replies[0].payload["steps"])


def test_role_and_age_are_asked_before_the_advice_when_unknown():
    concern = Concern()
    concern.add_findings(found(FOOD))
    assert turns.follow_up(concern, "that's all", "done", Findings(), None, False).follow == "about_you_form"


def test_finishing_leads_to_the_advice_when_nothing_needs_asking():
    concern = Concern()
    concern.add_findings(found(FOOD))
    turn = turns.follow_up(concern, "that's all", "done", Findings(), AgeRange(8, 8, "8"), True)
    assert turn.follow == "action_advise" and concern.finished


def test_an_unreadable_answer_repeats_the_question():
    concern = Concern()
    concern.add_findings(found({"features": [dict(FOOD["features"][0], id="1.3.31", level="consider")],
                         "uncertain": [{"kind": "persistence", "question": "?", "features": ["1.3.31"]}]}))
    first = turns.follow_up(concern, "that's all", "done", Findings(), None, True)
    assert "more than once" in first.replies[0].text
    again = turns.follow_up(concern, "the weather", "out_of_scope", Findings(), None, True)
    assert again.replies[0].text.startswith("Sorry") and concern.asking is not None
    answered = turns.follow_up(concern, "it happens every day", "observe", Findings(), None, True)
    assert answered.follow == "action_advise" and concern.counted[0].feature == "1.3.32"


def test_the_final_advice_lists_levels_steps_recording_and_contacts():
    concern = Concern()
    concern.add_findings(found(FOOD))
    turn = turns.final_advice(concern, None, "teacher", NOON)
    advice, contacts, closing = turn.replies
    assert advice.payload["level"] == "suspect" and advice.payload["features"] == [{"id": "1.3.23", "level": "suspect"}]
    assert advice.text.count("Most important next step") == 1 and "children's social care" in advice.text
    assert "NG76 1.1.6" in advice.text, "what to record cites the guideline"
    assert "SUSPECT, a serious level of concern" in advice.text
    assert contacts.payload["contacts"] and "default area" in contacts.text
    assert closing.buttons[0] == ("Yes, a summary", "/ask_summary") and concern.advised


def test_several_consider_features_add_up():
    concern = Concern()
    for fid in ("1.3.12", "1.3.29"):
        concern.add_findings(found({"features": [{"id": fid, "level": "consider", "evidence": fid}]}))
    text = turns.final_advice(concern, None, "teacher", NOON).replies[0].text
    assert "You have described 2 'consider' features" in text and "When to review" in text


def test_fgm_wording_depends_on_the_role():
    fgm = {"features": [{"id": "fgm", "level": "suspect", "evidence": "she said she was cut on holiday"}]}
    for role, words in (("teacher", "you must report this to the police"), ("early_years", "not one of them")):
        concern = Concern()
        concern.add_findings(found(fgm))
        assert words in turns.final_advice(concern, None, role, NOON).replies[0].text


def test_immediate_danger_gives_999_first_and_offers_to_carry_on():
    turn = turns.danger(Concern(), Findings(), None, None, NOON)
    advice = turn.replies[0]
    assert advice.payload["level"] == "danger" and advice.payload["routes"] == ["danger"]
    assert "999" in advice.text.split("\n")[2] or "999" in advice.text
    assert turn.replies[-1].buttons[0] == ("Carry on", "/carry_on")
    assert turn.concern.routes == ["danger"]


def test_removing_an_item_reads_back_what_is_left():
    concern = Concern()
    concern.add_findings(found(FOOD))
    concern.add_findings(found(SMELL))
    assert turns.correct(concern, None).replies[0].buttons[1][1] == '/correct{"item":"2"}'
    turn = turns.correct(concern, 1)
    assert [n.feature for n in concern.notes] == ["1.3.24"]
    assert turn.replies[0].text.startswith("Removed: takes food from other children")


def test_carrying_on_returns_to_where_the_practitioner_was():
    concern = Concern()
    assert turns.resume(concern, False).follow == "about_you_form"
    assert "tell me what you saw" in turns.resume(concern, True).replies[0].text
    concern.add_findings(found(FOOD))
    assert turns.resume(concern, True).replies[0].buttons == readback_buttons()


def test_the_summary_has_the_date_observations_levels_steps_and_contacts():
    concern = Concern()
    concern.add_findings(found(FOOD))
    advice = turns.advise(concern, None, "teacher", NOON)
    text, payload = summary(concern, advice, "teacher", AgeRange(5, 11.99, "5 to 11"), NOON)
    assert "23 November 2026" in text and "Teacher or school staff" in text and "5 to 11" in text
    assert "takes food from other children" in text and "NG76 1.3.23" in text
    assert payload["kind"] == "summary" and payload["steps"] and payload["contacts"]


def test_the_concern_survives_the_slot():
    concern = Concern()
    concern.add_findings(found(dict(FOOD, uncertain=[{"kind": "persistence", "question": "?", "features": ["1.3.23"]}])))
    again = Concern.from_dict(concern.to_dict())
    assert again == concern
    assert Concern.from_dict({"unexpected": 1}) == Concern() and Concern.from_dict(None) == Concern()


def test_the_summary_never_carries_a_name_or_number_the_practitioner_typed():
    concern = Concern()
    concern.add_findings(found({"features": [{"id": "1.3.23", "level": "suspect", "title": "",
                                       "evidence": "Jayden's mum Sarah (07700 900123) says he takes food"}]}))
    text, payload = summary(concern, turns.advise(concern, None, "teacher", NOON), "teacher", None, NOON)
    for detail in ("Jayden", "Sarah", "07700 900123"):
        assert detail not in text and detail not in str(payload)
    assert "[NAME]" in text and "[PHONE]" in text


DOUBT = {"features": [], "level": "none", "uncertain": [
    {"kind": "danger", "question": "Is the child in immediate danger right now?", "features": [],
     "words": "drowsy after tablets"}]}


def test_words_that_may_mean_danger_are_asked_about_there_and_then():
    concern = Concern()
    turn = turns.noted(concern, found(DOUBT), False, None, None, "teacher", NOON)
    assert turn.follow == "utter_ask_danger_now"
    assert "could mean the child is in danger now" in turn.replies[0].text
    assert not turn.replies[0].buttons, "the danger question's own buttons follow"


def test_a_danger_doubt_while_the_form_asks_role_and_age_says_what_to_do_now():
    turn = turns.noted(Concern(), found(DOUBT), True, None, None, None, NOON)
    assert "call 999" in turn.replies[-1].text and turn.follow is None


def test_not_sure_about_danger_means_act_now_then_carry_on():
    turn = turns.danger_unsure(Concern(), None, "teacher", NOON)
    first = turn.replies[0]
    assert first.payload["kind"] == "act_now" and "call 999" in first.text and "children's social care" in first.text
    assert "NG76 1.3" in first.text
    assert turn.replies[1].payload["kind"] == "contacts" and turn.replies[1].payload["contacts"]
    assert turn.replies[-1].buttons == turns.danger_buttons()


def test_the_summary_is_fit_for_the_record():
    """Every description in full (redacted), what matched and what did not, the answers, the advice, the time."""
    concern = Concern()
    long_words = ("He takes food from other children's lunchboxes, hides it in his tray and in his coat, and "
                  "when I asked him about it he said he was hungry because there is never breakfast at home")
    turns.noted(concern, found(FOOD), False, None, None, "teacher", NOON, text=long_words)
    turns.noted(concern, found({"features": [], "level": "none"}), False, None, None, "teacher", NOON,
                text="Something about Jayden's mum (07700 900123) felt off at pick-up")
    concern.questions.append(__import__("bot.conversation.concern", fromlist=["Question"]).Question(
        "persistence", ["1.3.23"]))
    from bot.conversation.follow_up import apply
    apply(concern, concern.questions[0], "unsure")
    text, payload = summary(concern, turns.advise(concern, None, "teacher", NOON), "teacher", None, NOON)
    assert long_words in text, "the description in full, not cut at 100 characters"
    assert "[matched: NG76 1.3.23, takes, hoards or hides food (suspect)]" in text
    assert "felt off at pick-up [not matched to an NG76 alerting feature]" in text
    assert "Has it happened more than once (1.3.23): not sure" in text
    assert "Jayden" not in text and "07700 900123" not in text
    assert payload["descriptions"][1]["matched"] == [] and payload["answers"]
    assert "23 November 2026" in text and "Steps advised:" in text and "Contacts given:" in text


def test_a_question_asked_twice_without_an_answer_moves_on_as_not_sure():
    """No loop: the first unusable reply re-asks with the buttons and the way out; the second is 'not sure'."""
    concern = Concern()
    concern.add_findings(found(dict(FOOD, uncertain=[{"kind": "persistence", "question": "?", "features": ["1.3.23"]}])))
    first = turns.follow_up(concern, "that's everything", "done", Findings(), AgeRange(7, 7, "7"), True)
    assert concern.asking is not None and first.replies[-1].buttons
    again = turns.follow_up(concern, "qwerty zxcv", "nlu_fallback", Findings(), AgeRange(7, 7, "7"), True)
    assert again.replies[0].text.startswith(wording.text("follow_up.reask")) and again.replies[0].buttons
    assert "not sure" in again.replies[0].text and "skip" in again.replies[0].text
    moved = turns.follow_up(concern, "asdf", "nlu_fallback", Findings(), AgeRange(7, 7, "7"), True)
    assert moved.replies[0].text == wording.text("follow_up.taken_as_not_sure")
    assert moved.follow == "action_advise" and concern.level == "suspect", "not sure keeps the safer reading"
    assert concern.answers[-1]["answer"] == "unsure"


def test_skip_is_not_sure():
    concern = Concern()
    concern.add_findings(found(dict(FOOD, uncertain=[{"kind": "persistence", "question": "?", "features": ["1.3.23"]}])))
    turns.follow_up(concern, "that's everything", "done", Findings(), AgeRange(7, 7, "7"), True)
    turn = turns.follow_up(concern, "skip", "nlu_fallback", Findings(), AgeRange(7, 7, "7"), True)
    assert concern.answers[-1]["answer"] == "unsure" and turn.follow == "action_advise"


def test_a_real_emergency_in_practice_is_asked_about_and_real_or_yes_leaves():
    from bot.conversation.practice import real_check

    danger = {"routes": ["danger"], "features": [{"id": "danger"}]}
    assert real_check("a toddler is alone in the flat now", found(danger), None) == "ask"
    assert real_check("yes", None, {"slot": "practice_noticed", "text": "..."}) == "leave"
    assert real_check("no, it's practice", None, {"slot": "practice_noticed", "text": "..."}) == "resume"
    assert real_check("this is real", None, None) == "leave"
    assert real_check("She hides food", found({"routes": []}), None) == "answer"
    doubt = {"routes": [], "uncertain": [{"kind": "danger"}]}
    assert real_check("she seemed drowsy after her medicine", found(doubt), None) == "ask"


def test_a_vulnerability_factor_alone_is_named_and_gets_a_way_on():
    mapping = {"features": [], "level": "none", "vulnerability": [
        {"key": "substance_misuse", "name": "a parent's or carer's substance misuse", "cite": "NG76 1.2.3, 1.2.4",
         "words": "mum drinks heavily"}]}
    concern = Concern()
    turn = turns.noted(concern, found(mapping), False, None, None, "teacher", NOON, text="mum drinks heavily every day")
    assert "vulnerability factor" in turn.replies[0].text and "NG76 1.2.3" in turn.replies[0].text
    assert turn.replies[0].buttons, "the groups and the feeling button: a way on"
    assert concern.factors[0]["key"] == "substance_misuse"
    assert turns.follow_up(concern, "that's all", "done", Findings(), None, True).follow == "action_advise"
    advice = turns.final_advice(concern, None, "teacher", NOON).replies[0]
    assert advice.payload["level"] == "none" and "NG76 1.2.3" in advice.text


def test_an_adults_sexual_abuse_as_it_was_told_gets_its_steps_at_once():
    """Session 13: "mum's boyfriend makes her watch porn with him" matches no alerting feature; the practitioner gets
    the plain statement and the referral discussion at once, never "I couldn't find an NG76 alerting feature"."""
    mapping = {"features": [], "level": "none", "beyond": ["adult_sexual_abuse"],
               "message": wording.text("describe.no_feature_found")}
    concern = Concern()
    turn = turns.noted(concern, found(mapping), False, None, None, "teacher", NOON,
                       text="Mum's boyfriend makes her watch porn with him.")
    text = "\n".join(r.text for r in turn.replies)
    assert "Sexual abuse of a child by an adult" in text and "children's social care" in text and "999" in text
    assert wording.text("describe.no_feature_found") not in text
    assert turn.replies[-1].buttons, "a way on"


def test_a_features_caution_from_ng76_is_shown_with_it():
    concern = Concern()
    concern.add_findings(found({"features": [{"id": "1.3.24", "level": "suspect", "evidence": "no food in the house"}]}))
    text = turns.final_advice(concern, None, "teacher", NOON).replies[0].text
    assert "NG76 1.3.24 also says: Be aware that it may be difficult to distinguish between neglect and material " \
           "poverty" in text


def test_harm_in_the_past_with_the_child_now_safe_gets_the_non_recent_step():
    from bot.observations.qualifiers import past_and_now_safe

    words = "She was neglected by her birth parents in the past and is now settled with her adoptive family."
    assert past_and_now_safe(words)
    concern = Concern()
    concern.add_findings(found({"features": [{"id": "1.3.13", "level": "consider", "evidence": "very clingy"}],
                         "non_recent": past_and_now_safe(words)}))
    steps = turns.final_advice(concern, None, "social_worker", NOON).replies[0].payload["steps"]
    assert any("now somewhere safe" in step for step in steps)
    assert not past_and_now_safe("He takes food from other children every day.")


def test_early_help_programmes_are_filtered_by_the_childs_age():
    from bot.conversation.questions import early_help_answer

    young, older = early_help_answer(3), early_help_answer(9)
    assert "NG76 1.5.9" in young and "NG76 1.5.10" in young, "Triple P (to 7) and preschool programmes"
    assert "NG76 1.5.9" not in older and "NG76 1.5.10" not in older
    assert "NG76 1.5.7" in older and "NG76 1.5.13" in older
