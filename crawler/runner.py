"""Run one crawl of the configured sources in this process and summarise it.

Scrapy's reactor cannot be restarted, so a process runs at most one crawl; the
daemon starts a fresh process for each.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from newsmon.config import ConfigError, NewsmonConfig, SourceConfig
from newsmon.crawler import settings as default_settings
from newsmon.crawler.counters import COUNTERS, SourceSummary
from newsmon.crawler.spiders.news import NewsSpider
from newsmon.storage.db import open_archive
from newsmon.storage.locks import ArchiveLock, LockBusy


@dataclass
class CrawlSummary:
    sources: list[SourceSummary]
    finish_reason: str
    seconds: float
    busy_sources: list[str] = field(default_factory=list)
    """Sources skipped because another process is crawling them."""

    def total(self, counter: str) -> int:
        return sum(getattr(s, counter) for s in self.sources)


ProgressCallback = Callable[[list[SourceSummary]], None]


def select_sources(config: NewsmonConfig, names: list[str] | None) -> list[SourceConfig]:
    if names:
        return [config.source(name) for name in names]
    sources = [s for s in config.sources if s.enabled]
    if not sources:
        raise ConfigError("no enabled [[sources]] in the config: nothing to crawl")
    return sources


def config_settings(config: NewsmonConfig, sources: list[SourceConfig]) -> dict[str, Any]:
    """The Scrapy settings the operator's config decides (set at command-line priority)."""
    crawl = config.crawl
    return {
        "USER_AGENT": crawl.user_agent,
        "ROBOTSTXT_OBEY": crawl.obey_robots,
        "CONCURRENT_REQUESTS": crawl.concurrency_total,
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrency_per_domain,
        "DOWNLOAD_DELAY": crawl.download_delay,
        "DOWNLOAD_TIMEOUT": crawl.download_timeout,
        "DOWNLOAD_MAXSIZE": crawl.max_page_bytes,
        "DOWNLOAD_WARNSIZE": crawl.max_page_bytes // 2,
        "RETRY_TIMES": crawl.retries,
        "HTTPCACHE_ENABLED": crawl.http_cache,
        "NEWSMON_DATABASE_URL": config.database.url,
        "NEWSMON_SOURCES": sources,
        "NEWSMON_EXTRACT_WORKERS": crawl.effective_extract_workers,
        "NEWSMON_MAX_CRAWL_DELAY": crawl.max_crawl_delay,
        "NEWSMON_MAX_RETRY_AFTER": crawl.max_retry_after,
    }


def crawl_settings(
    config: NewsmonConfig, sources: list[SourceConfig], overrides: dict[str, Any] | None = None
) -> Settings:
    """Scrapy settings: the project's fixed choices overlaid with the operator's config."""
    settings = Settings()
    settings.setmodule(default_settings, priority="project")
    settings.setdict(
        {
            **config_settings(config, sources),
            "LOG_INSTALL_ROOT_HANDLER": False,  # the application owns logging
        },
        priority="cmdline",
    )
    if overrides:
        settings.setdict(overrides, priority="cmdline")
    return settings


def _summaries(stats: dict[str, Any], sources: list[SourceConfig]) -> list[SourceSummary]:
    return [
        SourceSummary(s.name, **{c: int(stats.get(f"newsmon/{s.name}/{c}", 0)) for c in COUNTERS})
        for s in sources
    ]


def run_crawl(
    config: NewsmonConfig,
    source_names: list[str] | None = None,
    *,
    on_progress: ProgressCallback | None = None,
    settings_overrides: dict[str, Any] | None = None,
) -> CrawlSummary:
    """Crawl the sources once (blocking) and return what happened per source.

    Each source is locked for the crawl's duration, so a scheduled crawl and a
    manual one never overlap; busy sources are skipped and reported.
    """
    open_archive(config.database.url).dispose()  # migrate before any writer starts
    with ExitStack() as locks:
        wanted = select_sources(config, source_names)
        sources, busy = [], []
        for source in wanted:
            try:
                locks.enter_context(ArchiveLock(config.database.url, f"crawl-{source.name}"))
                sources.append(source)
            except LockBusy:
                busy.append(source.name)
        if not sources:
            return CrawlSummary([], "busy", 0.0, busy)
        summary = _crawl(config, sources, on_progress, settings_overrides)
        summary.busy_sources = busy
        return summary


def _crawl(
    config: NewsmonConfig,
    sources: list[SourceConfig],
    on_progress: ProgressCallback | None,
    settings_overrides: dict[str, Any] | None,
) -> CrawlSummary:
    settings = crawl_settings(config, sources, settings_overrides)
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(NewsSpider)
    if on_progress is not None:
        last = [0.0]

        def report(*_args: Any, **_kwargs: Any) -> None:
            now = time.monotonic()
            if now - last[0] >= 0.2:
                last[0] = now
                on_progress(_summaries(crawler.stats.get_stats(), sources))

        for signal in (signals.response_received, signals.item_scraped, signals.item_dropped):
            crawler.signals.connect(report, signal=signal, weak=False)
    finish: dict[str, str] = {}
    crawler.signals.connect(
        lambda spider, reason: finish.setdefault("reason", reason),
        signal=signals.spider_closed,
        weak=False,
    )
    started = time.monotonic()
    process.crawl(crawler, sources=sources, crawl=config.crawl)
    process.start()
    summaries = _summaries(crawler.stats.get_stats() or {}, sources)
    return CrawlSummary(summaries, finish.get("reason", "unknown"), time.monotonic() - started)
