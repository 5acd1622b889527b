"""What the spider hands to the item pipelines."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(slots=True)
class ArticleResponse:
    """An article page as fetched, before extraction."""

    source: str
    url: str
    html: str
    fetched_urls: tuple[str, ...] = field(default_factory=tuple)
    listed_date: datetime | None = None
    """Date a feed or sitemap gave for this URL: a fallback for the page's own date."""
    has_canonical_link: bool = False
    """The page carries <link rel=canonical> (og:url alone is weaker evidence)."""
