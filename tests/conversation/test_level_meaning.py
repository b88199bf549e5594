"""What 'consider' and 'suspect' mean is written once (knowledge/guideline/levels.yml); the domain's
``utter_level_meaning`` only places it."""
from __future__ import annotations

from pathlib import Path

import yaml

from bot.conversation.questions import level_meaning_parts
from bot.guideline import guideline

DOMAIN = Path(__file__).resolve().parents[2] / "domain.yml"


def test_the_level_meaning_reply_is_built_from_the_knowledge_base():
    template = yaml.safe_load(DOMAIN.read_text())["responses"]["utter_level_meaning"][0]["text"]
    parts = level_meaning_parts()
    reply = template.format(**parts)
    for level in ("consider", "suspect"):
        assert guideline().level(level).meaning in reply
    assert "NG76 1.3" in reply and "{" not in reply


def test_the_domain_writes_no_meaning_of_its_own():
    template = yaml.safe_load(DOMAIN.read_text())["responses"]["utter_level_meaning"][0]["text"]
    assert "possible explanation" not in template and "serious level of concern" not in template
