"""Keeps the full-text index in step with the stories table, in the same transaction.

What is indexed is our own word list (``query.folding.index_words``: folded,
letters and digits only, German stories with umlaut digraphs collapsed), joined
by spaces, so SQLite, PostgreSQL and the Python verifier in ``search.engine``
see the same words at the same positions.

SQLite: contentless FTS5 table ``story_fts(title, body, meta, title_pairs,
body_pairs)``, rowid = story id. The pair columns hold every two adjacent words
joined by ``_`` ("thanh_pho pho_hoc hoc_tap"): a phrase of n words is a phrase of
n-1 pairs there, which FTS5 finds from the short lists of rare pairs instead of
walking the long lists of common words (Vietnamese syllables are all common).
A contentless table can only delete an entry given the exact values it indexed,
so ``story_fts_state`` remembers the language and source each story was indexed
with (title and text come from the caller, who holds the old values).

PostgreSQL: ``story_search.document``, a tsvector in the ``newsmon_search``
configuration (``simple`` + ``unaccent``, see migration 0005): meta words weight
C, title weight A, then a gap wider than any NEAR distance, then the body
(weight D), so phrases and NEAR never join title and body; then the pair tokens
(weight B), which a phrase query ANDs with its ``<->`` phrase so that GIN hands
only stories holding every pair to the costly positional recheck.

``meta`` holds one word per story property (``lang:``/``source:`` filters and a
word every story has, for purely negative queries): coded so no text word can
collide with them, and searched only through their own column/weight.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from typing import Literal

import sqlalchemy as sa
from sqlmodel import Session

from newsmon.query.folding import collapse_digraphs, index_words
from newsmon.query.rules import MAX_NEAR
from newsmon.storage.models import Story

SEARCH_CONFIG = "newsmon_search"
"""PostgreSQL text-search configuration created by migration 0005."""
ALL_TOKEN = "zall"
"""Meta word of every story: the universe a purely negative query subtracts from."""
GERMAN = "de"
PAIR_JOINER = "_"
"""Joins the two words of a pair token; a token character of the FTS5 tokenizer
(migration 0006) that no indexed word contains."""
_GAP = "zgap " * (MAX_NEAR + 1)

Connectionish = Session | sa.Connection


def meta_token(field: Literal["lang", "source"], value: str) -> str:
    """The meta word for ``lang:value`` / ``source:value`` (hex keeps any value one word)."""
    return ("zl" if field == "lang" else "zs") + value.lower().encode().hex()


@dataclass(frozen=True, slots=True)
class IndexEntry:
    story_id: int
    title: str
    body: str
    meta: str
    language: str | None
    source: str
    title_pairs: str = ""
    body_pairs: str = ""
    published: datetime | None = None


def index_text(text: str | None, language: str | None) -> str:
    """The words of ``text`` as indexed for a story in ``language``, space-separated."""
    found = index_words(text or "")
    if (language or "").lower() == GERMAN:
        found = [collapse_digraphs(w) for w in found]
    return " ".join(found)


def pair_tokens(words: Sequence[str]) -> list[str]:
    """Adjacent words joined by ``_``: the pair column's tokens (position i = words i, i+1)."""
    return [f"{a}{PAIR_JOINER}{b}" for a, b in pairwise(words)]


def postgres_pairs(pairs: str) -> str:
    """Pair tokens as PostgreSQL's parser keeps them whole ("thanh0pho": it splits at "_").

    Only ever tested for presence (never by position), so a rare collision such as
    "ab"+"0c" = "ab0"+"c" merely adds a candidate that the phrase test rejects.
    """
    return pairs.replace(PAIR_JOINER, "0")


def make_entry(
    story_id: int,
    title: str | None,
    text: str,
    language: str | None,
    source: str,
    published: datetime | None = None,
) -> IndexEntry:
    meta = [ALL_TOKEN, meta_token("source", source)]
    if language:
        meta.append(meta_token("lang", language))
    title_words, body_words = index_text(title, language), index_text(text, language)
    return IndexEntry(
        story_id,
        title_words,
        body_words,
        " ".join(meta),
        language,
        source,
        " ".join(pair_tokens(title_words.split())),
        " ".join(pair_tokens(body_words.split())),
        published,
    )


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
_PG_UPSERT = sa.text(
    "INSERT INTO story_search(story_id, document) VALUES (:id, "
    f"setweight(to_tsvector('{SEARCH_CONFIG}', :meta), 'C') "
    f"|| setweight(to_tsvector('{SEARCH_CONFIG}', :title), 'A') "
    f"|| ts_delete(to_tsvector('{SEARCH_CONFIG}', :body), 'zgap'::text) "
    f"|| setweight(to_tsvector('{SEARCH_CONFIG}', :pairs), 'B')) "
    "ON CONFLICT (story_id) DO UPDATE SET document = EXCLUDED.document"
)


def write_entries(conn: Connectionish, entries: Sequence[IndexEntry]) -> None:
    """Add (PostgreSQL: add or replace) index entries; one round trip per batch."""
    if not entries:
        return
    rows = [
        {
            "id": e.story_id,
            "title": e.title,
            "body": e.body,
            "meta": e.meta,
            "language": e.language,
            "source": e.source,
            "title_pairs": e.title_pairs,
            "body_pairs": e.body_pairs,
        }
        for e in entries
    ]
    if _dialect(conn) == "sqlite":
        conn.execute(_SQLITE_INSERT, rows)
        conn.execute(
            _SQLITE_STATE,
            [
                {
                    "story_id": e.story_id,
                    "language": e.language,
                    "source": e.source,
                    "published": e.published,
                }
                for e in entries
            ],
        )
    else:
        for row in rows:  # the gap keeps phrases and NEAR from joining title and body
            row["body"] = _GAP + row["body"]
            row["pairs"] = postgres_pairs(f"{row['title_pairs']} {row['body_pairs']}")
        conn.execute(_PG_UPSERT, rows)


def index_story(session: Session, story_id: int, title: str | None, text: str) -> None:
    """Index a stored story (its language, source and date are read from the session)."""
    story = session.get(Story, story_id)
    if story is None:
        raise LookupError(f"story {story_id} must be flushed before it is indexed")
    entry = make_entry(story_id, title, text, story.language, story.source, story.published)
    write_entries(session, [entry])


def set_published(session: Session, story_id: int, published: datetime | None) -> None:
    """Keep the index state's date in step when a story is re-dated without an edit."""
    if _dialect(session) == "sqlite":
        session.execute(
            sa.update(INDEX_STATE)
            .where(INDEX_STATE.c.story_id == story_id)
            .values(published=published)
        )


def unindex_story(session: Session, story_id: int, title: str | None, text: str) -> None:
    """Remove a story's entry; SQLite needs the title and text it was indexed with."""
    if _dialect(session) != "sqlite":
        session.execute(sa.text("DELETE FROM story_search WHERE story_id = :id"), {"id": story_id})
        return
    state = session.execute(
        sa.text("SELECT language, source FROM story_fts_state WHERE story_id = :id"),
        {"id": story_id},
    ).first()
    if state is None:
        return  # never indexed (or already removed): nothing to delete
    entry = make_entry(story_id, title, text, state.language, state.source)
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
