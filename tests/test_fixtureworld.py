"""Fast checks of the fixture world itself (not of the crawler that crawls it)."""

from __future__ import annotations

import html
import http.client
import time
import tomllib
import unicodedata
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Iterator
from datetime import datetime
from urllib.parse import urlsplit

import pytest

from fixtureworld import Article, FixtureWorld
from fixtureworld.model import TZ_DE, encode_cp1258
from fixtureworld.server import LoggedRequest


@pytest.fixture(scope="module")
def world() -> Iterator[FixtureWorld]:
    with FixtureWorld(slow_seconds=0.2) as w:
        yield w


def fetch(url: str, method: str = "GET", headers: dict[str, str] | None = None):
    """One request without following redirects: (status, headers, body)."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.netloc, timeout=10)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    conn.request(method, path or "/", headers=headers or {})
    resp = conn.getresponse()
    body = resp.read() if method != "HEAD" else b""
    conn.close()
    return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body


def test_outlets_listen_on_distinct_ports(world: FixtureWorld) -> None:
    bases = [world.base_url(o) for o in world.outlets]
    assert world.outlets == ["thoidai", "rheinblatt", "harbourtimes"]
    assert len(set(bases)) == 3
    assert all(b.startswith("http://127.0.0.1:") for b in bases)


def test_robots_txt_served(world: FixtureWorld) -> None:
    for outlet in world.outlets:
        status, headers, body = fetch(world.base_url(outlet) + "/robots.txt")
        assert status == 200
        assert headers["content-type"].startswith("text/plain")
        assert b"Disallow:" in body
    _, _, body = fetch(world.base_url("thoidai") + "/robots.txt")
    assert f"Sitemap: {world.base_url('thoidai')}/sitemap.xml".encode() in body


def test_disallowed_urls_are_disallowed_and_linked(world: FixtureWorld) -> None:
    truth = world.truth
    for outlet in world.outlets:
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(fetch(world.base_url(outlet) + "/robots.txt")[2].decode().splitlines())
        home = fetch(world.base_url(outlet) + "/")[2].decode()
        mine = [u for u in truth.disallowed_urls if u.startswith(world.base_url(outlet))]
        assert mine
        for url in mine:
            assert not parser.can_fetch("newsmon", url), url
        assert any(urlsplit(u).path in home for u in mine)


def test_conditional_get_on_feeds_and_sitemaps(world: FixtureWorld) -> None:
    for url in [
        world.base_url("rheinblatt") + "/feeds/rss.xml",
        world.base_url("rheinblatt") + "/feeds/atom.xml",
        world.base_url("harbourtimes") + "/sitemap_index.xml",
        world.base_url("harbourtimes") + "/news-sitemap.xml",
        world.base_url("thoidai") + "/sitemap.xml",
        world.base_url("thoidai") + "/rss/home.rss",
    ]:
        status, headers, body = fetch(url)
        assert status == 200 and body
        etag, last_modified = headers["etag"], headers["last-modified"]
        assert fetch(url, headers={"If-None-Match": etag})[0] == 304
        assert fetch(url, headers={"If-Modified-Since": last_modified})[0] == 304
        assert fetch(url, headers={"If-None-Match": '"stale"'})[0] == 200
        old = "Mon, 01 Jan 2024 00:00:00 GMT"
        assert fetch(url, headers={"If-Modified-Since": old})[0] == 200


def test_mutations_update_feeds_and_etags() -> None:
    with FixtureWorld(slow_seconds=0) as world:
        feed = world.base_url("rheinblatt") + "/feeds/atom.xml"
        _, headers, _ = fetch(feed)
        world.edit_article("de-bonn-lernstadt", title="Bonn ist jetzt Lernstadt")
        status, new_headers, body = fetch(feed, headers={"If-None-Match": headers["etag"]})
        assert status == 200 and new_headers["etag"] != headers["etag"]
        assert "Bonn ist jetzt Lernstadt" in body.decode()
        world.add_article(
            "rheinblatt",
            Article(
                key="de-new",
                section="lokales",
                path="/lokales/artikel/7777",
                title="Neue Fähre über den Rhein",
                lead="Eine neue Fähre verbindet ab Dezember Porz und Wesseling.",
                body="Die Fähre fährt alle 20 Minuten.\n\nTickets kosten zwei Euro.",
                authors=["Anna Schäfer"],
                published=datetime(2025, 11, 25, 9, 0, tzinfo=TZ_DE),
            ),
        )
        assert fetch(world.base_url("rheinblatt") + "/lokales/artikel/7777")[0] == 200
        assert "/lokales/artikel/7777" in fetch(feed)[2].decode()
        assert (
            "/lokales/artikel/7777" in fetch(world.base_url("rheinblatt") + "/lokales/")[2].decode()
        )
        assert world.truth.by_key("de-new").reachable


def test_flaky_page_500_then_200(world: FixtureWorld) -> None:
    world.reset_counters()
    url = world.truth.flaky_url
    assert fetch(url)[0] == 500
    assert fetch(url)[0] == 200
    assert fetch(url)[0] == 200


def test_cp1258_page_decodes_to_nfc_text(world: FixtureWorld) -> None:
    article = world.truth.by_key("vi-bac-ninh-cp1258")
    status, headers, raw = fetch(article.canonical_url)
    assert status == 200
    assert headers["content-type"] == "text/html"  # charset only in <meta>
    assert b'charset=windows-1258"' in raw
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = unicodedata.normalize("NFC", raw.decode("cp1258"))
    assert article.title in text
    for snippet in article.body_snippets:
        assert snippet in text
    # Combining tone marks are really used, as on real cp1258 pages.
    assert "\u0301".encode("cp1258") in raw
    assert encode_cp1258("Đà Nẵng").decode("cp1258") != "Đà Nẵng"
    assert unicodedata.normalize("NFC", encode_cp1258("Đà Nẵng").decode("cp1258")) == "Đà Nẵng"


def test_cp1252_and_nfd_pages(world: FixtureWorld) -> None:
    article = world.truth.by_key("de-bruecke-cp1252")
    _, headers, raw = fetch(article.canonical_url)
    assert headers["content-type"] == "text/html"
    assert "Fußgänger".encode("cp1252") in raw
    nfd = world.truth.by_key("vi-nfd-doi-ngoai")
    _, headers, raw = fetch(nfd.canonical_url)
    text = raw.decode("utf-8")
    assert nfd.title not in text
    assert nfd.title in unicodedata.normalize("NFC", text)


def test_truth_urls_answer(world: FixtureWorld) -> None:
    world.reset_counters()
    truth = world.truth
    assert len(truth.for_outlet("thoidai")) >= 12
    for article in truth.reachable:
        urls = [article.canonical_url, *article.variant_urls]
        for url in urls:
            status, headers, body = fetch(url)
            if status == 500 and url == truth.flaky_url:
                status, headers, body = fetch(url)
            if status == 301:
                assert headers["location"] == article.canonical_url
                continue
            assert status == 200, url
            assert headers["content-type"].startswith("text/html")
            assert len(body) > 2000
    for article in truth.articles:
        if article.special == "missing":
            assert fetch(article.canonical_url)[0] == 404


def test_canonical_links(world: FixtureWorld) -> None:
    truth = world.truth
    amp = truth.by_key("vi-hanoi-gnlc")
    for url in amp.variant_urls:
        body = fetch(url)[2].decode()
        assert f'<link rel="canonical" href="{amp.canonical_url}">' in body
    hue = truth.by_key("vi-hue-gnlc")
    copy_url = hue.variant_urls[0]
    copy_body = html.unescape(fetch(copy_url)[2].decode())
    assert 'rel="canonical"' not in copy_body
    for snippet in hue.body_snippets:
        assert snippet in copy_body


def test_special_urls(world: FixtureWorld) -> None:
    truth = world.truth
    status, headers, body = fetch(truth.pdf_url)
    assert status == 200 and headers["content-type"] == "application/pdf"
    assert body.startswith(b"%PDF-") and body.rstrip().endswith(b"%%EOF")
    status, headers, _ = fetch(truth.oversized_url, method="HEAD")
    assert status == 200 and int(headers["content-length"]) > 8_000_000
    prefix = truth.trap_path_prefix["rheinblatt"]
    body = fetch(world.base_url("rheinblatt") + prefix + "2099/12")[2].decode()
    assert f'href="{prefix}2100/01"' in body
    assert all(u.startswith("https://") for u in truth.offsite_urls)


def test_request_log(world: FixtureWorld) -> None:
    world.clear_log()
    fetch(world.base_url("harbourtimes") + "/?utm_source=x", headers={"User-Agent": "probe"})

    # The server logs a request once its last byte is written, a moment after the client
    # has read it.
    # Earlier tests' slow responses may still land in the log: keep only this probe's.
    def probes() -> list[LoggedRequest]:
        return [e for e in world.request_log if e.headers.get("User-Agent") == "probe"]

    deadline = time.monotonic() + 2
    while not probes() and time.monotonic() < deadline:
        time.sleep(0.01)
    log = probes()
    assert len(log) == 1
    entry = log[0]
    assert (entry.outlet, entry.method, entry.path, entry.status) == (
        "harbourtimes",
        "GET",
        "/?utm_source=x",
        200,
    )
    assert entry.headers["User-Agent"] == "probe" and entry.bytes_sent > 1000


def test_config_toml_is_valid(world: FixtureWorld) -> None:
    text = world.config_toml(
        database_url="sqlite:///tmp/x.db", crawl_overrides={"download_timeout": 5}
    )
    data = tomllib.loads(text)
    assert data["crawl"]["download_timeout"] == 5
    assert {s["name"] for s in data["sources"]} == set(world.outlets)
    thoidai = next(s for s in data["sources"] if s["name"] == "thoidai")
    assert thoidai["start_urls"] == [world.base_url("thoidai") + "/"]
    assert "feeds" not in thoidai and "sitemaps" not in thoidai
    config = pytest.importorskip("newsmon.config")
    parsed = config.parse_config(data)
    assert parsed.subscribers[0].topics == ["learning-city"]


def test_scale_adds_listed_synthetic_articles() -> None:
    with FixtureWorld(scale=40) as world:
        synthetic = [a for a in world.truth.articles if a.synthetic]
        assert len(synthetic) == 120
        sitemap = fetch(world.base_url("harbourtimes") + "/sitemap-posts-1.xml")[2].decode()
        hand = [a for a in world.truth.for_outlet("harbourtimes") if not a.synthetic]
        assert sitemap.count("<url>") >= 40 + len(hand) - 3
        feed = fetch(world.base_url("rheinblatt") + "/feeds/rss.xml")[2].decode()
        assert feed.count("<item>") == 50
        one = synthetic[0]
        status, _, body = fetch(one.canonical_url)
        assert status == 200 and len(body.decode().split()) > 400
        assert all(s in html.unescape(body.decode()) for s in one.body_snippets)


def test_learning_city_flags_match_bodies(world: FixtureWorld) -> None:
    """Near-miss distractors must not contain the phrase; true stories must."""
    phrases = ["learning city", "learning cities", "thành phố học tập", "lernende stadt",
               "lernenden städte", "lernstadt"]  # fmt: skip
    for truth in world.truth.articles:
        article = world.sites[truth.outlet].by_key[truth.key]
        body = article.body.lower()
        assert any(p in body for p in phrases) == truth.learning_city, truth.key
        for snippet in truth.boilerplate_snippets:
            assert snippet.lower() not in body, (truth.key, snippet)
