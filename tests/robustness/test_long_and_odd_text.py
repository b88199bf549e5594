"""100,000-character messages through the text paths: each finishes, answers, and still does its job at the end.

tests/robustness/test_bad_input.py draws text up to 12,000 characters. A practitioner can paste far more
(a whole case note, a log), and a client can send more still; nothing caps a message before redaction (the
observation mapper reads the first 5,000 characters and says so). So each path gets 100,000 characters here:
the REST channel's ``handle`` (which redacts), ``redact`` itself, the contacts lookup and the area reading,
and the mapper. What matters at that size is that the work is done everywhere, not just at the start: a phone
number or an area name in the last line is still found.

Hypothesis draws the filler: a short seed repeated to 100,000 characters (Hypothesis cannot draw 100,000
characters directly), from any script, control characters included, but no capital letters, since spaCy's
recogniser runs over the whole text when there is one and that costs seconds at this size. One realistic
message, with capitals and a name, shows that path too. Each call must also finish inside a generous bound:
a path that grew quadratically would take minutes at this size.
"""
from __future__ import annotations

import asyncio
import re
import time
from typing import Any, Callable, TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.channels.safe_path import LONG_TEXT, MAX_MESSAGE_CHARS, clean_text, handle
from bot.redaction import redact
from tests.robustness.stub_rasa import StubRasa

SIZE = 100_000
BOUND_SECONDS = 60.0  # seconds for one call at 100,000 characters; the realistic message takes a few
T = TypeVar("T")

SEEDS = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs", "Lu", "Lt")), min_size=1, max_size=8),
    st.text(st.characters(min_codepoint=0, max_codepoint=0x1F) | st.sampled_from("\x7f\u202e\u200b\ufeff"),
            min_size=1, max_size=4),
    st.sampled_from(["x", "😢", "\x00", "0", "é", "<", "\n", " x", "他很饿", "ее ", "\u0301"]),
)
# Personal details that have a written shape and no capital, so the redaction finds them without spaCy.
DETAIL = "\nher number is 07700 900123, email jo.bloggs@example.com"
DETAIL_VALUES = ("07700 900123", "jo.bloggs@example.com")
REALISTIC = "He takes food from other children every day and hides it in his bag. "
FEW = settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                     HealthCheck.data_too_large])


def filler(seed: str, room: int = SIZE) -> str:
    """``seed`` repeated to exactly ``room`` characters."""
    return (seed * (room // len(seed) + 1))[:room]


def timed(call: Callable[[], T]) -> T:
    """The call's result; it must finish within BOUND_SECONDS."""
    started = time.monotonic()
    result = call()
    elapsed = time.monotonic() - started
    assert elapsed < BOUND_SECONDS, f"{elapsed:.1f} s for {SIZE} characters"
    return result


def through_the_channel(text: str) -> tuple[list[dict], list[str]]:
    rasa = StubRasa()
    replies = timed(lambda: asyncio.run(handle(rasa, text, "robustness-long", "rest", None)))
    return replies, rasa.seen


# ---------------------------------------------------------------------------- the REST channel and redaction


@FEW
@given(SEEDS)
def test_a_100000_character_message_is_read_to_the_limit_and_the_practitioner_told(seed: str) -> None:
    """The channel reads the first MAX_MESSAGE_CHARS (as the mapper does) and says so; nothing past them, and
    no detail in them, reaches Rasa."""
    text = DETAIL + filler(seed, SIZE - 2 * len(DETAIL)) + DETAIL
    replies, seen = through_the_channel(text)
    cut = clean_text(text)[1]  # a filler of control characters is taken out whole: then nothing is cut
    assert [r["text"] for r in replies] == (["noted", LONG_TEXT] if cut else ["noted"])
    [relayed] = seen
    assert len(relayed) <= MAX_MESSAGE_CHARS + 100  # placeholders may be longer than what they replace
    assert not any(value in relayed for value in DETAIL_VALUES), "a detail reaches Rasa"
    assert {"[PHONE]", "[EMAIL]"} <= set(re.findall(r"\[[A-Z_]+\]", relayed))


def test_a_100000_character_case_note_with_names_is_redacted_throughout() -> None:
    """Capitals everywhere, so spaCy's recogniser reads all it is given; the name and number go."""
    text = REALISTIC + " Call his mum Sarah Jones on 07700 900123 today. " + filler(REALISTIC, SIZE - 60)
    replies, [relayed] = through_the_channel(text)
    assert [r["text"] for r in replies] == ["noted", LONG_TEXT]
    assert "Sarah" not in relayed and "07700" not in relayed and "[PHONE]" in relayed
    assert relayed.startswith(REALISTIC), "the words the guideline needs stay"


@FEW
@given(SEEDS)
def test_redaction_of_100000_characters_says_exactly_what_it_replaced(seed: str) -> None:
    """The property tests/redaction checks on short text, at 100,000 characters: ``found`` rebuilds the output."""
    text = filler(seed, SIZE - len(DETAIL)) + DETAIL
    result = timed(lambda: redact(text))
    rebuilt, position = [], 0
    for kind, start, end in result.found:
        assert position <= start < end <= len(text)
        rebuilt += [text[position:start], f"[{kind}]"]
        position = end
    assert "".join(rebuilt) + text[position:] == result.text
    assert {kind for kind, _, _ in result.found} >= {"PHONE", "EMAIL"}


def test_no_nul_reaches_rasa() -> None:
    _, [relayed] = through_the_channel("he is hungry\x00 every day")
    assert "\x00" not in relayed


# ---------------------------------------------------------------------------- contacts and the child's area


@pytest.fixture(scope="module")
def directory() -> Any:
    from bot.referral_contacts import load_directory
    from bot.referral_contacts.directory import DEFAULT_FILE_NAME
    from bot.paths import CONTACTS_DIR

    return load_directory(CONTACTS_DIR / DEFAULT_FILE_NAME)


def test_a_100000_character_area_query_gets_the_national_routes_and_a_short_answer(directory: Any) -> None:
    from bot.referral_contacts import national_routes

    @FEW
    @given(SEEDS)
    def long_query(seed: str) -> None:
        query = filler(seed)
        answer = timed(lambda: directory.lookup(query))
        assert answer.national == national_routes()
        if query.strip():
            assert answer.area is None, "no area is guessed from a long text"
        else:  # blank, however long: the organisation's default area, as for an empty query
            assert answer.matched_by == "default"
        assert len(answer.note) < 500, "the query is never echoed back whole"
        assert len(answer.to_text()) < 3000 and "If a child is in immediate danger, call 999." in answer.to_text()

    long_query()


def test_an_area_named_at_the_end_of_100000_characters_is_found() -> None:
    from bot.conversation.area import read_area

    @FEW
    @given(SEEDS)
    def named_at_the_end(seed: str) -> None:
        ending = " the family live in Demo Shire"
        reading = timed(lambda: read_area(filler(seed, SIZE - len(ending)) + ending))
        assert reading.kind == "known" and reading.area.startswith("Demo Shire")

    named_at_the_end()


def test_an_unknown_100000_character_area_is_read_without_error() -> None:
    from bot.conversation.area import read_area

    @FEW
    @given(SEEDS)
    def unknown(seed: str) -> None:
        reading = timed(lambda: read_area(filler(seed)))
        assert reading.kind in ("unknown", "unsure", "choose", "confirm", "known")

    unknown()


# ---------------------------------------------------------------------------- the observation mapper


@pytest.fixture(scope="module")
def mapper() -> Any:
    from bot.language import english
    from bot.observations.mapper import ObservationMapper
    from tests.observations.test_mapper_conditions import ScriptedClassifier

    return ObservationMapper(ScriptedClassifier(), english())


def test_the_mapper_reads_the_first_5000_of_100000_characters_and_says_so(mapper: Any) -> None:
    from bot.observations.mapper import MAX_CHARS

    result = timed(lambda: mapper.map(filler(REALISTIC)))
    assert [f.id for f in result.features] == ["1.3.23"]
    assert result.message and f"first {MAX_CHARS} characters" in result.message


def test_the_mapper_answers_any_100000_characters(mapper: Any) -> None:
    @FEW
    @given(SEEDS)
    def any_long(seed: str) -> None:
        result = timed(lambda: mapper.map(filler(seed)))
        assert result.features or result.message or result.not_met or result.explained or result.uncertain

    any_long()
