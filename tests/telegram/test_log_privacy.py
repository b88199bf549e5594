"""python-telegram-bot's webhook log lines keep their meaning and lose the practitioner's words."""
from __future__ import annotations

import logging

from bot.telegram import log_privacy


def test_the_body_of_an_unreadable_update_is_withheld(caplog):
    log_privacy.install()
    log_privacy.install()  # once only
    logger = logging.getLogger(log_privacy.LOGGER)
    assert sum(isinstance(f, log_privacy.WithholdUpdateContent) for f in logger.filters) == 1
    caplog.set_level(logging.DEBUG, logger=log_privacy.LOGGER)
    body = {"update_id": 1, "message": {"text": "Mum Sarah Jones hits him"}}
    try:
        raise ValueError(f"cannot read {body}")
    except ValueError as error:
        logger.critical("Something went wrong processing the data received from Telegram. Received data was "
                        "*not* processed! Received data was: %r", body, exc_info=error)
    logger.debug("Webhook received data: %s", str(body))
    logger.debug("Webhook Server started.")
    assert "Sarah" not in caplog.text and "hits him" not in caplog.text
    assert "Received data was" in caplog.text and "withheld" in caplog.text
    assert "Webhook Server started." in caplog.text
