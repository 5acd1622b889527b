"""Streaming export of stories, one record per story, in constant memory.

JSONL, CSV and Parquet read the archive in keyset-paginated batches of ``_BATCH``
stories and write each batch before reading the next, so memory does not grow
with the archive (see ``bench/export_memory.py``).
"""

from __future__ import annotations

import csv
import json
from array import array
from collections.abc import Iterator, Sequence
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from newsmon.search.engine import SearchFilters, apply_filters, matching_ids
from newsmon.storage.models import Appearance, Story, published_with_offset
from newsmon.stories.cluster_models import StoryGroup, StoryLink

if TYPE_CHECKING:
    import pyarrow as pa
    import pyarrow.parquet as pq

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


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def story_record(
    story: Story,
    appearances: list[Appearance],
    group_id: int | None = None,
    related: list[int] | None = None,
) -> dict[str, Any]:
    appearances = [a for a in appearances if a.listed]  # a redirect's source is no place
    return {
        "story_id": story.id,
        "url": story.link,
        "urls": [a.href or a.url for a in appearances],
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
                "url": a.href or a.url,
                "source": a.source,
                "first_seen": _iso(a.first_seen),
                "canonical": a.url == story.canonical_url and not a.rendering,
                "rendering": a.rendering,
            }
            for a in appearances
        ],
        "group_id": group_id,
        "related_story_ids": related or [],
    }


def matching_story_ids(
    engine: Engine, query: str, filters: SearchFilters | None = None
) -> array[int]:
    """Ids of the stories matching a full-text ``query`` (and ``filters``), ascending.

    All matches (``search.engine.matching_ids``: no rank window), 8 bytes per id
    in a compact array. Raises ``search.engine.SearchError`` for an invalid query.
    """
    return array("q", matching_ids(engine, query, filters))


def iter_records(
    engine: Engine, filters: SearchFilters | None = None, query: str | None = None
) -> Iterator[dict[str, Any]]:
    """Stories in id order, fetched in keyset-paginated batches.

    With a full-text ``query``, only its matches (see ``matching_story_ids``),
    still in id order and fetched ``_BATCH`` ids at a time.
    """
    filters = filters or SearchFilters()
    with Session(engine) as session:
        if (query or "").strip():
            ids = matching_story_ids(engine, query or "", filters)
            for start in range(0, len(ids), _BATCH):
                chunk = ids[start : start + _BATCH].tolist()
                statement = select(Story).where(Story.id.in_(chunk)).order_by(Story.id)  # type: ignore[union-attr]
                yield from _batch_records(session, list(session.exec(statement).all()))
            return
        last_id = 0
        while True:
            statement = apply_filters(select(Story).where(Story.id > last_id), filters)
            stories = session.exec(statement.order_by(Story.id).limit(_BATCH)).all()  # type: ignore[attr-defined]
            if not stories:
                return
            last_id = stories[-1].id  # type: ignore[assignment]
            yield from _batch_records(session, list(stories))


def _batch_records(session: Session, stories: list[Story]) -> Iterator[dict[str, Any]]:
    """One batch of stories as records, with their appearances and group relations."""
    ids = [s.id for s in stories]
    appearances: dict[int, list[Appearance]] = {}
    for appearance in session.exec(
        select(Appearance).where(Appearance.story_id.in_(ids)).order_by(Appearance.id)  # type: ignore[attr-defined]
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
    session.expunge_all()


def story_relations(
    session: Session, ids: list[int]
) -> tuple[dict[int, int], dict[int, list[int]]]:
    """Each story's group id, and its language versions: the stories it is linked to
    directly (each link has its own evidence) that are in another language."""
    groups = {
        g.story_id: g.group_id
        for g in session.exec(select(StoryGroup).where(StoryGroup.story_id.in_(ids)))  # type: ignore[attr-defined]
    }
    pairs = session.execute(
        sa.select(StoryLink.story_id, StoryLink.related_id).where(
            sa.or_(StoryLink.story_id.in_(ids), StoryLink.related_id.in_(ids))  # type: ignore[attr-defined]
        )
    ).all()
    wanted = set(ids) | {x for pair in pairs for x in pair}
    language = dict(
        session.execute(
            sa.select(Story.id, Story.language).where(Story.id.in_(wanted))  # type: ignore[union-attr]
        ).all()
    )
    related: dict[int, list[int]] = {}
    asked = set(ids)
    for a, b in pairs:
        for one, other in ((a, b), (b, a)):
            if one in asked and language.get(one) != language.get(other):
                related.setdefault(one, []).append(other)
    return groups, {sid: sorted(set(others)) for sid, others in related.items()}


def write_jsonl(records: Iterator[dict[str, Any]], out: IO[str]) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        value = " | ".join(v["url"] if isinstance(v, dict) else str(v) for v in value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        # OWASP CSV injection: a title such as =HYPERLINK(...) must stay text in a
        # spreadsheet, so it gets a leading apostrophe (shown by no spreadsheet).
        return "'" + value
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


# Parquet: typed columns for analysts (pandas, DuckDB, Spark). Instants are
# timestamp[us, UTC]; the page's own offset is kept in ``published_utcoffset``
# (minutes east of UTC), since JSONL/CSV carry it inside the ISO string instead.
# pyarrow is imported on first use: other commands need not pay for it.


@cache
def parquet_schema() -> pa.Schema:
    import pyarrow as pa

    timestamp = pa.timestamp("us", tz="UTC")
    return pa.schema(
        [
            pa.field("story_id", pa.int64(), nullable=False),
            pa.field("url", pa.string()),
            pa.field("urls", pa.list_(pa.string())),
            pa.field("source", pa.string()),
            pa.field("sources", pa.list_(pa.string())),
            pa.field("title", pa.string()),
            pa.field("text", pa.string()),
            pa.field("published", timestamp),
            pa.field("published_utcoffset", pa.int32()),
            pa.field("date_source", pa.string()),
            pa.field("language", pa.string()),
            pa.field("authors", pa.list_(pa.string())),
            pa.field("description", pa.string()),
            pa.field("image", pa.string()),
            pa.field("tags", pa.list_(pa.string())),
            pa.field("section", pa.string()),
            pa.field("modified", timestamp),
            pa.field("first_seen", timestamp),
            pa.field("updated", timestamp),
            pa.field("version", pa.int64()),
            pa.field(
                "appearances",
                pa.list_(
                    pa.struct(
                        [
                            pa.field("url", pa.string()),
                            pa.field("source", pa.string()),
                            pa.field("first_seen", timestamp),
                            pa.field("canonical", pa.bool_()),
                            pa.field("rendering", pa.string()),
                        ]
                    )
                ),
            ),
            pa.field("group_id", pa.int64()),
            pa.field("related_story_ids", pa.list_(pa.int64())),
        ],
        metadata={"newsmon.export": "one row per story; timestamps UTC"},
    )


_TIMESTAMP_FIELDS = ("published", "modified", "first_seen", "updated")


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _parquet_row(record: dict[str, Any]) -> dict[str, Any]:
    row = {name: record.get(name) for name in parquet_schema().names}
    for name in _TIMESTAMP_FIELDS:
        row[name] = _parse(record[name])
    published = row["published"]
    offset = published.utcoffset() if published else None
    row["published_utcoffset"] = int(offset.total_seconds() // 60) if offset is not None else None
    row["appearances"] = [
        {**a, "first_seen": _parse(a["first_seen"])} for a in record["appearances"]
    ]
    return row


def write_parquet(records: Iterator[dict[str, Any]], out: Path | IO[bytes]) -> int:
    """Parquet (zstd), one record batch (and row group) per ``_BATCH`` stories."""
    import pyarrow.parquet as pq

    count = 0
    with pq.ParquetWriter(out, parquet_schema(), compression="zstd") as writer:
        batch: list[dict[str, Any]] = []
        for record in records:
            batch.append(_parquet_row(record))
            if len(batch) == _BATCH:
                count += _write_batch(writer, batch)
                batch = []
        if batch:
            count += _write_batch(writer, batch)
    return count


def _write_batch(writer: pq.ParquetWriter, rows: Sequence[dict[str, Any]]) -> int:
    import pyarrow as pa

    writer.write_batch(pa.RecordBatch.from_pylist(list(rows), schema=parquet_schema()))
    return len(rows)
