"""Re-crawls are cheap: nothing known is downloaded again, new articles are picked up,
edited ones are updated in place."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlmodel import Session, select

from fixtureworld import Article, FixtureWorld
from newsmon.storage.db import open_archive
from newsmon.storage.models import Story, StoryVersion
from newsmon.stories.identity import normalize_url
from tests.conftest import run_newsmon

pytestmark = pytest.mark.slow

BERLIN = timezone(timedelta(hours=1))


def _article_paths(world: FixtureWorld) -> dict[str, set[str]]:
    """Per outlet, the paths of every URL of a stored story (canonical or variant).

    Unreachable ones (oversized, 404) were never stored, so trying them again is right.
    """
    paths: dict[str, set[str]] = {}
    for article in world.truth.reachable:
        for url in (article.canonical_url, *article.variant_urls):
            base = world.base_url(article.outlet)
            if url.startswith(base):
                paths.setdefault(article.outlet, set()).add(url.removeprefix(base))
    return paths


def test_second_crawl_fetches_no_article_and_revalidates_listings(tmp_path: Path) -> None:
    with FixtureWorld(slow_seconds=0.1) as world:
        config = tmp_path / "newsmon.toml"
        database = f"sqlite:///{tmp_path}/archive.db"
        config.write_text(world.config_toml(database_url=database))
        run_newsmon("crawl", config=config)
        engine = open_archive(database)
        with Session(engine) as session:
            stories_after_first = len(session.exec(select(Story.id)).all())
        world.clear_log()

        run_newsmon("crawl", config=config)

        log = world.request_log
        article_paths = _article_paths(world)
        refetched = [e.path for e in log if e.path in article_paths.get(e.outlet, set())]
        assert refetched == []
        feeds_and_sitemaps = {
            url.removeprefix(world.base_url(outlet))
            for outlet in world.outlets
            for url in (
                *world.truth.feed_urls.get(outlet, []),
                *world.truth.sitemap_urls.get(outlet, []),
            )
        }
        revalidated = [e for e in log if e.path in feeds_and_sitemaps]
        assert revalidated, "feeds and sitemaps are still checked"
        assert all(e.status == 304 for e in revalidated), [(e.path, e.status) for e in revalidated]
        with Session(engine) as session:
            assert len(session.exec(select(Story.id)).all()) == stories_after_first

        # New articles: exactly those are fetched and stored.
        fresh = Article(
            key="de-neue-lernstadt",
            section="lokales",
            path="/lokales/artikel/4201",
            title="Auch Aachen will Lernstadt werden",
            lead="Der Stadtrat hat eine Bewerbung beim UNESCO-Netzwerk beschlossen.",
            body=(
                "Aachen bewirbt sich um die Aufnahme in das Globale Netzwerk lernender Städte "
                "der UNESCO. Der Stadtrat stimmte am Mittwoch mit großer Mehrheit zu.\n\n"
                "Volkshochschule, Hochschulen und Stadtbibliothek sollen ihre Angebote "
                "gemeinsam planen. Die Verwaltung rechnet mit einer Entscheidung im Herbst."
            ),
            authors=["Jana Berg"],
            published=datetime(2025, 11, 26, 10, 15, tzinfo=BERLIN),
        )
        world.add_article("rheinblatt", fresh)
        world.clear_log()
        run_newsmon("crawl", config=config)
        with Session(engine) as session:
            stories = session.exec(select(Story)).all()
        assert len(stories) == stories_after_first + 1
        new_story = next(s for s in stories if s.canonical_url.endswith("/lokales/artikel/4201"))
        assert "Volkshochschule, Hochschulen und Stadtbibliothek" in new_story.text
        fetched_articles = [
            e.path
            for e in world.request_log
            if e.path in _article_paths(world).get(e.outlet, set())
        ]
        assert fetched_articles == ["/lokales/artikel/4201"]

        # An edited article is updated in place, its old text kept as a version.
        edited = world.truth.by_key("de-koeln-lernende-stadt")
        world.edit_article(
            "de-koeln-lernende-stadt",
            body="Köln ist jetzt offiziell eine lernende Stadt. Die UNESCO bestätigte am "
            "Freitag die Aufnahme der Stadt in ihr Netzwerk.\n\nDie Oberbürgermeisterin "
            "sprach von einem großen Tag für die Weiterbildung in der Region.",
        )
        run_newsmon("crawl", config=config)
        with Session(engine) as session:
            stories = session.exec(select(Story)).all()
            assert len(stories) == stories_after_first + 1
            story = next(
                s for s in stories if s.canonical_url == normalize_url(edited.canonical_url)
            )
            assert "großen Tag für die Weiterbildung" in story.text
            assert story.version == 2
            versions = session.exec(
                select(StoryVersion).where(StoryVersion.story_id == story.id)
            ).all()
            assert [v.version for v in versions] == [1]
            assert "großen Tag" not in versions[0].text
        engine.dispose()
