"""Accounts, logins and login sessions. Every function takes the caller's SQLAlchemy session and a ``now``
(naive UTC); the caller owns the transaction.

Logins slow down password guessing per account: after ``FREE_ATTEMPTS`` wrong passwords in a row the account
is locked for 30 seconds, doubling with each further wrong password up to 15 minutes; a right password during
the lock is refused too, and the person is told only that the name, the password or a lock stopped them.

A login session is a random 32-byte token in an HttpOnly, SameSite=Strict cookie; the database keeps its
SHA-256, so a copy of the table logs nobody in. It ends after ``Settings.session_minutes`` without a request
(idle) or ``Settings.session_hours`` after the login (absolute), at logout, and when the account is disabled
or its password changed.
"""
from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.review import passwords
from bot.review.tables import ROLES, Account, WebSession

FREE_ATTEMPTS = 5
FIRST_LOCK = timedelta(seconds=30)
LONGEST_LOCK = timedelta(minutes=15)
TOUCH_EVERY = timedelta(seconds=30)   # last_seen_at is written at most this often
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
ORGANISATION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._&'-]{0,99}$")


class AccountError(ValueError):
    """An account could not be created or changed; the message says why, for the person asking."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------- accounts

def create_account(session: Session, username: str, organisation: str, role: str, password: str,
                   now: datetime) -> Account:
    username = username.strip().lower()
    organisation = organisation.strip()
    problems = []
    if not USERNAME.match(username):
        problems.append("A username is 2 to 64 lower-case letters, digits, '.', '_' or '-'.")
    if not ORGANISATION.match(organisation):
        problems.append("An organisation is 1 to 100 letters, digits, spaces and . _ & ' -.")
    if role not in ROLES:
        problems.append(f"A role is one of: {', '.join(ROLES)}.")
    problems += passwords.password_problems(password, username)
    if not problems and find_account(session, username) is not None:
        problems.append("That username is taken.")
    if problems:
        raise AccountError(" ".join(problems))
    account = Account(username=username, organisation=organisation, role=role,
                      password_hash=passwords.hash_password(password), created_at=now, disabled=False,
                      failed_logins=0, password_changed_at=now)
    session.add(account)
    session.flush()
    return account


def find_account(session: Session, username: str) -> Optional[Account]:
    return session.scalars(sa.select(Account).where(Account.username == username.strip().lower())).one_or_none()


def accounts_of(session: Session, organisation: str) -> list[Account]:
    return list(session.scalars(sa.select(Account).where(Account.organisation == organisation)
                                .order_by(Account.username)))


def set_password(session: Session, account: Account, password: str, now: datetime) -> None:
    problems = passwords.password_problems(password, account.username)
    if problems:
        raise AccountError(" ".join(problems))
    account.password_hash = passwords.hash_password(password)
    account.password_changed_at = now
    account.failed_logins, account.locked_until = 0, None
    end_sessions_of(session, account.id)


def set_disabled(session: Session, account: Account, disabled: bool) -> None:
    account.disabled = disabled
    if disabled:
        end_sessions_of(session, account.id)


# ---------------------------------------------------------------------------- logging in

@dataclass
class LoginResult:
    account: Optional[Account]
    reason: str  # "ok", "unknown", "wrong", "locked", "disabled"

    @property
    def ok(self) -> bool:
        return self.reason == "ok"


def lock_for(failures: int) -> timedelta:
    """How long the account is locked after this many wrong passwords in a row."""
    if failures < FREE_ATTEMPTS:
        return timedelta(0)
    return min(FIRST_LOCK * (2 ** (failures - FREE_ATTEMPTS)), LONGEST_LOCK)


def authenticate(session: Session, username: str, password: str, now: datetime) -> LoginResult:
    """Check a login; counts wrong passwords and locks the account as ``lock_for`` says."""
    if len(password) > passwords.MAX_LENGTH:
        password = ""
    account = find_account(session, username) if USERNAME.match(username.strip().lower()) else None
    if account is None:
        passwords.dummy_check(password)
        return LoginResult(None, "unknown")
    right = passwords.verify_password(password, account.password_hash)
    if account.locked_until is not None and now < account.locked_until:
        return LoginResult(account, "locked")
    if not right:
        account.failed_logins = (account.failed_logins or 0) + 1
        wait = lock_for(account.failed_logins)
        account.locked_until = now + wait if wait else None
        return LoginResult(account, "wrong")
    if account.disabled:
        return LoginResult(account, "disabled")
    account.failed_logins, account.locked_until = 0, None
    if passwords.needs_rehash(account.password_hash):
        account.password_hash = passwords.hash_password(password)
    return LoginResult(account, "ok")


# ---------------------------------------------------------------------------- sessions

def start_session(session: Session, account: Account, now: datetime) -> tuple[str, WebSession]:
    """A new login session; returns the token for the cookie (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    web_session = WebSession(token_hash=token_hash(token), account_id=account.id,
                             csrf_token=secrets.token_urlsafe(32), created_at=now, last_seen_at=now)
    session.add(web_session)
    return token, web_session


@dataclass
class Current:
    """The logged-in account and its session, as a request sees them (plain values, no ORM objects)."""

    account_id: int
    username: str
    organisation: str
    role: str
    csrf_token: str
    token_hash: str


def current(session: Session, token: str, now: datetime, idle: timedelta, absolute: timedelta
            ) -> tuple[Optional[Current], str]:
    """The session for a cookie's token, and why there is none ("none", "expired", "disabled")."""
    if not token or len(token) > 100:
        return None, "none"
    row = session.get(WebSession, token_hash(token))
    if row is None:
        return None, "none"
    account = session.get(Account, row.account_id)
    if now - row.last_seen_at > idle or now - row.created_at > absolute:
        session.delete(row)
        return None, "expired"
    if account is None or account.disabled:
        session.delete(row)
        return None, "disabled"
    if now - row.last_seen_at > TOUCH_EVERY:
        row.last_seen_at = now
    return Current(account.id, account.username, account.organisation, account.role, row.csrf_token,
                   row.token_hash), "ok"


def end_session(session: Session, token_hash_: str) -> None:
    session.execute(sa.delete(WebSession).where(WebSession.token_hash == token_hash_))


def end_sessions_of(session: Session, account_id: int) -> None:
    session.execute(sa.delete(WebSession).where(WebSession.account_id == account_id))


def purge_expired(session: Session, now: datetime, idle: timedelta, absolute: timedelta) -> int:
    result = session.execute(sa.delete(WebSession).where(
        sa.or_(WebSession.last_seen_at < now - idle, WebSession.created_at < now - absolute)))
    return result.rowcount or 0
