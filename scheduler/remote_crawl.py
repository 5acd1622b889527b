"""One scheduled crawl on the Scrapyd nodes: dispatch, follow, and dispatch again if lost.

The least busy node with a free slot gets the job (``schedule.json``); the daemon
then follows it with ``listjobs.json``. A job counts as lost when its node has
not answered for ``node_timeout`` seconds or no longer knows the job (two polls
in a row: Scrapyd briefly lists a starting job nowhere). Lost is confirmed by the
source's lease (see ``crawler/spiders/node.py``): while any crawl of the source
is alive its database session holds the lease, so a free lease means the crawl is
really gone and the source goes to another node. Re-running is safe: the save
path stores each article once.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy.engine import Engine

from newsmon.config import ClusterConfig
from newsmon.crawler.counters import COUNTERS
from newsmon.scheduler.scrapyd import NodePool, NodeRefused, NodeUnreachable, ScrapydNode
from newsmon.scheduler.state import close_runs_of_job, lease_free, runs_of_job
from newsmon.storage.locks import EXIT_LOCK_BUSY

logger = logging.getLogger("newsmon.daemon")


class RemoteCrawl:
    def __init__(
        self,
        source: str,
        *,
        pool: NodePool,
        cluster: ClusterConfig,
        engine: Engine,
        database_url: str,
        config_ref: str,
        stopping: asyncio.Event,
        dispatch_lock: asyncio.Lock,
        on_running: Callable[[RemoteCrawl], None] | None = None,
    ) -> None:
        self.source = source
        self.pool = pool
        self.cluster = cluster
        self.engine = engine
        self.database_url = database_url
        self.config_ref = config_ref
        self.stopping = stopping
        self.dispatch_lock = dispatch_lock
        """One dispatch at a time: the next pick sees the job queued by the one before."""
        self.on_running = on_running
        self.node: str | None = None
        self.job: str | None = None
        self.attempts: list[tuple[str, str]] = []
        """(node, job) of every dispatch, lost ones included."""
        self.exit_status: int | None = None
        self.timed_out = False
        self.interrupted = False
        self.message: str | None = None
        self.dispatch_seconds: float | None = None
        """From the start of dispatching to the job running on its node."""
        self._summary: dict[str, Any] = {}

    async def run(self, deadline: float, grace: float) -> None:
        """Dispatch and follow until the crawl ends somewhere, or there is no node left."""
        loop = asyncio.get_running_loop()
        ends_at = loop.time() + deadline
        lost_on: set[str] = set()
        while len(self.attempts) < self.cluster.max_dispatches:
            started = time.monotonic()
            job = uuid.uuid4().hex
            async with self.dispatch_lock:
                node = await self._free_node(lost_on, ends_at)
                if node is None:
                    break
                try:
                    await asyncio.to_thread(
                        node.schedule, self.cluster.spider, job, self._job_args(node)
                    )
                except NodeRefused as exc:
                    logger.warning("node refused the crawl of %s: %s", self.source, exc)
                    lost_on.add(node.name)
                    continue
                except NodeUnreachable as exc:  # the job may be queued all the same: follow it
                    logger.warning("no answer dispatching %s (following it): %s", self.source, exc)
            self.node, self.job = node.name, job
            self.dispatch_seconds = None
            self.attempts.append((node.name, job))
            logger.info(
                "crawl of %s dispatched to node %s (job %s)",
                self.source,
                node.name,
                job,
                extra={"event": "crawl_dispatched", "source": self.source, "node": node.name},
            )
            ending = await self._follow(node, job, started, ends_at, grace)
            if ending != "lost":
                self._read_outcome(job)
                return
            lost_on.add(node.name)
            await asyncio.to_thread(
                close_runs_of_job,
                self.engine,
                job,
                "killed",
                f"node {node.name} lost the crawl (job {job})",
            )
            logger.warning(
                "crawl of %s lost on node %s (job %s): dispatching it again",
                self.source,
                node.name,
                job,
                extra={"event": "crawl_lost", "source": self.source, "node": node.name},
            )
        self.exit_status = 1
        tried = ", ".join(sorted(lost_on)) or "none"
        self.message = f"no Scrapyd node could run the crawl (lost or unreachable: {tried})"

    def _job_args(self, node: ScrapydNode) -> dict[str, str]:
        # Names only: the node reads the database URL from its own config/environment.
        return {"source": self.source, "config": self.config_ref, "node": node.name}

    async def _free_node(self, exclude: set[str], ends_at: float) -> ScrapydNode | None:
        """The least busy node with a free slot, waiting while all are busy (not past deadline)."""
        loop = asyncio.get_running_loop()
        while not self.stopping.is_set() and loop.time() < ends_at:
            node = await asyncio.to_thread(self.pool.least_busy, exclude)
            if node is not None:
                return node
            if len(exclude) >= len(self.pool.nodes):
                return None
            await asyncio.sleep(self.cluster.poll_interval)
        return None

    async def _follow(
        self, node: ScrapydNode, job: str, started: float, ends_at: float, grace: float
    ) -> str:
        """Poll the job until it ends: finished | lost | stopping | timeout."""
        loop = asyncio.get_running_loop()
        silent_since: float | None = None
        unknown_polls = 0
        while True:
            if self.stopping.is_set():
                self.interrupted = True  # the crawl goes on on its node; a new leader adopts it
                return "stopping"
            if loop.time() >= ends_at:
                await self._cancel(node, job, grace)
                return "timeout"
            try:
                state = await asyncio.to_thread(node.job_state, job)
                silent_since = None
            except (NodeUnreachable, NodeRefused):
                state = "unanswered"
                silent_since = silent_since or loop.time()
            if state == "running" and self.dispatch_seconds is None:
                self.dispatch_seconds = time.monotonic() - started
                if self.on_running is not None:
                    self.on_running(self)
            if state == "finished":
                return "finished"
            unknown_polls = unknown_polls + 1 if state is None else 0
            node_silent = (
                silent_since is not None and loop.time() - silent_since >= self.cluster.node_timeout
            )
            if (node_silent or unknown_polls >= 2) and await asyncio.to_thread(
                lease_free, self.database_url, self.source
            ):
                return "lost"
            await asyncio.sleep(self.cluster.poll_interval)

    async def _cancel(self, node: ScrapydNode, job: str, grace: float) -> None:
        self.timed_out = True
        logger.warning(
            "crawl of %s passed its deadline on node %s: cancelling job %s",
            self.source,
            node.name,
            job,
            extra={"event": "crawl_deadline", "source": self.source, "node": node.name},
        )
        try:
            await asyncio.to_thread(node.cancel, job)  # SIGINT: Scrapy closes gracefully
            until = asyncio.get_running_loop().time() + grace
            while asyncio.get_running_loop().time() < until:
                if await asyncio.to_thread(node.job_state, job) in ("finished", None):
                    return
                await asyncio.sleep(self.cluster.poll_interval)
            await asyncio.to_thread(node.cancel, job, "KILL")
        except (NodeUnreachable, NodeRefused) as exc:
            logger.warning("could not cancel job %s on %s: %s", job, node.name, exc)

    def _read_outcome(self, job: str) -> None:
        """The crawl's counters and end from its crawl_runs row (the node wrote them)."""
        if self.interrupted:
            return
        runs = runs_of_job(self.engine, job)
        if not runs:
            if not lease_free(self.database_url, self.source):
                # The job found the lease taken (a crawl of the source started elsewhere
                # between our check and its start): a skipped slot, not a failure.
                self.exit_status = EXIT_LOCK_BUSY
                self.message = f"job {job} on node {self.node} found the source being crawled"
                return
            self.exit_status = 1
            self.message = f"job {job} on node {self.node} ended without crawling (see its log)"
            return
        run = runs[0]
        self._summary = {counter: getattr(run, counter) for counter in COUNTERS}
        if run.status == "running":
            close_runs_of_job(
                self.engine, job, "killed", f"the crawl on node {self.node} died mid-crawl"
            )
            self.exit_status = 1
        elif self.timed_out:
            self.exit_status = 1
        else:
            self.exit_status = 0 if run.status == "finished" else 1

    def summary(self) -> dict[str, Any]:
        return dict(self._summary)
