"""Immediate danger must never be missed: explicit patterns under the trained model."""
from __future__ import annotations

import pytest

from bot.observations.danger import danger_signs


@pytest.mark.parametrize("text", [
    "His stepdad said he's going to kill him when he gets home.",
    "She pulled a knife on her little brother and is waving it about.",
    "He's too scared to go home tonight.",
    "The 2-year-old has been left alone in the flat since this morning.",
    "A toddler was found wandering on his own by the main road at 10pm.",
    "She's just told me she has taken a load of paracetamol.",
    "Dad is drunk and is putting the baby in the car to drive off.",
    "The man she says hurt her is outside waiting to collect her.",
    "A 12-year-old is getting into a car outside school with an older man we don't know.",
    "I think the child is in immediate danger.",
])
def test_danger_is_found(text):
    assert danger_signs(text), text


@pytest.mark.parametrize("text", [
    "He is not in immediate danger; he's at school.",
    "She loves drawing and playing with her friends.",
    "Knives were left within reach on the kitchen side again.",
    "He told me the film last night was scary.",
])
def test_no_danger(text):
    assert not danger_signs(text), text
