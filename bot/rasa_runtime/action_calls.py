"""What Rasa sends to the action server and how it checks the answer: two measured changes, same decisions.

**The answer's check.** Rasa checks every action server response with ``jsonschema.validate(result, schema)``,
which first checks the schema itself against the JSON Schema meta-schema, on every call. For Rasa's large
events schema that took 64 to 70 ms per custom action on the benchmark machine (1 to 3 ms with the checker
built once), more than the rest of a turn. Here the checker is built once per process; the response is
validated against the same schema with the same errors, so behaviour is unchanged
(``tests/rasa_runtime/test_action_calls.py`` compares the verdicts with Rasa's own).

**The event window: what goes to the action server.** Rasa sends every event of the conversation with every
custom action call, so a call at turn 400 carries thousands of events to be serialised, sent and parsed. Here
the call carries the events of the current turn only: from the practitioner's latest message on, at most
``ACTION_EVENTS`` of them (the last ``ACTION_EVENTS`` when the turn is longer, or when there is no message
yet, as in ``action_session_start``). Everything else in the call is as Rasa makes it: every slot, the latest
message, the active form, the latest action, and the domain where Rasa would send it. So an action sees
``tracker.slots``, ``tracker.latest_message`` and ``tracker.active_loop`` whole, and ``tracker.events`` holds
this turn only: nothing from an earlier turn can be found there (``get_last_event_for``, an earlier intent or
bot message); what an action needs to remember goes in a slot. Our actions read the slots, the latest message
and, for form validation, the events since the latest message (rasa_sdk's ``slots_to_validate``); the test
runs real actions on a long conversation with the window and with every event, and they answer the same.
``actions/__init__.py`` tells action authors the same.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, Text

ACTION_EVENTS = 120  # events sent with each custom action call, at most: the current turn's
RASAS_OWN: Dict[str, Any] = {}  # the functions replaced, for the tests that compare with them


@lru_cache(maxsize=1)
def _response_validator() -> Any:
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)  # once, as jsonschema.validate would on every call
    return cls(schema)


def _validate_action_result(self: Any, result: Dict[Text, Any]) -> bool:
    from jsonschema import ValidationError
    from rasa.shared.constants import DOCS_BASE_URL

    try:
        _response_validator().validate(result)
        return True
    except ValidationError as e:
        e.message += (
            ". Failed to validate Action server response from API, make sure your response from the Action "
            f"endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise e


def _action_call_format(self: Any, tracker: Any, domain: Any) -> Dict[Text, Any]:
    """``RemoteAction._action_call_format`` with the current turn's events, not all of them."""
    from itertools import islice

    import rasa
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import EventVerbosity

    state = tracker.current_state(EventVerbosity.NONE)
    recent: list[Any] = []
    for event in islice(reversed(tracker.events), ACTION_EVENTS):
        recent.append(event)
        if isinstance(event, UserUttered):
            break
    state["events"] = [event.as_dict() for event in reversed(recent)]
    result = {"next_action": self._name, "sender_id": tracker.sender_id, "tracker": state,
              "version": rasa.__version__}
    if not self._is_selective_domain_enabled() or domain.does_custom_action_explicitly_need_domain(self.name()):
        result["domain"] = domain.as_dict()
    return result


def install() -> None:
    """Check the action server's answers with the checker built once, and send each call the event window
    (idempotent); on the pinned Rasa only."""
    from rasa.core.actions.action import RemoteAction

    from bot.rasa_runtime import require_pinned_rasa

    require_pinned_rasa()
    if RemoteAction.__dict__["_action_call_format"] is _action_call_format:
        return
    RASAS_OWN["_validate_action_result"] = RemoteAction.__dict__["_validate_action_result"]
    RASAS_OWN["_action_call_format"] = RemoteAction.__dict__["_action_call_format"]
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[assignment]
    RemoteAction._action_call_format = _action_call_format  # type: ignore[assignment]
