"""What the spider hands to the page workers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from scrapy.http import TextResponse

from newsmon.crawler.page_kind import PageVerdict


@dataclass(slots=True)
class FetchedPage:
    """An HTML page as fetched, before it is read.

    The body travels as bytes and is decoded in the worker: decoding a page of a
    few hundred kilobytes, and pickling it as text, cost the crawl loop more than
    all of Scrapy's own work on the response.
    """

    source: str
    url: str
    body: bytes = field(repr=False)  # never in a log line
    content_type: str = ""
    """The response's Content-Type header (its charset decides the decoding)."""
    verdict: PageVerdict | None = None
    """Article or listing when the URL and head settled it; None: the worker reads the body."""
    fetched_urls: tuple[str, ...] = field(default_factory=tuple)
    listed_date: datetime | None = None
    """Publication date a feed or sitemap gave: a fallback for the page's own date."""
    listed_changed: datetime | None = None
    """Last change a feed or sitemap reported, remembered to decide on re-fetches."""

    def html(self) -> str:
        """The body as text, decoded exactly as Scrapy's ``response.text`` decodes it
        (BOM, header charset, ``<meta charset>``, else inferred)."""
        headers = {"Content-Type": self.content_type} if self.content_type else {}
        return TextResponse(self.url, body=self.body, headers=headers).text
