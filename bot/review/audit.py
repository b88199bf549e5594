"""The audit log: who viewed, annotated or exported which conversation, and who changed which account.

Rows are only ever added (``record``); the app has no page or function that edits or deletes one, and the
database refuses it (``tables``). ``detail`` holds fixed words and ids (``pdf``, ``status reviewed``, a role),
never what anybody typed. Administrators read the log of their own organisation (``entries``).
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.review.tables import AuditEntry

ACTIONS = {
    "view": "viewed the transcript",
    "annotate": "added a note",
    "status": "changed the review status",
    "export": "exported the concern record",
    "login": "logged in",
    "login-refused": "was refused a login",
    "logout": "logged out",
    "account-create": "created an account",
    "account-disable": "disabled an account",
    "account-enable": "enabled an account",
    "account-password": "set an account's password",
    "password-change": "changed their own password",
    "password-rehash": "had their password's hash renewed at login (stronger scrypt parameters)",
    "cohort-view": "viewed practice results",
    "cohort-export": "exported practice results",
    "alert-queued": "queued an alert to the leads",
    "alert-sent": "sent an alert to the leads",
    "alert-failed": "could not send an alert yet (it is tried again)",
    "picture-export": "downloaded the termly picture",
}


def record(session: Session, *, username: str, organisation: str, action: str, now: datetime,
           account_id: Optional[int] = None, sender_id: Optional[str] = None,
           detail: Optional[str] = None) -> AuditEntry:
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    entry = AuditEntry(at=now, account_id=account_id, username=username[:64], organisation=organisation[:100],
                       action=action, sender_id=sender_id, detail=(detail or None) and detail[:255])
    session.add(entry)
    return entry


def entries(session: Session, organisation: str, *, action: Optional[str] = None,
            sender_id: Optional[str] = None, username: Optional[str] = None, limit: int = 100,
            offset: int = 0) -> list[AuditEntry]:
    """The organisation's audit rows, newest first."""
    query = sa.select(AuditEntry).where(AuditEntry.organisation == organisation)
    if action:
        query = query.where(AuditEntry.action == action)
    if sender_id:
        query = query.where(AuditEntry.sender_id == sender_id)
    if username:
        query = query.where(AuditEntry.username == username.strip().lower())
    query = query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).offset(offset).limit(limit)
    return list(session.scalars(query))
