"""Typed text is never an intent shortcut; a typed title or number picks the button it names."""
from __future__ import annotations

from hypothesis import given, strategies as st

from bot.channels.inbound import inbound_text, offered_buttons

YES_NO = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]
AGES = [{"title": "Under 1", "payload": "Under 1"}, {"title": "1 to 4", "payload": "1 to 4"}]


def test_a_typed_shortcut_loses_its_slash():
    assert inbound_text('/inform{"role": "teacher"}', []) == 'inform{"role": "teacher"}'
    assert inbound_text("/restart", YES_NO) == "restart"
    assert inbound_text("  //affirm", []) == "affirm"


def test_an_offered_payload_passes_as_a_shortcut():
    assert inbound_text("/affirm", YES_NO) == "/affirm"


def test_a_title_or_number_picks_its_button():
    assert inbound_text("yes", YES_NO) == "/affirm"
    assert inbound_text(" NO ", YES_NO) == "/deny"
    assert inbound_text("2", YES_NO) == "/deny"
    assert inbound_text("3", YES_NO) == "3"


def test_a_number_is_an_age_when_the_options_are_numbers():
    assert inbound_text("2", AGES) == "2"
    assert inbound_text("1 to 4", AGES) == "1 to 4"


def test_only_the_last_turn_s_buttons_count():
    events = [{"event": "bot", "data": {"buttons": YES_NO}}, {"event": "user", "text": "no"},
              {"event": "bot", "data": {"buttons": AGES}}, {"event": "bot", "data": {}}]
    assert offered_buttons(events) == AGES
    assert offered_buttons(events + [{"event": "user", "text": "7"}]) == []


# Every drawn text starts like a shortcut (white space, then one or more slashes), so a disabled guard fails on the
# first example, not one run in four.
SHORTCUT_LIKE = st.builds(lambda space, slashes, rest: space + slashes + rest,
                          st.sampled_from(["", " ", "  ", "\t", "\n "]), st.sampled_from(["/", "//", "///"]),
                          st.text(max_size=200))


@given(SHORTCUT_LIKE)
def test_typed_text_never_reaches_rasa_as_a_shortcut(text):
    assert not inbound_text(text, []).lstrip().startswith("/")


@given(SHORTCUT_LIKE, st.sampled_from([YES_NO, AGES]))
def test_a_shortcut_that_was_not_offered_never_reaches_rasa(text, buttons):
    offered = {b["payload"] for b in buttons}
    sent = inbound_text(text, buttons)
    assert not sent.lstrip().startswith("/") or sent in offered


def test_a_number_in_a_title_that_is_not_an_option_number_keeps_numbering():
    remove = [{"title": "Remove 1: takes food", "payload": '/correct{"item":"1"}'},
              {"title": "Remove 2: smells", "payload": '/correct{"item":"2"}'}]
    assert inbound_text("2", remove) == '/correct{"item":"2"}'
