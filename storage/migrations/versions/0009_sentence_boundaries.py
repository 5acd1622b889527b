"""Search index rebuilt with sentence boundaries and without words inside URLs.

Index text now comes from the tokeniser topics use (``query.text.tokens``): each
sentence end or cited URL is a boundary, so a phrase never spans two sentences
and a URL slug is no story text. Existing entries were written the old way and a
contentless FTS5 table can only delete what it indexed: the whole index is
rebuilt (one pass over the stories, in this migration's transaction).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from newsmon.search.reindex import rebuild_index

    rebuild_index(op.get_bind())


def downgrade() -> None:
    pass  # older code: rebuild its own entries with `newsmon reindex` after downgrading
