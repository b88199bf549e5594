"""``python -m bot map``: the observation mapper from the command line, through the trained Rasa model.

The same trained model and the same code path as the conversation: each line is parsed by the Rasa NLU
pipeline, whose ``ObservationMapperComponent`` adds the mapping to the parse result.

    python -m bot map "He keeps taking food from other children's lunchboxes"   # readable
    python -m bot map --jsonl < observations.txt                                 # one JSON object a line
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import sys
from pathlib import Path
from typing import Iterable, Optional

from bot.findings import Findings
from bot.paths import MODELS_DIR

NO_MODEL = "No trained model found in {where}. Train one with `make train` (or `make eval`, which trains if needed)."


def latest_model(models_dir: Path = MODELS_DIR) -> Optional[Path]:
    models = sorted(models_dir.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    return models[-1] if models else None


class ModelParser:
    """Parses text with a trained Rasa model's NLU pipeline (loaded once)."""

    def __init__(self, model_path: Path, redacting: bool = True) -> None:
        self.redacting = redacting
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        logging.disable(logging.WARNING)
        from rasa.core.agent import Agent

        with contextlib.redirect_stdout(sys.stderr):  # stdout carries only the mapping
            self.agent = Agent.load(str(model_path))
        self.loop = asyncio.new_event_loop()

    def parse(self, text: str) -> dict:
        """The mapping for a message, read as the chat reads it: personal details redacted first.

        The parse data's ``observations`` as Rasa gives them, a dict: ``--jsonl`` prints it unchanged, and
        ``Findings.from_dict`` reads it."""
        if self.redacting:
            from bot.redaction import redact

            text = redact(text).text
        with contextlib.redirect_stdout(sys.stderr):
            data = self.loop.run_until_complete(self.agent.parse_message(text))
        return data.get("observations") or {"features": [], "level": "none", "routes": [],
                                             "message": "I couldn't find an observation in that."}

    def parse_many(self, texts: Iterable[str]) -> list[dict]:
        return [self.parse(t) for t in texts]


def explain(findings: Findings) -> str:
    """A readable account of one mapping, for people at a terminal."""
    lines = [f"Overall level: {findings.level}"]
    for feature in findings.features:
        lines.append(f"- {feature.id} ({feature.level}, confidence {feature.confidence:.2f}): {feature.title}")
        lines.append(f"    because: \"{feature.evidence}\"")
        lines += [f"    note: {n}" for n in feature.notes]
    for item in findings.not_met:
        lines.append(f"- not met yet, {item.id}: {item.reason}")
    for item in findings.explained:
        lines.append(f"- set aside, {item.id}: {item.reason}")
    for question in findings.uncertain:
        lines.append(f"? {question.question}")
    q = findings.qualifiers
    if q is not None:
        age = q.age
        lines.append(f"Qualifiers: frequency={q.frequency}"
                     + (f", age={age.stage} ('{age.words}')" if age else "")
                     + (f", explanations={q.explanations}" if q.explanations else "")
                     + (f", ruled out={q.ruled_out}" if q.ruled_out else "")
                     + (f", negation='{q.negation}'" if q.negation else "")
                     + (f", denied: '{q.carer_denies}'" if q.carer_denies else ""))
    if findings.message:
        lines.append(findings.message)
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot map", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("text", nargs="*", help="an observation (otherwise read from standard input)")
    parser.add_argument("--jsonl", action="store_true", help="one observation a line in, one JSON object a line out")
    parser.add_argument("--model", type=Path, help="a trained model (default: the newest in models/)")
    parser.add_argument("--no-redact", action="store_true",
                        help="map the text as typed (the chat redacts names and numbers before mapping)")
    args = parser.parse_args(argv)

    model = args.model or latest_model()
    if model is None or not model.exists():
        print(NO_MODEL.format(where=args.model or MODELS_DIR), file=sys.stderr)
        return 3
    mapper = ModelParser(model, redacting=not args.no_redact)
    if args.text and not args.jsonl:
        print(explain(Findings.from_dict(mapper.parse(" ".join(args.text)))))
        return 0
    lines = [" ".join(args.text)] if args.text else sys.stdin.read().splitlines()
    for line in lines:
        result = mapper.parse(line)
        if args.jsonl:
            print(json.dumps(result, ensure_ascii=False), flush=True)
        else:
            print(explain(Findings.from_dict(result)), end="\n\n")
    return 0
