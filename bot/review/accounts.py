"""Accounts, logins and login sessions. Every function takes the caller's SQLAlchemy session and a ``now``
(naive UTC); the caller owns the transaction.

Logins slow down password guessing by address, by account from an address and by account everywhere
(``throttle``), so a guesser from one address can neither try every account nor lock a lead out of the lead's
own address. A login is checked in three steps so that no database lock is held while scrypt runs (about a
second): ``begin_login`` reads, ``check_password`` computes, ``finish_login`` writes, looking at the locks again
under the write lock, so two attempts at once cannot both slip under a limit.

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

from bot.review import passwords, throttle
from bot.review.tables import ROLES, Account, WebSession

FREE_ATTEMPTS = throttle.PAIR_FREE
FIRST_LOCK = throttle.FIRST_LOCK
LONGEST_LOCK = throttle.LONGEST_LOCK
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
    throttle.lift_locks(session, account)
    end_sessions_of(session, account.id)


def set_disabled(session: Session, account: Account, disabled: bool) -> None:
    account.disabled = disabled
    if disabled:
        end_sessions_of(session, account.id)
    else:
        throttle.lift_locks(session, account)


# ---------------------------------------------------------------------------- logging in

@dataclass
class LoginResult:
    account: Optional[Account]
    reason: str  # "ok", "unknown", "wrong", "locked", "disabled", "address-locked"
    address_locked_now: bool = False   # this wrong password locked the address
    rehashed: bool = False             # the stored hash had old parameters and was replaced

    @property
    def ok(self) -> bool:
        return self.reason == "ok"


def lock_for(failures: int) -> timedelta:
    """How long an account is locked for an address after this many wrong passwords in a row from there."""
    return throttle.lock_for(failures)


@dataclass(frozen=True)
class LoginAttempt:
    """What ``begin_login`` found: plain values, read before the password is checked."""

    username: str
    address: str
    account_id: Optional[int]
    password_hash: Optional[str]
    address_locked: bool


@dataclass(frozen=True)
class PasswordCheck:
    right: bool
    new_hash: Optional[str] = None   # the password hashed with today's parameters, when the stored hash is old


def begin_login(session: Session, username: str, address: str, now: datetime) -> LoginAttempt:
    """Step 1, reading only: the account, and whether the address is locked for every account."""
    name = username.strip().lower()
    if throttle.address_locked(session, address, now):
        return LoginAttempt(name, address, None, None, address_locked=True)
    account = find_account(session, name) if USERNAME.match(name) else None
    return LoginAttempt(name, address, account.id if account else None,
                        account.password_hash if account else None, address_locked=False)


def check_password(attempt: LoginAttempt, password: str) -> PasswordCheck:
    """Step 2, no database: scrypt, against a dummy hash for an unknown name so that it takes as long."""
    if attempt.address_locked:
        return PasswordCheck(False)
    if len(password) > passwords.MAX_LENGTH:
        password = ""
    if attempt.password_hash is None:
        passwords.dummy_check(password)
        return PasswordCheck(False)
    right = passwords.verify_password(password, attempt.password_hash)
    if right and passwords.needs_rehash(attempt.password_hash):
        return PasswordCheck(True, passwords.hash_password(password))
    return PasswordCheck(right)


def finish_login(session: Session, attempt: LoginAttempt, check: PasswordCheck, now: datetime) -> LoginResult:
    """Step 3, in a writing transaction (``for_writing`` first): the locks again, then the counts."""
    if attempt.address_locked or throttle.address_locked(session, attempt.address, now, lock=True):
        return LoginResult(None, "address-locked")
    account = session.get(Account, attempt.account_id, with_for_update=True) if attempt.account_id else None
    if account is None:
        return LoginResult(None, "unknown", address_locked_now=throttle.address_failed(session, attempt.address, now))
    if account.password_hash != attempt.password_hash:   # changed while the password was checked: try again
        return LoginResult(account, "wrong")
    if throttle.account_locked(session, account, attempt.address, now, lock=True):
        locked_now = False if check.right else throttle.address_failed(session, attempt.address, now)
        return LoginResult(account, "locked", address_locked_now=locked_now)
    if not check.right:
        throttle.account_failed(session, account, attempt.address, now)
        return LoginResult(account, "wrong", address_locked_now=throttle.address_failed(session, attempt.address, now))
    if account.disabled:
        return LoginResult(account, "disabled")
    throttle.account_succeeded(session, account, attempt.address, now)
    if check.new_hash:
        account.password_hash = check.new_hash
    return LoginResult(account, "ok", rehashed=bool(check.new_hash))


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
