"""Therapeutic interventions (NG76 1.7) and the NSPCC model, proved against the texts.

Ages and counts are re-derived from the source by regular expressions and compared with the
data, field by field: a number typed wrongly in the YAML cannot pass.
"""
from __future__ import annotations

import re
from typing import Dict, Optional, Tuple

import pytest

from bot.guideline.source import normalise

DOSE_FIELDS = (
    "sessions_min", "sessions_max", "sessions_extend_to", "more_sessions_if_needed",
    "parent_sessions_max", "frequency", "session_minutes_min", "session_minutes_max",
    "weeks_min", "months_min", "months_max", "years", "group_size_min", "group_size_max",
    "day_long_sessions_min",
)


def ng76_age(text: str) -> Tuple[Optional[int], Optional[int]]:
    """'aged 5 to 12' -> (5, 12); 'under 5' -> (None, 4); nothing stated -> (None, None)."""
    if m := re.search(r"aged (\d+) to (\d+)", text):
        return int(m.group(1)), int(m.group(2))
    if m := re.search(r"under (\d+)", text):
        return None, int(m.group(1)) - 1
    return None, None


def ng76_dose(text: str) -> Dict[str, object]:
    d: Dict[str, object] = {}
    if m := re.search(r"at least (\d+) sessions", text):
        d["sessions_min"] = int(m.group(1))
    if m := re.search(r"over (\d+) to (\d+) sessions \(more if needed\)", text):
        d.update(sessions_min=int(m.group(1)), sessions_max=int(m.group(2)), more_sessions_if_needed=True)
    if m := re.search(r"up to (\d+) sessions, extending to (\d+)", text):
        d.update(sessions_max=int(m.group(1)), sessions_extend_to=int(m.group(2)))
    if m := re.search(r"parents or carers \(up to (\d+) sessions\)", text):
        d["parent_sessions_max"] = int(m.group(1))
    if re.search(r"\bweekly\b", text):
        d["frequency"] = "weekly"
    if m := re.search(r"lasting (\d+)–(\d+) minutes", text):
        d.update(session_minutes_min=int(m.group(1)), session_minutes_max=int(m.group(2)))
    if m := re.search(r"over (\d+) year", text):
        d["years"] = int(m.group(1))
    if m := re.search(r"at least (\d+) weeks", text):
        d["weeks_min"] = int(m.group(1))
    if m := re.search(r"for at least (\d+) months", text):
        d["months_min"] = int(m.group(1))
    if m := re.search(r"last (\d+) to (\d+) months", text):
        d.update(months_min=int(m.group(1)), months_max=int(m.group(2)))
    if m := re.search(r"groups of (\d+) to (\d+)", text):
        d.update(group_size_min=int(m.group(1)), group_size_max=int(m.group(2)))
    if m := re.search(r"at least (\d+) day[-\u2011]long sessions", text):
        d["day_long_sessions_min"] = int(m.group(1))
    return d


def scie_numbers(points: str) -> Dict[str, object]:
    d: Dict[str, object] = {}
    if m := re.search(r"at least (\d+) sessions", points):
        d["sessions_min"] = int(m.group(1))
    if m := re.search(r"(\d+)–(\d+) sessions", points):
        d.update(sessions_min=int(m.group(1)), sessions_max=int(m.group(2)))
    if m := re.search(r"weekly home visits lasting at least (\d+) months", points):
        d.update(frequency="weekly", months_min=int(m.group(1)))
    if m := re.search(r"weekly sessions over (\d+) year", points):
        d.update(frequency="weekly", years=int(m.group(1)))
    if m := re.search(r"groups of (\d+)–(\d+) for at least (\d+) weeks", points):
        d.update(group_size_min=int(m.group(1)), group_size_max=int(m.group(2)), weeks_min=int(m.group(3)))
    if m := re.search(r"(\d+)-(\d+) months duration", points):
        d.update(months_min=int(m.group(1)), months_max=int(m.group(2)))
    if m := re.search(r"at least (\d+) day-long sessions", points):
        d["day_long_sessions_min"] = int(m.group(1))
    if m := re.search(r"up to (\d+) sessions, extending to (\d+)", points):
        d.update(sessions_max=int(m.group(1)), sessions_extend_to=int(m.group(2)))
    if m := re.search(r"up to (\d+) parallel sessions", points):
        d["parent_sessions_max"] = int(m.group(1))
    return d


def scie_blocks(text: str) -> Dict[str, Tuple[str, list]]:
    """heading -> (age group, bullets) from the quick guide, in its own layout."""
    blocks: Dict[str, Tuple[str, list]] = {}
    age, heading = None, None
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("Working with children and young people after abuse"):
            break  # the rest of the guide is principles, not interventions
        if re.match(r"^(Age \d+ to \d+|Up to age \d+)$", s):
            age = s
        elif s.endswith(":") and not line.startswith(" ") and s != "Aims to:":
            heading = s[:-1]
            blocks.setdefault(heading, (age, []))
        elif s.startswith("•") and heading:
            blocks[heading][1].append(normalise(s[1:]))
        elif s and not s.startswith("•") and not s.endswith(":") and heading and blocks[heading][1]:
            heading = None
    return blocks


def ng76_items(g):
    return [i for i in g.interventions if i.source == "NG76"]


def test_one_entry_per_offer_or_consider_recommendation(g, sources):
    derived = [
        n for n in sorted(sources.recommendations, key=lambda x: tuple(map(int, x.split("."))))
        if n.startswith("1.7.") and re.search(r"\b(offer|consider)\b", sources.rec(n).text, re.I)
        and int(n.split(".")[2]) >= 4
    ]
    assert [i.id for i in ng76_items(g)] == derived


def test_strength_is_the_recommendation_verb(g, sources):
    offenders = []
    for i in ng76_items(g):
        verb = re.search(r"\b(offer|consider)\b", sources.rec(i.id).text, re.I).group(1).lower()
        if verb != i.strength:
            offenders.append((i.id, i.strength, verb))
    assert offenders == []


def test_age_ranges_match_the_guideline(g, sources):
    offenders = []
    for i in ng76_items(g):
        lo, hi = ng76_age(sources.rec(i.id).text)
        if (lo, hi) == (None, None):
            # NG76 states no age (1.7.17): the range must come from the quick guide, and say so
            m = re.match(r"Up to age (\d+)", i.age.quote)
            if not (i.age.source == "SCIE" and m and (i.age.min_years, i.age.max_years) == (None, int(m.group(1)))):
                offenders.append((i.id, "age without an NG76 basis"))
        elif (i.age.min_years, i.age.max_years) != (lo, hi) or i.age.source != "NG76":
            offenders.append((i.id, (i.age.min_years, i.age.max_years), (lo, hi)))
        if i.age.source == "NG76" and normalise(i.age.quote) not in sources.rec(i.id).text:
            offenders.append((i.id, "age quote not in the recommendation"))
    assert offenders == []


def test_brief_examples_of_age_ranges(g):
    ages = {i.id: (i.age.min_years, i.age.max_years) for i in g.interventions}
    assert ages["1.7.4"] == (None, 4)
    assert ages["1.7.12"] == (5, 12)
    assert ages["1.7.14"] == (10, 17)
    assert ages["1.7.18"] == (8, 17)
    assert ages["1.7.19"] == (6, 14) and g.intervention("1.7.19").child_sex == "girls"


def test_doses_match_the_guideline(g, sources):
    offenders = []
    for i in ng76_items(g):
        text = " ".join(sources.rec(r).full_text for r in i.recommendations)
        expected = ng76_dose(text) if not i.options else {}
        got = {k: v for k, v in i.dose.dict().items() if v not in (None, False)}
        if got != expected:
            offenders.append((i.id, got, expected))
    assert offenders == []


def test_options_of_1_7_19_match_the_bullets(g, sources):
    derived = [
        (m.group(1), int(m.group(2)))
        for _, b in sources.rec("1.7.19").bullets
        if (m := re.match(r"(.+?) \(up to (\d+) sessions\)", b))
    ]
    assert [(o.name, o.sessions_max) for o in g.intervention("1.7.19").options] == derived


def test_quick_guide_wording_and_numbers_match(g, sources):
    blocks = scie_blocks(sources.scie)
    offenders = []
    for i in ng76_items(g):
        if i.scie is None:
            continue
        age_group, bullets = blocks.get(i.scie.heading, (None, None))
        if bullets is None:
            offenders.append((i.id, "heading not in the quick guide"))
            continue
        if age_group != i.scie.age_group or [normalise(p) for p in i.scie.points] != bullets:
            offenders.append((i.id, "age group or points differ from the quick guide"))
        points = " ".join(bullets)
        numbers = scie_numbers(points)
        dose = i.dose.dict()
        wrong = {k: v for k, v in numbers.items() if dose.get(k) != v}
        if i.options:  # 'up to 18 group sessions or 30 individual sessions'
            m = re.search(r"up to (\d+) group sessions or (\d+) individual sessions", points)
            by_format = {o.format: o.sessions_max for o in i.options}
            if not m or by_format != {"group": int(m.group(1)), "individual": int(m.group(2))}:
                offenders.append((i.id, "options differ from the quick guide"))
        if wrong:
            offenders.append((i.id, wrong))
        stated = re.search(r"aged (\d+)–(\d+)", points)
        if stated:  # the quick guide states the ages itself: must match exactly
            if (i.age.min_years, i.age.max_years) != (int(stated.group(1)), int(stated.group(2))):
                offenders.append((i.id, "age differs from the quick guide's bullet"))
        else:  # otherwise the range lies inside the quick guide's age group
            m = re.match(r"(?:Age (\d+) to (\d+)|Up to age (\d+))", i.scie.age_group)
            lo, hi = (int(m.group(1)), int(m.group(2))) if m.group(1) else (0, int(m.group(3)))
            if not (lo <= (i.age.min_years or 0) and (i.age.max_years if i.age.max_years is not None else 17) <= hi):
                offenders.append((i.id, "age outside the quick guide's age group"))
    assert offenders == []


def test_every_quick_guide_intervention_is_linked(g, sources):
    headings = {i.scie.heading for i in g.interventions if i.scie}
    assert set(scie_blocks(sources.scie)) - headings == set()


def test_abuse_types_follow_the_wording(g, sources):
    """Types named in the sentence; a plain 'abused or neglected' takes its section's scope."""
    offenders = []
    for i in ng76_items(g):
        text = sources.rec(i.id).text
        if "sexually abused" in text:
            expected = {"sexual_abuse"}
        elif re.search(r"physically|emotionally", text):
            expected = {"neglect"} if "neglect" in text else set()
            expected |= {"physical_abuse"} if "physically" in text else set()
            expected |= {"emotional_abuse"} if "emotionally" in text else set()
            expected |= {"domestic_violence_exposure"} if "domestic violence" in text else set()
        else:
            expected = {"physical_abuse", "emotional_abuse", "neglect"}
        if set(i.abuse_types) != expected:
            offenders.append((i.id, sorted(i.abuse_types), sorted(expected)))
    assert offenders == []


def test_new_orleans_model_is_marked_nspcc_and_matches_its_page(g, sources):
    nim = g.intervention("nspcc_nim")
    assert nim.source == "NSPCC" and nim.strength is None and nim.recommendations == []
    text = normalise(sources.nspcc)
    m = re.search(r"Over a (\d+)-(\d+) month period", text)
    assert (nim.dose.months_min, nim.dose.months_max) == (int(m.group(1)), int(m.group(2))) == (9, 15)
    under = int(re.search(r"children under (\d+) who've been abused and placed in foster care", text).group(1))
    assert (nim.age.min_years, nim.age.max_years, nim.age.source) == (None, under - 1, "NSPCC")
    assert len(nim.offers) == 4 and "not a NICE recommendation" in nim.summary


@pytest.mark.parametrize(
    "query, expected",
    [
        (dict(age=4, abuse_type="neglect"), ["1.7.4", "1.7.6", "1.7.8", "1.7.9", "1.7.10", "1.7.11", "nspcc_nim"]),
        (dict(age=12, abuse_type="neglect"), ["1.7.12", "1.7.13", "1.7.14", "1.7.15", "1.7.16"]),
        (dict(age=15, abuse_type="sexual_abuse"), ["1.7.17", "1.7.18"]),
        (dict(age=7, abuse_type="sexual_abuse"), ["1.7.17", "1.7.19"]),
        (dict(carer="foster_carer"), ["1.7.8", "1.7.12", "1.7.13", "1.7.15"]),
        (dict(age=3, abuse_type="emotional_neglect", carer="parent_or_carer"), ["1.7.4", "1.7.6", "1.7.10", "1.7.11", "nspcc_nim"]),
        (dict(age=2, abuse_type="domestic_violence_exposure"), ["1.7.6"]),
    ],
)
def test_interventions_for(g, query, expected):
    assert [i.id for i in g.interventions_for(**query)] == expected


def test_interventions_for_abuse_and_neglect_matches_all(g):
    assert len(g.interventions_for(abuse_type="abuse_and_neglect")) == len(g.interventions)


@pytest.mark.parametrize("bad", [dict(age=-1), dict(age=18), dict(abuse_type="bullying"), dict(carer="uncle")])
def test_interventions_for_rejects_unknown_values(g, bad):
    with pytest.raises(ValueError):
        g.interventions_for(**bad)
