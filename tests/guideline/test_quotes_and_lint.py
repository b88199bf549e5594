"""Lint-style checks over the whole knowledge base: gather every offender, assert none.

Modelled on SigmaHQ's ``tests/test_rules.py``: one test per rule, each printing the full list
of offending entries, so a failing run tells the editor everything to fix at once.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from bot.guideline import KnowledgeError, UnknownRecommendation
from bot.guideline.loader import RASA_SNIFFED
from bot.guideline.source import unquoted
from bot.paths import GUIDELINE_DIR


def test_every_quote_is_verbatim_in_its_source(g, sources):
    """Features, steps, routes, context and interventions: after whitespace normalisation only."""
    quotes = list(g.quoted_texts())
    assert len(quotes) > 300  # the walk really covers everything
    assert unquoted(quotes, sources) == []


def test_source_keeps_its_special_characters(g):
    """The non-ASCII hyphens and dashes the source uses are kept, not 'tidied' to ASCII."""
    assert "pre\u2011pubertal" in g.feature("1.3.21").quote
    assert "pre-pubertal" in g.feature("1.3.22").quote
    assert "Prader\u2013Willi" in g.feature("1.3.23").quote
    assert "parent\u2013 or carer\u2013child" in g.feature("1.3.31").quote
    assert "oral\u2013genital" in g.feature("1.3.22").examples[0]


def test_no_line_rasa_would_sniff_as_training_data():
    offenders = [
        f"{path.name}:{n}: {line.strip()}"
        for path in sorted(GUIDELINE_DIR.glob("*.y*ml"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if RASA_SNIFFED.match(line)
    ]
    assert offenders == []


def test_every_entry_has_review_metadata_with_sane_dates(g):
    offenders = []
    for kind, eid, review in g.reviewed_entries():
        if not review.checked_by.strip():
            offenders.append((kind, eid, "checked_by"))
        if not review.date_reviewed < review.next_review <= review.date_reviewed + timedelta(days=2 * 366):
            offenders.append((kind, eid, "next_review within two years of date_reviewed"))
    assert offenders == []
    kinds = {kind for kind, _, _ in g.reviewed_entries()}
    assert kinds == {"alerting_feature", "step", "route", "intervention", "context"}


def test_current_review_dates(g):
    """The brief's review cycle for this edition: reviewed 2026-11-23, next 2027-11-23."""
    dates = {(r.date_reviewed, r.next_review) for _, _, r in g.reviewed_entries()}
    assert dates == {(date(2026, 11, 23), date(2027, 11, 23))}
    assert g.reviews_due(date(2027, 11, 22)) == []
    assert len(g.reviews_due(date(2027, 11, 23))) == len(list(g.reviewed_entries()))


def test_every_step_is_traceable(g):
    steps = list(g.steps) + [s for r in g.routes.values() for s in r.steps]
    offenders = [s.id for s in steps if not (s.quote or s.basis) or not s.cite.startswith("NG76")]
    assert offenders == []


def test_unknown_lookups_explain_themselves(g):
    for call, words in (
        (lambda: g.feature("1.3.99"), "1.3.12 to 1.3.43"),
        (lambda: g.feature("1.3.8"), "route 'fgm'"),
        (lambda: g.step("nope"), "no step 'nope'"),
        (lambda: g.route("nope"), "routes are"),
        (lambda: g.intervention("nope"), "no intervention"),
    ):
        try:
            call()
        except UnknownRecommendation as exc:
            assert isinstance(exc, KeyError)
            assert words in str(exc) and not str(exc).startswith("'")
        else:  # pragma: no cover
            raise AssertionError(words)


def test_feature_lookup_accepts_an_ng76_prefix(g):
    assert g.feature("NG76 1.3.23") is g.feature(" 1.3.23 ")


def test_production_files_load_cleanly():
    from bot.guideline import load_guideline

    try:
        load_guideline(GUIDELINE_DIR)
    except KnowledgeError as exc:  # pragma: no cover - shows every problem
        raise AssertionError(str(exc)) from None


def test_guideline_is_cached(g):
    from bot.guideline import guideline

    assert guideline() is g


def test_vocabularies_are_documented():
    from bot.guideline.schema import VOCABULARIES, values_of

    offenders = [name for name, (literal, docs) in VOCABULARIES.items() if list(values_of(literal)) != list(docs)]
    assert offenders == []


def test_documentation_lists_every_vocabulary_value():
    from bot.guideline.schema import VOCABULARIES, values_of
    from bot.paths import ROOT

    text = (ROOT / "docs" / "guideline-knowledge.md").read_text(encoding="utf-8")
    missing = [v for _, (literal, _) in VOCABULARIES.items() for v in values_of(literal) if f"`{v}`" not in text]
    assert missing == []


def test_ids_look_like_the_guideline(g):
    offenders = [f.id for f in g.features if not re.match(r"^1\.3\.\d+$", f.id)]
    offenders += [s.id for s in g.steps if not re.match(r"^[a-z_]+$", s.id)]
    assert offenders == []
