"""Per-site politeness beyond Scrapy's defaults: robots.txt Crawl-delay and Retry-After.

Both raise the delay of the site's download slot (Scrapy keys slots by host), so
every later request to that site waits, not only the one that was answered.
"""

from __future__ import annotations

import asyncio
import logging
import time
from email.utils import parsedate_to_datetime
from typing import Self

from scrapy import Request, Spider
from scrapy.core.downloader import Downloader
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response

logger = logging.getLogger(__name__)


def raise_slot_delay(downloader: Downloader, request: Request, delay: float) -> None:
    """Make the request's download slot wait at least ``delay`` seconds between requests."""
    key = downloader.get_slot_key(request)
    settings = downloader.per_slot_settings.setdefault(key, {})
    settings["delay"] = max(float(settings.get("delay", 0)), delay)
    # No random jitter below the asked-for delay: it is a minimum, not an average.
    settings["jitter"] = 0
    slot = downloader.slots.get(key)
    if slot is not None and slot.delay < delay:
        slot.delay, slot.jitter = delay, 0


def retry_after_seconds(value: bytes | None, now: float | None = None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP-date), None if absent/invalid."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


class RetryAfterMiddleware(RetryMiddleware):
    """Retries 429/503 no sooner than the site asks, and slows the whole site down.

    A wait longer than ``[crawl] max_retry_after`` gives the URL up for this crawl
    (counted as an error); the daemon's per-source backoff then takes over.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler.settings)
        self.crawler = crawler
        self.max_wait = crawler.settings.getfloat("NEWSMON_MAX_RETRY_AFTER", 120.0)  # [crawl]

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        if response.status in (429, 503):
            wait = retry_after_seconds(response.headers.get(b"Retry-After"))
            if wait is not None:
                if wait > self.max_wait:
                    logger.warning(
                        "%s asks to retry after %.0f s; giving up on %s for now",
                        response.status,
                        wait,
                        request.url,
                    )
                    return response
                assert self.crawler.engine is not None
                raise_slot_delay(self.crawler.engine.downloader, request, min(wait, 30.0))
                await asyncio.sleep(wait)
        return super().process_response(request, response)  # type: ignore[return-value]
