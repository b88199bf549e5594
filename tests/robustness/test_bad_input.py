"""Bad input never crashes anything and never loses the concern: property tests over the whole core.

Hypothesis draws arbitrary text (emoji, other scripts, markup, control characters, very long strings), odd
mappings and odd answers, and drives the REST channel's message path, the observation mapper (with a
scripted classifier, so no trained model is needed) and the conversation core through many turns.
"""
from __future__ import annotations

import asyncio

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.channels.safe_path import handle
from bot.conversation import turns
from bot.conversation.answers import parse_age, parse_role, yes_no_unsure
from bot.conversation.concern import Concern
from bot.conversation.follow_up import next_question
from bot.findings import Findings
from bot.guideline.vocabulary import LEVEL_VALUES as LEVELS
from tests.observations.test_mapper_conditions import ScriptedClassifier

NASTY = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=50),
    st.sampled_from(["", " ", "\x00", "😢" * 40, "<script>alert(1)</script>", "/restart", '/inform{"role":"x"}',
                     "Ella tiene moretones", "他很饿", "x" * 12000, "\n\n\n", "{}[]&&", "' OR 1=1 --"]),
)
FEATURES = st.sampled_from([("1.3.23", "suspect"), ("1.3.31", "consider"), ("1.3.13", "consider"),
                            ("1.3.29", "consider"), ("1.3.21", "suspect"), ("disclosure", "suspect"),
                            ("fgm", "suspect"), ("danger", "danger"), ("injury", "suspect")])
QUESTION = st.sampled_from(["persistence", "age", "disclosure", "which", "explanation", "nonsense"])
MAPPING = st.builds(
    lambda feats, asks, words: Findings.from_dict({
        "features": [{"id": f, "level": lvl, "evidence": words, "title": ""} for f, lvl in feats],
        "uncertain": [{"kind": k, "question": "?", "features": [feats[0][0] if feats else "1.3.23"]} for k in asks],
        "qualifiers": None}),
    st.lists(FEATURES, max_size=3), st.lists(QUESTION, max_size=3), NASTY)
INTENT = st.sampled_from(["affirm", "deny", "unsure", "inform", "observe", "done", "nlu_fallback", None])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["noted", "follow_up", "correct", "resume", "advise", "lost"]),
                          MAPPING, NASTY, INTENT, st.integers(-3, 12)), max_size=12))
def test_any_sequence_of_turns_keeps_a_consistent_concern(script):
    concern = Concern()
    for step, mapping, text, intent, number in script:
        before = {n.feature for n in concern.notes}
        if step == "noted":
            turn = turns.noted(concern, mapping, False, None, None, "teacher")
        elif step == "follow_up":
            turn = turns.follow_up(concern, text, intent, mapping, None, True)
        elif step == "correct":
            turn = turns.correct(concern, number)
        elif step == "resume":
            turn = turns.resume(concern, True)
        elif step == "advise":
            turn = turns.final_advice(concern, None, "teacher")
        else:
            turn = turns.not_understood(concern)
        assert turn.replies or turn.follow, "every turn says something or hands over"
        assert all(isinstance(r.text, str) and r.text.strip() for r in turn.replies)
        if step in ("resume", "advise", "lost"):
            assert {n.feature for n in concern.notes} >= before, "nothing noted is lost without a correction"
        concern = Concern.from_dict(concern.to_dict())
        assert concern.level in LEVELS


@settings(max_examples=100, deadline=None)
@given(MAPPING)
def test_not_sure_never_lowers_a_level(mapping):
    concern = Concern()
    concern.add_findings(mapping)
    before = LEVELS.index(concern.level)
    while (asked := next_question(concern)) is not None:
        turns.follow_up(concern, "not sure", "unsure", Findings(), None, True)
        if concern.asking is asked.question:  # the answer was not taken: stop
            break
    assert LEVELS.index(concern.level) >= before


@settings(max_examples=200, deadline=None)
@given(NASTY)
def test_short_answer_parsers_never_raise(text):
    parse_role(text)
    parse_age(text)
    yes_no_unsure(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NASTY)
def test_the_mapper_never_raises_and_always_says_something(text):
    from bot.language import english
    from bot.observations.mapper import ObservationMapper

    result = ObservationMapper(ScriptedClassifier(), english()).map(text)
    assert result.features or result.message or result.not_met or result.explained or result.uncertain


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NASTY)
def test_the_channel_always_replies_and_never_passes_a_typed_shortcut(text):
    seen: list[str] = []

    async def on_new_message(message):
        seen.append(message.text)
        await message.output_channel.send_response(message.sender_id, {"text": "ok"})

    replies = asyncio.run(handle(on_new_message, text, "s", "rest", None))
    assert replies and all(r.get("text") for r in replies)
    assert all(not t.startswith("/") for t in seen)
