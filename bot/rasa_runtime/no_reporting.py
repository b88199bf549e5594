"""Nothing leaves the machine for Rasa's servers: no usage telemetry, no crash reports.

* **Usage telemetry.** Rasa sends usage events to its analytics service whenever the machine's
  ``~/.config/rasa/global.yml`` says so, which ``rasa`` writes as "enabled" the first time it runs.
  ``RASA_TELEMETRY_ENABLED=false`` wins over that file (rasa/telemetry.py, ``is_telemetry_enabled``), and
  every process Rasa starts inherits it.
* **Crash reports.** ``rasa``'s entry point sets up Sentry with the key shipped inside Rasa whatever the
  telemetry setting (rasa/telemetry.py, ``initialize_error_reporting``, checks no switch), so an uncaught
  error would send its message and stack, which can quote a practitioner's words, to sentry.io. That set-up
  is replaced by one that does nothing.

Installed by ``python -m bot.rasa_cli``, the only way the project starts Rasa (``tests/test_launch_scripts.py``
checks the Makefile and scripts). ``tests/test_rasa_cli.py`` runs Rasa's own entry point and ours on a machine
whose Rasa configuration says telemetry is enabled: Rasa's sets Sentry up and reports telemetry on, ours
neither.
"""
from __future__ import annotations

import os
from typing import Any, Dict

RASAS_OWN: Dict[str, Any] = {}  # the function replaced


def install() -> None:
    """Usage telemetry and crash reports off for this process and every process it starts; on the pinned Rasa
    only (``initialize_error_reporting`` was read in that version)."""
    import rasa.telemetry

    from bot.rasa_runtime import require_pinned_rasa

    require_pinned_rasa()
    os.environ["RASA_TELEMETRY_ENABLED"] = "false"
    if rasa.telemetry.initialize_error_reporting is not _no_error_reporting:
        RASAS_OWN["initialize_error_reporting"] = rasa.telemetry.initialize_error_reporting
        rasa.telemetry.initialize_error_reporting = _no_error_reporting  # type: ignore[assignment]


def _no_error_reporting() -> None:
    """Stands in for rasa.telemetry.initialize_error_reporting: no Sentry, so no crash leaves the machine."""
