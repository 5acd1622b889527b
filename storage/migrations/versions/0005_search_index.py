"""Search index format 2: our own word list, German digraphs, meta words, unaccent config.

SQLite: ``story_fts`` gains a ``meta`` column (source/language words, so those
filters run inside MATCH), ``title_pairs``/``body_pairs`` columns (adjacent
words joined by ``_``, kept whole by the tokenizer: phrases become phrases of
rare pairs, see ``search.fulltext``) and a persistent rank (BM25, title 4x
body, meta 0); ``story_fts_state`` remembers what each entry was indexed with.
PostgreSQL: text-search configuration ``newsmon_search`` = ``simple`` plus the
``unaccent`` dictionary (or plain ``simple``, with a warning, where the extension
is not available).

Both rebuild the index from the stories table with the current code.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-08
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

log = logging.getLogger("newsmon.migrations")

_WORD_TYPES = (
    "asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, "
    "hword_numpart"
)


def _unaccent_schema(bind: sa.Connection) -> str | None:
    """Schema of the unaccent extension, installing it (in ``public``) if possible.

    ``public``, not the current schema: an extension exists once per database, and
    a schema-local copy would vanish (taking our configuration) with that schema.
    """
    query = sa.text(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'unaccent'"
    )
    for statement in (
        "CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public",
        "CREATE EXTENSION IF NOT EXISTS unaccent",
    ):
        schema = bind.execute(query).scalar()
        if schema:
            return str(schema)
        try:
            with bind.begin_nested():
                bind.execute(sa.text(statement))
        except sa.exc.DBAPIError as exc:
            log.debug("cannot create extension unaccent: %s", exc)
    schema = bind.execute(query).scalar()
    return str(schema) if schema else None


def _create_config(bind: sa.Connection) -> None:
    op.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS newsmon_search")
    op.execute("CREATE TEXT SEARCH CONFIGURATION newsmon_search (COPY = pg_catalog.simple)")
    schema = _unaccent_schema(bind)
    if schema is None:
        log.warning(
            "PostgreSQL extension unaccent is not available: search uses the 'simple' "
            "configuration (text is still folded by newsmon, so results are the same "
            "for Latin scripts)"
        )
        return
    op.execute(
        f"ALTER TEXT SEARCH CONFIGURATION newsmon_search ALTER MAPPING FOR {_WORD_TYPES} "
        f'WITH "{schema}".unaccent, simple'
    )


def upgrade() -> None:
    from newsmon.search.reindex import rebuild_index

    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS story_fts")
        # Contentless: the folded words are only needed for matching; snippets are cut
        # from stories.text. Words arrive split and folded, hence no diacritic removal.
        op.execute(
            "CREATE VIRTUAL TABLE story_fts USING fts5("
            "title, body, meta, title_pairs, body_pairs, content='', "
            "tokenize='unicode61 remove_diacritics 0 tokenchars ''_''')"
        )
        op.execute(
            "INSERT INTO story_fts(story_fts, rank) "
            "VALUES ('rank', 'bm25(4.0, 1.0, 0.0, 4.0, 1.0)')"
        )
        op.create_table(
            "story_fts_state",
            sa.Column("story_id", sa.Integer, primary_key=True, autoincrement=False),
            sa.Column("language", sa.String(8)),
            sa.Column("source", sa.String, nullable=False),
        )
    else:
        _create_config(bind)
    rebuild_index(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.drop_table("story_fts_state")
        op.execute("DROP TABLE story_fts")
        op.execute(
            "CREATE VIRTUAL TABLE story_fts USING fts5("
            "title, body, content='', tokenize='unicode61 remove_diacritics 0')"
        )
    else:
        op.execute("DELETE FROM story_search")
        op.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS newsmon_search")
    # The old format's entries are not rebuilt here: run the previous newsmon's reindex.
