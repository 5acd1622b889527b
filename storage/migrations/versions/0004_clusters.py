"""Story clustering: near-duplicate index, merged copies, cross-language links and groups.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def _story_fk() -> sa.ForeignKey:
    return sa.ForeignKey("stories.id")


def upgrade() -> None:
    op.create_table(
        "dedup_state",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("params", sa.JSON, nullable=False),
        sa.Column("built_at", _TS, nullable=False),
    )
    # Key-first primary keys make lookups one index range each; WITHOUT ROWID keeps
    # them to a single B-tree on SQLite.
    op.create_table(
        "story_sketch",
        sa.Column("key", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("story_id", sa.Integer, _story_fk(), primary_key=True),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_story_sketch_story_id", "story_sketch", ["story_id"])
    op.create_table(
        "story_entities",
        sa.Column("key", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("published", _TS, primary_key=True),
        sa.Column("story_id", sa.Integer, _story_fk(), primary_key=True),
        sa.Column("language", sa.String),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_story_entities_story_id", "story_entities", ["story_id"])
    op.create_table(
        "story_copies",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("story_id", sa.Integer, _story_fk(), nullable=False, index=True),
        sa.Column("url", sa.String, nullable=False),
        sa.Column("urls", sa.JSON, nullable=False),
        sa.Column("source", sa.String, nullable=False),
        sa.Column("title", sa.String),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String, nullable=False),
        sa.Column("language", sa.String),
        sa.Column("published", _TS),
        sa.Column("seen_at", _TS, nullable=False),
        sa.Column("method", sa.String, nullable=False),
        sa.Column("similarity", sa.Float, nullable=False),
    )
    op.create_table(
        "story_links",
        sa.Column("story_id", sa.Integer, _story_fk(), primary_key=True),
        sa.Column("related_id", sa.Integer, _story_fk(), primary_key=True, index=True),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("signals", sa.JSON, nullable=False),
    )
    op.create_table(
        "story_groups",
        sa.Column("story_id", sa.Integer, _story_fk(), primary_key=True),
        sa.Column("group_id", sa.Integer, nullable=False, index=True),
    )


def downgrade() -> None:
    for table in (
        "story_groups",
        "story_links",
        "story_copies",
        "story_entities",
        "story_sketch",
        "dedup_state",
    ):
        op.drop_table(table)
