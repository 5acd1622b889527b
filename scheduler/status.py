"""``newsmon status``: what the daemon and each source are doing, read from the archive."""

from __future__ import annotations

import socket
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from newsmon.alerts.deliveries import ChannelCounts, channel_counts
from newsmon.alerts.outbox import OutboxCounts, outbox_counts
from newsmon.config import NewsmonConfig
from newsmon.scheduler.scrapyd import NodeLoad, NodePool
from newsmon.scheduler.state import load_states
from newsmon.storage.locks import pid_alive
from newsmon.storage.models import CrawlRun, DaemonState, utcnow


@dataclass
class RunStatus:
    """One crawl run: how it ended (``state``) apart from whether it worked (``outcome``)."""

    started: datetime
    finished: datetime | None
    state: str
    """running | finished | interrupted | killed"""
    outcome: str | None
    """ok | failed (None while running)"""


@dataclass
class SourceStatus:
    source: str
    schedule: str
    enabled: bool
    last_run: datetime | None
    run_state: str | None
    """State of the newest run (running | finished | interrupted | killed)."""
    last_finished_run: RunStatus | None
    """The newest run that is over, so a script can wait for one started after T."""
    last_result: str | None
    next_run: datetime | None
    last_new: int
    last_pages: int
    failure_streak: int
    backoff_until: datetime | None
    empty_body_share: float | None
    missing_date_share: float | None
    warning: str | None
    node: str | None = None
    """The Scrapyd node of the newest run (None: a local crawl)."""


@dataclass
class DaemonStatus:
    state: str
    pid: int | None
    hostname: str | None
    started_at: datetime | None
    heartbeat: datetime | None


@dataclass
class StandbyStatus:
    pid: int
    hostname: str
    heartbeat: datetime


@dataclass
class AlertsStatus:
    """The daemon's last alerts cycle (from its newest start that ran one)."""

    last_started: datetime | None
    last_finished: datetime | None
    outcome: str | None
    """ok | degraded (mail could not be delivered) | failed"""
    message: str | None
    counts: dict[str, int]
    """matched, decided, sent, retrying, failed in that cycle"""


@dataclass
class StatusReport:
    daemon: DaemonStatus
    sources: list[SourceStatus]
    alerts: AlertsStatus
    mail: OutboxCounts
    channels: ChannelCounts | None = None
    standbys: list[StandbyStatus] = field(default_factory=list)
    nodes: list[NodeLoad] | None = None
    """Scrapyd nodes as they answer now (None without [cluster])."""

    def cluster_lines(self) -> list[str]:
        if self.nodes is None:
            return []
        lines = [
            f"standby: pid {s.pid} on {s.hostname} (heartbeat {s.heartbeat:%H:%M:%S})"
            for s in self.standbys
        ]
        for node in self.nodes:
            if node.reachable:
                lines.append(
                    f"node {node.name}: up, {node.running} running, {node.pending} pending, "
                    f"{node.slots} slot(s), version {node.version or 'none deployed'}"
                )
            else:
                lines.append(f"node {node.name}: NOT ANSWERING ({node.error})")
        return lines

    def alerts_line(self) -> str:
        a = self.alerts
        if a.last_finished is None:
            return "alerts: no cycle yet"
        c = a.counts
        line = f"alerts: last cycle {a.last_finished:%Y-%m-%d %H:%M:%S} UTC {a.outcome}"
        if any(c.values()):
            line += (
                f" ({c.get('matched', 0)} new matches, {c.get('decided', 0)} digests decided, "
                f"{c.get('sent', 0)} sent)"
            )
        return line + (f": {a.message}" if a.message else "")

    def mail_line(self) -> str:
        m = self.mail
        line = f"mail: {m.sent} sent, {m.pending} pending"
        details = []
        if m.sending and m.sending_since:
            details.append(f"{m.sending} being sent since {m.sending_since:%H:%M:%S} UTC")
        if m.retrying:
            due = (
                f"next try {m.next_attempt:%H:%M:%S} UTC"
                if m.next_attempt and m.next_attempt > utcnow()
                else "retried at the next cycle"
            )
            details.append(f"{m.retrying} retrying, {due}")
        if details:
            line += f" ({'; '.join(details)})"
        line += f", {m.failed} failed"
        if m.last_error and (m.pending or m.failed):
            line += f"; last error: {m.last_error}"
        return line

    def channels_line(self) -> str | None:
        c = self.channels
        if c is None or not (c.sent or c.pending or c.failed):
            return None
        line = f"channels: {c.sent} sent, {c.pending} pending"
        if c.retrying:
            line += f" ({c.retrying} retrying)"
        line += f", {c.failed} failed"
        if c.last_error and (c.pending or c.failed):
            line += f"; last error: {c.last_error}"
        return line

    def daemon_line(self) -> str:
        d = self.daemon
        if d.state == "running":
            return (
                f"daemon: {'leader, ' if self.nodes is not None else ''}"
                f"running (pid {d.pid} on {d.hostname}, since "
                f"{d.started_at:%Y-%m-%d %H:%M} UTC, heartbeat {d.heartbeat:%H:%M:%S})"
            )
        if d.state == "never started":
            return "daemon: never started (run `newsmon run`)"
        when = f" at {d.heartbeat:%Y-%m-%d %H:%M} UTC" if d.heartbeat else ""
        return f"daemon: {d.state}{when}"

    def as_dict(self) -> dict[str, Any]:
        def plain(value: Any) -> Any:
            if isinstance(value, datetime):
                return value.isoformat()
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items()}
            return value

        return {
            "daemon": plain(asdict(self.daemon)),
            "alerts": plain(asdict(self.alerts)),
            "mail": plain(asdict(self.mail)),
            "channels": plain(asdict(self.channels)) if self.channels else None,
            "sources": [plain(asdict(s)) for s in self.sources],
            "standbys": [plain(asdict(s)) for s in self.standbys],
            "nodes": [asdict(n) for n in self.nodes] if self.nodes is not None else None,
        }


STANDBY_STATES = ("standby", "promoted")
"""Rows of daemons that waited to lead (``scheduler.state.Standby``): not the leader."""


def _daemon_status(session: Session, heartbeat_interval: float) -> DaemonStatus:
    """The leading (or last) daemon: the newest row that is not a standby's."""
    row = session.exec(
        select(DaemonState)
        .where(DaemonState.state.not_in(STANDBY_STATES))  # type: ignore[attr-defined]
        .order_by(DaemonState.id.desc())  # type: ignore[union-attr]
    ).first()
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


def _standbys(session: Session, heartbeat_interval: float) -> list[StandbyStatus]:
    """Daemons standing by whose heartbeat is fresh (a standby beats once per try)."""
    rows = session.exec(select(DaemonState).where(DaemonState.state == "standby")).all()
    fresh_after = utcnow() - timedelta(seconds=3 * heartbeat_interval)
    return [
        StandbyStatus(row.pid, row.hostname, row.heartbeat)
        for row in rows
        if row.heartbeat > fresh_after
        and not (row.hostname == socket.gethostname() and not pid_alive(row.pid))
    ]


def _alerts_status(session: Session) -> AlertsStatus:
    row = session.exec(
        select(DaemonState)
        .where(DaemonState.alerts_finished.is_not(None))  # type: ignore[union-attr]
        .order_by(DaemonState.id.desc())  # type: ignore[union-attr]
    ).first()
    if row is None:
        return AlertsStatus(None, None, None, None, {})
    return AlertsStatus(
        row.alerts_started,
        row.alerts_finished,
        row.alerts_outcome,
        row.alerts_message,
        dict(row.alerts_summary or {}),
    )


def _run_status(run: CrawlRun | None) -> RunStatus | None:
    if run is None:
        return None
    return RunStatus(run.started_at, run.finished_at, run.status, run.outcome)


def collect_status(engine: Engine, config: NewsmonConfig) -> StatusReport:
    states = load_states(engine)
    with Session(engine) as session:
        daemon = _daemon_status(session, config.daemon.heartbeat_interval)
        standby_beat = max(
            config.daemon.heartbeat_interval,
            config.cluster.takeover_poll if config.cluster else 0,
        )
        standbys = _standbys(session, standby_beat)
        alerts = _alerts_status(session)
        sources = []
        for source in config.sources:
            newest_first = (
                select(CrawlRun)
                .where(CrawlRun.source == source.name)
                .order_by(
                    CrawlRun.id.desc()  # type: ignore[union-attr]
                )
            )
            run = session.exec(newest_first).first()
            finished = session.exec(newest_first.where(CrawlRun.status != "running")).first()
            state = states.get(source.name)
            articles = run.articles_extracted if run else 0
            sources.append(
                SourceStatus(
                    source=source.name,
                    schedule=source.schedule,
                    enabled=source.enabled,
                    last_run=run.started_at if run else None,
                    run_state=run.status if run else None,
                    last_finished_run=_run_status(finished),
                    last_result=(
                        state.last_status
                        if state and state.last_status
                        else finished.outcome
                        if finished
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
                    node=run.node if run else None,
                )
            )
    nodes = NodePool(config.cluster).loads(versions=True) if config.cluster else None
    return StatusReport(
        daemon,
        sources,
        alerts,
        outbox_counts(engine),
        channel_counts(engine),
        standbys=standbys,
        nodes=nodes,
    )
