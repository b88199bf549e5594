"""python-telegram-bot's own log lines that would carry a practitioner's words, with the words withheld.

Its webhook handler logs the whole body it received, at DEBUG ("Webhook received data: ...") and, for an
update it cannot read, at CRITICAL with the parsed body ("Received data was: ..."). Both are on the
``telegram.ext.Updater`` logger. The filter keeps the lines (an operator needs to know an update was refused)
and replaces the body by its size.
"""
from __future__ import annotations

import logging

LOGGER = "telegram.ext.Updater"
_CARRIES_BODY = ("Webhook received data", "Received data was")


class WithholdUpdateContent(logging.Filter):
    """Replaces the received body in python-telegram-bot's webhook log lines by its length."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        if any(marker in message for marker in _CARRIES_BODY) and record.args:
            size = sum(len(str(arg)) for arg in (record.args if isinstance(record.args, tuple) else (record.args,)))
            record.msg = message.split("%", 1)[0] + f"(withheld: {size} characters)"
            record.args = ()
            record.exc_info = None  # the exception's text can quote the body too
            record.exc_text = None
        return True


def install() -> None:
    """Attach the filter once."""
    logger = logging.getLogger(LOGGER)
    if not any(isinstance(f, WithholdUpdateContent) for f in logger.filters):
        logger.addFilter(WithholdUpdateContent())
