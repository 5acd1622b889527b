"""``newsmon status``: what the daemon and each source are doing, read from the archive."""

from __future__ import annotations

import socket
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from newsmon.config import NewsmonConfig
from scheduler.state import load_states, pid_alive
from storage.models import CrawlRun, DaemonState, utcnow


@dataclass
class SourceStatus:
    source: str
    schedule: str
    enabled: bool
    last_run: datetime | None
    last_result: str | None
    next_run: datetime | None
    last_new: int
    last_pages: int
    failure_streak: int
    backoff_until: datetime | None
    empty_body_share: float | None
    missing_date_share: float | None
    warning: str | None


@dataclass
class DaemonStatus:
    state: str
    pid: int | None
    hostname: str | None
    started_at: datetime | None
    heartbeat: datetime | None


@dataclass
class StatusReport:
    daemon: DaemonStatus
    sources: list[SourceStatus]

    def daemon_line(self) -> str:
        d = self.daemon
        if d.state == "running":
            return (
                f"daemon: running (pid {d.pid} on {d.hostname}, since "
                f"{d.started_at:%Y-%m-%d %H:%M} UTC, heartbeat {d.heartbeat:%H:%M:%S})"
            )
        if d.state == "never started":
            return "daemon: never started (run `newsmon run`)"
        when = f" at {d.heartbeat:%Y-%m-%d %H:%M} UTC" if d.heartbeat else ""
        return f"daemon: {d.state}{when}"

    def as_dict(self) -> dict[str, Any]:
        def plain(value: Any) -> Any:
            return value.isoformat() if isinstance(value, datetime) else value

        return {
            "daemon": {k: plain(v) for k, v in asdict(self.daemon).items()},
            "sources": [{k: plain(v) for k, v in asdict(s).items()} for s in self.sources],
        }


def _daemon_status(session: Session, heartbeat_interval: float) -> DaemonStatus:
    row = session.exec(select(DaemonState).order_by(DaemonState.id.desc())).first()  # type: ignore[union-attr]
    if row is None:
        return DaemonStatus("never started", None, None, None, None)
    state = row.state
    if state == "running":
        stale = utcnow() - row.heartbeat > timedelta(seconds=3 * heartbeat_interval)
        dead = row.hostname == socket.gethostname() and not pid_alive(row.pid)
        if dead:
            state = "dead (stopped without shutting down)"
        elif stale:
            state = "not responding (no heartbeat)"
    return DaemonStatus(state, row.pid, row.hostname, row.started_at, row.heartbeat)


def collect_status(engine: Engine, config: NewsmonConfig) -> StatusReport:
    states = load_states(engine)
    with Session(engine) as session:
        daemon = _daemon_status(session, config.daemon.heartbeat_interval)
        sources = []
        for source in config.sources:
            run = session.exec(
                select(CrawlRun).where(CrawlRun.source == source.name).order_by(CrawlRun.id.desc())  # type: ignore[union-attr]
            ).first()
            state = states.get(source.name)
            articles = run.articles_extracted if run else 0
            sources.append(
                SourceStatus(
                    source=source.name,
                    schedule=source.schedule,
                    enabled=source.enabled,
                    last_run=run.started_at if run else None,
                    last_result=(
                        state.last_status
                        if state and state.last_status
                        else run.status
                        if run
                        else None
                    ),
                    next_run=state.next_due if state else None,
                    last_new=run.stories_new if run else 0,
                    last_pages=run.pages_fetched if run else 0,
                    failure_streak=state.failure_streak if state else 0,
                    backoff_until=state.backoff_until if state else None,
                    empty_body_share=run.empty_body / articles if run and articles else None,
                    missing_date_share=run.missing_date / articles if run and articles else None,
                    warning=state.health_warning if state else None,
                )
            )
    return StatusReport(daemon, sources)
