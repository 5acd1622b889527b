"""Archive-wide named locks: one crawl per source, one daemon per archive.

The locks die with their holder, so a ``kill -9`` never leaves one behind:
SQLite archives use ``flock`` on files beside the database; PostgreSQL archives
use session advisory locks, released when the connection drops.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import socket
from pathlib import Path
from types import TracebackType

import sqlalchemy as sa
import sqlalchemy.orm
from sqlalchemy.engine import Engine, make_url

from newsmon.storage import EXIT_LOCK_BUSY  # noqa: F401  (re-exported for callers)


def pid_alive(pid: int | None) -> bool:
    """True if the process exists and is not a zombie (killed, waiting to be reaped)."""
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def holder_id() -> str:
    """``host:pid`` of this process, for records that a dead holder must not keep."""
    return f"{socket.gethostname()}:{os.getpid()}"


def holder_alive(holder: str | None) -> bool | None:
    """Whether the process behind a ``holder_id`` runs; None if it is on another host."""
    if not holder or ":" not in holder:
        return None
    host, _, pid = holder.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return None
    return pid_alive(int(pid))


STORY_WRITES_KEY = 0x6E65_7773_6D6F_6E  # "newsmon"


def lock_story_writes(session: sa.orm.Session) -> None:
    """Serialise the transactions that write stories (saves, re-clustering, reindexing).

    PostgreSQL: a transaction-scoped advisory lock, released at commit or rollback.
    SQLite needs none here: those transactions begin IMMEDIATE under a ``WriteLock``.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": STORY_WRITES_KEY})


LOCK_SESSION_KEEPALIVE = {
    "tcp_keepalives_idle": 10,
    "tcp_keepalives_interval": 5,
    "tcp_keepalives_count": 3,
}
"""Server-side TCP keepalive of lock sessions (seconds; count of unanswered probes)."""


class LockBusy(Exception):
    """Another process holds the lock."""


class ArchiveLock:
    def __init__(self, database_url: str, name: str) -> None:
        self.database_url = database_url
        self.name = name
        self._file: int | None = None
        self._engine: Engine | None = None
        self._connection: sa.Connection | None = None

    def _lock_path(self) -> Path | None:
        database = make_url(self.database_url).database
        if not database or database == ":memory:":
            return None
        return Path(database).with_name(Path(database).name + ".locks") / f"{self.name}.lock"

    def acquire(self) -> ArchiveLock:
        """Take the lock without waiting; raise LockBusy if someone else has it."""
        if make_url(self.database_url).get_backend_name() == "sqlite":
            path = self._lock_path()
            if path is None:
                return self
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(handle)
                raise LockBusy(self.name) from None
            os.ftruncate(handle, 0)
            os.write(handle, str(os.getpid()).encode())
            self._file = handle
            return self
        from newsmon.storage.db import create_db_engine

        key = int.from_bytes(
            hashlib.sha256(f"newsmon:{self.name}".encode()).digest()[:8], "big", signed=True
        )
        self._engine = create_db_engine(self.database_url)
        self._connection = self._engine.connect()
        # The lock must die with its holder's host too, not only its process: the
        # server probes this session and ends it (freeing the lock) within ~25 s of
        # the host going silent, instead of the system's two-hour TCP default.
        for setting, seconds in LOCK_SESSION_KEEPALIVE.items():
            self._connection.execute(sa.text(f"SET {setting} = {seconds}"))
        got = self._connection.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": key})
        if not got.scalar():
            self.release()
            raise LockBusy(self.name)
        self._connection.commit()
        return self

    @property
    def held(self) -> bool:
        return self._file is not None or self._connection is not None

    def release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            os.close(self._file)
            self._file = None
        if self._connection is not None:
            self._connection.close()  # closing the session releases advisory locks
            self._connection = None
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def __enter__(self) -> ArchiveLock:
        return self.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


class WriteLock:
    """Blocking, process-wide lock around archive writes that read before writing.

    SQLite's own busy handler waits by sleeping in growing steps (1, 2, 5, 10 ms
    ...), which throttles several writer processes badly; a blocking ``flock``
    wakes the next writer the moment the lock is free. Not needed on PostgreSQL,
    where saves take a transaction-scoped advisory lock.
    """

    def __init__(self, database_url: str) -> None:
        self._handle: int | None = None
        self._path: Path | None = None
        if make_url(database_url).get_backend_name() == "sqlite":
            self._path = ArchiveLock(database_url, "write")._lock_path()

    def __enter__(self) -> WriteLock:
        if self._path is not None:
            if self._handle is None:
                self._path.parent.mkdir(parents=True, exist_ok=True)
                self._handle = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o644)
            fcntl.flock(self._handle, fcntl.LOCK_EX)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle, fcntl.LOCK_UN)
