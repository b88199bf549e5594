"""The clause classifier is stored as arrays and JSON: loading a model file never runs code (issue 17).

A pickled model runs whatever the file names when it is loaded, so a model file from anywhere would be code.
These tests fail if pickle (or a library that wraps it) comes back anywhere a model or file is read.
"""
from __future__ import annotations

import ast
import pickle
import tarfile
from pathlib import Path

import numpy as np
import pytest

from bot.observations.classifier import WEIGHTS_ARRAYS, WEIGHTS_JSON, ClauseClassifier

ROOT = Path(__file__).resolve().parents[2]
UNSAFE_MODULES = {"pickle", "cPickle", "dill", "joblib", "shelve", "marshal", "jsonpickle", "cloudpickle"}
TEXTS = ["he has bruises on his arms", "she comes in hungry every day", "the baby has a burn on her hand",
         "he is always dirty and smells", "we had a lovely trip to the park", "she scored a goal at football",
         "mum shouted at him in the playground", "dad hit her with a belt"]
LABELS = ["injury", "neglect", "injury", "neglect", "none", "none", "emotional", "injury"]


def trained() -> ClauseClassifier:
    return ClauseClassifier().fit(TEXTS, LABELS)


def test_a_saved_classifier_loads_with_the_same_probabilities(tmp_path: Path) -> None:
    classifier = trained()
    classifier.save(tmp_path)
    loaded = ClauseClassifier.load(tmp_path)
    probes = ["he came in with bruises again", "she is hungry", "a nice day out", "dad hit him"]
    for before, after in zip(classifier.rank(probes), loaded.rank(probes)):
        assert [p.label for p in before] == [p.label for p in after]
        assert np.array_equal([p.probability for p in before], [p.probability for p in after])


def test_the_saved_files_are_only_json_and_arrays(tmp_path: Path) -> None:
    trained().save(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([WEIGHTS_JSON, WEIGHTS_ARRAYS])
    with np.load(tmp_path / WEIGHTS_ARRAYS, allow_pickle=False) as arrays:  # raises on any object array
        assert all(arrays[name].dtype != object for name in arrays.files)


def test_a_pickle_dropped_beside_the_weights_is_never_opened(tmp_path: Path) -> None:
    class Payload:
        def __reduce__(self):  # what a hostile model file would do on load
            return (Path.write_text, (tmp_path / "ran", "code ran"))

    trained().save(tmp_path)
    for name in ("clause_classifier.pkl", WEIGHTS_ARRAYS):
        (tmp_path / name).write_bytes(pickle.dumps(Payload()))
    with pytest.raises(ValueError):  # np.load(allow_pickle=False) refuses the pickled "arrays"
        ClauseClassifier.load(tmp_path)
    assert not (tmp_path / "ran").exists()


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_no_project_module_imports_pickle_or_loads_pickled_arrays() -> None:
    offenders = []
    for folder in ("bot", "actions", "scripts", "bench"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            source = path.read_text(encoding="utf-8")
            if imported_modules(path) & UNSAFE_MODULES or "allow_pickle=True" in source or "torch.load(" in source:
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


PICKLE_PROTOCOL_2_TO_5 = [b"\x80" + bytes([n]) for n in range(2, 6)]


@pytest.mark.model
def test_the_trained_model_archive_holds_no_pickle(trained_model: Path) -> None:
    """Every file in the trained model: none starts like a pickle (Rasa's own components use JSON and skops)."""
    with tarfile.open(trained_model) as archive:
        pickled = [member.name for member in archive.getmembers() if member.isfile()
                   and archive.extractfile(member).read(2) in PICKLE_PROTOCOL_2_TO_5]
    assert pickled == []
