"""Importing a module of this project changes nothing in Rasa; the install functions change exactly what
``bot.rasa_runtime.CHANGED`` lists; and nothing is installed on any Rasa but the pinned one.

Each check runs in a fresh interpreter, since the test process itself has long had the changes installed by
other tests. The snapshot covers every Rasa module loaded before the project's modules are imported: each
module's names and, for each class defined there, its own attributes, compared by identity.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from bot import rasa_runtime
from bot.paths import ROOT

SNAPSHOT = textwrap.dedent('''
    import importlib, inspect, json, os, pkgutil, sys

    RASA_MODULES = ["rasa.core.agent", "rasa.core.processor", "rasa.core.actions.action", "rasa.core.tracker_store",
                    "rasa.core.lock_store", "rasa.shared.core.trackers", "rasa.shared.core.events", "rasa.telemetry",
                    "rasa.nlu.classifiers.logistic_regression_classifier", "rasa.core.channels.channel",
                    "rasa.core.channels.rest", "rasa.core.run", "rasa.server", "rasa.shared.core.domain"]
    for name in RASA_MODULES:
        importlib.import_module(name)

    def snapshot():
        """(module, class or '', attribute) -> id of the object, for every Rasa module loaded so far."""
        seen = {}
        for name, module in list(sys.modules.items()):
            if not (name == "rasa" or name.startswith("rasa.")) or module is None:
                continue
            for attr, value in list(vars(module).items()):
                seen[(name, "", attr)] = id(value)
                if inspect.isclass(value) and value.__module__ == name:
                    for own, inner in list(vars(value).items()):
                        seen[(name, attr, own)] = id(inner)
        return seen

    def changed(before, after):
        return sorted("/".join(key) for key in before if key in after and after[key] != before[key])
''')

IMPORT_EVERYTHING = SNAPSHOT + textwrap.dedent('''
    before, telemetry = snapshot(), os.environ.get("RASA_TELEMETRY_ENABLED")
    imported, failed = [], []
    for package in ("bot", "actions"):
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, package + ".", onerror=failed.append):
            try:
                importlib.import_module(info.name)
                imported.append(info.name)
            except Exception as error:  # reported, not hidden
                failed.append(f"{info.name}: {type(error).__name__}: {error}")
    print(json.dumps({"changed": changed(before, snapshot()), "imported": imported, "failed": failed,
                      "telemetry": [telemetry, os.environ.get("RASA_TELEMETRY_ENABLED")]}))
''')

INSTALL_EVERYTHING = SNAPSHOT + textwrap.dedent('''
    before = snapshot()
    from bot import rasa_runtime
    from bot.rasa_runtime import fail_closed, no_reporting
    rasa_runtime.install_server_changes()
    fail_closed.install()
    no_reporting.install()
    print(json.dumps({"changed": changed(before, snapshot())}))
''')


def run_fresh(code: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "RASA_TELEMETRY_ENABLED"}
    env.update(TF_CPP_MIN_LOG_LEVEL="3", PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def changed_names() -> list[str]:
    """``CHANGED`` as the snapshot names attributes: module/class/attribute (class '' for a module's own)."""
    return sorted(f"{module}/{cls or ''}/{attr}" for module, cls, attr in rasa_runtime.CHANGED)


def test_importing_every_module_changes_nothing_in_rasa() -> None:
    result = run_fresh(IMPORT_EVERYTHING)
    assert not result["failed"], result["failed"]
    assert len(result["imported"]) > 100 and "bot.channels.rest" in result["imported"]
    assert "bot.transcripts.store" in result["imported"] and "actions.forms" in result["imported"]
    assert result["changed"] == [], "importing changed Rasa: install it from an entry point instead"
    assert result["telemetry"] == [None, None]


def test_the_install_functions_change_exactly_what_changed_lists() -> None:
    assert run_fresh(INSTALL_EVERYTHING)["changed"] == changed_names()


# ---------------------------------------------------------------------------------- the pinned Rasa only

@pytest.fixture
def another_rasa(monkeypatch: pytest.MonkeyPatch) -> None:
    import rasa.version

    monkeypatch.setattr(rasa.version, "__version__", "3.6.20")


def test_the_pinned_version_is_the_one_installed_and_required() -> None:
    from importlib.metadata import version

    assert version("rasa") == rasa_runtime.PINNED_RASA
    assert f'"rasa=={rasa_runtime.PINNED_RASA}"' in (ROOT / "pyproject.toml").read_text()
    rasa_runtime.require_pinned_rasa()


@pytest.mark.usefixtures("another_rasa")
def test_every_install_refuses_another_rasa() -> None:
    from bot.rasa_runtime import (action_calls, applied_events, classifier_weights, fail_closed, no_reporting,
                                  recent_history)

    for install in (rasa_runtime.install_server_changes, action_calls.install, classifier_weights.install,
                    applied_events.install, recent_history.install, fail_closed.install, no_reporting.install):
        with pytest.raises(rasa_runtime.RasaVersionError, match="3.6.21.*3.6.20"):
            install()


@pytest.mark.usefixtures("another_rasa")
def test_the_entry_points_refuse_to_start_on_another_rasa(tmp_path) -> None:
    from rasa.utils.endpoints import EndpointConfig

    from bot.channels.rest import SafeRestInput
    from bot.channels.teams.channel import TeamsInput
    from bot.rasa_cli import main
    from bot.rasa_runtime.lock_store import SerialRedisLockStore
    from bot.transcripts.store import RedactingSQLTrackerStore

    with pytest.raises(rasa_runtime.RasaVersionError):
        SafeRestInput()
    with pytest.raises(rasa_runtime.RasaVersionError):
        TeamsInput(None)
    with pytest.raises(rasa_runtime.RasaVersionError):
        RedactingSQLTrackerStore(host=f"sqlite:///{tmp_path / 'c.db'}", pending_dir=str(tmp_path / "pending"))
    with pytest.raises(rasa_runtime.RasaVersionError):
        SerialRedisLockStore(endpoint_config=EndpointConfig(url="127.0.0.1", port=6379))
    with pytest.raises(SystemExit, match="Rasa 3.6.21"):
        main(["--version"])
