"""Is this page an article, or a listing to harvest links from?

Cheap signals only: this runs in the crawl loop for every HTML page, before the
(expensive) extraction is scheduled.
"""

from __future__ import annotations

import json
import re
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


def jsonld_types(selector: Selector) -> set[str]:
    """Top-level @type values of the page's JSON-LD blocks (and of their @graph)."""
    types: set[str] = set()
    for block in selector.xpath('//script[@type="application/ld+json"]/text()').getall():
        try:
            data = json.loads(block)
        except ValueError:
            continue
        nodes = data if isinstance(data, list) else [data]
        for node in list(nodes):
            if isinstance(node, dict) and isinstance(node.get("@graph"), list):
                nodes.extend(node["@graph"])
        for node in nodes:
            if isinstance(node, dict):
                value = node.get("@type")
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, str):
                        types.add(item.lower())
    return types


def url_looks_like_article(url: str) -> bool:
    return bool(_ARTICLE_URL.search(urlsplit(url).path))


def is_article_page(
    selector: Selector, url: str, article_url_pattern: re.Pattern[str] | None
) -> bool:
    """Decide from the URL pattern when the source gives one, else from page metadata.

    og:type and JSON-LD are what publishers set for search engines and social
    cards, so they are reliable; the URL shape plus a single ``<h1>`` is the
    fallback for sites that set neither.
    """
    if article_url_pattern is not None:
        return bool(article_url_pattern.search(url))
    og_type = (selector.xpath('//meta[@property="og:type"]/@content').get() or "").strip().lower()
    if og_type == "article" or og_type.startswith("article"):
        return True
    # Only top-level JSON-LD types count: listings nest NewsArticles inside an ItemList.
    if jsonld_types(selector) & ARTICLE_TYPES:
        return True
    if og_type in ("website", "webpage", "profile"):
        return False
    return url_looks_like_article(url) and len(selector.xpath("//h1")) == 1
