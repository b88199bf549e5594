"""Text-speak spelled out before the explicit patterns read (session 9: a disclosure typed as "sed" went unread)."""
from __future__ import annotations

import pytest

from bot.observations.textspeak import restore


@pytest.mark.parametrize("typed, spelled", [
    ("girl 9 sed her dad hits her", "girl 9 said her dad hits her"),
    ("he sez its fine wen mum is out", "he says its fine when mum is out"),
    ("he was screamin n cryin", "he was screaming and crying"),
    ("left wiv nuffin to eat", "left with nothing to eat"),
])
def test_text_speak_is_spelled_out(typed, spelled):
    assert restore(typed) == spelled


@pytest.mark.parametrize("text", ["Begin the session within the hour", "dry skin on her chin", "Kevin is in Year 4"])
def test_words_that_only_look_like_text_speak_are_left_alone(text):
    assert restore(text) == text


def test_danger_verbs_with_a_dropped_g_are_spelled_out():
    assert restore("shes been fittin for 10 mins n hes not breathin") == \
        "she's been fitting for 10 mins and he's not breathing"


def test_a_capital_n_is_an_initial_not_and():
    assert restore("Child N told me dad hit her") == "Child N told me dad hit her"
