"""extract_article: one HTML page in, one ExtractedArticle out, never an exception.

Pure and picklable (runs in ProcessPoolExecutor workers): the page is parsed once with lxml,
metadata and dates are read from that tree, and trafilatura works on its own copy.
"""

from __future__ import annotations

import logging
from dataclasses import fields, replace
from datetime import UTC, datetime

from .body import extract_body
from .dates import find_modified, find_published, utc_now
from .language import detect_language
from .metadata import Metadata, extract_metadata
from .model import DateSource, ExtractedArticle
from .page import Page, parse_page
from .structure import MenuLabels, headlines, remove_furniture, scan
from .text import storable

logger = logging.getLogger(__name__)

for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    # trafilatura warns ("discarding data") on every non-article page; keep errors only
    _lib_logger = logging.getLogger(_name)
    if _lib_logger.level < logging.ERROR:
        _lib_logger.setLevel(logging.ERROR)


def extract_article(
    html: str,
    url: str,
    *,
    language_hint: str | None = None,
    timezone: str = "UTC",
    feed_date: datetime | None = None,
    now: datetime | None = None,
) -> ExtractedArticle:
    """Extract body text, metadata, publication date (with provenance) and language.

    ``timezone`` is the source's IANA zone, applied to naive dates; ``feed_date`` and the URL
    are fallbacks for the date; dates after ``now`` (default: current UTC time) are rejected.
    """
    return extract_page(
        read_page(html, url),
        language_hint=language_hint,
        timezone=timezone,
        feed_date=feed_date,
        now=now,
    )


def read_page(html: str, url: str) -> Page:
    """The page parsed once, for whoever reads it before extraction (never raises)."""
    try:
        return parse_page(html, url)
    except Exception:
        logger.debug("page indexing failed on %s", url, exc_info=True)
        return Page(url=url, tree=None, base_url=url)


def extract_page(
    page: Page,
    *,
    language_hint: str | None = None,
    timezone: str = "UTC",
    feed_date: datetime | None = None,
    now: datetime | None = None,
) -> ExtractedArticle:
    """``extract_article`` on a page already parsed by ``read_page``.

    Extraction removes furniture from ``page.tree``: read the tree before, not after.
    """
    url = page.url
    reference = _aware_now(now)
    metadata, headline = Metadata(), None
    if page.tree is not None:
        try:
            metadata, headline = extract_metadata(page)
        except Exception:  # defensive: odd markup must cost a field, not the article
            logger.debug("metadata extraction failed on %s", url, exc_info=True)
    published: datetime | None = None
    source: DateSource | None = None
    modified: datetime | None = None
    try:
        published, source = find_published(
            page, headline, tz=timezone, feed_date=feed_date, now=reference
        )
        modified = find_modified(page, timezone, reference) if page.tree is not None else None
    except Exception:
        logger.debug("date extraction failed on %s", url, exc_info=True)

    text = ""
    if page.tree is not None:
        # Last user of the tree: metadata and dates have read it, so furniture can go.
        found = scan(page.tree)
        labels = MenuLabels(found)
        titles = headlines(found)
        try:
            remove_furniture(found)
        except Exception:
            logger.debug("furniture removal failed on %s", url, exc_info=True)
        text = extract_body(page.tree, url, metadata.title, labels, titles)

    try:
        language = detect_language(text, language_hint, page.html_lang)
    except Exception:
        logger.debug("language detection failed on %s", url, exc_info=True)
        language = None

    return _storable(
        ExtractedArticle(
            url=url,
            text=text,
            title=metadata.title,
            canonical_url=metadata.canonical_url,
            authors=metadata.authors,
            published=published,
            date_source=source,
            modified=modified,
            language=language,
            description=whole_word_lead(metadata.description, text),
            image=metadata.image,
            tags=metadata.tags,
            section=metadata.section,
        )
    )


LEAD_MIN_CHARS = 40
"""A shorter description is not matched against the body (too likely to match by chance)."""


def whole_word_lead(description: str | None, text: str) -> str | None:
    """The lead as published, but never ending mid-word.

    Sites fill og:description with the first N characters of the story ("… của UNES");
    when the body shows the lead was cut inside a word, it ends at the last whole word.
    """
    if not description:
        return description
    stem = description.rstrip(" .…")
    flat = " ".join(text.split())
    at = flat.find(stem) if len(stem) >= LEAD_MIN_CHARS else -1
    end = at + len(stem)
    if at < 0 or end >= len(flat) or not flat[end].isalnum() or " " not in stem:
        return description
    return stem[: stem.rindex(" ")].rstrip(" ,;:-–—") + "…"


def _storable(article: ExtractedArticle) -> ExtractedArticle:
    """Every text field made safe for the archive, in one place (see ``text.storable``)."""
    changes: dict[str, object] = {}
    for field_ in fields(article):
        value = getattr(article, field_.name)
        if isinstance(value, str):
            changes[field_.name] = storable(value)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            changes[field_.name] = [storable(v) for v in value]
    return replace(article, **changes)


def _aware_now(now: datetime | None) -> datetime:
    if now is None:
        return utc_now()
    return now if now.tzinfo is not None else now.replace(tzinfo=UTC)
