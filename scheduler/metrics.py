"""Prometheus metrics of the daemon (one registry per supervisor, so tests stay isolated)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from newsmon.scheduler.alerts_cycle import CycleReport
from newsmon.scheduler.scrapyd import NodeLoad
from newsmon.scheduler.state import CrawlOutcome
from newsmon.storage.models import SourceState


class DaemonMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.up = Gauge("newsmon_daemon_up", "1 while the scheduler runs", registry=r)
        self.crawls = Counter(
            "newsmon_crawls", "Finished crawls by result", ["source", "status"], registry=r
        )
        self.duration = Histogram(
            "newsmon_crawl_duration_seconds",
            "Wall time of crawl processes",
            ["source"],
            buckets=(1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600),
            registry=r,
        )
        self.running = Gauge("newsmon_crawls_running", "Crawl processes running now", registry=r)
        self.pages = Counter("newsmon_pages_fetched", "Pages fetched", ["source"], registry=r)
        self.stories_new = Counter(
            "newsmon_stories_new", "New stories stored", ["source"], registry=r
        )
        self.stories_updated = Counter(
            "newsmon_stories_updated", "Stories updated in place", ["source"], registry=r
        )
        self.errors = Counter("newsmon_crawl_errors", "Pages that failed", ["source"], registry=r)
        self.failure_streak = Gauge(
            "newsmon_source_failure_streak", "Consecutive failed crawls", ["source"], registry=r
        )
        self.last_success = Gauge(
            "newsmon_source_last_success_timestamp_seconds",
            "Unix time of the last successful crawl",
            ["source"],
            registry=r,
        )
        self.health_warning = Gauge(
            "newsmon_source_extraction_warning",
            "1 if extraction health drifted",
            ["source"],
            registry=r,
        )

        # Mail: what this daemon delivered, and the outbox as the archive has it.
        self.mail_sent = Counter("newsmon_mail_sent", "Digests delivered", registry=r)
        self.mail_failed = Counter(
            "newsmon_mail_failed", "Digests given up (permanent refusal)", registry=r
        )
        self.mail_retries = Counter(
            "newsmon_mail_delivery_errors",
            "Delivery attempts that failed and will be retried",
            registry=r,
        )
        self.mail_pending = Gauge(
            "newsmon_mail_pending", "Digests decided and not yet delivered", registry=r
        )
        self.channel_sent = Counter(
            "newsmon_channel_sent", "Chat/push and spike notices delivered", registry=r
        )
        self.channel_errors = Counter(
            "newsmon_channel_delivery_errors",
            "Channel delivery attempts that failed (retried, or given up)",
            registry=r,
        )
        self.channel_pending = Gauge(
            "newsmon_channel_pending", "Channel notices recorded and not yet delivered", registry=r
        )
        self.spikes = Counter("newsmon_spikes", "Coverage spikes detected", registry=r)
        self.alerts_cycles = Counter(
            "newsmon_alerts_cycles", "Alerts cycles by outcome", ["outcome"], registry=r
        )
        self.alerts_last = Gauge(
            "newsmon_alerts_last_cycle_timestamp_seconds",
            "Unix time the last alerts cycle finished",
            registry=r,
        )
        self.alerts_ok = Gauge(
            "newsmon_alerts_last_cycle_ok",
            "1 if the last alerts cycle delivered everything due",
            registry=r,
        )
        self.matches_new = Counter(
            "newsmon_topic_matches_new", "Stories newly matched to a topic", registry=r
        )

        # Cluster: leadership and the Scrapyd nodes (absent without [cluster]).
        self.leader = Gauge(
            "newsmon_daemon_leader", "1 while this daemon leads (0: standing by)", registry=r
        )
        self.node_up = Gauge(
            "newsmon_node_up", "1 if the Scrapyd node answered", ["node"], registry=r
        )
        self.node_running = Gauge(
            "newsmon_node_jobs_running", "Jobs running on the node", ["node"], registry=r
        )
        self.node_pending = Gauge(
            "newsmon_node_jobs_pending", "Jobs waiting on the node", ["node"], registry=r
        )
        self.node_slots = Gauge(
            "newsmon_node_slots", "Crawls the node may run at once", ["node"], registry=r
        )
        self.node_crawls = Counter(
            "newsmon_node_crawls", "Crawls dispatched, by node", ["node", "source"], registry=r
        )
        self.node_lost = Counter(
            "newsmon_node_crawls_lost",
            "Crawls lost with their node and dispatched again",
            ["node"],
            registry=r,
        )
        self.dispatch = Histogram(
            "newsmon_dispatch_seconds",
            "From a due crawl's dispatch to its job running on a node",
            buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30),
            registry=r,
        )

    def observe_alerts(self, report: CycleReport) -> None:
        counts = report.counts
        self.alerts_cycles.labels(report.outcome).inc()
        self.alerts_last.set(report.finished.timestamp())
        self.alerts_ok.set(1 if report.outcome == "ok" else 0)
        self.mail_sent.inc(counts.get("sent", 0))
        self.mail_failed.inc(counts.get("failed", 0))
        self.mail_retries.inc(counts.get("retrying", 0))
        self.matches_new.inc(counts.get("matched", 0))
        self.channel_sent.inc(counts.get("channel_sent", 0))
        self.channel_errors.inc(counts.get("channel_retrying", 0) + counts.get("channel_failed", 0))
        self.spikes.inc(counts.get("spikes", 0))
        if report.outbox is not None:
            self.mail_pending.set(report.outbox.pending)
        if report.channels is not None:
            self.channel_pending.set(report.channels.pending)

    def observe_nodes(self, loads: list[NodeLoad]) -> None:
        for load in loads:
            self.node_up.labels(load.name).set(1 if load.reachable else 0)
            self.node_running.labels(load.name).set(load.running)
            self.node_pending.labels(load.name).set(load.pending)
            self.node_slots.labels(load.name).set(load.slots)

    def observe(self, outcome: CrawlOutcome, state: SourceState) -> None:
        source = outcome.source
        self.crawls.labels(source, outcome.status).inc()
        self.duration.labels(source).observe((outcome.finished - outcome.started).total_seconds())
        summary = outcome.summary
        self.pages.labels(source).inc(summary.get("pages_fetched", 0))
        self.stories_new.labels(source).inc(summary.get("stories_new", 0))
        self.stories_updated.labels(source).inc(summary.get("stories_updated", 0))
        self.errors.labels(source).inc(summary.get("errors", 0))
        self.publish_state(state)

    def publish_state(self, state: SourceState) -> None:
        self.failure_streak.labels(state.source).set(state.failure_streak)
        if state.last_success is not None:
            self.last_success.labels(state.source).set(state.last_success.timestamp())
        self.health_warning.labels(state.source).set(1 if state.health_warning else 0)
