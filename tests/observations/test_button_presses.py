"""A button press needs no clause parsing (bot/observations/rasa_component.py): a button's own words are
mapped on their first press only, and what the practitioner types is mapped every time."""
from __future__ import annotations

from pathlib import Path

from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.findings import Findings
from bot.observations.rasa_component import OUTPUT_KEY, ObservationMapperComponent, button_texts


class CountingMapper:
    """Stands in for the mapper: records every text it is asked to map."""

    def __init__(self) -> None:
        self.mapped: list[str] = []

    def map(self, text: str) -> Findings:
        self.mapped.append(text)
        return Findings(message=f"mapped {text}")


def component(buttons: set[str]) -> tuple[ObservationMapperComponent, CountingMapper]:
    mapper = CountingMapper()
    made = ObservationMapperComponent({}, None, None, classifier=object())  # type: ignore[arg-type]
    made._mapper = mapper
    made._button_texts = frozenset(buttons)
    return made, mapper


def press(made: ObservationMapperComponent, text: str) -> dict:
    message = Message({TEXT: text, INTENT: {"name": "inform", "confidence": 0.9}})
    made.process([message])
    return message.get(OUTPUT_KEY)


def test_a_buttons_words_are_mapped_on_the_first_press_only() -> None:
    made, mapper = component({"Teacher or school staff"})
    first = press(made, "Teacher or school staff")
    second = press(made, "Teacher or school staff")
    assert mapper.mapped == ["Teacher or school staff"]
    assert first == second == Findings(message="mapped Teacher or school staff").to_dict()


def test_typed_words_and_intent_payloads_are_not_kept() -> None:
    made, mapper = component({"Teacher or school staff"})
    press(made, "she is hungry every morning")
    press(made, "she is hungry every morning")
    assert press(made, "/unsure") is None
    assert mapper.mapped == ["she is hungry every morning"] * 2
    assert made._button_findings == {}


def test_button_texts_are_the_plain_word_payloads_of_the_domain(tmp_path: Path) -> None:
    domain = tmp_path / "domain.yml"
    domain.write_text("responses:\n  utter_role:\n  - text: Who are you?\n    buttons:\n"
                      "    - title: Teacher\n      payload: Teacher or school staff\n"
                      "    - title: Not sure\n      payload: /unsure\n  utter_hi:\n  - text: hi\n")
    assert button_texts(domain) == {"Teacher or school staff"}
    assert button_texts(tmp_path / "missing.yml") == frozenset()
    assert {"Teacher or school staff", "5 to 11"} <= button_texts()  # the project's own domain.yml
