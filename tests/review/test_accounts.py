"""Administrators manage accounts; the first administrator comes from the command line."""
from __future__ import annotations

import sqlalchemy as sa

from bot.review import cli
from bot.review.tables import Account

from .conftest import ORG, PASSWORD


def test_an_administrator_creates_a_lead_who_can_log_in(review):
    admin = review.logged_in("admin.one", "admin")
    admin.get("/accounts")
    reply = admin.post("/accounts", {"username": "New.Lead", "role": "lead", "password": "a long new password",
                                     "password_again": "a long new password"})
    assert reply.status_code == 303 and reply.headers["location"] == "/accounts?done=created"
    page = admin.get("/accounts?done=created").text
    assert "The account was created" in page and "new.lead" in page
    [row] = [a for a in review.rows("review_accounts") if a["username"] == "new.lead"]
    assert row["organisation"] == ORG and row["role"] == "lead" and row["password_hash"].startswith("scrypt$")
    assert review.client().login("new.lead", "a long new password").headers["location"] == "/queue"
    created = [r["detail"] for r in review.rows("review_audit") if r["action"] == "account-create"]
    assert created == ["new.lead as lead"]


def test_bad_accounts_are_refused_with_the_reason(review):
    admin = review.logged_in("admin.one", "admin")
    for form, reason in (
            ({"username": "x", "role": "lead", "password": "long enough pass", "password_again": "long enough pass"},
             "A username is"),
            ({"username": "ok.name", "role": "lead", "password": "short", "password_again": "short"}, "at least 12"),
            ({"username": "ok.name", "role": "root", "password": "long enough pass",
              "password_again": "long enough pass"}, "A role is"),
            ({"username": "admin.one", "role": "lead", "password": "long enough pass",
              "password_again": "long enough pass"}, "taken"),
            ({"username": "ok.name", "role": "lead", "password": "long enough pass",
              "password_again": "other long pass"}, "not the same")):
        admin.get("/accounts")
        reply = admin.post("/accounts", form)
        assert reply.status_code == 400 and reason in reply.text, form
    assert {a["username"] for a in review.rows("review_accounts")} == {"admin.one"}


def test_disable_enable_and_set_a_password(review):
    lead_id = review.account("lead.one", "lead")
    admin = review.logged_in("admin.one", "admin")
    admin.get("/accounts")
    admin.post("/accounts/change", {"account": str(lead_id), "action": "disable"})
    assert review.client().login("lead.one").status_code == 401
    admin.get("/accounts")
    admin.post("/accounts/change", {"account": str(lead_id), "action": "enable"})
    assert review.client().login("lead.one").status_code == 303
    admin.get("/accounts")
    reply = admin.post("/accounts/change", {"account": str(lead_id), "action": "password",
                                            "password": "a reset passphrase", "password_again": "a reset passphrase"})
    assert reply.status_code == 303
    assert review.client().login("lead.one").status_code == 401
    assert review.client().login("lead.one", "a reset passphrase").status_code == 303
    actions = [(r["action"], r["detail"]) for r in review.rows("review_audit") if r["action"].startswith("account-")]
    assert actions == [("account-disable", "lead.one"), ("account-enable", "lead.one"),
                       ("account-password", "lead.one")]


def test_an_administrator_cannot_disable_themselves(review):
    admin_id = review.account("admin.one", "admin")
    admin = review.client()
    admin.login("admin.one")
    admin.get("/accounts")
    reply = admin.post("/accounts/change", {"account": str(admin_id), "action": "disable"})
    assert reply.status_code == 400 and "your own account" in reply.text


def test_create_admin_from_the_command_line(review, monkeypatch, capsys):
    monkeypatch.setenv("BOT_REVIEW_ADMIN_PASSWORD", PASSWORD)
    code = cli.main(["create-admin", "First.Admin", "--organisation", ORG, "--database-url", review.url])
    assert code == 0 and "created admin account 'first.admin'" in capsys.readouterr().out
    assert review.client().login("first.admin").headers["location"] == "/accounts"
    with review.engine.connect() as connection:
        row = connection.execute(sa.select(Account.role, Account.organisation)
                                 .where(Account.username == "first.admin")).one()
    assert tuple(row) == ("admin", ORG)
    assert cli.main(["create-admin", "first.admin", "--organisation", ORG, "--database-url", review.url]) == 2
    assert "taken" in capsys.readouterr().err


def test_create_admin_without_a_password_says_how_to_give_one(review, monkeypatch, capsys):
    monkeypatch.delenv("BOT_REVIEW_ADMIN_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert cli.main(["create-admin", "first.admin", "--organisation", ORG, "--database-url", review.url]) == 2
    assert "BOT_REVIEW_ADMIN_PASSWORD" in capsys.readouterr().err


def test_a_weak_admin_password_is_refused(review, monkeypatch, capsys):
    monkeypatch.setenv("BOT_REVIEW_ADMIN_PASSWORD", "short")
    assert cli.main(["create-admin", "first.admin", "--organisation", ORG, "--database-url", review.url]) == 2
    assert "at least 12" in capsys.readouterr().err


def test_the_group_is_dispatched():
    from bot.__main__ import GROUPS

    assert GROUPS["review"][0] == "bot.review.cli"
