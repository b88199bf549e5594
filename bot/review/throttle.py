"""Slowing down password guessing without letting a guesser lock a lead out.

A lock on the account alone lets anyone who knows a lead's username keep the lead out by typing wrong
passwords; a lock on the address alone lets one address try a few passwords on every account. So three
counts, each with its own lock, keep each other honest:

===========================  ================================================================================
the address                  wrong passwords (and unknown names) from one address, on any account: after
                             ``ADDRESS_FREE`` the address is locked for a minute, doubling up to an hour;
                             the count starts again after an hour with no wrong password from there. One
                             address can no longer try a few passwords on every account.
the account from an address  wrong passwords for one account from one address: after ``PAIR_FREE`` that
                             address is locked for that account for 30 seconds, doubling up to 15 minutes.
                             The lead's own address has a count of its own, which a guesser elsewhere never
                             touches.
the account, everywhere      wrong passwords for the account from all addresses (``Account.failed_logins``):
                             after ``ACCOUNT_FREE`` the account is locked the same way, but only for addresses
                             it has not logged in from in the last ``FAMILIAR_FOR``. Guessing from many
                             addresses is slowed down, and the lead still gets in from the usual place.
===========================  ================================================================================

A right password resets the counts of its account (here and everywhere), never the address's count, so a
guesser with an account of their own cannot clear their address by logging in. During a lock a right password
is refused too, and the person is told only that the name, the password or a lock stopped them. An address
locked for everything is refused before any password is checked, and those refusals are not written to the
audit log (the lock's start is), so a locked address costs the server nothing and cannot flood the log.

An IPv6 address is counted by its /64 network, which one host can usually choose addresses from. Rows
untouched for ``KEEP_FOR`` are deleted at the next login (``forget_old``); the addresses are kept no longer.
Functions take the caller's session and a ``now`` (naive UTC); the caller owns the transaction, and on
PostgreSQL the rows are read ``FOR UPDATE`` so that two attempts at once are counted one after the other.
"""
from __future__ import annotations

import ipaddress
from datetime import datetime, timedelta
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.review.tables import Account, LoginThrottle

ADDRESS_FREE = 30
ADDRESS_FIRST_LOCK = timedelta(minutes=1)
ADDRESS_LONGEST_LOCK = timedelta(hours=1)
ADDRESS_QUIET = timedelta(hours=1)       # an address's count starts again after this long without a failure
PAIR_FREE = 5
ACCOUNT_FREE = 20
FIRST_LOCK = timedelta(seconds=30)
LONGEST_LOCK = timedelta(minutes=15)
FAMILIAR_FOR = timedelta(days=30)
KEEP_FOR = timedelta(days=31)
ADDRESS, PAIR = "address", "pair"


def lock_for(failures: int, free: int = PAIR_FREE, first: timedelta = FIRST_LOCK,
             longest: timedelta = LONGEST_LOCK) -> timedelta:
    """How long a lock lasts after this many failures: none before ``free``, then ``first``, doubling."""
    if failures < free:
        return timedelta(0)
    return min(first * (2 ** min(failures - free, 30)), longest)


def address_key(address: str) -> str:
    """The address as counted: IPv4 as is, an IPv4-mapped IPv6 address as IPv4, other IPv6 by its /64."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return (address.strip() or "unknown")[:64]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _row(session: Session, kind: str, username: str, address: str, now: datetime, create: bool,
         lock: bool) -> Optional[LoginThrottle]:
    row = session.get(LoginThrottle, (kind, username, address), with_for_update=lock or None)
    if row is not None or not create:
        return row
    try:
        with session.begin_nested():   # another attempt may add the same row at the same moment
            row = LoginThrottle(kind=kind, username=username, address=address, failures=0, last_at=now)
            session.add(row)
    except IntegrityError:
        row = session.get(LoginThrottle, (kind, username, address), with_for_update=True, populate_existing=True)
    return row


def _locked(row: Optional[LoginThrottle], now: datetime) -> bool:
    return row is not None and row.locked_until is not None and now < row.locked_until


# ---------------------------------------------------------------------------- reading (before the password)

def address_locked(session: Session, address: str, now: datetime, lock: bool = False) -> bool:
    return _locked(_row(session, ADDRESS, "", address_key(address), now, create=False, lock=lock), now)


def account_locked(session: Session, account: Account, address: str, now: datetime, lock: bool = False) -> bool:
    """Is this account locked for this address: by its own count here, or everywhere and this place is new?"""
    key = address_key(address)
    pair = _row(session, PAIR, account.username, key, now, create=False, lock=lock)
    if _locked(pair, now):
        return True
    if account.locked_until is None or now >= account.locked_until:
        return False
    familiar = pair is not None and pair.logged_in_at is not None and now - pair.logged_in_at <= FAMILIAR_FOR
    return not familiar


# ---------------------------------------------------------------------------- writing (after the password)

def address_failed(session: Session, address: str, now: datetime) -> bool:
    """Count a wrong password (or unknown name) from the address; True when this one locked it."""
    row = _row(session, ADDRESS, "", address_key(address), now, create=True, lock=True)
    if row.last_failure_at is not None and now - row.last_failure_at > ADDRESS_QUIET and not _locked(row, now):
        row.failures = 0
    row.failures += 1
    row.last_failure_at = row.last_at = now
    wait = lock_for(row.failures, ADDRESS_FREE, ADDRESS_FIRST_LOCK, ADDRESS_LONGEST_LOCK)
    row.locked_until = now + wait if wait else None
    return bool(wait)


def account_failed(session: Session, account: Account, address: str, now: datetime) -> None:
    """Count a wrong password for the account, from this address and everywhere."""
    pair = _row(session, PAIR, account.username, address_key(address), now, create=True, lock=True)
    pair.failures += 1
    pair.last_failure_at = pair.last_at = now
    wait = lock_for(pair.failures, PAIR_FREE)
    pair.locked_until = now + wait if wait else None
    account.failed_logins = (account.failed_logins or 0) + 1
    wait = lock_for(account.failed_logins, ACCOUNT_FREE)
    account.locked_until = now + wait if wait else None


def account_succeeded(session: Session, account: Account, address: str, now: datetime) -> None:
    """A right password: the account's counts start again, and this address becomes a familiar one."""
    pair = _row(session, PAIR, account.username, address_key(address), now, create=True, lock=True)
    pair.failures, pair.locked_until = 0, None
    pair.logged_in_at = pair.last_at = now
    account.failed_logins, account.locked_until = 0, None


def lift_locks(session: Session, account: Account) -> None:
    """An administrator's enable or new password: the account's locks end, here and at every address."""
    account.failed_logins, account.locked_until = 0, None
    session.execute(sa.update(LoginThrottle)
                    .where(LoginThrottle.kind == PAIR, LoginThrottle.username == account.username)
                    .values(failures=0, locked_until=None)
                    .execution_options(synchronize_session=False))


def forget_old(session: Session, now: datetime) -> int:
    """Delete the rows untouched for ``KEEP_FOR``: counts, locks and familiar addresses are kept no longer."""
    result = session.execute(sa.delete(LoginThrottle).where(LoginThrottle.last_at < now - KEEP_FOR)
                             .execution_options(synchronize_session=False))
    return result.rowcount or 0
