"""Streaming export of stories, one record per story, in constant memory."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import IO, Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from storage.cluster_models import StoryGroup
from storage.models import Appearance, Story
from storage.search import SearchFilters, _filtered

EXPORT_FIELDS = [
    "story_id",
    "url",
    "urls",
    "source",
    "sources",
    "title",
    "text",
    "published",
    "date_source",
    "language",
    "authors",
    "description",
    "image",
    "tags",
    "section",
    "modified",
    "first_seen",
    "updated",
    "version",
    "appearances",
    "group_id",
    "related_story_ids",
]
_BATCH = 500


def published_with_offset(story: Story) -> datetime | None:
    """The publication time in the offset the page itself gave (stored as UTC)."""
    if story.published is None:
        return None
    offset = timezone(timedelta(minutes=story.published_utcoffset or 0))
    return story.published.astimezone(offset)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def story_record(
    story: Story,
    appearances: list[Appearance],
    group_id: int | None = None,
    related: list[int] | None = None,
) -> dict[str, Any]:
    return {
        "story_id": story.id,
        "url": story.canonical_url,
        "urls": [a.url for a in appearances],
        "source": story.source,
        "sources": sorted({a.source for a in appearances} | {story.source}),
        "title": story.title,
        "text": story.text,
        "published": _iso(published_with_offset(story)),
        "date_source": story.date_source,
        "language": story.language,
        "authors": story.authors,
        "description": story.description,
        "image": story.image,
        "tags": story.tags,
        "section": story.section,
        "modified": _iso(story.modified),
        "first_seen": _iso(story.first_seen),
        "updated": _iso(story.updated),
        "version": story.version,
        "appearances": [
            {
                "url": a.url,
                "source": a.source,
                "first_seen": _iso(a.first_seen),
                "canonical": a.url == story.canonical_url,
            }
            for a in appearances
        ],
        "group_id": group_id,
        "related_story_ids": related or [],
    }


def iter_records(engine: Engine, filters: SearchFilters | None = None) -> Iterator[dict[str, Any]]:
    """Stories in id order, fetched in keyset-paginated batches."""
    filters = filters or SearchFilters()
    last_id = 0
    with Session(engine) as session:
        while True:
            statement = _filtered(select(Story).where(Story.id > last_id), filters)
            stories = session.exec(statement.order_by(Story.id).limit(_BATCH)).all()  # type: ignore[attr-defined]
            if not stories:
                return
            ids = [s.id for s in stories]
            appearances: dict[int, list[Appearance]] = {}
            for appearance in session.exec(
                select(Appearance).where(Appearance.story_id.in_(ids)).order_by(Appearance.id)
            ):
                appearances.setdefault(appearance.story_id, []).append(appearance)
            groups, related = story_relations(session, ids)  # type: ignore[arg-type]
            for story in stories:
                yield story_record(
                    story,
                    appearances.get(story.id, []),  # type: ignore[arg-type]
                    groups.get(story.id),  # type: ignore[arg-type]
                    related.get(story.id),  # type: ignore[arg-type]
                )
            last_id = ids[-1]  # type: ignore[assignment]
            session.expunge_all()


def story_relations(
    session: Session, ids: list[int]
) -> tuple[dict[int, int], dict[int, list[int]]]:
    """Group id and the other members of each story's group (stories in other languages)."""
    groups = {
        g.story_id: g.group_id
        for g in session.exec(select(StoryGroup).where(StoryGroup.story_id.in_(ids)))  # type: ignore[attr-defined]
    }
    members: dict[int, list[int]] = {}
    for g in session.exec(
        select(StoryGroup)
        .where(StoryGroup.group_id.in_(set(groups.values())))  # type: ignore[attr-defined]
        .order_by(StoryGroup.story_id)
    ):
        members.setdefault(g.group_id, []).append(g.story_id)
    related = {sid: [m for m in members[gid] if m != sid] for sid, gid in groups.items()}
    return groups, related


def write_jsonl(records: Iterator[dict[str, Any]], out: IO[str]) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return " | ".join(v["url"] if isinstance(v, dict) else str(v) for v in value)
    return value


def write_csv(records: Iterator[dict[str, Any]], out: IO[str]) -> int:
    """CSV with list fields joined by " | " (spreadsheets have no arrays)."""
    writer = csv.DictWriter(out, fieldnames=EXPORT_FIELDS, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for record in records:
        writer.writerow({k: _cell(v) for k, v in record.items()})
        count += 1
    return count
