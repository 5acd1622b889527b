"""Item pipelines: extract (in worker processes), then store (one writer thread).

Extraction is CPU-bound, so it runs in a process pool with one worker per core
while the crawl loop keeps fetching. Writes go through a single thread so the
reactor never blocks on the database and stories are deduplicated one at a time.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Self

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from crawler.extraction import ExtractedArticle, extract_article
from crawler.items import ArticleResponse
from newsmon.config import SourceConfig
from storage.db import create_db_engine
from storage.repository import ArticlePage, save_article

logger = logging.getLogger(__name__)


def _extract_in_worker(
    html: str, url: str, language_hint: str | None, timezone: str, listed_date: datetime | None
) -> ExtractedArticle:
    return extract_article(
        html, url, language_hint=language_hint, timezone=timezone, feed_date=listed_date
    )


def _warm_up_worker() -> None:
    # Import trafilatura & co. once per worker, before the first page arrives.
    import crawler.extraction  # noqa: F401


class ExtractionPipeline:
    def __init__(self, stats: StatsCollector, workers: int, sources: dict[str, SourceConfig]):
        self.stats = stats
        self.workers = workers
        self.sources = sources
        self.executor: Executor | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        sources = {s.name: s for s in crawler.settings["NEWSMON_SOURCES"]}
        return cls(crawler.stats, crawler.settings.getint("NEWSMON_EXTRACT_WORKERS", 1), sources)

    def open_spider(self, spider: Spider | None = None) -> None:
        # forkserver: workers must not inherit the reactor, sockets or the database engine.
        context = multiprocessing.get_context("forkserver")
        self.executor = ProcessPoolExecutor(
            max_workers=self.workers, mp_context=context, initializer=_warm_up_worker
        )

    def close_spider(self, spider: Spider | None = None) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)

    async def process_item(
        self, item: ArticleResponse, spider: Spider | None = None
    ) -> ArticlePage:
        source = self.sources[item.source]
        assert self.executor is not None
        future = self.executor.submit(
            _extract_in_worker,
            item.html,
            item.url,
            source.language,
            source.timezone,
            item.listed_date,
        )
        try:
            article = await asyncio.wrap_future(future)
        except Exception as exc:  # a bad page must not stop the crawl
            logger.warning(
                "extraction failed, skipped: %s (%s: %s)", item.url, type(exc).__name__, exc
            )
            self.stats.inc_value(f"newsmon/{item.source}/errors")
            raise DropItem(f"extraction failed: {item.url}") from exc
        self.stats.inc_value(f"newsmon/{item.source}/articles_extracted")
        if not article.text.strip():
            self.stats.inc_value(f"newsmon/{item.source}/empty_body")
            logger.warning("no article text found, skipped: %s", item.url)
            raise DropItem(f"empty body: {item.url}")
        if article.published is None:
            self.stats.inc_value(f"newsmon/{item.source}/missing_date")
        return ArticlePage(
            source=item.source,
            article=article,
            seen_at=datetime.now(UTC),
            fetched_urls=item.fetched_urls,
            listed_changed=item.listed_changed,
            canonical_link=item.has_canonical_link,
        )


class StoragePipeline:
    def __init__(self, stats: StatsCollector, database_url: str) -> None:
        self.stats = stats
        self.engine = create_db_engine(database_url)
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="archive-writer")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler.stats, crawler.settings["NEWSMON_DATABASE_URL"])

    def close_spider(self, spider: Spider | None = None) -> None:
        self.writer.shutdown(wait=True)
        self.engine.dispose()

    async def process_item(self, page: ArticlePage, spider: Spider | None = None) -> ArticlePage:
        loop = asyncio.get_running_loop()
        try:
            result = await loop.run_in_executor(self.writer, save_article, self.engine, page)
        except Exception as exc:
            logger.error("could not store %s: %s: %s", page.article.url, type(exc).__name__, exc)
            self.stats.inc_value(f"newsmon/{page.source}/errors")
            raise DropItem(f"storage failed: {page.article.url}") from exc
        self.stats.inc_value(f"newsmon/{page.source}/stories_{result.outcome}")
        return page
