"""Channels and spikes: subscribers without email, per-channel deliveries, coverage spikes.

- ``subscribers.handle``: how a subscriber is known (the email, or the name of one
  who only has chat/push channels); ``email`` may now be empty;
  ``subscribers.channels``: Apprise URLs as configured (``${ENV}`` unexpanded).
- ``deliveries``: one row per notice (digest or spike) and channel, unique, with
  its own attempts, backoff, claim and error.
- ``spikes``: one row per topic, scope and period whose coverage spiked.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("subscribers") as batch:
        batch.add_column(sa.Column("handle", sa.String))
        batch.add_column(sa.Column("channels", sa.JSON, nullable=False, server_default="[]"))
        batch.alter_column("email", existing_type=sa.String, nullable=True)
    op.execute("UPDATE subscribers SET handle = email")
    with op.batch_alter_table("subscribers") as batch:
        batch.alter_column("handle", existing_type=sa.String, nullable=False)
        batch.create_unique_constraint("uq_subscribers_handle", ["handle"])

    op.create_table(
        "spikes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("topic", sa.String, nullable=False, index=True),
        sa.Column("scope", sa.String, nullable=False),
        sa.Column("period", sa.String, nullable=False),
        sa.Column("period_start", sa.String, nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("median", sa.Float, nullable=False),
        sa.Column("scale", sa.Float, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("detected_at", _TS, nullable=False),
        sa.UniqueConstraint("topic", "scope", "period", "period_start"),
    )
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "subscriber_id", sa.Integer, sa.ForeignKey("subscribers.id"), nullable=False, index=True
        ),
        sa.Column("notice", sa.String, nullable=False),
        sa.Column("digest_id", sa.Integer, sa.ForeignKey("digests.id"), index=True),
        sa.Column("spike_id", sa.Integer, sa.ForeignKey("spikes.id"), index=True),
        sa.Column("channel", sa.String, nullable=False),
        sa.Column("target", sa.String, nullable=False),
        sa.Column("title", sa.String, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("story_count", sa.Integer, nullable=False),
        sa.Column("status", sa.String, nullable=False, index=True),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", _TS, nullable=False),
        sa.Column("claimed_at", _TS),
        sa.Column("claimed_by", sa.String),
        sa.Column("last_error", sa.String),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("sent_at", _TS),
        sa.UniqueConstraint("notice", "channel"),
    )


def downgrade() -> None:
    op.drop_table("deliveries")
    op.drop_table("spikes")
    op.execute("DELETE FROM subscribers WHERE email IS NULL")
    with op.batch_alter_table("subscribers") as batch:
        batch.drop_constraint("uq_subscribers_handle", type_="unique")
        batch.drop_column("channels")
        batch.drop_column("handle")
        batch.alter_column("email", existing_type=sa.String, nullable=False)
