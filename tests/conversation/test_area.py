"""The child's area from what the practitioner typed, against the example contacts file."""
from __future__ import annotations

import pytest

from bot.conversation.area import read_area


@pytest.mark.parametrize("text, kind, area", [
    ("Demo Shire", "known", "Demo Shire"),
    ("the family live in Demo Shire", "known", "Demo Shire"),
    ("Exmple Borough", "confirm", "Example Borough"),
    ("not sure", "unsure", "Sample City"),
    ("/change_area", "unknown", ""),
    ("Atlantis", "unknown", "Atlantis"),
])
def test_areas_read_from_typed_words(text, kind, area):
    reading = read_area(text)
    assert reading.kind == kind and (reading.area or "").startswith(area)
