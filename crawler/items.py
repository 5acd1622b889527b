"""What the spider hands to the page workers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from newsmon.crawler.page_kind import PageVerdict


@dataclass(slots=True)
class FetchedPage:
    """An HTML page as fetched, before it is read."""

    source: str
    url: str
    html: str = field(repr=False)  # never in a log line
    verdict: PageVerdict | None = None
    """Article or listing when the URL and head settled it; None: the worker reads the body."""
    fetched_urls: tuple[str, ...] = field(default_factory=tuple)
    listed_date: datetime | None = None
    """Publication date a feed or sitemap gave: a fallback for the page's own date."""
    listed_changed: datetime | None = None
    """Last change a feed or sitemap reported, remembered to decide on re-fetches."""
