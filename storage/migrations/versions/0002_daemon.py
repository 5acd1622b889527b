"""Daemon state: per-source schedule state, HTTP validators, story versions, run outcomes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("crawl_runs") as batch:
        batch.add_column(sa.Column("pid", sa.Integer))
        batch.add_column(sa.Column("exit_status", sa.Integer))
        batch.add_column(sa.Column("trigger", sa.String, nullable=False, server_default="manual"))
        batch.add_column(sa.Column("requests_sent", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(
            sa.Column("bytes_received", sa.Integer, nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("not_modified", sa.Integer, nullable=False, server_default="0"))
    with op.batch_alter_table("stories") as batch:
        # Whether canonical_url was declared by a page (<link rel=canonical>) or only
        # the first URL met: a declared one wins when an identical copy turns up.
        batch.add_column(
            sa.Column("canonical_declared", sa.Boolean, nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("appearances") as batch:
        # The feed/sitemap date last seen for the URL: a newer one means "fetch again".
        batch.add_column(sa.Column("listed_at", _TS))
    op.create_table(
        "source_states",
        sa.Column("source", sa.String, primary_key=True),
        sa.Column("last_started", _TS),
        sa.Column("last_finished", _TS),
        sa.Column("last_success", _TS),
        sa.Column("last_status", sa.String),
        sa.Column("failure_streak", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_due", _TS),
        sa.Column("backoff_until", _TS),
        sa.Column("health_warning", sa.Text),
    )
    op.create_table(
        "http_validators",
        sa.Column("url", sa.String, primary_key=True),
        sa.Column("etag", sa.String),
        sa.Column("last_modified", sa.String),
        sa.Column("body_hash", sa.String(64)),
        sa.Column("checked_at", _TS, nullable=False),
    )
    op.create_table(
        "story_versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id"), nullable=False, index=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("title", sa.String),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("replaced_at", _TS, nullable=False),
        sa.UniqueConstraint("story_id", "version"),
    )
    op.create_table(
        "daemon_state",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("pid", sa.Integer, nullable=False),
        sa.Column("hostname", sa.String, nullable=False),
        sa.Column("started_at", _TS, nullable=False),
        sa.Column("heartbeat", _TS, nullable=False),
        sa.Column("stopped_at", _TS),
        sa.Column("state", sa.String, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("daemon_state")
    op.drop_table("story_versions")
    op.drop_table("http_validators")
    op.drop_table("source_states")
    with op.batch_alter_table("appearances") as batch:
        batch.drop_column("listed_at")
    with op.batch_alter_table("stories") as batch:
        batch.drop_column("canonical_declared")
    with op.batch_alter_table("crawl_runs") as batch:
        for column in (
            "not_modified",
            "bytes_received",
            "requests_sent",
            "trigger",
            "exit_status",
            "pid",
        ):
            batch.drop_column(column)
