"""A button press skips language understanding it does not need: same parse, less work on the turn's path.

**Intent payloads** ("/unsure", "/deny", "/affirm", "/restart"...). Rasa 3.6 runs the whole NLU pipeline on
a message that starts with "/" (tokenizer, both count-vector featurizers, the intent classifier, the fallback
classifier, the observation component) and then its last node, ``RegexMessageHandler``, throws all of that
away: ``YAMLStoryReader.unpack_regex_message`` returns a new message holding only the text, the intent named
by the payload, that intent alone as the ranking, and the payload's entities. Here, when the payload is one
that node would unpack (it matches Rasa's pattern and names an intent of the model's domain), the parse is
made by that same function directly and the pipeline is not run; anything else (a typed "/" that names no
intent, the full-properties parse of Rasa's HTTP API) goes through the pipeline as before.
``tests/rasa_runtime/test_button_payloads.py`` compares the parse of every payload in domain.yml with
Rasa's own.

Text payloads ("Teacher or school staff", "5 to 11", "Not sure") are the observation component's to skip:
``bot/observations/rasa_component.py`` keeps the mapping of each such payload after its first use.
"""
from __future__ import annotations

from typing import Any, Dict, Optional, Text

RASAS_OWN: Dict[str, Any] = {}  # the function replaced, for the test that compares with it
EXTRACTOR = "RegexMessageHandler"  # the name RegexMessageHandler gives the entities it unpacks


def unpacked_parse(text: Text, domain: Any) -> Optional[Dict[Text, Any]]:
    """The parse Rasa's pipeline ends with for an intent payload the domain knows; None for any other text
    (the pipeline decides those)."""
    from rasa.shared.constants import INTENT_MESSAGE_PREFIX
    from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
    from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
    from rasa.shared.nlu.training_data.message import Message

    stripped = (text or "").strip()
    if not stripped.startswith(INTENT_MESSAGE_PREFIX) or domain is None:
        return None
    match = YAMLStoryReader._regex_message_pattern().match(stripped)
    if not match or match.group(INTENT_NAME_KEY).strip() not in domain.intents:
        return None  # the pipeline runs, and Rasa warns about the payload as it always has
    message = YAMLStoryReader.unpack_regex_message(Message({TEXT: text}), domain, entity_extractor_name=EXTRACTOR)
    if not message.get(INTENT):
        return None
    parse = {TEXT: "", INTENT: {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0}, ENTITIES: []}
    parse.update(message.as_dict(only_output_properties=True))
    return parse


def _parse_message_with_graph(self: Any, message: Any, tracker: Any, only_output_properties: bool = True
                              ) -> Dict[Text, Any]:
    """``MessageProcessor._parse_message_with_graph``, without the pipeline for an intent payload."""
    if only_output_properties:
        parse = unpacked_parse(message.text, self.model_metadata.domain)
        if parse is not None:
            return parse
    return RASAS_OWN["_parse_message_with_graph"](self, message, tracker, only_output_properties)


def install() -> None:
    """Parse intent payloads without the NLU pipeline (idempotent); on the pinned Rasa only."""
    from rasa.core.processor import MessageProcessor

    from bot.rasa_runtime import require_pinned_rasa

    require_pinned_rasa()
    if MessageProcessor.__dict__["_parse_message_with_graph"] is _parse_message_with_graph:
        return
    RASAS_OWN["_parse_message_with_graph"] = MessageProcessor.__dict__["_parse_message_with_graph"]
    MessageProcessor._parse_message_with_graph = _parse_message_with_graph  # type: ignore[assignment]
