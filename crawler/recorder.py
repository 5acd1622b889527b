"""Records each crawl in ``crawl_runs``: one row per source, opened at start, closed at end.

A row left in ``running`` state means the crawl process died; the daemon and
``newsmon status`` read these rows.
"""

from __future__ import annotations

import logging
import os
from typing import Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Request, Response

from newsmon.crawler.counters import COUNTERS, failure_reason, silence_warning
from newsmon.storage.db import create_db_engine, session_scope
from newsmon.storage.models import CrawlRun, utcnow

logger = logging.getLogger(__name__)


class CrawlRunRecorder:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.engine = create_db_engine(crawler.settings["NEWSMON_DATABASE_URL"])
        self.sources = [s.name for s in crawler.settings["NEWSMON_SOURCES"]]
        self.trigger = crawler.settings.get("NEWSMON_TRIGGER", "manual")
        self.node = crawler.settings.get("NEWSMON_NODE")
        """The Scrapyd node and job running this crawl (None for a local crawl)."""
        self.job = crawler.settings.get("NEWSMON_JOB")
        self.run_ids: dict[str, int] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        recorder = cls(crawler)
        crawler.signals.connect(recorder.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(recorder.response_received, signal=signals.response_received)
        crawler.signals.connect(recorder.request_sent, signal=signals.request_reached_downloader)
        return recorder

    def spider_opened(self, spider: Spider) -> None:
        with session_scope(self.engine) as session:
            runs = [
                CrawlRun(
                    source=name,
                    started_at=utcnow(),
                    pid=os.getpid(),
                    trigger=self.trigger,
                    node=self.node,
                    job_id=self.job,
                )
                for name in self.sources
            ]
            session.add_all(runs)
            session.flush()
            self.run_ids = {run.source: run.id for run in runs if run.id is not None}

    def request_sent(self, request: Request, spider: Spider) -> None:
        source = request.meta.get("source")
        if source:
            self.crawler.stats.inc_value(f"newsmon/{source}/requests_sent")

    def response_received(self, response: Response, request: Request, spider: Spider) -> None:
        source = request.meta.get("source")
        if source:
            self.crawler.stats.inc_value(f"newsmon/{source}/pages_fetched")
            self.crawler.stats.inc_value(f"newsmon/{source}/bytes_received", len(response.body))

    def spider_closed(self, spider: Spider, reason: str) -> None:
        stats = self.crawler.stats
        with session_scope(self.engine) as session:
            for source, run_id in self.run_ids.items():
                run = session.get(CrawlRun, run_id)
                if run is None:
                    continue
                for counter in COUNTERS:
                    setattr(run, counter, stats.get_value(f"newsmon/{source}/{counter}", 0))
                run.finished_at = utcnow()
                run.status = "finished" if reason == "finished" else "interrupted"
                counts = {c: getattr(run, c) for c in COUNTERS}
                failed = failure_reason(counts)
                warning = silence_warning(counts)
                if warning:
                    logger.warning("%s: %s", source, warning)
                run.outcome = "ok" if reason == "finished" and not failed else "failed"
                run.message = (
                    (failed or warning) if reason == "finished" else f"crawl closed: {reason}"
                )
                session.add(run)
        self.engine.dispose()
