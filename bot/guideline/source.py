"""Read the source texts (NG76, the SCIE quick guide, the NSPCC page) to prove the data against.

The knowledge files claim to quote the guideline verbatim; this module makes that claim
checkable. It is used by the tests and by ``python -m bot guideline check --source``. The
source texts are not part of the deployed bot, so nothing else depends on them being present.

Comparison is after whitespace normalisation (``normalise``): line breaks and the source's
no-break spaces become single spaces, but every other character, including the source's
non-breaking hyphens ("pre‑pubertal") and en dashes ("Prader–Willi"), must match exactly.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

from bot.paths import ROOT

NG76_FILE = "nice-ng76-child-abuse-and-neglect-recommendations.txt"
SCIE_FILE = "scie-quick-guide-therapeutic-interventions.txt"
NSPCC_FILE = "nspcc-new-orleans-intervention-model.txt"
ENV_VAR = "NG76_SOURCE_DIR"

_REC_START = re.compile(r"^(1\.\d+\.\d+) (.*)$")
_BULLET = re.compile(r"^( *)• ?(.*)$")


def default_source_dir() -> Path:
    """``$NG76_SOURCE_DIR`` if set, else ``shared/guideline`` beside the project checkout."""
    override = os.environ.get(ENV_VAR)
    return Path(override) if override else ROOT.parent / "shared" / "guideline"


def normalise(text: str) -> str:
    """Collapse every run of whitespace (including no-break spaces) to one space."""
    return " ".join(text.split())


@dataclass
class SourceRecommendation:
    """One numbered recommendation as printed: its opening paragraph, bullets and trailing text."""

    number: str
    text: str
    bullets: List[Tuple[int, str]] = field(default_factory=list)
    """(depth, text): depth 0 for a top-level bullet, 1 for a sub-bullet."""
    after: List[str] = field(default_factory=list)
    """Indented paragraphs that follow the bullets (1.3.24's caution, 1.5.10's last line)."""

    @property
    def first_word(self) -> str:
        """The recommendation's first word, lower case: 'consider', 'suspect', 'offer'..."""
        return self.text.split()[0].lower() if self.text else ""

    @property
    def full_text(self) -> str:
        """Everything in the recommendation, normalised, in reading order."""
        return normalise(" ".join([self.text] + [b for _, b in self.bullets] + self.after))


def parse_recommendations(text: str) -> Dict[str, SourceRecommendation]:
    """Split NG76's text into numbered recommendations.

    A recommendation starts at a line ``1.x.y ...`` and runs over the indented lines below it
    (bullets and follow-on paragraphs); the next unindented line (a heading, an intro
    paragraph or the next recommendation) ends it.
    """
    recs: Dict[str, SourceRecommendation] = {}
    current: Optional[SourceRecommendation] = None
    for raw in text.splitlines():
        if not raw.strip():
            continue
        start = _REC_START.match(raw)
        if start:
            current = SourceRecommendation(start.group(1), normalise(start.group(2)))
            recs[current.number] = current
            continue
        if not raw.startswith(" "):
            current = None
            continue
        if current is None:
            continue
        bullet = _BULLET.match(raw)
        if bullet:
            depth = 0 if len(bullet.group(1)) <= 2 else 1
            current.bullets.append((depth, normalise(bullet.group(2))))
        else:
            current.after.append(normalise(raw))
    return recs


@dataclass
class Sources:
    """The three source texts, raw and normalised, with NG76 split into recommendations."""

    directory: Path
    ng76: str
    scie: str
    nspcc: str
    recommendations: Dict[str, SourceRecommendation]

    def normalised(self, name: str) -> str:
        """The normalised text of 'NG76', 'SCIE' or 'NSPCC'."""
        return {"NG76": self._ng76, "SCIE": self._scie, "NSPCC": self._nspcc}[name]

    def __post_init__(self) -> None:
        self._ng76 = normalise(self.ng76)
        self._scie = normalise(self.scie)
        self._nspcc = normalise(self.nspcc)

    def contains(self, name: str, quote: str) -> bool:
        """Whether ``quote`` appears verbatim (after whitespace normalisation) in a source."""
        return normalise(quote) in self.normalised(name)

    def rec(self, number: str) -> SourceRecommendation:
        """One NG76 recommendation by number."""
        return self.recommendations[number]


def load_sources(directory: Optional[Path] = None) -> Sources:
    """Read the three texts; raises ``FileNotFoundError`` naming the directory if absent."""
    directory = Path(directory) if directory else default_source_dir()
    texts = []
    for name in (NG76_FILE, SCIE_FILE, NSPCC_FILE):
        path = directory / name
        if not path.is_file():
            raise FileNotFoundError(f"source text {name} not found in {directory} (set {ENV_VAR})")
        texts.append(path.read_text(encoding="utf-8"))
    ng76, scie, nspcc = texts
    return Sources(directory, ng76, scie, nspcc, parse_recommendations(ng76))


def unquoted(quotes: Iterable[Tuple[str, str, str]], sources: Sources) -> List[str]:
    """The (where, text, source) quotes that are not verbatim in their source, as messages."""
    return [
        f"{where}: not found verbatim in {source}: {text!r}"
        for where, text, source in quotes
        if not sources.contains(source, text)
    ]
