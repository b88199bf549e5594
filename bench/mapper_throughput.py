"""How many observations a second the mapper handles once the model is loaded, on one core.

    .venv/bin/python bench/mapper_throughput.py [--model models/safeguarding.tar.gz] [--rounds 3] [--json]

Measures the whole path the conversation uses (Rasa's NLU pipeline with the observation component) and the
mapper alone (spaCy, clause classifier, conditions), over the held-out observations. Prints one line each;
numbers belong in docs, not in timed tests.
"""
from __future__ import annotations

import argparse
import json
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


def measure(model: Path, rounds: int = 3) -> dict:
    """Model load time, and observations a second through Rasa's NLU pipeline and through the mapper alone."""
    texts = [" ".join(str(i["text"]).split()) for i in yaml.safe_load((ROOT / "tests/eval/observations-heldout.yml").read_text())]

    from bot.observations.cli import ModelParser

    started = time.perf_counter()
    parser_ = ModelParser(model)
    parser_.parse("warm up: he keeps taking food from other children")
    load = time.perf_counter() - started

    started = time.perf_counter()
    for _ in range(rounds):
        parser_.parse_many(texts)
    whole = len(texts) * rounds / (time.perf_counter() - started)

    component = next(n._component for n in parser_.agent.processor.graph_runner._instantiated_nodes.values()
                     if type(n._component).__name__ == "ObservationMapperComponent")
    mapper = component._get_mapper()
    started = time.perf_counter()
    for _ in range(rounds):
        mapper.map_many(texts)
    alone = len(texts) * rounds / (time.perf_counter() - started)
    return {"model_load_s": load, "pipeline_obs_per_s": whole, "mapper_obs_per_s": alone,
            "observations": len(texts), "rounds": rounds}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "safeguarding.tar.gz")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the numbers as one JSON object")
    args = parser.parse_args()
    m = measure(args.model, args.rounds)
    if args.json:
        print(json.dumps(m))
        return 0
    print(f"model load {m['model_load_s']:.1f} s; through Rasa's NLU pipeline {m['pipeline_obs_per_s']:.1f} "
          f"observations/s; mapper alone {m['mapper_obs_per_s']:.1f} observations/s ({m['observations']} "
          f"observations x {m['rounds']} rounds, one thread)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
