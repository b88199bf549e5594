"""The cached action-response check accepts and refuses exactly what Rasa's own check does (its speed is
measured in bench/, not asserted here)."""
from __future__ import annotations

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from bot import rasa_speedups

GOOD = {"events": [{"event": "slot", "name": "concern", "value": {"notes": []}}],
        "responses": [{"text": "hi", "buttons": [], "custom": {"kind": "advice"}}]}
BAD = {"events": [{"event": "slot"}], "responses": "not a list"}


def rasa_check(result):
    return jsonschema.validate(result, RemoteAction.action_response_format_spec())


def test_same_verdicts_as_rasa():
    assert rasa_speedups._validate_action_result(None, GOOD) is True
    rasa_check(GOOD)
    with pytest.raises(jsonschema.ValidationError):
        rasa_check(BAD)
    with pytest.raises(jsonschema.ValidationError) as error:
        rasa_speedups._validate_action_result(None, BAD)
    assert "Failed to validate Action server response" in error.value.message


def test_installed_on_remote_action():
    rasa_speedups.install()
    assert RemoteAction._validate_action_result is rasa_speedups._validate_action_result
