"""The result of extracting one article page: plain data, cheap to pickle between processes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class DateSource(StrEnum):
    """Where a story's publication date came from, best first."""

    json_ld = "json-ld"
    meta = "meta"
    time_element = "time-element"
    visible_text = "visible-text"
    feed = "feed"
    url = "url"
    first_seen = "first-seen"


@dataclass(frozen=True, slots=True)
class ExtractedArticle:
    url: str
    """Final URL of the fetched page (after redirects)."""
    text: str
    """Body text in Unicode NFC, paragraphs separated by a blank line; no boilerplate."""
    title: str | None = None
    canonical_url: str | None = None
    """Absolute URL from <link rel=canonical> (or og:url), if the page names one."""
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    """Timezone-aware publication time; never in the future."""
    date_source: DateSource | None = None
    modified: datetime | None = None
    language: str | None = None
    """ISO 639-1 code detected from the text (the source's hint only breaks ties)."""
    description: str | None = None
    image: str | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)
    section: str | None = None
