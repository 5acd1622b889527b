"""robots.txt as RFC 9309 says, on top of Scrapy's middleware.

Scrapy parses whatever comes back (an error page's HTML included) and allows
everything when the download fails. RFC 9309 (2.3.1) distinguishes:

- 2xx: the rules, of which at least the first 500 KiB are parsed (we parse
  512 KiB and accept files up to 8 MiB; a larger one counts as unreachable);
- 4xx ("unavailable"): no rules, everything may be crawled;
- 5xx, a network error, or more redirects than allowed ("unreachable"):
  assume a complete disallow for this crawl.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import Request, Response
from scrapy.http.request import NO_CALLBACK
from scrapy.robotstxt import RobotParser
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler
from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)

PARSE_BYTES = 512 * 1024
MAX_BYTES = 8 * 1024 * 1024


class DisallowAll(RobotParser):
    """The rules of an unreachable robots.txt: nothing may be fetched."""

    def __init__(self) -> None:
        self.sitemaps: list[str] = []

    @classmethod
    def from_crawler(cls, crawler: Any, robotstxt_body: bytes) -> DisallowAll:
        return cls()

    def allowed(self, url: str | bytes, user_agent: str | bytes) -> bool:
        return False


class Rfc9309RobotsMiddleware(RobotsTxtMiddleware):
    async def robot_parser(self, request: Request) -> RobotParser | None:
        url = urlparse_cached(request)
        netloc = url.netloc
        if netloc not in self._parsers:
            self._parsers[netloc] = Deferred()
            robots = Request(
                f"{url.scheme}://{netloc}/robots.txt",
                priority=self.DOWNLOAD_PRIORITY,
                meta={"dont_obey_robotstxt": True, "download_maxsize": MAX_BYTES},
                callback=NO_CALLBACK,
            )
            assert self.crawler.engine is not None
            try:
                response = await self.crawler.engine.download_async(robots)
            except Exception as exc:  # network error, too many redirects, too large
                self._unreachable(netloc, request, f"{type(exc).__name__}: {exc}")
            else:
                await self._parse_robots(response, netloc, request)
            self._stats.inc_value("robotstxt/request_count")
        return await super().robot_parser(request)

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        status = response.status
        if not (200 <= status < 300 or 400 <= status < 500):
            self._unreachable(netloc, request, f"HTTP {status}")
            return
        body = b"" if status >= 400 else _first_lines(response.body)
        await super()._parse_robots(response.replace(body=body), netloc, request)

    def _unreachable(self, netloc: str, request: Request, why: str) -> None:
        source = request.meta.get("source")
        logger.warning(
            "robots.txt of %s unreachable (%s): nothing is fetched from %s in this crawl",
            netloc,
            why[:200],
            netloc,
        )
        self._stats.inc_value("robotstxt/unreachable")
        if source:
            self._stats.inc_value(f"newsmon/{source}/errors")
        waiting = self._parsers.get(netloc)
        self._parsers[netloc] = build_from_crawler(DisallowAll, self.crawler, b"")
        if isinstance(waiting, Deferred):
            waiting.callback(self._parsers[netloc])


def _first_lines(body: bytes) -> bytes:
    """The first PARSE_BYTES of the file, cut at a line end (no half rule)."""
    if len(body) <= PARSE_BYTES:
        return body
    head = body[:PARSE_BYTES]
    return head[: head.rfind(b"\n") + 1] or head
