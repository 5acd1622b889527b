"""Site recall: real article pages served as a small news site, crawled from its home page.

Run on demand (not a test)::

    .venv/bin/python bench/site_recall.py [--dataset scrapinghub|fundus|all] [--offline-only]

Each data set in ../shared/datasets becomes one site on 127.0.0.1: a home page, four
section pages with slug-like paths of several words (``/van-hoa-the-thao/``...), each
with one ``<h1>``, teasers in a different layout (cards with summaries, a plain list,
headline/summary siblings, an old table layout), pagination (``?page=N``), and on two of
them a lying ``og:type=article``. Every article is served at its original path and
query. ``newsmon crawl`` starts from the home URL only, with no article_url_pattern.

Printed: the share of article pages stored as stories (target >= 99.5 %), listing pages
stored (target 0), the crawl's own page counts; and, offline, what the classifier says
about every data set page (article) and every generated listing page (listing).
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from fixtureworld.oddworld import serve_pages  # noqa: E402
from newsmon.crawler.page_kind import PageKind, classify_page  # noqa: E402
from newsmon.stories.identity import normalize_url  # noqa: E402

DATASETS = Path(os.environ.get("NEWSMON_DATASETS", REPO.parent / "shared" / "datasets"))
NAMES = {
    "scrapinghub": "scrapinghub-article-extraction-benchmark",
    "fundus": "fundus-parser-testdata",
}
SECTIONS = [
    # (path, heading, layout, lying og:type=article)
    ("/van-hoa-the-thao/", "Văn hóa - Thể thao", "cards", True),
    ("/tin-tuc-trong-nuoc/", "Tin tức trong nước", "list", False),
    ("/politik-und-gesellschaft-aktuell/", "Politik und Gesellschaft", "siblings", True),
    ("/science-and-technology-news/", "Science and technology", "table", False),
]
PER_PAGE = 15
FOOTER = (
    "<footer><p>This site is published by a small newsroom that covers culture, sport, "
    "politics and science. Our reporters work from three cities, and every story is "
    "checked by an editor before it appears. Contact the newsroom for corrections.</p>"
    "<p><a href='/about-us/'>About us</a> · <a href='/contact/'>Contact</a></p></footer>"
)


@dataclass(frozen=True, slots=True)
class Article:
    key: str
    path: str  # path and query, as served
    html: str
    title: str
    summary: str


def _lookup_key(path_and_query: str) -> str:
    return unquote(path_and_query)


def _first_words(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + " …"


def load(dataset: str) -> list[Article]:
    folder = DATASETS / NAMES[dataset]
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    articles: list[Article] = []
    seen: set[str] = set()
    for key in sorted(truth):
        gold = truth[key]
        parts = urlsplit(gold["url"])
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        if _lookup_key(path) in seen or path == "/":
            print(f"  skipped {key}: path {path} served already")
            continue
        seen.add(_lookup_key(path))
        page = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes()).decode()
        body = gold["articleBody"]
        title = gold.get("headline") or _first_words(body.split("\n")[0], 90)
        articles.append(Article(key, path, page, title, _first_words(body, 200)))
    return articles


# --- the generated listing pages ------------------------------------------------------


def _teasers(layout: str, articles: list[Article]) -> str:
    e = html.escape
    if layout == "cards":
        cards = "".join(
            f"<article class='card'><a href='{e(a.path)}'><img src='/img/{i}.jpg' alt=''></a>"
            f"<h3><a href='{e(a.path)}'>{e(a.title)}</a></h3><p>{e(a.summary)}</p>"
            f"<time datetime='2024-05-0{i % 9 + 1}'>{i % 9 + 1} May 2024</time></article>"
            for i, a in enumerate(articles)
        )
        return f"<div class='grid'>{cards}</div>"
    if layout == "list":
        items = "".join(
            f"<li><a href='{e(a.path)}'>{e(a.title)}</a> <span>0{i % 9 + 1}/05/2024</span></li>"
            for i, a in enumerate(articles)
        )
        return f"<ul class='news'>{items}</ul>"
    if layout == "siblings":
        return (
            "<div class='stream'>"
            + "".join(
                f"<h2><a href='{e(a.path)}'>{e(a.title)}</a></h2><p>{e(a.summary)}</p>"
                for a in articles
            )
            + "</div>"
        )
    rows = "".join(
        f"<tr><td valign='top'><a href='{e(a.path)}'><b>{e(a.title)}</b></a><br>"
        f"<font size='2'>{e(a.summary)}</font></td></tr>"
        for a in articles
    )
    return f"<table width='100%' cellpadding='4'>{rows}</table>"


def _page(title: str, body: str, og_type: str) -> str:
    nav = "".join(f"<li><a href='{p}'>{html.escape(h)}</a></li>" for p, h, _, _ in SECTIONS)
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        f"<meta property='og:type' content='{og_type}'></head><body>"
        f"<header><a href='/'>The Loopback Herald</a><nav><ul>{nav}</ul></nav></header>"
        f"<main>{body}</main>{FOOTER}</body></html>"
    )


def build_site(articles: list[Article]) -> dict[str, str]:
    """Path (unquoted) -> HTML of every page: listings and articles."""
    pages: dict[str, str] = {}
    by_section: dict[str, list[Article]] = {p: [] for p, _, _, _ in SECTIONS}
    for index, article in enumerate(articles):
        by_section[SECTIONS[index % len(SECTIONS)][0]].append(article)
    for path, heading, layout, lies in SECTIONS:
        chunk = by_section[path]
        count = (len(chunk) + PER_PAGE - 1) // PER_PAGE
        for number in range(1, count + 1):
            teasers = chunk[(number - 1) * PER_PAGE : number * PER_PAGE]
            pager = " ".join(
                f"<a href='{path}?page={n}'>{n}</a>" if n != number else f"<b>{n}</b>"
                for n in range(1, count + 1)
            )
            if number < count:
                pager += f" <a href='{path}?page={number + 1}'>Next ›</a>"
            body = (
                f"<div class='breadcrumb'><a href='/'>Home</a> › {html.escape(heading)}</div>"
                f"<h1>{html.escape(heading)}</h1>{_teasers(layout, teasers)}"
                f"<div class='pager'>{pager}</div>"
            )
            url = path if number == 1 else f"{path}?page={number}"
            pages[_lookup_key(url)] = _page(heading, body, "article" if lies else "website")
    latest = articles[:20]
    home = (
        "<h1>The Loopback Herald</h1><section><h2>Latest</h2>"
        + _teasers("cards", latest)
        + "</section>"
    )
    pages["/"] = _page("The Loopback Herald", home, "website")
    for article in articles:
        pages[_lookup_key(article.path)] = article.html
    return pages


# --- serving and crawling ---------------------------------------------------------------


def crawl_site(name: str, articles: list[Article]) -> None:
    pages = build_site(articles)
    server = serve_pages(pages, key=_lookup_key)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with tempfile.TemporaryDirectory() as tmp:
        database = Path(tmp) / "archive.db"
        config = Path(tmp) / "newsmon.toml"
        config.write_text(
            f"[database]\nurl = 'sqlite:///{database}'\n\n[crawl]\nobey_robots = false\n"
            "download_delay = 0\nconcurrency_per_domain = 8\nmax_listing_pages = 50\n"
            f"retries = 0\n\n[[sources]]\nname = '{name}'\nstart_urls = ['{base}/']\n"
        )
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "newsmon", "crawl", "--json", "--config", str(config)],
            capture_output=True,
            text=True,
            cwd=REPO,
        )
        seconds = time.perf_counter() - started
        summary = json.loads(result.stdout) if result.stdout.strip() else {}
        with sqlite3.connect(database) as db:
            stored = {row[0] for row in db.execute("select url from appearances")}
    server.shutdown()
    wanted = {normalize_url(base + a.path): a for a in articles}
    found = [a for key, a in wanted.items() if key in stored]
    listings = [p for p in pages if not any(_lookup_key(a.path) == p for a in articles)]
    listing_keys = {normalize_url(base + p) for p in listings}
    stored_listings = sorted(stored & listing_keys)
    print(f"\n=== site from {name}: {len(articles)} articles, {len(listings)} listing pages ===")
    print(f"crawl exit {result.returncode} in {seconds:.1f} s; load {os.getloadavg()[0]:.2f}")
    for source in summary.get("sources", []):
        print(
            "crawl counts: "
            + ", ".join(
                f"{k}={source[k]}"
                for k in (
                    "pages_fetched",
                    "article_pages",
                    "listing_pages",
                    "skipped_pages",
                    "articles_extracted",
                    "stories_new",
                    "stories_duplicate",
                    "empty_body",
                    "errors",
                )
            )
        )
    share = len(found) / len(articles)
    verdict = "met" if share >= 0.995 else "NOT met"
    print(
        f"articles stored: {len(found)}/{len(articles)} = {share:.2%} (target >= 99.5 %: "
        f"{verdict}); listing pages stored: {len(stored_listings)} (target 0)"
    )
    for article in sorted(set(wanted.values()) - set(found), key=lambda a: a.key):
        print(f"  not stored: {article.key} {article.path[:90]}")
    for key in stored_listings:
        print(f"  listing stored: {key}")
    if result.returncode != 0 and not summary:
        print(result.stderr[-2000:])


def offline(name: str, articles: list[Article]) -> None:
    """The classifier alone: every data set page, and every generated listing page."""
    base = "http://127.0.0.1:8000"
    pages = build_site(articles)
    article_paths = {_lookup_key(a.path) for a in articles}
    started = time.perf_counter()
    on_articles = Counter()
    misses = []
    for article in articles:
        verdict = classify_page(article.html, base + article.path)
        on_articles[verdict.kind] += 1
        if verdict.kind is not PageKind.ARTICLE:
            misses.append((article.key, verdict.reason))
    on_listings = Counter()
    for path, page in pages.items():
        if path in article_paths:
            continue
        verdict = classify_page(page, base + path)
        on_listings[verdict.kind] += 1
        if verdict.kind is not PageKind.LISTING:
            misses.append((path, f"{verdict.kind}: {verdict.reason}"))
    ms = (time.perf_counter() - started) * 1000 / len(pages)
    print(f"\n=== classifier offline, {name} (load {os.getloadavg()[0]:.2f}) ===")
    print(
        f"data set pages: {on_articles[PageKind.ARTICLE]}/{len(articles)} article "
        f"({dict(on_articles)}); generated listings: {on_listings[PageKind.LISTING]}/"
        f"{sum(on_listings.values())} listing ({dict(on_listings)}); {ms:.1f} ms/page "
        "(parse included)"
    )
    for what, why in misses:
        print(f"  wrong: {what} ({why})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", choices=[*NAMES, "all"], default="all")
    parser.add_argument("--offline-only", action="store_true", help="classifier figures only")
    args = parser.parse_args()
    for name in NAMES if args.dataset == "all" else [args.dataset]:
        if not (DATASETS / NAMES[name]).is_dir():
            sys.exit(f"data set not found: {DATASETS / NAMES[name]}")
        articles = load(name)
        offline(name, articles)
        if not args.offline_only:
            crawl_site(name, articles)


if __name__ == "__main__":
    main()
