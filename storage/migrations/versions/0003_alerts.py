"""Alerts: topic matches, scans, subscribers, digest outbox and items, generated secrets.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "topic_matches",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("topic", sa.String, nullable=False, index=True),
        sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id"), nullable=False, index=True),
        sa.Column("terms", sa.JSON, nullable=False),
        sa.Column("snippet", sa.Text, nullable=False),
        sa.Column("highlights", sa.JSON, nullable=False),
        sa.Column("in_title", sa.Boolean, nullable=False),
        sa.Column("story_version", sa.Integer, nullable=False),
        sa.Column("matched_at", _TS, nullable=False, index=True),
        sa.Column("updated_at", _TS, nullable=False),
        sa.UniqueConstraint("topic", "story_id"),
    )
    op.create_table(
        "topic_scans",
        sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id"), primary_key=True),
        sa.Column("story_version", sa.Integer, nullable=False),
        sa.Column("rules_hash", sa.String(64), nullable=False),
        sa.Column("scanned_at", _TS, nullable=False),
    )
    op.create_table(
        "subscribers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String, nullable=False, unique=True),
        sa.Column("name", sa.String, nullable=False),
        sa.Column("topics", sa.JSON, nullable=False),
        sa.Column("cadence", sa.String, nullable=False),
        sa.Column("send_time", sa.String, nullable=False),
        sa.Column("timezone", sa.String, nullable=False),
        sa.Column("language", sa.String, nullable=False),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("origin", sa.String, nullable=False),
        sa.Column("token_key", sa.String, nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
    )
    op.create_table(
        "digests",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "subscriber_id", sa.Integer, sa.ForeignKey("subscribers.id"), nullable=False, index=True
        ),
        sa.Column("period_key", sa.String, nullable=False),
        sa.Column("idempotency_key", sa.String, nullable=False, unique=True),
        sa.Column("message_id", sa.String, nullable=False, unique=True),
        sa.Column("sender", sa.String, nullable=False),
        sa.Column("recipient", sa.String, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("story_count", sa.Integer, nullable=False),
        sa.Column("status", sa.String, nullable=False, index=True),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", _TS, nullable=False),
        sa.Column("claimed_at", _TS),
        sa.Column("last_error", sa.Text),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("sent_at", _TS),
    )
    op.create_table(
        "digest_items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("digest_id", sa.Integer, sa.ForeignKey("digests.id"), nullable=False, index=True),
        sa.Column("subscriber_id", sa.Integer, sa.ForeignKey("subscribers.id"), nullable=False),
        sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id"), nullable=False),
        sa.Column("topic", sa.String, nullable=False),
        sa.UniqueConstraint("subscriber_id", "story_id"),
    )
    op.create_table(
        "alert_secrets",
        sa.Column("name", sa.String, primary_key=True),
        sa.Column("value", sa.String, nullable=False),
        sa.Column("created_at", _TS, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "alert_secrets",
        "digest_items",
        "digests",
        "subscribers",
        "topic_scans",
        "topic_matches",
    ):
        op.drop_table(table)
