"""The review app's own tables, in their own ``MetaData``, beside the conversations (or in ``BOT_REVIEW_DB``).

``review_accounts``  one row per person: username, organisation, role, scrypt hash, when created, disabled,
                     and the failed-login count and lock that slow down password guessing;
``review_sessions``  server-side login sessions: the SHA-256 of the cookie's random token (the token itself is
                     never stored), the form token (CSRF), when it started and was last used;
``review_login_throttle``  wrong-password counts and locks by address and by account and address, and when an
                     account last logged in from an address (``throttle``); rows go after 31 days untouched;
``review_status``    a conversation's review status (``reviewed`` or ``open``), who set it and when;
``review_notes``     a lead's notes on a conversation: append-only, timestamped, signed with the account;
``review_audit``     who viewed, annotated or exported which conversation, and account changes: append-only.

Notes and audit rows are never updated or deleted by the app (there is no code path that does), and database
triggers refuse an ``UPDATE`` or ``DELETE`` on them, on SQLite and on PostgreSQL alike (and a ``TRUNCATE`` on
PostgreSQL). Only the retention purge deletes notes, with the conversation they are about. Times are naive UTC,
as in ``bot.transcripts``. Rasa's ``events`` table is read through ``EVENTS``, a read-only description of the
columns the app needs, in a ``MetaData`` that is never created.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import declarative_base

from bot.transcripts.database import create_missing_tables

ROLES = ("lead", "trainer", "admin")
ROLE_NAMES = {"lead": "Safeguarding lead", "trainer": "Trainer", "admin": "Administrator"}
STATUSES = ("open", "reviewed")
APPEND_ONLY = ("review_notes", "review_audit")

metadata = sa.MetaData()
Base = declarative_base(metadata=metadata)


class Account(Base):
    __tablename__ = "review_accounts"

    id = sa.Column(sa.Integer, primary_key=True)
    username = sa.Column(sa.String(64), nullable=False, unique=True)
    organisation = sa.Column(sa.String(100), nullable=False, index=True)
    role = sa.Column(sa.String(16), nullable=False)
    password_hash = sa.Column(sa.String(255), nullable=False)
    created_at = sa.Column(sa.DateTime, nullable=False)
    disabled = sa.Column(sa.Boolean, nullable=False, default=False)
    failed_logins = sa.Column(sa.Integer, nullable=False, default=0)
    locked_until = sa.Column(sa.DateTime)
    password_changed_at = sa.Column(sa.DateTime)


class WebSession(Base):
    __tablename__ = "review_sessions"

    token_hash = sa.Column(sa.String(64), primary_key=True)
    account_id = sa.Column(sa.Integer, sa.ForeignKey(Account.id), nullable=False, index=True)
    csrf_token = sa.Column(sa.String(64), nullable=False)
    created_at = sa.Column(sa.DateTime, nullable=False)
    last_seen_at = sa.Column(sa.DateTime, nullable=False)


class LoginThrottle(Base):
    """Counts that slow down password guessing (``throttle``): one row an address (``username`` empty), one row
    an account and address; the addresses are kept 31 days at most."""

    __tablename__ = "review_login_throttle"

    kind = sa.Column(sa.String(8), primary_key=True)             # "address" or "pair"
    username = sa.Column(sa.String(64), primary_key=True)        # "" for an address's own row
    address = sa.Column(sa.String(64), primary_key=True)         # IPv4, or an IPv6 /64
    failures = sa.Column(sa.Integer, nullable=False, default=0)
    last_failure_at = sa.Column(sa.DateTime)
    locked_until = sa.Column(sa.DateTime)
    logged_in_at = sa.Column(sa.DateTime)                        # the account's last login from here
    last_at = sa.Column(sa.DateTime, nullable=False)


class Review(Base):
    __tablename__ = "review_status"

    sender_id = sa.Column(sa.String(255), primary_key=True)
    status = sa.Column(sa.String(16), nullable=False)
    reviewed_by = sa.Column(sa.String(64), nullable=False)
    account_id = sa.Column(sa.Integer, sa.ForeignKey(Account.id), nullable=False)
    at = sa.Column(sa.DateTime, nullable=False)


class Note(Base):
    __tablename__ = "review_notes"

    id = sa.Column(sa.Integer, primary_key=True)
    sender_id = sa.Column(sa.String(255), nullable=False, index=True)
    account_id = sa.Column(sa.Integer, sa.ForeignKey(Account.id), nullable=False)
    author = sa.Column(sa.String(64), nullable=False)        # the account's username: the signature
    author_role = sa.Column(sa.String(16), nullable=False)
    at = sa.Column(sa.DateTime, nullable=False)
    text = sa.Column(sa.Text, nullable=False)                # redacted before it is stored


class AuditEntry(Base):
    __tablename__ = "review_audit"

    id = sa.Column(sa.Integer, primary_key=True)
    at = sa.Column(sa.DateTime, nullable=False, index=True)
    account_id = sa.Column(sa.Integer)                       # None for a login attempt with an unknown name
    username = sa.Column(sa.String(64), nullable=False)
    organisation = sa.Column(sa.String(100), nullable=False, index=True)
    action = sa.Column(sa.String(32), nullable=False)
    sender_id = sa.Column(sa.String(255), index=True)
    detail = sa.Column(sa.String(255))                       # fixed words and ids only, never what was typed


# ---- append-only: triggers refuse UPDATE and DELETE on the notes and the audit log ---------------------------
# Each is attached to its table's creation, so it runs once, by the role that creates (and so owns) the tables:
# the app's start-up under a role of its own, which may not change functions or triggers, runs no DDL at all
# (docs/transcripts.md, "Database roles"). On PostgreSQL a statement trigger refuses TRUNCATE too, which skips
# row triggers; ``bot.transcripts.roles`` replaces the function with one that lets the retention role, and it
# alone, delete notes. On SQLite, where anyone who can open the file can drop a trigger, the retention purge
# lifts the DELETE trigger inside its own transaction (``bot.transcripts.retention``).

def sqlite_trigger(table: str, verb: str) -> str:
    """The SQLite trigger that refuses ``verb`` (UPDATE or DELETE) on ``table``."""
    return (f"CREATE TRIGGER IF NOT EXISTS {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")


PG_FUNCTION = (
    "DO $do$ BEGIN IF to_regproc('review_append_only') IS NULL THEN "
    "CREATE FUNCTION review_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$fn$ BEGIN RAISE EXCEPTION '%% is append-only', TG_TABLE_NAME; END $fn$; END IF; END $do$")


def pg_triggers(table: str) -> list[str]:
    """PostgreSQL: each row's UPDATE and DELETE, and any TRUNCATE, go through ``review_append_only``."""
    return [f"CREATE OR REPLACE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION review_append_only()",
            f"CREATE OR REPLACE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION review_append_only()"]


for _name in APPEND_ONLY:
    _created = metadata.tables[_name]
    for _verb in ("UPDATE", "DELETE"):
        sa.event.listen(_created, "after_create", sa.DDL(sqlite_trigger(_name, _verb)).execute_if(dialect="sqlite"))
    sa.event.listen(_created, "after_create", sa.DDL(PG_FUNCTION).execute_if(dialect="postgresql"))
    for _statement in pg_triggers(_name):
        sa.event.listen(_created, "after_create", sa.DDL(_statement).execute_if(dialect="postgresql"))


# ---- Rasa's events: read only (never created, never written from here) --------------------------------------
EVENTS = sa.Table(
    "events", sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255)),
    sa.Column("type_name", sa.String(255)),
    sa.Column("timestamp", sa.Float),
    sa.Column("data", sa.Text),
)


def create_tables(engine: sa.engine.Engine) -> None:
    """The app's tables and their triggers, where missing."""
    create_missing_tables(metadata, engine)
