"""Is this a production deployment or a local one? One switch, ``BOT_DEPLOYMENT``, read the same way everywhere.

Some protections cannot have a safe default that also suits a developer's machine: who may talk to the bot
(the Telegram users and Teams tenants on an allow-list) is known only to the organisation deploying it. On a
developer's machine the bot answers anyone, with a warning; with ``BOT_DEPLOYMENT=production`` a missing
allow-list stops the start-up with a plain message instead, so a live bot can never be open to the public by
omission.

Only ``production`` and ``local`` (the default, when unset or empty) are accepted: anything else is a
settings problem, so a typo such as ``prod`` or ``Production `` cannot quietly mean "local".
"""
from __future__ import annotations

from typing import Mapping

ENV_DEPLOYMENT = "BOT_DEPLOYMENT"
PRODUCTION = "production"
LOCAL = "local"


class DeploymentError(ValueError):
    """``BOT_DEPLOYMENT`` has a value other than ``production`` or ``local``."""


def deployment(environ: Mapping[str, str]) -> str:
    """``production`` or ``local``; raises ``DeploymentError`` for anything else."""
    value = (environ.get(ENV_DEPLOYMENT) or "").strip()
    if not value:
        return LOCAL
    if value not in (PRODUCTION, LOCAL):
        raise DeploymentError(f"{ENV_DEPLOYMENT} must be {PRODUCTION!r} or {LOCAL!r} (got {value!r})")
    return value


def is_production(environ: Mapping[str, str]) -> bool:
    """Whether ``BOT_DEPLOYMENT`` says production; raises ``DeploymentError`` for an unknown value."""
    return deployment(environ) == PRODUCTION
