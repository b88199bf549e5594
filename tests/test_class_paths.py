"""Every class Rasa is told to load by name (channels in credentials.yml, stores in endpoints*.yml, components in
config.yml) exists where the file says: a module moved without its configuration stops Rasa at start-up."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml
from rasa.shared.utils.common import class_from_module_path

from bot.paths import ROOT


def class_paths(path: Path) -> Iterator[str]:
    """The dotted class paths of the project's own code in one of Rasa's configuration files."""
    data: Any = yaml.safe_load(path.read_text()) or {}
    if path.name == "credentials.yml":
        yield from (key for key in data if "." in key)
    elif path.name == "config.yml":
        yield from (c["name"] for c in data.get("pipeline", []) + data.get("policies", []) if "." in c["name"])
    else:
        yield from (entry["type"] for entry in data.values()
                    if isinstance(entry, dict) and "." in str(entry.get("type")))


FILES = sorted([ROOT / "credentials.yml", ROOT / "config.yml", *ROOT.glob("endpoints*.yml")])


@pytest.mark.parametrize("path", FILES, ids=[f.name for f in FILES])
def test_every_class_named_in_rasas_configuration_exists(path: Path) -> None:
    named = list(class_paths(path))
    assert all(name.startswith(("bot.", "actions.")) for name in named), named
    for name in named:
        assert isinstance(class_from_module_path(name), type), name


def test_the_files_name_the_projects_classes() -> None:
    named = {name for path in FILES for name in class_paths(path)}
    assert {"bot.channels.rest.SafeRestInput", "bot.channels.teams.channel.TeamsInput",
            "bot.transcripts.store.RedactingSQLTrackerStore",
            "bot.rasa_runtime.lock_store.SerialRedisLockStore"} <= named
