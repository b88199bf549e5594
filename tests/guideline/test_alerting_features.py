"""Alerting features 1.3.12 to 1.3.43, proved against NG76's own text.

Most expectations are *derived from the source* (levels from each sentence's first word,
categories from the sub-headings, persistence from the wording, examples from the bullets),
so a wrong entry fails even if the person who wrote it also wrote the test. Where the brief
or NOTES.md make a reading decision, a small table states it.
"""
from __future__ import annotations

import re
from collections import Counter

import pytest
import yaml

from bot.guideline.source import normalise
from bot.paths import GUIDELINE_DIR

FEATURE_IDS = [f"1.3.{n}" for n in range(12, 44)]

HEADINGS = {
    "Behavioural and emotional alerting features": "behavioural_emotional",
    "Sexual behavioural alerting features": "sexual_behaviour",
    "Alerting features for child physical neglect": "physical_neglect",
    "Alerting features relating to child development": "development",
    "Alerting features relating to interactions between children and young people and parents or carers": "parent_child_interaction",
    "Alerting features relating to supervision by parents or carers": "supervision",
    "Alerting features relating to providing access to medical care or treatment": "medical_care",
}


def test_every_feature_in_the_yaml_exactly_once():
    """Counted in the raw files, so a duplicate cannot hide behind the loader's de-duplication."""
    ids = Counter()
    for path in GUIDELINE_DIR.glob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for entry in data.get("alerting_features", []):
            ids[str(entry.get("id"))] += 1
    offenders = {i: ids[i] for i in FEATURE_IDS if ids[i] != 1}
    extra = sorted(set(ids) - set(FEATURE_IDS))
    assert offenders == {} and extra == []


def test_loaded_features_are_ordered_and_complete(g):
    assert [f.id for f in g.features] == FEATURE_IDS


def test_level_is_the_first_word_of_the_guideline_sentence(g, sources):
    offenders = [
        (f.id, f.level, sources.rec(f.id).first_word)
        for f in g.features
        if f.level != sources.rec(f.id).first_word
    ]
    assert offenders == []


def test_category_follows_the_guideline_subheadings(g, sources):
    expected, current = {}, None
    for line in sources.ng76.splitlines():
        if line.strip() in HEADINGS:
            current = HEADINGS[line.strip()]
        match = re.match(r"^(1\.3\.\d+) ", line)
        if match and current:
            expected[match.group(1)] = current
        if line.startswith("1.4 "):
            break
    offenders = [(f.id, f.category, expected.get(f.id)) for f in g.features if expected.get(f.id) != f.category]
    assert offenders == []


def test_quote_is_the_recommendation_sentence_verbatim(g, sources):
    """Not just 'somewhere in the source': the opening paragraph of that very recommendation."""
    offenders = [f.id for f in g.features if normalise(f.quote) != sources.rec(f.id).text]
    assert offenders == []


def test_examples_are_the_bullets_verbatim(g, sources):
    offenders = []
    for f in g.features:
        bullets = sources.rec(f.id).bullets
        if any(depth for depth, _ in bullets):
            groups, heading = [], None
            for depth, text in bullets:
                if depth == 0:
                    heading = text.rstrip(":")
                    groups.append((heading, []))
                else:
                    groups[-1][1].append(text)
            mine = [(grp.heading, [normalise(i) for i in grp.items]) for grp in f.example_groups]
            if mine != groups:
                offenders.append(f.id)
        elif [normalise(e) for e in f.examples] != [text for _, text in bullets]:
            offenders.append(f.id)
    assert offenders == []


def test_persistence_required_exactly_where_the_wording_requires_it(g, sources):
    """Derived: 'regularly', 'repeatedly', 'persistent(ly)', 'consistently' in the sentence itself.

    'repeated or coercive' (1.3.21) and 'repeated, extreme or sustained' (1.3.14) are
    alternatives, so they do not require persistence: the regex deliberately omits 'repeated'.
    """
    wording = re.compile(r"\b(regularly|repeatedly|persistently|persistent|consistently)\b")
    derived = {fid for fid in FEATURE_IDS if wording.search(sources.rec(fid).text)}
    required = {f.id for f in g.features if f.conditions.persistence == "required"}
    assert required == derived
    assert derived == {
        "1.3.18", "1.3.23", "1.3.24", "1.3.25", "1.3.26", "1.3.27", "1.3.32", "1.3.34",
        "1.3.37", "1.3.41", "1.3.42", "1.3.43",
    }


def test_persistence_wording_is_in_the_quote(g):
    offenders = [
        f.id for f in g.features
        if f.conditions.persistence_wording and f.conditions.persistence_wording not in f.quote
    ]
    assert offenders == []


@pytest.mark.parametrize("fid", ["1.3.14", "1.3.21"])
def test_alternatives_do_not_require_persistence(g, fid):
    assert g.feature(fid).conditions.persistence == "none"


def test_escalation_pairs_come_from_the_source(g, sources):
    """'Suspect ... if the interactions observed in recommendation X are persistent.'"""
    derived = {}
    for fid in FEATURE_IDS:
        m = re.search(r"observed in recommendation (1\.3\.\d+) (?:is|are) persistent", sources.rec(fid).text)
        if m:
            derived[m.group(1)] = fid
    assert derived == {"1.3.31": "1.3.32", "1.3.33": "1.3.34"}
    for low, high in derived.items():
        lo, hi = g.feature(low), g.feature(high)
        assert (lo.level, lo.conditions.persistence, lo.conditions.escalates_to) == ("consider", "escalates", high)
        assert (hi.level, hi.conditions.escalated_from) == ("suspect", low)
        assert g.escalation_of(low) is hi
    assert {f.id for f in g.features if f.conditions.persistence == "escalates"} == set(derived)


def test_age_conditions_match_the_wording(g, sources):
    derived = {}
    for fid in FEATURE_IDS:
        rec = sources.rec(fid)
        if re.search(r"pre.pubertal", rec.text):
            derived[fid] = ("pre_pubertal", True)
        elif m := re.search(r"under (\d+)", rec.text):
            derived[fid] = ("under", int(m.group(1)))
        elif "infant" in rec.text:
            derived[fid] = ("particularly_infant", True)
        elif any("school-aged" in b for _, b in rec.bullets):
            derived[fid] = ("example_school_aged", True)
    assert derived == {
        "1.3.14": ("example_school_aged", True),
        "1.3.21": ("pre_pubertal", True),
        "1.3.22": ("pre_pubertal", True),
        "1.3.29": ("under", 12),
        "1.3.33": ("particularly_infant", True),
    }
    derived["1.3.34"] = ("particularly_infant", True)  # by reference to 1.3.33
    with_age = {f.id for f in g.features if f.conditions.age}
    assert with_age == set(derived)
    for fid, (attr, value) in derived.items():
        age = g.feature(fid).conditions.age
        assert getattr(age, attr) == value, fid
        own = g.feature(age.via) if age.via else g.feature(fid)
        assert age.quote in own.quote or any(age.quote in e for e in own.examples), fid
    assert g.feature("1.3.34").conditions.age.via == "1.3.33"


EXPLANATIONS = {
    "1.3.12": {"stressful_situation", "medical"},
    "1.3.13": {"medical", "neurodevelopmental", "stressful_situation"},
    "1.3.14": {"medical", "neurodevelopmental", "bipolar"},
    "1.3.15": {"traumatic_event"},
    "1.3.23": {"medical"},
    "1.3.24": {"material_poverty"},
    "1.3.27": {"suitable_explanation", "neurodevelopmental"},
    "1.3.29": {"neurodevelopmental", "english_additional_language"},
}


def test_explanations_table(g):
    got = {f.id: set(f.conditions.not_fully_explained_by) for f in g.features if f.conditions.not_fully_explained_by}
    assert got == EXPLANATIONS


def test_explanation_kinds_are_named_in_the_sentence(g, sources):
    """Each explanation kind has its tell-tale words in that recommendation's text."""
    words = {
        "medical": r"medical",
        "neurodevelopmental": r"neurodevelopmental",
        "stressful_situation": r"stressful situation",
        "bipolar": r"bipolar",
        "traumatic_event": r"traumatic event",
        "english_additional_language": r"English as a second language",
        "suitable_explanation": r"suitable explanation",
        "material_poverty": r"material poverty",
    }
    offenders = [
        (f.id, kind)
        for f in g.features
        for kind in f.conditions.not_fully_explained_by
        if not re.search(words[kind], sources.rec(f.id).full_text)
    ]
    assert offenders == []


def test_cautions_are_the_take_into_account_sentences(g, sources):
    got = {f.id for f in g.features if f.conditions.cautions}
    assert got == {"1.3.24", "1.3.25", "1.3.27", "1.3.37"}
    offenders = [
        (f.id, c) for f in g.features for c in f.conditions.cautions
        if normalise(c) not in sources.rec(f.id).full_text
    ]
    assert offenders == []


def test_summary_keeps_the_level(g):
    """A summary starts with the guideline's verb, so it can never quietly soften a 'suspect'."""
    offenders = [f.id for f in g.features if f.summary.split()[0].lower() != f.level]
    assert offenders == []


def test_summary_never_hedges_a_suspect(g):
    softeners = re.compile(r"\b(maybe|perhaps|might be worth|could consider|probably not|not necessarily)\b", re.I)
    offenders = [f.id for f in g.features if f.level == "suspect" and softeners.search(f.summary)]
    assert offenders == []


def test_escalating_summaries_say_what_persistence_means(g):
    for fid in ("1.3.31", "1.3.33"):
        f = g.feature(fid)
        assert "persistent" in f.summary and f.conditions.escalates_to in f.summary


def test_titles_are_short_plain_labels(g):
    offenders = [f.id for f in g.features if not 2 <= len(f.title.split()) <= 6]
    assert offenders == []


def test_abuse_types_follow_the_sentence(g, sources):
    """The types named in each sentence; 'child abuse and neglect' is the umbrella type."""
    names = {
        "sexual_abuse": r"sexual abuse",
        "emotional_abuse": r"emotional abuse|emotional child abuse",
        "emotional_neglect": r"emotional neglect",
        "physical_abuse": r"physical abuse|physical or emotional child abuse",
    }
    offenders = []
    for f in g.features:
        text = sources.rec(f.id).text.split(" if ")[0]
        for kind, pattern in names.items():
            if bool(re.search(pattern, text)) != (kind in f.abuse_types):
                offenders.append((f.id, kind))
        umbrella = bool(re.search(r"child abuse (and|or) neglect", text)) and "physical or emotional" not in text
        if umbrella != ("abuse_and_neglect" in f.abuse_types):
            offenders.append((f.id, "abuse_and_neglect"))
    assert offenders == []


def test_features_by(g):
    assert {f.id for f in g.features_by(level="suspect")} == {
        "1.3.20", "1.3.21", "1.3.22", "1.3.23", "1.3.24", "1.3.25", "1.3.32", "1.3.34", "1.3.40"
    }
    assert [f.id for f in g.features_by(category="supervision")] == ["1.3.37", "1.3.38"]
    assert [f.id for f in g.features_by(category="medical_care", level="suspect")] == ["1.3.40"]
    with pytest.raises(ValueError, match="unknown level 'maybe'"):
        g.features_by(level="maybe")
