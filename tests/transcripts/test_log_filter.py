"""The logging filter: a record's message, arguments, traceback and stack are redacted; nothing is dropped."""
from __future__ import annotations

import io
import logging

import pytest

from bot.transcripts import log_filter
from bot.transcripts.log_filter import RedactingFilter

SENTENCE = "His mum Sarah Jones rang on 07700 900123 from 12 Acacia Avenue, LS6 2QP"
RAW = ("Sarah", "Jones", "07700 900123", "Acacia", "LS6 2QP")


@pytest.fixture
def logged():
    """A logger writing to a string, with the filter on its handler."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    handler.addFilter(RedactingFilter())
    logger = logging.getLogger("tests.transcripts.log_filter")
    logger.handlers, logger.propagate, logger.level = [handler], False, logging.DEBUG
    yield logger, stream
    logger.handlers, logger.propagate = [], True


def assert_clean(text: str) -> None:
    assert not [raw for raw in RAW if raw in text], text


def test_message_and_arguments(logged):
    logger, stream = logged
    logger.debug("parsed %s with %r", SENTENCE, {"text": SENTENCE})
    logger.info(SENTENCE)
    out = stream.getvalue()
    assert_clean(out)
    assert out.count("[NAME]") >= 2 and "[PHONE]" in out and "[POSTCODE]" in out
    assert out.startswith("DEBUG parsed His mum [NAME] rang on [PHONE]")


def test_tracebacks_and_stacks(logged):
    logger, stream = logged
    try:
        raise ValueError(f"could not parse {SENTENCE!r}")
    except ValueError:
        logger.exception("failed")
    logger.warning("where", stack_info=True, extra={"unused": SENTENCE})
    out = stream.getvalue()
    assert "Traceback (most recent call last):" in out and "ValueError: could not parse" in out
    assert 'raise ValueError(f"could not parse {SENTENCE!r}")' in out, "the program's own lines stay"
    assert_clean(out)


def test_code_names_survive_but_names_that_look_like_code_do_not(logged):
    logger, stream = logged
    logger.info("Connected to RedactingSQLTrackerStore using EpollSelector and TEDPolicy")
    logger.info("Mrs McDonald and DeShawn came in")
    out = stream.getvalue()
    assert "Connected to RedactingSQLTrackerStore using EpollSelector and TEDPolicy" in out
    assert "McDonald" not in out and "DeShawn" not in out


def test_a_record_whose_arguments_do_not_fit_is_kept_redacted(logged):
    logger, stream = logged
    logger.info("two %s %s", SENTENCE)
    out = stream.getvalue()
    assert "two" in out and "[NAME]" in out
    assert_clean(out)


def test_a_record_is_redacted_once(logged):
    logger, stream = logged
    second = logging.StreamHandler(io.StringIO())
    second.addFilter(RedactingFilter())
    logger.addHandler(second)
    record = logger.makeRecord(logger.name, logging.INFO, __file__, 1, "Sarah says %s", ("hi",), None)
    assert RedactingFilter().filter(record) and record.getMessage() == "[NAME] says hi"
    assert RedactingFilter().filter(record) and record.getMessage() == "[NAME] says hi"


def test_install_covers_configured_handlers_and_rasas_loggers():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    root = logging.getLogger()
    root.addHandler(handler)
    level = root.level
    root.setLevel(logging.DEBUG)
    try:
        log_filter.install()
        assert log_filter.FILTER in handler.filters
        assert log_filter.FILTER in logging.getLogger("rasa").filters
        log_filter.install()  # twice is once
        assert handler.filters.count(log_filter.FILTER) == 1
        logging.getLogger("rasa.core.processor").debug("Received user message '%s'", SENTENCE)
        assert "Received user message" in stream.getvalue()
        assert_clean(stream.getvalue())
    finally:
        log_filter.uninstall()
        root.removeHandler(handler)
        root.setLevel(level)
    assert log_filter.FILTER not in handler.filters
    assert log_filter.FILTER not in logging.getLogger("rasa").filters


def test_the_store_installs_the_filter(store):
    assert log_filter.FILTER in logging.getLogger("rasa").filters
