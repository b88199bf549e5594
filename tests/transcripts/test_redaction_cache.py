"""The store's cache of redacted texts (issue 19): a long text the bot repeats (the advice with its steps and
contacts) is redacted once, the same as without the cache, and the cache stays within its bounds."""
from __future__ import annotations

import pytest

from bot.redaction import redact
from bot.transcripts import event_redaction


@pytest.fixture
def counted(monkeypatch):
    monkeypatch.setattr(event_redaction, "_CACHE", type(event_redaction._CACHE)())
    monkeypatch.setattr(event_redaction, "_CACHE_HELD", [0])
    calls: list[int] = []
    real = event_redaction.redact

    def counting(text, **kwargs):
        calls.append(len(text))
        return real(text, **kwargs)

    monkeypatch.setattr(event_redaction, "redact", counting)
    return calls


def _advice(n: int) -> str:
    steps = " ".join(f"Step {i}: discuss your concerns with the safeguarding lead (NG76 1.3.{i % 40})." for i in range(n))
    return f"{steps} Call Mrs Jane Smith on 07700 900123 or children's social care."


def test_a_long_text_the_bot_repeats_is_redacted_once_and_the_same(counted):
    text = _advice(60)
    assert 2_000 < len(text) <= event_redaction.CACHE_CHARS
    first = event_redaction.redacted_text(text, use_model=False)
    again = event_redaction.redacted_text(text, use_model=False)
    assert first == again == redact(text, use_model=False).text
    assert "07700 900123" not in first
    assert len(counted) == 1


def test_the_cache_keeps_within_its_character_budget(counted, monkeypatch):
    monkeypatch.setattr(event_redaction, "CACHE_BUDGET", 10_000)
    texts = [_advice(20) + f" Visit {n}." for n in range(12)]
    for text in texts:
        event_redaction.redacted_text(text, use_model=False)
    held = sum(len(value) for value in event_redaction._CACHE.values())
    assert held == event_redaction._CACHE_HELD[0] <= 10_000
    assert 0 < len(event_redaction._CACHE) < len(texts)
    event_redaction.redacted_text(texts[-1], use_model=False)
    assert len(counted) == len(texts), "the newest text is still held"


def test_a_text_over_the_limit_is_not_kept(counted):
    text = _advice(400)
    assert len(text) > event_redaction.CACHE_CHARS
    event_redaction.redacted_text(text, use_model=False)
    event_redaction.redacted_text(text, use_model=False)
    assert len(counted) == 2 and not event_redaction._CACHE


def test_redacting_an_event_leaves_the_conversations_own_event_as_it_was():
    """Events are redacted on a copy: the tracker in memory keeps the practitioner's words for the turn."""
    from rasa.shared.core.events import UserUttered

    parse = {"intent": {"name": "observe", "confidence": 0.9}, "entities": [], "text": "His mum Sarah hits him",
             "observations": {"features": [{"id": "1.3.31", "level": "consider", "evidence": "mum Sarah hits"}]}}
    event = UserUttered("His mum Sarah hits him", parse["intent"], [], parse, timestamp=1.0)
    original = event.as_dict()
    redacted = event_redaction.redact_events([event.as_dict()])[0]
    assert "Sarah" not in str(redacted) and event.as_dict() == original
    assert event.parse_data["observations"]["features"][0]["evidence"] == "mum Sarah hits"
