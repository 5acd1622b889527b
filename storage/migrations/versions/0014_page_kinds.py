"""crawl_runs.article_pages / listing_pages / skipped_pages: what each crawl recognised.

A source whose pages are all listings or skipped stores nothing; these counts let
``stats`` and ``status`` say so instead of showing a quiet zero.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

COLUMNS = ("article_pages", "listing_pages", "skipped_pages")


def upgrade() -> None:
    for name in COLUMNS:
        op.add_column("crawl_runs", sa.Column(name, sa.Integer, nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("crawl_runs") as batch:
        for name in COLUMNS:
            batch.drop_column(name)
