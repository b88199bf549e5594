"""bot.rasa_runtime.button_payloads against Rasa's own parse: every intent payload of domain.yml, and the
texts that must still go through the pipeline, parse exactly as Rasa's whole NLU pipeline parses them."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.paths import ROOT
from bot.rasa_runtime import button_payloads


def domain_payloads() -> list[str]:
    """Every button payload written in domain.yml's responses."""
    responses = yaml.safe_load((ROOT / "domain.yml").read_text())["responses"]
    found = {button["payload"] for variants in responses.values() for variant in variants
             for button in variant.get("buttons") or [] if isinstance(button.get("payload"), str)}
    return sorted(found)


EDGE_CASES = ["/deny", "  /affirm  ", '/unsure{"role": "Teacher"}', "/deny@0.4", "/no_such_intent",
              "/ she said it", "/", "hello", "Not sure"]


@pytest.fixture(scope="module")
def processor(trained_model: Path):
    from rasa.core.agent import Agent

    button_payloads.install()
    return Agent.load(str(trained_model)).processor


@pytest.mark.model
def test_every_payload_parses_as_rasas_pipeline_does(processor) -> None:
    from rasa.core.channels.channel import UserMessage
    from rasa.shared.core.trackers import DialogueStateTracker

    texts = domain_payloads() + EDGE_CASES
    assert any(t.startswith("/") for t in domain_payloads())  # the domain offers intent payloads
    rasas_own = button_payloads.RASAS_OWN["_parse_message_with_graph"]
    differ = []
    for text in texts:
        tracker = DialogueStateTracker.from_events("payloads", [])
        message = UserMessage(text, sender_id="payloads", message_id="m1")
        ours = processor._parse_message_with_graph(message, tracker)
        rasa = rasas_own(processor, message, tracker)
        if ours != rasa:
            differ.append((text, ours, rasa))
    assert differ == []


@pytest.mark.model
def test_only_payloads_naming_a_domain_intent_skip_the_pipeline(processor) -> None:
    domain = processor.model_metadata.domain
    assert button_payloads.unpacked_parse("/unsure", domain)["intent"]["name"] == "unsure"
    for text in ("/no_such_intent", "Not sure", "hello /deny", ""):
        assert button_payloads.unpacked_parse(text, domain) is None


def test_installed_once() -> None:
    from rasa.core.processor import MessageProcessor

    button_payloads.install()
    button_payloads.install()
    assert MessageProcessor._parse_message_with_graph is button_payloads._parse_message_with_graph
    assert button_payloads.RASAS_OWN["_parse_message_with_graph"] is not button_payloads._parse_message_with_graph
