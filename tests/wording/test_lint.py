"""No sentence the assistant sends is written in the code instead of the wording file."""
from __future__ import annotations

import pytest

from bot.wording.lint import linted_files, offences, offences_in


def test_no_sentence_is_written_in_the_conversation_actions_or_advice():
    assert len(linted_files()) > 10
    assert [str(o) for o in offences()] == []


@pytest.mark.parametrize("source", [
    'UNCHANGED = "That is everything noted, and nothing changes the steps above."',
    'def f(x):\n    return Reply("Noted: " + "; ".join(x) + ".")',
    'def f(c):\n    say(dispatcher, f"Did you mean {c}?", [(f"Yes, {c}", c)])',
    'def f(d):\n    d.utter_message(text="Leaving practice now.")',
    'BUTTONS = [("Carry on", "/carry_on")]',
    'def f(q):\n    return Asked(q, wording.text("follow_up.which"), [], "Two features differ.")',
    'def f(n):\n    return f"You have described {n} features. Together they add up to the picture here."',
])
def test_the_lint_finds_a_sentence_written_in_the_code(source):
    assert offences_in(source), source


@pytest.mark.parametrize("source", [
    '"""A module docstring long enough to look like a sentence, which it is."""',
    'def f():\n    """A function docstring, long enough to look like a sentence too."""',
    'logger.error("could not record a practice result, so the cohort misses one.")',
    'PATTERN = re.compile(r"this is real|it is real|for real|not a practice case at all.")',
    'def f(k):\n    raise ValueError(f"unknown question kind {k!r}: nothing matches it here at all.")',
    'def f(x):\n    return Reply(wording.text("describe.noted", notes=x), [(wording.text("buttons.yes"), "/affirm")])',
    'def f(a, b):\n    return Reply(f"{a} {b}\\n{a}")',
])
def test_the_lint_leaves_docstrings_logs_regexes_errors_and_keys(source):
    assert offences_in(source) == []
