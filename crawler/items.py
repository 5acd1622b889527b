"""What the spider hands to the item pipelines."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(slots=True)
class ArticleResponse:
    """An article page as fetched, before extraction."""

    source: str
    url: str
    html: str = field(repr=False)  # never in a log line
    fetched_urls: tuple[str, ...] = field(default_factory=tuple)
    listed_date: datetime | None = None
    """Publication date a feed or sitemap gave: a fallback for the page's own date."""
    listed_changed: datetime | None = None
    """Last change a feed or sitemap reported, remembered to decide on re-fetches."""
    has_canonical_link: bool = False
    """The page carries <link rel=canonical> (og:url alone is weaker evidence)."""
    renderings: tuple[str, ...] = ()
    """AMP renderings the page names (<link rel="amphtml">), listed without a fetch."""
