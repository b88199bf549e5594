"""Episodes of collapse a parent reports and nobody else sees are fabricated or induced illness's sign (1.3.44)."""
from __future__ import annotations

import pytest

from bot.language import english
from bot.observations.mapper import ObservationMapper
from tests.observations.test_mapper_conditions import ScriptedClassifier


@pytest.fixture(scope="module")
def mapper():
    return ObservationMapper(ScriptedClassifier(), english())


def test_episodes_only_a_parent_reports_are_fii_and_their_danger_is_asked_not_decided(mapper):
    """'Stopped breathing' as a mother's report of episodes nobody else sees is 1.3.44's sign; the danger the words
    also read is asked about at once ("Is the child in immediate danger right now?"), not decided either way."""
    result = mapper.map("Fifth call this month from mum saying her 2yo 'stopped breathing and went blue'. Every time "
                        "the crew arrive he is pink and playing.")
    assert "fii" in {f.id for f in result.features} and "danger" not in {f.id for f in result.features}
    assert result.uncertain and result.uncertain[0].kind == "danger"


def test_a_child_who_stopped_breathing_now_stays_immediate_danger(mapper):
    result = mapper.map("He stopped breathing after taking his dad's tablets and is floppy now.")
    assert "danger" in {f.id for f in result.features}
