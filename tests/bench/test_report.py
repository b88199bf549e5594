"""The benchmark's arithmetic and page writing (bench/report.py): ratios, targets, and the tables written
between the markers of docs/performance.md without touching the rest of the page. No servers are started."""
from __future__ import annotations

import pytest

from bench import report
from bench.report import BEGIN, END


@pytest.mark.parametrize("value, kind, text", [
    (1.06, "rate", "1.06×"),
    (0.8, "rate", "0.80×"),
    (1.57, "time", "1.57× (slower)"),
    (0.64, "time", "0.64× (faster)"),
    (1.0, "time", "1.00×"),
    (1.19, "size", "1.19× (larger)"),
    (None, "time", ""),
])
def test_ratio_text_says_which_way(value, kind, text) -> None:
    assert report.ratio_text(value, kind) == text


def test_ratio_is_ours_over_stock_and_none_when_missing() -> None:
    assert report.ratio(30.0, 20.0) == 1.5
    assert report.ratio(None, 20.0) is None
    assert report.ratio(30.0, 0.0) is None


def _level(turns_per_s: float, p95: float, errors: int = 0) -> dict:
    return {"turns_per_s": turns_per_s, "p95_ms": p95, "p50_ms": p95 / 2, "errors": errors}


def _results(ours_10: float, stock_10: float, ours_p95: float, stock_p95: float) -> dict:
    assistant = lambda tps, p95: {  # noqa: E731
        "levels": {"1": _level(15, 60), "10": _level(tps, p95), "50": _level(tps, p95 * 4)},
        "long": {"late_over_early": 1.2}, "memory_peak_bytes": 2.0e9, "cold_start": {"first_answer_s": 15.0}}
    return {"deployments": {"two-workers-postgresql": {"title": "two", "ours": assistant(ours_10, ours_p95),
                                                       "stock": assistant(stock_10, stock_p95)}}}


def test_throughput_target_is_one_and_a_half_times_stock_in_the_same_deployment() -> None:
    met = {t["target"]: t["met"] for t in report.targets(_results(30.0, 20.0, 500, 600))}
    assert met["turns/s, 10 concurrent conversations"] is True
    assert met["p95, 10 concurrent conversations"] is True
    missed = {t["target"]: t["met"] for t in report.targets(_results(29.9, 20.0, 601, 600))}
    assert missed["turns/s, 10 concurrent conversations"] is False
    assert missed["p95, 10 concurrent conversations"] is False


def test_a_target_not_measured_is_neither_met_nor_missed() -> None:
    results = _results(30.0, 20.0, 500, 600)
    del results["deployments"]["two-workers-postgresql"]["stock"]["levels"]["50"]
    rows = {t["target"]: t for t in report.targets(results)}
    assert rows["turns/s, 50 concurrent conversations"]["met"] is None
    assert rows["long conversation, median turn 301–400 ÷ turns 1–100"]["met"] is True


def test_like_for_like_table_puts_each_deployments_ratio_beside_its_figures() -> None:
    table = report.like_for_like_table(_results(30.0, 20.0, 500, 1000))
    row = next(line for line in table if line.startswith("| turns/s, 10 concurrent"))
    assert row == "| turns/s, 10 concurrent conversations | 30.0 | 20.0 | 1.50× |"
    row = next(line for line in table if line.startswith("| p95, 10 concurrent"))
    assert row == "| p95, 10 concurrent | 500 ms | 1000 ms | 0.50× (faster) |"


def test_generated_text_replaces_only_what_lies_between_the_markers() -> None:
    page = f"# Performance\n\nWritten by hand.\n\n{BEGIN}\n\nold tables\n\n{END}\n\n## How to reproduce\n"
    updated = report.with_generated(page, "new tables")
    assert updated == f"# Performance\n\nWritten by hand.\n\n{BEGIN}\n\nnew tables\n\n{END}\n\n## How to reproduce\n"
    assert report.with_generated(updated, "new tables") == updated


def test_a_page_without_markers_gets_them_at_its_end() -> None:
    updated = report.with_generated("# Performance\n\nWritten by hand.\n", "tables")
    assert updated == f"# Performance\n\nWritten by hand.\n\n{BEGIN}\n\ntables\n\n{END}\n"


def test_database_figures_are_per_stored_practitioner_turn() -> None:
    activity = {"commits": 40, "rows_inserted": 150, "rows_updated": 10, "rows_deleted": 99, "rows_fetched": 400,
                "user_turns": 20, "event_bytes_avg": 311.6}
    assert report.database_per_turn(activity) == ("2.0 transactions, 8.0 rows written, 20 rows read; "
                                                  "312 bytes an event")
    assert report.database_per_turn({"user_turns": 0}) == ""
    assert report.database_per_turn(None) == ""
