"""Column-ordered weights score one message exactly as scikit-learn's own layout does, without the copy."""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

from bot.observations.linear_models import fortran_weights


def _fitted() -> tuple[LogisticRegression, sp.csr_matrix]:
    rng = np.random.default_rng(7)
    x = sp.random(120, 5000, density=0.01, format="csr", random_state=7)
    y = rng.integers(0, 12, size=120)
    return LogisticRegression(max_iter=200).fit(x, y), x


def test_the_probabilities_are_identical_to_the_bit():
    model, x = _fitted()
    before = model.predict_proba(x)
    assert not model.coef_.flags["F_CONTIGUOUS"]
    assert fortran_weights(model) is model and model.coef_.flags["F_CONTIGUOUS"]
    assert np.array_equal(model.predict_proba(x), before)


def test_the_transpose_needs_no_copy():
    model = fortran_weights(_fitted()[0])
    assert model.coef_.T.flags["C_CONTIGUOUS"], "scipy ravels the transpose: contiguous means no copy"


def test_a_model_without_weights_is_left_alone():
    class NotLinear:
        pass

    thing = NotLinear()
    assert fortran_weights(thing) is thing
