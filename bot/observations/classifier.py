"""The learned part of the observation mapper: which NG76 feature (or route) one clause describes.

A linear model over word and character n-grams, trained from the ``observe`` examples in ``data/nlu`` (their
``label`` metadata) by the Rasa pipeline component in ``rasa_component.py``. Linear and small on purpose: it
trains in seconds, classifies hundreds of clauses a second on one core, and its weights can be inspected.
Conditions (persistence, age, explanations, negation) are not learned: ``mapper.py`` applies the guideline's.
"""
from __future__ import annotations

import pickle
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, make_pipeline

from bot.linear_models import fortran_weights

NONE = "none"
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def normalise(text: str) -> str:
    """Lower-case, straighten quotes and dashes, collapse white space: the same for training and use."""
    return re.sub(r"\s+", " ", text.translate(_APOSTROPHES).lower()).strip()


@dataclass(frozen=True)
class Prediction:
    label: str
    probability: float


class ClauseClassifier:
    """Multinomial logistic regression over TF-IDF word 1-2 grams and character 2-5 grams."""

    def __init__(self, c: float = 30.0) -> None:
        features = FeatureUnion([
            ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, token_pattern=r"(?u)\b\w[\w']*\b")),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)),
        ])
        self.model = make_pipeline(features, LogisticRegression(C=c, max_iter=3000))
        self.labels: list[str] = []

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> "ClauseClassifier":
        if len(set(labels)) < 2:
            raise ValueError("the observation classifier needs examples of at least two labels")
        self.model.fit([normalise(t) for t in texts], list(labels))
        self.labels = list(self.model.classes_)
        fortran_weights(self.model[-1])
        return self

    def rank(self, texts: Iterable[str]) -> list[list[Prediction]]:
        """For each text, every label with its probability, best first."""
        texts = [normalise(t) for t in texts]
        if not texts:
            return []
        probabilities = self.model.predict_proba(texts)
        ranked = []
        for row in probabilities:
            order = np.argsort(row)[::-1]
            ranked.append([Prediction(self.labels[i], float(row[i])) for i in order])
        return ranked

    def save(self, directory: Path) -> None:
        with open(directory / "clause_classifier.pkl", "wb") as handle:
            pickle.dump({"model": self.model, "labels": self.labels}, handle)

    @classmethod
    def load(cls, directory: Path) -> "ClauseClassifier":
        with open(directory / "clause_classifier.pkl", "rb") as handle:
            state = pickle.load(handle)
        classifier = cls()
        classifier.model, classifier.labels = state["model"], state["labels"]
        fortran_weights(classifier.model[-1])  # 80 times faster scoring of one message, the same numbers
        return classifier
