"""Keeps the full-text index in step with the stories table, in the same transaction.

SQLite: a contentless FTS5 table ``story_fts`` (rowid = story id) over folded text.
PostgreSQL: ``story_search`` with a ``tsvector`` of the folded text (title weighted A).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session

from storage.folding import fold


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def index_story(session: Session, story_id: int, title: str | None, text: str) -> None:
    folded_title, folded_body = fold(title or ""), fold(text)
    if _dialect(session) == "sqlite":
        session.execute(
            sa.text("INSERT INTO story_fts(rowid, title, body) VALUES (:id, :title, :body)"),
            {"id": story_id, "title": folded_title, "body": folded_body},
        )
    else:
        session.execute(
            sa.text(
                "INSERT INTO story_search(story_id, document) VALUES (:id, "
                "setweight(to_tsvector('simple', :title), 'A') || to_tsvector('simple', :body)) "
                "ON CONFLICT (story_id) DO UPDATE SET document = EXCLUDED.document"
            ),
            {"id": story_id, "title": folded_title, "body": folded_body},
        )


def unindex_story(session: Session, story_id: int, title: str | None, text: str) -> None:
    """Remove a story's entry; SQLite's contentless table needs the old values to do it."""
    if _dialect(session) == "sqlite":
        session.execute(
            sa.text(
                "INSERT INTO story_fts(story_fts, rowid, title, body) "
                "VALUES ('delete', :id, :title, :body)"
            ),
            {"id": story_id, "title": fold(title or ""), "body": fold(text)},
        )
    else:
        session.execute(sa.text("DELETE FROM story_search WHERE story_id = :id"), {"id": story_id})


def reindex_story(
    session: Session,
    story_id: int,
    old_title: str | None,
    old_text: str,
    new_title: str | None,
    new_text: str,
) -> None:
    unindex_story(session, story_id, old_title, old_text)
    index_story(session, story_id, new_title, new_text)
