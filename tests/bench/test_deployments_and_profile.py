"""The benchmark's deployments (bench/deployments.py) and the profile's attribution of samples to the parts
of a turn (bench/profile_breakdown.py): pure logic, no servers."""
from __future__ import annotations

from pathlib import Path

import yaml

from bench import deployments, profile_breakdown
from bench.deployments import ONE_WORKER, TWO_WORKERS


def test_without_section_drops_only_that_block() -> None:
    text = "a:\n  x: 1\n\n# about b\nevent_broker:\n  type: pika\n  queues:\n    - q\n\nc:\n  y: 2\n"
    assert deployments.without_section(text, "event_broker") == "a:\n  x: 1\n\n# about b\nc:\n  y: 2\n"


def test_ours_on_two_workers_is_the_scale_out_file_without_the_event_broker() -> None:
    ours = yaml.safe_load(deployments.ours_endpoints(TWO_WORKERS))
    assert "event_broker" not in ours
    assert ours["lock_store"]["type"] == "bot.rasa_runtime.lock_store.SerialRedisLockStore"
    assert ours["tracker_store"]["type"] == "bot.transcripts.store.RedactingSQLTrackerStore"
    assert "lock_store" not in yaml.safe_load(deployments.ours_endpoints(ONE_WORKER))


def test_stock_gets_rasas_own_stores_of_the_same_kinds() -> None:
    one = yaml.safe_load(deployments.stock_endpoints(ONE_WORKER, sqlite_path=Path("/tmp/s.db"),
                                                     database_url="postgresql://127.0.0.1:5432/postgres",
                                                     redis_host="127.0.0.1"))
    assert one == {"tracker_store": {"type": "SQL", "dialect": "sqlite", "db": "/tmp/s.db"}}
    two = yaml.safe_load(deployments.stock_endpoints(TWO_WORKERS, sqlite_path=Path("/tmp/s.db"),
                                                     database_url="postgresql://bench@db:5433/postgres",
                                                     redis_host="redis"))
    assert two["tracker_store"] == {"type": "SQL", "dialect": "postgresql", "url": "db", "port": 5433,
                                    "db": deployments.STOCK_DATABASE, "username": "bench"}
    assert two["lock_store"]["type"] == "redis" and two["lock_store"]["url"] == "redis"
    assert two["lock_store"]["db"] != 1  # not ours (endpoints.scale.yml uses db 1)


def test_database_url_for_changes_only_the_database() -> None:
    assert deployments.database_url_for("postgresql://u@h:5432/postgres", "x") == "postgresql://u@h:5432/x"


SITE = "/v/lib/python3.10/site-packages"
LOOP = 'process 1:"python";thread (0x1): MainThread;run_forever (/py/asyncio/base_events.py:603)'


def stack(*frames: str, thread: str = LOOP) -> str:
    return ";".join([thread, *frames])


def test_spacy_counts_for_whoever_called_it() -> None:
    mapper = stack(f"process (/p/bot/observations/rasa_component.py:1)", f"map (/p/bot/observations/mapper.py:9)",
                   f"__call__ ({SITE}/spacy/language.py:1)")
    redaction = stack(f"save (/p/bot/transcripts/store.py:1)", f"redact (/p/bot/redaction/engine.py:5)",
                      f"__call__ ({SITE}/spacy/language.py:1)")
    assert profile_breakdown.part_of(mapper.split(";")) == "NLU: observation mapper, spaCy parsing"
    assert profile_breakdown.part_of(redaction.split(";")).startswith("redaction")


def test_idle_threads_are_left_out_and_the_event_loop_is_told_apart() -> None:
    lines = [
        stack(f"predict ({SITE}/rasa/core/policies/rule_policy.py:1)") + " 30",
        stack("_worker (/py/concurrent/futures/thread.py:81)",
              thread='process 1:"python";thread (0x2): transcripts_0') + " 500",
        stack(f"do_execute ({SITE}/sqlalchemy/engine/default.py:736)",
              thread='process 1:"python";thread (0x2): transcripts_0') + " 20",
        stack("serve (" + SITE + "/sanic/server/runners.py:155)") + " 400",
        "not a stack line",
    ]
    result = profile_breakdown.breakdown(lines, rate=100)
    assert result.loop == {"policies and the tracker state they read": 30}
    assert result.threads == {"conversation store reads and writes": 20}
    ms = result.ms_per_turn(turns=10)
    assert ms["policies and the tracker state they read"] == (30.0, 0.0)  # 30 samples at 100/s over 10 turns


def test_store_threads_time_is_split_into_lock_waits_connections_and_queries() -> None:
    store = 'process 1:"python";thread (0x2): transcripts_0;_write (/p/bot/transcripts/store.py:610)'
    lines = [
        f"{store};_on_begin (/p/bot/transcripts/database.py:131);"
        f"do_execute ({SITE}/sqlalchemy/engine/default.py:736) 6",
        f"{store};connect ({SITE}/sqlalchemy/pool/base.py:1);_on_connect (/p/bot/transcripts/database.py:107) 4",
        f"{store};do_execute ({SITE}/sqlalchemy/engine/default.py:736) 2",
        f"{store};do_commit ({SITE}/sqlalchemy/engine/default.py:686) 1",
    ]
    assert profile_breakdown.store_steps(lines, rate=1000, turns=1) == {
        "waiting for SQLite's write lock (BEGIN IMMEDIATE)": 6.0,
        "opening a database connection (connect, PRAGMAs)": 4.0,
        "commit (the write reaching the disk)": 1.0,
        "queries and rows": 2.0,
    }
