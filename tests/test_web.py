"""``newsmon serve``: every page and API route on a real archive, filters, paging, admin, escaping.

The archive is filled through the real save path (``tests.webdata``) and read by
FastAPI's TestClient, in process. One test repeats the core checks on
PostgreSQL when ``NEWSMON_TEST_POSTGRES_URL`` is set.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from newsmon.config import ConfigError, parse_config
from newsmon.storage.db import open_archive
from newsmon.web.app import create_app
from newsmon.web.render import highlighted, safe_href
from tests import webdata

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's "use httpx2" notice
    from fastapi.testclient import TestClient

TOKEN_ENV = "NEWSMON_TEST_WEB_TOKEN"


@dataclass
class Web:
    client: TestClient
    engine: Engine
    ids: webdata.Archive
    url: str


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'archive.db'}"
    engine = open_archive(url)
    ids = webdata.populate(engine)
    app = create_app(webdata.settings(url, admin_token_env=TOKEN_ENV), engine)
    with TestClient(app) as client:
        yield Web(client, engine, ids, url)
    engine.dispose()


def hit_ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<h3><a href="/stories/(\d+)">', html)]


# --- search --------------------------------------------------------------------------------


def test_search_without_diacritics_highlights_the_accented_text(web: Web) -> None:
    response = web.client.get("/", params={"q": "thanh pho hoc tap"})
    assert response.status_code == 200
    html = response.text
    assert "<mark>thành phố học tập</mark>" in html
    assert hit_ids(html)[0] == web.ids.hanoi  # the title match ranks first
    assert webdata.HANOI_TITLE in html
    # The filler stories, and the English version citing the Vietnamese URL (…-hoc-tap-123).
    assert f"{webdata.FILLER + 2}</strong> stories" in html
    assert 'value="thanh pho hoc tap"' in html  # the query stays in the box


def test_search_api_matches_the_page(web: Web) -> None:
    body = web.client.get("/api/search", params={"q": "thanh pho hoc tap"}).json()
    assert body["total"] == webdata.FILLER + 2
    assert body["facets"] == {
        "sources": {"thoidai": webdata.FILLER + 1, "northern": 1},
        "languages": {"vi": webdata.FILLER + 1, "en": 1},
    }
    first = body["results"][0]
    assert first["id"] == web.ids.hanoi
    assert first["published"] == "2025-11-20T08:30:00+07:00"  # the page's own offset
    assert first["urls"] == [webdata.HANOI_URL, webdata.HANOI_COPY]
    marked = [first["snippet"]["text"][s:e] for s, e in first["snippet"]["highlights"]]
    assert "thành phố học tập" in marked


def test_facets_count_each_filter_without_itself(web: Web) -> None:
    query = '"learning city" OR "lernende Stadt" OR "thanh pho hoc tap"'
    body = web.client.get("/api/search", params={"q": query, "lang": "de"}).json()
    assert body["total"] == 1
    assert body["results"][0]["id"] == web.ids.koeln
    # Picking German narrows the sources, not the language list.
    assert body["facets"]["sources"] == {"rheinblatt": 1}
    assert body["facets"]["languages"] == {"vi": webdata.FILLER + 1, "en": 3, "de": 1}
    html = web.client.get("/", params={"q": query, "lang": "de"}).text
    assert 'class="facet on" data-facet="lang"' in html


def test_filters_by_source_language_dates_and_topic(web: Web) -> None:
    def total(**params: object) -> int:
        response = web.client.get("/api/search", params={"q": "unesco", **params})
        assert response.status_code == 200, response.text
        return int(response.json()["total"])

    assert total() == 4  # Hanoi (vi, en), Köln, Leeds
    assert total(source="rheinblatt") == 1
    assert total(source=["rheinblatt", "northern"]) == 3
    assert total(lang="en") == 2
    assert total(since="2025-11-19") == 3  # Hanoi vi + en, Leeds (dated by first sight)
    assert total(since="2025-11-20", until="2025-11-20") == 2  # until is inclusive
    assert total(until="2025-11-18") == 1
    assert total(topic="learning-city") == 4
    # The page applies the same filters from its form.
    html = web.client.get("/", params={"q": "unesco", "source": "rheinblatt"}).text
    assert hit_ids(html) == [web.ids.koeln]


def test_browsing_without_a_query_lists_newest_stories_with_facets(web: Web) -> None:
    html = web.client.get("/").text
    assert "Newest stories" in html
    assert hit_ids(html)[0] == web.ids.leeds  # newest first (Leeds: dated when first seen)
    body = web.client.get("/api/search", params={"source": "northern"}).json()
    assert {r["id"] for r in body["results"]} == {web.ids.hanoi_en, web.ids.leeds}
    assert body["facets"]["sources"]["thoidai"] == webdata.FILLER + 1


def test_paging(web: Web) -> None:
    first = web.client.get("/", params={"q": "thanh pho hoc tap"}).text
    second = web.client.get("/", params={"q": "thanh pho hoc tap", "page": 2}).text
    assert len(hit_ids(first)) == 20 and len(hit_ids(second)) == webdata.FILLER + 2 - 20
    assert not set(hit_ids(first)) & set(hit_ids(second))
    assert "Page 1 of 2" in first and 'rel="next"' in first
    assert 'href="/?q=thanh+pho+hoc+tap&amp;page=2"' in first
    body = web.client.get("/api/search", params={"q": "thanh", "page": 2, "page_size": 10}).json()
    assert (body["page"], body["page_size"], body["pages"]) == (2, 10, 3)
    assert len(body["results"]) == 10


def test_query_errors_are_shown_inline_and_as_400(web: Web) -> None:
    page = web.client.get("/", params={"q": "(unesco"})
    assert page.status_code == 400
    alert = re.search(r'<div class="alert" role="alert">(.*?)</div>', page.text, re.S)
    assert alert and "Query problem:" in alert.group(1) and "(unesco" in alert.group(1)
    assert 'value="(unesco"' in page.text
    api = web.client.get("/api/search", params={"q": "unesco AND"})
    assert api.status_code == 400
    assert set(api.json()) == {"detail"} and "AND" in api.json()["detail"]
    assert web.client.get("/api/search", params={"q": "x", "topic": "nope"}).status_code == 400
    bad = web.client.get("/api/search", params={"q": "x", "since": "yesterday", "page": 0})
    assert bad.status_code == 422
    assert {tuple(e["loc"]) for e in bad.json()["detail"]} == {
        ("query", "since"),
        ("query", "page"),
    }
    assert "not a date" in web.client.get("/", params={"q": "x", "since": "2025-13-01"}).text


# --- story ---------------------------------------------------------------------------------


def test_story_page_shows_metadata_appearances_language_versions_and_topics(web: Web) -> None:
    response = web.client.get(f"/stories/{web.ids.hanoi}")
    assert response.status_code == 200
    html = response.text
    assert f"<h1>{webdata.HANOI_TITLE}</h1>" in html
    assert "2025-11-20 08:30 +07:00" in html
    assert "JSON-LD metadata on the page" in html and ">json-ld</code>" in html
    assert "Minh Anh" in html
    assert "2025-11-21 09:00 UTC" in html  # first seen
    for url in (webdata.HANOI_URL, webdata.HANOI_COPY):
        assert f'<a href="{url}" rel="noopener noreferrer nofollow" class="url">{url}</a>' in html
    assert "tinmoi" in html
    assert f'<a href="/stories/{web.ids.hanoi_en}">{webdata.HANOI_EN_TITLE}</a>' in html
    assert "links the same source" in html  # why the English version is linked
    assert 'href="/topics/learning-city"' in html
    assert "<mark>thành phố học tập</mark>" in html


def test_story_api(web: Web) -> None:
    body = web.client.get(f"/api/stories/{web.ids.hanoi}").json()
    assert body["published"] == "2025-11-20T08:30:00+07:00"
    assert body["date_source"] == "json-ld"
    assert [a["url"] for a in body["appearances"]] == [webdata.HANOI_URL, webdata.HANOI_COPY]
    assert [a["canonical"] for a in body["appearances"]] == [True, False]
    assert [r["id"] for r in body["related"]] == [web.ids.hanoi_en]
    assert body["group_id"] == web.ids.hanoi
    assert [t["topic"] for t in body["topics"]] == ["learning-city"]
    leeds = web.client.get(f"/api/stories/{web.ids.leeds}").json()
    assert (leeds["published"], leeds["date_source"]) == ("2025-11-21T09:00:00Z", "first-seen")


def test_unknown_stories_are_404(web: Web) -> None:
    for path in ("/stories/999999", "/stories/abc", "/stories/99999999999999999999"):
        response = web.client.get(path)
        assert response.status_code == 404
        assert "Not found" in response.text and "text/html" in response.headers["content-type"]
    api = web.client.get("/api/stories/999999")
    assert (api.status_code, api.json()) == (404, {"detail": "no story 999999"})
    assert web.client.get("/api/stories/abc").status_code == 422
    assert web.client.get("/no/such/page").status_code == 404


# --- topics --------------------------------------------------------------------------------


def test_topics_list_and_topic_page(web: Web) -> None:
    listing = web.client.get("/topics").text
    assert 'href="/topics/learning-city"' in listing
    assert "&#34;thanh pho hoc tap&#34; OR" in listing  # the rule, escaped
    page = web.client.get("/topics/learning-city")
    assert page.status_code == 200
    assert '<img id="trend" src="/topics/learning-city/trend.svg?by=day"' in page.text
    assert webdata.KOELN_TITLE in page.text and "<mark>lernende Stadt</mark>" in page.text
    week = web.client.get("/topics/learning-city", params={"by": "week", "split": "source"})
    assert 'src="/topics/learning-city/trend.svg?by=week&amp;split=source"' in week.text
    assert web.client.get("/topics/nope").status_code == 404
    topics = web.client.get("/api/topics").json()
    assert [(t["name"], t["matches"]) for t in topics] == [
        ("learning-city", webdata.FILLER + 5),  # + both Hanoi versions, Köln, Leeds, payload
        ("payloads", 1),
    ]
    detail = web.client.get("/api/topics/learning-city", params={"limit": 3}).json()
    assert len(detail["recent"]) == 3


def test_trend_chart_and_json(web: Web) -> None:
    svg = web.client.get("/topics/learning-city/trend.svg", params={"by": "week"})
    assert svg.status_code == 200
    assert svg.headers["content-type"] == "image/svg+xml"
    assert svg.content.lstrip().startswith(b"<?xml") and b"<svg" in svg.content
    assert web.client.get("/topics/nope/trend.svg").status_code == 404
    trend = web.client.get("/api/topics/learning-city/trend", params={"by": "week"}).json()
    assert trend["by"] == "week"
    assert trend["total"] == webdata.FILLER + 5
    assert sum(trend["series"]["all"]) == trend["total"]
    split = web.client.get(
        "/api/topics/learning-city/trend", params={"split_by_source": "true"}
    ).json()
    assert {"thoidai", "rheinblatt", "northern"} <= set(split["series"])
    assert web.client.get("/api/topics/learning-city/trend?by=month").status_code == 422


# --- sources -------------------------------------------------------------------------------


def test_sources_page_and_api(web: Web) -> None:
    html = web.client.get("/sources").text
    assert '<span class="status failed">failed</span>' in html
    assert "quiet" in html and "2h" in html  # configured, nothing stored yet
    rows = {r["source"]: r for r in web.client.get("/api/sources").json()}
    assert rows["thoidai"]["stories"] == webdata.FILLER + 1
    assert rows["thoidai"]["missing_date_share"] == pytest.approx(0.4)
    assert rows["rheinblatt"]["errors"] == 3 and rows["rheinblatt"]["last_status"] == "failed"
    assert rows["quiet"] == rows["quiet"] | {"configured": True, "stories": 0, "runs": 0}


# --- admin ---------------------------------------------------------------------------------


def test_admin_endpoints_are_off_without_a_token(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    response = web.client.post("/api/admin/match", headers={"Authorization": "Bearer x"})
    assert response.status_code == 403
    assert TOKEN_ENV in response.json()["detail"]


def test_admin_endpoints_need_the_right_token(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TOKEN_ENV, "s3cret-token")
    assert web.client.post("/api/admin/match").status_code == 401
    wrong = web.client.post("/api/admin/match", headers={"Authorization": "Bearer s3cret"})
    assert wrong.status_code == 401
    assert wrong.headers["www-authenticate"].startswith("Bearer")
    basic = web.client.post("/api/admin/match", headers={"Authorization": "Basic s3cret-token"})
    assert basic.status_code == 401
    right = web.client.post("/api/admin/match", headers={"Authorization": "Bearer s3cret-token"})
    assert right.status_code == 200
    assert right.json() == {"scanned": 0, "new_matches": 0, "updated_matches": 0}  # up to date
    reindex = web.client.post(
        "/api/admin/reindex", headers={"Authorization": "Bearer s3cret-token"}
    )
    assert reindex.status_code == 200
    assert reindex.json()["stories"] == webdata.FILLER + 5
    assert web.client.get("/api/search", params={"q": "unesco"}).json()["total"] == 4
    assert web.client.get("/api/admin/match").status_code == 405  # never a GET


# --- escaping and headers ------------------------------------------------------------------


def test_stored_payloads_are_escaped_on_every_page(web: Web) -> None:
    pages = [
        f"/stories/{web.ids.xss}",
        "/?q=payload",
        "/?q=window",
        "/",
        "/topics",
        "/topics/payloads",
        "/sources",
        f"/?source={webdata.XSS_SOURCE}",
    ]
    for path in pages:
        html = web.client.get(path).text
        for marker in webdata.PAYLOAD_MARKERS:
            assert marker not in html, f"{marker!r} unescaped on {path}"
        assert "javascript:" not in html.lower()
    story = web.client.get(f"/stories/{web.ids.xss}").text
    assert "&lt;script&gt;window.__pwned = &#34;title&#34;&lt;/script&gt;" in story
    assert "&lt;b onmouseover=&#34;window.__pwned=3&#34;&gt;" in story
    assert "&#34;onerror=alert(1)" in story
    assert "&lt;i&gt;&#34;topic with markup&#34;&lt;/i&gt;" in web.client.get("/topics").text


def test_highlights_and_links_are_built_safely() -> None:
    text = '<b>x</b> "thành" & y'
    assert str(highlighted(text, [(10, 15)])) == (
        "&lt;b&gt;x&lt;/b&gt; &#34;<mark>thành</mark>&#34; &amp; y"
    )
    assert str(highlighted("abc", [(2, 9), (1, 2)])) == "a<mark>b</mark>c"  # stale span ignored
    assert safe_href("javascript:alert(1)") is None
    assert safe_href(" JaVaScRiPt:alert(1)") is None
    assert safe_href("data:text/html,x") is None
    assert safe_href("https://example.org/a") == "https://example.org/a"


def test_security_headers(web: Web) -> None:
    for path in ("/", "/api/search?q=x", "/static/newsmon.css", "/topics/learning-city/trend.svg"):
        headers = web.client.get(path).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
    assert "<script" not in web.client.get("/").text  # no inline script anywhere


def test_openapi_schema_is_served_and_lists_only_the_api(web: Web) -> None:
    schema = web.client.get("/api/openapi.json").json()
    assert all(path.startswith("/api/") for path in schema["paths"])
    assert "/api/search" in schema["paths"] and "/api/admin/match" in schema["paths"]
    assert "HitOut" in schema["components"]["schemas"]


# --- unsubscribe ---------------------------------------------------------------------------


def test_unsubscribe_uses_the_daemons_signed_links(web: Web) -> None:
    from newsmon.alerts.models import Subscriber
    from newsmon.alerts.settings import load_settings
    from newsmon.alerts.subscribers import add, make_entry
    from newsmon.alerts.unsubscribe import make_token

    row = add(web.engine, make_entry("ana@example.org", ["learning-city"]))
    token = make_token(load_settings(web.engine, webdata.settings(web.url)).secret, row)
    confirm = web.client.get("/unsubscribe", params={"token": token})
    assert confirm.status_code == 200 and "ana@example.org" in confirm.text
    with Session(web.engine) as session:
        assert session.get(Subscriber, row.id).status == "active"  # GET changes nothing
    done = web.client.post(
        "/unsubscribe", params={"token": token}, data={"List-Unsubscribe": "One-Click"}
    )
    assert done.status_code == 200
    with Session(web.engine) as session:
        assert session.get(Subscriber, row.id).status == "unsubscribed"
    assert web.client.post("/unsubscribe", params={"token": token + "x"}).status_code == 400


# --- config and backends -------------------------------------------------------------------


def test_web_config_defaults_and_validation() -> None:
    web_config = parse_config({}).web
    assert (web_config.host, web_config.port, web_config.admin_token_env) == (
        "127.0.0.1",
        8080,
        "NEWSMON_ADMIN_TOKEN",
    )
    with pytest.raises(ConfigError, match=r"web\.colour: unknown key"):
        parse_config({"web": {"colour": "blue"}})
    with pytest.raises(ConfigError, match=r"web\.port"):
        parse_config({"web": {"port": 0}})


def test_pages_on_each_backend(archive: Engine, database_url: str, tmp_path: Path) -> None:
    ids = webdata.populate(archive)
    with TestClient(create_app(webdata.settings(database_url), archive)) as client:
        body = client.get("/api/search", params={"q": "thanh pho hoc tap", "page_size": 5}).json()
        assert body["total"] == webdata.FILLER + 2 and len(body["results"]) == 5
        assert body["results"][0]["id"] == ids.hanoi
        story = client.get(f"/stories/{ids.hanoi}").text
        assert "2025-11-20 08:30 +07:00" in story and webdata.HANOI_COPY in story
        assert client.get("/topics/learning-city/trend.svg").status_code == 200
        assert client.get("/sources").status_code == 200


def test_api_rejects_a_repeated_single_valued_parameter(web: Web) -> None:
    response = web.client.get("/api/search?q=unesco&page_size=5&page_size=50")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "page_size"]
    pairs = [("q", "unesco"), ("source", "thoidai"), ("source", "rheinblatt")]
    both = web.client.get("/api/search", params=pairs)  # list parameters may repeat
    assert both.status_code == 200
    assert both.json()["filters"]["sources"] == ["thoidai", "rheinblatt"]
