"""Rasa uses a conversation store that handles its own failures as it is, not inside ``FailSafeTrackerStore``.

``Agent._create_tracker_store`` (rasa/core/agent.py) wraps every tracker store in ``FailSafeTrackerStore``,
which answers a failed read with an empty conversation and a failed save by keeping the new events in memory
only: the practitioner's observations vanish without a word, and the next message starts from nothing. The
project's store (``bot.transcripts.store.RedactingSQLTrackerStore``) fails closed instead: a failed save goes
to the pending folder and the practitioner is told, a failed read refuses the turn. The wrapper would only
hide that, so a store that says ``handles_its_own_failures`` is used as Rasa built it; every other store
is wrapped exactly as Rasa does.

Installed by the store's own constructor: Rasa builds the tracker store from endpoints.yml before it builds
the ``Agent`` that would wrap it (rasa/core/agent.py, ``load_agent``). ``tests/rasa_runtime/test_fail_closed.py``
compares the result with Rasa's own ``_create_tracker_store``.
"""
from __future__ import annotations

from typing import Any, Dict, Optional

RASAS_OWN: Dict[str, Any] = {}  # the function replaced, for the test that compares with it
HANDLES_ITS_OWN_FAILURES = "handles_its_own_failures"  # the class attribute a store sets to True


def install() -> None:
    """Let Rasa use a store that handles its own failures without the fail-safe wrapper (idempotent); on the
    pinned Rasa only."""
    from rasa.core.agent import Agent
    from rasa.core.tracker_store import TrackerStore
    from rasa.shared.core.domain import Domain

    from bot.rasa_runtime import require_pinned_rasa

    require_pinned_rasa()
    original = Agent._create_tracker_store
    if getattr(original, "fail_closed", False):
        return
    RASAS_OWN["_create_tracker_store"] = original

    def create_tracker_store(store: Optional[TrackerStore], domain: Domain) -> TrackerStore:
        if getattr(store, HANDLES_ITS_OWN_FAILURES, False):
            store.domain = domain  # what Rasa's own does to a store, without the wrapper
            return store
        return original(store, domain)

    create_tracker_store.fail_closed = True  # type: ignore[attr-defined]
    Agent._create_tracker_store = staticmethod(create_tracker_store)  # type: ignore[method-assign]
