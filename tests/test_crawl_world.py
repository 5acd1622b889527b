"""End to end: crawl the fixture news world with the real CLI and compare with its ground truth."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from fixtureworld import FixtureWorld
from fixtureworld.truth import GroundTruth, TruthArticle
from newsmon.config import load_config
from newsmon.storage.db import open_archive
from newsmon.storage.models import Appearance, CrawlRun, Story, published_with_offset
from newsmon.stories.identity import normalize_url
from tests.conftest import run_newsmon

pytestmark = pytest.mark.slow


@dataclass
class CrawledWorld:
    world: FixtureWorld
    truth: GroundTruth
    config: Path
    engine: Engine
    stderr: str
    stdout: str

    def stories(self) -> list[Story]:
        with Session(self.engine) as session:
            return list(session.exec(select(Story)).all())

    def story_for(self, article: TruthArticle) -> Story | None:
        with Session(self.engine) as session:
            story_id = session.exec(
                select(Appearance.story_id).where(
                    Appearance.url == normalize_url(article.canonical_url)
                )
            ).first()
            return session.get(Story, story_id) if story_id is not None else None


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CrawledWorld]:
    directory = tmp_path_factory.mktemp("world")
    with FixtureWorld(slow_seconds=5.0) as world:
        config = directory / "newsmon.toml"
        config.write_text(world.config_toml(database_url=f"sqlite:///{directory}/archive.db"))
        result = run_newsmon("crawl", config=config)
        engine = open_archive(f"sqlite:///{directory}/archive.db")
        yield CrawledWorld(world, world.truth, config, engine, result.stderr, result.stdout)
        engine.dispose()


def test_every_reachable_article_is_stored_exactly_once(crawled: CrawledWorld) -> None:
    expected = {normalize_url(a.canonical_url) for a in crawled.truth.reachable}
    stored = [s.canonical_url for s in crawled.stories()]
    assert sorted(stored) == sorted(expected)


def test_url_variants_redirects_and_copies_collapse_into_their_story(crawled: CrawledWorld) -> None:
    with Session(crawled.engine) as session:
        appearances = session.exec(select(Appearance.url, Appearance.story_id)).all()
    story_of_url = dict(appearances)
    for article in crawled.truth.reachable:
        story = crawled.story_for(article)
        assert story is not None, article.key
        for variant in article.variant_urls:
            key = normalize_url(variant)
            if key in story_of_url:  # variants the crawl met are attached to the same story
                assert story_of_url[key] == story.id, (article.key, variant)
    # The redirect source and the identical copy were met, and recorded as appearances.
    redirect = crawled.truth.by_key("de-landtag-redirect")
    copy = crawled.truth.by_key("vi-hue-gnlc")
    assert {normalize_url(u) for u in redirect.variant_urls} <= set(story_of_url)
    assert any(
        normalize_url(u) in story_of_url and normalize_url(u) != normalize_url(copy.canonical_url)
        for u in copy.variant_urls
    )


def test_robots_disallowed_and_offsite_urls_are_never_requested(crawled: CrawledWorld) -> None:
    requested = {(entry.outlet, entry.path) for entry in crawled.world.request_log}
    for url in crawled.truth.disallowed_urls:
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        assert all(p != path for _, p in requested), url
    assert all(not p.startswith(("/private", "/admin")) for _, p in requested)


def test_calendar_trap_is_bounded(crawled: CrawledWorld) -> None:
    # Each month page links the previous and the next: with depth limit d, at most
    # 1 + 2 * (d - 1) month pages can be reached from the home page.
    # A page may be asked for again only as a retry (a slow answer on a busy machine).
    crawl = load_config(crawled.config).crawl
    for outlet, prefix in crawled.truth.trap_path_prefix.items():
        trap_hits = Counter(
            e.path
            for e in crawled.world.request_log
            if e.outlet == outlet and e.path.startswith(prefix)
        )
        assert 0 < len(trap_hits) <= 1 + 2 * (crawl.depth_limit - 1), (outlet, trap_hits)
        assert max(trap_hits.values()) <= 1 + crawl.retries, (outlet, trap_hits)


def test_slow_oversized_and_broken_pages_are_skipped_and_logged(crawled: CrawledWorld) -> None:
    truth = crawled.truth
    stored = {s.canonical_url for s in crawled.stories()}
    for url in (truth.oversized_url, truth.slow_url, truth.missing_url):
        assert normalize_url(url) not in stored
        assert url in crawled.stderr, f"{url} not logged"
    # the 500-then-200 page was retried and stored
    assert normalize_url(truth.flaky_url) in stored


def test_legacy_charsets_and_nfd_pages_are_stored_as_correct_nfc_text(
    crawled: CrawledWorld,
) -> None:
    special = [a for a in crawled.truth.reachable if a.charset != "utf-8" or a.special == "nfd"]
    assert {a.charset for a in special} >= {"windows-1258", "windows-1252"}
    for article in special:
        story = crawled.story_for(article)
        assert story is not None
        for snippet in article.body_snippets:
            assert snippet in story.text, (article.key, snippet)
        assert article.title == story.title


def test_body_text_has_the_article_and_no_boilerplate(crawled: CrawledWorld) -> None:
    for article in crawled.truth.reachable:
        story = crawled.story_for(article)
        assert story is not None
        for snippet in article.body_snippets:
            assert snippet in story.text, (article.key, snippet)
        for snippet in article.boilerplate_snippets:
            assert snippet not in story.text, (article.key, snippet)


def test_dates_are_right_to_the_minute_with_their_source(crawled: CrawledWorld) -> None:
    for article in crawled.truth.reachable:
        story = crawled.story_for(article)
        assert story is not None
        if article.published is None:
            assert story.date_source == "first-seen", article.key
            continue
        assert story.date_source == article.expected_date_source, article.key
        if article.expected_date_source == "url":
            assert published_with_offset(story).date() == article.published.date(), article.key
        else:
            assert story.published == article.published, article.key
            assert story.published_utcoffset == article.published.utcoffset().total_seconds() // 60


def test_languages_are_detected(crawled: CrawledWorld) -> None:
    for article in crawled.truth.reachable:
        story = crawled.story_for(article)
        assert story is not None and story.language == article.language, article.key


def test_crawl_runs_are_recorded_per_source(crawled: CrawledWorld) -> None:
    with Session(crawled.engine) as session:
        runs = session.exec(select(CrawlRun)).all()
    assert sorted(r.source for r in runs) == sorted(crawled.world.outlets)
    for run in runs:
        assert run.status == "finished"
        assert run.stories_new == len(crawled.truth.for_outlet(run.source, reachable_only=True))
        assert run.finished_at is not None and run.pages_fetched > 0


def test_search_and_export_through_the_cli(crawled: CrawledWorld) -> None:
    hits = run_newsmon("search", "thanh pho hoc tap", "--format", "jsonl", config=crawled.config)
    by_url = {normalize_url(u): k for u, k in crawled.truth.url_to_key().items()}
    keys = {by_url[u] for u in _urls(hits.stdout)}
    vi_learning = {a.key for a in crawled.truth.reachable if a.learning_city and a.language == "vi"}
    assert vi_learning <= keys
    export = run_newsmon("export", "--format", "jsonl", config=crawled.config)
    assert len(export.stdout.splitlines()) == len(crawled.truth.reachable)


def _urls(jsonl: str) -> list[str]:
    import json

    return [json.loads(line)["url"] for line in jsonl.splitlines()]


def _status(url: str) -> int:
    """The status the fixture server answers with for ``url`` itself (no redirect followed)."""
    import http.client

    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=20)
    try:
        connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
        return connection.getresponse().status
    finally:
        connection.close()


def test_every_listed_url_answers_and_renderings_are_marked(crawled: CrawledWorld) -> None:
    import json

    export = run_newsmon("export", "--format", "jsonl", config=crawled.config)
    records = [json.loads(line) for line in export.stdout.splitlines()]
    listed = {r["url"] for r in records} | {a["url"] for r in records for a in r["appearances"]}
    answers = {url: _status(url) for url in sorted(listed)}
    assert {u: s for u, s in answers.items() if s != 200} == {}
    renderings = [a for r in records for a in r["appearances"] if a["rendering"]]
    assert renderings and {a["rendering"] for a in renderings} == {"amp"}
    amp_truth = {normalize_url(u, collapse_renderings=False) for a in crawled.truth.articles
                 for u in a.variant_urls if "/amp" in u or ".amp." in u}  # fmt: skip
    assert {normalize_url(a["url"], collapse_renderings=False) for a in renderings} <= amp_truth
    # A redirect's source identifies its story but is not listed as a place it appeared.
    redirect = crawled.truth.by_key("de-landtag-redirect")
    sources = {normalize_url(crawled.world.base_url("rheinblatt") + p) for p in
               ("/artikel/2025/11/landtag-beraet-haushalt.html",)}  # fmt: skip
    assert not sources & {normalize_url(u) for u in listed}
    assert normalize_url(redirect.canonical_url) in {normalize_url(u) for u in listed}
