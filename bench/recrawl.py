"""Cost of re-crawling an unchanged world: requests and bytes, first crawl vs second.

    .venv/bin/python bench/recrawl.py [--scale 170]

Crawls the fixture world (>= 500 articles with the default scale) twice with
the real ``newsmon crawl`` and reads the fixture server's request log. Target:
the second crawl requests only listing URLs (start pages, sections, feeds,
sitemaps, robots.txt) and gets 304 Not Modified for those that support
validators; no article page is downloaded again.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from fixtureworld import FixtureWorld  # noqa: E402
from fixtureworld.server import LoggedRequest  # noqa: E402


def crawl(config: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "newsmon", "crawl", "--config", str(config)],
        check=True,
        capture_output=True,
        cwd=REPO,
    )


def summarise(label: str, log: list[LoggedRequest], article_paths: dict[str, set[str]]) -> None:
    articles = [e for e in log if e.path in article_paths.get(e.outlet, set())]
    listings = [e for e in log if e.path not in article_paths.get(e.outlet, set())]
    status = Counter(e.status for e in listings)
    print(
        f"{label}: {len(log)} requests, {sum(e.bytes_sent for e in log) / 1e6:.2f} MB; "
        f"article pages {len(articles)} ({sum(e.bytes_sent for e in articles) / 1e6:.2f} MB), "
        f"other URLs {len(listings)} ({sum(e.bytes_sent for e in listings) / 1e6:.2f} MB), "
        f"statuses of other URLs: {dict(sorted(status.items()))}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=170, help="synthetic articles per outlet")
    args = parser.parse_args()
    with (
        FixtureWorld(scale=args.scale, slow_seconds=0.5) as world,
        tempfile.TemporaryDirectory() as tmp,
    ):
        config = Path(tmp) / "newsmon.toml"
        config.write_text(
            world.config_toml(
                database_url=f"sqlite:///{tmp}/archive.db",
                crawl_overrides={"max_listing_pages": 100, "max_requests_per_source": 100_000},
            ),
            encoding="utf-8",
        )
        article_paths: dict[str, set[str]] = {}
        for article in world.truth.reachable:
            base = world.base_url(article.outlet)
            for url in (article.canonical_url, *article.variant_urls):
                if url.startswith(base):
                    article_paths.setdefault(article.outlet, set()).add(url.removeprefix(base))
        print(
            f"fixture world: {len(world.truth.reachable)} reachable articles (scale {args.scale})"
        )
        crawl(config)
        summarise("first crawl ", world.request_log, article_paths)
        world.clear_log()
        crawl(config)
        second = world.request_log
        summarise("second crawl", second, article_paths)
        refetched = [e.path for e in second if e.path in article_paths.get(e.outlet, set())]
        print(f"article pages downloaded again: {len(refetched)}")
        validated = [e for e in second if e.status == 304]
        paths = sorted({e.path for e in validated})
        more = " …" if len(paths) > 8 else ""
        print(f"answered 304 Not Modified: {len(validated)} ({', '.join(paths[:8])}{more})")


if __name__ == "__main__":
    main()
