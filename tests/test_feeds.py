"""Atom and JSON Feed per topic and saved search, read back with feedparser; conditional GET."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import feedparser
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from newsmon.alerts.matching import match_pending
from newsmon.config import NewsmonConfig, parse_config
from newsmon.storage.db import session_scope
from newsmon.stories.cluster_models import StoryLink
from newsmon.stories.repository import save_article
from newsmon.web.app import create_app
from tests.test_alerts_delivery import LEARNING_CITY, NOW, STORIES, article, save


def settings(database_url: str) -> NewsmonConfig:
    return parse_config(
        {
            "database": {"url": database_url},
            "topics": [
                {"name": "learning-city", "query": LEARNING_CITY, "description": "Learning cities"}
            ],
        }
    )


def check_json_feed(feed: dict[str, object]) -> None:
    """The MUSTs of JSON Feed 1.1 (https://jsonfeed.org/version/1.1) that a reader relies on."""
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(feed["title"], str) and feed["title"]
    items = feed["items"]
    assert isinstance(items, list)
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids)) and all(isinstance(i, str) and i for i in ids)
    for item in items:
        assert isinstance(item.get("content_text") or item.get("content_html"), str)
        for key in ("date_published", "date_modified"):
            if key in item:
                datetime.fromisoformat(item[key])  # RFC 3339
        assert all(k in ALLOWED_ITEM_KEYS or k.startswith("_") for k in item), item.keys()


ALLOWED_ITEM_KEYS = {
    "id", "url", "external_url", "title", "content_html", "content_text", "summary", "image",
    "banner_image", "date_published", "date_modified", "authors", "tags", "language",
    "attachments",
}  # fmt: skip


def world(engine: Engine, config: NewsmonConfig) -> dict[str, int]:
    ids = save(engine, "hanoi", "koeln", "gnlc", "heat")
    with session_scope(engine) as session:  # Hà Nội's story has an English version
        low, high = sorted((ids["hanoi"], ids["gnlc"]))
        session.add(StoryLink(story_id=low, related_id=high, score=0.9, signals={}))
    match_pending(engine, config.topics)
    return ids


def test_topic_feeds_parse_back_with_stable_ids_and_related_versions(
    archive: Engine, database_url: str
) -> None:
    config = settings(database_url)
    ids = world(archive, config)
    with TestClient(create_app(config, archive)) as client:
        atom = client.get("/feeds/topics/learning-city.atom")
        assert atom.status_code == 200
        assert atom.headers["content-type"].startswith("application/atom+xml")
        parsed = feedparser.parse(atom.content)
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.version == "atom10"
        assert parsed.feed.title == "newsmon: learning-city"
        titles = {e.title for e in parsed.entries}
        assert titles == {
            "Hà Nội gia nhập mạng lưới",
            "Köln plant Bildungsoffensive",
            "Cork joins GNLC",
        }
        hanoi = next(e for e in parsed.entries if e.title.startswith("Hà Nội"))
        assert hanoi.link == "https://thoidai.vn/hanoi.html"
        related = [link for link in hanoi.links if link.rel == "related"]
        assert [(r.href, r.hreflang) for r in related] == [("https://daily.com/gnlc.html", "en")]
        assert hanoi.id.startswith("urn:uuid:")

        feed = client.get("/feeds/topics/learning-city.json")
        assert feed.headers["content-type"].startswith("application/feed+json")
        as_json = feed.json()
        assert as_json["version"] == "https://jsonfeed.org/version/1.1"
        check_json_feed(as_json)  # feedparser 6.0 reads no JSON Feed: the spec's rules here
        assert {i["title"] for i in as_json["items"]} == titles
        item = next(i for i in as_json["items"] if i["_newsmon"]["story_id"] == ids["hanoi"])
        assert item["id"] == hanoi.id  # one id per story, whichever format
        assert item["_newsmon"]["related"][0]["language"] == "en"
        assert item["language"] == "vi" and item["date_modified"]

        assert client.get("/feeds/topics/nope.atom").status_code == 404
        assert client.get("/feeds/topics/learning-city.rss").status_code == 404
        page = client.get("/topics/learning-city").text
        assert 'href="/feeds/topics/learning-city.atom"' in page


def test_an_edited_story_keeps_its_id_and_its_entry_is_updated(
    archive: Engine, database_url: str
) -> None:
    config = settings(database_url)
    world(archive, config)
    with TestClient(create_app(config, archive)) as client:
        before = feedparser.parse(client.get("/feeds/topics/learning-city.atom").content)
        edited = article(
            "https://daily.com/gnlc.html",
            "Cork joins GNLC, mayor says",
            "Cork joined the UNESCO network of learning cities; the mayor spoke about plans.",
            seen=NOW + timedelta(hours=2),
        )
        save_article(archive, edited)
        match_pending(archive, config.topics)
        after = feedparser.parse(client.get("/feeds/topics/learning-city.atom").content)
    old = next(e for e in before.entries if e.link == "https://daily.com/gnlc.html")
    new = next(e for e in after.entries if e.link == "https://daily.com/gnlc.html")
    assert new.id == old.id and len(after.entries) == len(before.entries)
    assert new.title == "Cork joins GNLC, mayor says"
    assert new.updated_parsed > old.updated_parsed


def test_conditional_get_answers_304_until_something_changes(
    archive: Engine, database_url: str
) -> None:
    config = settings(database_url)
    world(archive, config)
    with TestClient(create_app(config, archive)) as client:
        for path in ("/feeds/topics/learning-city.atom", "/feeds/search.json?q=gnlc"):
            first = client.get(path)
            etag, modified = first.headers["etag"], first.headers["last-modified"]
            again = client.get(path, headers={"If-None-Match": etag})
            assert again.status_code == 304 and again.content == b""
            assert again.headers["etag"] == etag
            assert client.get(path, headers={"If-Modified-Since": modified}).status_code == 304
            assert client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200
        etag = client.get("/feeds/topics/learning-city.atom").headers["etag"]
        save_article(
            archive,
            article(
                "https://daily.com/leeds.html",
                "Leeds becomes a learning city",
                "Leeds joined the learning cities network this week.",
                seen=NOW + timedelta(hours=3),
            ),
        )
        match_pending(archive, config.topics)
        changed = client.get("/feeds/topics/learning-city.atom", headers={"If-None-Match": etag})
        assert changed.status_code == 200 and changed.headers["etag"] != etag
        assert b"Leeds becomes a learning city" in changed.content


def test_a_saved_search_is_a_feed(archive: Engine, database_url: str) -> None:
    config = settings(database_url)
    world(archive, config)
    with TestClient(create_app(config, archive)) as client:
        atom = client.get("/feeds/search.atom", params={"q": "GNLC OR heatwave"})
        parsed = feedparser.parse(atom.content)
        assert not parsed.bozo
        assert {e.title for e in parsed.entries} == {"Cork joins GNLC", "Record heat"}
        only_vi = client.get("/feeds/search.json", params={"q": "mạng lưới", "lang": "vi"})
        assert [i["title"] for i in json.loads(only_vi.content)["items"]] == [
            STORIES["hanoi"].article.title
        ]
        assert client.get("/feeds/search.atom", params={"q": '"unclosed'}).status_code == 400
        assert client.get("/feeds/search.atom").status_code == 422
        # Stored titles cannot break out of the XML.
        save_article(
            archive,
            article("https://daily.com/x.html", "<script>x</script> & GNLC", "GNLC again here."),
        )
        raw = client.get("/feeds/search.atom", params={"q": "GNLC"}).content
        assert b"<script>" not in raw and not feedparser.parse(raw).bozo
