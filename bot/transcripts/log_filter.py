"""A logging filter that redacts personal details from every record it sees.

Rasa's debug logs print what the user typed (the parsed message, the tracker's events), and an exception's
message can quote data. ``RedactingFilter`` replaces a record's message and arguments by the redacted, fully
formatted message, and redacts the formatted traceback and stack too. ``install()``, called when the
conversation store is created, puts it on every handler already configured (Rasa's console and ``--log-file``
handlers are made before the store) and on the project's and Rasa's loggers.

Cost: a record with a capital letter goes through spaCy (a few milliseconds, more for a long debug dump), so
DEBUG logging is slower with the filter on; at the default INFO level few records are written. A handler added
after the store was created is not covered: call ``install()`` again after adding one.
"""
from __future__ import annotations

import logging
import re
import threading
from typing import Iterable

LOGGERS = ("rasa", "rasa_sdk", "bot", "actions", "sanic", "sqlalchemy", "asyncio")
_MARK = "_bot_redacted"
WITHHELD = "[log record withheld: it could not be redacted]"
_busy = threading.local()

# Code, not people. Identifiers are kept out of redaction, so that a log still says which class and which
# action: snake_case words, CamelCase words with two inner capitals ("RedactingSQLTrackerStore"), a code suffix
# ("EpollSelector", "ValueError") or a first part that is no given name ("UserUtterance"), and a few words
# Rasa's debug lines start with. "McDonald", "DeShawn" or "MaryAnn" are not protected; nor is any word inside
# an email address.
_TOKEN_RE = re.compile(r"(?<![\w\[])[A-Za-z_]\w*(?![\w\]])")
_CODE_SUFFIXES = ("Error", "Exception", "Warning", "Store", "Selector", "Policy", "Action", "Channel", "Input",
                  "Output", "Component", "Featurizer", "Classifier", "Extractor", "Tokenizer", "Tracker", "Event",
                  "Broker", "Endpoint", "Config", "Pool", "Engine", "Session", "Filter", "Handler", "Loop",
                  "Runner", "Graph", "Node", "Domain", "Message", "Dispatcher", "Executor", "Task", "Future")
LOG_WORDS = frozenset({"Node", "None", "True", "False", "Logged", "Predicted", "Tracker"})
# The fixed lines of a formatted traceback: where the error happened, in the code, not what the data was.
_TRACEBACK_LINE_RE = re.compile(
    r"^(?:Traceback \(most recent call last\):|  File \"[^\"]*\", line \d+(?:, in \S+)?"
    r"|During handling of the above exception, another exception occurred:"
    r"|The above exception was the direct cause of the following exception:|Stack \(most recent call last\):)$")
_EXCEPTION_NAME_RE = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Warning|Exit|Interrupt)): ")
_ESCAPED_NEWLINE_RE = re.compile(r"(\\n)")  # a newline inside a JSON or repr string in the message
_PROTECTED_RE = re.compile("\ue000(\\d+)\ue001")


def is_code(word: str) -> bool:
    """Is this word an identifier from the program rather than possibly a person's name?"""
    from bot.redaction.patterns import AMBIGUOUS_NAMES, GIVEN_NAMES

    if word in LOG_WORDS or ("_" in word and any(c.isalpha() for c in word)):
        return True
    inner = [i for i, c in enumerate(word) if i and c.isupper()]
    if not inner or word.isupper():
        return False
    if len(inner) >= 2 or word.endswith(_CODE_SUFFIXES):
        return True
    first = word[:inner[0]].lower()
    return len(first) >= 4 and first not in GIVEN_NAMES and first not in AMBIGUOUS_NAMES


def redact_log_text(text: str) -> str:
    """Redact a log message or traceback, keeping identifiers and the traceback's own lines.

    The text is redacted a line at a time (and a JSON line at each escaped newline), so the many lines that
    repeat from one turn to the next come from the cache.
    """
    out, code_line = [], False
    for line in text.split("\n"):
        if _TRACEBACK_LINE_RE.match(line):
            out.append(line)
            code_line = line.startswith("  File ")
        elif code_line and line.startswith("    "):  # the source line under "File ...": the program's text
            out.append(line)
            code_line = False
        else:
            out.append("".join(part if part == "\\n" else _redact_piece(part)
                               for part in _ESCAPED_NEWLINE_RE.split(line)))
            code_line = False
    return "\n".join(out)


def _redact_piece(piece: str) -> str:
    from bot.redaction.patterns import EMAIL_RE
    from bot.transcripts.event_redaction import redacted_text

    if not piece.strip():
        return piece
    prefix = ""
    named = _EXCEPTION_NAME_RE.match(piece)
    if named:  # "ValueError: ..." keeps the exception's name
        prefix, piece = named.group(0), piece[named.end():]
    emails = [m.span() for m in EMAIL_RE.finditer(piece)]
    kept: list[str] = []

    def protect(match: re.Match[str]) -> str:
        start, end = match.span()
        if not is_code(match.group(0)) or any(s < end and start < e for s, e in emails):
            return match.group(0)
        kept.append(match.group(0))
        return f"\ue000{len(kept) - 1}\ue001"

    redacted = redacted_text(_TOKEN_RE.sub(protect, piece))
    if kept:
        redacted = _PROTECTED_RE.sub(lambda m: kept[int(m.group(1))], redacted)
    return prefix + redacted


class RedactingFilter(logging.Filter):
    """Redacts each record's message (with its arguments merged in), traceback and stack; never drops one."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, _MARK, False):
            return True
        if getattr(_busy, "active", False):  # logged by the redaction itself (spaCy's warnings): not redactable
            record.msg, record.args, record.exc_info, record.exc_text = (WITHHELD, (), None, None)
            return True
        _busy.active = True
        try:
            try:
                message = record.getMessage()
            except Exception:  # a record whose arguments do not fit its format: keep both, redacted
                message = f"{record.msg} {record.args!r}"
            record.msg, record.args = redact_log_text(message), ()
            if record.exc_info and not record.exc_text:
                record.exc_text = logging.Formatter().formatException(record.exc_info)
            if record.exc_text:
                record.exc_text = redact_log_text(record.exc_text)
            if record.stack_info:
                record.stack_info = redact_log_text(record.stack_info)
            setattr(record, _MARK, True)
        except Exception:  # never lose a log line over redaction; say that it could not be redacted
            record.msg, record.args, record.exc_info, record.exc_text = (WITHHELD, (), None, None)
            setattr(record, _MARK, True)
        finally:
            _busy.active = False
        return True


FILTER = RedactingFilter()


def install(logger_names: Iterable[str] = LOGGERS) -> RedactingFilter:
    """Put the filter on every configured handler and on the named loggers (adding it twice does nothing)."""
    loggers = [logging.getLogger()] + [logger for logger in logging.root.manager.loggerDict.values()
                                        if isinstance(logger, logging.Logger)]
    for logger in loggers:
        for handler in logger.handlers:
            handler.addFilter(FILTER)
    for name in logger_names:
        logging.getLogger(name).addFilter(FILTER)
    return FILTER


def uninstall() -> None:
    """Take the filter off again (tests)."""
    loggers = [logging.getLogger()] + [logger for logger in logging.root.manager.loggerDict.values()
                                        if isinstance(logger, logging.Logger)]
    for logger in loggers:
        logger.removeFilter(FILTER)
        for handler in logger.handlers:
            handler.removeFilter(FILTER)
