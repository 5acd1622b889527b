"""Tables for topics, subscribers and the digest outbox (created by migration 0003).

Delivery guarantees live in constraints, not in code paths: ``digest_items``
has one row per (subscriber, story) ever assigned to a digest, so no story can
reach a subscriber twice; ``digests.idempotency_key`` is unique per subscriber
and period, so a period is decided once even with two deciders racing.
``deliveries`` has one row per notice and channel (unique), so a digest or a
spike notice reaches each chat/push channel at most once, each with its own
attempts, backoff and error; ``spikes`` is unique per topic, scope and period,
so a spike is noticed once.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from newsmon.storage.models import UTCDateTime, utcnow


def _when(nullable: bool = False, index: bool = False) -> Any:
    return Field(default=None, sa_column=sa.Column(UTCDateTime(), nullable=nullable, index=index))


class MatchRecord(SQLModel, table=True):
    """A story matched a topic: what matched and where (one row per topic and story)."""

    __tablename__ = "topic_matches"
    __table_args__ = (sa.UniqueConstraint("topic", "story_id"),)

    id: int | None = Field(default=None, primary_key=True)
    topic: str = Field(index=True)
    story_id: int = Field(foreign_key="stories.id", index=True)
    terms: list[str] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    snippet: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    highlights: list[list[int]] = Field(
        default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False)
    )
    in_title: bool = False
    story_version: int = 1
    matched_at: datetime = _when(index=True)
    updated_at: datetime = _when()


class MatchScan(SQLModel, table=True):
    """Which version of a story was last run through which set of topic rules."""

    __tablename__ = "topic_scans"

    story_id: int = Field(foreign_key="stories.id", primary_key=True)
    story_version: int
    rules_hash: str = Field(description="sha256 of the topic names and rules that were applied")
    scanned_at: datetime = _when()


class SubscriberStatus(StrEnum):
    active = "active"
    paused = "paused"
    unsubscribed = "unsubscribed"
    removed = "removed"


class Subscriber(SQLModel, table=True):
    """A digest recipient; config subscribers are synced in, CLI ones added directly."""

    __tablename__ = "subscribers"

    id: int | None = Field(default=None, primary_key=True)
    handle: str = Field(
        sa_column=sa.Column(sa.String, nullable=False, unique=True),
        description="the lower-cased email, or the name of a subscriber without one",
    )
    email: str | None = Field(default=None, sa_column=sa.Column(sa.String, unique=True))
    name: str = ""
    channels: list[str] = Field(
        default_factory=list,
        sa_column=sa.Column(sa.JSON, nullable=False, server_default="[]"),
        description="Apprise URLs as configured (secrets as ${ENV} references, unexpanded)",
    )
    topics: list[str] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    cadence: str = "daily"
    send_time: str = "08:00"
    timezone: str = "UTC"
    language: str = "en"
    status: str = SubscriberStatus.active.value
    origin: str = Field(default="cli", description="config | cli")
    token_key: str = Field(description="random; rotating it voids every unsubscribe link")
    created_at: datetime = _when()
    updated_at: datetime = _when()


class DigestStatus(StrEnum):
    pending = "pending"
    sending = "sending"
    sent = "sent"
    failed = "failed"
    cancelled = "cancelled"
    no_mail = "no-mail"
    """The subscriber has no email address: the digest goes to their channels only."""


class Digest(SQLModel, table=True):
    """One email in the outbox: decided (and rendered) once, then sent until it succeeds."""

    __tablename__ = "digests"

    id: int | None = Field(default=None, primary_key=True)
    subscriber_id: int = Field(foreign_key="subscribers.id", index=True)
    period_key: str
    idempotency_key: str = Field(sa_column=sa.Column(sa.String, nullable=False, unique=True))
    message_id: str = Field(sa_column=sa.Column(sa.String, nullable=False, unique=True))
    sender: str
    recipient: str
    message: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    story_count: int = 0
    status: str = Field(default=DigestStatus.pending.value, index=True)
    attempts: int = 0
    next_attempt_at: datetime = _when()
    claimed_at: datetime | None = _when(nullable=True)
    claimed_by: str | None = Field(default=None, description="host:pid of the sender")
    last_error: str | None = None
    created_at: datetime = _when()
    sent_at: datetime | None = _when(nullable=True)


class DigestItem(SQLModel, table=True):
    """A story assigned to a subscriber's digest; unique per (subscriber, story), forever."""

    __tablename__ = "digest_items"
    __table_args__ = (sa.UniqueConstraint("subscriber_id", "story_id"),)

    id: int | None = Field(default=None, primary_key=True)
    digest_id: int = Field(foreign_key="digests.id", index=True)
    subscriber_id: int = Field(foreign_key="subscribers.id")
    story_id: int = Field(foreign_key="stories.id")
    topic: str


class Spike(SQLModel, table=True):
    """A period in which a topic's coverage rose far above its baseline (noticed once)."""

    __tablename__ = "spikes"
    __table_args__ = (sa.UniqueConstraint("topic", "scope", "period", "period_start"),)

    id: int | None = Field(default=None, primary_key=True)
    topic: str = Field(index=True)
    scope: str = Field(description='"all", "source:NAME" or "language:xx"')
    period: str = Field(description="day | week")
    period_start: str = Field(description="ISO date of the day (or the week's Monday)")
    count: int
    median: float
    scale: float
    score: float
    detected_at: datetime = _when()


class DeliveryStatus(StrEnum):
    pending = "pending"
    sending = "sending"
    sent = "sent"
    failed = "failed"
    cancelled = "cancelled"


class Delivery(SQLModel, table=True):
    """One notice (a digest or a spike) to one channel: rendered once, sent until delivered."""

    __tablename__ = "deliveries"
    __table_args__ = (sa.UniqueConstraint("notice", "channel"),)

    id: int | None = Field(default=None, primary_key=True)
    subscriber_id: int = Field(foreign_key="subscribers.id", index=True)
    notice: str = Field(description='"digest:ID" or "spike:ID:SUBSCRIBER": what is delivered')
    digest_id: int | None = Field(default=None, foreign_key="digests.id", index=True)
    spike_id: int | None = Field(default=None, foreign_key="spikes.id", index=True)
    channel: str = Field(description='"email" or "apprise:" + sha256 of the URL as configured')
    target: str = Field(description="the email address or the Apprise URL, ${ENV} unexpanded")
    title: str = ""
    body: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    """Markdown for chat channels; the whole MIME message for email."""
    story_count: int = 0
    status: str = Field(default=DeliveryStatus.pending.value, index=True)
    attempts: int = 0
    next_attempt_at: datetime = _when()
    claimed_at: datetime | None = _when(nullable=True)
    claimed_by: str | None = None
    last_error: str | None = Field(default=None, description="never holds an expanded secret")
    created_at: datetime = _when()
    sent_at: datetime | None = _when(nullable=True)


class AlertSecret(SQLModel, table=True):
    """Generated secrets (the unsubscribe signing key) so links survive restarts."""

    __tablename__ = "alert_secrets"

    name: str = Field(primary_key=True)
    value: str
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=sa.Column(UTCDateTime(), nullable=False)
    )
