"""End to end: outlets that do not fit the usual markup, crawled from their home pages only.

No article_url_pattern anywhere: articles must be recognised from the pages themselves,
listings must be followed and never stored, and a source that gives no article must be
reported by ``crawl`` and ``stats``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from fixtureworld.oddworld import OddTruth, OddWorld
from newsmon.storage.db import open_archive
from newsmon.storage.models import Appearance, CrawlRun, Story
from newsmon.stories.identity import normalize_url
from tests.conftest import run_newsmon

pytestmark = pytest.mark.slow


@dataclass
class Crawled:
    world: OddWorld
    truth: OddTruth
    engine: Engine
    crawl_stderr: str
    stats_stderr: str
    stats_stdout: str

    def stored_urls(self) -> set[str]:
        with Session(self.engine) as session:
            return set(session.exec(select(Appearance.url)).all())

    def url(self, outlet: str, path: str) -> str:
        return normalize_url(self.world.base_url(outlet) + path)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    directory = tmp_path_factory.mktemp("odd")
    database = f"sqlite:///{directory}/archive.db"
    with OddWorld() as world:
        config = directory / "newsmon.toml"
        config.write_text(world.config_toml(database))
        crawl = run_newsmon("crawl", config=config)
        stats = run_newsmon("stats", config=config)
        engine = open_archive(database)
        yield Crawled(world, world.truth, engine, crawl.stderr, stats.stderr, stats.stdout)
        engine.dispose()


def test_every_article_of_the_odd_outlets_is_stored(crawled: Crawled) -> None:
    stored = crawled.stored_urls()
    missing = [
        (outlet, article.path)
        for outlet, articles in crawled.truth.articles.items()
        for article in articles
        if crawled.url(outlet, article.path) not in stored
    ]
    assert missing == []


def test_no_listing_is_stored(crawled: Crawled) -> None:
    stored = crawled.stored_urls()
    listings = [
        (outlet, path)
        for outlet, paths in crawled.truth.listings.items()
        for path in paths
        if crawled.url(outlet, path) in stored
    ]
    assert listings == []
    with Session(crawled.engine) as session:
        titles = set(session.exec(select(Story.title)).all())
    assert "Politik und Gesellschaft" not in titles


def test_page_counts_per_source_are_recorded(crawled: Crawled) -> None:
    with Session(crawled.engine) as session:
        runs = {run.source: run for run in session.exec(select(CrawlRun)).all()}
    for outlet, articles in crawled.truth.articles.items():
        assert runs[outlet].article_pages == len(articles), outlet
        assert runs[outlet].listing_pages >= 1, outlet
    assert runs["pressroom"].message and "article_url_pattern" in runs["pressroom"].message


def test_a_source_with_pages_but_no_articles_is_reported_by_crawl_and_stats(
    crawled: Crawled,
) -> None:
    for stderr in (crawled.crawl_stderr, crawled.stats_stderr):
        text = " ".join(stderr.split())
        assert "warning: pressroom:" in text
        assert "none recognised as an article" in text
        assert "article_url_pattern" in text
        assert "warning: baocu" not in text and "warning: stadtkurier" not in text
    assert "pressroom" in crawled.stats_stdout


def test_stored_text_is_the_article_without_its_furniture(crawled: Crawled) -> None:
    with Session(crawled.engine) as session:
        stories = session.exec(select(Story)).all()
    assert stories
    for story in stories:
        for furniture in crawled.truth.furniture:
            assert furniture not in story.text, (story.canonical_url, furniture)
        assert not story.text.startswith(("Politik und Gesellschaft", "Kultur und Freizeit"))
        assert story.title and not story.text.startswith(story.title), story.canonical_url
    paragraphs = {
        paragraph
        for articles in crawled.truth.articles.values()
        for article in articles
        for paragraph in article.paragraphs
    }
    stored = "\n".join(story.text for story in stories)
    assert all(paragraph in stored for paragraph in paragraphs)
