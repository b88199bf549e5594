"""bot.rasa_runtime.action_calls against Rasa's own: the cached action-response check accepts and refuses exactly
what Rasa's check does (its speed is measured in bench/, not asserted here), and real actions answer the same
with the event window as with every event of a long conversation."""
from __future__ import annotations

import asyncio

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from bot.rasa_runtime import action_calls

GOOD = {"events": [{"event": "slot", "name": "concern", "value": {"notes": []}}],
        "responses": [{"text": "hi", "buttons": [], "custom": {"kind": "advice"}}]}
BAD = {"events": [{"event": "slot"}], "responses": "not a list"}


def rasa_check(result):
    return jsonschema.validate(result, RemoteAction.action_response_format_spec())


def test_same_verdicts_as_rasa():
    assert action_calls._validate_action_result(None, GOOD) is True
    rasa_check(GOOD)
    with pytest.raises(jsonschema.ValidationError):
        rasa_check(BAD)
    with pytest.raises(jsonschema.ValidationError) as error:
        action_calls._validate_action_result(None, BAD)
    assert "Failed to validate Action server response" in error.value.message


def test_installed_once_on_remote_action():
    action_calls.install()
    action_calls.install()
    assert RemoteAction._validate_action_result is action_calls._validate_action_result
    assert RemoteAction._action_call_format is action_calls._action_call_format
    assert action_calls.RASAS_OWN["_action_call_format"] is not action_calls._action_call_format
    assert action_calls.RASAS_OWN["_validate_action_result"] is not action_calls._validate_action_result


# ---------------------------------------------------------------------------- what goes to the action server

def _long_tracker_at_the_role_question():
    """A long conversation (many turns of side questions), then the about-you form validating a typed role."""
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.paths import ROOT

    domain = Domain.load(ROOT / "domain.yml")
    events = [ActionExecuted("action_session_start"), ActionExecuted("action_listen")]
    for n in range(150):
        events += [UserUttered(f"what does suspect mean? {n}", {"name": "ask_level_meaning", "confidence": 1.0}),
                   ActionExecuted("action_answer_question"), BotUttered("Suspect means ..."),
                   ActionExecuted("action_listen")]
    events += [UserUttered("I'm worried about a child", {"name": "observe", "confidence": 1.0}),
               ActionExecuted("about_you_form"), ActiveLoop("about_you_form"), SlotSet("requested_slot", "role"),
               ActionExecuted("action_listen"),
               UserUttered("practice nurse", {"name": "inform", "confidence": 1.0}),
               SlotSet("role", "practice nurse")]
    return DialogueStateTracker.from_events("long", events, domain.slots), domain


@pytest.mark.parametrize("action_name", ["validate_about_you_form", "action_not_understood", "action_resume"])
def test_the_actions_answer_the_same_with_the_last_events_as_with_all(action_name):
    from rasa.utils.endpoints import EndpointConfig
    from rasa_sdk.executor import ActionExecutor

    tracker, domain = _long_tracker_at_the_role_question()
    endpoint = EndpointConfig("http://localhost:5055/webhook", enable_selective_domain=True)
    remote = RemoteAction(action_name, endpoint)
    original = action_calls.RASAS_OWN.get("_action_call_format", RemoteAction.__dict__["_action_call_format"])
    assert original is not action_calls._action_call_format
    full = original(remote, tracker, domain)
    short = action_calls._action_call_format(remote, tracker, domain)
    sent = short["tracker"]["events"]
    assert len(full["tracker"]["events"]) > 600 and 2 <= len(sent) < 10
    assert full["tracker"]["events"][-len(sent):] == sent and sent[0]["event"] == "user", "the current turn"
    assert {k: v for k, v in full["tracker"].items() if k != "events"} == {
        k: v for k, v in short["tracker"].items() if k != "events"}
    assert ("domain" in short) == (action_name.startswith("validate_")), "the domain only where it is needed"

    executor = ActionExecutor()
    executor.register_package("actions")
    full["domain"] = domain.as_dict()  # in-process, rasa_sdk needs the domain with every call
    short.setdefault("domain", domain.as_dict())
    answer_short, answer_full = asyncio.run(executor.run(short)), asyncio.run(executor.run(full))
    assert answer_full["responses"] or answer_full["events"], "the action did something to compare"
    assert answer_short == answer_full


def _custom_actions() -> list[str]:
    from rasa.shared.core.domain import Domain

    from bot.paths import ROOT

    return [name for name in Domain.load(ROOT / "domain.yml").user_actions if not name.startswith("utter_")]


@pytest.mark.parametrize("action_name", _custom_actions())
def test_every_custom_action_answers_the_same_within_the_event_window(action_name, tmp_path, monkeypatch):
    """The event window is a rule for every action (actions/__init__.py): one that read an earlier turn's events
    would answer differently here."""
    from rasa.utils.endpoints import EndpointConfig
    from rasa_sdk.executor import ActionExecutor

    monkeypatch.setenv("BOT_VAR_DIR", str(tmp_path))  # anything an action keeps stays in the test's folder
    monkeypatch.setenv("BOT_PRACTICE_DB", str(tmp_path / "practice.db"))
    tracker, domain = _long_tracker_at_the_role_question()
    remote = RemoteAction(action_name, EndpointConfig("http://localhost:5055/webhook"))
    original = action_calls.RASAS_OWN.get("_action_call_format", RemoteAction.__dict__["_action_call_format"])
    full, short = original(remote, tracker, domain), action_calls._action_call_format(remote, tracker, domain)
    executor = ActionExecutor()
    executor.register_package("actions")
    assert asyncio.run(executor.run(short)) == asyncio.run(executor.run(full))
