# ruff: noqa: E501  (page shells are HTML templates; wrapping them hurts more than it helps)
"""The three outlets: URL schemes, page chrome, listings, feeds, sitemaps and robots.txt.

Each ``Site`` turns its ``Article`` list into HTTP responses. Everything is rendered
on demand and cached by the server, so a mutation only needs to drop the cache.
"""

from __future__ import annotations

import json
import random
import re
import zlib
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from typing import ClassVar
from zoneinfo import ZoneInfo

from fixtureworld.model import TZ_DE, TZ_UK, TZ_VN, Article, short_date, visible_date

OFFSITE_SHARE = {
    "facebook": "https://www.facebook.com/sharer/sharer.php?u=",
    "twitter": "https://twitter.com/intent/tweet?url=",
}


@dataclass(frozen=True)
class Listed:
    """One teaser on a listing page (an article, possibly under a non-canonical URL)."""

    article: Article
    href: str
    section: str


def _x(text: str) -> str:
    return escape(text, quote=True)


def _iso(dt: datetime) -> str:
    return dt.isoformat(timespec="seconds")


def _jsonld(data: dict[str, object]) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{text}\n</script>'


_URL_RE = re.compile(r"https?://[^\s<>\"]+")


def _linkify(escaped: str) -> str:
    return _URL_RE.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)


class Site(ABC):
    """Base outlet: subclasses supply the URL scheme, labels and page shell."""

    name: ClassVar[str]
    display: ClassVar[str]
    language: ClassVar[str]
    tz: ClassVar[ZoneInfo]
    labels: ClassVar[dict[str, str]]
    comment_pool: ClassVar[list[tuple[str, str]]]
    disallowed_prefixes: ClassVar[list[str]]
    trap_prefix: ClassVar[str]

    def __init__(self, articles: list[Article], sections: dict[str, str], scale: int) -> None:
        self.articles = articles
        self.sections = sections
        self.page_size = 3 if scale == 0 else 20
        self.base = ""  # set once the server listens
        self.bases: dict[str, str] = {}  # every outlet's base URL, for cross links
        self.reindex()

    # ----------------------------------------------------------------- indexing
    def reindex(self) -> None:
        """Recompute lookups after the article list changed."""
        self.by_key = {a.key: a for a in self.articles}
        self._order = {a.key: i for i, a in enumerate(self.articles)}
        normal = [a for a in self.articles if self.is_normal(a)]
        self.latest = sorted(normal, key=self._sort_key)
        self._normal_hand = [a for a in self.latest if not a.synthetic]
        self._normal_synth = [a for a in self.latest if a.synthetic]

    @staticmethod
    def _sort_key(a: Article) -> tuple[int, float]:
        return (0, -a.published.timestamp()) if a.published else (1, 0.0)

    @staticmethod
    def is_normal(a: Article) -> bool:
        return a.listed and a.special not in ("disallowed", "missing")

    def url(self, path: str) -> str:
        return self.base + path

    def resolve(self, text: str) -> str:
        """Fill ``{base:OUTLET}`` placeholders with live base URLs."""
        for outlet, base in self.bases.items():
            text = text.replace("{base:" + outlet + "}", base)
        return text

    # ------------------------------------------------------------ URL schemes
    @abstractmethod
    def section_path(self, section: str, page: int = 1) -> str: ...

    @abstractmethod
    def latest_path(self, page: int = 1) -> str: ...

    @abstractmethod
    def trap_path(self, year: int, month: int) -> str: ...

    @abstractmethod
    def parse_trap(self, path: str) -> tuple[int, int] | None: ...

    # ---------------------------------------------------------------- helpers
    def section_entries(self, section: str) -> list[Listed]:
        """Teasers of one section, newest first, including alternate and copy paths."""
        items: list[tuple[Article, str]] = []
        for a in self.latest:
            if a.section == section:
                href = next((p for place, p in a.variant_links if place == "section"), a.path)
                items.append((a, href))
        for a in self.articles:
            for path, sec in (*a.alt_paths, *a.copy_paths):
                if sec == section:
                    items.append((a, path))
        items.sort(key=lambda item: self._sort_key(item[0]))
        return [Listed(a, href, section) for a, href in items]

    def latest_entries(self) -> list[Listed]:
        return [Listed(a, a.path, a.section) for a in self.latest]

    @staticmethod
    def paginate(items: list[Listed], page: int, size: int) -> tuple[list[Listed], int]:
        pages = max(1, -(-len(items) // size))
        return items[(page - 1) * size : page * size], pages

    def related(self, a: Article, section: str | None = None) -> list[Article]:
        """Explicit related keys, else the neighbours in the same (hand/synthetic) pool."""
        if a.related and section in (None, a.section):
            return [self.by_key[k] for k in a.related if k in self.by_key]
        pool = self._normal_synth if a.synthetic else self._normal_hand
        if section not in (None, a.section):
            pool = [x for x in pool if x.section == section] or pool
        pool = [x for x in pool if x.key != a.key]
        if not pool:
            return []
        start = zlib.crc32(a.key.encode()) % len(pool)
        return [pool[(start + i) % len(pool)] for i in range(min(3, len(pool)))]

    def comments(self, a: Article) -> list[tuple[str, str]]:
        seed = zlib.crc32(a.key.encode())
        pool = self.comment_pool
        first = seed % len(pool)
        second = (first + 1 + (seed // len(pool)) % (len(pool) - 1)) % len(pool)
        picked = [pool[first], pool[second]]
        return [*a.comments, *picked]

    def feed_href(self, a: Article) -> str:
        if a.redirect_from:
            return a.redirect_from[0]
        return next((p for place, p in a.variant_links if place == "feed"), a.path)

    def boilerplate_snippets(self, a: Article) -> list[str]:
        """Strings on ``a``'s canonical page that an extractor must drop."""
        texts = [self.labels["newsletter_text"], self.labels["footer_line"]]
        texts += [self.resolve(r.title) for r in self.related(a)[:2]]
        texts += [c for _, c in self.comments(a)[:2]]
        texts.append(self.labels["trending"].split("|")[0].strip())
        article_text = (a.title + " " + a.lead + " " + self.resolve(a.body)).lower()
        return [t for t in texts if t.lower() not in article_text]

    # ---------------------------------------------------------- article pages
    def date_block(self, a: Article) -> str:
        if a.published is None or a.date_mode in ("feed", "url", "none"):
            return ""
        text = _x(visible_date(a.published, self.language))
        if a.date_mode == "time-element":
            return f'<time class="{self.labels["date_class"]}" datetime="{_iso(a.published)}">{text}</time>'
        return f'<span class="{self.labels["date_class"]}">{text}</span>'

    def head_meta(self, a: Article, canonical: str | None, self_url: str, amp: bool) -> str:
        title = _x(self.resolve(a.title))
        lead = _x(self.resolve(a.lead))
        image = self.url(f"/images/2025/{zlib.crc32(a.key.encode()) % 100000:05d}.jpg")
        parts = [
            f"<title>{title} | {_x(self.display)}</title>",
            f'<meta name="description" content="{lead}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<meta property="og:site_name" content="{_x(self.display)}">',
            '<meta property="og:type" content="article">',
            f'<meta property="og:title" content="{title}">',
            f'<meta property="og:url" content="{_x(canonical or self_url)}">',
            f'<meta property="og:image" content="{image}">',
            f'<meta property="og:description" content="{lead}">',
            '<meta name="twitter:card" content="summary_large_image">',
        ]
        if canonical:
            parts.append(f'<link rel="canonical" href="{_x(canonical)}">')
        if a.amp_path and not amp:
            parts.append(f'<link rel="amphtml" href="{_x(self.url(a.amp_path))}">')
        if a.published and a.date_mode in ("json-ld", "meta"):
            parts.append(f'<meta property="article:published_time" content="{_iso(a.published)}">')
            if a.modified:
                parts.append(
                    f'<meta property="article:modified_time" content="{_iso(a.modified)}">'
                )
            parts.append(
                f'<meta property="article:section" content="{_x(self.sections[a.section])}">'
            )
        if a.published and a.date_mode in ("json-ld", "future-json-ld"):
            published, modified = a.published, a.modified or a.published
            if a.date_mode == "future-json-ld":  # a CMS template bug, as seen in the wild
                published = published.replace(year=2031)
                modified = modified.replace(year=2031)
            parts.append(
                _jsonld(
                    {
                        "@context": "https://schema.org",
                        "@type": "NewsArticle",
                        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical or self_url},
                        "headline": self.resolve(a.title),
                        "description": self.resolve(a.lead),
                        "image": [image],
                        "datePublished": _iso(published),
                        "dateModified": _iso(modified),
                        "author": [{"@type": "Person", "name": n} for n in a.authors],
                        "publisher": {
                            "@type": "Organization",
                            "name": self.display,
                            "logo": {"@type": "ImageObject", "url": self.url("/static/logo.png")},
                        },
                        "inLanguage": self.language,
                    }
                )
            )
        return "\n".join(parts)

    def body_html(self, a: Article) -> str:
        out = []
        for i, para in enumerate(a.paragraphs):
            text = self.resolve(para)
            if text.startswith("## "):
                out.append(f"<h2>{_x(text[3:])}</h2>")
            elif a.malformed:
                out.append(f"<p>{_linkify(_x(text))}")  # unclosed <p>, as old CMSs emit
            else:
                out.append(f"<p>{_linkify(_x(text))}</p>")
            if i == 0:
                img = f"/images/2025/{zlib.crc32(a.key.encode()) % 100000:05d}.jpg"
                out.append(
                    f'<figure class="image"><img src="{img}" alt="{_x(a.title)}" '
                    f'width="800" height="450"></figure>'
                )
            if a.malformed and i == 1:
                out.append("</div></span>")  # stray closers from a broken template
        for label, path in a.attachments:
            out.append(f'<p class="attachment"><a href="{path}">{_x(label)}</a></p>')
        return "\n".join(out)

    def share_html(self, a: Article, url: str, print_link: bool) -> str:
        fb = OFFSITE_SHARE["facebook"] + url
        tw = OFFSITE_SHARE["twitter"] + url
        printer = (
            f'<a class="print" href="{a.path}?print=1">{_x(self.labels["print"])}</a>'
            if print_link
            else f'<a class="print" href="javascript:window.print()">{_x(self.labels["print"])}</a>'
        )
        return (
            f'<div class="share-tools"><span>{_x(self.labels["share"])}:</span> '
            f'<a class="fb" href="{_x(fb)}" rel="nofollow">Facebook</a> '
            f'<a class="tw" href="{_x(tw)}" rel="nofollow">X</a> {printer}</div>'
        )

    def related_html(self, a: Article, section: str | None) -> str:
        items = "".join(
            f'<li><a href="{r.path}">{_x(self.resolve(r.title))}</a></li>'
            if not a.malformed
            else f"<li><a href={r.path}>{_x(self.resolve(r.title))}</a>"
            for r in self.related(a, section)
        )
        return (
            f'<section class="related-box"><h3>{_x(self.labels["related"])}</h3>'
            f"<ul>{items}</ul></section>"
        )

    def comments_html(self, a: Article) -> str:
        comments = self.comments(a)
        items = "".join(
            f'<div class="comment"><strong class="comment-author">{_x(name)}</strong>'
            f'<p class="comment-text">{_x(text)}</p></div>'
            for name, text in comments
        )
        return (
            f'<section class="comments" id="comments"><h3>{_x(self.labels["comments"])} '
            f"({len(comments)})</h3>{items}"
            f'<form class="comment-form" action="/binh-luan" method="post"><textarea name="c">'
            f'</textarea><button type="submit">{_x(self.labels["send"])}</button></form></section>'
        )

    def newsletter_html(self) -> str:
        return (
            f'<div class="newsletter-box"><h4>{_x(self.labels["newsletter"])}</h4>'
            f'<p>{_x(self.labels["newsletter_text"])}</p><form action="/newsletter" method="post">'
            f'<input type="email" name="email" placeholder="email@example.com">'
            f'<button type="submit">OK</button></form></div>'
        )

    def render_article(self, a: Article, variant: str = "main", section: str | None = None) -> str:
        """variant: main | amp | print | alt (canonical to primary) | copy (no canonical)."""
        section = section or a.section
        canonical = self.url(a.path)
        self_url = canonical
        if variant == "copy":
            self_url = self.url(next(p for p, s in a.copy_paths if s == section))
            canonical_link: str | None = None
        else:
            canonical_link = canonical
        meta = self.head_meta(a, canonical_link, self_url, amp=variant == "amp")
        title = _x(self.resolve(a.title))
        lead = _x(self.resolve(a.lead))
        authors = ", ".join(_x(n) for n in a.authors)
        byline = f'<span class="{self.labels["author_class"]}">{authors}</span>' if authors else ""
        if variant in ("amp", "print"):
            return self.minimal_page(a, meta, title, lead, byline, variant)
        if a.malformed:
            container = f"<div class=article-body id=artikeltext data-id={a.key}>"
            lead_html = f"<p class=lead><b><i>{lead}</b></i>"
        else:
            container = '<div class="article-body" id="article-body">'
            lead_html = f'<p class="lead">{lead}</p>'
        tags = ""
        if a.tags:
            tags = (
                f'<div class="tags">{_x(self.labels["tags"])}: '
                + " ".join(f'<span class="tag">{_x(t)}</span>' for t in a.tags)
                + "</div>"
            )
        crumbs = (
            f'<nav class="breadcrumb"><a href="/">{_x(self.labels["home"])}</a> › '
            f'<a href="{self.section_path(section)}">{_x(self.sections[section])}</a></nav>'
        )
        article = f"""{crumbs}
<article class="{self.labels["article_class"]}">
<header class="article-header">
<h1 class="{self.labels["title_class"]}">{title}</h1>
<div class="article-meta">{byline} {self.date_block(a)}</div>
{self.share_html(a, self_url, a.print_variant)}
</header>
{lead_html}
{container}
{self.body_html(a)}
</div>
{tags}
</article>
{self.related_html(a, section if variant == "copy" else None)}
{self.newsletter_html()}
{self.comments_html(a)}"""
        return self.shell(meta, article, body_class="article-page")

    def minimal_page(
        self, a: Article, meta: str, title: str, lead: str, byline: str, variant: str
    ) -> str:
        html_attr = f'lang="{self.language}"' + (" amp" if variant == "amp" else "")
        note = "AMP" if variant == "amp" else self.labels["print"]
        return f"""<!DOCTYPE html>
<html {html_attr}>
<head>
<meta charset="utf-8">
{meta}
</head>
<body class="{variant}-page">
<div class="{variant}-header"><a href="/">{_x(self.display)}</a> · {_x(note)}</div>
<article>
<h1>{title}</h1>
<div class="article-meta">{byline} {self.date_block(a)}</div>
<p class="lead">{lead}</p>
<div class="article-body">
{self.body_html(a)}
</div>
</article>
<footer><p>{_x(self.labels["footer_line"])}</p></footer>
</body>
</html>
"""

    # --------------------------------------------------------------- listings
    def teaser_html(self, item: Listed) -> str:
        a = item.article
        date = ""
        if a.published and a.date_mode not in ("feed", "url", "none"):
            date = f'<span class="teaser-date">{short_date(a.published, self.language)}</span>'
        return (
            f'<article class="teaser"><h3><a href="{item.href}">{_x(self.resolve(a.title))}</a>'
            f'</h3><p class="teaser-lead">{_x(self.resolve(a.lead))}</p>{date}</article>'
        )

    def pagination_html(self, page: int, pages: int, path_for) -> str:  # type: ignore[no-untyped-def]
        if pages <= 1:
            return ""
        links = []
        if page > 1:
            links.append(f'<a rel="prev" href="{path_for(page - 1)}">{_x(self.labels["prev"])}</a>')
        window = sorted({1, 2, 3, page - 1, page, page + 1, pages} & set(range(1, pages + 1)))
        for p in window:
            cls = ' class="current"' if p == page else ""
            links.append(f'<a{cls} href="{path_for(p)}">{p}</a>')
        if page < pages:
            links.append(f'<a rel="next" href="{path_for(page + 1)}">{_x(self.labels["next"])}</a>')
        return '<nav class="pagination">' + " ".join(links) + "</nav>"

    def listing_meta(self, title: str, url: str, description: str) -> str:
        return "\n".join(
            [
                f"<title>{_x(title)}</title>",
                f'<meta name="description" content="{_x(description)}">',
                f'<meta property="og:site_name" content="{_x(self.display)}">',
                '<meta property="og:type" content="website">',
                f'<meta property="og:title" content="{_x(title)}">',
                f'<meta property="og:url" content="{_x(url)}">',
                f'<meta property="og:image" content="{self.url("/static/og-default.png")}">',
                f'<link rel="canonical" href="{_x(url)}">',
            ]
        )

    def render_section(self, section: str, page: int) -> str | None:
        items, pages = self.paginate(self.section_entries(section), page, self.page_size)
        if page > pages or page < 1:
            return None
        name = self.sections[section]
        suffix = f" - {self.labels['page']} {page}" if page > 1 else ""
        meta = self.listing_meta(
            f"{name}{suffix} | {self.display}", self.url(self.section_path(section, page)), name
        )
        teasers = "\n".join(self.teaser_html(i) for i in items)
        extra = self.section_extra(section, page)
        main = (
            f'<h1 class="section-title">{_x(name)}</h1>\n<div class="teaser-list">\n{teasers}\n'
            f"</div>\n{extra}"
            + self.pagination_html(page, pages, lambda p: self.section_path(section, p))
        )
        return self.shell(meta, main, body_class="section-page")

    def section_extra(self, section: str, page: int) -> str:
        """Hook for outlet-specific links on section pages."""
        return ""

    def render_latest(self, page: int) -> str | None:
        items, pages = self.paginate(self.latest_entries(), page, self.page_size)
        if page > pages or page < 1:
            return None
        title = self.labels["latest"] + (f" - {self.labels['page']} {page}" if page > 1 else "")
        meta = self.listing_meta(
            f"{title} | {self.display}", self.url(self.latest_path(page)), title
        )
        teasers = "\n".join(self.teaser_html(i) for i in items)
        main = (
            f'<h1 class="section-title">{_x(self.labels["latest"])}</h1>\n'
            f'<div class="teaser-list">\n{teasers}\n</div>\n'
            + self.pagination_html(page, pages, self.latest_path)
        )
        return self.shell(meta, main, body_class="section-page")

    def render_home(self) -> str:
        meta = self.listing_meta(self.display, self.url("/"), self.labels["tagline"])
        meta += "\n" + self.home_head_extra()
        meta += "\n" + _jsonld(
            {
                "@context": "https://schema.org",
                "@type": "WebSite",
                "name": self.display,
                "url": self.url("/"),
            }
        )
        top = self.latest[:10]
        teasers = "\n".join(self.teaser_html(Listed(a, a.path, a.section)) for a in top)
        blocks = []
        for sec, name in self.sections.items():
            entries = self.section_entries(sec)[:3]
            if not entries:
                continue
            links = "".join(
                f'<li><a href="{e.href}">{_x(self.resolve(e.article.title))}</a></li>'
                for e in entries
            )
            blocks.append(
                f'<section class="home-block"><h2><a href="{self.section_path(sec)}">{_x(name)}'
                f"</a></h2><ul>{links}</ul></section>"
            )
        most_read = "".join(
            f'<li><a href="{path}">{_x(self.resolve(a.title))}</a></li>'
            for a in self.articles
            for place, path in a.variant_links
            if place == "home"
        )
        main = f"""<h1 class="visually-hidden">{_x(self.display)}</h1>
<section class="top-stories"><h2>{_x(self.labels["latest"])}</h2>
{teasers}
<p><a class="more" href="{self.latest_path(2)}">{_x(self.labels["more"])}</a></p>
</section>
{"".join(blocks)}
<aside class="most-read"><h2>{_x(self.labels["most_read"])}</h2><ol>{most_read}</ol></aside>
{self.home_extra()}
{self.newsletter_html()}"""
        return self.shell(meta, main, body_class="home-page")

    def home_head_extra(self) -> str:
        return ""

    def home_extra(self) -> str:
        return ""

    def partner_links(self) -> str:
        links = [
            f'<a href="{base}/">{_x(SITE_CLASSES[name].display)}</a>'
            for name, base in self.bases.items()
            if name != self.name
        ]
        return (
            f'<div class="partners">{_x(self.labels["partners"])}: ' + " · ".join(links) + "</div>"
        )

    def render_trap(self, year: int, month: int) -> str:
        """An events calendar: prev/next month links forever, each a listing page."""
        prev_y, prev_m = (year, month - 1) if month > 1 else (year - 1, 12)
        next_y, next_m = (year, month + 1) if month < 12 else (year + 1, 1)
        in_month = [
            a
            for a in self.latest
            if a.published and (a.published.year, a.published.month) == (year, month)
        ][:20]
        items = "\n".join(self.teaser_html(Listed(a, a.path, a.section)) for a in in_month)
        title = f"{self.labels['calendar']} {month:02d}/{year}"
        meta = self.listing_meta(
            f"{title} | {self.display}", self.url(self.trap_path(year, month)), title
        )
        main = (
            f'<h1>{_x(title)}</h1><div class="calendar teaser-list">{items or "<p>–</p>"}</div>'
            f'<nav class="calendar-nav"><a href="{self.trap_path(prev_y, prev_m)}">'
            f'{_x(self.labels["prev_month"])}</a> · <a href="{self.trap_path(next_y, next_m)}">'
            f"{_x(self.labels['next_month'])}</a></nav>"
        )
        return self.shell(meta, main, body_class="calendar-page")

    def render_not_found(self) -> str:
        meta = f"<title>404 | {_x(self.display)}</title>"
        return self.shell(meta, f"<h1>404</h1><p>{_x(self.labels['not_found'])}</p>", "error-page")

    def render_search(self) -> str:
        meta = f"<title>{_x(self.labels['search'])} | {_x(self.display)}</title>"
        return self.shell(meta, f"<h1>{_x(self.labels['search'])}</h1>", "search-page")

    # --------------------------------------------------------------- shells
    def nav_html(self) -> str:
        items = "".join(
            f'<li><a href="{self.section_path(s)}">{_x(n)}</a></li>'
            for s, n in self.sections.items()
        )
        trending = " ".join(
            f'<a href="{self.labels["trending_href"]}">{_x(t.strip())}</a>'
            for t in self.labels["trending"].split("|")
        )
        return (
            f'<nav class="main-nav"><ul><li><a href="/">{_x(self.labels["home"])}</a></li>{items}'
            f'<li><a href="{self.latest_path()}">{_x(self.labels["latest"])}</a></li></ul></nav>'
            f'<div class="trending"><span>{_x(self.labels["trending_label"])}:</span> {trending}</div>'
        )

    @abstractmethod
    def shell(self, head: str, main: str, body_class: str) -> str: ...

    def furniture(self) -> str:
        """Page weight that real news sites carry: mega menu, "most read", ad and tracking
        configuration, footer sitemap (about 100 KB).

        Without it the fixture pages would be a tenth of a real page's size and
        extraction unrealistically cheap. Links only point at section pages, so
        the crawl's URL set does not grow.
        """
        cached = getattr(self, "_furniture", None)
        if cached is not None:
            return cached
        rng = random.Random(self.name)
        names = list(self.sections.items())
        words = [w for _, n in names for w in n.split()] + [
            "video",
            "podcast",
            "dossier",
            "live",
            "archive",
            "magazine",
        ]

        def label() -> str:
            return _x(" ".join(rng.choice(words) for _ in range(rng.randint(1, 3))).title())

        menu = "".join(
            f'<li class="mega-col"><a href="{self.section_path(s)}">{_x(n)}</a><ul>'
            + "".join(f'<li><a href="{self.section_path(s)}">{label()}</a></li>' for _ in range(24))
            + "</ul></li>"
            for s, n in names
        )
        most_read = "".join(
            f'<li><a href="{self.section_path(rng.choice(names)[0])}">{label()} {label()}</a></li>'
            for _ in range(10)
        )
        ads = json.dumps(
            {
                "slots": [
                    {
                        "id": f"ad-{i}",
                        "sizes": [[300, 250], [728, 90]],
                        "targeting": {"kw": [rng.choice(words) for _ in range(12)], "pos": i},
                    }
                    for i in range(120)
                ],
                "consent": {"vendors": list(range(400))},
            }
        )
        styles = "".join(
            f".c{i}{{margin:{i % 9}px;padding:{i % 7}px;color:#{i:06x}}}" for i in range(900)
        )
        footer = "".join(
            f'<li><a href="{self.section_path(rng.choice(names)[0])}">{label()}</a></li>'
            for _ in range(80)
        )
        more = "".join(
            f'<article class="teaser teaser--small"><a href="{self.section_path(rng.choice(names)[0])}">'
            f'<img src="/images/teaser/{rng.randint(1000, 9999)}.jpg" alt="" loading="lazy" '
            f'width="320" height="180"><h3>{label()} {label()} {label()}</h3></a>'
            f'<p class="teaser__meta"><span class="kicker">{label()}</span> '
            f"<time>{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.2025</time></p></article>"
            for _ in range(48)
        )
        self._furniture = (
            f"<style>{styles}</style>"
            f'<nav class="mega-menu" aria-label="all sections"><ul>{menu}</ul></nav>'
            f'<aside class="most-read"><h3>Most read</h3><ol>{most_read}</ol></aside>'
            f'<section class="more-stories" aria-label="more stories"><div class="grid">{more}'
            "</div></section>"
            f'<div class="ad-slot" id="ad-top" data-slot="leaderboard"></div>'
            f"<script>window.__ADS__ = {ads};</script>"
            f'<nav class="footer-sitemap"><ul>{footer}</ul></nav>'
        )
        return self._furniture

    # ---------------------------------------------------------- feeds & maps
    def feed_items(self, section: str | None = None, limit: int = 50) -> list[Article]:
        items = [
            a
            for a in self.articles
            if a.in_feeds
            and a.published
            and a.special not in ("disallowed", "oversized")
            and (section is None or a.section == section)
        ]
        items.sort(key=self._sort_key)
        return items[:limit]

    def rss(self, items: list[Article], title: str, self_path: str) -> str:
        entries = []
        for a in items:
            assert a.published
            entries.append(
                f"""  <item>
    <title>{_x(self.resolve(a.title))}</title>
    <link>{_x(self.url(self.feed_href(a)))}</link>
    <guid isPermaLink="false">{_x(self.name)}-{_x(a.key)}</guid>
    <description>{_x(self.resolve(a.lead))}</description>
    <pubDate>{format_datetime(a.published)}</pubDate>
    <category>{_x(self.sections.get(a.section, a.section))}</category>
    <dc:creator>{_x(", ".join(a.authors))}</dc:creator>
  </item>"""
            )
        changed = max((a.last_change for a in items if a.last_change), default=None)
        build = f"\n  <lastBuildDate>{format_datetime(changed)}</lastBuildDate>" if changed else ""
        return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>{_x(title)}</title>
  <link>{self.url("/")}</link>
  <description>{_x(self.labels["tagline"])}</description>
  <language>{self.language}</language>{build}
  <atom:link href="{self.url(self_path)}" rel="self" type="application/rss+xml"/>
{chr(10).join(entries)}
</channel>
</rss>
"""

    def sitemap_urlset(self, entries: list[tuple[str, datetime | None]]) -> str:
        rows = []
        for loc, lastmod in entries:
            lm = f"<lastmod>{_iso(lastmod)}</lastmod>" if lastmod else ""
            rows.append(f"  <url><loc>{_x(loc)}</loc>{lm}</url>")
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + "\n".join(rows)
            + "\n</urlset>\n"
        )

    @staticmethod
    def sitemap_index(entries: list[tuple[str, datetime | None]]) -> str:
        rows = []
        for loc, lastmod in entries:
            lm = f"<lastmod>{_iso(lastmod)}</lastmod>" if lastmod else ""
            rows.append(f"  <sitemap><loc>{_x(loc)}</loc>{lm}</sitemap>")
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + "\n".join(rows)
            + "\n</sitemapindex>\n"
        )

    def sitemap_articles(self) -> list[Article]:
        return [
            a
            for a in self.articles
            if a.in_sitemaps and a.special not in ("disallowed", "missing", "oversized")
        ]

    @abstractmethod
    def xml_documents(self) -> dict[str, tuple[str, str, datetime | None]]:
        """path -> (content type, text, last modified) for feeds and sitemaps."""
        ...

    @abstractmethod
    def robots(self) -> str: ...

    @abstractmethod
    def disallowed_links(self) -> list[str]:
        """Paths under robots.txt Disallow that pages link to (a polite crawler skips them)."""
        ...

    def extra_routes(self) -> dict[str, str]:
        """path -> route kind for outlet-specific fixed paths (pdf, search, admin…)."""
        return {}


# ====================================================================== thoidai
class ThoiDai(Site):
    name = "thoidai"
    display = "Thời Đại"
    language = "vi"
    tz = TZ_VN
    trap_prefix = "/lich/"
    disallowed_prefixes: ClassVar[list[str]] = ["/admin/", "/private/", "/tim-kiem"]
    labels: ClassVar[dict[str, str]] = {
        "home": "Trang chủ",
        "related": "Tin liên quan",
        "comments": "Bình luận",
        "send": "Gửi bình luận",
        "newsletter": "Đăng ký nhận bản tin",
        "newsletter_text": "Đăng ký nhận bản tin Thời Đại để không bỏ lỡ những tin tức quan trọng nhất mỗi sáng.",
        "footer_line": "Ghi rõ nguồn Thời Đại khi phát hành lại thông tin từ website này.",
        "share": "Chia sẻ",
        "print": "In bài",
        "tags": "Từ khóa",
        "trending_label": "Tiêu điểm",
        "trending": "Thành phố học tập | Giá xăng dầu | Vòng loại Asian Cup | Hợp tác Việt - Đức",
        "trending_href": "/tim-kiem?q=thanh+pho+hoc+tap",
        "latest": "Tin mới",
        "more": "Xem thêm",
        "most_read": "Đọc nhiều",
        "page": "Trang",
        "prev": "Trang trước",
        "next": "Trang sau",
        "calendar": "Lịch sự kiện",
        "prev_month": "« Tháng trước",
        "next_month": "Tháng sau »",
        "not_found": "Trang bạn tìm không tồn tại hoặc đã bị xóa.",
        "search": "Tìm kiếm",
        "tagline": "Tạp chí Thời Đại - Tin tức đối ngoại, hữu nghị và hợp tác quốc tế",
        "partners": "Đối tác",
        "date_class": "post-time",
        "author_class": "author",
        "article_class": "article-detail",
        "title_class": "article-title",
    }
    comment_pool: ClassVar[list[tuple[str, str]]] = [
        ("Nguyễn Văn Hùng", "Bài viết rất hữu ích, cảm ơn tòa soạn đã cập nhật kịp thời."),
        (
            "Trần Thị Mai",
            "Mong các cơ quan chức năng sớm triển khai trên thực tế, đừng chỉ dừng ở kế hoạch.",
        ),
        ("Phạm Quốc Việt", "Nên có thêm số liệu so sánh với các năm trước để bạn đọc dễ theo dõi."),
        ("Lê Hoàng Nam", "Tôi hoàn toàn đồng ý với ý kiến của các chuyên gia được nêu trong bài."),
        ("Đỗ Thu Hương", "Hy vọng báo sẽ có thêm nhiều bài viết chuyên sâu về chủ đề này."),
    ]

    def section_path(self, section: str, page: int = 1) -> str:
        return f"/{section}/" if page == 1 else f"/{section}/trang-{page}.html"

    def latest_path(self, page: int = 1) -> str:
        return "/tin-moi/" if page == 1 else f"/tin-moi/trang-{page}.html"

    def trap_path(self, year: int, month: int) -> str:
        return f"/lich/{year:04d}-{month:02d}"

    def parse_trap(self, path: str) -> tuple[int, int] | None:
        m = re.fullmatch(r"/lich/(\d{4})-(\d{2})/?", path)
        return (int(m[1]), int(m[2])) if m and 1 <= int(m[2]) <= 12 else None

    def home_head_extra(self) -> str:
        return (
            '<link rel="alternate" type="application/rss+xml" title="Thời Đại - Tin mới" '
            'href="/rss/home.rss">\n'
            '<link rel="alternate" type="application/rss+xml" title="Thời Đại - Giáo dục" '
            'href="/rss/giao-duc.rss">'
        )

    def home_extra(self) -> str:
        draft = next((a for a in self.articles if a.special == "disallowed"), None)
        draft_link = f'<li><a href="{draft.path}">{_x(draft.title)}</a></li>' if draft else ""
        return f"""<section class="featured"><h2>Tin nổi bật</h2><ul>{draft_link}
<li><a href="/admin/bai-viet/sua-123456.html">Quản trị: sửa bài</a></li>
<li><a href="{self.trap_path(2025, 11)}">Lịch sự kiện tháng 11/2025</a></li>
<li><a href="/files/bao-cao-2025.pdf">Báo cáo thường niên 2025 (PDF)</a></li></ul></section>
{self.partner_links()}"""

    def shell(self, head: str, main: str, body_class: str) -> str:
        return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
{head}
<link rel="stylesheet" href="/static/css/main.css">
<link rel="icon" href="/favicon.ico">
</head>
<body class="{body_class}">
<header class="site-header">
<div class="top-bar"><a href="/gioi-thieu/">Giới thiệu</a> | <a href="/lien-he/">Liên hệ</a> | <a href="https://www.facebook.com/thoidai.vn">Facebook</a> | <a href="https://www.youtube.com/@thoidai">YouTube</a></div>
<a class="logo" href="/"><img src="/static/logo.png" alt="Thời Đại"></a>
<form class="search-form" action="/tim-kiem" method="get"><input type="text" name="q" placeholder="Tìm kiếm..."><button type="submit">Tìm</button></form>
{self.nav_html()}
</header>
<main class="main-content">
{main}
</main>
{self.furniture()}
<footer class="site-footer">
<p><strong>TẠP CHÍ THỜI ĐẠI</strong> – Cơ quan ngôn luận về đối ngoại nhân dân</p>
<p>Tòa soạn: Số 12 phố Hòa Bình, phường Ba Đình, Hà Nội. Điện thoại: (024) 3825 0000. Email: toasoan@thoidai.example</p>
<p>Giấy phép hoạt động báo chí điện tử số 123/GP-BTTTT. {_x(self.labels["footer_line"])}</p>
<p>© 2025 Thời Đại. Bảo lưu mọi quyền.</p>
</footer>
</body>
</html>
"""

    def extra_routes(self) -> dict[str, str]:
        return {"/files/bao-cao-2025.pdf": "pdf", "/tim-kiem": "search"}

    def disallowed_links(self) -> list[str]:
        draft = [a.path for a in self.articles if a.special == "disallowed"]
        return [*draft, "/admin/bai-viet/sua-123456.html", "/tim-kiem?q=thanh+pho+hoc+tap"]

    def robots(self) -> str:
        return (
            "User-agent: *\nDisallow: /admin/\nDisallow: /private/\nDisallow: /tim-kiem\n\n"
            f"Sitemap: {self.url('/sitemap.xml')}\n"
        )

    def xml_documents(self) -> dict[str, tuple[str, str, datetime | None]]:
        docs: dict[str, tuple[str, str, datetime | None]] = {}
        rss_type = "application/rss+xml; charset=utf-8"
        items = self.feed_items()
        docs["/rss/home.rss"] = (
            rss_type,
            self.rss(items, "Thời Đại - Tin mới", "/rss/home.rss"),
            _lm(items),
        )
        for sec, name in self.sections.items():
            sec_items = self.feed_items(sec)
            path = f"/rss/{sec}.rss"
            docs[path] = (rss_type, self.rss(sec_items, f"Thời Đại - {name}", path), _lm(sec_items))
        by_month: dict[str, list[Article]] = {}
        for a in self.sitemap_articles():
            if a.published:
                by_month.setdefault(f"{a.published:%Y-%m}", []).append(a)
        xml = "application/xml; charset=utf-8"
        index: list[tuple[str, datetime | None]] = []
        for month in sorted(by_month, reverse=True):
            arts = sorted(by_month[month], key=self._sort_key)
            path = f"/sitemaps/articles-{month}.xml"
            entries = [(self.url(a.path), a.last_change) for a in arts]
            docs[path] = (xml, self.sitemap_urlset(entries), _lm(arts))
            index.append((self.url(path), _lm(arts)))
        cats = [(self.url("/"), None)] + [
            (self.url(self.section_path(s)), None) for s in self.sections
        ]
        docs["/sitemaps/categories.xml"] = (xml, self.sitemap_urlset(cats), None)
        index.append((self.url("/sitemaps/categories.xml"), None))
        docs["/sitemap.xml"] = (xml, self.sitemap_index(index), _lm(self.sitemap_articles()))
        return docs


# =================================================================== rheinblatt
class Rheinblatt(Site):
    name = "rheinblatt"
    display = "Rheinblatt"
    language = "de"
    tz = TZ_DE
    trap_prefix = "/archiv/"
    disallowed_prefixes: ClassVar[list[str]] = ["/admin/", "/suche", "/private/"]
    labels: ClassVar[dict[str, str]] = {
        "home": "Startseite",
        "related": "Mehr zum Thema",
        "comments": "Kommentare",
        "send": "Kommentar absenden",
        "newsletter": "Der Rheinblatt-Newsletter",
        "newsletter_text": "Jeden Morgen um sechs die wichtigsten Nachrichten aus der Region in Ihrem Postfach.",
        "footer_line": "Rheinblatt Verlag GmbH · Domstraße 12 · 50667 Köln",
        "share": "Teilen",
        "print": "Drucken",
        "tags": "Themen",
        "trending_label": "Top-Themen",
        "trending": "Lernende Stadt Köln | Weihnachtsmärkte | Haushaltskrise | FC Rhein 04",
        "trending_href": "/suche?q=lernende+stadt",
        "latest": "Nachrichten",
        "more": "Weitere Nachrichten",
        "most_read": "Meistgelesen",
        "page": "Seite",
        "prev": "Zurück",
        "next": "Weiter",
        "calendar": "Archiv",
        "prev_month": "‹ Vormonat",
        "next_month": "Folgemonat ›",
        "not_found": "Die angeforderte Seite wurde nicht gefunden.",
        "search": "Suche",
        "tagline": "Rheinblatt – Nachrichten aus Köln und dem Rheinland",
        "partners": "Partnerangebote",
        "date_class": "publish-date",
        "author_class": "byline",
        "article_class": "artikel",
        "title_class": "headline",
    }
    comment_pool: ClassVar[list[tuple[str, str]]] = [
        ("Kölsche Jung", "Endlich berichtet mal jemand ausführlich über dieses Thema."),
        ("M. Schneider", "Und wer soll das alles bezahlen? Am Ende wieder die Bürger."),
        ("Rheinperle", "Danke für den gut recherchierten Artikel!"),
        ("Heinz aus Porz", "Das hätte man sich vor zehn Jahren schon überlegen müssen."),
        ("Sonja_K", "Ich bin gespannt, was am Ende davon übrig bleibt."),
    ]

    def section_path(self, section: str, page: int = 1) -> str:
        return f"/{section}/" if page == 1 else f"/{section}/?page={page}"

    def latest_path(self, page: int = 1) -> str:
        return "/nachrichten/" if page == 1 else f"/nachrichten/?page={page}"

    def trap_path(self, year: int, month: int) -> str:
        return f"/archiv/{year:04d}/{month:02d}"

    def parse_trap(self, path: str) -> tuple[int, int] | None:
        m = re.fullmatch(r"/archiv/(\d{4})/(\d{2})/?", path)
        return (int(m[1]), int(m[2])) if m and 1 <= int(m[2]) <= 12 else None

    def home_head_extra(self) -> str:
        return (
            '<link rel="alternate" type="application/rss+xml" title="Rheinblatt RSS" '
            'href="/feeds/rss.xml">\n'
            '<link rel="alternate" type="application/atom+xml" title="Rheinblatt Atom" '
            'href="/feeds/atom.xml">'
        )

    def home_extra(self) -> str:
        return f"""<section class="service"><h2>Service</h2><ul>
<li><a href="/admin/vorschau/artikel/4120">Vorschau (Redaktion)</a></li>
<li><a href="/suche?q=lernende+stadt">Suche: Lernende Stadt</a></li>
<li><a href="{self.trap_path(2025, 11)}">Archiv November 2025</a></li>
<li><a href="/feeds/rss.xml">RSS</a> · <a href="/feeds/atom.xml">Atom</a></li></ul></section>
{self.partner_links()}"""

    def shell(self, head: str, main: str, body_class: str) -> str:
        return f"""<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
{head}
<link rel="stylesheet" href="/static/rb.css">
</head>
<body class="{body_class}">
<div id="cookie-banner">Wir verwenden Cookies, um unser Angebot für Sie zu verbessern. <a href="/datenschutz/">Mehr erfahren</a> <button>Akzeptieren</button></div>
<header id="kopf">
<a class="brand" href="/">Rheinblatt</a>
<span class="claim">Unabhängig. Regional. Seit 1949.</span>
<a class="abo" href="/abo/">Jetzt abonnieren</a>
{self.nav_html()}
</header>
<div id="inhalt">
{main}
</div>
{self.furniture()}
<footer id="fuss">
<ul class="footer-links"><li><a href="/impressum/">Impressum</a></li><li><a href="/datenschutz/">Datenschutz</a></li><li><a href="/kontakt/">Kontakt</a></li><li><a href="/mediadaten/">Mediadaten</a></li></ul>
<p>{_x(self.labels["footer_line"])} · Telefon 0221 123 456-0</p>
<p>© 2025 Rheinblatt. Alle Rechte vorbehalten.</p>
</footer>
</body>
</html>
"""

    def extra_routes(self) -> dict[str, str]:
        return {"/suche": "search", "/admin/vorschau/artikel/4120": "search"}

    def disallowed_links(self) -> list[str]:
        return ["/admin/vorschau/artikel/4120", "/suche?q=lernende+stadt"]

    def robots(self) -> str:
        return (
            "User-agent: *\nDisallow: /admin/\nDisallow: /suche\nDisallow: /private/\n\n"
            "User-agent: GPTBot\nDisallow: /\n"
        )

    def atom(self, items: list[Article]) -> str:
        entries = []
        for a in items:
            assert a.published
            entries.append(
                f"""  <entry>
    <title>{_x(self.resolve(a.title))}</title>
    <link rel="alternate" type="text/html" href="{_x(self.url(a.path))}"/>
    <id>tag:rheinblatt.example,2025:{_x(a.key)}</id>
    <published>{_iso(a.published)}</published>
    <updated>{_iso(a.last_change or a.published)}</updated>
    <author><name>{_x(", ".join(a.authors))}</name></author>
    <summary>{_x(self.resolve(a.lead))}</summary>
  </entry>"""
            )
        updated = _lm(items) or datetime(2025, 1, 1, tzinfo=UTC)
        return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">
  <title>Rheinblatt – Nachrichten</title>
  <id>tag:rheinblatt.example,2025:feed</id>
  <link rel="self" href="{self.url("/feeds/atom.xml")}"/>
  <link rel="alternate" href="{self.url("/")}"/>
  <updated>{_iso(updated.astimezone(self.tz))}</updated>
{chr(10).join(entries)}
</feed>
"""

    def xml_documents(self) -> dict[str, tuple[str, str, datetime | None]]:
        items = self.feed_items()
        atom_items = [a for a in items if a.special != "missing"]
        return {
            "/feeds/rss.xml": (
                "application/rss+xml; charset=utf-8",
                self.rss(items, "Rheinblatt – Nachrichten", "/feeds/rss.xml"),
                _lm(items),
            ),
            "/feeds/atom.xml": (
                "application/atom+xml; charset=utf-8",
                self.atom(atom_items),
                _lm(atom_items),
            ),
        }


# ================================================================= harbourtimes
class HarbourTimes(Site):
    name = "harbourtimes"
    display = "The Harbour Times"
    language = "en"
    tz = TZ_UK
    trap_prefix = "/archive/"
    disallowed_prefixes: ClassVar[list[str]] = ["/private/", "/search"]
    labels: ClassVar[dict[str, str]] = {
        "home": "Home",
        "related": "Related articles",
        "comments": "Comments",
        "send": "Post comment",
        "newsletter": "Morning briefing",
        "newsletter_text": "Sign up for the Harbour Times morning briefing and get the day's top local stories in your inbox.",
        "footer_line": "The Harbour Times, Quay House, 4 Dock Street, Kingsport KP1 2HT",
        "share": "Share",
        "print": "Print",
        "tags": "Topics",
        "trending_label": "Trending",
        "trending": "Learning city bid | Harbour bridge closure | Storm Bram | Rovers",
        "trending_href": "/search?q=learning+city",
        "latest": "Latest news",
        "more": "More news",
        "most_read": "Most read",
        "page": "Page",
        "prev": "Previous",
        "next": "Next",
        "calendar": "Archive",
        "prev_month": "Previous month",
        "next_month": "Next month",
        "not_found": "Sorry, we couldn't find that page.",
        "search": "Search",
        "tagline": "News, sport and opinion from Kingsport and the coast",
        "partners": "Our partners",
        "date_class": "dateline",
        "author_class": "byline-name",
        "article_class": "story",
        "title_class": "story-headline",
    }
    comment_pool: ClassVar[list[tuple[str, str]]] = [
        ("Dave_Quayside", "Typical. Nobody asked the people who actually live here."),
        ("Margaret H", "Thank you for covering this, the nationals never do."),
        ("KingsportLad", "Good news for once! More of this please."),
        ("Oldtimer1952", "I remember when all of this was warehouses and rope works."),
        ("Jen P", "Would be good to see a follow-up on this in six months."),
    ]

    def section_path(self, section: str, page: int = 1) -> str:
        return f"/section/{section}/" if page == 1 else f"/section/{section}/page/{page}/"

    def latest_path(self, page: int = 1) -> str:
        return "/latest/" if page == 1 else f"/latest/page/{page}/"

    def trap_path(self, year: int, month: int) -> str:
        return f"/archive/{year:04d}/{month:02d}/"

    def parse_trap(self, path: str) -> tuple[int, int] | None:
        m = re.fullmatch(r"/archive/(\d{4})/(\d{2})/?", path)
        return (int(m[1]), int(m[2])) if m and 1 <= int(m[2]) <= 12 else None

    def home_extra(self) -> str:
        embargo = next((a for a in self.articles if a.special == "disallowed"), None)
        embargo_link = (
            f'<li><a href="{embargo.path}">{_x(embargo.title)}</a></li>' if embargo else ""
        )
        return f"""<section class="editors-picks"><h2>Editor's picks</h2><ul>{embargo_link}
<li><a href="{self.trap_path(2025, 11)}">November 2025 archive</a></li>
<li><a href="https://twitter.com/harbourtimes">Follow us on X</a></li></ul></section>
{self.partner_links()}"""

    def shell(self, head: str, main: str, body_class: str) -> str:
        return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
{head}
<link rel="stylesheet" href="/static/ht.css">
</head>
<body class="{body_class}">
<a class="skip" href="#main">Skip to content</a>
<header class="masthead">
<div class="masthead-top"><a href="/subscribe/">Subscribe</a> <a href="/login/">Sign in</a> <form action="/search" method="get"><input name="q" aria-label="Search"></form></div>
<a class="wordmark" href="/">The Harbour Times</a>
{self.nav_html()}
</header>
<main id="main">
{main}
</main>
{self.furniture()}
<footer class="site-footer">
<nav><a href="/about/">About us</a> · <a href="/contact/">Contact</a> · <a href="/privacy/">Privacy</a> · <a href="/terms/">Terms</a></nav>
<p>{_x(self.labels["footer_line"])}. Registered in England No. 0123456.</p>
<p>© 2025 Harbour Times Media Ltd. All rights reserved.</p>
</footer>
</body>
</html>
"""

    def extra_routes(self) -> dict[str, str]:
        return {"/search": "search"}

    def disallowed_links(self) -> list[str]:
        embargo = [a.path for a in self.articles if a.special == "disallowed"]
        return [*embargo, "/search?q=learning+city"]

    def robots(self) -> str:
        return (
            "User-agent: *\nDisallow: /private/\nDisallow: /search\n\n"
            f"Sitemap: {self.url('/sitemap_index.xml')}\n"
            f"Sitemap: {self.url('/news-sitemap.xml')}\n"
        )

    def news_sitemap(self, items: list[Article]) -> str:
        rows = []
        for a in items:
            assert a.published
            rows.append(
                f"""  <url>
    <loc>{_x(self.url(a.path))}</loc>
    <news:news>
      <news:publication><news:name>The Harbour Times</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>{_iso(a.published)}</news:publication_date>
      <news:title>{_x(self.resolve(a.title))}</news:title>
    </news:news>
  </url>"""
            )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
            + "\n".join(rows)
            + "\n</urlset>\n"
        )

    def xml_documents(self) -> dict[str, tuple[str, str, datetime | None]]:
        xml = "application/xml; charset=utf-8"
        arts = sorted(self.sitemap_articles(), key=self._sort_key)
        docs: dict[str, tuple[str, str, datetime | None]] = {}
        index: list[tuple[str, datetime | None]] = []
        chunk = 1000
        for n, start in enumerate(range(0, max(len(arts), 1), chunk), start=1):
            part = arts[start : start + chunk]
            path = f"/sitemap-posts-{n}.xml"
            entries = [
                (self.url(a.path), a.last_change if a.date_mode != "none" else None) for a in part
            ]
            docs[path] = (xml, self.sitemap_urlset(entries), _lm(part))
            index.append((self.url(path), _lm(part)))
        pages = [(self.url("/"), None)] + [
            (self.url(self.section_path(s)), None) for s in self.sections
        ]
        docs["/sitemap-sections.xml"] = (xml, self.sitemap_urlset(pages), None)
        index.append((self.url("/sitemap-sections.xml"), None))
        news = [a for a in arts if a.published and a.date_mode != "none"][:50]
        docs["/news-sitemap.xml"] = (xml, self.news_sitemap(news), _lm(news))
        index.append((self.url("/news-sitemap.xml"), _lm(news)))
        docs["/sitemap_index.xml"] = (xml, self.sitemap_index(index), _lm(arts))
        return docs


def _lm(items: list[Article]) -> datetime | None:
    return max((a.last_change for a in items if a.last_change), default=None)


SITE_CLASSES: dict[str, type[Site]] = {
    "thoidai": ThoiDai,
    "rheinblatt": Rheinblatt,
    "harbourtimes": HarbourTimes,
}
