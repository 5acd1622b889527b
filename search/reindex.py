"""``newsmon reindex``: rebuild the full-text index from the stories table.

Run after upgrading to a new index format (migrations that change the format
call :func:`rebuild_index` themselves) or if the index is ever suspected stale.

The whole rebuild is **one transaction**: the old entries are deleted and every
story is indexed again in batches, then committed at once. Searches keep seeing
the old index until the commit (SQLite WAL and PostgreSQL MVCC both give readers
the last committed state), and an interrupted rebuild rolls back to it, so the
index is never half-built. Saves wait meanwhile (SQLite write lock, PostgreSQL
save lock), which keeps new stories from slipping between delete and commit.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from newsmon.query.index_terms import make_entry
from newsmon.search.fulltext import Connectionish, _dialect, write_entries
from newsmon.storage.db import session_scope
from newsmon.storage.locks import WriteLock, lock_story_writes

Progress = Callable[[int, int], None]
"""Called after each batch with (stories indexed so far, stories in all)."""

_BATCH = 2000


@dataclass(frozen=True, slots=True)
class ReindexSummary:
    stories: int
    seconds: float


def _clear(conn: Connectionish) -> None:
    if _dialect(conn) == "sqlite":
        conn.execute(sa.text("INSERT INTO story_fts(story_fts) VALUES ('delete-all')"))
        conn.execute(sa.text("DELETE FROM story_fts_state"))
    else:
        # DELETE, not TRUNCATE: readers keep using the old rows until we commit.
        conn.execute(sa.text("DELETE FROM story_search"))


def rebuild_index(
    conn: Connectionish, batch_size: int = _BATCH, progress: Progress | None = None
) -> int:
    """Re-index every story inside the caller's transaction; returns the number indexed."""
    total = conn.execute(sa.text("SELECT count(*) FROM stories")).scalar_one()
    _clear(conn)
    done, after = 0, 0
    while True:
        rows = conn.execute(
            sa.text(
                "SELECT id, title, text, language, source, published FROM stories "
                "WHERE id > :after ORDER BY id LIMIT :n"
            ).columns(published=sa.DateTime),
            {"after": after, "n": batch_size},
        ).all()
        if not rows:
            break
        write_entries(
            conn,
            [make_entry(r.id, r.title, r.text, r.language, r.source, r.published) for r in rows],
        )
        done, after = done + len(rows), rows[-1].id
        if progress:
            progress(done, total)
    if _dialect(conn) == "sqlite":
        # Merge the segments the batches wrote: queries then read one b-tree per word.
        conn.execute(sa.text("INSERT INTO story_fts(story_fts) VALUES ('optimize')"))
    return done


def reindex(
    engine: Engine, batch_size: int = _BATCH, progress: Progress | None = None
) -> ReindexSummary:
    """Rebuild the archive's full-text index in one transaction (see module docstring)."""
    started = time.monotonic()
    with WriteLock(engine.url.render_as_string(False)), session_scope(engine) as session:
        lock_story_writes(session)
        count = rebuild_index(session, batch_size, progress)
    return ReindexSummary(count, time.monotonic() - started)
