"""Near-duplicate keys carry their story's date: candidate lookups stay inside the window.

``story_sketch`` becomes (key, published, story_id), like ``story_entities``: a
lookup reads one index range per key and date window instead of joining every
posting of a common anchor to the wide ``stories`` rows, which grew with the
archive. Existing rows are copied with their story's date.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def _create(name: str, *, dated: bool) -> None:
    columns = [sa.Column("key", sa.BigInteger, primary_key=True, autoincrement=False)]
    if dated:
        columns.append(sa.Column("published", _TS, primary_key=True))
    columns.append(sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id"), primary_key=True))
    op.create_table(name, *columns, sqlite_with_rowid=False)


def _swap(*, dated: bool, copy: str) -> None:
    _create("story_sketch_new", dated=dated)
    op.execute(copy)
    op.drop_index("ix_story_sketch_story_id", table_name="story_sketch")
    op.drop_table("story_sketch")
    op.rename_table("story_sketch_new", "story_sketch")
    op.create_index("ix_story_sketch_story_id", "story_sketch", ["story_id"])


def upgrade() -> None:
    _swap(
        dated=True,
        copy=(
            "INSERT INTO story_sketch_new (key, published, story_id) "
            "SELECT k.key, COALESCE(s.published, s.first_seen), k.story_id "
            "FROM story_sketch k JOIN stories s ON s.id = k.story_id"
        ),
    )


def downgrade() -> None:
    _swap(
        dated=False,
        copy=(
            "INSERT INTO story_sketch_new (key, story_id) "
            "SELECT DISTINCT key, story_id FROM story_sketch"
        ),
    )
