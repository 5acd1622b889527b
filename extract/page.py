"""Parse a page once and index what every later step needs (meta tags, links, JSON-LD).

Each extraction step reads this index instead of re-scanning the document, which keeps the
per-page cost to one lxml parse plus one pass over the head-like elements.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from lxml.html import HtmlElement
from trafilatura.utils import load_html

from .text import nfc

logger = logging.getLogger(__name__)

JsonObj = dict[str, Any]

ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "blogposting",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "askpublicnewsarticle",
        "satiricalarticle",
        "liveblogposting",
        "techarticle",
        "report",
        "socialmediaposting",
        "advertisercontentarticle",
        "videoobject",
    }
)
"""schema.org types that describe the story itself (VideoObject: video-first news pages)."""

PAGE_TYPES = frozenset({"webpage", "itempage", "collectionpage", "medicalwebpage"})

_TRAILING_COMMA = re.compile(r",\s*([\]}])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(slots=True)
class Page:
    """A parsed page plus lookup tables built in a single walk."""

    url: str
    tree: HtmlElement | None
    base_url: str
    meta: dict[str, list[str]] = field(default_factory=dict)
    """Lower-cased meta name/property/itemprop -> non-empty contents, in document order."""
    links: dict[str, list[str]] = field(default_factory=dict)
    """Lower-cased <link rel> token -> hrefs, in document order."""
    jsonld: list[JsonObj] = field(default_factory=list)
    """JSON-LD nodes: top level, @graph members and mainEntity, story nodes first."""
    html_lang: str | None = None

    def first_meta(self, *names: str) -> str | None:
        """First non-empty content among meta keys, trying keys in the given priority order."""
        for name in names:
            values = self.meta.get(name)
            if values:
                return values[0]
        return None

    def absolute(self, href: str | None) -> str | None:
        """Resolve a possibly relative href against the page (or its <base href>)."""
        if not href:
            return None
        href = href.strip()
        if not href or href.startswith(("javascript:", "data:", "mailto:")):
            return None
        try:
            return urljoin(self.base_url, href)
        except ValueError:
            return None


def parse_page(html: str | bytes, url: str) -> Page:
    """Parse HTML leniently; an unparseable or empty document yields a Page without a tree."""
    tree: HtmlElement | None = None
    if isinstance(html, str):
        # NFD pages (or windows-1258 decodes: base letter + combining tone mark) would
        # otherwise defeat every literal match ("tháng", "März") and leak into metadata
        html = nfc(html)
    if html:
        try:
            tree = load_html(html)
        except Exception:  # lxml raises assorted errors on garbage input; never fail the crawl
            logger.debug("unparseable HTML: %s", url, exc_info=True)
            tree = None
    page = Page(url=url, tree=tree, base_url=url)
    if tree is None:
        return page
    raw_jsonld: list[str] = []
    for element in tree.iter("meta", "link", "script", "base"):
        tag = element.tag
        if tag == "meta":
            content = element.get("content")
            if content is None:
                content = element.get("value") or element.get("datetime")
            if not content or not content.strip():
                continue
            for attr in ("property", "name", "itemprop"):
                key = element.get(attr)
                if key:
                    for token in key.lower().split():  # property="og:title twitter:title"
                        page.meta.setdefault(token, []).append(content.strip())
        elif tag == "link":
            rel, href = element.get("rel"), element.get("href")
            if rel and href:
                for token in rel.lower().split():
                    page.links.setdefault(token, []).append(href)
        elif tag == "script":
            if "ld+json" in (element.get("type") or "").lower() and element.text:
                raw_jsonld.append(element.text)
        elif tag == "base" and element.get("href") and page.base_url == url:
            page.base_url = urljoin(url, element.get("href", "").strip())
    page.jsonld = _flatten_jsonld(raw_jsonld)
    root = tree.getroottree().getroot()
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    page.html_lang = lang.strip().lower() if lang and lang.strip() else None
    return page


def _load_json(text: str) -> Any:
    """json.loads tolerant of the usual hand-written JSON-LD mistakes."""
    text = text.strip()
    if text.startswith("<!--"):
        text = text.removeprefix("<!--").removesuffix("-->").strip()
    if text.startswith("//<![CDATA["):
        text = text.removeprefix("//<![CDATA[").removesuffix("//]]>").strip()
    try:
        return json.loads(text, strict=False)
    except RecursionError:  # nested thousands deep: not metadata, an attack on the parser
        return None
    except ValueError:
        pass
    try:
        return json.loads(_TRAILING_COMMA.sub(r"\1", _CONTROL.sub(" ", text)), strict=False)
    except (ValueError, RecursionError):
        return None


def node_types(node: JsonObj) -> set[str]:
    """Lower-cased local names of a node's @type ("schema:NewsArticle" -> "newsarticle")."""
    raw = node.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return {
        value.rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower()
        for value in values
        if isinstance(value, str)
    }


def _flatten_jsonld(blocks: list[str]) -> list[JsonObj]:
    """Collect candidate nodes and order them story-first, then web pages, then the rest."""
    nodes: list[JsonObj] = []

    def visit(value: Any, depth: int) -> None:
        if depth > 3:
            return
        if isinstance(value, list):
            for item in value:
                visit(item, depth + 1)
        elif isinstance(value, dict):
            graph = value.get("@graph")
            if graph is not None:
                visit(graph, depth + 1)
            if "@type" in value:
                nodes.append(value)
                main = value.get("mainEntity")
                if isinstance(main, dict | list):
                    visit(main, depth + 1)

    for block in blocks:
        visit(_load_json(block), 0)

    def rank(node: JsonObj) -> int:
        types = node_types(node)
        if types & ARTICLE_TYPES and "videoobject" not in types:
            return 0
        if "videoobject" in types:
            return 2
        if types & PAGE_TYPES:
            return 1
        return 3

    return sorted(nodes, key=rank)  # stable: document order within a rank
