"""The REST channel's own sentences (fallback, not saved, not kept, empty, long) come from the wording file, are
read when the channel is built, and are still found under the names other modules import."""
from __future__ import annotations

import pytest

from bot import wording
from bot.channels import rest
from bot.transcripts.store import TurnKept
from bot.wording import WordingError


def test_every_fallback_opening_starts_as_channels_and_tests_recognise_it():
    for kept, key in rest.FALLBACK_OPENING_KEYS.items():
        assert wording.text(key).startswith(rest.FALLBACK_TEXT), key
        assert rest.fallback_reply(kept)["text"].startswith(wording.text(key) + " " + rest.FALLBACK_NEXT_STEP)
    assert set(rest.FALLBACK_OPENING_KEYS) == {None, *TurnKept}


def test_the_old_names_give_the_wording_files_sentences():
    assert rest.EMPTY_TEXT == wording.text("channel.empty")
    assert rest.NOT_SAVED_TEXT == wording.text("channel.not_saved")
    assert rest.LONG_TEXT == wording.text("channel.long_message", characters="5,000")
    assert rest.FALLBACK_OPENINGS[TurnKept.NOT_KEPT] == wording.text("channel.went_wrong_not_kept")
    with pytest.raises(AttributeError):
        rest.NO_SUCH_TEXT  # noqa: B018


def test_a_broken_wording_file_stops_the_channel_being_built_not_a_fallback(monkeypatch):
    def unreadable():
        raise WordingError("wording.yml has 1 problem(s)")

    monkeypatch.setattr(rest.wording, "sentences", unreadable)
    with pytest.raises(WordingError):
        rest.SafeRestInput()
