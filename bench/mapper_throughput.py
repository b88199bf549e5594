"""How many observations a second the mapper handles once the model is loaded, on one core.

    .venv/bin/python bench/mapper_throughput.py [--model models/safeguarding.tar.gz] [--rounds 3]

Measures the whole path the conversation uses (Rasa's NLU pipeline with the observation component) and the
mapper alone (spaCy, clause classifier, conditions), over the held-out observations. Prints one line each;
numbers belong in docs, not in timed tests.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_NUM_THREADS", "1")          # one core
os.environ.setdefault("TF_NUM_INTRAOP_THREADS", "1")
os.environ.setdefault("TF_NUM_INTEROP_THREADS", "1")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "safeguarding.tar.gz")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    texts = [" ".join(str(i["text"]).split()) for i in yaml.safe_load((ROOT / "tests/eval/observations-heldout.yml").read_text())]

    from bot.observations.cli import ModelParser

    started = time.perf_counter()
    parser_ = ModelParser(args.model)
    parser_.parse("warm up: he keeps taking food from other children")
    load = time.perf_counter() - started

    started = time.perf_counter()
    for _ in range(args.rounds):
        parser_.parse_many(texts)
    whole = len(texts) * args.rounds / (time.perf_counter() - started)

    component = next(n._component for n in parser_.agent.processor.graph_runner._instantiated_nodes.values()
                     if type(n._component).__name__ == "ObservationMapperComponent")
    mapper = component._get_mapper()
    started = time.perf_counter()
    for _ in range(args.rounds):
        mapper.map_many(texts)
    alone = len(texts) * args.rounds / (time.perf_counter() - started)
    print(f"model load {load:.1f} s; through Rasa's NLU pipeline {whole:.1f} observations/s; "
          f"mapper alone {alone:.1f} observations/s ({len(texts)} observations x {args.rounds} rounds, one thread)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
