"""Links on a listing page, cheaply.

Menus and footers repeat the same few URLs hundreds of times per page; Scrapy's
LinkExtractor resolves and canonicalises every occurrence before deduplicating.
Deduplicating the raw ``href`` values first makes link extraction several times
cheaper on real pages, where it otherwise dominates the crawl loop.
"""

from __future__ import annotations

import posixpath
import re
from html import unescape as html_unescape
from urllib.parse import urljoin, urlsplit

from scrapy.http import TextResponse
from scrapy.linkextractors import IGNORED_EXTENSIONS

_IGNORED = frozenset(f".{ext}" for ext in IGNORED_EXTENSIONS)
_NOT_WEB = ("mailto:", "javascript:", "tel:", "data:", "#")


def page_links(response: TextResponse) -> list[str]:
    """Absolute http(s) URLs of ``<a href>`` links, in page order, without repeats or files."""
    base = response.xpath("//base/@href").get()
    base_url = urljoin(response.url, base.strip()) if base else response.url
    seen: set[str] = set()
    links: list[str] = []
    for href in dict.fromkeys(response.xpath("//a/@href | //area/@href").getall()):
        href = href.strip()
        if not href or href.lower().startswith(_NOT_WEB):
            continue
        url = urljoin(base_url, href).split("#", 1)[0]
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            continue
        if posixpath.splitext(parts.path)[1].lower() in _IGNORED:
            continue
        if url not in seen:
            seen.add(url)
            links.append(url)
    return links


_AMPHTML = re.compile(r"""<link\b[^>]*\brel\s*=\s*["']?amphtml\b[^>]*>""", re.IGNORECASE)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_HEAD_LIMIT = 200_000


def declared_renderings(html: str, url: str) -> tuple[str, ...]:
    """AMP renderings an article names in its head (``<link rel="amphtml">``), absolute.

    A regular expression over the head, not a parse: the crawl loop reads every page.
    """
    head = html[:_HEAD_LIMIT]
    end = head.lower().find("</head")
    found = []
    for tag in _AMPHTML.findall(head if end < 0 else head[:end]):
        href = _HREF.search(tag)
        if href:
            absolute = urljoin(url, html_unescape(next(g for g in href.groups() if g is not None)))
            if urlsplit(absolute).scheme in ("http", "https"):
                found.append(absolute)
    return tuple(dict.fromkeys(found))
