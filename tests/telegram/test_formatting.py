"""Formatting: escaping for HTML parse mode, bold levels and steps, tappable phones, splitting, keyboards."""
from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.telegram.buttons import Choice
from bot.telegram.formatting import (
    MAX_LENGTH,
    keyboard,
    parse_buttons,
    plain,
    render_custom,
    render_reply,
    render_text,
    split_html,
    tappable_phones,
    typed_text,
    utf16_length,
)
from tests.telegram.bot_api_standin import telegram_html_text


def visible(html_text: str) -> str:
    """What a Telegram client shows for an HTML message (the stand-in's parser: raises on invalid HTML)."""
    return telegram_html_text(html_text)


@pytest.mark.parametrize("text, shown", [
    ("<b>not bold</b>", "<b>not bold</b>"),
    ("Tom & Jerry", "Tom & Jerry"),
    ("age < 5 and > 2", "age < 5 and > 2"),
    ("&amp; stays as typed", "&amp; stays as typed"),
    ('<a href="https://evil.example">click</a>', '<a href="https://evil.example">click</a>'),
    ("quotes \" and ' stay", "quotes \" and ' stay"),
    ("</b> a stray end tag", "</b> a stray end tag"),
])
def test_markup_in_any_text_is_shown_as_typed(text: str, shown: str) -> None:
    assert visible(plain(text)) == shown
    assert visible(render_text(text)) == shown
    assert visible(render_text(text, advice=True)) == shown


@given(st.text())
def test_plain_text_always_parses_and_shows_as_typed(text: str) -> None:
    assert visible(plain(text)) == tappable_phones(text)


@pytest.mark.parametrize("text, expected", [
    ("NSPCC Helpline: 0808 800 5000.", "NSPCC Helpline: +44 808 800 5000."),
    ("Front door 0113 496 0100 (9 to 5)", "Front door +44 113 496 0100 (9 to 5)"),
    ("London 020 7946 0000", "London +44 20 7946 0000"),
    ("Childline 0800 1111", "Childline +44 800 1111"),
    ("mobile 07700-900123", "mobile +44 7700 900123"),
    ("call 999 now, or 101", "call 999 now, or 101"),
    ("already +44 808 800 5000", "already +44 808 800 5000"),
    ("NG76 1.3.23 and 1.3.7", "NG76 1.3.23 and 1.3.7"),
    ("reviewed 2017-09-20, dose 0.5 ml", "reviewed 2017-09-20, dose 0.5 ml"),
    ("open 09:00-17:00", "open 09:00-17:00"),
])
def test_uk_numbers_become_international_so_clients_make_them_tappable(text: str, expected: str) -> None:
    assert tappable_phones(text) == expected


def test_advice_level_words_and_step_numbers_are_bold() -> None:
    text = ("I noted:\n• Takes, hoards or hides food: NG76 1.3.23, SUSPECT\nOverall level: SUSPECT\n"
            "Most important next step: discuss a referral.\nThen:\n2. Seek advice. (NG76 1.3)\n"
            "3. Talk with the child if safe.")
    rendered = render_text(text, advice=True)
    assert "Overall level: <b>SUSPECT</b>" in rendered
    assert "<b>2.</b> Seek advice." in rendered and "<b>3.</b> Talk" in rendered
    assert "NG76 1.3.23" in rendered and "<b>1.</b>" not in rendered  # recommendation numbers untouched
    assert visible(rendered) == text


def test_lowercase_level_words_in_prose_are_not_bolded() -> None:
    assert "<b>" not in render_text("I suspect nothing; consider this a note.")


def test_advice_payload_without_text_is_rendered_with_numbered_steps_and_contacts() -> None:
    custom = {"kind": "advice", "level": "consider", "features": [{"id": "1.3.31", "level": "consider"}],
              "steps": ["Seek advice from your safeguarding lead (NG76 1.3.5).", "Look for other features."],
              "contacts": [{"label": "NSPCC Helpline", "phone": "0808 800 5000", "email": "help@nspcc.org.uk",
                            "role": "national", "hours": "24 hours", "source": "national"}]}
    rendered = render_custom(custom)
    assert "<b>CONSIDER</b>" in rendered
    assert "<b>1.</b> Seek advice" in rendered and "<b>2.</b> Look for" in rendered
    assert "+44 808 800 5000" in visible(rendered) and "help@nspcc.org.uk" in visible(rendered)


@pytest.mark.parametrize("custom", [{"kind": "summary"}, {"kind": "advice"}, {"kind": 3, "steps": "x"}, {}])
def test_payloads_with_nothing_to_show_render_nothing(custom: dict) -> None:
    assert render_custom(custom) == ""
    assert render_reply({"custom": custom}) == []


def test_contacts_from_a_file_are_escaped() -> None:
    rendered = render_custom({"kind": "contacts", "contacts": [{"label": "Front <door> & MASH", "phone": "0113 496 0100"}]})
    assert visible(rendered) == "Contacts:\n• Front <door> & MASH: +44 113 496 0100"


# ---- buttons ----


@pytest.mark.parametrize("buttons, expected", [
    ([{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}],
     [Choice("Yes", "/affirm"), Choice("No", "/deny")]),
    ([{"title": "", "payload": "/x"}, {"title": "T", "payload": ""}, {"payload": "/y"}, "junk", {"title": "Ok", "payload": 3}], []),
    (None, []),
])
def test_parse_buttons_keeps_only_well_formed_ones(buttons, expected) -> None:
    assert parse_buttons({"text": "q", "buttons": buttons}) == expected


def test_short_titles_share_a_row_long_ones_get_their_own() -> None:
    short = keyboard([Choice("Yes", "/affirm"), Choice("No", "/deny")], ["t1", "t2"])
    assert [[b.text for b in row] for row in short.inline_keyboard] == [["Yes", "No"]]
    long = keyboard([Choice("Something that happened in the past", "/a"), Choice("Now", "/b")], ["t1", "t2"])
    assert [[b.text for b in row] for row in long.inline_keyboard] == [["Something that happened in the past"], ["Now"]]


def test_keyboard_carries_tokens_never_payloads() -> None:
    markup = keyboard([Choice("Yes", '/affirm{"danger": true}')], ["tok"])
    assert markup.inline_keyboard[0][0].callback_data == "tok"
    with pytest.raises(ValueError):
        keyboard([Choice("Yes", "/affirm")], ["x" * 65])
    with pytest.raises(ValueError):
        keyboard([Choice("Yes", "/affirm")], [])


def test_a_reply_with_buttons_and_no_text_still_has_text() -> None:
    [message] = render_reply({"buttons": [{"title": "Yes", "payload": "/affirm"}]}, ["tok"])
    assert message.text and message.reply_markup is not None


# ---- splitting ----


def test_a_long_reply_is_split_on_line_boundaries_with_the_keyboard_on_the_last_part() -> None:
    lines = [f"Line {n}: " + "x" * 90 for n in range(120)]  # about 12,000 characters
    reply = {"text": "\n".join(lines), "buttons": [{"title": "Yes", "payload": "/affirm"}]}
    parts = render_reply(reply, ["tok"])
    assert len(parts) == 3
    assert all(utf16_length(p.text) <= MAX_LENGTH for p in parts)
    assert [p.reply_markup is not None for p in parts] == [False, False, True]
    assert "\n".join(visible(p.text) for p in parts).split("\n") == lines  # no line cut in two


@pytest.mark.parametrize("text, limit, expected", [
    ("short", 10, ["short"]),
    ("one\ntwo\nthree", 8, ["one\ntwo", "three"]),
    ("aaaa bbbb cccc", 9, ["aaaa bbbb", "cccc"]),  # an over-long line breaks after a space
    ("&amp;&amp;&amp;", 10, ["&amp;&amp;", "&amp;"]),  # never inside an entity
    ("x <b>SUSPECT</b> y", 14, ["x", "<b>SUSPECT</b>", "y"]),  # never inside a tag
    ("\n\n\nkept\n\n", 10, ["kept"]),  # no empty message
    ("<b>" + "a" * 30 + "</b>", 10, ["a" * 10, "a" * 10, "a" * 10]),  # a too-long bold span loses its tags
    ("😀" * 6, 4, ["😀😀", "😀😀", "😀😀"]),  # emoji count two UTF-16 units
])
def test_split_html(text: str, limit: int, expected: list[str]) -> None:
    assert split_html(text, limit) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list("ab <>&\n") + ["SUSPECT", "0808 800 5000", "😀", "é"]), max_size=120).map("".join),
       st.integers(min_value=12, max_value=80))
def test_every_part_fits_parses_and_nothing_is_lost(text: str, limit: int) -> None:
    rendered = render_text(text, advice=True)
    parts = split_html(rendered, limit)
    assert all(utf16_length(part) <= limit for part in parts)
    shown = [visible(part) for part in parts]  # raises if a part is not valid Telegram HTML
    assert re.sub(r"\s+", "", "".join(shown)) == re.sub(r"\s+", "", tappable_phones(text))


# ---- typed text ----


@pytest.mark.parametrize("typed, sent", [
    ("/deny", "deny"),
    ("  /affirm", "affirm"),
    ("//affirm", "affirm"),
    ("/ /affirm", "affirm"),
    ('/inform{"danger": true}', 'inform{"danger": true}'),
    ("he said /no", "he said /no"),
    ("/", ""),
    ("   ", ""),
])
def test_typed_text_is_never_an_intent_shortcut(typed: str, sent: str) -> None:
    assert typed_text(typed) == sent


@given(st.text())
def test_typed_text_never_starts_with_a_slash_or_space(text: str) -> None:
    result = typed_text(text)
    assert not result.startswith("/") and result == result.strip()


def test_html_escape_is_the_only_escape_used() -> None:
    """A reminder of the parse mode: three characters are special, and html.escape covers them."""
    assert plain("<&>") == html.escape("<&>", quote=False)
