"""Finding article URLs: feeds, sitemaps, robots.txt and links on listing pages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

import feedparser
from lxml import etree

from newsmon.extract.datetext import sane_datetime

_FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
)


@dataclass(frozen=True, slots=True)
class DiscoveredLink:
    url: str
    published: datetime | None = None
    """Publication date the feed or sitemap gives: a fallback for the page's own date."""
    updated: datetime | None = None
    """Last change the listing reports (Atom updated, sitemap lastmod): drives re-fetches."""


def parse_feed(body: bytes) -> tuple[list[DiscoveredLink], bool]:
    """Entries of an RSS/Atom feed, and whether the document was a feed at all.

    feedparser gets bytes, never a string: a string can be taken for a URL or path.
    """
    parsed = feedparser.parse(body)
    if not parsed.entries and parsed.bozo and not parsed.feed:
        return [], False
    links = []
    for entry in parsed.entries:
        url = entry.get("link")
        if not url:
            continue
        published = _feed_date(entry.get("published"))
        updated = _feed_date(entry.get("updated")) or published
        links.append(DiscoveredLink(url.strip(), published or updated, updated))
    return links, True


def _feed_date(raw: str | None) -> datetime | None:
    """Parse a feed date keeping its own offset (feedparser's struct_time drops it)."""
    if not raw:
        return None
    try:
        value = parsedate_to_datetime(raw)  # RFC 822, RSS
    except (TypeError, ValueError, IndexError, OverflowError):
        try:
            value = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))  # RFC 3339, Atom
        except ValueError:
            return None
    return sane_datetime(value)


_SITEMAP_PARSER_OPTIONS = {
    "resolve_entities": False,
    "recover": True,
    "remove_comments": True,
    "huge_tree": True,
    "no_network": True,
}


@dataclass(frozen=True, slots=True)
class Sitemap:
    is_index: bool
    links: list[DiscoveredLink]


def parse_sitemap(body: bytes) -> Sitemap | None:
    """A sitemap or sitemap index, including Google News ``<news:publication_date>``."""
    try:
        root = etree.fromstring(body, parser=etree.XMLParser(**_SITEMAP_PARSER_OPTIONS))
    except etree.XMLSyntaxError:
        return None
    if root is None:
        return None
    kind = etree.QName(root).localname
    if kind not in ("urlset", "sitemapindex"):
        return None
    links = []
    for entry in root:
        if not isinstance(entry.tag, str):
            continue
        loc, dates = None, {}
        for element in entry.iter():
            if not isinstance(element.tag, str):
                continue
            name = etree.QName(element).localname
            text = (element.text or "").strip()
            if name == "loc" and loc is None:
                loc = text
            elif name in ("publication_date", "lastmod") and text:
                dates[name] = text
        if loc:
            published = _iso_date(dates.get("publication_date"))
            lastmod = _iso_date(dates.get("lastmod"), change=True)
            links.append(DiscoveredLink(loc, published or lastmod, lastmod or published))
    return Sitemap(kind == "sitemapindex", links)


_DAY_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
_EARLIEST_ZONE = timezone(timedelta(hours=14))
"""The zone where each day begins first (Line Islands, UTC+14)."""


def _iso_date(raw: str | None, *, change: bool = False) -> datetime | None:
    """A W3C datetime; a date-only *change* date is read as that day's first instant anywhere.

    A lastmod of 2025-12-25 says "changed some time that day", not "at midnight UTC":
    compared with an exact time from a feed, midnight UTC would look newer than an
    edit made that morning in Asia and send the article to be fetched again on
    every crawl. Its earliest instant is newer only than what happened before the day.
    """
    if not raw:
        return None
    text = raw.strip()
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if change and _DAY_ONLY.fullmatch(text):
        value = value.replace(tzinfo=_EARLIEST_ZONE)
    return sane_datetime(value)


def feed_links_in_html(links: Iterator[tuple[str, str]]) -> list[str]:
    """hrefs of ``<link rel=alternate>`` elements whose type is a feed type."""
    return [href for type_, href in links if type_.split(";")[0].strip().lower() in _FEED_TYPES]


_PAGINATION = re.compile(
    r"(?:[?&](?:page|p|trang|seite|pg)=(\d+))|(?:/(?:page|trang|seite|p)[-/]?(\d+)(?:\.html?)?/?$)"
    r"|(?:-(?:trang|page|seite)-(\d+)(?:\.html?)?$)",
    re.IGNORECASE,
)


def pagination_number(url: str) -> int | None:
    """The page number if the URL is page N of a listing, else None."""
    match = _PAGINATION.search(url)
    if not match:
        return None
    return int(next(g for g in match.groups() if g))
