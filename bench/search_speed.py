"""Search speed on a large synthetic archive: build/ingest rate and query latency (issue 6).

Run:
  .venv/bin/python bench/search_speed.py --count 1000000 [--data-dir DIR]
  .venv/bin/python bench/search_speed.py --backend postgresql --count 200000 \\
      --url postgresql://postgres@127.0.0.1:5432/test

Builds an archive of synthetic vi/de/en stories (``bench/search_corpus.py``) with
Core executemany into ``stories``/``appearances`` and the project's own index
entries (``query.index_terms.make_entry``, written by ``search.fulltext.write_entries``)
in the same transaction, so the real index format is measured. PostgreSQL is
built in bulk instead: COPY of the stories, appearances and index texts
(``search.fulltext.pg_row``), then the tsvectors made in SQL by the indexing
expression (``search.fulltext.pg_document``) and the indexes built once. Then it times 20
analyst queries warm (1 warm-up plus ``--repeat`` runs) through
``search.engine.search(limit=20)`` and ``search.engine.facets`` (what one web UI
page calls) and reports p50/p95 against the target p95 < 100 ms. It also measures
the real ingest path (``save_article``: dedup, clustering, index) on ``--ingest`` stories in a fresh
archive. An existing archive with the right story count is reused (``--rebuild``
forces a new one); a partly built one is completed (batches are deterministic), or
queried as it is with ``--no-build``. PostgreSQL builds into the schema ``--schema`` (default
``bench_search``).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import tempfile
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from search_corpus import Corpus  # noqa: E402

from newsmon.query.index_terms import make_entry  # noqa: E402
from newsmon.search.engine import SearchFilters, facets, search  # noqa: E402
from newsmon.search.fulltext import pg_document, pg_row, write_entries  # noqa: E402
from newsmon.storage.db import create_db_engine, open_archive  # noqa: E402
from newsmon.storage.models import Appearance, Story  # noqa: E402

TARGET_P95_MS = 100.0
"""Issue 15: search p95 and facets p95 each under 100 ms over the whole query set…"""
TARGET_PAGE_P95_MS = 150.0
"""…and the page (search + facets, what one web UI page calls) under 150 ms."""
BATCH = 2000
END = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Query:
    label: str
    query: str
    filters: SearchFilters = field(default_factory=SearchFilters)


QUERIES: list[Query] = [
    Query("common word vi", "người"),
    Query("common word en", "government"),
    Query("rare word", "ornithopter"),
    Query("vi phrase, no diacritics", '"thanh pho hoc tap"'),
    Query("vi phrase, diacritics", '"thành phố học tập"'),
    Query("en phrase", '"learning city"'),
    Query("OR of phrases", '"learning city" OR "lernende stadt" OR "thành phố học tập"'),
    Query("AND of words", "climate AND council AND city"),
    Query("phrase NOT word", '"climate change" NOT crisis'),
    Query("prefix, small", "lernstad*"),
    Query("prefix, large", "climat*"),
    Query("NEAR/5", "learning NEAR/5 city"),
    Query("ONEAR/3", '"learning" ONEAR/3 city'),
    Query("title: phrase", 'title:"climate change"'),
    Query("word + source filter", "Bürgermeister", SearchFilters(sources=["spiegel"])),
    Query("vi place + lang filter", '"Đà Nẵng"', SearchFilters(languages=["vi"])),
    Query(
        "phrase + last 90 days",
        '"climate change"',
        SearchFilters(since=END - timedelta(days=90), until=END),
    ),
    Query(
        "word + 2 sources + year",
        "unesco",
        SearchFilters(sources=["guardian", "zeit"], since=END - timedelta(days=365)),
    ),
    Query("lang: in query", "lang:de klimawandel"),
    Query(
        "combined + filters",
        '(lernend* NEAR/5 stadt) OR "learning city" OR "thanh pho hoc tap" -unesco',
        SearchFilters(languages=["de", "en", "vi"], since=END - timedelta(days=730)),
    ),
]


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (share in 0..1)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


# --- building -------------------------------------------------------------------------------

_corpus: Corpus | None = None


def _init_worker(seed: int, count: int) -> None:
    global _corpus
    _corpus = Corpus(seed=seed, count=count)


Batch = tuple[list[dict[str, Any]], list[dict[str, Any]], list[Any]]


def _make_batch(first_id: int) -> Batch:
    """Story and appearance rows, plus their index entries.

    Entries are built here, in the generator process (folding and word splitting
    are CPU work), and written by the main process in the story transaction.
    """
    assert _corpus is not None
    stories, appearances = _corpus.batch(first_id, min(BATCH, _corpus.count - first_id + 1))
    entries = [
        make_entry(r["id"], r["title"], r["text"], r["language"], r["source"], r["published"])
        for r in stories
    ]
    return stories, appearances, entries


def _batches(seed: int, count: int, workers: int, first: int) -> Iterator[Batch]:
    """Story batches generated in helper processes, overlapping with the inserts."""
    context = multiprocessing.get_context("forkserver")
    with context.Pool(workers, initializer=_init_worker, initargs=(seed, count)) as pool:
        # A bounded window of pending batches: imap would run ahead and hold them all in memory.
        pending: deque[Any] = deque()
        for first_id in range(first, count + 1, BATCH):
            pending.append(pool.apply_async(_make_batch, (first_id,)))
            if len(pending) > 2 * workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def story_count(engine: Engine) -> int:
    with engine.connect() as connection:
        try:
            return int(connection.execute(sa.text("SELECT count(*) FROM stories")).scalar_one())
        except sa.exc.DBAPIError:
            return -1


def story_max_id(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(sa.text("SELECT max(id) FROM stories")).scalar() or 0)


def db_size_mb(engine: Engine) -> float:
    if engine.dialect.name == "sqlite":
        path = Path(engine.url.database or "")
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 2**20
    with engine.connect() as connection:
        size = connection.execute(
            sa.text(
                "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'm')"
            )
        ).scalar_one()
    return int(size) / 2**20


def index_sizes(engine: Engine) -> dict[str, float]:
    """MB per table/index of interest (SQLite via dbstat when available)."""
    with engine.connect() as connection:
        try:
            if engine.dialect.name == "sqlite":
                rows = connection.execute(
                    sa.text("SELECT name, sum(pgsize) FROM dbstat GROUP BY name")
                ).all()
            else:
                rows = connection.execute(
                    sa.text(
                        "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c "
                        "JOIN pg_namespace n ON n.oid = c.relnamespace "
                        "WHERE n.nspname = current_schema() AND c.relkind = 'r'"
                    )
                ).all()
        except sa.exc.DBAPIError:
            return {}
    sizes = {name: int(size) / 2**20 for name, size in rows}
    return {k: round(v, 1) for k, v in sorted(sizes.items(), key=lambda kv: -kv[1]) if v >= 1}


def reset_postgres_schema(url: str, schema: str, drop: bool) -> str:
    """Create (or re-create) the benchmark schema; the URL that selects it."""
    admin = create_db_engine(url)
    with admin.begin() as connection:
        if drop:
            connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(sa.text(f"CREATE SCHEMA IF NOT EXISTS {schema}"))
    admin.dispose()
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options=-csearch_path%3D{schema}"


def build(engine: Engine, seed: int, count: int, workers: int, first: int = 1) -> dict[str, float]:
    """Insert stories ``first..count`` and index them with the project's indexing code.

    Every batch is committed on its own and depends only on (seed, first id, count),
    so an interrupted build resumes from the next batch and gives the same archive.
    """
    stories, appearances = Story.__table__, Appearance.__table__  # type: ignore[attr-defined]
    began = time.perf_counter()
    index_seconds = 0.0
    done = first - 1
    for story_rows, appearance_rows, entries in _batches(seed, count, workers, first):
        with Session(engine) as session:
            if engine.dialect.name == "sqlite":
                session.execute(sa.text("PRAGMA cache_size=-1000000"))  # 1 GB page cache
            session.execute(sa.insert(stories), story_rows)
            session.execute(sa.insert(appearances), appearance_rows)
            start = time.perf_counter()
            write_entries(session, entries)
            index_seconds += time.perf_counter() - start
            session.commit()
        done += len(story_rows)
        if done % (BATCH * 25) == 0 or done == count:
            elapsed = time.perf_counter() - began
            print(
                f"  built {done:>9,} stories  {elapsed:7.0f}s"
                f"  {(done - first + 1) / elapsed:6.0f}/s"
                f"  db {db_size_mb(engine):8.0f} MB",
                flush=True,
            )
    elapsed = time.perf_counter() - began
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            max_id = connection.execute(sa.text("SELECT max(id) FROM stories")).scalar_one()
            connection.execute(sa.text(f"SELECT setval('stories_id_seq', {max_id})"))
            connection.commit()
    start = time.perf_counter()
    analyze(engine)
    return {
        "build_seconds": round(elapsed, 1),
        "built": count - first + 1,
        "build_rate": round((count - first + 1) / elapsed, 1),
        "index_seconds": round(index_seconds, 1),
        "analyze_seconds": round(time.perf_counter() - start, 1),
    }


_PG_TABLES = ("stories", "appearances", "story_search")
_STAGE = "bench_index_stage"
"""Unlogged table of the index texts (``pg_row``), COPYed in with the stories."""


def _pg_secondary(connection: sa.Connection) -> tuple[list[str], list[str]]:
    """(DROP, CREATE) statements for the indexes and foreign keys a bulk load skips.

    Primary keys stay (COPY needs no other check); everything else is rebuilt
    once at the end, which is much faster than keeping it up to date row by row.
    """
    tables = ", ".join(f"'{t}'" for t in _PG_TABLES)
    keys = connection.execute(sa.text(
        "SELECT c.conname, c.conrelid::regclass::text, pg_get_constraintdef(c.oid) "
        "FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
        f"WHERE n.nspname = current_schema() AND c.contype IN ('f', 'u') "
        f"AND c.conrelid::regclass::text IN ({tables})"
    )).all()  # fmt: skip
    indexes = connection.execute(sa.text(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i "
        "WHERE i.schemaname = current_schema() "
        f"AND i.tablename IN ({tables}) AND i.indexname NOT IN ("
        "SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u'))"
    )).all()  # fmt: skip
    drop = [f'ALTER TABLE {table} DROP CONSTRAINT "{name}"' for name, table, _ in keys]
    drop += [f'DROP INDEX "{name}"' for name, _ in indexes]
    create = [definition for _, definition in indexes]
    create += [f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {d}' for name, table, d in keys]
    return drop, create


def _copy_rows(cursor: Any, table: str, rows: list[dict[str, Any]]) -> None:
    columns = list(rows[0])
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([
                json.dumps(v) if isinstance(v, list | dict) else v for v in row.values()
            ])  # fmt: skip


def _pg_index_chunk(url: str, low: int, high: int) -> None:
    """The real tsvectors (``pg_document``) of stories ``low..high``, from the stage table."""
    engine = create_db_engine(url)
    document = pg_document("title", "body", "meta", "pairs")
    with engine.begin() as connection:
        connection.execute(sa.text(
            f"INSERT INTO story_search(story_id, document) SELECT id, {document} "
            f"FROM {_STAGE} WHERE id BETWEEN :low AND :high "
            "ON CONFLICT (story_id) DO NOTHING"  # a resumed build indexes from the start
        ), {"low": low, "high": high})  # fmt: skip
    engine.dispose()


def build_postgres(
    engine: Engine, url: str, seed: int, count: int, workers: int, first: int = 1
) -> dict[str, float]:
    """Bulk build: COPY stories, appearances and index texts, then index in SQL.

    Secondary indexes and foreign keys are dropped first and rebuilt at the end;
    the tsvectors are made by PostgreSQL from the staged texts with the same
    expression as ``search.fulltext`` (two connections, a chunk of ids each),
    then the GIN index is built once.
    """
    from concurrent.futures import ThreadPoolExecutor

    began = time.perf_counter()
    with engine.begin() as connection:
        drop, create = _pg_secondary(connection)
        for statement in drop:
            connection.execute(sa.text(statement))
        connection.execute(sa.text(
            f"CREATE UNLOGGED TABLE IF NOT EXISTS {_STAGE} "
            "(id integer PRIMARY KEY, title text, body text, meta text, pairs text)"
        ))  # fmt: skip
    done = first - 1
    raw = engine.raw_connection()
    try:
        for story_rows, appearance_rows, entries in _batches(seed, count, workers, first):
            with raw.cursor() as cursor:
                _copy_rows(cursor, "stories", story_rows)
                _copy_rows(cursor, "appearances", appearance_rows)
                _copy_rows(cursor, _STAGE, [pg_row(e) for e in entries])
            raw.commit()
            done += len(story_rows)
            if done % (BATCH * 50) == 0 or done == count:
                elapsed = time.perf_counter() - began
                print(f"  copied {done:>9,} stories  {elapsed:7.0f}s", flush=True)
    finally:
        raw.close()
    copied = time.perf_counter() - began
    chunk = 25_000
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda low: _pg_index_chunk(url, low, low + chunk - 1),
                      range(1, count + 1, chunk)))  # fmt: skip
    indexed = time.perf_counter() - began - copied
    print(f"  tsvectors made {indexed:7.0f}s", flush=True)
    with engine.begin() as connection:
        connection.execute(sa.text("SET maintenance_work_mem = '1GB'"))
        for statement in create:
            connection.execute(sa.text(statement))
        connection.execute(sa.text(f"DROP TABLE {_STAGE}"))
        max_id = connection.execute(sa.text("SELECT max(id) FROM stories")).scalar_one()
        connection.execute(sa.text(f"SELECT setval('stories_id_seq', {max_id})"))
        connection.execute(sa.text(
            "SELECT setval(pg_get_serial_sequence('appearances', 'id'), "
            "(SELECT max(id) FROM appearances))"
        ))  # fmt: skip
    elapsed = time.perf_counter() - began
    start = time.perf_counter()
    analyze(engine)
    return {
        "build_seconds": round(elapsed, 1),
        "built": count - first + 1,
        "build_rate": round((count - first + 1) / elapsed, 1),
        "copy_seconds": round(copied, 1),
        "index_seconds": round(elapsed - copied, 1),
        "analyze_seconds": round(time.perf_counter() - start, 1),
    }


def analyze(engine: Engine) -> None:
    """ANALYZE (and on SQLite fold the WAL into the file) outside any transaction."""
    if engine.dialect.name == "sqlite":
        raw = engine.raw_connection()  # autocommit: the pool's connections begin explicitly
        try:
            raw.execute("ANALYZE")
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()
        return
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")


def ingest_rate(url: str, seed: int, count: int) -> dict[str, float]:
    """Stories/s through the real save path (``save_article``) into a fresh archive."""
    from newsmon.extract.model import DateSource, ExtractedArticle
    from newsmon.stories.repository import ArticlePage, save_article

    engine = open_archive(url)
    rows, _ = Corpus(seed=seed + 1, count=count).batch(1, count)
    pages = [
        ArticlePage(
            row["source"],
            ExtractedArticle(
                url=row["canonical_url"],
                text=row["text"],
                title=row["title"],
                published=row["published"],
                date_source=DateSource.json_ld,
                language=row["language"],
                description=row["description"],
            ),
            row["first_seen"],
        )
        for row in rows
    ]
    timings: list[float] = []
    began = time.perf_counter()
    for page in pages:
        start = time.perf_counter()
        save_article(engine, page)
        timings.append((time.perf_counter() - start) * 1000)
    elapsed = time.perf_counter() - began
    engine.dispose()
    return {
        "stories": count,
        "rate": round(count / elapsed, 1),
        "save_p50_ms": round(percentile(timings, 0.5), 2),
        "save_p95_ms": round(percentile(timings, 0.95), 2),
    }


# --- querying -------------------------------------------------------------------------------


def _timed(function: Any, *args: Any, **kwargs: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return (time.perf_counter() - start) * 1000, result


def run_queries(engine: Engine, repeat: int, budget_s: float) -> list[dict[str, Any]]:
    """Per query: first (cold-ish) and warm timings of search(limit=20) and facets()."""
    results = []
    for query in QUERIES:
        entry: dict[str, Any] = {"label": query.label, "query": query.query}
        entry["filters"] = {k: str(v) for k, v in asdict(query.filters).items() if v}
        try:
            first_search, hits = _timed(search, engine, query.query, query.filters, limit=20)
            first_facets, counts = _timed(facets, engine, query.query, query.filters)
        except Exception as exc:  # a query the grammar rejects is reported
            entry["error"] = f"{type(exc).__name__}: {exc}"
            print(f"  {query.label:<26} ERROR {entry['error'][:150]}", flush=True)
            results.append(entry)
            continue
        search_ms: list[float] = []
        facets_ms: list[float] = []
        deadline = time.perf_counter() + budget_s
        for _ in range(repeat):
            search_ms.append(_timed(search, engine, query.query, query.filters, limit=20)[0])
            facets_ms.append(_timed(facets, engine, query.query, query.filters)[0])
            if time.perf_counter() > deadline:
                break
        entry |= {
            "total": counts.total,
            "total_exact": counts.exact,
            "hits": len(hits),
            "first_search_ms": round(first_search, 1),
            "first_facets_ms": round(first_facets, 1),
            "search_ms": [round(v, 2) for v in search_ms],
            "facets_ms": [round(v, 2) for v in facets_ms],
            "search_p50": round(percentile(search_ms, 0.5), 1),
            "search_p95": round(percentile(search_ms, 0.95), 1),
            "facets_p50": round(percentile(facets_ms, 0.5), 1),
            "facets_p95": round(percentile(facets_ms, 0.95), 1),
        }
        print(
            f"  {query.label:<26} {_matches(counts):>9} {entry['first_search_ms']:>8.1f}"
            f" {entry['search_p50']:>8.1f} {entry['search_p95']:>8.1f}"
            f" {entry['first_facets_ms']:>8.1f} {entry['facets_p50']:>8.1f}"
            f" {entry['facets_p95']:>8.1f}  {query.query}{_filter_note(entry['filters'])}",
            flush=True,
        )
        results.append(entry)
    return results


def explain_slowest(engine: Engine, results: list[dict[str, Any]], count: int) -> list[str]:
    """EXPLAIN (ANALYZE, BUFFERS) of the slowest SQL statement of the slowest queries.

    Each query is run once more while its statements are timed; the slowest is
    explained in a transaction with the planner settings search uses.
    """
    timed: list[tuple[float, str, Any]] = []

    def before(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        conn.info["began"] = time.perf_counter()

    def after(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        timed.append((time.perf_counter() - conn.info["began"], statement, params))

    by_label = {q.label: q for q in QUERIES}
    slowest = sorted(
        (r for r in results if "error" not in r),
        key=lambda r: -(r["search_p95"] + r["facets_p95"]),
    )[:count]
    plans = []
    for result in slowest:
        query = by_label[result["label"]]
        for function in (search, facets):
            sa.event.listen(engine, "before_cursor_execute", before)
            sa.event.listen(engine, "after_cursor_execute", after)
            try:
                timed.clear()
                function(engine, query.query, query.filters)
            finally:
                sa.event.remove(engine, "before_cursor_execute", before)
                sa.event.remove(engine, "after_cursor_execute", after)
            seconds, statement, params = max(timed, key=lambda t: t[0])
            with engine.connect() as connection:
                if engine.dialect.name == "postgresql":
                    connection.exec_driver_sql(
                        "SELECT set_config('enable_seqscan', 'off', true), "
                        "set_config('enable_indexscan', 'off', true)"
                    )
                    explain = "EXPLAIN (ANALYZE, BUFFERS) "
                else:
                    explain = "EXPLAIN QUERY PLAN "
                rows = connection.exec_driver_sql(explain + statement, params).all()
            plan = "\n".join(" | ".join(str(c) for c in row) for row in rows)
            plans.append(
                f"--- {query.label} / {function.__name__}: slowest statement "
                f"{seconds * 1000:.1f} ms\n{statement}\n{params}\n{plan}"
            )
    return plans


def _matches(counts: Any) -> str:
    """The match count as the web UI shows it: "10,000+" where facets are capped."""
    return f"{counts.total:,}" + ("" if getattr(counts, "exact", True) else "+")


def _filter_note(filters: dict[str, str]) -> str:
    if not filters:
        return ""
    parts = [f"{k}={v[:10] if k in ('since', 'until') else v}" for k, v in filters.items()]
    return "  [" + ", ".join(parts) + "]"


def summary(results: list[dict[str, Any]]) -> dict[str, Any]:
    ok = [r for r in results if "error" not in r]
    search_all = [v for r in ok for v in r["search_ms"]]
    facets_all = [v for r in ok for v in r["facets_ms"]]
    page_all = [s + f for r in ok for s, f in zip(r["search_ms"], r["facets_ms"], strict=True)]
    out: dict[str, Any] = {"queries_ok": len(ok), "queries_failed": len(results) - len(ok)}
    for name, values in (("search", search_all), ("facets", facets_all), ("page", page_all)):
        if values:
            out[f"{name}_p50"] = round(percentile(values, 0.5), 1)
            out[f"{name}_p95"] = round(percentile(values, 0.95), 1)
    out["target_met_search"] = bool(search_all) and out["search_p95"] < TARGET_P95_MS
    out["target_met_facets"] = bool(facets_all) and out["facets_p95"] < TARGET_P95_MS
    out["target_met_page"] = bool(page_all) and out["page_p95"] < TARGET_PAGE_P95_MS
    out["slow_search"] = [r["label"] for r in ok if r["search_p95"] >= TARGET_P95_MS]
    out["slow_facets"] = [r["label"] for r in ok if r["facets_p95"] >= TARGET_P95_MS]
    return out


# --- main -----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="SQLite archive file (kept for reuse)")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=Path(os.environ.get("NEWSMON_BENCH_DIR", ROOT / "bench" / "out")),
        help="where archives are built and kept (default bench/out or $NEWSMON_BENCH_DIR)",
    )
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--schema", default="bench_search", help="PostgreSQL schema")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=15, help="warm runs per query")
    parser.add_argument("--budget", type=float, default=30.0, help="max seconds per query")
    parser.add_argument("--ingest", type=int, default=2000, help="stories for save_article rate")
    parser.add_argument("--workers", type=int, default=2, help="story generator processes")
    parser.add_argument(
        "--no-build", action="store_true", help="query the archive as it is (even partial)"
    )
    parser.add_argument("--rebuild", action="store_true", help="build even if the archive exists")
    parser.add_argument("--json", type=Path, help="also write machine-readable results here")
    parser.add_argument(
        "--explain", type=int, default=0, help="print the query plans of the N slowest queries"
    )
    args = parser.parse_args()

    report: dict[str, Any] = {"backend": args.backend, "count": args.count, "seed": args.seed}
    if args.backend == "sqlite":
        db = args.db or args.data_dir / f"search-{args.count}.db"
        db.parent.mkdir(parents=True, exist_ok=True)
        if args.rebuild:
            for path in db.parent.glob(db.name + "*"):
                path.unlink()
        url = f"sqlite:///{db}"
        report["db"] = str(db)
    else:
        probe = create_db_engine(
            reset_postgres_schema(args.url, args.schema, drop=False)
        )  # fmt: skip
        stale = args.rebuild or story_count(probe) > args.count
        probe.dispose()
        url = reset_postgres_schema(args.url, args.schema, drop=stale)
        report["db"] = f"{args.url} schema {args.schema}"
    engine = open_archive(url)
    existing = story_count(engine)
    print(f"search benchmark: {args.backend}, {args.count:,} stories, seed {args.seed}")
    report["indexer"] = (
        "index_terms.make_entry + fulltext.write_entries (batch)"
        if args.backend == "sqlite"
        else "index_terms.make_entry, COPY of fulltext.pg_row, tsvectors by fulltext.pg_document"
    )
    print(f"indexing with {report['indexer']}; archive {report['db']}")
    report["stories"] = existing
    if existing == args.count or args.no_build:
        print(f"using the existing archive ({existing:,} stories; --rebuild to build anew)")
        report["build"] = None
        if existing != args.count:
            analyze(engine)  # an interrupted build never reached its ANALYZE / VACUUM
    else:
        if existing > args.count or existing % BATCH or story_max_id(engine) != existing:
            raise SystemExit(f"{report['db']} holds {existing:,} stories, not {args.count:,}: "
                             "use --rebuild")  # fmt: skip
        if existing:
            print(f"resuming the build after story {existing:,}")
        print(f"building {args.count:,} stories in batches of {BATCH:,} …")
        if args.backend == "postgresql":
            report["build"] = build_postgres(
                engine, url, args.seed, args.count, args.workers, existing + 1
            )
        else:
            report["build"] = build(engine, args.seed, args.count, args.workers, existing + 1)
        report["stories"] = args.count
        b = report["build"]
        print(f"build: {b['build_seconds']:.0f}s = {b['build_rate']:.0f} stories/s "
              f"(index writes {b['index_seconds']:.0f}s); "
              f"ANALYZE {b['analyze_seconds']:.0f}s")  # fmt: skip
    report["db_mb"] = round(db_size_mb(engine), 1)
    report["sizes_mb"] = index_sizes(engine)
    parts = ", ".join(f"{k} {v:,.0f}" for k, v in list(report["sizes_mb"].items())[:6])
    print(f"archive size: {report['db_mb']:,.0f} MB; largest parts (MB): {parts}")

    print(f"\nqueries (ms; warm = {args.repeat} runs after 1 first run; limit 20):")
    print(f"  {'query':<26} {'matches':>9} {'search1':>8} {'s p50':>8} {'s p95':>8}"
          f" {'facets1':>8} {'f p50':>8} {'f p95':>8}  text [filters]")  # fmt: skip
    report["queries"] = run_queries(engine, args.repeat, args.budget)
    report["summary"] = s = summary(report["queries"])
    if args.explain:
        report["plans"] = explain_slowest(engine, report["queries"], args.explain)
        print("\nplans of the slowest queries:\n" + "\n\n".join(report["plans"]))
    engine.dispose()
    print(
        f"\noverall warm: search p50 {s.get('search_p50')} ms, p95 {s.get('search_p95')} ms; "
        f"facets p50 {s.get('facets_p50')} ms, p95 {s.get('facets_p95')} ms; "
        f"page (search+facets) p50 {s.get('page_p50')} ms, p95 {s.get('page_p95')} ms"
    )
    verdict = {True: "MET", False: "MISSED"}
    print(
        f"target p95 < {TARGET_P95_MS:.0f} ms: search {verdict[s['target_met_search']]}, "
        f"facets {verdict[s['target_met_facets']]}; page p95 < {TARGET_PAGE_P95_MS:.0f} ms: "
        f"{verdict[s['target_met_page']]}; {s['queries_failed']} queries failed"
    )
    if s["slow_search"] or s["slow_facets"]:
        print(f"  slow search: {', '.join(s['slow_search']) or '-'}")
        print(f"  slow facets: {', '.join(s['slow_facets']) or '-'}")

    if args.ingest:
        with tempfile.TemporaryDirectory() as tmp:
            if args.backend == "sqlite":
                ingest_url = f"sqlite:///{Path(tmp) / 'ingest.db'}"
            else:
                ingest_url = reset_postgres_schema(args.url, args.schema + "_ingest", drop=True)
            print(f"\ningest via save_article: {args.ingest:,} stories into a fresh archive …")
            report["ingest"] = i = ingest_rate(ingest_url, args.seed, args.ingest)
            print(f"ingest: {i['rate']:.0f} stories/s (save p50 {i['save_p50_ms']} ms, "
                  f"p95 {i['save_p95_ms']} ms)")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, default=str))
        print(f"results written to {args.json}")


if __name__ == "__main__":
    main()
