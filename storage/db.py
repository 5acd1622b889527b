"""Engine creation and schema migration for SQLite (default) and PostgreSQL."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session

MIGRATIONS = Path(__file__).parent / "migrations"


def _driver_url(url: str) -> sa.URL:
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        # psycopg 3 is the driver we ship; SQLAlchemy would otherwise look for psycopg2.
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def create_db_engine(url: str) -> Engine:
    """An engine tuned for the archive's access pattern (one writer, many readers)."""
    parsed = _driver_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(parsed, connect_args={"timeout": 30})
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        sa.event.listen(engine, "begin", _sqlite_begin)
        return engine
    return sa.create_engine(parsed, pool_pre_ping=True)


WRITE_OPTION = "newsmon_writer"
_WRITER = "_newsmon_writer"
"""Attribute under which an engine keeps its writer engine."""


def writer(engine: Engine) -> Engine:
    """The engine for read-then-write transactions that must not interleave.

    On SQLite its transactions start with BEGIN IMMEDIATE, taking the write lock
    before the first read, so two processes storing the same story cannot both
    decide it is new. (PostgreSQL saves take an advisory lock instead.)
    Derived once per engine and kept on it (it shares the engine's pool): deriving
    it for every save cost the save some 70 µs.
    """
    if engine.get_execution_options().get(WRITE_OPTION):
        return engine
    derived = engine.__dict__.get(_WRITER)
    if derived is None:
        derived = engine.execution_options(**{WRITE_OPTION: True})
        setattr(engine, _WRITER, derived)
    return derived


def _sqlite_begin(connection: sa.Connection) -> None:
    immediate = connection.get_execution_options().get(WRITE_OPTION)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


WAL_CHECKPOINT_PAGES = 10_000


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    # Transactions are begun explicitly (see _sqlite_begin), not by the driver.
    dbapi_connection.isolation_level = None
    # WAL lets readers (search, export, status) run while a crawl writes;
    # synchronous=NORMAL is durable across process crashes in WAL mode.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # A story's save writes a few hundred pages (stories, index, sketches), so the
    # default checkpoint every 1,000 WAL pages ran every few saves, with its fsyncs,
    # inside the write lock the other page workers wait for: 10,000 pages (~40 MB of
    # WAL) cut a save from 12.2 to 8.7 ms wall on real pages (hot index pages are
    # copied back once instead of many times).
    cursor.execute(f"PRAGMA wal_autocheckpoint={WAL_CHECKPOINT_PAGES}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


MIGRATION_LOCK_KEY = 0x6E65_7773_6D6F_6E00  # "newsmon\0": one migrator at a time


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (idempotent, safe to race).

    Every command opens the archive this way, often beside a running daemon: an
    up-to-date schema is only read. Otherwise the migration runs under the
    archive's write lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock),
    so two processes starting on a fresh archive never both create tables.
    """
    if _current_revision(engine) == _newest_revision():
        return  # the usual case, without importing Alembic or reading the scripts
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with writer(engine).begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(
                sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK_KEY}
            )
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


_REVISION_FILE = re.compile(r"(\d{4})_\w+\.py")


def _newest_revision() -> str:
    """Revisions are numbered files (``0010_real_urls.py``, revision "0010"), one chain."""
    names = (_REVISION_FILE.fullmatch(p.name) for p in (MIGRATIONS / "versions").iterdir())
    return max(m.group(1) for m in names if m)


def _current_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as connection:
            return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    except sa.exc.DBAPIError:  # a new archive: no version table yet
        return None


def open_archive(url: str) -> Engine:
    """Engine for the archive at ``url``, migrated to the current schema."""
    engine = create_db_engine(url)
    migrate(engine)
    return engine


def key_list(connection: sa.Connection, keys: list[int]) -> object:
    """``keys`` as the ``:keys`` parameter of a ``keys_in`` statement."""
    return json.dumps(keys) if connection.dialect.name == "sqlite" else keys


DIALECTS = ("sqlite", "postgresql")


def keys_in(column: sa.ColumnElement[int], dialect: str) -> sa.ColumnElement[bool]:
    """``column IN (:keys)`` for a long list of keys passed as one parameter (``key_list``).

    An expanding IN of a hundred keys was rendered anew for every query, and SQLite
    compiled each such statement again; this one is the same text every time (an
    index lookup per key either way).
    """
    keys = sa.bindparam("keys")
    if dialect == "sqlite":
        return column.in_(sa.select(sa.column("value")).select_from(sa.func.json_each(keys)))
    return column == sa.any_(sa.cast(keys, postgresql.ARRAY(sa.BigInteger)))


def core(session: Session) -> sa.Connection:
    """The session's connection for Core statements, pending objects flushed first.

    What ``session.execute`` does for a Core statement, at half its Python cost: the
    save path runs a dozen such statements per story.
    """
    session.flush()
    return session.connection()


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One write transaction: committed on success, rolled back on any error.

    On SQLite it begins IMMEDIATE: a transaction that reads and then writes would
    otherwise fail at once ("database is locked", no waiting) whenever another
    process committed in between. Plain ``Session(engine)`` stays for reads.
    """
    with Session(writer(engine), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
