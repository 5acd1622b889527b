"""Redirects stay within a source's scope, the way links do.

Scrapy's offsite check compares bare host names, so a redirect from a source on
``127.0.0.1:8080`` to ``127.0.0.1:9090`` (or from a news site to a tracker on
another port) would be followed. Redirected requests are checked here with the
spider's own rule (``SourceState.admits``: host and port, exclusions).
"""

from __future__ import annotations

import logging
from typing import Self

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

logger = logging.getLogger(__name__)


class RedirectScopeMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        source = request.meta.get("source")
        if not source or not request.meta.get("redirect_urls"):
            return  # the spider's own requests are in scope by construction
        sources = getattr(self.crawler.spider, "sources", {})
        state = sources.get(source)
        if state is not None and not state.admits(request.url):
            logger.info(
                "redirect out of %s not followed: %s -> %s",
                source,
                request.meta["redirect_urls"][-1],
                request.url,
            )
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value(f"newsmon/{source}/offsite_redirects")
            raise IgnoreRequest(f"redirect outside {source}: {request.url}")
