"""Rasa's logistic regression intent classifier, loaded with its weights stored column by column.

scikit-learn's logistic regression scores a sparse message as ``X @ coef_.T``; ``coef_`` is stored row by
row, so its transpose is not contiguous and scipy copies the whole weight matrix (classes x n-gram features)
on every message: 5 ms a message for 40 classes and 60,000 features, a tenth of a turn under load. Stored
column by column (``bot.observations.linear_models.fortran_weights``, which the clause classifier uses too)
the transpose is contiguous and the same sums are done in the same order, so the probabilities are identical
to the bit. Only loading changes: the model file and training are Rasa's own.
``tests/rasa_runtime/test_classifier_weights.py`` compares a classifier loaded both ways.
"""
from __future__ import annotations

from typing import Any, Dict

RASAS_OWN: Dict[str, Any] = {}  # the function replaced, for the test that compares with it


def _loading_with_fortran_weights(load: Any) -> Any:
    """``load`` (the classmethod's function), then the loaded classifier's weights stored column by column."""
    def load_classifier(cls: Any, *args: Any, **kwargs: Any) -> Any:
        from bot.observations.linear_models import fortran_weights

        component = load.__func__(cls, *args, **kwargs)
        if getattr(component, "clf", None) is not None:
            fortran_weights(component.clf)
        return component

    load_classifier.fortran_weights = True  # type: ignore[attr-defined]
    return classmethod(load_classifier)


def install() -> None:
    """Load Rasa's ``LogisticRegressionClassifier`` with column-ordered weights (idempotent); on the pinned Rasa
    only."""
    from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier

    from bot.rasa_runtime import require_pinned_rasa

    require_pinned_rasa()
    own = LogisticRegressionClassifier.__dict__["load"]
    if getattr(own.__func__, "fortran_weights", False):
        return
    RASAS_OWN["load"] = own
    LogisticRegressionClassifier.load = _loading_with_fortran_weights(own)  # type: ignore[method-assign]
