"""The item pipeline: extract and store each article in a worker process.

Extraction is CPU-bound and storing costs a few milliseconds of Python per
story; done in the crawl process, either would compete with Scrapy for one
interpreter lock. So both run in a process pool, one worker per core, while the
crawl loop keeps fetching. Workers store through ``save_article``, whose lock
keeps concurrent saves from ever storing one story twice.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Self

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector
from sqlalchemy.engine import Engine

from newsmon.config import SourceConfig
from newsmon.crawler.items import ArticleResponse
from newsmon.crawler.lifeline import exit_with
from newsmon.crawler.urls import is_allowed
from newsmon.extract import extract_article
from newsmon.storage.db import create_db_engine
from newsmon.stories.repository import ArticlePage, SaveResult, save_article

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ArticleOutcome:
    """What became of one article page (small, so cheap to send back from a worker)."""

    url: str
    source: str
    saved: SaveResult | None = None
    empty_body: bool = False
    missing_date: bool = False
    error: str | None = None
    canonical_offsite: str | None = None
    """A rel=canonical outside the source's domains, ignored (see ``process_article``)."""
    store_failed: bool = False
    """The archive refused the article (read-only, disk full, unreachable database)."""


_worker_engines: dict[str, Engine] = {}


def _engine(database_url: str) -> Engine:
    # One engine per worker process, created on its first article.
    if database_url not in _worker_engines:
        _worker_engines[database_url] = create_db_engine(database_url)
    return _worker_engines[database_url]


def process_article(
    item: ArticleResponse,
    language_hint: str | None,
    timezone: str,
    database_url: str,
    domains: tuple[str, ...] = (),
) -> ArticleOutcome:
    """Extract and store one article page (runs in a worker process).

    A page's rel=canonical names the story it belongs to; it is trusted only within
    the source's own domains. Otherwise any page could claim another site's article
    (its text would replace the victim's, whose real page would never be fetched).
    """
    try:
        article = extract_article(
            item.html,
            item.url,
            language_hint=language_hint,
            timezone=timezone,
            feed_date=item.listed_date,
        )
    except Exception as exc:  # a bad page must not stop the crawl
        return ArticleOutcome(item.url, item.source, error=f"extraction failed: {exc!r:.300}")
    offsite = None
    if article.canonical_url and domains and not is_allowed(article.canonical_url, list(domains)):
        offsite, article = article.canonical_url, replace(article, canonical_url=None)
    if not article.text.strip():
        return ArticleOutcome(item.url, item.source, empty_body=True)
    page = ArticlePage(
        source=item.source,
        article=article,
        seen_at=datetime.now(UTC),
        fetched_urls=item.fetched_urls,
        listed_changed=item.listed_changed,
        canonical_link=item.has_canonical_link,
        renderings=tuple(r for r in item.renderings if not domains or is_allowed(r, list(domains))),
    )
    try:
        saved = save_article(_engine(database_url), page)
    except Exception as exc:
        return ArticleOutcome(
            item.url,
            item.source,
            error=f"could not store: {_one_line(exc)}",
            missing_date=article.published is None,
            store_failed=True,
        )
    return ArticleOutcome(
        item.url,
        item.source,
        saved=saved,
        missing_date=article.published is None,
        canonical_offsite=offsite,
    )


def _one_line(exc: BaseException, limit: int = 300) -> str:
    """An exception as one short line (a database error can carry a whole statement)."""
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _start_worker(crawl_pid: int) -> None:
    """Set up a worker: tied to its crawl, deaf to stop signals, imports warm.

    The crawl process alone decides when to stop (Ctrl-C or SIGTERM reach the
    whole process group; a worker killed by them would lose the pages in
    flight), and a worker whose crawl died (even by SIGKILL) exits at once
    instead of lingering as an orphan of the fork server.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    exit_with(crawl_pid)
    import newsmon.extract  # noqa: F401  (trafilatura & co., before the first page)


class ArticlePipeline:
    def __init__(
        self,
        stats: StatsCollector,
        workers: int,
        sources: dict[str, SourceConfig],
        database_url: str,
    ) -> None:
        self.stats = stats
        self.workers = workers
        self.sources = sources
        self.database_url = database_url
        self.executor: ProcessPoolExecutor | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        return cls(
            crawler.stats,
            settings.getint("NEWSMON_EXTRACT_WORKERS", 1),
            {s.name: s for s in settings["NEWSMON_SOURCES"]},
            settings["NEWSMON_DATABASE_URL"],
        )

    def open_spider(self, spider: Spider | None = None) -> None:
        # forkserver: workers must not inherit the reactor, sockets or database handles.
        self.executor = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("forkserver"),
            initializer=_start_worker,
            initargs=(os.getpid(),),
        )

    def close_spider(self, spider: Spider | None = None) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)

    async def process_item(
        self, item: ArticleResponse, spider: Spider | None = None
    ) -> ArticleOutcome:
        source = self.sources[item.source]
        assert self.executor is not None
        future = self.executor.submit(
            process_article,
            item,
            source.language,
            source.timezone,
            self.database_url,
            tuple(source.domains),
        )
        outcome = await asyncio.wrap_future(future)
        counter = f"newsmon/{item.source}"
        if outcome.error:
            logger.warning("%s, skipped: %s", outcome.error, item.url)
            self.stats.inc_value(f"{counter}/errors")
            if outcome.store_failed:
                self.stats.inc_value(f"{counter}/store_errors")
            raise DropItem(outcome.error)
        if outcome.canonical_offsite:
            logger.info(
                "canonical link outside %s ignored: %s names %s",
                item.source,
                item.url,
                outcome.canonical_offsite,
            )
            self.stats.inc_value(f"{counter}/canonical_offsite")
        self.stats.inc_value(f"{counter}/articles_extracted")
        if outcome.empty_body:
            self.stats.inc_value(f"{counter}/empty_body")
            logger.warning("no article text found, skipped: %s", item.url)
            raise DropItem(f"empty body: {item.url}")
        if outcome.missing_date:
            self.stats.inc_value(f"{counter}/missing_date")
        assert outcome.saved is not None
        self.stats.inc_value(f"{counter}/stories_{outcome.saved.outcome}")
        return outcome
