"""Benchmarks of the assistant: ``python bench/run.py`` (``make bench``); see docs/performance.md."""
