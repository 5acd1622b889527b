"""The daemon's records in the archive: source states, crawl outcomes, its own heartbeat."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from newsmon.crawler.counters import failure_reason
from newsmon.storage.db import session_scope
from newsmon.storage.locks import EXIT_LOCK_BUSY, ArchiveLock, LockBusy, pid_alive
from newsmon.storage.models import CrawlRun, DaemonState, SourceState, utcnow


@dataclass
class CrawlOutcome:
    source: str
    exit_status: int | None
    started: datetime
    finished: datetime
    timed_out: bool = False
    interrupted: bool = False
    """Stopped because the daemon is stopping: not the source's failure (no backoff)."""
    summary: dict[str, Any] = field(default_factory=dict)
    """Counters of the crawl (SourceSummary fields) as the crawl process reported them."""

    @property
    def failed(self) -> bool:
        if self.interrupted:
            return False
        if self.timed_out or self.exit_status not in (0, EXIT_LOCK_BUSY):
            return True
        return failure_reason(self.summary) is not None

    @property
    def status(self) -> str:
        if self.exit_status == EXIT_LOCK_BUSY:
            return "skipped (already running)"
        if self.interrupted:
            return "interrupted (daemon stopping)"
        if self.timed_out:
            return "timed out"
        return "failed" if self.failed else "ok"


def recover_interrupted_runs(engine: Engine) -> int:
    """Close local crawl runs whose process is gone (killed daemon or crawl): no stale 'running'.

    Runs on Scrapyd nodes (``job_id`` set) are another host's processes: see
    ``recover_remote_runs``.
    """
    closed = 0
    with session_scope(engine) as session:
        local_open = select(CrawlRun).where(
            CrawlRun.status == "running",
            CrawlRun.job_id.is_(None),  # type: ignore[union-attr]
        )
        for run in session.exec(local_open).all():
            if not pid_alive(run.pid):
                run.status = "interrupted"
                run.outcome = "failed"
                run.finished_at = run.finished_at or utcnow()
                run.message = "the crawl process ended without closing its run (killed?)"
                session.add(run)
                closed += 1
    return closed


def close_runs_of_process(engine: Engine, outcome: CrawlOutcome, pid: int) -> None:
    """Record the process's end on its runs: killed if it never closed them itself."""
    with session_scope(engine) as session:
        for run in session.exec(select(CrawlRun).where(CrawlRun.pid == pid)).all():
            run.exit_status = outcome.exit_status
            if run.status == "running":
                run.status = "interrupted" if outcome.interrupted else "killed"
                run.finished_at = outcome.finished
                run.message = (
                    "stopped at its deadline"
                    if outcome.timed_out
                    else f"crawl process ended with exit status {outcome.exit_status}"
                )
            if outcome.failed or run.outcome is None:
                run.outcome = "failed" if outcome.failed or outcome.interrupted else "ok"
            session.add(run)


def load_states(engine: Engine) -> dict[str, SourceState]:
    with Session(engine, expire_on_commit=False) as session:
        return {s.source: s for s in session.exec(select(SourceState)).all()}


def last_crawl_starts(engine: Engine) -> dict[str, datetime]:
    """When each source's newest crawl started, manual ones included."""
    with Session(engine) as session:
        rows = session.execute(
            sa.select(CrawlRun.source, sa.func.max(CrawlRun.started_at)).group_by(CrawlRun.source)
        ).all()
    # max() over the column loses the UTC type decorator on SQLite: re-read as aware.
    return {source: _aware(started) for source, started in rows if started is not None}


def _aware(value: datetime | str) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def record_start(engine: Engine, source: str, when: datetime) -> None:
    with session_scope(engine) as session:
        state = session.get(SourceState, source) or SourceState(source=source)
        state.last_started = when
        session.add(state)


def record_outcome(
    engine: Engine,
    outcome: CrawlOutcome,
    *,
    backoff_base: float,
    backoff_max: float,
    next_due: datetime | None,
    health_warning: str | None,
) -> SourceState:
    """Store how a crawl went; failures grow an exponential per-source backoff."""
    with session_scope(engine) as session:
        state = session.get(SourceState, outcome.source) or SourceState(source=outcome.source)
        state.last_finished = outcome.finished
        state.last_status = outcome.status
        if outcome.exit_status == EXIT_LOCK_BUSY or outcome.interrupted:
            pass
        elif outcome.failed:
            state.failure_streak += 1
            wait = min(backoff_max, backoff_base * 2 ** (state.failure_streak - 1))
            state.backoff_until = outcome.finished + timedelta(seconds=wait)
        else:
            state.failure_streak = 0
            state.backoff_until = None
            state.last_success = outcome.finished
            state.health_warning = health_warning
        if next_due is not None:
            state.next_due = max(next_due, state.backoff_until or next_due)
        session.add(state)
        session.flush()
        session.expunge(state)
        return state


def set_next_due(engine: Engine, source: str, when: datetime | None) -> None:
    with session_scope(engine) as session:
        state = session.get(SourceState, source) or SourceState(source=source)
        state.next_due = when
        session.add(state)


def register_daemon(engine: Engine) -> int:
    now = utcnow()
    with session_scope(engine) as session:
        for old in session.exec(select(DaemonState).where(DaemonState.state == "running")).all():
            if not pid_alive(old.pid) or old.hostname != socket.gethostname():
                old.state = "crashed"
                old.stopped_at = old.heartbeat
                session.add(old)
        row = DaemonState(
            pid=os.getpid(),
            hostname=socket.gethostname(),
            started_at=now,
            heartbeat=now,
            state="running",
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        return row.id


def heartbeat(engine: Engine, daemon_id: int, state: str = "running") -> None:
    with session_scope(engine) as session:
        row = session.get(DaemonState, daemon_id)
        if row is not None:
            row.heartbeat = utcnow()
            row.state = state
            if state == "stopped":
                row.stopped_at = row.heartbeat
            session.add(row)


def record_alerts_cycle(
    engine: Engine,
    daemon_id: int,
    *,
    started: datetime,
    finished: datetime,
    outcome: str,
    message: str | None,
    counts: dict[str, int],
) -> None:
    """The daemon's last alerts cycle, for `newsmon status`."""
    with session_scope(engine) as session:
        row = session.get(DaemonState, daemon_id)
        if row is not None:
            row.alerts_started, row.alerts_finished = started, finished
            row.alerts_outcome, row.alerts_message = outcome, message
            row.alerts_summary = dict(counts)
            session.add(row)


def lease_free(database_url: str, source: str) -> bool:
    """Whether no process holds the source's crawl lease (a PostgreSQL session lock).

    The lease is held by the crawl's own database session, so it is free exactly
    when no crawl of the source is alive anywhere, whatever a node reports.
    """
    try:
        with ArchiveLock(database_url, f"crawl-{source}"):
            return True
    except LockBusy:
        return False


def runs_of_job(engine: Engine, job: str) -> list[CrawlRun]:
    with Session(engine, expire_on_commit=False) as session:
        return list(session.exec(select(CrawlRun).where(CrawlRun.job_id == job)).all())


def close_runs_of_job(engine: Engine, job: str, status: str, message: str) -> None:
    """A Scrapyd job's runs that its crawl never closed: ended as ``status``, failed."""
    with session_scope(engine) as session:
        for run in session.exec(
            select(CrawlRun).where(CrawlRun.job_id == job, CrawlRun.status == "running")
        ).all():
            run.status = status
            run.outcome = "failed"
            run.finished_at = utcnow()
            run.message = message
            session.add(run)


def recover_remote_runs(engine: Engine, database_url: str) -> int:
    """Close node crawls left 'running' whose lease is free (the crawl died with its node).

    Crawls whose lease is held are still running on their node: a new leader
    leaves them alone, and their source counts as busy until they end.
    """
    with Session(engine) as session:
        open_runs = session.exec(
            select(CrawlRun.source, CrawlRun.job_id).where(
                CrawlRun.status == "running",
                CrawlRun.job_id.is_not(None),  # type: ignore[union-attr]
            )
        ).all()
    closed = 0
    for source, job in open_runs:
        if job and lease_free(database_url, source):
            close_runs_of_job(engine, job, "killed", "the crawl ended without closing its run")
            closed += 1
    return closed


class Standby:
    """A daemon waiting to lead: its own ``daemon_state`` row, so `status` lists it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.row_id: int | None = None

    def beat(self) -> None:
        now = utcnow()
        with session_scope(self.engine) as session:
            row = session.get(DaemonState, self.row_id) if self.row_id else None
            if row is None:
                row = DaemonState(
                    pid=os.getpid(),
                    hostname=socket.gethostname(),
                    started_at=now,
                    heartbeat=now,
                    state="standby",
                )
            row.heartbeat = now
            session.add(row)
            session.flush()
            self.row_id = row.id

    def end(self, state: str) -> None:
        """``promoted`` (it leads now, under a new row) or ``stopped``."""
        if self.row_id is None:
            return
        with session_scope(self.engine) as session:
            row = session.get(DaemonState, self.row_id)
            if row is not None:
                row.state = state
                row.stopped_at = utcnow()
                session.add(row)
