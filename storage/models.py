"""Tables of the archive.

A *story* is one piece of journalism, stored once. Every URL it was seen at is an
*appearance* (URL variants, redirects, canonical links, republished copies).
Each crawl of a source is a *crawl run* with its counters, which the daemon and
``newsmon stats`` read.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware datetimes stored as UTC on every backend.

    SQLite has no time zone type: normalising to UTC keeps ordering and range
    filters correct there, and reading always gives aware datetimes back.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the archive; attach a time zone first")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


def _aware(nullable: bool = True, index: bool = False) -> Any:
    return Field(default=None, sa_column=sa.Column(UTCDateTime(), nullable=nullable, index=index))


class Story(SQLModel, table=True):
    __tablename__ = "stories"

    id: int | None = Field(default=None, primary_key=True)
    canonical_url: str = Field(index=True, description="the lead's URL key (normalised)")
    href: str | None = Field(
        default=None, description="the lead's URL as the site serves it (None: older rows)"
    )
    canonical_declared: bool = Field(
        default=False, description="canonical_url came from a page's <link rel=canonical>"
    )
    source: str = Field(index=True, description="source that first stored the story")
    title: str | None = None
    text: str
    content_hash: str = Field(index=True, description="sha256 of the folded body text")
    published: datetime | None = _aware(index=True)
    published_utcoffset: int | None = Field(
        default=None, description="minutes east of UTC as the page gave it, to show its own offset"
    )
    date_source: str
    modified: datetime | None = _aware()
    language: str | None = Field(default=None, index=True)
    authors: list[str] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    description: str | None = None
    image: str | None = None
    tags: list[str] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    section: str | None = None
    first_seen: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False, index=True))
    last_seen: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False))
    updated: datetime = Field(
        sa_column=sa.Column(UTCDateTime(), nullable=False),
        description="when the stored text or title last changed (= first_seen if never)",
    )
    version: int = Field(default=1, description="1 + number of content changes seen")

    @property
    def link(self) -> str:
        """The URL to show and follow: as served, else the key (stories stored before 0010)."""
        return self.href or self.canonical_url


class Appearance(SQLModel, table=True):
    __tablename__ = "appearances"

    id: int | None = Field(default=None, primary_key=True)
    story_id: int = Field(foreign_key="stories.id", index=True)
    url: str = Field(unique=True, description="URL key (see stories.identity.normalize_url)")
    href: str | None = Field(default=None, description="the URL as it answered, to show")
    rendering: str | None = Field(default=None, description="amp | print (a rendering's own row)")
    listed: bool = Field(
        default=True, description="False for keys that only identify (a redirect's source)"
    )
    source: str
    first_seen: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False))
    last_seen: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False))
    listed_at: datetime | None = Field(
        default=None,
        sa_column=sa.Column(UTCDateTime(), nullable=True),
        description="feed/sitemap date seen when last fetched; a newer one triggers a re-fetch",
    )


class CrawlRun(SQLModel, table=True):
    """One crawl of one source, with what it did: the operator's record and health signal."""

    __tablename__ = "crawl_runs"

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(index=True)
    started_at: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False, index=True))
    finished_at: datetime | None = _aware()
    status: str = Field(
        default="running",
        description="how the run ended: running | finished | interrupted | killed",
    )
    outcome: str | None = Field(default=None, description="whether it worked: ok | failed")
    pages_fetched: int = 0
    article_pages: int = Field(default=0, description="HTML pages recognised as articles")
    listing_pages: int = Field(default=0, description="HTML pages recognised as listings")
    skipped_pages: int = Field(default=0, description="HTML pages that were neither")
    articles_extracted: int = 0
    stories_new: int = 0
    stories_updated: int = 0
    stories_duplicate: int = 0
    empty_body: int = 0
    missing_date: int = 0
    errors: int = 0
    requests_sent: int = 0
    bytes_received: int = 0
    not_modified: int = Field(default=0, description="listing URLs answered 304")
    store_errors: int = Field(default=0, description="articles the archive refused")
    message: str | None = None
    pid: int | None = None
    exit_status: int | None = None
    trigger: str = Field(default="manual", description="manual | schedule")
    node: str | None = Field(default=None, description="the Scrapyd node that ran it")
    job_id: str | None = Field(default=None, index=True, description="its Scrapyd job")


class StoryVersion(SQLModel, table=True):
    """A story's text before an update replaced it: edits are kept, not lost."""

    __tablename__ = "story_versions"
    __table_args__ = (sa.UniqueConstraint("story_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    story_id: int = Field(foreign_key="stories.id", index=True)
    version: int
    title: str | None = None
    text: str
    content_hash: str
    replaced_at: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False))


class SourceState(SQLModel, table=True):
    """The daemon's memory of each source: when it ran, how it went, when it is due."""

    __tablename__ = "source_states"

    source: str = Field(primary_key=True)
    last_started: datetime | None = _aware()
    last_finished: datetime | None = _aware()
    last_success: datetime | None = _aware()
    last_status: str | None = None
    failure_streak: int = 0
    next_due: datetime | None = _aware()
    backoff_until: datetime | None = _aware()
    health_warning: str | None = None


class HttpValidator(SQLModel, table=True):
    """ETag / Last-Modified per listing URL, for conditional re-fetches."""

    __tablename__ = "http_validators"

    url: str = Field(primary_key=True)
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    checked_at: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False))


class DaemonState(SQLModel, table=True):
    """One row per daemon start; the heartbeat tells `newsmon status` it is alive."""

    __tablename__ = "daemon_state"

    id: int | None = Field(default=None, primary_key=True)
    pid: int
    hostname: str
    started_at: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False))
    heartbeat: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False))
    stopped_at: datetime | None = _aware()
    state: str = "running"
    alerts_started: datetime | None = _aware()
    alerts_finished: datetime | None = _aware()
    alerts_outcome: str | None = Field(default=None, description="ok | degraded | failed")
    alerts_message: str | None = None
    alerts_summary: dict[str, int] | None = Field(default=None, sa_column=sa.Column(sa.JSON))


def published_with_offset(story: Story) -> datetime | None:
    """A story's publication time in the offset the page itself gave (stored as UTC)."""
    if story.published is None:
        return None
    offset = timezone(timedelta(minutes=story.published_utcoffset or 0))
    return story.published.astimezone(offset)
