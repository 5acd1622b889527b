"""SQLite: the index state row carries the story's publication date.

Date-range searches then filter candidates on the narrow ``story_fts_state``
table instead of reading each candidate's wide ``stories`` row (which made
date-filtered queries on a million stories several times slower than the rest).
Kept in step by ``search.fulltext`` (indexing) and ``set_published`` (re-dating).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("ALTER TABLE story_fts_state ADD COLUMN published DATETIME")
    op.execute(
        "UPDATE story_fts_state SET published = "
        "(SELECT published FROM stories WHERE stories.id = story_fts_state.story_id)"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("ALTER TABLE story_fts_state DROP COLUMN published")
