"""bot.rasa_runtime.fail_closed against Rasa's own ``Agent._create_tracker_store``: the conversation store is used
as built, where Rasa would wrap it in ``FailSafeTrackerStore``; every other store is wrapped as Rasa does."""
from __future__ import annotations

from pathlib import Path

import pytest
from rasa.core.agent import Agent
from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore
from rasa.shared.core.domain import Domain

from bot.rasa_runtime import fail_closed
from bot.transcripts import log_filter


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from bot.transcripts.store import RedactingSQLTrackerStore

    monkeypatch.delenv("BOT_DATABASE_URL", raising=False)
    monkeypatch.setenv("BOT_PENDING_DIR", str(tmp_path / "pending"))
    built = RedactingSQLTrackerStore(domain=Domain.empty(), host=f"sqlite:///{tmp_path / 'conversations.db'}",
                                     retry_pending_every=60)
    yield built
    built.engine.dispose()
    log_filter.uninstall()  # the store puts the redacting log filter on; other tests must not inherit it


def rasas_own(store, domain):
    own = fail_closed.RASAS_OWN.get("_create_tracker_store", Agent._create_tracker_store)
    assert not getattr(own, "fail_closed", False), "Rasa's own function to compare with"
    return own(store, domain)


def test_building_the_store_installs_it(store) -> None:
    assert getattr(Agent._create_tracker_store, "fail_closed", False)


def test_the_store_is_used_as_built_where_rasa_would_wrap_it(store) -> None:
    domain = Domain.from_yaml('version: "3.1"\nintents: [greet]')
    assert isinstance(rasas_own(store, domain), FailSafeTrackerStore)
    assert Agent._create_tracker_store(store, domain) is store and store.domain is domain


@pytest.mark.parametrize("other", [None, "in memory"])
def test_other_stores_are_wrapped_as_rasa_does(store, other) -> None:
    domain = Domain.empty()
    given = InMemoryTrackerStore(domain) if other else None
    ours, rasas = Agent._create_tracker_store(given, domain), rasas_own(given, domain)
    assert type(ours) is type(rasas) is FailSafeTrackerStore
    assert type(ours._tracker_store) is type(rasas._tracker_store) is InMemoryTrackerStore
