"""The learned part of the observation mapper: which NG76 feature (or route) one clause describes.

A linear model over word and character n-grams, trained from the ``observe`` examples in ``data/nlu`` (their
``label`` metadata) by the Rasa pipeline component in ``rasa_component.py``. Linear and small on purpose: it
trains in seconds, classifies hundreds of clauses a second on one core, and its weights can be inspected.
Conditions (persistence, age, explanations, negation) are not learned: ``mapper.py`` applies the guideline's.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, make_pipeline

from bot.observations.linear_models import fortran_weights

NONE = "none"
STORAGE_FORMAT = "clause-classifier/1"
WEIGHTS_JSON = "clause_classifier.json"
WEIGHTS_ARRAYS = "clause_classifier.npz"
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
        """Write the weights as plain arrays and the vocabularies as JSON: nothing in the files can run code.

        A pickled model runs whatever code the file names when it is loaded, so a model file from anywhere
        (including one uploaded to Rasa's model endpoint) would be code. Arrays and JSON are only data.
        """
        words, chars = (vectorizer for _, vectorizer in self.model[0].transformer_list)
        regression = self.model[-1]
        meta = {
            "format": STORAGE_FORMAT,
            "labels": self.labels,
            "c": float(regression.C),
            "words": {"vocabulary": {k: int(v) for k, v in words.vocabulary_.items()}},
            "chars": {"vocabulary": {k: int(v) for k, v in chars.vocabulary_.items()}},
        }
        (directory / WEIGHTS_JSON).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        np.savez(directory / WEIGHTS_ARRAYS, words_idf=words.idf_, chars_idf=chars.idf_,
                 coef=np.ascontiguousarray(regression.coef_), intercept=regression.intercept_)

    @classmethod
    def load(cls, directory: Path) -> "ClauseClassifier":
        """Rebuild the fitted model from the arrays and JSON that ``save`` wrote, refusing pickled objects."""
        meta = json.loads((directory / WEIGHTS_JSON).read_text(encoding="utf-8"))
        if meta.get("format") != STORAGE_FORMAT:
            raise ValueError(f"unknown observation classifier format {meta.get('format')!r}: retrain the model")
        with np.load(directory / WEIGHTS_ARRAYS, allow_pickle=False) as arrays:
            classifier = cls(c=meta["c"])
            words, chars = (vectorizer for _, vectorizer in classifier.model[0].transformer_list)
            for vectorizer, name in ((words, "words"), (chars, "chars")):
                vectorizer.vocabulary_ = meta[name]["vocabulary"]
                vectorizer.fixed_vocabulary_ = False
                vectorizer.idf_ = arrays[f"{name}_idf"]
            regression = classifier.model[-1]
            regression.classes_ = np.array(meta["labels"])
            regression.coef_ = np.array(arrays["coef"])
            regression.intercept_ = np.array(arrays["intercept"])
            regression.n_features_in_ = regression.coef_.shape[1]
        classifier.labels = list(meta["labels"])
        fortran_weights(regression)  # 80 times faster scoring of one message, the same numbers
        return classifier
