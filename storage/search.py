"""Full-text search over the archive: SQLite FTS5 (BM25) or PostgreSQL tsvector.

Queries accept words, ``"exact phrases"``, ``OR``, ``AND``, ``NOT``/``-word``,
parentheses and trailing-``*`` prefixes; adjacent terms are ANDed. Query and
index are both folded, so "thanh pho hoc tap" finds "thành phố học tập".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlmodel import Session, select

from storage.folding import fold
from storage.models import Appearance, Story
from storage.snippets import Snippet, make_snippet

_FTS = sa.table("story_fts", sa.column("rowid", sa.Integer))
_PG_SEARCH = sa.table("story_search", sa.column("story_id", sa.Integer), sa.column("document"))
_TOKEN = re.compile(r'"[^"]*"?|\(|\)|[^\s()"]+')
_PG_OPERATORS = {")": ")", "OR": "|", "AND": "&", "NOT": "& !"}


class SearchError(ValueError):
    """The query cannot be run; the message says why."""


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    sqlite_match: str
    """FTS5 MATCH expression."""
    postgres_tsquery: str
    """to_tsquery('simple', ...) expression."""
    terms: list[str] = field(default_factory=list)
    """Positive words/phrases, for highlighting."""


@dataclass(frozen=True, slots=True)
class _Term:
    words: list[str]
    prefix: bool


def _term(token: str) -> _Term:
    phrase = token.startswith('"')
    prefix = token.endswith("*") and not phrase
    words = re.findall(r"\w+", fold(token.strip('"').rstrip("*")))
    if not words:
        raise SearchError(f"nothing searchable in {token!r}")
    return _Term(words, prefix)


def _tokens(query: str) -> list[str | _Term]:
    """Operators ("(", ")", "OR", "AND", "NOT") and folded terms, checked for syntax."""
    items: list[str | _Term] = []
    depth = 0
    for token in _TOKEN.findall(query):
        upper = token.upper()
        after_operand = bool(items) and (isinstance(items[-1], _Term) or items[-1] == ")")
        if token == "(":
            depth += 1
            items.append("(")
        elif token == ")":
            depth -= 1
            if depth < 0 or not after_operand:
                raise SearchError("unbalanced or empty parentheses in query")
            items.append(")")
        elif upper in ("OR", "AND", "NOT") or (token.startswith("-") and len(token) > 1):
            operator = "NOT" if token.startswith("-") else upper
            if not after_operand:
                raise SearchError(f"{operator} needs a term before it (e.g. 'stadt {operator} x')")
            items.append(operator)
            if token.startswith("-"):
                items.append(_term(token[1:]))
        else:
            items.append(_term(token))
    if not items:
        raise SearchError("empty query")
    if depth:
        raise SearchError("unbalanced '(' in query")
    if items[-1] in ("OR", "AND", "NOT"):
        raise SearchError(f"query ends with {items[-1]}")
    return items


def parse_query(query: str) -> ParsedQuery:
    """Check the query and render it for FTS5 and for PostgreSQL's to_tsquery."""
    fts: list[str] = []
    pg: list[str] = []
    terms: list[str] = []
    previous: str | _Term | None = None
    for item in _tokens(query):
        implicit_and = isinstance(previous, _Term) or previous == ")"
        if isinstance(item, _Term):
            fts.append('"' + " ".join(item.words) + '"' + ("*" if item.prefix else ""))
            lexemes = [f"'{word}'" for word in item.words]
            if item.prefix:
                lexemes[-1] += ":*"
            operand = " <-> ".join(lexemes)
            operand = f"({operand})" if len(lexemes) > 1 else operand
            pg.append(f"& {operand}" if implicit_and else operand)
            if previous != "NOT":
                terms.append(" ".join(item.words) + ("*" if item.prefix else ""))
        elif item == "(":
            fts.append("(")
            pg.append("& (" if implicit_and else "(")
        else:
            fts.append(item)
            pg.append(_PG_OPERATORS[item])
        previous = item
    return ParsedQuery(" ".join(fts), " ".join(pg), terms)


@dataclass(frozen=True, slots=True)
class SearchFilters:
    sources: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    since: datetime | None = None
    until: datetime | None = None
    topic: str | None = None
    """Only stories that matched this topic (match records written by ``alerts``)."""


_TOPIC_MATCHES = sa.table(
    "topic_matches", sa.column("topic"), sa.column("story_id"), sa.column("terms", sa.JSON)
)


@dataclass(frozen=True, slots=True)
class SearchHit:
    story: Story
    snippet: Snippet
    rank: float
    urls: list[str]


def _filtered(statement: sa.Select, filters: SearchFilters) -> sa.Select:  # type: ignore[type-arg]
    if filters.sources:
        statement = statement.where(Story.source.in_(filters.sources))
    if filters.languages:
        statement = statement.where(Story.language.in_(filters.languages))
    if filters.since:
        statement = statement.where(Story.published >= filters.since)
    if filters.until:
        statement = statement.where(Story.published < filters.until)
    if filters.topic:
        matched = sa.select(_TOPIC_MATCHES.c.story_id).where(
            _TOPIC_MATCHES.c.topic == filters.topic
        )
        statement = statement.where(Story.id.in_(matched))
    return statement


def _ranked_statement(engine: Engine, parsed: ParsedQuery) -> sa.Select:  # type: ignore[type-arg]
    if engine.dialect.name == "sqlite":
        rank = sa.literal_column("bm25(story_fts, 4.0, 1.0)")
        return (
            select(Story, rank)
            .join(_FTS, _FTS.c.rowid == Story.id)
            .where(sa.literal_column("story_fts").op("MATCH")(parsed.sqlite_match))
            .order_by(rank)
        )
    tsquery = sa.func.to_tsquery("simple", parsed.postgres_tsquery)
    document = _PG_SEARCH.c.document
    rank = -sa.func.ts_rank_cd(document, tsquery)
    return (
        select(Story, rank)
        .join(_PG_SEARCH, _PG_SEARCH.c.story_id == Story.id)
        .where(document.op("@@")(tsquery))
        .order_by(rank)
    )


def search(
    engine: Engine,
    query: str | None,
    filters: SearchFilters | None = None,
    limit: int = 20,
    offset: int = 0,
) -> list[SearchHit]:
    """Stories matching ``query``, best first; with no query, a topic's stories, newest first."""
    filters = filters or SearchFilters()
    if not (query or "").strip():
        if not filters.topic:
            raise SearchError("empty query (give words to search for, or --topic)")
        parsed = None
        statement = select(Story, sa.literal(0.0)).order_by(
            Story.published.desc(),
            Story.id.desc(),  # type: ignore[union-attr]
        )
    else:
        parsed = parse_query(query or "")
        statement = _ranked_statement(engine, parsed)
    with Session(engine) as session:
        statement = _filtered(statement, filters).limit(limit).offset(offset)
        try:
            rows = session.exec(statement).all()  # type: ignore[call-overload]
        except (OperationalError, ProgrammingError) as exc:
            raise SearchError(f"invalid query {query!r}: {exc.orig}") from None
        story_ids = [story.id for story, _ in rows]
        urls: dict[int, list[str]] = {}
        for story_id, url in session.exec(
            select(Appearance.story_id, Appearance.url)
            .where(Appearance.story_id.in_(story_ids))
            .order_by(Appearance.id)
        ):
            urls.setdefault(story_id, []).append(url)
        topic_terms: dict[int, list[str]] = {}
        if filters.topic:
            for story_id, terms in session.execute(
                sa.select(_TOPIC_MATCHES.c.story_id, _TOPIC_MATCHES.c.terms).where(
                    _TOPIC_MATCHES.c.topic == filters.topic,
                    _TOPIC_MATCHES.c.story_id.in_(story_ids),
                )
            ):
                topic_terms[story_id] = list(terms or [])
    hits = []
    for story, score in rows:
        terms = (parsed.terms if parsed else []) + topic_terms.get(story.id, [])
        hits.append(
            SearchHit(story, make_snippet(story.text, terms), float(score), urls.get(story.id, []))
        )
    return hits


@dataclass(frozen=True, slots=True)
class Facets:
    """How many stories match in all, and per source and language (for filter sidebars)."""

    total: int
    sources: dict[str, int]
    languages: dict[str, int]


def facets(engine: Engine, query: str | None, filters: SearchFilters | None = None) -> Facets:
    """Counts for the stories ``search`` would return without a limit.

    Each facet is counted with its own filter removed, so the sidebar shows what
    picking another source or language would give.
    """
    filters = filters or SearchFilters()
    if (query or "").strip():
        parsed = parse_query(query or "")
        base = _ranked_statement(engine, parsed).with_only_columns(Story.id).order_by(None)
    elif filters.topic:
        base = select(Story.id)
    else:
        raise SearchError("empty query (give words to search for, or --topic)")
    matched = _filtered(base, filters).subquery()
    by_source = _filtered(base, replace(filters, sources=[])).subquery()
    by_language = _filtered(base, replace(filters, languages=[])).subquery()
    with Session(engine) as session:
        try:
            total = session.execute(sa.select(sa.func.count()).select_from(matched)).scalar_one()
            sources = session.execute(
                sa.select(Story.source, sa.func.count())
                .where(Story.id.in_(sa.select(by_source.c.id)))
                .group_by(Story.source)
            ).all()
            languages = session.execute(
                sa.select(Story.language, sa.func.count())
                .where(Story.id.in_(sa.select(by_language.c.id)))
                .group_by(Story.language)
            ).all()
        except (OperationalError, ProgrammingError) as exc:
            raise SearchError(f"invalid query {query!r}: {exc.orig}") from None
    return Facets(
        total=int(total),
        sources={s: int(n) for s, n in sorted(sources, key=lambda r: -r[1])},
        languages={(lang or "?"): int(n) for lang, n in sorted(languages, key=lambda r: -r[1])},
    )
