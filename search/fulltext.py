"""Keeps the full-text index in step with the stories table, in the same transaction.

What goes into the index (words, pair tokens, meta words, the title/body gap) is
defined in ``query.index_terms``, beside the query compilers that search it; this
module writes it to the database.

SQLite: contentless FTS5 table ``story_fts(title, body, meta, title_pairs,
body_pairs)``, rowid = story id. A contentless table can only delete an entry
given the exact values it indexed, so ``story_fts_state`` remembers the language
and source each story was indexed with (title and text come from the caller, who
holds the old values), and its publication date (its date words are in
``meta``; the date itself checks a range end that falls inside a day).

PostgreSQL: ``story_search.document``, a tsvector in the ``newsmon_search``
configuration (``simple`` + ``unaccent``, see migration 0005): meta words weight
C, title weight A, then a gap wider than any NEAR distance, then the body
(weight D), so phrases and NEAR never join title and body; then the pair tokens
(weight B), which a phrase query ANDs with its ``<->`` phrase so that GIN hands
only stories holding every pair to the costly positional recheck.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlmodel import Session

from newsmon.query.index_terms import TITLE_BODY_GAP, IndexEntry, make_entry, postgres_pairs
from newsmon.query.text import BOUNDARY
from newsmon.storage.models import Story

SEARCH_CONFIG = "newsmon_search"
"""PostgreSQL text-search configuration created by migration 0005."""
Connectionish = Session | sa.Connection


def _dialect(conn: Connectionish) -> str:
    bind = conn.get_bind() if isinstance(conn, Session) else conn
    return bind.dialect.name


_SQLITE_INSERT = sa.text(
    "INSERT INTO story_fts(rowid, title, body, meta, title_pairs, body_pairs) "
    "VALUES (:id, :title, :body, :meta, :title_pairs, :body_pairs)"
)
INDEX_STATE = sa.table(
    "story_fts_state",
    sa.column("story_id", sa.Integer),
    sa.column("language", sa.String),
    sa.column("source", sa.String),
    sa.column("published", sa.DateTime),
)
"""SQLite's narrow per-story row beside the index: what an entry was indexed with,
plus ``published``, so date filters need not read the wide stories rows."""
_SQLITE_STATE = sa.insert(INDEX_STATE).prefix_with("OR REPLACE")


def pg_document(title: str, body: str, meta: str, pairs: str) -> str:
    """SQL for a story's tsvector from the four texts of ``pg_row`` (columns or parameters).

    Shared by indexing and the bulk benchmark build, so both write one format.
    """
    return (
        f"setweight(to_tsvector('{SEARCH_CONFIG}', {meta}), 'C') "
        f"|| setweight(ts_delete(to_tsvector('{SEARCH_CONFIG}', {title}), 'zgap'::text), 'A') "
        f"|| ts_delete(to_tsvector('{SEARCH_CONFIG}', {body}), 'zgap'::text) "
        f"|| setweight(to_tsvector('{SEARCH_CONFIG}', {pairs}), 'B')"
    )


_PG_UPSERT = sa.text(
    "INSERT INTO story_search(story_id, document) VALUES (:id, "
    + pg_document(":title", ":body", ":meta", ":pairs")
    + ") ON CONFLICT (story_id) DO UPDATE SET document = EXCLUDED.document"
)


def pg_row(entry: IndexEntry) -> dict[str, object]:
    """The texts ``pg_document`` turns into an entry's tsvector.

    PostgreSQL's parser drops "_": a boundary becomes a deleted word, i.e. a
    position gap, and the title/body gap keeps NEAR from joining the two.
    """
    return {
        "id": entry.story_id,
        "title": _pg_boundaries(entry.title),
        "body": TITLE_BODY_GAP + _pg_boundaries(entry.body),
        "meta": entry.meta,
        "pairs": postgres_pairs(f"{entry.title_pairs} {entry.body_pairs}"),
    }


def write_entries(conn: Connectionish, entries: Sequence[IndexEntry]) -> None:
    """Add (PostgreSQL: add or replace) index entries; one round trip per batch."""
    if not entries:
        return
    if _dialect(conn) == "sqlite":
        rows = [
            {
                "id": e.story_id,
                "title": e.title,
                "body": e.body,
                "meta": e.meta,
                "title_pairs": e.title_pairs,
                "body_pairs": e.body_pairs,
            }
            for e in entries
        ]
        conn.execute(_SQLITE_INSERT, rows)
        conn.execute(
            _SQLITE_STATE,
            [
                {
                    "story_id": e.story_id,
                    "language": e.language,
                    "source": e.source,
                    # Naive UTC, as the archive stores dates (a plain DateTime column
                    # would keep a +07:00 wall clock and misplace the story's day).
                    "published": naive_utc(e.published) if e.published else None,
                }
                for e in entries
            ],
        )
    else:
        conn.execute(_PG_UPSERT, [pg_row(e) for e in entries])


def _pg_boundaries(words: str) -> str:
    return f" {words} ".replace(f" {BOUNDARY} ", " zgap ").strip()


def index_story(session: Session, story_id: int, title: str | None, text: str) -> None:
    """Index a stored story (its language, source and date are read from the session)."""
    story = session.get(Story, story_id)
    if story is None:
        raise LookupError(f"story {story_id} must be flushed before it is indexed")
    entry = make_entry(story_id, title, text, story.language, story.source, story.published)
    write_entries(session, [entry])


def set_published(session: Session, story_id: int, published: datetime | None) -> None:
    """Re-index a story re-dated without an edit: its date words change.

    The story's title and text in the session are what its entry holds (every
    edit re-indexes first), so the old entry can be deleted exactly.
    """
    story = session.get(Story, story_id)
    if story is None:
        raise LookupError(f"story {story_id} must be flushed before it is re-dated")
    if _dialect(session) == "sqlite":
        indexed = session.execute(
            sa.select(INDEX_STATE.c.published).where(INDEX_STATE.c.story_id == story_id)
        ).first()
        if indexed is None:
            return  # not indexed: nothing to keep in step
        if _same_moment(indexed.published, published):
            return
        unindex_story(session, story_id, story.title, story.text)
    entry = make_entry(story_id, story.title, story.text, story.language, story.source, published)
    write_entries(session, [entry])


def _same_moment(a: datetime | None, b: datetime | None) -> bool:
    if a is None or b is None:
        return a is b
    return naive_utc(a) == naive_utc(b)


def naive_utc(moment: datetime) -> datetime:
    """A date as the index state stores it: UTC without a zone (naive means UTC)."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def unindex_story(session: Session, story_id: int, title: str | None, text: str) -> None:
    """Remove a story's entry; SQLite needs the title and text it was indexed with."""
    if _dialect(session) != "sqlite":
        session.execute(sa.text("DELETE FROM story_search WHERE story_id = :id"), {"id": story_id})
        return
    state = session.execute(
        sa.select(INDEX_STATE.c.language, INDEX_STATE.c.source, INDEX_STATE.c.published).where(
            INDEX_STATE.c.story_id == story_id
        )
    ).first()
    if state is None:
        return  # never indexed (or already removed): nothing to delete
    entry = make_entry(story_id, title, text, state.language, state.source, state.published)
    session.execute(
        sa.text(
            "INSERT INTO story_fts(story_fts, rowid, title, body, meta, title_pairs, body_pairs) "
            "VALUES ('delete', :id, :title, :body, :meta, :title_pairs, :body_pairs)"
        ),
        {
            "id": story_id,
            "title": entry.title,
            "body": entry.body,
            "meta": entry.meta,
            "title_pairs": entry.title_pairs,
            "body_pairs": entry.body_pairs,
        },
    )
    session.execute(sa.text("DELETE FROM story_fts_state WHERE story_id = :id"), {"id": story_id})


def reindex_story(
    session: Session,
    story_id: int,
    old_title: str | None,
    old_text: str,
    new_title: str | None,
    new_text: str,
) -> None:
    """Replace a story's entry after an edit.

    A page without a title keeps the story's old one (as ``repository`` does), so
    the entry indexes exactly what the story holds and can be deleted again later.
    """
    unindex_story(session, story_id, old_title, old_text)
    index_story(session, story_id, new_title or old_title, new_text)
