"""Page classification from the page itself: article, listing (followed) or other (skipped)."""

from __future__ import annotations

import re

import pytest

from fixtureworld.oddworld import OddWorld
from newsmon.crawler.page_kind import PageKind, classify_page, url_hint

PROSE = (
    "The council approved the new budget on Tuesday after a long debate about schools. "
    "Residents had asked for more money for the bridge, which has been closed since May. "
    "The mayor said the works would start in autumn and take about two years to finish. "
)


def _teasers(count: int, summary: bool = True) -> str:
    return "".join(
        f"<article><a href='/img{n}'><img src='/i/{n}.jpg'></a>"
        f"<h3><a href='/news/story-number-{n}-about-the-city-council'>Council story number {n} "
        "about the city</a></h3>" + (f"<p>{PROSE[:150]}</p>" if summary else "") + "</article>"
        for n in range(count)
    )


def page(body: str, og_type: str | None = None) -> str:
    meta = f"<meta property='og:type' content='{og_type}'>" if og_type else ""
    return f"<!doctype html><html><head><title>t</title>{meta}</head><body>{body}</body></html>"


def kind(html: str, url: str) -> PageKind:
    return classify_page(html, url).kind


def test_article_that_says_it_is_a_website_with_a_numeric_url_and_no_h1() -> None:
    html = page(
        "<h1 class='logo'>Daily</h1><nav><a href='/'>Home</a></nav>"
        "<div class='story'><h2>Budget approved</h2>"
        + "".join(f"<p>{PROSE}</p>" for _ in range(3))
        + "</div><div class='more'>"
        + _teasers(6)
        + "</div>",
        og_type="website",
    )
    assert kind(html, "http://example.org/3912126") is PageKind.ARTICLE


def test_section_page_with_a_long_slug_one_h1_and_a_lying_og_type_is_a_listing() -> None:
    html = page("<h1>Văn hóa - Thể thao</h1>" + _teasers(12), og_type="article")
    verdict = classify_page(html, "http://example.org/van-hoa-the-thao/")
    assert verdict.kind is PageKind.LISTING, verdict


def test_headline_and_summary_siblings_make_a_listing_however_much_text() -> None:
    stream = "".join(
        f"<h2><a href='/a/{n}'>A headline of teaser number {n} here</a></h2><p>{PROSE}</p>"
        for n in range(10)
    )
    html = page(f"<h1>Politik und Gesellschaft</h1><div class='stream'>{stream}</div>")
    assert kind(html, "http://example.org/politik-und-gesellschaft-aktuell/") is PageKind.LISTING


def test_table_layout_article_without_metadata_and_headline_in_font() -> None:
    body = "<br><br>".join([PROSE] * 4)
    html = (
        "<html><head><title>Tin</title></head><body><table><tr><td>"
        "<a href='/list.asp?CatID=1'>Thời sự trong nước</a> | <a href='/'>Trang chủ</a>"
        "</td></tr><tr><td><font size='5'><b>Khai mạc lễ hội</b></font></td></tr>"
        f"<tr><td><font size='3'>{body}</font></td></tr></table></body></html>"
    )
    assert kind(html, "http://example.org/story.asp?NewsID=4711") is PageKind.ARTICLE


def test_article_with_several_h1_and_a_short_text() -> None:
    html = page(
        "<h1>Site</h1><h1>Short news: the bridge reopens</h1>"
        f"<p>{PROSE[:200]}</p><aside>{_teasers(3, summary=False)}</aside>",
        og_type="article",
    )
    assert kind(html, "http://example.org/lokales/article3322353.ece") is PageKind.ARTICLE


def test_a_page_that_is_neither_is_skipped_with_a_reason() -> None:
    html = page("<h1>Log in</h1><form><input name='user'><button>Go</button></form>")
    verdict = classify_page(html, "http://example.org/account/login")
    assert verdict.kind is PageKind.OTHER
    assert verdict.reason


def test_front_and_paginated_pages_are_listings_without_reading_them() -> None:
    assert classify_page("", "http://example.org/").kind is PageKind.LISTING
    assert classify_page("", "http://example.org/news/?page=3").kind is PageKind.LISTING


def test_article_url_pattern_overrides_and_everything_else_is_followed() -> None:
    pattern = re.compile(r"/stories/\d+")
    article = page(_teasers(20))  # looks like a listing, but the operator says otherwise
    assert classify_page(article, "http://x.org/stories/12", pattern).kind is PageKind.ARTICLE
    other = page("".join(f"<p>{PROSE}</p>" for _ in range(5)))
    assert classify_page(other, "http://x.org/about", pattern).kind is PageKind.LISTING


@pytest.mark.parametrize(
    ("url", "hint"),
    [
        ("http://x.org/3912126", 1),
        ("http://x.org/politik/artikel/4103", 1),
        ("http://x.org/news/2024/", 0),
        ("http://x.org/story.asp?NewsID=4711", 1),
        ("http://x.org/politik/article3322353.ece", 1),
        ("http://x.org/2024/05/03/bridge", 1),
        ("http://x.org/council-approves-the-new-budget-for-schools", 1),
        ("http://x.org/van-hoa-the-thao/", 0),
        ("http://x.org/", -1),
        ("http://x.org/index.html", -1),
        ("http://x.org/news/?page=3", -1),
        ("http://x.org/news/page/2/", -1),
    ],
)
def test_url_shape_is_one_hint(url: str, hint: int) -> None:
    assert url_hint(url) == hint


def test_every_page_of_the_odd_outlets_is_recognised() -> None:
    world = OddWorld()
    wrong = []
    for name, outlet in world.outlets.items():
        for path in outlet.listings:
            verdict = classify_page(outlet.pages[path], f"http://127.0.0.1:1{path}")
            if verdict.kind is not PageKind.LISTING:
                wrong.append((name, path, verdict))
        for article in outlet.articles:
            verdict = classify_page(outlet.pages[article.path], f"http://127.0.0.1:1{article.path}")
            if verdict.kind is not PageKind.ARTICLE:
                wrong.append((name, article.path, verdict))
    assert wrong == []
