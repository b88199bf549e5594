"""Microsoft Presidio as a redactor, only to measure it beside ours: ``python -m bot redaction score --engine``.

Presidio (``presidio-analyzer``) is the field's maintained library for finding personal details. It is not a
dependency of the project (docs/redaction.md, "Presidio", says why); to repeat the comparison, install
``presidio-analyzer==2.2.360`` with its own dependencies ``phonenumbers``, ``tldextract`` and ``requests-file``
in an environment that has the project's spaCy 3.6 and pydantic 1.10 (2.2.360 is the newest that needs
neither pydantic 2 nor a newer ``regex`` than Rasa 3.6 allows).

Both engines here use the project's own spaCy pipeline (``bot.language.english``, en_core_web_sm 3.6.0,
loaded by path): Presidio is never asked to download a model.

* ``presidio``: Presidio's English recognisers as shipped, with its UK National Insurance recogniser switched
  on (it ships off) and phone numbers read as British; every entity it returns is redacted, as Presidio's
  anonymiser does by default.
* ``presidio-uk``: the same, asked only for the entities that are personal details here (``UK_ENTITIES``),
  with the project's shaped-detail patterns (``bot.redaction.patterns``) added as one more Presidio
  recogniser; names are still Presidio's (spaCy's PERSON entities).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable

from bot.redaction.engine import Redacted

ENGINES = ("presidio", "presidio-uk")
# What ``presidio-uk`` asks Presidio for besides the project's kinds: the entities that are personal details
# in a British conversation (not DATE_TIME, which takes every "twice a week", nor the American identifiers).
UK_ENTITIES = ("PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "UK_NHS", "UK_NINO", "URL")
# Presidio's entity names, as the project's placeholders (the score counts a detail caught whatever replaced it).
KIND_OF_ENTITY = {
    "PERSON": "NAME", "PHONE_NUMBER": "PHONE", "EMAIL_ADDRESS": "EMAIL", "UK_NHS": "NHS_NUMBER",
    "UK_NINO": "NI_NUMBER", "URL": "SOCIAL_MEDIA", "LOCATION": "ADDRESS", "DATE_TIME": "DOB",
}


def placeholder_spans(results: list[Any]) -> list[tuple[str, int, int]]:
    """Presidio's results as non-overlapping (kind, start, end): the higher score, then the longer, wins."""
    chosen: list[tuple[str, int, int]] = []
    for r in sorted(results, key=lambda r: (-r.score, r.start - r.end, r.start)):
        if r.end > r.start and all(r.end <= s or r.start >= e for _, s, e in chosen):
            chosen.append((KIND_OF_ENTITY.get(r.entity_type, r.entity_type), r.start, r.end))
    return sorted(chosen, key=lambda c: c[1])


def as_redacted(text: str, spans: list[tuple[str, int, int]]) -> Redacted:
    out, pos = [], 0
    for kind, start, end in spans:
        out += [text[pos:start], f"[{kind}]"]
        pos = end
    return Redacted("".join(out) + text[pos:], spans)


@lru_cache(maxsize=2)
def presidio_redactor(engine: str = "presidio") -> Callable[[str], Redacted]:
    """A redactor built on Presidio's analyser; raises ImportError, with the way to install it, without it."""
    try:
        from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry, RecognizerResult
        from presidio_analyzer.nlp_engine import SpacyNlpEngine
        from presidio_analyzer.predefined_recognizers import PhoneRecognizer, UkNinoRecognizer
    except ImportError as exc:
        raise ImportError("Presidio is not installed: see bot/redaction/presidio.py for the version that fits "
                          "Rasa 3.6's pins, and install it in a separate environment") from exc
    import tldextract  # Presidio's e-mail check; by default it fetches the public suffix list from the internet

    import bot.redaction.patterns as P
    from bot.language import english, pipeline_path

    tldextract.tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=())  # its bundled copy only

    nlp_engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": str(pipeline_path())}])
    nlp_engine.nlp = {"en": english()}  # the project's pipeline, already loaded: nothing is downloaded
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=nlp_engine)
    registry.remove_recognizer("PhoneRecognizer")
    registry.add_recognizer(PhoneRecognizer(supported_regions=("GB",)))
    registry.add_recognizer(UkNinoRecognizer())

    if engine == "presidio-uk":
        class ProjectPatterns(EntityRecognizer):
            """The project's shaped-detail patterns as a Presidio recogniser."""

            def load(self) -> None:
                pass

            def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[Any]:
                return [RecognizerResult(kind, start, end, 1.0) for kind, start, end in P.shaped_details(text)]

        registry.add_recognizer(ProjectPatterns(supported_entities=[k for k in P.KINDS if k != "NAME"],
                                                supported_language="en", name="ProjectPatterns"))
    analyzer = AnalyzerEngine(nlp_engine=nlp_engine, registry=registry, supported_languages=["en"])
    entities = None if engine == "presidio" else [*UK_ENTITIES, *(k for k in P.KINDS if k != "NAME")]
    return lambda text: as_redacted(text, placeholder_spans(
        analyzer.analyze(text=text, language="en", entities=entities)))
