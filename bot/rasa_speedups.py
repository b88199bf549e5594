"""Measured fixes inside Rasa 3.6, installed when the Rasa server loads our REST channel.

**The action response schema.** Rasa checks every action server response with ``jsonschema.validate(result, schema)``, which first checks
the schema itself against the JSON Schema meta-schema, on every call. For Rasa's large events schema that
took 64 to 70 ms per custom action on the benchmark machine (1 to 3 ms with the checker built once), more
than the rest of a turn. Here the checker is built once per process; the response is validated against the
same schema with the same errors, so behaviour is unchanged.

**The intent classifier's weights.** scikit-learn's logistic regression scores a sparse message as
``X @ coef_.T``; ``coef_`` is stored row by row, so its transpose is not contiguous and scipy copies the whole
weight matrix (classes x n-gram features) on every message: 5 ms a message for 40 classes and 60,000
features, a tenth of a turn under load. Stored column by column (``fortran_weights``) the transpose is
contiguous and the same sums are done in the same order, so the probabilities are identical to the bit.

**The history the policies read** is the recent part of a long conversation: ``bot.rasa_runtime.recent_history``.

**What goes to the action server.** Rasa sends every event of the conversation with every custom action
call, so a call at turn 400 carries thousands of events to be serialised, sent and parsed. Our actions read
the slots, the latest message and, for form validation, the events since the last user message
(rasa_sdk's ``slots_to_validate``); everything else they need is in the tracker state Rasa sends anyway. The
call carries the events of the current turn instead, from the practitioner's latest message on (at most
``ACTION_EVENTS``; tests/test_rasa_speedups.py checks the actions' answers are the same either way).

**The events that apply** are worked out once per event, not once per call: ``bot.rasa_runtime.applied_events``.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, Text

from bot.rasa_runtime import recent_history
from bot.rasa_runtime import applied_events
from bot.observations.linear_models import fortran_weights

ACTION_EVENTS = 120  # events sent with each custom action call, at most: the current turn's
_installed = False
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


def _loading_with_fortran_weights(load: Any) -> Any:
    def load_classifier(cls: Any, *args: Any, **kwargs: Any) -> Any:
        component = load.__func__(cls, *args, **kwargs)
        if getattr(component, "clf", None) is not None:
            fortran_weights(component.clf)
        return component

    return classmethod(load_classifier)


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
    """Replace RemoteAction's per-call schema check by the cached one, and load Rasa's logistic regression
    intent classifier with column-ordered weights (idempotent)."""
    global _installed
    if _installed:
        return
    from rasa.core.actions.action import RemoteAction
    from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier

    RASAS_OWN["_action_call_format"] = RemoteAction.__dict__["_action_call_format"]
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[assignment]
    RemoteAction._action_call_format = _action_call_format  # type: ignore[assignment]
    LogisticRegressionClassifier.load = _loading_with_fortran_weights(  # type: ignore[method-assign]
        LogisticRegressionClassifier.__dict__["load"])
    recent_history.install()
    applied_events.install()
    _installed = True
