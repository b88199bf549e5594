"""PostgreSQL roles: the chatbot, the review app and the retention purge each get only what they need.

With one role for everything, the internet-facing Rasa process could write a login session into
``review_sessions`` and so log in to the review app as an administrator, drop or replace the triggers that
keep notes and the audit log append-only, or ``TRUNCATE`` them (which skips row triggers). Three roles, none
of which owns a table, fix that:

============  ==================================================================================================
``chat``      Rasa and the action server: read and add events, keep the conversation records, add practice
              results. Nothing of the review app's.
``review``    the review app: read the conversations; its accounts, login sessions and review status; add
              notes and audit rows (never change or delete one). The alert service (``bot.alerts``) uses it
              too: it reads the events, keeps its outbox and adds audit rows.
``retention`` ``python -m bot transcripts purge``: read and delete conversations, their notes, review status
              and alerts, and practice results. The notes' trigger lets this role, and it alone, delete.
============  ==================================================================================================

The tables belong to a fourth role, their owner (the one that created them, which runs ``sql``); it is never
given to a server. ``sql`` is idempotent: run it again after adding a table or changing a name. It refuses to
finish when one of the three roles has the owner's rights over a table or the schema (a superuser, the
table's or the database's owner), since such a role could drop the triggers whatever it is granted.

    python -m bot transcripts roles --print-sql          # the script, to read or run with psql
    python -m bot transcripts roles --apply              # create the tables and run it (as their owner)
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from sqlalchemy.engine import Engine

NAME_RE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
DEFAULTS = {"chat": "safeguarding_bot", "review": "safeguarding_review", "retention": "safeguarding_retention"}

# table -> role -> privileges. What is not here is not granted (REVOKE ALL comes first): no role may
# TRUNCATE, add triggers or references, and nobody but the owner may alter or drop anything.
PRIVILEGES: dict[str, dict[str, str]] = {
    "events": {"chat": "SELECT, INSERT", "review": "SELECT", "retention": "SELECT, DELETE"},
    "conversation_records": {"chat": "SELECT, INSERT, UPDATE", "review": "SELECT",
                             "retention": "SELECT, DELETE"},
    "conversation_findings": {"chat": "SELECT, INSERT, UPDATE", "review": "SELECT",
                              "retention": "SELECT, DELETE"},
    "review_accounts": {"review": "SELECT, INSERT, UPDATE"},
    "review_sessions": {"review": "SELECT, INSERT, UPDATE, DELETE"},
    "review_login_throttle": {"review": "SELECT, INSERT, UPDATE, DELETE"},
    "review_status": {"review": "SELECT, INSERT, UPDATE", "retention": "SELECT, DELETE"},
    "review_notes": {"review": "SELECT, INSERT", "retention": "SELECT, DELETE"},
    "review_audit": {"review": "SELECT, INSERT"},
    # the alert service (python -m bot alerts) runs as the review app's role: it reads the events and writes
    # the audit log as the app does
    "lead_alerts": {"review": "SELECT, INSERT, UPDATE", "retention": "SELECT, DELETE"},
    "lead_alert_cursor": {"review": "SELECT, INSERT, UPDATE"},
    # the action server adds results (and reads back the new row's id); trainers read them in the review app
    "practice_results": {"chat": "INSERT, SELECT (id)", "review": "SELECT", "retention": "SELECT, DELETE"},
}
# serial ids: who inserts rows needs the sequence
SEQUENCES: dict[str, str] = {"events": "chat", "review_accounts": "review", "review_notes": "review",
                             "review_audit": "review", "lead_alerts": "review", "practice_results": "chat"}
APPEND_ONLY = ("review_notes", "review_audit")
PURGED_NOTES = "review_notes"


class RolesError(RuntimeError):
    """The script failed; the message is PostgreSQL's (which right is missing, which role owns what)."""


@dataclass(frozen=True)
class Roles:
    chat: str = DEFAULTS["chat"]
    review: str = DEFAULTS["review"]
    retention: str = DEFAULTS["retention"]

    def __post_init__(self) -> None:
        names = [self.chat, self.review, self.retention]
        bad = [n for n in names if not NAME_RE.match(n)]
        if bad:
            raise ValueError(f"role names are lower-case letters, digits and _ (not {', '.join(map(repr, bad))})")
        if len(set(names)) != 3:
            raise ValueError("the chatbot, the review app and the retention purge need three different roles")

    def name(self, job: str) -> str:
        return getattr(self, job)

    def all(self) -> str:
        return ", ".join(f'"{n}"' for n in (self.chat, self.review, self.retention))


def sql(roles: Roles) -> str:
    """The script, for the database that holds the tables (those missing from it are skipped)."""
    parts = [_HEADER, _create_roles(roles), _schema(roles)]
    parts += [_table(table, grants, roles) for table, grants in PRIVILEGES.items()]
    parts += [_append_only(roles), _no_owner_rights(roles)]
    return "\n\n".join(parts) + "\n"


_HEADER = """\
-- Database roles of the safeguarding assistant (python -m bot transcripts roles; docs/transcripts.md).
-- Run as the owner of the tables, in their database, with the search_path that finds them."""


def _create_roles(roles: Roles) -> str:
    lines = [f"  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '{n}') THEN "
             f'CREATE ROLE "{n}" LOGIN; END IF;' for n in (roles.chat, roles.review, roles.retention)]
    return ("-- 1. The roles, when missing: they log in; give each a password (\\password NAME in psql).\n"
            "DO $roles$ BEGIN\n" + "\n".join(lines) + "\nEND $roles$;")


def _schema(roles: Roles) -> str:
    return ("-- 2. The schema: each role may use it; none may create anything in it.\n"
            "DO $schema$ BEGIN\n"
            f"  EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM PUBLIC, {roles.all()}', current_schema());\n"
            f"  EXECUTE format('GRANT USAGE ON SCHEMA %I TO {roles.all()}', current_schema());\n"
            "END $schema$;")


def _table(table: str, grants: dict[str, str], roles: Roles) -> str:
    lines = [f"  IF to_regclass('{table}') IS NOT NULL THEN",
             f"    REVOKE ALL ON {table} FROM PUBLIC, {roles.all()};"]
    lines += [f'    GRANT {privileges} ON {table} TO "{roles.name(job)}";' for job, privileges in grants.items()]
    if table in SEQUENCES:
        lines += [f"    EXECUTE format('GRANT USAGE ON SEQUENCE %s TO %I', "
                  f"pg_get_serial_sequence('{table}', 'id'), '{roles.name(SEQUENCES[table])}');"]
    lines.append("  END IF;")
    return f"-- {table}\nDO $grants$ BEGIN\n" + "\n".join(lines) + "\nEND $grants$;"


def _append_only(roles: Roles) -> str:
    triggers = []
    for table in APPEND_ONLY:
        triggers += [f"  IF to_regclass('{table}') IS NOT NULL THEN",
                     f"    CREATE OR REPLACE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                     f"FOR EACH ROW EXECUTE FUNCTION review_append_only();",
                     f"    CREATE OR REPLACE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                     f"FOR EACH STATEMENT EXECUTE FUNCTION review_append_only();",
                     "  END IF;"]
    return (
        "-- 3. Notes and the audit log are append-only: no UPDATE, no DELETE, no TRUNCATE, except that the\n"
        "--    retention role deletes the notes of a conversation past the retention period.\n"
        "CREATE OR REPLACE FUNCTION review_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$\n"
        "BEGIN\n"
        f"  IF TG_OP = 'DELETE' AND TG_TABLE_NAME = '{PURGED_NOTES}'\n"
        f"     AND pg_catalog.pg_has_role(current_user, '{roles.retention}', 'MEMBER') THEN\n"
        "    RETURN OLD;\n"
        "  END IF;\n"
        "  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;\n"
        "END $fn$;\n"
        "DO $triggers$ BEGIN\n" + "\n".join(triggers) + "\nEND $triggers$;")


def _no_owner_rights(roles: Roles) -> str:
    tables = ", ".join(f"to_regclass('{t}')" for t in PRIVILEGES)
    names = ", ".join(f"'{n}'" for n in (roles.chat, roles.review, roles.retention))
    return (
        "-- 4. None of the three may have the owner's rights over a table or the schema: such a role could drop\n"
        "--    the triggers and truncate the tables whatever it was granted.\n"
        "DO $check$ DECLARE found text; BEGIN\n"
        "  SELECT r.rolname || ' has the rights of the owner of ' || c.relname INTO found\n"
        "    FROM pg_catalog.pg_class c, pg_catalog.pg_roles r\n"
        f"   WHERE c.oid = ANY (ARRAY[{tables}])\n"
        f"     AND r.rolname IN ({names}) AND pg_catalog.pg_has_role(r.oid, c.relowner, 'USAGE') LIMIT 1;\n"
        "  IF found IS NULL THEN\n"
        "    SELECT r.rolname || ' has the rights of the owner of the schema ' || n.nspname INTO found\n"
        "      FROM pg_catalog.pg_namespace n, pg_catalog.pg_roles r\n"
        f"     WHERE n.nspname = current_schema() AND r.rolname IN ({names})\n"
        "       AND pg_catalog.pg_has_role(r.oid, n.nspowner, 'USAGE') LIMIT 1;\n"
        "  END IF;\n"
        "  IF found IS NOT NULL THEN RAISE EXCEPTION 'database roles: %', found; END IF;\n"
        "END $check$;")


TABLE_SETS = ("all", "conversations", "review")


def apply(engine: Engine, roles: Roles, tables: str = "all") -> None:
    """Create the tables where missing (``tables``: all, or only the conversations' or the review app's, for a
    review app with a database of its own), then run ``sql``: one transaction, as the tables' owner."""
    if engine.dialect.name != "postgresql":
        raise ValueError("database roles are for PostgreSQL; SQLite has no roles (protect the file instead)")
    if tables not in TABLE_SETS:
        raise ValueError(f"tables must be one of {TABLE_SETS}")
    from bot.alerts.outbox import create_tables as create_alert_tables
    from bot.review.tables import create_tables as create_review_tables
    from bot.scenarios.results import metadata as practice_metadata
    from bot.transcripts.database import create_missing_tables, create_tables

    if tables in ("all", "conversations"):
        create_tables(engine)
        create_alert_tables(engine)   # the alert service's outbox, beside the events it reads
        create_missing_tables(practice_metadata, engine)
    if tables in ("all", "review"):
        create_review_tables(engine)
    try:
        with engine.begin() as connection:
            cursor = connection.connection.cursor()   # the driver's own: the script's % signs are not parameters
            try:
                cursor.execute(sql(roles))
            finally:
                cursor.close()
    except engine.dialect.dbapi.Error as error:
        raise RolesError(str(error).strip().splitlines()[0]) from error


def describe(roles: Optional[Roles] = None) -> str:
    roles = roles or Roles()
    return f"chatbot {roles.chat}, review app {roles.review}, retention {roles.retention}"
