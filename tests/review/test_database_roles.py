"""The review app runs under its own PostgreSQL role (``python -m bot transcripts roles``): it starts without
running any DDL, a lead reads, annotates, marks and exports, and its role still cannot delete a note.

Against the PostgreSQL server on this machine, in a schema and with roles made for the test.
"""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.review.conftest import Review, food_conversation
from tests.transcripts.databases import database_roles, postgres_schema


@pytest.fixture
def review_as_its_role(tmp_path, monkeypatch):
    for name in ("BOT_DATABASE_URL", "BOT_TRACKER_DB", "BOT_REVIEW_DB", "BOT_PRACTICE_DB", "BOT_ORGANISATION"):
        monkeypatch.delenv(name, raising=False)
    from bot.transcripts.database import create_engine

    with postgres_schema() as url, database_roles(url) as urls:
        owner = create_engine(urls["owner"])
        made = Review(url=urls["review"], engine=owner, practice_url=f"sqlite:///{tmp_path / 'practice.db'}")
        try:
            made.build()
            yield made
        finally:
            made.close()


def test_a_lead_works_through_the_app_under_the_review_role(review_as_its_role):
    app = review_as_its_role
    app.conversation("conv-food", food_conversation())
    lead = app.logged_in("lena", "lead")
    assert lead.get("/transcript?id=conv-food").status_code == 200
    assert lead.post("/transcript/note", {"id": "conv-food", "note": "Spoke to the class teacher."}
                     ).status_code == 303
    lead.get("/transcript?id=conv-food")
    assert lead.post("/transcript/status", {"id": "conv-food", "status": "reviewed"}).status_code == 303
    lead.get("/transcript?id=conv-food")
    assert lead.post("/transcript/export", {"id": "conv-food", "format": "markdown"}).status_code == 200
    assert [n["text"] for n in app.rows("review_notes")] == ["Spoke to the class teacher."]
    assert {r["action"] for r in app.rows("review_audit")} >= {"login", "view", "annotate", "status", "export"}
    with pytest.raises(sa.exc.ProgrammingError, match="permission denied"):
        with app.app.ctx.databases.review() as session, session.begin():
            session.execute(sa.text("DELETE FROM review_notes"))
