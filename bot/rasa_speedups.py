"""A measured fix inside Rasa 3.6, installed when the Rasa server loads our REST channel.

Rasa checks every action server response with ``jsonschema.validate(result, schema)``, which first checks
the schema itself against the JSON Schema meta-schema, on every call. For Rasa's large events schema that
took 64 to 70 ms per custom action on the benchmark machine (1 to 3 ms with the checker built once), more
than the rest of a turn. Here the checker is built once per process; the response is validated against the
same schema with the same errors, so behaviour is unchanged.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, Text

_installed = False


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


def install() -> None:
    """Replace RemoteAction's per-call schema check by the cached one (idempotent)."""
    global _installed
    if _installed:
        return
    from rasa.core.actions.action import RemoteAction

    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[assignment]
    _installed = True
