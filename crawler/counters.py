"""What a crawl counts per source: one definition for the crawl summary and crawl_runs."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass
class SourceSummary:
    source: str
    pages_fetched: int = 0
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


COUNTERS = tuple(f.name for f in fields(SourceSummary) if f.name != "source")
"""Stats keys ``newsmon/<source>/<counter>`` kept during a crawl."""


def reached_nothing(pages_fetched: int, errors: int) -> bool:
    """A crawl that fetched no page and met errors failed, even if it ended normally."""
    return pages_fetched == 0 and errors > 0
