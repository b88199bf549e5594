"""The observation mapper as a component of the Rasa NLU pipeline.

Training: the component learns its clause classifier from every ``observe`` example in ``data/nlu`` (the
feature or route is the block's ``label`` metadata); examples of the conversation's other intents are
taught as ``none``, so "yes" or "I'm a teacher" never look like an alerting feature.

Use: for every message Rasa parses, the full mapping (``bot.findings.Findings``: features, levels, routes,
qualifiers, questions) is added to the parse result under ``observations`` as a dict (``Findings.to_dict``),
so actions read it from ``tracker.latest_message`` (``Findings.from_dict``) with no model of their own. When the mapping finds immediate danger, the intent becomes ``immediate_danger``
whatever else was predicted: that intent has a rule from every state of the conversation. When it finds an
alerting feature in a message the intent classifier took for small talk (a greeting, thanks, out of scope,
not understood), the intent becomes ``observe``: a worry is never answered as a greeting.

A button press needs no clause parsing: an intent payload ("/unsure") is not mapped at all, and a button whose
payload is plain words ("Teacher or school staff", "5 to 11") is mapped once, the first time it is pressed, and
that mapping kept for every later press (the mapper gives the same findings for the same words). Only the
payloads written in domain.yml are kept, so nothing a practitioner types is held here.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Dict, FrozenSet, List, Optional, Text

import yaml

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.findings import Findings
from bot.guideline.vocabulary import Route
from bot.observations.classifier import NONE, ClauseClassifier
from bot.paths import ROOT

logger = logging.getLogger(__name__)

OBSERVE_INTENT = "observe"
DANGER_INTENT = "immediate_danger"
# Small-talk intents that a description of a worry must never be taken for ("she is hungry every morning" is
# not a greeting): when the mapper finds an alerting feature or route in such a message, it is an observation.
SMALL_TALK = {"greet", "goodbye", "thanks", "out_of_scope", "nlu_fallback", "bot_challenge"}
OUTPUT_KEY = "observations"
DOMAIN_FILE = ROOT / "domain.yml"


def button_texts(domain_file: Path = DOMAIN_FILE) -> FrozenSet[str]:
    """The payloads of the domain's buttons that are plain words, not "/intent" shortcuts: what the channel
    hands on when such a button is pressed (or its title typed). Empty when the file cannot be read: then
    every message is mapped, as before."""
    try:
        responses = (yaml.safe_load(domain_file.read_text(encoding="utf-8")) or {}).get("responses") or {}
    except (OSError, yaml.YAMLError):
        return frozenset()
    return frozenset(button["payload"] for variants in responses.values() for variant in variants or []
                     if isinstance(variant, dict) for button in variant.get("buttons") or []
                     if isinstance(button, dict) and isinstance(button.get("payload"), str)
                     and button["payload"].strip() and not button["payload"].startswith("/"))


def example_label(message: Message) -> Optional[str]:
    """The feature or route an ``observe`` example is labelled with, ``none`` for every other intent."""
    intent = message.get(INTENT)
    if not intent or not message.get(TEXT):
        return None
    if intent != OBSERVE_INTENT:
        return NONE
    metadata = message.get("metadata") or {}
    label = (metadata.get("intent") or {}).get("label")
    return str(label) if label is not None else None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class ObservationMapperComponent(GraphComponent):
    """Adds NG76 observation mapping to every parsed message; overrides the intent on immediate danger."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"c": 30.0}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 classifier: Optional[ClauseClassifier] = None) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._classifier = classifier
        self._mapper = None
        self._button_texts: Optional[FrozenSet[str]] = None
        self._button_findings: Dict[str, Findings] = {}

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "ObservationMapperComponent":
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "ObservationMapperComponent":
        with model_storage.read_from(resource) as directory:
            classifier = ClauseClassifier.load(directory)
        return cls(config, model_storage, resource, classifier)

    def train(self, training_data: TrainingData) -> Resource:
        texts, labels = [], []
        for example in training_data.training_examples:
            label = example_label(example)
            if label is not None:
                texts.append(example.get(TEXT))
                labels.append(label)
        self._classifier = ClauseClassifier(c=float(self._config.get("c", 30.0))).fit(texts, labels)
        logger.info("observation classifier trained on %d clauses, %d labels", len(texts), len(set(labels)))
        with self._model_storage.write_to(self._resource) as directory:
            self._classifier.save(directory)
        return self._resource

    def _get_mapper(self):
        if self._mapper is None:
            from bot.language import english
            from bot.observations.mapper import ObservationMapper

            self._mapper = ObservationMapper(self._classifier, english())
        return self._mapper

    def process(self, messages: List[Message]) -> List[Message]:
        if self._classifier is None:
            return messages
        mapper = self._get_mapper()
        for message in messages:
            text = message.get(TEXT) or ""
            if text.startswith("/"):
                continue  # a button payload the bot offered: nothing to map
            findings = self._map(mapper, text)
            intent = message.get(INTENT) or {}
            if intent.get("name") == DANGER_INTENT:
                findings = findings.with_danger(evidence=text[:200], confidence=intent.get("confidence", 1.0))
            message.set(OUTPUT_KEY, findings.to_dict(), add_to_output=True)
            if Route.DANGER in findings.routes and intent.get("name") != DANGER_INTENT:
                self._override(message, DANGER_INTENT)
            elif findings.features and intent.get("name") in SMALL_TALK:
                self._override(message, OBSERVE_INTENT)
        return messages

    def _map(self, mapper: Any, text: str) -> Findings:
        """The mapping of ``text``; a button's own words are mapped on their first press only."""
        if self._button_texts is None:
            self._button_texts = button_texts()
        if text not in self._button_texts:
            return mapper.map(text)
        kept = self._button_findings.get(text)
        if kept is None:
            kept = self._button_findings[text] = mapper.map(text)
        return kept

    @staticmethod
    def _override(message: Message, name: str) -> None:
        ranking = message.get(INTENT_RANKING_KEY) or []
        message.set(INTENT, {"name": name, "confidence": 1.0}, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [{"name": name, "confidence": 1.0}] + [
            r for r in ranking if r.get("name") != name], add_to_output=True)
