"""``newsmon run``: the long-lived supervisor.

APScheduler (3.x, asyncio) fires one job per source; each job runs the crawl in a
fresh process (``newsmon crawl --source NAME``) because Scrapy's reactor cannot
restart and long-lived crawl processes grow. Job definitions come from the config
and the ``source_states`` table, never from a pickled job store, so a restart
neither loses nor duplicates a schedule.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.engine import Engine

from newsmon.alerts.settings import AlertSettings, load_settings
from newsmon.alerts.subscribers import SubscriberError, sync_from_config
from newsmon.config import ConfigError, NewsmonConfig, SourceConfig
from newsmon.scheduler.alerts_cycle import AlertsRunner, CycleReport
from newsmon.scheduler.crawl_process import CrawlProcess
from newsmon.scheduler.health import drift_warning
from newsmon.scheduler.http import BackgroundServer, daemon_app
from newsmon.scheduler.metrics import DaemonMetrics
from newsmon.scheduler.remote_crawl import RemoteCrawl
from newsmon.scheduler.scrapyd import NodeLoad, NodePool
from newsmon.scheduler.state import (
    CrawlOutcome,
    Standby,
    close_runs_of_process,
    heartbeat,
    last_crawl_starts,
    lease_free,
    load_states,
    record_alerts_cycle,
    record_outcome,
    record_start,
    recover_interrupted_runs,
    recover_remote_runs,
    register_daemon,
    set_next_due,
)
from newsmon.scheduler.timing import first_run_time, misfire_grace, trigger_for
from newsmon.storage.db import open_archive
from newsmon.storage.locks import EXIT_LOCK_BUSY, ArchiveLock, LockBusy
from newsmon.storage.models import utcnow

logger = logging.getLogger("newsmon.daemon")

ALERTS_STUCK_AFTER = 900.0
"""Seconds an alerts cycle may run before /healthz calls the daemon degraded."""
NODE_PROBE_INTERVAL = 5.0
"""Seconds between the leader's daemonstatus.json rounds for /healthz and /metrics."""
STUCK_MARGIN = 30.0
"""Seconds past deadline + grace after which a crawl counts as stuck."""


class DaemonAlreadyRunning(Exception):
    pass


class Supervisor:
    def __init__(
        self,
        config: NewsmonConfig,
        config_path: Path,
        *,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.config = config
        self.config_path = config_path.resolve()
        self.clock = clock
        """What time it is for digests (send times, periods); injectable for tests."""
        self.sources = {s.name: s for s in config.sources if s.enabled}
        if not self.sources and not config.subscribers:
            raise ConfigError(
                "nothing to do: no enabled [[sources]] and no [[subscribers]] in the config"
            )
        self.engine: Engine = open_archive(config.database.url)
        self.metrics = DaemonMetrics()
        self.cluster = config.cluster
        self.pool = NodePool(self.cluster) if self.cluster is not None else None
        self.node_loads: list[NodeLoad] = []
        """The nodes as last probed (cluster mode), for /healthz."""
        self.slots = asyncio.Semaphore(self.capacity)
        self.running: dict[str, CrawlProcess] = {}
        self.remote: dict[str, RemoteCrawl] = {}
        """Crawls running on Scrapyd nodes (cluster mode), by source."""
        self.dispatch_lock = asyncio.Lock()
        self.crawl_started: dict[str, float] = {}
        """time.monotonic() at the start of each running crawl (for /healthz)."""
        self.tasks: dict[str, asyncio.Task[None]] = {}
        self.alerts: AlertsRunner | None = None
        self.alert_settings: AlertSettings | None = None
        self.stopping = asyncio.Event()
        self.scheduler = AsyncIOScheduler(timezone="UTC")
        self.daemon_id: int | None = None
        self._beat: asyncio.Future[None] | None = None
        self.lock = ArchiveLock(config.database.url, "daemon")
        self.http: BackgroundServer | None = None

    @property
    def capacity(self) -> int:
        """Crawls at once: the nodes' slots in cluster mode, else local processes."""
        if self.cluster is not None:
            return self.cluster.total_slots
        return self.config.daemon.effective_max_crawls

    # -- life cycle --------------------------------------------------------------------

    async def run(self) -> int:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, self.request_stop, signum)
        try:
            if self.cluster is None:
                try:
                    self.lock.acquire()
                except LockBusy:
                    raise DaemonAlreadyRunning(
                        "another `newsmon run` is active on this archive; stop it first"
                    ) from None
            elif not await self._become_leader():
                return 0  # stopped while standing by
            return await self._run_locked()
        finally:
            self.lock.release()
            self.engine.dispose()

    async def _become_leader(self) -> bool:
        """Stand by until this daemon holds the archive's daemon lock; False if stopped first.

        The lock is a PostgreSQL session advisory lock on a connection of its own:
        when the leader dies, its session ends and the next try here wins it.
        """
        assert self.cluster is not None
        standby = Standby(self.engine)
        try:
            while not self.stopping.is_set():
                try:
                    await asyncio.to_thread(self.lock.acquire)
                    return True
                except LockBusy:
                    if standby.row_id is None:
                        logger.info(
                            "another daemon leads this archive: standing by (trying every %.1f s)",
                            self.cluster.takeover_poll,
                            extra={"event": "daemon_standby", "pid": os.getpid()},
                        )
                    await asyncio.to_thread(standby.beat)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.stopping.wait(), self.cluster.takeover_poll)
            return False
        finally:
            await asyncio.to_thread(standby.end, "promoted" if self.lock.held else "stopped")

    async def _run_locked(self) -> int:
        self._prepare_alerts()
        recovered = recover_interrupted_runs(self.engine)
        if self.cluster is not None:
            recovered += recover_remote_runs(self.engine, self.config.database.url)
            self.metrics.leader.set(1)
        if recovered:
            logger.warning("closed %d crawl run(s) left open by a previous stop", recovered)
        self.daemon_id = register_daemon(self.engine)
        self._schedule_sources()
        self.scheduler.add_job(
            self._heartbeat,
            "interval",
            id="heartbeat",
            seconds=self.config.daemon.heartbeat_interval,
            coalesce=True,
            max_instances=1,
        )
        if self.pool is not None:
            self.scheduler.add_job(
                self._probe_nodes,
                "interval",
                id="nodes",
                seconds=NODE_PROBE_INTERVAL,
                next_run_time=utcnow(),
                coalesce=True,
                max_instances=1,
            )
        self._schedule_alerts()
        self.scheduler.start()
        self.metrics.up.set(1)
        self._start_http()
        logger.info(
            "daemon started%s: %d source(s), up to %d crawl(s) at once; "
            "%d topic(s), %d subscriber(s) in the config",
            f" as leader of {len(self.pool.nodes)} Scrapyd node(s)" if self.pool else "",
            len(self.sources),
            self.capacity,
            len(self.config.topics),
            len(self.config.subscribers),
            extra={"event": "daemon_started", "pid": os.getpid()},
        )
        await self.stopping.wait()
        await self._shutdown()
        return 0

    def _prepare_alerts(self) -> None:
        """Sync the config's subscribers (topic rules were checked with the config)."""
        try:
            sync_from_config(self.engine, self.config.subscribers, self.clock())
        except SubscriberError as exc:
            raise ConfigError(f"subscribers: {exc}") from None
        self.alert_settings = load_settings(self.engine, self.config)

    def request_stop(self, signum: int | None = None) -> None:
        if self.stopping.is_set():
            logger.warning("second stop signal: killing running crawls now")
            for crawl in self.running.values():
                crawl.kill_group()
            return
        logger.info(
            "stop requested (%s): finishing running crawls",
            signal.Signals(signum).name if signum else "API",
            extra={"event": "daemon_stopping"},
        )
        self.stopping.set()

    async def _shutdown(self) -> None:
        self.scheduler.shutdown(wait=False)  # no new runs; running crawls are our tasks
        self.metrics.up.set(0)
        grace = self.config.daemon.shutdown_grace
        crawls = list(self.running.values())
        if crawls:  # Scrapy finishes in-flight items; then (or past grace) the group goes
            await asyncio.gather(*(crawl.interrupt(grace) for crawl in crawls))
            await asyncio.gather(*(crawl.reap_stragglers() for crawl in crawls))
        # Let the crawl jobs record their outcomes before the archive closes.
        jobs = [t for t in self.tasks.values() if not t.done()]
        if jobs:
            await asyncio.wait(jobs, timeout=10)
        if self.alerts is not None:
            await self.alerts.close(grace)
        if self.http is not None:
            self.http.stop()
        self.metrics.leader.set(0)
        if self._beat is not None and not self._beat.done():
            await asyncio.wait([self._beat], timeout=10)
        if self.daemon_id is not None:
            heartbeat(self.engine, self.daemon_id, state="stopped")
        logger.info("daemon stopped", extra={"event": "daemon_stopped"})

    # -- alerts ------------------------------------------------------------------------

    def _schedule_alerts(self) -> None:
        assert self.alert_settings is not None
        self.alerts = AlertsRunner(
            self.engine, self.config, self.alert_settings, self.clock, self._alerts_reported
        )
        # The first cycle runs at once: it sends what a previous run left in the outbox.
        self.scheduler.add_job(
            self._alerts_due,
            "interval",
            id="alerts",
            name="alerts cycle",
            seconds=self.config.alerts.cycle_interval,
            next_run_time=utcnow(),
            coalesce=True,
            max_instances=1,
        )

    async def _alerts_due(self) -> None:
        # A coroutine job: APScheduler runs plain functions in a thread, without the loop.
        if self.alerts is not None:
            self.alerts.request()

    def _alerts_reported(self, report: CycleReport) -> None:
        """Runs in the alerts thread: the archive record and the metrics."""
        if self.daemon_id is not None:
            try:
                record_alerts_cycle(
                    self.engine,
                    self.daemon_id,
                    started=report.started,
                    finished=report.finished,
                    outcome=report.outcome,
                    message=report.message,
                    counts=report.counts,
                )
            except Exception:
                logger.exception("could not record the alerts cycle in the archive")
        self.metrics.observe_alerts(report)

    def _unsubscribe(self, method: str, token: str) -> tuple[int, str]:
        from newsmon.alerts.unsubscribe import handle_unsubscribe

        settings = self.alert_settings
        assert settings is not None
        return handle_unsubscribe(
            self.engine, settings.secret, method, token, settings.unsubscribe_max_age
        )

    def _start_http(self) -> None:
        port = self.config.daemon.http_port
        if not port:
            return
        app = daemon_app(self.health, self.metrics.registry, self._unsubscribe)
        self.http = BackgroundServer(app, self.config.daemon.http_host, port)
        self.http.start()
        logger.info(
            "health and metrics on http://%s:%d/healthz and /metrics",
            self.config.daemon.http_host,
            port,
        )

    async def _heartbeat(self) -> None:
        """A coroutine job whose write runs in a thread and always finishes.

        A stop cancels the jobs in flight; a heartbeat waiting for the archive's write
        lock (the alerts cycle holds it briefly) then ends quietly instead of logging a
        CancelledError traceback, and ``_shutdown`` waits for its write before it
        records "stopped", so a late heartbeat never overwrites that.
        """
        if self.daemon_id is None:
            return
        self._beat = asyncio.ensure_future(
            asyncio.to_thread(heartbeat, self.engine, self.daemon_id)
        )
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.shield(self._beat)

    async def _probe_nodes(self) -> None:
        assert self.pool is not None
        self.node_loads = await asyncio.to_thread(self.pool.loads)
        self.metrics.observe_nodes(self.node_loads)

    def health(self) -> dict[str, Any]:
        """The /healthz report: "degraded" when a crawl or the alerts cycle is stuck."""
        jobs = {job.id: job.next_run_time for job in self.scheduler.get_jobs()}
        now = time.monotonic()
        problems = []
        stuck_after = (
            self.config.daemon.crawl_deadline + self.config.daemon.shutdown_grace + STUCK_MARGIN
        )
        for name, started in sorted(self.crawl_started.items()):
            if now - started > stuck_after:
                problems.append(
                    f"crawl of {name} running for {now - started:.0f} s, past its deadline "
                    f"({self.config.daemon.crawl_deadline:.0f} s)"
                )
        alerts = self.alerts
        busy_since = alerts.running_since if alerts is not None else None
        if busy_since is not None and now - busy_since > ALERTS_STUCK_AFTER:
            problems.append(f"alerts cycle running for {now - busy_since:.0f} s")
        last = alerts.last if alerts is not None else None
        status = "stopping" if self.stopping.is_set() else "degraded" if problems else "ok"
        return {
            "status": status,
            "problems": problems,
            "pid": os.getpid(),
            "running_crawls": sorted([*self.running, *self.remote]),
            "nodes": [
                {
                    "name": load.name,
                    "reachable": load.reachable,
                    "running": load.running,
                    "pending": load.pending,
                    "slots": load.slots,
                }
                for load in self.node_loads
            ],
            "crawls_on_nodes": {name: crawl.node for name, crawl in sorted(self.remote.items())},
            "sources": {
                name: {"next_run": jobs[name].isoformat() if jobs.get(name) else None}
                for name in self.sources
            },
            "alerts": {
                "last_cycle": last.finished.isoformat() if last else None,
                "outcome": last.outcome if last else None,
                "message": last.message if last else None,
                "mail_pending": last.outbox.pending if last and last.outbox else None,
            },
        }

    # -- scheduling --------------------------------------------------------------------

    def _schedule_sources(self) -> None:
        states = load_states(self.engine)
        crawled = last_crawl_starts(self.engine)  # a manual crawl counts as a run too
        now = utcnow()
        for name, source in self.sources.items():
            state = states.get(name)
            started = [t for t in (state.last_started if state else None, crawled.get(name)) if t]
            first = first_run_time(
                source,
                max(started) if started else None,
                state.backoff_until if state else None,
                now,
            )
            self.scheduler.add_job(
                self._fire,
                trigger_for(source),
                args=[name],
                id=name,
                name=f"crawl {name}",
                next_run_time=first,
                coalesce=True,
                max_instances=1,
                misfire_grace_time=misfire_grace(source),
                replace_existing=True,
            )
            set_next_due(self.engine, name, first)
            if state is not None:
                self.metrics.publish_state(state)
            logger.info(
                "source %s: %s, first run %s",
                name,
                source.schedule,
                first.isoformat(),
                extra={"event": "source_scheduled", "source": name},
            )

    async def _fire(self, name: str) -> None:
        """The scheduled job: start the source's crawl unless it is still running.

        Crawls run as tasks the supervisor owns (not as APScheduler coroutine jobs,
        which its shutdown would cancel mid-crawl), so a stop can wait for them.
        """
        current = self.tasks.get(name)
        if current is not None and not current.done():
            logger.info(
                "source %s is still being crawled: this run is skipped",
                name,
                extra={"event": "crawl_overlap_skipped", "source": name},
            )
            return
        if not self.stopping.is_set():
            self.tasks[name] = asyncio.get_running_loop().create_task(
                self._crawl_job(name), name=f"crawl:{name}"
            )
            job = self.scheduler.get_job(name)
            if job is not None:  # `status` shows the slot after this one from now on
                set_next_due(self.engine, name, job.next_run_time)

    async def _crawl_job(self, name: str) -> None:
        state = load_states(self.engine).get(name)
        if state and state.backoff_until and state.backoff_until > utcnow():
            logger.info(
                "source %s backing off until %s after %d failure(s)",
                name,
                state.backoff_until.isoformat(),
                state.failure_streak,
                extra={"event": "crawl_skipped_backoff", "source": name},
            )
            return
        async with self.slots:
            if self.stopping.is_set():
                return
            outcome = await self._run_crawl_process(self.sources[name])
        warning = (
            drift_warning(self.engine, name, self.config.daemon.health_drift_threshold)
            if not outcome.failed
            else None
        )
        if warning:
            logger.warning(
                "source %s: %s", name, warning, extra={"event": "extraction_drift", "source": name}
            )
        job = self.scheduler.get_job(name)
        next_due = job.next_run_time if job is not None else None
        new_state = record_outcome(
            self.engine,
            outcome,
            backoff_base=self.config.daemon.backoff_base,
            backoff_max=self.config.daemon.backoff_max,
            next_due=next_due,
            health_warning=warning,
        )
        self.metrics.observe(outcome, new_state)
        if (
            outcome.failed
            and new_state.backoff_until
            and job is not None
            and not self.stopping.is_set()
        ):
            job.modify(
                next_run_time=max(new_state.backoff_until, next_due or new_state.backoff_until)
            )
        stored = outcome.summary.get("stories_new") or outcome.summary.get("stories_updated")
        if stored and self.alerts is not None and not self.stopping.is_set():
            self.alerts.request()  # immediate digests go out now, not at the next interval
        log = logger.warning if outcome.failed else logger.info
        log(
            "crawl of %s %s: %s",
            name,
            outcome.status,
            ", ".join(f"{k} {v}" for k, v in outcome.summary.items() if v) or "no summary",
            extra={
                "event": "crawl_finished",
                "source": name,
                "status": outcome.status,
                "exit_status": outcome.exit_status,
                **outcome.summary,
            },
        )

    async def _run_crawl_process(self, source: SourceConfig) -> CrawlOutcome:
        if self.pool is not None:
            return await self._run_remote_crawl(source)
        started = utcnow()
        record_start(self.engine, source.name, started)
        crawl = await CrawlProcess.start(source.name, self.config_path)
        self.running[source.name] = crawl
        self.crawl_started[source.name] = time.monotonic()
        self.metrics.running.set(len(self.running))
        logger.info(
            "crawl of %s started (pid %d)",
            source.name,
            crawl.pid,
            extra={"event": "crawl_started", "source": source.name, "pid": crawl.pid},
        )
        try:
            await crawl.finish(self.config.daemon.crawl_deadline, self.config.daemon.shutdown_grace)
        finally:
            self.running.pop(source.name, None)
            self.crawl_started.pop(source.name, None)
            self.metrics.running.set(len(self.running))
        outcome = _finished(source.name, started, crawl)
        close_runs_of_process(self.engine, outcome, crawl.pid)
        return outcome

    async def _run_remote_crawl(self, source: SourceConfig) -> CrawlOutcome:
        """The crawl on a Scrapyd node, unless a crawl of the source is alive somewhere."""
        assert self.pool is not None and self.cluster is not None
        started = utcnow()
        url = self.config.database.url
        if not await asyncio.to_thread(lease_free, url, source.name):
            return CrawlOutcome(source.name, EXIT_LOCK_BUSY, started, utcnow())
        record_start(self.engine, source.name, started)
        crawl = RemoteCrawl(
            source.name,
            pool=self.pool,
            cluster=self.cluster,
            engine=self.engine,
            database_url=url,
            config_ref=self.cluster.node_config or str(self.config_path),
            stopping=self.stopping,
            dispatch_lock=self.dispatch_lock,
            on_running=self._remote_running,
        )
        self.remote[source.name] = crawl
        self.crawl_started[source.name] = time.monotonic()
        self.metrics.running.set(len(self.remote))
        try:
            await crawl.run(self.config.daemon.crawl_deadline, self.config.daemon.shutdown_grace)
        finally:
            self.remote.pop(source.name, None)
            self.crawl_started.pop(source.name, None)
            self.metrics.running.set(len(self.remote))
        for node, _job in crawl.attempts[:-1]:
            self.metrics.node_lost.labels(node).inc()
        if crawl.message:
            logger.warning("crawl of %s: %s", source.name, crawl.message)
        return _finished(source.name, started, crawl)

    def _remote_running(self, crawl: RemoteCrawl) -> None:
        assert crawl.dispatch_seconds is not None and crawl.node is not None
        self.metrics.dispatch.observe(crawl.dispatch_seconds)
        self.metrics.node_crawls.labels(crawl.node, crawl.source).inc()
        logger.info(
            "crawl of %s running on node %s, %.0f ms after dispatch",
            crawl.source,
            crawl.node,
            crawl.dispatch_seconds * 1000,
            extra={
                "event": "crawl_running",
                "source": crawl.source,
                "node": crawl.node,
                "job": crawl.job,
                "dispatch_ms": round(crawl.dispatch_seconds * 1000, 1),
            },
        )


def run_daemon(config: NewsmonConfig, config_path: Path) -> int:
    return asyncio.run(Supervisor(config, config_path).run())


def _finished(source: str, started: datetime, crawl: CrawlProcess | RemoteCrawl) -> CrawlOutcome:
    """The outcome of a crawl that has ended, local or on a node."""
    return CrawlOutcome(
        source=source,
        exit_status=crawl.exit_status,
        started=started,
        finished=utcnow(),
        timed_out=crawl.timed_out,
        interrupted=crawl.interrupted,
        summary=crawl.summary(),
    )
