"""Each role sees its own pages only; a lead sees only the deployment's organisation's conversations."""
from __future__ import annotations

import pytest

from .conftest import ORG, food_conversation

LEAD_PAGES = ("/conversations", "/transcript?id=conv-1")
TRAINER_PAGES = ("/practice", "/practice.csv")
ADMIN_PAGES = ("/accounts", "/audit")


@pytest.mark.parametrize("role, allowed", [("lead", LEAD_PAGES), ("trainer", TRAINER_PAGES),
                                           ("admin", ADMIN_PAGES)])
def test_each_role_opens_its_pages_and_no_other(review, role, allowed):
    review.conversation("conv-1", food_conversation())
    client = review.logged_in(f"{role}.one", role)
    for path in LEAD_PAGES + TRAINER_PAGES + ADMIN_PAGES:
        reply = client.get(path)
        if path in allowed:
            assert reply.status_code == 200, (role, path)
        else:
            assert reply.status_code == 403, (role, path)
            assert "Your role cannot open this page" in reply.text
            assert "lunchboxes" not in reply.text and "1.3.23" not in reply.text
    assert client.get("/password").status_code == 200


def test_a_trainer_cannot_use_a_leads_forms(review):
    review.conversation("conv-1", food_conversation())
    trainer = review.logged_in("trainer.one", "trainer")
    trainer.get("/practice")
    for path, form in (("/transcript/note", {"id": "conv-1", "note": "hello"}),
                       ("/transcript/status", {"id": "conv-1", "status": "reviewed"}),
                       ("/transcript/export", {"id": "conv-1", "format": "pdf"}),
                       ("/accounts", {"username": "x.y", "role": "admin", "password": "p" * 20,
                                      "password_again": "p" * 20}),
                       ("/accounts/change", {"account": "1", "action": "disable"})):
        reply = trainer.post(path, form)
        assert reply.status_code == 403, path
        assert "%PDF" not in reply.text
    assert review.rows("review_notes") == [] and review.rows("review_status") == []
    assert not [r for r in review.rows("review_audit") if r["action"] in ("view", "export", "annotate")]


def test_the_home_page_is_the_roles_own(review):
    for role, home in (("lead", "/queue"), ("trainer", "/practice"), ("admin", "/accounts")):
        client = review.logged_in(f"{role}.home", role)
        assert client.get("/").headers["location"] == home
        assert client.get("/login").headers["location"] == home


def test_the_navigation_shows_only_the_roles_pages(review):
    lead = review.logged_in("lead.one", "lead")
    page = lead.get("/conversations").text
    assert 'href="/conversations"' in page and 'href="/audit"' not in page and 'href="/practice"' not in page
    trainer = review.logged_in("trainer.one", "trainer")
    page = trainer.get("/practice").text
    assert 'href="/practice"' in page and 'href="/conversations"' not in page and 'href="/accounts"' not in page


def test_a_lead_of_another_organisation_sees_no_conversation(review):
    review.conversation("conv-1", food_conversation())
    outsider = review.logged_in("lead.elsewhere", "lead", organisation="Southshire Council")
    page = outsider.get("/conversations")
    assert page.status_code == 200 and "conv-1" not in page.text and "No conversations match" in page.text
    assert outsider.get("/transcript?id=conv-1").status_code == 404
    outsider.get("/conversations")
    for path, form in (("/transcript/note", {"id": "conv-1", "note": "hello"}),
                       ("/transcript/status", {"id": "conv-1", "status": "reviewed"}),
                       ("/transcript/export", {"id": "conv-1", "format": "markdown"})):
        reply = outsider.post(path, form)
        assert reply.status_code == 404, path
        assert "lunchboxes" not in reply.text
    assert review.rows("review_notes") == [] and review.rows("review_status") == []
    assert not [r for r in review.rows("review_audit") if r["action"] in ("view", "export", "annotate", "status")]
    insider = review.logged_in("lead.here", "lead")
    assert "conv-1" in insider.get("/conversations").text


def test_a_trainer_of_another_organisation_sees_no_practice_results(review):
    outsider = review.logged_in("trainer.elsewhere", "trainer", organisation="Southshire Council")
    assert "No practice results" in outsider.get("/practice").text
    assert outsider.get("/practice.csv").status_code == 404


def test_an_administrator_manages_only_their_organisations_accounts(review):
    review.account("lead.here", "lead")
    admin = review.logged_in("admin.elsewhere", "admin", organisation="Southshire Council")
    page = admin.get("/accounts").text
    assert "lead.here" not in page and "admin.elsewhere" in page
    [lead] = [a for a in review.rows("review_accounts") if a["username"] == "lead.here"]
    reply = admin.post("/accounts/change", {"account": str(lead["id"]), "action": "disable"})
    assert reply.status_code == 404
    assert not [a for a in review.rows("review_accounts") if a["disabled"]]


def test_the_audit_log_shows_only_the_administrators_organisation(review):
    review.conversation("conv-1", food_conversation())
    lead = review.logged_in("lead.here", "lead")
    lead.get("/transcript?id=conv-1")
    here = review.logged_in("admin.here", "admin")
    elsewhere = review.logged_in("admin.elsewhere", "admin", organisation="Southshire Council")
    assert "conv-1" in here.get("/audit").text
    page = elsewhere.get("/audit").text
    assert "conv-1" not in page and "lead.here" not in page
    assert {r["organisation"] for r in review.rows("review_audit") if r["action"] == "view"} == {ORG}
