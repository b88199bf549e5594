"""The lead's queue: its order, the highest level noted at any point, 'left before the advice', and the
transcript of a conversation the practitioner left before the advice."""
from __future__ import annotations

import random
import re
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from bot.review.triage import GROUP_ORDER, REFERRAL_ROUTES, ROUTES, QueueItem, group_of, order
from bot.transcripts.records import RecordDelta

from .conftest import T0, bot, epoch, slot, user
from .desk_conversations import QUEUE_ORDER, concern, left_before_advice_conversation, morning


def queued(page: str) -> list[str]:
    return re.findall(r'<li class="queue-item[^"]*" data-group="[a-z]+">\s*<p class="queue-line"><a '
                      r'href="/transcript\?id=([^"]+)"', page)


@pytest.fixture
def lead_morning(any_review):
    review = any_review
    for sender_id, events in morning(T0).items():
        review.conversation(sender_id, events)
    review.now = T0 + timedelta(hours=8)
    review.lead = review.logged_in("lead.one", "lead")
    return review


# ---------------------------------------------------------------------------- the rules, without a database

def test_the_referral_routes_are_the_advice_modules():
    from bot.advice import REFERRAL_ROUTES as ADVICE_REFERRAL

    from bot.observations.beyond import REFERRAL_SITUATIONS

    assert set(REFERRAL_ROUTES) == {str(r) for r in ADVICE_REFERRAL} - {"danger"} | REFERRAL_SITUATIONS
    assert set(REFERRAL_ROUTES) == {"disclosure", "fgm", "trafficking", "fii", "adult_sexual_abuse", "non_mobile_bruise"}


@pytest.mark.parametrize("level, routes, noted, group", [
    ("danger", [], True, "danger"),
    ("none", ["danger"], True, "danger"),
    ("suspect", ["danger", "disclosure"], True, "danger"),
    ("suspect", ["disclosure"], True, "referral"),
    ("none", ["fgm"], True, "referral"),
    ("consider", ["trafficking"], True, "referral"),
    ("suspect", ["fii"], True, "referral"),
    ("suspect", ["injury"], True, "suspect"),
    ("suspect", [], True, "suspect"),
    ("consider", [], True, "consider"),
    ("none", ["adult_sexual_abuse"], False, "referral"),
    ("none", ["non_mobile_bruise"], True, "referral"),
    ("none", ["injury"], True, "other"),
    ("none", [], True, "other"),
    ("none", [], False, "nothing"),
])
def test_each_conversation_falls_in_the_first_group_that_fits(level, routes, noted, group):
    assert group_of(level, routes, noted) == group


def item(sender_id: str, level: str = "none", routes=(), minutes: int = 0, noted=(), advised: bool = True
         ) -> QueueItem:
    return QueueItem(sender_id=sender_id, channel="rest", started_at=T0, last_event_at=T0 + timedelta(minutes=minutes),
                     level=level, messages=1, routes=list(routes), noted=[{"id": n, "level": level} for n in noted],
                     features=[{"id": n, "level": level} for n in noted if n not in ROUTES], advised=advised)


def test_the_order_danger_referral_suspect_consider_then_the_rest():
    expected = [
        item("danger-left", "danger", ["danger"], minutes=50, noted=["danger"], advised=False),
        item("danger-old", "danger", ["danger"], minutes=1),
        item("danger-new", "danger", ["danger"], minutes=40),
        item("fgm", "suspect", ["fgm"], minutes=5),
        item("disclosure", "suspect", ["disclosure"], minutes=30),
        item("suspect-left", "suspect", minutes=45, noted=["1.3.23"], advised=False),
        item("suspect-old", "suspect", minutes=2, noted=["1.3.23"]),
        item("suspect-new", "suspect", minutes=20, noted=["1.3.13"]),
        item("consider", "consider", minutes=0, noted=["1.3.31"]),
        item("injury-left", "none", ["injury"], minutes=9, noted=["injury"], advised=False),
        item("hello", minutes=0),
    ]
    shuffled = expected[:]
    random.Random(20).shuffle(shuffled)
    assert [i.sender_id for i in order(shuffled)] == [i.sender_id for i in expected]
    assert [i.group for i in expected] == [
        "danger", "danger", "danger", "referral", "referral", "suspect", "suspect", "suspect", "consider", "other",
        "nothing"]
    assert list(GROUP_ORDER) == ["danger", "referral", "suspect", "consider", "other", "nothing"]


def test_left_before_advice_needs_something_noted_and_no_advice():
    assert item("a", "suspect", noted=["1.3.23"], advised=False).left_before_advice
    assert item("a", "suspect", noted=["1.3.23"], advised=False).left_before_advice_line() == \
        "Left before advice: 1.3.23 noted"
    assert not item("b", "suspect", noted=["1.3.23"], advised=True).left_before_advice
    assert not item("c", advised=False).left_before_advice            # a greeting: nothing noted
    assert item("c", advised=False).left_before_advice_line() == ""


# ---------------------------------------------------------------------------- the highest level noted

@pytest.mark.parametrize("events, level, noted", [
    # the concern slot alone ("Noted: ... I'll come back to it" has no payload)
    ([slot("concern", concern(("1.3.23", "suspect", "met")), 1.0)], "suspect", {"1.3.23": "suspect"}),
    # a read-back's items
    ([bot("I noted", 1.0, custom={"kind": "readback", "items": [{"feature": "1.3.31", "level": "consider",
                                                                 "status": "met"}]})], "consider",
     {"1.3.31": "consider"}),
    # noted suspect, advised consider after a question set it aside: the highest noted at any point
    ([slot("concern", concern(("1.3.13", "suspect", "met")), 1.0),
      bot("advice", 2.0, custom={"kind": "advice", "level": "consider", "features": [], "routes": [], "steps": []})],
     "suspect", {"1.3.13": "suspect"}),
    # a route noted
    ([slot("concern", concern(("disclosure", "suspect", "route")), 1.0)], "suspect", {"disclosure": "suspect"}),
    # "not sure" about danger: acted on as danger
    ([bot("Not sure means act now", 1.0, custom={"kind": "act_now", "cite": "NG76 1.3"})], "danger",
     {"danger": "danger"}),
    # set aside as not met, or explained: not noted, no level
    ([slot("concern", concern(("1.3.13", "suspect", "not_met"), ("1.3.20", "suspect", "explained")), 1.0)],
     "none", {}),
    # a summary repeats levels: it notes nothing
    ([bot("summary", 1.0, custom={"kind": "summary", "level": "danger"})], "none", {}),
])
def test_the_level_is_the_highest_noted_at_any_point(events, level, noted):
    delta = RecordDelta.from_events(events)
    assert delta.level == level and delta.noted == noted


def test_the_record_keeps_what_was_noted_and_whether_advice_was_given(review):
    review.conversation("conv-left", left_before_advice_conversation(T0))
    rows = review.rows("conversation_findings")
    assert {(r["kind"], r["value"], r["level"]) for r in rows} == {("noted", "1.3.23", "suspect")}
    record = review.rows("conversation_records")[0]
    assert record["level"] == "suspect" and record["level_rank"] == 2
    review.conversation("conv-left", [bot("Overall level: SUSPECT", epoch(T0) + 100,
                                          custom={"kind": "advice", "level": "suspect",
                                                  "features": [{"id": "1.3.23", "level": "suspect"}],
                                                  "routes": [], "steps": ["a step"]})])
    kinds = {(r["kind"], r["value"]) for r in review.rows("conversation_findings")}
    assert ("advice", "suspect") in kinds and ("noted", "1.3.23") in kinds


# ---------------------------------------------------------------------------- the queue page

def test_the_leads_first_page_is_the_queue(review):
    lead = review.logged_in("lead.first", "lead")
    assert lead.get("/").headers["location"] == "/queue"
    assert lead.get("/login").headers["location"] == "/queue"


def test_the_queue_orders_a_leads_morning(lead_morning):
    page = lead_morning.lead.get("/queue")
    assert page.status_code == 200
    assert queued(page.text) == QUEUE_ORDER
    assert "conv-practice" not in page.text


def test_a_conversation_left_before_the_advice_is_flagged_on_its_own_line(lead_morning):
    page = lead_morning.lead.get("/queue").text
    entry = re.search(r'<li class="queue-item queue-left" data-group="suspect">(.*?)</li>', page, re.S)
    assert entry and "conv-left" in entry.group(1)
    assert '<p class="flag-left">Left before advice: 1.3.23 noted</p>' in entry.group(1)
    assert page.count('class="flag-left"') == 1, "the suspect conversation that got its advice is not flagged"
    assert "<strong>1</strong> left before the advice" in page


def test_a_reviewed_conversation_leaves_the_queue_and_a_reopened_one_comes_back(lead_morning):
    lead = lead_morning.lead
    lead.get("/transcript?id=conv-danger")
    lead.post("/transcript/status", {"id": "conv-danger", "status": "reviewed"})
    assert queued(lead.get("/queue").text) == QUEUE_ORDER[1:]
    lead.get("/transcript?id=conv-danger")
    lead.post("/transcript/status", {"id": "conv-danger", "status": "open"})
    assert queued(lead.get("/queue").text) == QUEUE_ORDER


def test_the_transcript_of_a_conversation_left_before_the_advice(lead_morning):
    page = lead_morning.lead.get("/transcript?id=conv-left").text
    overall = re.search(r"<dt>Overall level</dt><dd>(.*?)</dd>", page, re.S).group(1)
    assert "SUSPECT" in overall and "NONE" not in overall
    assert "the practitioner left before the advice" in page
    found = re.search(r'<section aria-labelledby="found-heading".*?</section>', page, re.S).group(0)
    assert "Noted, but the practitioner left before the advice" in found
    assert "NG76 1.3.23" in found and "level-suspect" in found


def test_a_transcript_with_advice_is_not_flagged(lead_morning):
    page = lead_morning.lead.get("/transcript?id=conv-suspect").text
    assert "left before the advice" not in page
    assert re.search(r"<dt>Advice given</dt>\s*<dd>.*SUSPECT", page, re.S)


def test_the_filters_find_what_was_noted(lead_morning):
    lead = lead_morning.lead
    listed = lambda q: re.findall(r'href="/transcript\?id=([^"]+)"', lead.get(f"/conversations?{q}").text)  # noqa: E731
    assert "conv-left" in listed("level=suspect%2B") and "conv-left" in listed("feature=1.3.23")
    assert "conv-left" in listed("level=suspect")
    assert listed("route=danger") == ["conv-danger"]
    assert listed("route=disclosure") == ["conv-disclosure"]
    assert listed("level=none") == ["conv-hello"]
    assert "conv-practice" not in listed("") and "conv-practice" in listed("practice=all&route=danger")


# ---------------------------------------------------------------------------- who sees it

@pytest.mark.parametrize("role, status", [("lead", 200), ("trainer", 403), ("admin", 403)])
def test_only_a_lead_opens_the_queue(review, role, status):
    review.conversation("conv-left", left_before_advice_conversation(T0))
    client = review.logged_in(f"{role}.one", role)
    reply = client.get("/queue")
    assert reply.status_code == status
    if status == 403:
        assert "conv-left" not in reply.text and "1.3.23" not in reply.text


def test_a_lead_of_another_organisation_has_an_empty_queue(review):
    review.conversation("conv-left", left_before_advice_conversation(T0))
    outsider = review.logged_in("lead.elsewhere", "lead", organisation="Southshire Council")
    page = outsider.get("/queue").text
    assert "conv-left" not in page and "<strong>0</strong> conversations not reviewed" in page


def test_the_queue_holds_no_words_of_any_conversation(lead_morning):
    page = lead_morning.lead.get("/queue").text
    for words in ("lunchboxes", "belt", "screaming", "bins", "shouts"):
        assert words not in page
