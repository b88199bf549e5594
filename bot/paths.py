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
    """The git-ignored folder for databases and run state (``BOT_VAR_DIR`` overrides it): 0700, since it holds
    conversations, accounts and keys (``bot.private_files``). The project's own ``var/`` is narrowed to 0700
    even when it exists already; a folder named by ``BOT_VAR_DIR`` only when this makes it."""
    from bot.private_files import private_dir

    named = os.environ.get("BOT_VAR_DIR")
    return private_dir(Path(named) if named else VAR_DIR, narrow=not named)
