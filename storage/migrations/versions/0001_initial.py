"""Stories, appearances, crawl runs and the full-text index.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("canonical_url", sa.String, nullable=False, index=True),
        sa.Column("source", sa.String, nullable=False, index=True),
        sa.Column("title", sa.String),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False, index=True),
        sa.Column("published", _TS, index=True),
        sa.Column("published_utcoffset", sa.Integer),
        sa.Column("date_source", sa.String, nullable=False),
        sa.Column("modified", _TS),
        sa.Column("language", sa.String(8), index=True),
        sa.Column("authors", sa.JSON, nullable=False),
        sa.Column("description", sa.Text),
        sa.Column("image", sa.String),
        sa.Column("tags", sa.JSON, nullable=False),
        sa.Column("section", sa.String),
        sa.Column("first_seen", _TS, nullable=False, index=True),
        sa.Column("last_seen", _TS, nullable=False),
        sa.Column("updated", _TS, nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    )
    op.create_table(
        "appearances",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id"), nullable=False, index=True),
        sa.Column("url", sa.String, nullable=False, unique=True),
        sa.Column("source", sa.String, nullable=False),
        sa.Column("first_seen", _TS, nullable=False),
        sa.Column("last_seen", _TS, nullable=False),
    )
    op.create_table(
        "crawl_runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source", sa.String, nullable=False, index=True),
        sa.Column("started_at", _TS, nullable=False, index=True),
        sa.Column("finished_at", _TS),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("pages_fetched", sa.Integer, nullable=False, server_default="0"),
        sa.Column("articles_extracted", sa.Integer, nullable=False, server_default="0"),
        sa.Column("stories_new", sa.Integer, nullable=False, server_default="0"),
        sa.Column("stories_updated", sa.Integer, nullable=False, server_default="0"),
        sa.Column("stories_duplicate", sa.Integer, nullable=False, server_default="0"),
        sa.Column("empty_body", sa.Integer, nullable=False, server_default="0"),
        sa.Column("missing_date", sa.Integer, nullable=False, server_default="0"),
        sa.Column("errors", sa.Integer, nullable=False, server_default="0"),
        sa.Column("message", sa.Text),
    )
    if op.get_context().dialect.name == "sqlite":
        # Contentless: the folded text is only needed for matching; snippets are cut
        # from stories.text. Tokens are already folded, so no diacritic removal here.
        op.execute(
            "CREATE VIRTUAL TABLE story_fts USING fts5("
            "title, body, content='', tokenize='unicode61 remove_diacritics 0')"
        )
    else:
        op.create_table(
            "story_search",
            sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id"), primary_key=True),
            sa.Column("document", sa.dialects.postgresql.TSVECTOR, nullable=False),
        )
        op.create_index(
            "ix_story_search_document", "story_search", ["document"], postgresql_using="gin"
        )


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        op.execute("DROP TABLE story_fts")
    else:
        op.drop_table("story_search")
    op.drop_table("crawl_runs")
    op.drop_table("appearances")
    op.drop_table("stories")
