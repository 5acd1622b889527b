"""What a crawl counts per source: one definition for the crawl summary and crawl_runs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields


@dataclass
class SourceSummary:
    source: str
    pages_fetched: int = 0
    article_pages: int = 0
    """HTML pages recognised as articles (and handed to extraction)."""
    listing_pages: int = 0
    """HTML pages recognised as listings: followed for links, never stored."""
    skipped_pages: int = 0
    """HTML pages that are neither (followed for links, not stored)."""
    articles_extracted: int = 0
    stories_new: int = 0
    stories_updated: int = 0
    stories_duplicate: int = 0
    empty_body: int = 0
    missing_date: int = 0
    errors: int = 0
    requests_sent: int = 0
    bytes_received: int = 0
    not_modified: int = 0
    store_errors: int = 0
    """Articles the archive refused (read-only, disk full, database unreachable)."""


COUNTERS = tuple(f.name for f in fields(SourceSummary) if f.name != "source")
"""Stats keys ``newsmon/<source>/<counter>`` kept during a crawl."""


def failure_reason(counters: Mapping[str, int]) -> str | None:
    """Why a crawl that ran to its end still failed, or None if it did its job.

    Silence is a failure too: reaching no page at all, or storing nothing because
    the archive refused every article, must not pass for a quiet day.
    """
    if counters.get("pages_fetched", 0) == 0 and counters.get("errors", 0) > 0:
        return "no page could be fetched"
    stored = sum(counters.get(f"stories_{k}", 0) for k in ("new", "updated", "duplicate"))
    if counters.get("store_errors", 0) > 0 and stored == 0:
        return f"the archive refused all {counters['store_errors']} article(s)"
    return None


def silence_warning(counters: Mapping[str, int]) -> str | None:
    """A warning when a source gives pages but none of them is recognised as an article.

    The crawl did not fail (listings were read), but the archive gets nothing from the
    source: the operator must hear of it, with the override that fixes it.
    """
    html_pages = sum(
        counters.get(k, 0) for k in ("article_pages", "listing_pages", "skipped_pages")
    )
    if html_pages == 0 or counters.get("article_pages", 0) > 0:
        return None
    return (
        f"{html_pages} page(s) fetched but none recognised as an article "
        f"({counters.get('listing_pages', 0)} listing(s), "
        f"{counters.get('skipped_pages', 0)} skipped); if its articles share a URL shape, "
        "set article_url_pattern for this source"
    )
