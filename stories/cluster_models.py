"""Tables for story clustering: the near-duplicate index, merged copies and story groups.

Every row here is derived from stored text and written in the same transaction
as the story it describes, so the index can never drift from the stories; and
``newsmon dedup --rebuild`` can recompute all of it from the archive alone
(merged copies keep their text, so no article is ever lost by merging).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from newsmon.storage.models import UTCDateTime


class DedupState(SQLModel, table=True):
    """The parameters the stored index was built with (one row).

    Band hashes are only comparable when computed with the same permutations,
    shingle size and banding, so these live with the index, not in the config:
    a config change takes effect through ``newsmon dedup --rebuild``.
    """

    __tablename__ = "dedup_state"

    id: int = Field(default=1, primary_key=True)
    params: dict[str, Any] = Field(sa_column=sa.Column(sa.JSON, nullable=False))
    built_at: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False))


class StorySketch(SQLModel, table=True):
    """One LSH band hash or containment anchor of a story's text (key -> story).

    ``published`` (the story's) sits in the key, so a lookup reads only the
    postings inside the time window, never the wide stories rows.
    """

    __tablename__ = "story_sketch"
    __table_args__ = (
        sa.Index("ix_story_sketch_story_id", "story_id"),
        {"sqlite_with_rowid": False},
    )

    key: int = Field(sa_column=sa.Column(sa.BigInteger, primary_key=True, autoincrement=False))
    published: datetime = Field(sa_column=sa.Column(UTCDateTime(), primary_key=True))
    story_id: int = Field(
        sa_column=sa.Column(sa.Integer, sa.ForeignKey("stories.id"), primary_key=True)
    )


class StoryEntity(SQLModel, table=True):
    """A language-neutral key of a story (folded name, number, URL): cross-language links."""

    __tablename__ = "story_entities"
    __table_args__ = (
        sa.Index("ix_story_entities_story_id", "story_id"),
        {"sqlite_with_rowid": False},
    )

    key: int = Field(sa_column=sa.Column(sa.BigInteger, primary_key=True, autoincrement=False))
    published: datetime = Field(sa_column=sa.Column(UTCDateTime(), primary_key=True))
    story_id: int = Field(
        sa_column=sa.Column(sa.Integer, sa.ForeignKey("stories.id"), primary_key=True)
    )
    language: str | None = None
    """The story's language: candidates in the same language are skipped inside SQL."""


class EntityLanguageDay(SQLModel, table=True):
    """A UTC day on which keys of a story in ``language`` ("" for none) were stored.

    Never pruned, so a superset: where no other language has a day in a story's
    link window, linking need not read the postings of its keys (one language per
    archive is common). See migration 0016.
    """

    __tablename__ = "story_entity_languages"
    __table_args__ = ({"sqlite_with_rowid": False},)

    day: date = Field(sa_column=sa.Column(sa.Date, primary_key=True))
    language: str = Field(sa_column=sa.Column(sa.String, primary_key=True))


class StoryCopy(SQLModel, table=True):
    """A near-duplicate page merged into a story, with its own text kept for rebuilds."""

    __tablename__ = "story_copies"

    id: int | None = Field(default=None, primary_key=True)
    story_id: int = Field(foreign_key="stories.id", index=True)
    url: str = Field(description="normalised canonical URL of the copy")
    urls: list[str] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    source: str
    title: str | None = None
    text: str
    content_hash: str
    language: str | None = None
    published: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime()))
    seen_at: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False))
    method: str = Field(description="jaccard | containment | merged (story folded in by rebuild)")
    similarity: float


class StoryLink(SQLModel, table=True):
    """Two stories in different languages that report the same event (low id first)."""

    __tablename__ = "story_links"

    story_id: int = Field(foreign_key="stories.id", primary_key=True)
    related_id: int = Field(foreign_key="stories.id", primary_key=True, index=True)
    score: float
    signals: dict[str, Any] = Field(sa_column=sa.Column(sa.JSON, nullable=False))


class StoryGroup(SQLModel, table=True):
    """Which group (event) a linked story belongs to; group_id is its lowest story id."""

    __tablename__ = "story_groups"

    story_id: int = Field(foreign_key="stories.id", primary_key=True)
    group_id: int = Field(index=True)
