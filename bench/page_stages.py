"""CPU per article of each stage a page worker runs, on the real ScrapingHub pages.

    .venv/bin/python bench/page_stages.py [--copies 2]

One process, no crawl: each page goes through what ``crawler.page_work.process_page``
does, timed stage by stage with the process clock (so a busy machine changes the
figures little): decode the fetched bytes, parse once, classify, extract (trafilatura
and newsmon's own steps), read the head's links, and store (``save_article`` into a
fresh SQLite archive; each copy's text is altered so every copy is a new story).
Printed beside them: trafilatura alone on the same pages. The sum is what one
worker spends per article; with one worker per core it bounds the crawl's rate.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATASET = REPO / "../shared/datasets/scrapinghub-article-extraction-benchmark/html"
sys.path.insert(0, str(REPO))

import trafilatura  # noqa: E402

from newsmon.crawler.items import FetchedPage  # noqa: E402
from newsmon.crawler.links import head_links  # noqa: E402
from newsmon.crawler.page_kind import classify_page  # noqa: E402
from newsmon.extract.article import extract_page, read_page  # noqa: E402
from newsmon.storage.db import open_archive  # noqa: E402
from newsmon.stories.repository import ArticlePage, save_article  # noqa: E402

VOWELS = "aeiou"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=2)
    args = parser.parse_args()
    bodies = [gzip.decompress(path.read_bytes()) for path in sorted(DATASET.glob("*.html.gz"))]
    if not bodies:
        sys.exit(f"no pages in {DATASET.resolve()}")
    clock = time.process_time
    cost = dict.fromkeys(("decode", "parse", "classify", "extract", "head links", "store"), 0.0)
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_archive(f"sqlite:///{tmp}/archive.db")
        for copy in range(args.copies):
            shift = str.maketrans(VOWELS, VOWELS[copy % 5 :] + VOWELS[: copy % 5])
            for number, body in enumerate(bodies):
                url = f"http://127.0.0.1:8000/{copy}/{number}/a-story-about-something.html"
                fetched = FetchedPage("bench", url, body, "text/html")
                started = clock()
                html = fetched.html()
                cost["decode"] += (now := clock()) - started
                page = read_page(html, url)
                cost["parse"] += (then := clock()) - now
                classify_page(html, url, tree=page.tree)
                cost["classify"] += (now := clock()) - then
                article = extract_page(page)
                cost["extract"] += (then := clock()) - now
                head_links(html, url)
                cost["head links"] += (now := clock()) - then
                text = article.text.translate(shift) if copy else article.text
                article = replace(article, text=text, canonical_url=None)
                seen = datetime.now(UTC)
                save_article(engine, ArticlePage("bench", article, seen, fetched_urls=(url,)))
                cost["store"] += clock() - now
        engine.dispose()
    pages = len(bodies) * args.copies
    started = clock()
    for body in bodies:
        trafilatura.extract(body.decode("utf-8", "replace"), include_comments=False)
    alone = 1000 * (clock() - started) / len(bodies)
    total = 1000 * sum(cost.values()) / pages
    print(f"{pages} articles ({len(bodies)} real pages x {args.copies}), CPU ms per article:")
    for stage, seconds in cost.items():
        print(f"  {stage:<11} {1000 * seconds / pages:6.2f}")
    print(f"  {'total':<11} {total:6.2f}   (trafilatura.extract alone: {alone:.2f})")
    print(
        f"one worker per core on 2 cores: at most {2000 / total:.0f} articles/s "
        f"= {2000 / total / (1000 / alone):.2f}x trafilatura's single-core rate, "
        "before the crawl loop and the server take their share"
    )


if __name__ == "__main__":
    main()
