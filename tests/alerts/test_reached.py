"""What a conversation has reached: the highest level noted at any point, from the bot's payloads only."""
from __future__ import annotations

from bot.alerts.reached import reached
from tests.alerts.conftest import advice, bot, readback, user


def test_a_suspect_feature_noted_before_any_advice_deserves_an_alert():
    state = reached([user("hi"), readback("1.3.23", "suspect")])
    assert state.alert_kinds() == ["suspect"]
    assert state.features == {"1.3.23": "suspect"} and state.level == "suspect"


def test_a_consider_level_conversation_raises_no_alert():
    assert reached([readback("1.3.27", "consider"), advice("consider", [("1.3.27", "consider")])]).alert_kinds() == []


def test_a_feature_set_aside_as_not_met_raises_nothing():
    assert reached([readback("1.3.25", "suspect", status="not_met")]).alert_kinds() == []


def test_danger_from_the_advice_or_from_not_sure_is_danger():
    assert "danger" in reached([advice("danger", routes=["danger"])]).alert_kinds()
    assert reached([bot({"kind": "act_now", "cite": "NG76 1.3.1"})]).alert_kinds()[0] == "danger"


def test_a_referral_route_is_its_own_alert_and_at_least_suspect():
    state = reached([readback("disclosure", "suspect", status="route")])
    assert state.alert_kinds() == ["referral", "suspect"]
    assert state.feature_ids() == []  # routes are named as routes, not as feature numbers


def test_the_highest_level_is_kept_when_later_advice_is_lower():
    state = reached([readback("1.3.32", "suspect"), advice("consider", [("1.3.31", "consider")])])
    assert state.level == "suspect" and state.alert_kinds() == ["suspect"]


def test_practice_is_recognised_and_the_channel_kept():
    state = reached([user("hi", channel="telegram"), {"event": "slot", "name": "practice_mode", "value": True}])
    assert state.practice and state.channel == "telegram"


def test_a_feature_noted_in_the_concern_before_any_read_back_deserves_an_alert():
    """"Noted: 1.3.23 ... I'll come back to it": the concern slot holds the note before any read-back."""
    concern = {"event": "slot", "name": "concern", "timestamp": 5.0,
               "value": {"notes": [{"words": "hides food", "feature": "1.3.23", "level": "suspect", "status": "met"}]}}
    state = reached([user("hi"), concern])
    assert state.alert_kinds() == ["suspect"] and state.feature_ids() == ["1.3.23"]


def test_an_adults_sexual_abuse_as_it_was_told_is_a_referral_alert_though_no_feature_is_met():
    """Session 13: the advice for a situation outside the features whose next step is a referral discussion sets no
    level; the record keeps it with the routes, so the lead is alerted and the queue lifts it."""
    event = bot({"kind": "advice", "level": "none", "features": [], "routes": [], "steps": [],
                 "beyond_ng76": [{"key": "adult_sexual_abuse", "urgency": "today", "cite": "NG76 1.3.7", "routes": []}]})
    state = reached([event])
    assert "referral" in state.alert_kinds() and "adult_sexual_abuse" in state.routes
    other = bot({"kind": "advice", "level": "none", "features": [], "routes": [], "steps": [],
                 "beyond_ng76": [{"key": "suicidal", "urgency": "today", "cite": "NG76 1.3.16", "routes": []}]})
    assert reached([other]).alert_kinds() == [] and reached([other]).routes == []
