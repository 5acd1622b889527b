"""URLs that work: appearances and stories keep the URL as served beside its key.

The key (normalised: no tracking parameters, trailing slash or AMP/print path)
identifies a story; it is not always a URL the site answers. ``href`` keeps the
URL that answered (after redirects) or the canonical URL as declared;
``rendering`` marks an AMP or print rendering's own row; ``listed`` is false for
keys that only identify (the source of a redirect). Older rows keep
``href = NULL`` and are shown by their key as before.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("stories", sa.Column("href", sa.String))
    op.add_column("appearances", sa.Column("href", sa.String))
    op.add_column("appearances", sa.Column("rendering", sa.String))
    op.add_column(
        "appearances", sa.Column("listed", sa.Boolean, nullable=False, server_default=sa.true())
    )


def downgrade() -> None:
    with op.batch_alter_table("appearances") as batch:
        for column in ("listed", "rendering", "href"):
            batch.drop_column(column)
    with op.batch_alter_table("stories") as batch:
        batch.drop_column("href")
