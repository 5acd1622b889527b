"""The daemon's alerts cycle and run outcomes on record; digest claims name their sender.

- ``crawl_runs.outcome`` (ok | failed) apart from ``status`` (running | finished |
  interrupted | killed): how a run ended is not whether it worked.
- ``daemon_state.alerts_*``: the daemon's last alerts cycle, for ``newsmon status``.
- ``digests.claimed_by`` (``host:pid``): a digest claimed by a process that died
  is taken back at once instead of after the claim lease.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column("crawl_runs", sa.Column("outcome", sa.String))
    op.add_column("digests", sa.Column("claimed_by", sa.String))
    op.add_column("daemon_state", sa.Column("alerts_started", _TS))
    op.add_column("daemon_state", sa.Column("alerts_finished", _TS))
    op.add_column("daemon_state", sa.Column("alerts_outcome", sa.String))
    op.add_column("daemon_state", sa.Column("alerts_message", sa.Text))
    op.add_column("daemon_state", sa.Column("alerts_summary", sa.JSON))


def downgrade() -> None:
    with op.batch_alter_table("daemon_state") as batch:
        for column in ("summary", "message", "outcome", "finished", "started"):
            batch.drop_column(f"alerts_{column}")
    with op.batch_alter_table("digests") as batch:
        batch.drop_column("claimed_by")
    with op.batch_alter_table("crawl_runs") as batch:
        batch.drop_column("outcome")
