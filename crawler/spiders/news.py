"""The generic news spider: every source in the config, one crawl.

Entry points are a source's start pages, feeds and sitemaps (and those that the
start pages and robots.txt point to). From listing pages it follows links within
the source's domains, with a bounded depth and bounded pagination, so calendar
and archive traps end. Each HTML page is classified from its own content (page_kind):
pages the URL and head do not settle are read by a page worker (``page_work``), which
extracts and stores the articles; listings, and pages that are neither, are followed.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Self
from urllib.parse import urljoin, urlsplit

import scrapy
from protego import Protego
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.gz import gunzip
from twisted.python.failure import Failure

from newsmon.config import CrawlConfig, SourceConfig
from newsmon.crawler.discovery import (
    DiscoveredLink,
    feed_links_in_html,
    pagination_number,
    parse_feed,
    parse_sitemap,
)
from newsmon.crawler.items import FetchedPage
from newsmon.crawler.links import page_links
from newsmon.crawler.page_kind import PageKind, url_hint, verdict_without_parsing
from newsmon.crawler.page_work import PageWorkers
from newsmon.crawler.politeness import raise_slot_delay
from newsmon.crawler.urls import is_allowed
from newsmon.storage.crawl_state import known_urls, needs_refetch
from newsmon.storage.db import create_db_engine
from newsmon.stories.identity import normalize_url
from newsmon.stories.repository import fill_listing_dates

# Priorities: articles first (they are the payload), then listings, then discovery.
ARTICLE_PRIORITY = 20
LISTING_PRIORITY = 10
HTML_TYPES = (b"text/html", b"application/xhtml+xml")
PAGE_COUNTERS = {
    PageKind.ARTICLE: "article_pages",
    PageKind.LISTING: "listing_pages",
    PageKind.OTHER: "skipped_pages",
}
MAX_SITEMAP_NESTING = 3
"""Sitemap indexes inside sitemap indexes followed at most this deep (the protocol has one)."""


@dataclass(frozen=True, slots=True)
class Candidate:
    url: str
    key: str
    depth: int
    listed: DiscoveredLink | None
    is_article: bool


class SourceState:
    """Per-source rules and bookkeeping for one crawl."""

    def __init__(self, config: SourceConfig) -> None:
        self.config = config
        self.domains = config.domains
        self.article_pattern = (
            re.compile(config.article_url_pattern) if config.article_url_pattern else None
        )
        self.exclude_pattern = (
            re.compile(config.exclude_url_pattern) if config.exclude_url_pattern else None
        )
        self.requests = 0
        """Requests spent from ``max_requests_per_source`` (pages, feeds and sitemaps)."""
        self.seen: set[str] = set()
        """Normalised URLs already requested in this crawl (pages, feeds and sitemaps)."""

    def admits(self, url: str) -> bool:
        if not is_allowed(url, self.domains):
            return False
        return not (self.exclude_pattern and self.exclude_pattern.search(url))


class NewsSpider(scrapy.Spider):
    name = "news"
    page_workers: PageWorkers

    def __init__(
        self, sources: list[SourceConfig], crawl: CrawlConfig, database_url: str, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.crawl_config = crawl
        self.sources = {s.name: SourceState(s) for s in sources}
        # Scrapy's offsite filter wants bare hosts; our own check (is_allowed) adds the port.
        self.allowed_domains = sorted({d.split(":")[0] for s in sources for d in s.domains})
        self.max_age = (
            timedelta(days=crawl.max_article_age_days) if crawl.max_article_age_days else None
        )
        self.engine = create_db_engine(database_url)
        self.listing_dates: dict[str, datetime] = {}
        """Publication dates feeds and sitemaps gave, by URL key (see ``closed``)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        kwargs.setdefault("database_url", crawler.settings["NEWSMON_DATABASE_URL"])
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.robots_parsed, signal=signals.robots_parsed)
        spider.page_workers = PageWorkers(
            crawler.settings.getint("NEWSMON_EXTRACT_WORKERS", 1),
            crawler.settings["NEWSMON_SOURCES"],
            kwargs["database_url"],
        )
        return spider

    def closed(self, reason: str) -> None:
        # Runs after every page's callback and the pipelines are done.
        self.page_workers.close()
        dated = fill_listing_dates(self.engine, self.listing_dates)
        if dated:
            self.logger.info("dated %d stories from their feed/sitemap entries", dated)
        self.engine.dispose()

    # -- entry points -----------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for name, state in self.sources.items():
            config = state.config
            for url in config.feeds:
                if request := self._listing_request(name, url, self.parse_feed, depth=0):
                    yield request
            for url in config.sitemaps:
                if request := self._listing_request(name, url, self.parse_sitemap, depth=0):
                    yield request
            for url in config.start_urls:
                state.seen.add(normalize_url(url))
                state.requests += 1
                # Start pages are always fetched in full: on a 304 the feeds they
                # link to would go undiscovered.
                yield self._request(
                    name,
                    url,
                    self.parse_page,
                    depth=0,
                    force=True,
                    conditional=False,
                    meta={"discover_feeds": not config.feeds},
                )
            if self.settings.getbool("ROBOTSTXT_OBEY"):
                continue  # robots.txt arrives through Scrapy's middleware (robots_parsed)
            # Not obeying robots.txt: still read it, for the sitemaps it names.
            entry_points = (*config.start_urls, *config.feeds, *config.sitemaps)
            roots = {f"{urlsplit(u).scheme}://{urlsplit(u).netloc}" for u in entry_points}
            for root in sorted(roots):
                yield self._request(
                    name,
                    root + "/robots.txt",
                    self.parse_robots,
                    depth=0,
                    force=True,
                    conditional=False,
                    meta={"dont_obey_robotstxt": True},
                )

    def _request(
        self,
        source: str,
        url: str,
        callback: Any,
        *,
        depth: int,
        priority: int = LISTING_PRIORITY,
        listed: DiscoveredLink | None = None,
        force: bool = False,
        conditional: bool = True,
        meta: dict[str, Any] | None = None,
    ) -> scrapy.Request:
        """A request; listings (``conditional``) are re-fetched with If-None-Match etc."""
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.on_error,
            priority=priority,
            dont_filter=force,
            meta={
                "source": source,
                "newsmon_depth": depth,
                "listed": listed,
                "conditional": conditional,
                **(meta or {}),
            },
        )

    def _listing_request(
        self, source: str, url: str, callback: Any, *, depth: int, nesting: int = 0
    ) -> scrapy.Request | None:
        """A feed or sitemap request, if this crawl has not requested the URL yet.

        Feeds and sitemaps count against the source's request budget like pages, and
        each is fetched once per crawl however often it is listed (a sitemap index
        listing itself, robots.txt naming a sitemap that is also configured, ...).
        """
        state = self.sources[source]
        key = normalize_url(url)
        if key in state.seen:
            return None
        if state.requests >= self.crawl_config.max_requests_per_source:
            self.crawler.stats.inc_value(f"newsmon/{source}/request_budget_exhausted")
            return None
        state.seen.add(key)
        state.requests += 1
        return self._request(
            source, url, callback, depth=depth, force=True, meta={"sitemap_nesting": nesting}
        )

    def _candidate(
        self,
        source: str,
        url: str,
        *,
        depth: int,
        listed: DiscoveredLink | None = None,
        article_hint: bool = False,
    ) -> Candidate | None:
        """A URL worth requesting, or None if the source's rules say no."""
        state = self.sources[source]
        if depth > self.crawl_config.depth_limit or not state.admits(url):
            return None
        page = pagination_number(url)
        if page is not None and page > self.crawl_config.max_listing_pages:
            return None
        published = listed.published if listed else None
        if published is not None:
            self.listing_dates.setdefault(normalize_url(url), published)
        if self.max_age and published and published < datetime.now(UTC) - self.max_age:
            self.crawler.stats.inc_value(f"newsmon/{source}/too_old")
            return None
        key = normalize_url(url)
        if key in state.seen:
            return None
        looks_like_article = article_hint or bool(
            state.article_pattern.search(url) if state.article_pattern else url_hint(url) > 0
        )
        return Candidate(url, key, depth, listed, looks_like_article)

    def _follow_all(
        self, source: str, candidates: list[Candidate | None]
    ) -> Iterator[scrapy.Request]:
        """Requests for new candidates; stored articles are skipped unless listed as changed.

        A skipped article is not marked as seen: a later feed or sitemap in the same
        crawl may list it with a newer date.
        """
        state = self.sources[source]
        wanted = [c for c in candidates if c is not None]
        articles = [c.key for c in wanted if c.is_article]
        known = known_urls(self.engine, articles) if articles else {}
        for candidate in wanted:
            if candidate.key in state.seen:
                continue  # listed twice on this page
            updated = candidate.listed.updated if candidate.listed else None
            if (
                candidate.is_article
                and candidate.key in known
                and not needs_refetch(known[candidate.key], updated)
            ):
                self.crawler.stats.inc_value(f"newsmon/{source}/known_skipped")
                continue
            if state.requests >= self.crawl_config.max_requests_per_source:
                self.crawler.stats.inc_value(f"newsmon/{source}/request_budget_exhausted")
                return
            state.seen.add(candidate.key)
            state.requests += 1
            yield self._request(
                source,
                candidate.url,
                self.parse_page,
                depth=candidate.depth,
                listed=candidate.listed,
                priority=ARTICLE_PRIORITY if candidate.is_article else LISTING_PRIORITY,
                conditional=not candidate.is_article,
            )

    # -- callbacks --------------------------------------------------------------------

    def robots_parsed(self, robotparser: Any, request: scrapy.Request) -> None:
        """Scrapy's robots.txt middleware read a site's robots.txt: apply it before the
        site's first request goes out (Crawl-delay) and queue the sitemaps it names."""
        protego = getattr(robotparser, "rp", None)
        if isinstance(protego, Protego):
            self._apply_robots(protego, request, request.meta.get("source"))

    def parse_robots(self, response: Response) -> None:
        if isinstance(response, TextResponse):
            self._apply_robots(
                Protego.parse(response.text), response.request, response.meta.get("source")
            )

    def _apply_robots(self, robots: Protego, request: scrapy.Request, source: str | None) -> None:
        assert self.crawler.engine is not None
        if self.settings.getbool("ROBOTSTXT_OBEY"):
            delay = robots.crawl_delay(self.settings.get("USER_AGENT", "*"))
            if delay:
                cap = self.settings.getfloat("NEWSMON_MAX_CRAWL_DELAY", 60.0)
                raise_slot_delay(self.crawler.engine.downloader, request, min(float(delay), cap))
                self.logger.info(
                    "%s asks for a Crawl-delay of %s s%s",
                    request.url,
                    delay,
                    f"; waiting {cap:g} s ([crawl] max_crawl_delay)" if float(delay) > cap else "",
                )
        if source not in self.sources or self.sources[source].config.sitemaps:
            return  # configured sitemaps win over discovered ones
        for url in robots.sitemaps:
            if self.sources[source].admits(url) and (
                request := self._listing_request(source, url, self.parse_sitemap, depth=0)
            ):
                self.crawler.engine.crawl(request)

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        source, depth = response.meta["source"], response.meta["newsmon_depth"]
        if response.status == 304:
            return
        links, is_feed = parse_feed(response.body)
        if not is_feed:
            self.logger.warning("not a feed: %s", response.url)
            self.crawler.stats.inc_value(f"newsmon/{source}/errors")
            return
        yield from self._follow_listed(source, links, depth + 1)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        source, depth = response.meta["source"], response.meta["newsmon_depth"]
        if response.status == 304:
            return
        body = response.body
        if body[:2] == b"\x1f\x8b":
            body = gunzip(body, max_size=self.crawl_config.max_page_bytes * 10)
        sitemap = parse_sitemap(body)
        if sitemap is None:
            self.logger.warning("not a sitemap: %s", response.url)
            self.crawler.stats.inc_value(f"newsmon/{source}/errors")
            return
        if sitemap.is_index:
            nesting = response.meta.get("sitemap_nesting", 0) + 1
            if nesting > MAX_SITEMAP_NESTING:
                self.logger.warning(
                    "sitemap index nested more than %d deep, not followed: %s",
                    MAX_SITEMAP_NESTING,
                    response.url,
                )
                self.crawler.stats.inc_value(f"newsmon/{source}/sitemaps_too_deep")
                return
            for link in sitemap.links:
                if not self.sources[source].admits(link.url):
                    continue
                request = self._listing_request(
                    source, link.url, self.parse_sitemap, depth=depth, nesting=nesting
                )
                if request is not None:
                    yield request
                elif self.sources[source].requests >= self.crawl_config.max_requests_per_source:
                    return  # the budget is spent: stop walking a 50,000-entry index
            return
        yield from self._follow_listed(source, sitemap.links, depth + 1)

    def _follow_listed(
        self, source: str, links: list[DiscoveredLink], depth: int
    ) -> Iterator[scrapy.Request]:
        yield from self._follow_all(
            source,
            [
                self._candidate(source, link.url, depth=depth, listed=link, article_hint=True)
                for link in links
            ],
        )

    async def parse_page(self, response: Response) -> AsyncIterator[Any]:
        source, depth = response.meta["source"], response.meta["newsmon_depth"]
        state = self.sources[source]
        if response.status == 304:
            return
        content_type = response.headers.get(b"Content-Type", b"").split(b";")[0].strip().lower()
        if not isinstance(response, TextResponse) or (
            content_type and content_type not in HTML_TYPES
        ):
            self.crawler.stats.inc_value(f"newsmon/{source}/skipped_not_html")
            return
        verdict = verdict_without_parsing(
            response.url, state.article_pattern, lambda: response.text
        )
        if verdict is None or verdict.kind is PageKind.ARTICLE:
            # Read in a worker, which decodes and parses the page once for the verdict
            # and extraction.
            listed: DiscoveredLink | None = response.meta.get("listed")
            outcome = await self.page_workers.process(
                FetchedPage(
                    source=source,
                    url=response.url,
                    body=response.body,
                    content_type=response.headers.get(b"Content-Type", b"").decode("latin-1"),
                    verdict=verdict,
                    fetched_urls=(*response.meta.get("redirect_urls", ()), response.url),
                    listed_date=listed.published if listed else None,
                    listed_changed=listed.updated if listed else None,
                )
            )
            verdict = outcome.verdict
            if verdict.kind is PageKind.ARTICLE or outcome.error:
                yield outcome  # to the pipeline, which counts and reports it
        self.crawler.stats.inc_value(f"newsmon/{source}/{PAGE_COUNTERS[verdict.kind]}")
        if verdict.kind is PageKind.OTHER:
            self.crawler.stats.inc_value(f"newsmon/{source}/skipped/{verdict.reason}")
            self.logger.debug("neither article nor listing (%s): %s", verdict.reason, response.url)
        else:
            self.logger.debug("%s (%s): %s", verdict.kind, verdict.reason, response.url)
        if verdict.kind is PageKind.ARTICLE and not self.crawl_config.follow_article_links:
            # Listings, feeds and sitemaps find articles; parsing every article's
            # related links here would make this loop the crawl's bottleneck.
            return
        if response.meta.get("discover_feeds"):
            alternates = zip(
                response.xpath('//link[@rel="alternate"]/@type').getall(),
                response.xpath('//link[@rel="alternate"]/@href').getall(),
                strict=False,
            )
            for href in feed_links_in_html(alternates):
                url = urljoin(response.url, href)
                if state.admits(url) and (
                    request := self._listing_request(source, url, self.parse_feed, depth=depth)
                ):
                    yield request
        for request in self._follow_all(
            source,
            [
                self._candidate(
                    source,
                    url,
                    depth=depth if pagination_number(url) is not None else depth + 1,
                )
                for url in page_links(response)
            ],
        ):
            yield request

    def on_error(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        source = request.meta.get("source", "?")
        if failure.check(IgnoreRequest) and not failure.check(HttpError):
            return  # robots.txt said no: obeying is not an error
        if failure.check(HttpError):
            status = failure.value.response.status
            if (
                status in (404, 410)
                and request.meta.get("conditional")
                and request.callback == self.parse_page
            ):
                # A dead navigation link is the site's problem, not a failed crawl.
                self.logger.debug("HTTP %s (broken link), skipped: %s", status, request.url)
                self.crawler.stats.inc_value(f"newsmon/{source}/broken_links")
                return
            self.logger.warning("HTTP %s, skipped: %s", status, request.url)
        else:
            self.logger.warning(
                "fetch failed, skipped: %s (%s)", request.url, failure.getErrorMessage()
            )
        self.crawler.stats.inc_value(f"newsmon/{source}/errors")
