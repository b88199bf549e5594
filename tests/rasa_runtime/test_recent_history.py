"""The policies decide the same on the recent view of a long conversation as on the whole of it.

A long, varied conversation is played through the real servers (observations, side questions, follow-up
questions, the advice, a form again after "start again", practice mode, a change of area). Then, at every
point where Rasa predicted an action, the trained policies are asked again in this process, once with the
whole conversation up to there and once with ``bot.rasa_runtime.recent_history.view`` of it, and the answers
compared: the action, the policy that chose it and its confidence. The view is made much shorter than in production
(a few turns, not twelve), which is the harder test.
"""
from __future__ import annotations

import itertools
import uuid

import pytest
import requests
from rasa.shared.core.events import ActionExecuted, Event
from rasa.shared.core.trackers import DialogueStateTracker

from bench.load import SHORT_OBSERVATIONS, SIDE_QUESTIONS
from bot.rasa_runtime import recent_history

pytestmark = [pytest.mark.e2e, pytest.mark.model]


def _script() -> list[str]:
    """What the practitioner types, in order; "Not sure" answers whatever follow-up question is asked."""
    opening = ["hello", "No", "Teacher or school staff", "7"]
    middle: list[str] = []
    for n in range(6):
        middle += [SHORT_OBSERVATIONS[n], SIDE_QUESTIONS[n % len(SIDE_QUESTIONS)], SHORT_OBSERVATIONS[n + 3],
                   "That's everything", "Not sure", "Not sure", "No"]
    restart = ["start again", "Yes", "hello", "No", "GP or practice nurse", "under 1",
               "the baby has a bruise on her cheek", "That's everything", "Not sure"]
    practice = ["practice", "Consider", "goodbye", "hello", "No"]
    area = ["contacts for another area", "Demo Shire", "what is early help?"]
    tail = list(itertools.islice(itertools.cycle(SHORT_OBSERVATIONS[:4] + ["That's everything", "Not sure"]), 60))
    return opening + middle + restart + practice + area + tail


def _prediction_points(events: list[Event]) -> list[int]:
    """Indexes of the actions the policies chose (not the session start, which Rasa runs itself)."""
    return [i for i, e in enumerate(events)
            if isinstance(e, ActionExecuted) and e.action_name not in ("action_session_start",) and i > 0]


@pytest.fixture(scope="module")
def processor(trained_model):
    from rasa.core.agent import Agent

    agent = Agent.load(str(trained_model))
    return agent.processor


def test_every_prediction_is_the_same_on_the_view(stack, processor, monkeypatch):
    sender = f"long-{uuid.uuid4()}"
    for text in _script():
        replies = stack.say(sender, text)
        assert replies, f"no reply to {text!r}"
    data = stack.tracker(sender)
    domain = processor.domain
    tracker = DialogueStateTracker.from_dict(sender, data["events"], domain.slots)
    events = list(tracker.events)
    assert len(events) > 400, "a long conversation"

    monkeypatch.setattr(recent_history, "MIN_EVENTS", 40)
    monkeypatch.setattr(recent_history, "KEEP_TURNS", 3)
    monkeypatch.setattr(recent_history, "MAX_TURNS", 6)
    from rasa.core.processor import MessageProcessor

    predict = getattr(MessageProcessor._predict_next_with_tracker, "__wrapped__", None) or \
        MessageProcessor._predict_next_with_tracker
    compared = viewed = 0
    for index in _prediction_points(events):
        before = DialogueStateTracker.from_events(sender, events[:index], domain.slots)
        if before.followup_action:
            continue  # Rasa runs a follow-up action (or listens after a reset) without asking the policies
        short = recent_history.view(before, domain)
        whole = predict(processor, before)
        seen = predict(processor, short)
        compared += 1
        viewed += short is not before
        assert (seen.max_confidence_index, seen.policy_name, round(seen.max_confidence, 6)) == (
            whole.max_confidence_index, whole.policy_name, round(whole.max_confidence, 6)), (
            f"at event {index} ({events[index].action_name}) the view chose "
            f"{domain.action_names_or_texts[seen.max_confidence_index]} by {seen.policy_name}")
    assert compared > 150 and viewed > compared * 0.6, (compared, viewed)
