"""Crawls on Scrapyd nodes: which node and job ran each crawl run.

- ``crawl_runs.node``: the Scrapyd node's name (None for a local crawl);
- ``crawl_runs.job_id``: its Scrapyd job, by which the daemon finds and closes the run.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("crawl_runs") as batch:
        batch.add_column(sa.Column("node", sa.String))
        batch.add_column(sa.Column("job_id", sa.String))
        batch.create_index("ix_crawl_runs_job_id", ["job_id"])


def downgrade() -> None:
    with op.batch_alter_table("crawl_runs") as batch:
        batch.drop_index("ix_crawl_runs_job_id")
        batch.drop_column("job_id")
        batch.drop_column("node")
