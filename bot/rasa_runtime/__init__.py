"""Everything this project changes inside Rasa, in one place, installed only when an entry point asks.

Rasa 3.6 is used as it is, except for the changes listed here. Each was read against Rasa 3.6.21's own code,
so each install function first checks that the running Rasa is that version (``require_pinned_rasa``) and
refuses to start on any other: a change written for one version's internals may quietly do the wrong thing
in another's. After an upgrade, read each patched function in the new Rasa again, run the tests named below,
then change ``PINNED_RASA`` (and ``rasa==`` in pyproject.toml).

Importing a module of this project changes nothing in Rasa (``tests/rasa_runtime/test_nothing_on_import.py``
imports every module in a fresh interpreter and checks). The entry points install the changes:

* **The channels' construction** (``install_server_changes``, called through ``bot.channels.safe_path.prepare``
  by the REST and Teams channels, which ``rasa run`` builds from credentials.yml before it loads the model and
  before Sanic forks any worker).
  Speed only; each decides exactly as Rasa does, which its test checks against Rasa's own function:

  - ``action_calls``: the action server's answer is checked with a schema checker built once, where Rasa
    rebuilt it on every call (64 to 70 ms a custom action); and the **event window**: an action call
    carries the events of the current turn only (at most ``ACTION_EVENTS``), not the whole conversation
    (``actions/__init__.py`` says what an action may read). ``tests/rasa_runtime/test_action_calls.py``;
  - ``classifier_weights``: the intent classifier's weights stored column by column when the model loads
    (scikit-learn copied them on every message). ``tests/rasa_runtime/test_classifier_weights.py``;
  - ``applied_events``: the events that still apply worked out once per event, not from the whole
    conversation many times a turn. ``tests/rasa_runtime/test_applied_events.py``;
  - ``recent_history``: the policies read the last 12 to 24 turns of a long conversation, not all of it.
    ``tests/rasa_runtime/test_recent_history.py`` (end-to-end: every prediction of a replayed long
    conversation).
  - ``button_payloads``: an intent payload ("/unsure") is parsed by the function Rasa's last NLU node would
    have used, without running the pipeline whose every result that node throws away.
    ``tests/rasa_runtime/test_button_payloads.py`` (every payload of domain.yml against Rasa's own parse).

* **The conversation store's construction** (``RedactingSQLTrackerStore``, named in endpoints.yml):
  ``fail_closed``, so the store is not wrapped in Rasa's ``FailSafeTrackerStore``, which starts an empty
  conversation when the database fails and keeps the practitioner's words only in memory; the store handles
  its own failures. ``tests/rasa_runtime/test_fail_closed.py``.

* **The lock store**, when endpoints.scale.yml names it: ``lock_store.SerialRedisLockStore``, a subclass Rasa
  builds (no patch), which takes a conversation's turns one at a time across instances where Rasa's own Redis
  lock store can issue one ticket twice. ``tests/rasa_runtime/test_lock_store.py`` (needs Redis).

* **Rasa's command line as the project runs it** (``python -m bot.rasa_cli``): ``no_reporting``, so no usage
  telemetry and no Sentry crash report leaves the machine. ``tests/test_rasa_cli.py`` (Rasa's own entry point
  sets up Sentry; ours does not).

``CHANGED`` names every attribute of Rasa's that these install functions replace.
"""
from __future__ import annotations

PINNED_RASA = "3.6.21"  # pyproject.toml pins the same; every change here was read against this version

# (module, class or None, attribute): what the install functions replace, and nothing else of Rasa's
CHANGED: tuple[tuple[str, str | None, str], ...] = (
    ("rasa.core.actions.action", "RemoteAction", "_validate_action_result"),
    ("rasa.core.actions.action", "RemoteAction", "_action_call_format"),
    ("rasa.nlu.classifiers.logistic_regression_classifier", "LogisticRegressionClassifier", "load"),
    ("rasa.shared.core.trackers", "DialogueStateTracker", "applied_events"),
    ("rasa.core.processor", "MessageProcessor", "_predict_next_with_tracker"),
    ("rasa.core.processor", "MessageProcessor", "_parse_message_with_graph"),
    ("rasa.core.agent", "Agent", "_create_tracker_store"),
    ("rasa.telemetry", None, "initialize_error_reporting"),
)


class RasaVersionError(RuntimeError):
    """The running Rasa is not the version the changes in ``bot.rasa_runtime`` were written for."""


def require_pinned_rasa() -> None:
    """Refuse to go on unless the running Rasa is ``PINNED_RASA``; the one version check, called by every
    install function before it changes anything."""
    from rasa.version import __version__

    if __version__ != PINNED_RASA:
        raise RasaVersionError(
            f"this project changes Rasa's internals as they are in Rasa {PINNED_RASA}, but Rasa {__version__} "
            f"is installed: install rasa=={PINNED_RASA} (pyproject.toml), or read every change listed in "
            "bot/rasa_runtime/__init__.py against the new version before changing PINNED_RASA")


def install_server_changes() -> None:
    """The changes the Rasa server runs with (speed only: each decides exactly as Rasa does); idempotent.

    Called when a channel is built: ``rasa run`` builds the channels named in credentials.yml before it loads
    the model and before Sanic forks any worker, so every worker has them."""
    require_pinned_rasa()
    from bot.rasa_runtime import action_calls, applied_events, button_payloads, classifier_weights, recent_history

    action_calls.install()
    classifier_weights.install()
    recent_history.install()
    applied_events.install()
    button_payloads.install()
