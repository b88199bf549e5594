"""Where the project's own files live, resolved from this file and never from the working directory."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE_DIR = ROOT / "knowledge"
GUIDELINE_DIR = KNOWLEDGE_DIR / "guideline"
CONTACTS_DIR = ROOT / "contacts"
MODELS_DIR = ROOT / "models"
VAR_DIR = ROOT / "var"


def var_dir() -> Path:
    """The git-ignored folder for databases and run state (``BOT_VAR_DIR`` overrides it)."""
    path = Path(os.environ.get("BOT_VAR_DIR", VAR_DIR))
    path.mkdir(parents=True, exist_ok=True)
    return path
