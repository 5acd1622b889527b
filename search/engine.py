"""Full-text search over the archive: SQLite FTS5 (BM25) or PostgreSQL tsvector.

Queries use the topic-rule language (``query.rules``): words, ``"phrases"``,
AND/OR/NOT/``-word``, parentheses, ``prefix*``, ``NEAR/n``, ``ONEAR/n``,
``title:``, ``lang:``/``source:``. Search ignores diacritics both ways and
treats German ä/ö/ü/ß and ae/oe/ue/ss alike (``query.compile``).

Ranking: SQLite orders by FTS5 BM25 with title matches weighted 4x body; on
PostgreSQL ``ts_rank_cd`` with title 10:1 body and length normalisation.
Either way a title hit ranks above a body-only hit and more occurrences rank
higher. ``SearchHit.rank`` is lower-is-better on both (negated ts_rank_cd).

Speed: the engine query runs on the index alone, ranked and limited there, and
stories are loaded for the page only. Source, language and date filters are
meta words inside the match expression (a date range is an OR of year, month
and day words; only a range end inside a day checks that day's candidates on
the narrow index-state row); topics need the stories table and are joined.
Queries an engine cannot express exactly (ONEAR on SQLite, long NEAR on
PostgreSQL, …) fetch candidates in rank order and verify each with the
topic matcher until the page is full. Broad queries are ranked over the newest
``RANK_WINDOW`` matches and faceted over the newest ``FACET_LIMIT``, so a common
word costs the same on a million stories as on ten thousand; ``matching_ids``
(exports, trends) has no such bound.

PostgreSQL finds those newest matches in story-id windows, newest first
(``_newest_ids``): GIN cannot stop early, but ANDed with the key index's id range
it reads only a window's rows. A phrase, NEAR or ``title:`` needs positions,
which GIN does not hold: each candidate's whole tsvector is read from TOAST to
recheck it, so the windows list candidates by a recheck-free narrow query (pair
tokens, words) and only as many are rechecked as it takes to fill the window.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlmodel import Session, select

from newsmon.query.compile import CompiledQuery, SearchError, compile_query
from newsmon.query.index_terms import GERMAN, DateCover, date_cover, meta_token
from newsmon.query.snippets import Snippet, make_snippet
from newsmon.search.fulltext import INDEX_STATE, SEARCH_CONFIG, naive_utc
from newsmon.storage.models import Appearance, Story

__all__ = [
    "Facets",
    "SearchError",
    "SearchFilters",
    "SearchHit",
    "appearance_urls",
    "apply_filters",
    "facets",
    "matching_ids",
    "ranked_results_limit",
    "search",
]

MAX_BATCH = 5000
"""Largest candidate batch when verifying (batches start at one page and double)."""
FACET_VERIFY_LIMIT = 200
"""Most candidates ``facets`` verifies one by one in Python (~1 ms each); with more,
it counts the engine's superset instead and marks the counts inexact."""
RANK_WINDOW = {"sqlite": 2000, "postgresql": 1000}
"""Relevance ranking covers the newest N matches of a query (by story id, i.e. when
stored). Both engines score every match they rank, so an unbounded ranking of a
common word costs time in proportion to the archive; in a news archive the newest
matches are also the ones an analyst wants first. PostgreSQL's ``ts_rank_cd``
reads each match's whole tsvector, hence the smaller window there."""
FACET_LIMIT = 10_000
"""Facets count the newest N matches; beyond that they are marked inexact ("10,000+")."""
RANK_RECHECKS = 1000
FACET_RECHECKS = 2000
"""PostgreSQL: most candidates one search (facet count) rechecks for a query GIN
cannot answer alone (phrases of 3+ words, NEAR, ``title:``). A recheck reads the
candidate's whole tsvector from TOAST (~30 us), so a phrase found in thousands of
stories would cost as much as reading them all. Beyond the bound, ranking covers
the matches among the newest candidates read, and facets count those and are
marked inexact, as beyond ``FACET_LIMIT``."""

_FTS = sa.table("story_fts", sa.column("rowid", sa.Integer), sa.column("rank", sa.Float))
_FTS_MATCH = sa.literal_column("story_fts").op("MATCH")
_PG_SEARCH = sa.table("story_search", sa.column("story_id", sa.Integer), sa.column("document"))
# ts_rank_cd weights {D, C, B, A}: body 0.1, meta ~0, title 1.0 (PostgreSQL's own ratio).
# Cover density counts every cover, so body repetition adds up faster than under
# BM25's saturation: 10:1 (not SQLite's 4:1) keeps a title hit above body-only hits.
_PG_WEIGHTS = sa.literal_column("'{0.1, 0.001, 0.4, 1.0}'::float4[]")


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


def apply_filters(statement: sa.Select, filters: SearchFilters) -> sa.Select:  # type: ignore[type-arg]
    """``statement`` (which must involve ``Story``) narrowed to the filters, in SQL."""
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


# -- engine statements ----------------------------------------------------------------------


def _joined_filters(filters: SearchFilters) -> SearchFilters:
    """The filters that need the stories table (sources and languages are meta words)."""
    return replace(filters, sources=[], languages=[])


def _needs_join(filters: SearchFilters) -> bool:
    return bool(filters.since or filters.until or filters.topic)


def _meta_any(kind: str, values: list[str], fts: bool) -> str:
    field_ = "lang" if kind == "lang" else "source"
    tokens = [meta_token(field_, v) for v in values]  # type: ignore[arg-type]
    if fts:
        return "meta : (" + " OR ".join(tokens) + ")"
    return "(" + " | ".join(f"'{t}'" for t in tokens) + ")"


def _dates_any(cover: DateCover, fts: bool) -> str:
    if fts:
        return "meta : (" + " OR ".join(cover.tokens) + ")"
    return "(" + " | ".join(f"'{t}'" for t in cover.tokens) + ")"


def _match_parts(
    compiled: CompiledQuery,
    filters: SearchFilters,
    fts: bool,
    dates: DateCover | None,
    form: str = "match",
) -> list[str]:
    """The query's and each filter's match expression, to be ANDed.

    PostgreSQL: ``form`` "narrow", the superset GIN answers without rechecks,
    "sure" the subset that needs none (``CompiledQuery``).
    """
    if fts:
        parts = [compiled.fts]
    else:
        forms = {"narrow": compiled.tsquery_narrow, "sure": compiled.tsquery_sure}
        parts = [forms.get(form, compiled.tsquery_match)]
    if filters.sources:
        parts.append(_meta_any("source", filters.sources, fts))
    if filters.languages:
        parts.append(_meta_any("lang", filters.languages, fts))
    if dates is not None and dates.tokens:
        parts.append(_dates_any(dates, fts))
    return parts


def _fts_match_text(
    compiled: CompiledQuery, filters: SearchFilters, dates: DateCover | None
) -> str:
    """SQLite's MATCH expression: the query and the filters' meta words."""
    return " AND ".join(_match_parts(compiled, filters, True, dates))


def _pg_matches(parts: list[str]) -> sa.ColumnElement[bool]:
    """``document @@ q`` for each part, each ``q`` a one-row subquery (an InitPlan).

    The subquery hides the tsquery from the planner, which then takes its default
    selectivity and ANDs the GIN bitmap with the key index's id range (see
    ``_newest_ids``); with the tsquery in view it filters the id range by ``@@``,
    reading every story's tsvector in the range. One condition per filter (the
    date words of a long range are dozens of ORed words) lets GIN intersect the
    query's short posting lists with them, instead of testing the whole
    expression on every story that has any of the words.
    """
    document = _PG_SEARCH.c.document
    return sa.and_(
        *(
            document.op("@@")(sa.select(sa.func.to_tsquery(SEARCH_CONFIG, part)).scalar_subquery())
            for part in parts
        )
    )


def date_words(session: Session, filters: SearchFilters) -> DateCover | None:
    """The date words that stand for the filters' date range; None without one.

    The archive's oldest and newest publication dates (two index lookups) close
    an open end. Days are UTC days, as the archive stores dates.
    """
    if not (filters.since or filters.until):
        return None
    oldest = sa.select(sa.func.min(Story.published)).scalar_subquery()
    newest = sa.select(sa.func.max(Story.published)).scalar_subquery()
    low, high = session.execute(sa.select(oldest, newest)).one()
    if low is None or high is None:
        return DateCover([], exact=True)
    return date_cover(filters.since, filters.until, low, high)


def _ranked(
    compiled: CompiledQuery,
    filters: SearchFilters,
    dialect: str,
    dates: DateCover | None,
    floor: int | None = None,
    form: str = "match",
) -> sa.Select:  # type: ignore[type-arg]
    """(id, rank) of every story the engine matches with id >= ``floor``, best first.

    ``dates`` (from ``date_words``) puts the date range into the match; only when a
    range end falls inside a day are that day's candidates checked by their time.
    """
    if dialect == "sqlite":
        statement = (
            sa.select(_FTS.c.rowid.label("id"), _FTS.c.rank.label("rank"))
            .where(_FTS_MATCH(_fts_match_text(compiled, filters, dates)))
            .order_by(_FTS.c.rank, _FTS.c.rowid)
        )
        story_id = _FTS.c.rowid
    else:
        rank = _pg_rank(compiled)
        statement = (
            sa.select(_PG_SEARCH.c.story_id.label("id"), rank.label("rank"))
            .where(_pg_matches(_match_parts(compiled, filters, False, dates, form=form)))
            .order_by(rank, _PG_SEARCH.c.story_id)
        )
        story_id = _PG_SEARCH.c.story_id
    if floor is not None:
        statement = statement.where(story_id >= floor)
    joined = _joined_filters(filters)
    if dates is not None and not dates.tokens:
        statement = statement.where(sa.false())  # no story published in the range
    if dates is not None and dates.exact:
        joined = replace(joined, since=None, until=None)  # the date words say it all
    if dialect == "sqlite" and (joined.since or joined.until):
        # Dates from the narrow index-state row: a wide stories row per candidate
        # made date-filtered searches of a large archive several times slower.
        state = INDEX_STATE
        statement = statement.join(state, state.c.story_id == story_id)
        if joined.since:
            statement = statement.where(state.c.published >= naive_utc(joined.since))
        if joined.until:
            statement = statement.where(state.c.published < naive_utc(joined.until))
        joined = replace(joined, since=None, until=None)
    if _needs_join(joined):
        statement = apply_filters(statement.join(Story, Story.id == story_id), joined)
    return statement


def _pg_rank(compiled: CompiledQuery) -> sa.ColumnElement[float]:
    """PostgreSQL's rank of a story (lower is better): ``ts_rank_cd`` of the positional query.

    Without the filters' meta words: they select, and do not rank. In the query
    they made every cover start at the meta words before the title, and cost
    ``ts_rank_cd`` most of its time for a date range (dozens of ORed words).
    """
    # Parsed once (an InitPlan), not once per ranked story.
    query = sa.select(sa.func.to_tsquery(SEARCH_CONFIG, compiled.tsquery)).scalar_subquery()
    return -sa.func.ts_rank_cd(_PG_WEIGHTS, _PG_SEARCH.c.document, query, 1)


def _pg_ranked_ids(compiled: CompiledQuery, ids: list[int]) -> sa.Select:  # type: ignore[type-arg]
    """(id, rank) of the given matches, best first: only they are read and scored."""
    rank = _pg_rank(compiled)
    story_id = _PG_SEARCH.c.story_id
    listed = sa.bindparam("ids", ids, type_=postgresql.ARRAY(sa.Integer))
    return (
        sa.select(story_id.label("id"), rank.label("rank"))
        .where(story_id == sa.any_(listed))
        .order_by(rank, story_id)
    )


def ranked_results_limit(engine: Engine) -> int:
    """How many results of a broad query can be paged through (the rank window)."""
    return RANK_WINDOW[engine.dialect.name]


def _newest(
    compiled: CompiledQuery,
    filters: SearchFilters,
    dialect: str,
    dates: DateCover | None,
    form: str = "match",
) -> sa.Select:  # type: ignore[type-arg]
    """Ids of the matching stories, newest (highest id) first, without ranking them.

    ``form`` (PostgreSQL): of another form of the query (see ``_match_parts``).
    """
    ranked = _ranked(compiled, filters, dialect, dates, form=form)
    story_id = ranked.selected_columns.id
    return ranked.with_only_columns(story_id).order_by(None).order_by(story_id.desc())


def _rank_floor(
    session: Session,
    compiled: CompiledQuery,
    filters: SearchFilters,
    dates: DateCover | None,
    query: str,
) -> int | None:
    """Lowest id among the newest ``RANK_WINDOW`` matches; None when fewer match.

    Finding it walks the engine's id-ordered match list without scoring, which is
    far cheaper than ranking every match of a common word.
    """
    dialect = session.get_bind().dialect.name
    statement = _newest(compiled, filters, dialect, dates)
    statement = statement.offset(RANK_WINDOW[dialect] - 1).limit(1)
    rows = _run(session, statement, query)
    return int(rows[0][0]) if rows else None


PG_FIRST_WINDOW = 20_000
"""Story ids in the first PostgreSQL id window, at least; a large archive's first
window is ``1 / PG_FIRST_SHARE`` of it, as each window costs one GIN scan of the
whole index (a query with a date range's words: ~20 ms on a million stories)."""
PG_FIRST_SHARE = 16
PG_FIRST_SHARE_CHECKED = 4
"""The same for a query whose candidates are rechecked: its window lists candidates
(ids, cheap) and only as many are read as needed, so it can start wider."""
PG_MAX_GROWTH = 16
"""Most a window grows over the previous one (when it found nothing)."""


def _pg_newest_ids(
    session: Session,
    compiled: CompiledQuery,
    filters: SearchFilters,
    dates: DateCover | None,
    n: int,
    query: str | None,
    rechecks: int,
) -> tuple[list[int], bool]:
    """Up to ``n`` ids of the newest matches (PostgreSQL), newest first, and
    whether they are all of the newest ``n`` (False: the recheck bound ended it).

    Where the match needs rechecks (phrases of 3+ words, NEAR, ``title:``), the
    windows list the candidates of the narrow query and only those are
    rechecked, newest first, until ``n`` pass or ``rechecks`` candidates were
    read (``_newest_ids``).
    """
    if not compiled.tsquery_narrow:
        newest = _newest(compiled, filters, "postgresql", dates)
        return _newest_ids(session, newest, n, query)
    narrow = _newest(compiled, filters, "postgresql", dates, form="narrow")
    sure = (
        _newest(compiled, filters, "postgresql", dates, form="sure")
        if compiled.tsquery_sure
        else None
    )
    return _newest_ids(session, narrow, n, query, compiled.tsquery_match, sure, rechecks)


def _newest_ids(
    session: Session,
    newest: sa.Select,  # type: ignore[type-arg]
    n: int,
    query: str | None,
    check: str | None = None,
    sure: sa.Select | None = None,  # type: ignore[type-arg]
    rechecks: int = 0,
) -> tuple[list[int], bool]:
    """Up to ``n`` ids of ``newest`` (ids descending; PostgreSQL), newest first,
    and False if ``rechecks`` candidates were rechecked before ``n`` matched.

    The matches are taken in story-id windows, newest first: the GIN bitmap is
    ANDed with the key index's id range before any row is read (``_pg_matches``),
    so a common word costs one window, and a phrase, whose candidates are
    rechecked on their tsvectors (read from TOAST), is rechecked on about as
    many stories as it takes to find ``n``. Each window is sized from the match
    density of those before it.
    """
    top = session.execute(sa.select(sa.func.max(_PG_SEARCH.c.story_id))).scalar()
    if top is None:
        return [], True
    story_id = newest.selected_columns.id
    found: list[int] = []
    share = PG_FIRST_SHARE if check is None else PG_FIRST_SHARE_CHECKED
    high, width = int(top), max(PG_FIRST_WINDOW, int(top) // share)
    budget = rechecks
    with _pg_index_plans(session, query):
        while high > 0 and len(found) < n:
            if check is not None and budget <= 0:
                return found, False
            low = high - width
            statement = newest.where(story_id <= high)
            if low > 0:
                statement = statement.where(story_id > low)
            if check is None:
                rows = session.execute(statement.limit(n - len(found))).all()
                found += [int(row[0]) for row in rows]
            else:
                candidates = [int(row[0]) for row in session.execute(statement)]
                matches: set[int] = set()
                if sure is not None:
                    window = sure.where(story_id <= high)
                    if low > 0:
                        window = window.where(story_id > low)
                    matches = {int(row[0]) for row in session.execute(window)}
                wanted = n - len(found)
                matched, checked = _pg_checked(session, candidates, check, wanted, matches, budget)
                found += matched
                budget -= checked
                if checked < len(candidates) and len(found) < n:
                    return found, False
            scanned, high = int(top) - low, low
            # Enough ids for the rest at the density so far, with a margin.
            wanted = (n - len(found)) * scanned / max(len(found), 1) * 1.25
            width = int(min(max(wanted, width), width * PG_MAX_GROWTH))
    return found, True


_PG_INDEX_PLANS = ("enable_seqscan", "enable_indexscan")
"""Plans PostgreSQL must not pick for ``story_search``: its heap is a few bytes per
story (the tsvectors live in TOAST), so the planner costs a scan that tests
every row with ``@@`` (or walks the key index backwards testing each) as cheap,
yet each test de-TOASTs a whole tsvector: 0.4 s on 20,000 stories instead of a
few ms through the GIN index. Switched off per statement, so GIN bitmaps are used."""


def _run(
    session: Session,
    statement: sa.Select,  # type: ignore[type-arg]
    query: str | None,
    fulltext: bool = True,
) -> list[sa.Row]:  # type: ignore[type-arg]
    """Run an engine statement; ``fulltext``: it reads the index (see ``_PG_INDEX_PLANS``)."""
    if not fulltext:
        try:
            return list(session.execute(statement).all())
        except (OperationalError, ProgrammingError) as exc:
            raise SearchError(f"invalid query {query!r}: {exc.orig}") from None
    with _pg_index_plans(session, query):
        return list(session.execute(statement).all())


def _pg_checked(
    session: Session,
    candidates: list[int],
    check: str,
    n: int,
    matches: set[int],
    budget: int,
) -> tuple[list[int], int]:
    """The first ``n`` of ``candidates`` (ids descending) that match ``check``
    among the first ``budget`` of them, and how many were read; ``matches`` are
    known to match and are not rechecked.

    Read by key in chunks, newest first, so a candidate is rechecked only while
    matches are still wanted; ``@@`` in COALESCE is no index condition, so the
    planner cannot turn it into a GIN scan that rechecks every match.
    """
    document, story_id = _PG_SEARCH.c.document, _PG_SEARCH.c.story_id
    query = sa.select(sa.func.to_tsquery(SEARCH_CONFIG, check)).scalar_subquery()
    listed = sa.bindparam("ids", type_=postgresql.ARRAY(sa.Integer))
    statement = (
        sa.select(story_id)
        .where(story_id == sa.any_(listed), sa.func.coalesce(document.op("@@")(query), False))
        .order_by(story_id.desc())
    )
    found: list[int] = []
    position = 0
    while position < min(len(candidates), budget) and len(found) < n:
        size = min(2 * (n - len(found)) + 50, budget - position)
        chunk = candidates[position : position + size]
        unsure = [c for c in chunk if c not in matches]
        passed = {int(row[0]) for row in session.execute(statement, {"ids": unsure})}
        found += [c for c in chunk if c in matches or c in passed][: n - len(found)]
        position += len(chunk)
    return found, min(position, len(candidates))


@contextmanager
def _pg_index_plans(session: Session, query: str | None) -> Iterator[None]:
    """Statements inside use the index plans (PostgreSQL, see ``_PG_INDEX_PLANS``);
    a statement the engine rejects raises SearchError."""
    steer = session.get_bind().dialect.name == "postgresql"
    try:
        if steer:
            _pg_plans(session, "off")
        yield
    except (OperationalError, ProgrammingError) as exc:
        # A failed statement ends the transaction, and with it the SET LOCALs.
        raise SearchError(f"invalid query {query!r}: {exc.orig}") from None
    if steer:
        _pg_plans(session, "on")


def _pg_plans(session: Session, value: str, names: tuple[str, ...] = _PG_INDEX_PLANS) -> None:
    """Switch the ``_PG_INDEX_PLANS`` for the rest of the transaction (SET LOCAL).

    Parallel plans go with them: their workers start in more time than our
    window-sized statements take (and the key ranges keep them small).
    """
    settings = [f"set_config('{name}', '{value}', true)" for name in names]
    parallel = "max_parallel_workers_per_gather"
    reset = f"(SELECT reset_val FROM pg_settings WHERE name = '{parallel}')"
    workers = "'0'" if value == "off" else reset
    settings.append(f"set_config('{parallel}', {workers}, true)")
    session.execute(sa.text(f"SELECT {', '.join(settings)}"))


def _stories(session: Session, ids: list[int]) -> dict[int, Story]:
    if not ids:
        return {}
    return {s.id: s for s in session.exec(select(Story).where(Story.id.in_(ids)))}  # type: ignore[misc]


def _verified(story: Story, compiled: CompiledQuery) -> bool:
    return compiled.matches(story.title, story.text, story.language, story.source)


def _ranked_stories(
    session: Session,
    compiled: CompiledQuery,
    filters: SearchFilters,
    limit: int,
    offset: int,
    query: str,
) -> list[tuple[Story, float]]:
    """One page of matching stories, best first, verified in Python where needed."""
    dialect = session.get_bind().dialect.name
    dates = date_words(session, filters)
    if dialect == "postgresql":
        window = RANK_WINDOW[dialect]
        ids, _ = _pg_newest_ids(session, compiled, filters, dates, window, query, RANK_RECHECKS)
        statement = _pg_ranked_ids(compiled, ids)
    else:
        floor = _rank_floor(session, compiled, filters, dates, query)
        statement = _ranked(compiled, filters, dialect, dates, floor)
    if compiled.exact(dialect):
        rows = _run(session, statement.limit(limit).offset(offset), query)
        stories = _stories(session, [r.id for r in rows])
        return [(stories[r.id], float(r.rank)) for r in rows if r.id in stories]
    # Most candidates pass (the engine's superset is tight), so a page plus a margin
    # usually fills at once: each check re-reads a story (~1 ms).
    wanted, found, position = offset + limit, [], 0
    batch = wanted + 10
    while len(found) < wanted:
        rows = _run(session, statement.limit(batch).offset(position), query)
        stories = _stories(session, [r.id for r in rows])
        for row in rows:
            story = stories.get(row.id)
            if story is not None and _verified(story, compiled):
                found.append((story, float(row.rank)))
        if len(rows) < batch:
            break
        position, batch = position + batch, min(batch * 2, MAX_BATCH)
    return found[offset:wanted]


def matching_ids(engine: Engine, query: str, filters: SearchFilters | None = None) -> Iterator[int]:
    """Every story matching ``query`` and ``filters``, ascending ids, unranked and unbounded.

    For exports and trends, which need all matches rather than the best page: no
    rank window applies. Keyset-paginated (``id > last``), so memory stays flat;
    candidates are verified where the engine's match is a superset.
    """
    filters = filters or SearchFilters()
    compiled = compile_query(query)
    with Session(engine) as session:
        dialect = session.get_bind().dialect.name
        ranked = _ranked(compiled, filters, dialect, date_words(session, filters))
        story_id = ranked.selected_columns.id
        ascending = ranked.with_only_columns(story_id).order_by(None).order_by(story_id)
        last = 0
        while True:
            rows = _run(session, ascending.where(story_id > last).limit(MAX_BATCH), query)
            ids = [int(row[0]) for row in rows]
            if not ids:
                return
            if compiled.exact(dialect):
                yield from ids
            else:
                stories = _stories(session, ids)
                yield from (i for i in ids if i in stories and _verified(stories[i], compiled))
                session.expunge_all()
            last = ids[-1]


def _topic_stories(
    session: Session, filters: SearchFilters, limit: int, offset: int
) -> list[tuple[Story, float]]:
    statement = select(Story).order_by(Story.published.desc(), Story.id.desc())  # type: ignore[union-attr]
    statement = apply_filters(statement, filters).limit(limit).offset(offset)
    return [(story, 0.0) for story in session.exec(statement)]


def appearance_urls(session: Session, story_ids: list[int]) -> dict[int, list[str]]:
    """Every URL each story appeared at, as the sites serve them, first seen first."""
    urls: dict[int, list[str]] = {}
    for story_id, url in session.exec(
        select(Appearance.story_id, sa.func.coalesce(Appearance.href, Appearance.url))
        .where(Appearance.story_id.in_(story_ids), Appearance.listed)  # type: ignore[attr-defined]
        .order_by(Appearance.id)
    ):
        urls.setdefault(story_id, []).append(url)
    return urls


def _topic_terms(session: Session, topic: str | None, story_ids: list[int]) -> dict[int, list[str]]:
    if not topic:
        return {}
    rows = session.execute(
        sa.select(_TOPIC_MATCHES.c.story_id, _TOPIC_MATCHES.c.terms).where(
            _TOPIC_MATCHES.c.topic == topic, _TOPIC_MATCHES.c.story_id.in_(story_ids)
        )
    )
    return {story_id: list(terms or []) for story_id, terms in rows}


def _empty_query(query: str | None, filters: SearchFilters) -> bool:
    if (query or "").strip():
        return False
    if not filters.topic:
        raise SearchError("empty query (give words to search for, or --topic)")
    return True


def search(
    engine: Engine,
    query: str | None,
    filters: SearchFilters | None = None,
    limit: int = 20,
    offset: int = 0,
) -> list[SearchHit]:
    """Stories matching ``query``, best first, one hit per story; with no query, a
    topic's stories, newest first."""
    filters = filters or SearchFilters()
    compiled = None if _empty_query(query, filters) else compile_query(query or "")
    with Session(engine) as session:
        if compiled is None:
            rows = _topic_stories(session, filters, limit, offset)
        else:
            rows = _ranked_stories(session, compiled, filters, limit, offset, query or "")
        story_ids = [story.id for story, _ in rows]
        urls = appearance_urls(session, story_ids)  # type: ignore[arg-type]
        topic_terms = _topic_terms(session, filters.topic, story_ids)  # type: ignore[arg-type]
    hits = []
    for story, rank in rows:
        terms = (compiled.terms if compiled else []) + topic_terms.get(story.id, [])  # type: ignore[arg-type]
        snippet = make_snippet(story.text, terms, german=(story.language or "").lower() == GERMAN)
        hits.append(SearchHit(story, snippet, rank, urls.get(story.id, [])))  # type: ignore[arg-type]
    return hits


# -- facets ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Facets:
    """How many stories match in all, and per source and language (for filter sidebars)."""

    total: int
    sources: dict[str, int]
    languages: dict[str, int]
    exact: bool = True
    """False when the counts cover only the newest ``FACET_LIMIT`` matches (show
    them as "10,000+"), or, for queries verified in Python (ONEAR, …), the engine's
    superset when it holds more than ``FACET_VERIFY_LIMIT`` candidates."""


def _sorted_counts(counts: Counter[str]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _exact_facets(
    session: Session,
    compiled: CompiledQuery | None,
    filters: SearchFilters,
    query: str | None,
    newest: list[int] | None = None,
    newest_complete: bool = True,
) -> Facets:
    """Counted in SQL in one pass over the newest ``FACET_LIMIT`` matches.

    The pass leaves the source and language filters open and groups by (source,
    language); each facet is then summed with its own filter removed, which is
    what picking another value would give. ``newest`` (PostgreSQL): those
    matches' ids when the caller has them (``_pg_newest_ids``, FACET_LIMIT + 1).
    """
    dialect = session.get_bind().dialect.name
    open_filters = replace(filters, sources=[], languages=[])
    fulltext = compiled is not None
    if dialect == "sqlite":  # the narrow index-state table, not the wide stories rows
        properties = INDEX_STATE.alias("properties")
        key = properties.c.story_id
    else:
        properties, key = Story.__table__, Story.__table__.c.id  # type: ignore[attr-defined]
    grouped = sa.select(properties.c.source, properties.c.language, sa.func.count()).group_by(
        properties.c.source, properties.c.language
    )
    dates = date_words(session, filters) if compiled is not None else None
    if dialect == "postgresql" and compiled is not None:
        # The ids themselves (from id windows), so the match is not run twice.
        if newest is None:
            ids, complete = _pg_newest_ids(
                session, compiled, open_filters, dates, FACET_LIMIT + 1, query, FACET_RECHECKS
            )
        else:
            ids, complete = newest, newest_complete
        beyond = len(ids) > FACET_LIMIT or not complete
        counted = sa.bindparam("ids", ids[:FACET_LIMIT], type_=postgresql.ARRAY(sa.Integer))
        listed = sa.func.unnest(counted).table_valued("id").render_derived(name="listed")
        # Looked up one by one in ix_stories_facets (index only, migration 0017).
        statement = grouped.select_from(listed.join(properties, key == listed.c.id))
        fulltext = False
        _pg_plans(session, "off", names=())
    else:
        if compiled is None:
            matches = apply_filters(sa.select(Story.id), open_filters).order_by(Story.id.desc())
        else:
            matches = _newest(compiled, open_filters, dialect, dates)
        beyond = bool(_run(session, matches.offset(FACET_LIMIT).limit(1), query, fulltext))
        matched = matches.limit(FACET_LIMIT).subquery()
        story_id = next(iter(matched.c))
        statement = grouped.select_from(matched.join(properties, key == story_id))
    groups = _run(session, statement, query, fulltext)
    if dialect == "postgresql" and compiled is not None:
        _pg_plans(session, "on", names=())
    exact = not beyond
    by_source: Counter[str] = Counter()
    by_language: Counter[str] = Counter()
    total = 0
    for source, language, count in groups:
        source_ok = not filters.sources or source in filters.sources
        language_ok = not filters.languages or language in filters.languages
        if language_ok:
            by_source[source] += int(count)
        if source_ok:
            by_language[language or "?"] += int(count)
        if source_ok and language_ok:
            total += int(count)
    return Facets(total, _sorted_counts(by_source), _sorted_counts(by_language), exact)


def _verified_facets(
    session: Session, compiled: CompiledQuery, filters: SearchFilters, query: str
) -> Facets:
    """Counted in Python over verified candidates, when there are few enough.

    Sources and languages are left open in the engine query so that each facet can
    be counted without its own filter. Beyond ``FACET_VERIFY_LIMIT`` candidates the
    engine's superset is counted in SQL instead (``exact`` False: "about").
    """
    open_filters = replace(filters, sources=[], languages=[])
    dialect = session.get_bind().dialect.name
    dates = date_words(session, filters)
    if dialect == "postgresql":
        # As many as a superset count needs: the windows then run once, not twice.
        ids, complete = _pg_newest_ids(
            session, compiled, open_filters, dates, FACET_LIMIT + 1, query, FACET_RECHECKS
        )
        if len(ids) > FACET_VERIFY_LIMIT or not complete:
            superset = _exact_facets(session, compiled, filters, query, ids, complete)
            return replace(superset, exact=False)
    else:
        newest = _newest(compiled, open_filters, dialect, dates)
        ids = [int(r[0]) for r in _run(session, newest.limit(FACET_VERIFY_LIMIT + 1), query)]
    if len(ids) > FACET_VERIFY_LIMIT:
        superset = _exact_facets(session, compiled, filters, query)
        return replace(superset, exact=False)
    stories = _stories(session, ids)
    by_source: Counter[str] = Counter()
    by_language: Counter[str] = Counter()
    total = 0
    for story in stories.values():
        if not _verified(story, compiled):
            continue
        source_ok = not filters.sources or story.source in filters.sources
        language_ok = not filters.languages or story.language in filters.languages
        if language_ok:
            by_source[story.source] += 1
        if source_ok:
            by_language[story.language or "?"] += 1
        total += source_ok and language_ok
    return Facets(total, _sorted_counts(by_source), _sorted_counts(by_language))


def facets(engine: Engine, query: str | None, filters: SearchFilters | None = None) -> Facets:
    """Counts for the stories ``search`` would return without a limit.

    Each facet is counted with its own filter removed, so the sidebar shows what
    picking another source or language would give. Counted in SQL over the newest
    ``FACET_LIMIT`` matches when the engine expresses the query exactly, otherwise
    by verifying up to ``FACET_VERIFY_LIMIT`` candidates; ``exact`` is False when
    the counts are capped or a superset.
    """
    filters = filters or SearchFilters()
    compiled = None if _empty_query(query, filters) else compile_query(query or "")
    with Session(engine) as session:
        dialect = session.get_bind().dialect.name
        if compiled is None or compiled.exact(dialect):
            return _exact_facets(session, compiled, filters, query)
        return _verified_facets(session, compiled, filters, query or "")
