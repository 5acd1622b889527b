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
import json
import logging
import os
import signal
import sys
from pathlib import Path
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.engine import Engine

from newsmon.config import NewsmonConfig, SourceConfig
from scheduler.health import drift_warning
from scheduler.http import BackgroundServer, daemon_app
from scheduler.metrics import DaemonMetrics
from scheduler.state import (
    CrawlOutcome,
    close_runs_of_process,
    heartbeat,
    load_states,
    record_outcome,
    record_start,
    recover_interrupted_runs,
    register_daemon,
    set_next_due,
)
from scheduler.timing import first_run_time, misfire_grace, trigger_for
from storage.db import open_archive
from storage.locks import ArchiveLock, LockBusy
from storage.models import utcnow

logger = logging.getLogger("newsmon.daemon")


class DaemonAlreadyRunning(Exception):
    pass


class Supervisor:
    def __init__(self, config: NewsmonConfig, config_path: Path) -> None:
        self.config = config
        self.config_path = config_path.resolve()
        self.sources = {s.name: s for s in config.sources if s.enabled}
        self.engine: Engine = open_archive(config.database.url)
        self.metrics = DaemonMetrics()
        self.slots = asyncio.Semaphore(config.daemon.effective_max_crawls)
        self.running: dict[str, asyncio.subprocess.Process] = {}
        self.tasks: dict[str, asyncio.Task[None]] = {}
        self.stopping = asyncio.Event()
        self.scheduler = AsyncIOScheduler(timezone="UTC")
        self.daemon_id: int | None = None
        self.lock = ArchiveLock(config.database.url, "daemon")
        self.http: BackgroundServer | None = None

    # -- life cycle --------------------------------------------------------------------

    async def run(self) -> int:
        try:
            self.lock.acquire()
        except LockBusy:
            raise DaemonAlreadyRunning(
                "another `newsmon run` is active on this archive; stop it first"
            ) from None
        try:
            return await self._run_locked()
        finally:
            self.lock.release()
            self.engine.dispose()

    async def _run_locked(self) -> int:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, self.request_stop, signum)
        recovered = recover_interrupted_runs(self.engine)
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
        self.scheduler.start()
        self.metrics.up.set(1)
        self._start_http()
        logger.info(
            "daemon started: %d source(s), up to %d crawl(s) at once",
            len(self.sources),
            self.config.daemon.effective_max_crawls,
            extra={"event": "daemon_started", "pid": os.getpid()},
        )
        await self.stopping.wait()
        await self._shutdown()
        return 0

    def request_stop(self, signum: int | None = None) -> None:
        if self.stopping.is_set():
            logger.warning("second stop signal: killing running crawls now")
            for process in self.running.values():
                _signal(process, signal.SIGKILL)
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
        for process in self.running.values():
            _signal(process, signal.SIGTERM)  # Scrapy finishes in-flight items, then exits
        waiting = [p.wait() for p in self.running.values()]
        if waiting:
            _done, pending = await asyncio.wait(
                [asyncio.ensure_future(w) for w in waiting], timeout=grace
            )
            if pending:
                logger.warning(
                    "%d crawl(s) still running after %.0f s: killing them", len(pending), grace
                )
                for process in self.running.values():
                    _signal(process, signal.SIGKILL)
                await asyncio.wait(pending, timeout=5)
        # Let the crawl jobs record their outcomes before the archive closes.
        jobs = [t for t in self.tasks.values() if not t.done()]
        if jobs:
            await asyncio.wait(jobs, timeout=10)
        if self.http is not None:
            self.http.stop()
        if self.daemon_id is not None:
            heartbeat(self.engine, self.daemon_id, state="stopped")
        logger.info("daemon stopped", extra={"event": "daemon_stopped"})

    async def _alerts_cycle(self) -> None:
        """Match new stories, decide due digests, send the outbox (each step idempotent)."""
        from alerts.service import run_cycle

        try:
            summary = await asyncio.to_thread(run_cycle, self.engine, self.config)
        except Exception:  # mail trouble must never stop the crawling
            logger.exception("alerts cycle failed; retried in a minute")
            return
        if summary.decided or summary.sent.sent or summary.sent.failed:
            logger.info(
                "alerts: %d digest(s) decided, %d sent, %d failed",
                summary.decided,
                summary.sent.sent,
                summary.sent.failed,
                extra={"event": "alerts_cycle"},
            )

    def _unsubscribe(self, method: str, token: str) -> tuple[int, str]:
        from alerts.settings import load_settings
        from alerts.unsubscribe import handle_unsubscribe

        secret = load_settings(self.engine, self.config).secret
        return handle_unsubscribe(self.engine, secret, method, token)

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

    def _heartbeat(self) -> None:
        if self.daemon_id is not None:
            heartbeat(self.engine, self.daemon_id)

    def health(self) -> dict[str, Any]:
        jobs = {job.id: job.next_run_time for job in self.scheduler.get_jobs()}
        return {
            "status": "stopping" if self.stopping.is_set() else "ok",
            "pid": os.getpid(),
            "running_crawls": sorted(self.running),
            "sources": {
                name: {"next_run": jobs[name].isoformat() if jobs.get(name) else None}
                for name in self.sources
            },
        }

    # -- scheduling --------------------------------------------------------------------

    def _schedule_sources(self) -> None:
        states = load_states(self.engine)
        now = utcnow()
        for name, source in self.sources.items():
            state = states.get(name)
            first = first_run_time(
                source,
                state.last_started if state else None,
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
        if outcome.summary.get("stories_new") or outcome.summary.get("stories_updated"):
            alerts_job = self.scheduler.get_job("alerts")
            if alerts_job is not None and not self.stopping.is_set():
                alerts_job.modify(next_run_time=utcnow())  # immediate digests go out now
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
        started = utcnow()
        record_start(self.engine, source.name, started)
        command = [
            sys.executable,
            "-m",
            "newsmon",
            "crawl",
            "--source",
            source.name,
            "--config",
            str(self.config_path),
            "--json",
            "--trigger",
            "schedule",
        ]
        process = await asyncio.create_subprocess_exec(
            *command,
            stdout=asyncio.subprocess.PIPE,
            stdin=asyncio.subprocess.DEVNULL,
        )
        self.running[source.name] = process
        self.metrics.running.set(len(self.running))
        logger.info(
            "crawl of %s started (pid %d)",
            source.name,
            process.pid,
            extra={"event": "crawl_started", "source": source.name, "pid": process.pid},
        )
        timed_out = False
        try:
            try:
                stdout, _ = await asyncio.wait_for(
                    process.communicate(), timeout=self.config.daemon.crawl_deadline
                )
            except TimeoutError:
                timed_out = True
                logger.warning(
                    "crawl of %s passed its deadline (%.0f s): stopping it",
                    source.name,
                    self.config.daemon.crawl_deadline,
                )
                stdout = await _stop_process(process, self.config.daemon.shutdown_grace)
        finally:
            self.running.pop(source.name, None)
            self.metrics.running.set(len(self.running))
        close_runs_of_process(self.engine, process.pid, process.returncode)
        return CrawlOutcome(
            source=source.name,
            exit_status=process.returncode,
            started=started,
            finished=utcnow(),
            timed_out=timed_out,
            summary=_parse_summary(stdout, source.name),
        )


def _signal(process: asyncio.subprocess.Process, signum: int) -> None:
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signum)


async def _stop_process(process: asyncio.subprocess.Process, grace: float) -> bytes:
    _signal(process, signal.SIGTERM)
    try:
        stdout, _ = await asyncio.wait_for(process.communicate(), timeout=grace)
        return stdout or b""
    except TimeoutError:
        _signal(process, signal.SIGKILL)
        await process.wait()
        return b""


def _parse_summary(stdout: bytes | None, source: str) -> dict[str, Any]:
    """The crawl's JSON summary for this source ({} if the process died before printing)."""
    try:
        report = json.loads((stdout or b"").decode("utf-8") or "{}")
    except ValueError:
        return {}
    for entry in report.get("sources", []):
        if entry.get("source") == source:
            return {k: v for k, v in entry.items() if k != "source"}
    return {}


def run_daemon(config: NewsmonConfig, config_path: Path) -> int:
    return asyncio.run(Supervisor(config, config_path).run())
