"""The safe path's own sentences (fallback, not saved, not kept, empty, long) come from the wording file, are
read when a channel is built, and are still found under the names other modules import."""
from __future__ import annotations

import pytest

from bot import wording
from bot.channels import rest, safe_path
from bot.channels.teams.channel import TeamsInput
from bot.transcripts.store import TurnKept
from bot.wording import WordingError


def test_every_fallback_opening_starts_as_channels_and_tests_recognise_it():
    for kept, key in safe_path.FALLBACK_OPENING_KEYS.items():
        assert wording.text(key).startswith(safe_path.FALLBACK_TEXT), key
        assert safe_path.fallback_reply(kept)["text"].startswith(wording.text(key) + " " + safe_path.FALLBACK_NEXT_STEP)
    assert set(safe_path.FALLBACK_OPENING_KEYS) == {None, *TurnKept}


def test_the_old_names_give_the_wording_files_sentences():
    assert safe_path.EMPTY_TEXT == wording.text("channel.empty")
    assert safe_path.NOT_SAVED_TEXT == wording.text("channel.not_saved")
    assert safe_path.LONG_TEXT == wording.text("channel.long_message", characters="5,000")
    assert safe_path.FALLBACK_OPENINGS[TurnKept.NOT_KEPT] == wording.text("channel.went_wrong_not_kept")
    with pytest.raises(AttributeError):
        safe_path.NO_SUCH_TEXT  # noqa: B018


def test_a_broken_wording_file_stops_the_channel_being_built_not_a_fallback(monkeypatch):
    def unreadable():
        raise WordingError("wording.yml has 1 problem(s)")

    monkeypatch.setattr(wording, "sentences", unreadable)
    with pytest.raises(WordingError):
        rest.SafeRestInput()
    with pytest.raises(WordingError):
        TeamsInput(None)
