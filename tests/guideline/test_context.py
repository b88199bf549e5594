"""Context sections: 1.1 principles, 1.2 vulnerability factors, 1.5 early help."""
from __future__ import annotations

import re

import pytest

from bot.guideline.source import normalise

SECTIONS = {"principles": ("1.1", 13), "vulnerability_factors": ("1.2", 7), "early_help": ("1.5", 16)}


@pytest.mark.parametrize("name", list(SECTIONS))
def test_section_holds_every_recommendation_in_order(g, name):
    number, count = SECTIONS[name]
    section = getattr(g, name)
    assert section.id == number
    assert [r.id for r in section.recommendations] == [f"{number}.{n}" for n in range(1, count + 1)]


@pytest.mark.parametrize("name", list(SECTIONS))
def test_quotes_bullets_and_after_text_are_the_source(g, sources, name):
    offenders = []
    for rec in getattr(g, name).recommendations:
        src = sources.rec(rec.id)
        if normalise(rec.quote) != src.text:
            offenders.append((rec.id, "quote"))
        if [normalise(b) for b in rec.bullets] != [b.rstrip(":") for _, b in src.bullets]:
            offenders.append((rec.id, "items"))
        after = [normalise(rec.after)] if rec.after else []
        if after != src.after:
            offenders.append((rec.id, "after"))
    assert offenders == []


def test_headings_follow_the_guideline(g, sources):
    current, expected = None, {}
    text = sources.ng76
    for line in text.splitlines():
        if line and not line.startswith(" ") and not re.match(r"^1\.\d", line) and len(line.split()) <= 14:
            current = line.strip()
        if m := re.match(r"^(1\.[125]\.\d+) ", line):
            expected[m.group(1)] = current
    offenders = [
        (rec.id, rec.heading)
        for name in SECTIONS
        for rec in getattr(g, name).recommendations
        if rec.heading and rec.heading != expected[rec.id]
    ]
    assert offenders == []
    assert g.vulnerability_factors.headings == ["Family factors", "Child factors"]


def test_the_dropped_list_of_1_1_5_is_flagged_not_filled(g, sources):
    rec = g.principles.recommendation("1.1.5")
    assert rec.gap and rec.items == []
    assert sources.rec("1.1.5").bullets == []
    gaps = [r.id for name in SECTIONS for r in getattr(g, name).recommendations if r.gap]
    assert gaps == ["1.1.5"]


def test_vulnerability_factor_lists(g):
    vf = g.vulnerability_factors
    assert len(vf.recommendation("1.2.3").bullets) == 4
    assert len(vf.recommendation("1.2.4").bullets) == 5
    assert "in conjunction with the alerting features" in vf.intro[0]


def test_parenting_and_home_visiting_programmes(g, sources):
    parenting = g.early_help.under("Parenting programmes")
    home = g.early_help.under("Home visiting programmes")
    assert [r.id for r in parenting] == [f"1.5.{n}" for n in range(7, 13)]
    assert [r.id for r in home] == [f"1.5.{n}" for n in range(13, 17)]
    offenders = []
    for rec in parenting + home:
        p = rec.programme
        if p is None:
            continue
        text = sources.rec(rec.id).text
        if p.child_stage and p.child_stage not in text:
            offenders.append((rec.id, "child_stage", p.child_stage))
        for value, pattern in (
            (p.min_weeks, r"at least (\d+) weeks"),
            (p.min_months, r"at least (\d+) months"),
            (p.child_age_max, r"up to age (\d+)"),
        ):
            m = re.search(pattern, text)
            if (int(m.group(1)) if m else None) != value:
                offenders.append((rec.id, pattern, value))
        if (p.frequency == "weekly") != ("weekly" in text):
            offenders.append((rec.id, "frequency"))
    assert offenders == []
    assert g.early_help.recommendation("1.5.13").programme.examples == ["Healthy Families model"]
    assert g.early_help.recommendation("1.5.7").programme.min_weeks == 12


def test_nested_bullets_of_1_5_15(g):
    rec = g.early_help.recommendation("1.5.15")
    assert len(rec.items) == 5 and len(rec.items[0].items) == 3
