"""Ground truth: what a correct crawler must end up with after crawling the world.

Plain dataclasses with absolute URLs on the live ports, so tests can assert exact
outcomes (one stored story per ``TruthArticle``, right date, no boilerplate, …).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from fixtureworld.model import Article

if TYPE_CHECKING:
    from fixtureworld.sites import Site

DateSource = Literal["json-ld", "meta", "time-element", "visible-text", "feed", "url"]

# Under the default test config (download_timeout = 2 s) the slow page times out.
DEFAULT_DOWNLOAD_TIMEOUT = 2.0


@dataclass
class TruthArticle:
    """One story. ``variant_urls`` must all fold into ``canonical_url``."""

    key: str
    outlet: str
    language: str
    canonical_url: str
    variant_urls: list[str]
    title: str
    published: datetime | None  # aware, exact to the minute; for "url" only the date counts
    expected_date_source: DateSource | None
    authors: list[str]
    body_snippets: list[str]  # NFC; must appear in the extracted text
    boilerplate_snippets: list[str]  # must NOT appear in the extracted text
    learning_city: bool
    reachable: bool
    charset: str
    section: str = ""
    special: str | None = None
    synthetic: bool = False


@dataclass
class GroundTruth:
    """Everything tests need to know about the world, with live absolute URLs."""

    articles: list[TruthArticle]
    base_urls: dict[str, str]
    disallowed_urls: list[str]
    trap_path_prefix: dict[str, str]
    slow_url: str
    flaky_url: str
    oversized_url: str
    pdf_url: str
    missing_url: str
    offsite_urls: list[str]  # never served; a crawler must not even try them
    cross_outlet_urls: dict[str, list[str]] = field(default_factory=dict)  # outlet -> others
    feed_urls: dict[str, list[str]] = field(default_factory=dict)
    sitemap_urls: dict[str, list[str]] = field(default_factory=dict)

    def by_key(self, key: str) -> TruthArticle:
        for article in self.articles:
            if article.key == key:
                return article
        raise KeyError(key)

    def for_outlet(self, outlet: str, *, reachable_only: bool = False) -> list[TruthArticle]:
        return [
            a for a in self.articles if a.outlet == outlet and (a.reachable or not reachable_only)
        ]

    @property
    def reachable(self) -> list[TruthArticle]:
        return [a for a in self.articles if a.reachable]

    @property
    def learning_city_keys(self) -> set[str]:
        """Reachable stories whose body is about learning cities."""
        return {a.key for a in self.articles if a.learning_city and a.reachable}

    def url_to_key(self) -> dict[str, str]:
        """Every canonical and variant URL -> story key."""
        mapping = {}
        for a in self.articles:
            mapping[a.canonical_url] = a.key
            for url in a.variant_urls:
                mapping[url] = a.key
        return mapping


_DATE_SOURCE: dict[str, DateSource | None] = {
    "json-ld": "json-ld",
    "meta": "meta",
    "time-element": "time-element",
    "visible-text": "visible-text",
    "future-json-ld": "visible-text",
    "feed": "feed",
    "url": "url",
    "none": None,
}


def _snippet(paragraph: str) -> str:
    """First sentence of a paragraph (or its first ~120 chars cut at a word boundary)."""
    m = re.match(r"(.{40,}?[.!?])(\s|$)", paragraph)
    if m and len(m.group(1)) <= 220:
        return m.group(1)
    if len(paragraph) <= 140:
        return paragraph
    return paragraph[:120].rsplit(" ", 1)[0]


def body_snippets(site: Site, a: Article) -> list[str]:
    paras = [
        site.resolve(p)
        for p in a.paragraphs
        if not p.startswith("## ") and "{base:" not in p and len(p) > 30
    ]
    if not paras:
        return []
    picks = sorted({0, len(paras) // 2, max(0, len(paras) - 1)})
    return [unicodedata.normalize("NFC", _snippet(paras[i])) for i in picks]


def _published(a: Article) -> datetime | None:
    if a.date_mode == "none" or a.published is None:
        return None
    if a.date_mode == "url":
        m = re.search(r"(\d{4})[-/](\d{2})[-/](\d{2})", a.path)
        assert m, a.path
        return datetime(int(m[1]), int(m[2]), int(m[3]), tzinfo=a.published.tzinfo)
    return a.published


def variant_urls(site: Site, a: Article) -> list[str]:
    paths: list[str] = [p for _, p in a.variant_links]
    if a.amp_path:
        paths.append(a.amp_path)
    if a.print_variant:
        paths.append(a.path + "?print=1")
    paths += a.redirect_from
    paths += [p for p, _ in a.alt_paths]
    paths += [p for p, _ in a.copy_paths]
    if a.slashless_variant:
        paths.append(a.path.rstrip("/"))
    urls: list[str] = []
    for path in paths:
        url = site.url(path)
        if path != a.path and url not in urls:
            urls.append(url)
    return urls


def build_truth(sites: dict[str, Site], slow_seconds: float) -> GroundTruth:
    """Derive the ground truth from the live sites (call after the servers listen)."""
    articles: list[TruthArticle] = []
    special_urls: dict[str, str] = {}
    for name, site in sites.items():
        for a in site.articles:
            if a.special:
                special_urls.setdefault(a.special, site.url(a.path))
            reachable = a.special not in ("disallowed", "missing", "oversized")
            if a.special == "slow":
                reachable = slow_seconds < DEFAULT_DOWNLOAD_TIMEOUT
            articles.append(
                TruthArticle(
                    key=a.key,
                    outlet=name,
                    language=site.language,
                    canonical_url=site.url(a.path),
                    variant_urls=variant_urls(site, a),
                    title=site.resolve(a.title),
                    published=_published(a),
                    expected_date_source=_DATE_SOURCE[a.date_mode],
                    authors=list(a.authors),
                    body_snippets=body_snippets(site, a) if a.special != "missing" else [],
                    boilerplate_snippets=site.boilerplate_snippets(a),
                    learning_city=a.learning_city,
                    reachable=reachable,
                    charset=a.charset,
                    section=a.section,
                    special=a.special,
                    synthetic=a.synthetic,
                )
            )
    disallowed = [site.url(p) for site in sites.values() for p in site.disallowed_links()]
    hanoi = sites["thoidai"].url(sites["thoidai"].articles[0].path)
    offsite = [
        "https://www.facebook.com/sharer/sharer.php?u=" + hanoi,
        "https://twitter.com/intent/tweet?url=" + hanoi,
        "https://www.facebook.com/thoidai.vn",
        "https://www.youtube.com/@thoidai",
        "https://twitter.com/harbourtimes",
    ]
    cross = {
        name: [f"{other.base}/" for other_name, other in sites.items() if other_name != name]
        for name in sites
    }
    feeds = {
        "thoidai": [sites["thoidai"].url("/rss/home.rss")],
        "rheinblatt": [
            sites["rheinblatt"].url("/feeds/rss.xml"),
            sites["rheinblatt"].url("/feeds/atom.xml"),
        ],
        "harbourtimes": [],
    }
    sitemaps = {
        "thoidai": [sites["thoidai"].url("/sitemap.xml")],
        "rheinblatt": [],
        "harbourtimes": [
            sites["harbourtimes"].url("/sitemap_index.xml"),
            sites["harbourtimes"].url("/news-sitemap.xml"),
        ],
    }
    return GroundTruth(
        articles=articles,
        base_urls={name: site.base for name, site in sites.items()},
        disallowed_urls=disallowed,
        trap_path_prefix={name: site.trap_prefix for name, site in sites.items()},
        slow_url=special_urls["slow"],
        flaky_url=special_urls["flaky"],
        oversized_url=special_urls["oversized"],
        pdf_url=sites["thoidai"].url("/files/bao-cao-2025.pdf"),
        missing_url=special_urls["missing"],
        offsite_urls=offsite,
        cross_outlet_urls=cross,
        feed_urls=feeds,
        sitemap_urls=sitemaps,
    )
