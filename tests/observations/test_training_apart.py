"""The training data is kept apart from every evaluation set: no example carries an evaluation item's words.

The independent sets (held-out, tuning, blind) measure whether the mapper reads language it was not taught; a
training example that repeats one of their sentences, or ten words of one in a row, would turn that measure
into a memory test. Training authors never see the evaluation sets, and this check holds that for every file
added later. Ten words, not fewer: independent authors share shorter runs by chance, and even ten words
once ("respond to her name or a hand on her shoulder", in two evaluation sets and one training file, all written
apart); when a new file trips this by chance, reword the training example.
"""
from __future__ import annotations

import re

import yaml

from bot.paths import ROOT
from tests.shared_folder import need_shared

RUN = 10
EVAL_DIR = ROOT / "tests" / "eval"
DEV_SET = ROOT.parent / "shared" / "eval" / "observations-dev.yml"


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def runs(text: str) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i:i + RUN]) for i in range(len(w) - RUN + 1)}


def training_examples() -> list[str]:
    examples = []
    for path in sorted((ROOT / "data" / "nlu").rglob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []) or []:
            examples += [line[2:] for line in str(block.get("examples", "")).splitlines() if line.startswith("- ")]
    return examples


def evaluation_items() -> dict[str, str]:
    need_shared(DEV_SET, "the shared dev set")
    items = {}
    for path in [DEV_SET, *sorted(EVAL_DIR.glob("observations-*.yml"))]:
        for item in yaml.safe_load(path.read_text(encoding="utf-8")):
            items[f"{path.stem}:{item['id']}"] = item["text"]
    return items


def test_the_sets_and_the_training_data_are_both_there():
    assert len(training_examples()) > 5000
    assert len([p for p in EVAL_DIR.glob("observations-*.yml")]) >= 8


def test_no_training_example_repeats_ten_words_of_an_evaluation_item():
    taught: dict[tuple[str, ...], str] = {}
    for example in training_examples():
        for run in runs(example):
            taught.setdefault(run, example)
    shared = {}
    for key, text in evaluation_items().items():
        hits = [" ".join(run) for run in runs(text) if run in taught]
        if hits:
            shared[key] = hits[:2]
    assert shared == {}, f"{len(shared)} evaluation items share words with the training data (first: " \
                         f"{list(shared.items())[:3]})"
