"""Conditional GET for listing pages, feeds and sitemaps.

Validators (ETag, Last-Modified) are kept per URL in the archive. A 304 means
"unchanged since last crawl" and costs the site almost nothing. A 200 whose body
hash equals the stored one is counted as unchanged too: some servers ignore
conditional headers, and some send a stale ETag with a changed body, so the
validator is never trusted over the body itself.
"""

from __future__ import annotations

import hashlib
from typing import Self

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

from newsmon.storage.crawl_state import load_validators, save_validators
from newsmon.storage.db import create_db_engine
from newsmon.storage.models import HttpValidator, utcnow


class ConditionalGetMiddleware:
    def __init__(self, stats: StatsCollector, database_url: str) -> None:
        self.stats = stats
        self.engine = create_db_engine(database_url)
        self.validators: dict[str, HttpValidator] = {}
        self.updated: dict[str, HttpValidator] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = cls(crawler.stats, crawler.settings["NEWSMON_DATABASE_URL"])
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def spider_opened(self, spider: Spider) -> None:
        self.validators = load_validators(self.engine)

    def spider_closed(self, spider: Spider) -> None:
        # Saved at the end: after a killed crawl the next one simply fetches in full.
        if self.updated:
            save_validators(self.engine, self.updated.values())
        self.engine.dispose()

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if not request.meta.get("conditional"):
            return
        request.meta.setdefault("handle_httpstatus_list", [304])
        known = self.validators.get(request.url)
        if known is None:
            return
        if known.etag:
            request.headers.setdefault(b"If-None-Match", known.etag.encode("latin-1"))
        if known.last_modified:
            request.headers.setdefault(b"If-Modified-Since", known.last_modified.encode("latin-1"))

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        if not request.meta.get("conditional"):
            return response
        source = request.meta.get("source", "?")
        if response.status == 304:
            self.stats.inc_value(f"newsmon/{source}/not_modified")
            return response
        if response.status != 200:
            return response
        body_hash = hashlib.sha256(response.body).hexdigest()
        known = self.validators.get(request.url)
        if known is not None and known.body_hash == body_hash:
            self.stats.inc_value(f"newsmon/{source}/unchanged")
        etag = response.headers.get(b"ETag")
        last_modified = response.headers.get(b"Last-Modified")
        self.updated[request.url] = HttpValidator(
            url=request.url,
            etag=etag.decode("latin-1") if etag else None,
            last_modified=last_modified.decode("latin-1") if last_modified else None,
            body_hash=body_hash,
            checked_at=utcnow(),
        )
        return response
