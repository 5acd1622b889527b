"""Is this page an article, or a listing to harvest links from?

This runs in the crawl loop for every HTML page, so it looks at the ``<head>``
only, with regular expressions: parsing whole article pages here would make the
crawl loop, not extraction, the bottleneck. Only pages whose head says nothing
(no og:type, no JSON-LD) are parsed in full for the URL-shape fallback.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from parsel import Selector

ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "blogposting",
    "liveblogposting",
    "report",
    "scholarlyarticle",
    "techarticle",
}
# A slug of four or more words, an article id, or a dated path are what article URLs look like.
_ARTICLE_URL = re.compile(
    r"(/\d{4}/\d{1,2}/\d{1,2}/[^/]+)"
    r"|([a-z0-9]+(?:-[a-z0-9]+){3,}(?:-\d+)?(?:\.html?|\.ece|\.php)?/?$)"
    r"|(/(?:artikel|article|news|story|bai-viet)/[^/]*\d{3,}[^/]*$)"
    r"|(-\d{5,}(?:\.html?)?$)",
    re.IGNORECASE,
)
_HEAD_END = re.compile(r"</head\s*>|<body[\s>]", re.IGNORECASE)
_META_TAG = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([a-zA-Z:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_LINK_CANONICAL = re.compile(r"""<link\b[^>]*\brel\s*=\s*["']?canonical\b""", re.IGNORECASE)
_JSON_LD = re.compile(
    r"""<script\b[^>]*type\s*=\s*["']?application/ld\+json["']?[^>]*>(.*?)</script>""",
    re.IGNORECASE | re.DOTALL,
)
_MAX_HEAD = 256_000


@dataclass(frozen=True, slots=True)
class HeadSignals:
    og_type: str | None
    jsonld_types: frozenset[str]
    has_canonical_link: bool


def _attributes(tag: str) -> dict[str, str]:
    return {
        m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or ""
        for m in _ATTR.finditer(tag)
    }


def _types_in(block: str) -> set[str]:
    try:
        data = json.loads(block)
    except (ValueError, RecursionError):  # RecursionError: JSON nested thousands deep
        return set()
    nodes = data if isinstance(data, list) else [data]
    for node in list(nodes):
        if isinstance(node, dict) and isinstance(node.get("@graph"), list):
            nodes.extend(node["@graph"])
    types: set[str] = set()
    for node in nodes:
        if isinstance(node, dict):
            value = node.get("@type")
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str):
                    types.add(item.lower())
    return types


def head_signals(html: str) -> HeadSignals:
    """og:type, top-level JSON-LD types and <link rel=canonical> from the page's head."""
    end = _HEAD_END.search(html, 0, _MAX_HEAD)
    head = html[: end.start() if end else _MAX_HEAD]
    og_type = None
    for tag in _META_TAG.findall(head):
        attributes = _attributes(tag)
        if attributes.get("property", attributes.get("name", "")).lower() == "og:type":
            og_type = attributes.get("content", "").strip().lower()
            break
    types: set[str] = set()
    for block in _JSON_LD.findall(head):
        types |= _types_in(block)
    return HeadSignals(og_type, frozenset(types), bool(_LINK_CANONICAL.search(head)))


def url_looks_like_article(url: str) -> bool:
    return bool(_ARTICLE_URL.search(urlsplit(url).path))


def is_article_page(
    html: str,
    url: str,
    article_url_pattern: re.Pattern[str] | None,
    selector: Selector | None = None,
) -> bool:
    """Decide from the URL pattern when the source gives one, else from page metadata.

    og:type and JSON-LD are what publishers set for search engines and social
    cards, so they are reliable; the URL shape plus a single ``<h1>`` is the
    fallback for sites that set neither.
    """
    if article_url_pattern is not None:
        return bool(article_url_pattern.search(url))
    signals = head_signals(html)
    if signals.og_type and signals.og_type.startswith("article"):
        return True
    # Only top-level JSON-LD types count: listings nest NewsArticles inside an ItemList.
    if signals.jsonld_types & ARTICLE_TYPES:
        return True
    if signals.og_type in ("website", "webpage", "profile"):
        return False
    if not url_looks_like_article(url):
        return False
    selector = selector or Selector(text=html)
    return len(selector.xpath("//h1")) == 1
