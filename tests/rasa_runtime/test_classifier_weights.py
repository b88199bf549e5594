"""Rasa's logistic regression intent classifier, loaded as Rasa loads it and with column-ordered weights, gives
the same probabilities to the bit; only the weights' layout differs."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import scipy.sparse as sp
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier

from bot.rasa_runtime import classifier_weights


def _saved_classifier(tmp_path: Path) -> tuple[dict, LocalModelStorage, Resource, ExecutionContext]:
    """A classifier fitted on random n-gram counts and saved to a model storage, as ``rasa train`` saves it."""
    storage = LocalModelStorage(tmp_path)
    resource = Resource("intent_classifier")
    context = ExecutionContext(GraphSchema({}), node_name="intent_classifier")
    config = LogisticRegressionClassifier.get_default_config()
    component = LogisticRegressionClassifier.create(config, storage, resource, context)
    x = sp.random(150, 4000, density=0.01, format="csr", random_state=3)
    component.clf.fit(x, np.random.default_rng(3).integers(0, 9, size=150).astype(str))
    component.persist()
    return config, storage, resource, context


def _rasas_own_load() -> classmethod:
    return classifier_weights.RASAS_OWN.get("load", LogisticRegressionClassifier.__dict__["load"])


def test_the_same_probabilities_as_rasas_own_load(tmp_path: Path) -> None:
    saved = _saved_classifier(tmp_path)
    own = _rasas_own_load()
    assert not getattr(own.__func__, "fortran_weights", False), "Rasa's own load to compare with"
    rasas = own.__get__(None, LogisticRegressionClassifier)(*saved)
    ours = classifier_weights._loading_with_fortran_weights(own).__get__(None, LogisticRegressionClassifier)(*saved)
    assert not rasas.clf.coef_.flags["F_CONTIGUOUS"] and ours.clf.coef_.flags["F_CONTIGUOUS"]
    x = sp.random(40, 4000, density=0.01, format="csr", random_state=4)
    assert np.array_equal(ours.clf.predict_proba(x), rasas.clf.predict_proba(x))
    assert list(ours.clf.classes_) == list(rasas.clf.classes_)


def test_installed_once_on_rasas_classifier() -> None:
    classifier_weights.install()
    classifier_weights.install()
    load = LogisticRegressionClassifier.__dict__["load"]
    assert getattr(load.__func__, "fortran_weights", False)
    assert classifier_weights.RASAS_OWN["load"] is not load
    assert not getattr(classifier_weights.RASAS_OWN["load"].__func__, "fortran_weights", False)
