"""The databases the review app uses, opened once when the app starts (never at import time).

* the conversations: ``bot.transcripts`` (``conversation_records``, ``conversation_findings``) and Rasa's
  ``events``, which the app only reads; the transcripts' own tables are created when missing, Rasa's never;
* the app's own tables (``tables``): in the conversations' database unless ``BOT_REVIEW_DB`` names another;
* practice results (``bot.scenarios.results``), opened on the first trainer's request.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from bot.review.settings import Settings


@dataclass
class Databases:
    conversations: sessionmaker
    review: sessionmaker
    same: bool                                   # the app's tables are in the conversations' database
    practice_url: Optional[str] = None
    engines: list[Engine] = field(default_factory=list)

    def practice(self) -> sessionmaker:
        from bot.scenarios.results import session_factory

        return session_factory(self.practice_url)

    def dispose(self) -> None:
        for engine in self.engines:
            engine.dispose()


def open_databases(settings: Settings) -> Databases:
    from bot.review.tables import create_tables
    from bot.transcripts.database import create_engine, create_missing_tables, database_url
    from bot.transcripts.records import metadata as records_metadata

    conversations = create_engine(settings.database_url or database_url())
    create_missing_tables(records_metadata, conversations)
    engines = [conversations]
    review = conversations
    if settings.review_database_url:
        review = create_engine(settings.review_database_url)
        engines.append(review)
    create_tables(review)
    # objects stay readable after their session closes: pages are rendered from them outside the thread
    return Databases(conversations=sessionmaker(conversations, future=True, expire_on_commit=False),
                     review=sessionmaker(review, future=True, expire_on_commit=False),
                     same=review is conversations, practice_url=settings.practice_database_url, engines=engines)
