"""Extraction stage: body, metadata, dated provenance and language on small realistic pages."""

from __future__ import annotations

import json
import pickle
import unicodedata
from datetime import UTC, datetime, timedelta, timezone

import pytest

from newsmon.extract import DateSource, ExtractedArticle, extract_article
from newsmon.extract.datetext import find_text_dates, parse_machine_date

NOW = datetime(2025, 11, 25, 12, 0, tzinfo=UTC)

EN_PARAGRAPHS = [
    "The city council voted on Tuesday to expand the tram network by twelve kilometres, "
    "ending a debate that had dragged on for more than three years.",
    "Supporters said the extension would cut commuting times for tens of thousands of "
    "residents in the eastern districts, where buses are routinely overcrowded.",
    "Opponents warned that construction would disrupt local businesses and that the "
    "budget, already revised twice, could rise again before the first rails are laid.",
    "The mayor said work would begin next spring and that the first section should open "
    "to passengers within three years, subject to the final approval of the funding plan.",
]
DE_PARAGRAPHS = [
    "Der Stadtrat hat am Dienstag beschlossen, das Straßenbahnnetz um zwölf Kilometer zu "
    "erweitern. Damit endet eine Debatte, die sich über mehr als drei Jahre hingezogen hat.",
    "Die Befürworter sagen, die Verlängerung werde die Fahrzeiten für zehntausende Menschen "
    "in den östlichen Stadtteilen verkürzen, wo die Busse regelmäßig überfüllt sind.",
    "Kritiker warnen dagegen, die Bauarbeiten würden die Geschäfte in der Innenstadt "
    "belasten und die Kosten könnten vor Baubeginn noch einmal deutlich steigen.",
]
VI_PARAGRAPHS = [
    "Hội đồng thành phố đã biểu quyết vào thứ Ba để mở rộng mạng lưới xe điện thêm mười hai "
    "cây số, kết thúc cuộc tranh luận kéo dài hơn ba năm qua.",
    "Những người ủng hộ cho rằng việc mở rộng sẽ giúp rút ngắn thời gian đi lại cho hàng chục "
    "nghìn người dân ở các quận phía đông, nơi xe buýt thường xuyên quá tải.",
    "Những người phản đối cảnh báo rằng việc xây dựng sẽ ảnh hưởng đến các cửa hàng trong "
    "khu vực và chi phí có thể tiếp tục tăng trước khi khởi công.",
]


def page(
    paragraphs: list[str],
    *,
    title: str = "Council approves tram extension",
    head: str = "",
    byline: str = "",
    lang: str = "en",
) -> str:
    """A news page with the usual furniture around the story."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<title>{title} | The Daily Example</title>
<meta property="og:site_name" content="The Daily Example">
{head}
</head><body>
<header><div class="topbar">Today: Monday</div>
<nav><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/culture">Culture</a></li></ul></nav></header>
<main><article>
<h1>{title}</h1>
<div class="byline">{byline}</div>
<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
<div class="article-body">
{body}
</div>
<aside class="newsletter"><h3>Get our newsletter</h3>
<p>Sign up for the morning briefing, delivered to your inbox every day.</p></aside>
<section class="related"><h2>Related stories</h2><ul>
<li><a href="/a">Stadium project delayed again as costs soar past forecast</a></li>
<li><a href="/b">Bus drivers announce strike over pay and working hours</a></li>
</ul></section>
</article>
<section id="comments" class="comments"><h2>Comments</h2>
<div class="comment"><p>Reader99: This tram plan is a total waste of taxpayer money!!!</p></div>
<div class="comment"><p>CityFan: Finally, I have waited ten years for this tram.</p></div>
</section></main>
<footer><p>© 2025 The Daily Example. All rights reserved.</p>
<a href="/privacy">Privacy policy</a> <a href="/contact">Contact us</a></footer>
</body></html>"""


def jsonld(data: dict[str, object]) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


# --- body -------------------------------------------------------------------------------


def test_body_keeps_story_and_drops_furniture() -> None:
    article = extract_article(page(EN_PARAGRAPHS), "https://example.com/news/tram", now=NOW)
    for paragraph in EN_PARAGRAPHS:
        assert paragraph in article.text
    furniture = ("Politics", "Share on Facebook", "Sign up for the morning briefing",
                 "Stadium project delayed", "waste of taxpayer money",
                 "I have waited ten years", "All rights reserved", "Privacy policy")  # fmt: skip
    for snippet in furniture:
        assert snippet not in article.text, snippet
    # one paragraph per block, separated by a blank line
    assert article.text.split("\n\n") == EN_PARAGRAPHS


def test_furniture_inside_article_container_is_dropped() -> None:
    inside = [
        "Council approves tram extension",
        "By Jane Doe",
        EN_PARAGRAPHS[0],
        "Advertisement",
        EN_PARAGRAPHS[1],
        "Read more: Stadium project delayed again as costs soar",
        EN_PARAGRAPHS[2],
        "Follow us on Facebook, Twitter and Instagram.",
        EN_PARAGRAPHS[3],
        "Copyright 2025 The Daily Example. All rights reserved.",
    ]
    article = extract_article(page(inside), "https://example.com/news/tram", now=NOW)
    assert article.text.split("\n\n") == EN_PARAGRAPHS


def test_text_is_nfc_even_from_nfd_page() -> None:
    html = unicodedata.normalize("NFD", page(VI_PARAGRAPHS, title="Mở rộng tuyến xe điện"))
    assert not unicodedata.is_normalized("NFC", html)
    article = extract_article(html, "https://vnexample.vn/tin/xe-dien.html", now=NOW)
    assert article.text
    assert unicodedata.is_normalized("NFC", article.text)
    assert unicodedata.normalize("NFC", VI_PARAGRAPHS[0]) in article.text
    assert article.title == unicodedata.normalize("NFC", "Mở rộng tuyến xe điện")


def test_windows_1258_style_combining_marks_are_composed() -> None:
    # windows-1258 decodes "ế" as "ê" + U+0301 (combining acute): NFC must recompose it
    decomposed = "Kinh te\u0302\u0301 Vie\u0323\u0302t Nam tăng trưởng"
    paragraphs = [f"{decomposed} mạnh trong quý ba. {VI_PARAGRAPHS[0]}", *VI_PARAGRAPHS[1:]]
    article = extract_article(page(paragraphs, lang="vi"), "https://vn.example/a", now=NOW)
    assert "Kinh tế Việt Nam tăng trưởng" in article.text
    assert "\u0301" not in article.text


# --- dates ------------------------------------------------------------------------------


def test_jsonld_date_keeps_offset_and_minute() -> None:
    head = jsonld({"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "Example"},
        {"@type": "NewsArticle", "headline": "Council approves tram extension",
         "datePublished": "2025-11-20T08:30:00+07:00", "dateModified": "2025-11-20T09:15:00+07:00"},
    ]})  # fmt: skip
    article = extract_article(page(EN_PARAGRAPHS, head=head), "https://example.com/x", now=NOW)
    assert article.date_source is DateSource.json_ld
    assert article.published == datetime(2025, 11, 20, 8, 30, tzinfo=timezone(timedelta(hours=7)))
    assert article.published is not None and article.published.utcoffset() == timedelta(hours=7)
    assert article.modified == datetime(2025, 11, 20, 2, 15, tzinfo=UTC)


def test_vietnamese_visible_date_uses_source_timezone() -> None:
    html = page(VI_PARAGRAPHS, title="Mở rộng tuyến xe điện", byline="Thứ Năm, 20/11/2025 08:30")
    article = extract_article(
        html, "https://vnexample.vn/tin/xe-dien.html", timezone="Asia/Ho_Chi_Minh", now=NOW
    )
    assert article.date_source is DateSource.visible_text
    assert article.published == datetime(2025, 11, 20, 1, 30, tzinfo=UTC)
    assert article.published is not None and article.published.utcoffset() == timedelta(hours=7)


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("18. November 2025, 14:05 Uhr", datetime(2025, 11, 18, 13, 5, tzinfo=UTC)),  # CET
        ("Stand: 18.07.2025 14:05 Uhr", datetime(2025, 7, 18, 12, 5, tzinfo=UTC)),  # CEST
    ],
)
def test_german_visible_date_is_dst_correct(byline: str, expected: datetime) -> None:
    html = page(DE_PARAGRAPHS, title="Stadtrat beschließt Straßenbahn", byline=byline, lang="de")
    article = extract_article(html, "https://zeitung.example/a", timezone="Europe/Berlin", now=NOW)
    assert article.date_source is DateSource.visible_text
    assert article.published == expected


@pytest.mark.parametrize(
    ("text", "tz", "expected"),
    [
        ("20/11/2025 - 08:30 (GMT+7)", "UTC", datetime(2025, 11, 20, 1, 30, tzinfo=UTC)),
        ("08:30 20/11/2025", "Asia/Ho_Chi_Minh", datetime(2025, 11, 20, 1, 30, tzinfo=UTC)),
        ("ngày 20 tháng 11 năm 2025", "Asia/Ho_Chi_Minh",
         datetime(2025, 11, 19, 17, 0, tzinfo=UTC)),
        ("18.11.2025, 14:05 Uhr", "Europe/Berlin", datetime(2025, 11, 18, 13, 5, tzinfo=UTC)),
        ("November 17, 2025 9:15 AM", "America/New_York",
         datetime(2025, 11, 17, 14, 15, tzinfo=UTC)),
        ("17 Nov 2025 09:15 GMT", "Europe/Berlin", datetime(2025, 11, 17, 9, 15, tzinfo=UTC)),
    ],
)  # fmt: skip
def test_visible_date_formats(text: str, tz: str, expected: datetime) -> None:
    found = find_text_dates(text, tz)
    assert found and found[0].value == expected


def test_machine_date_formats() -> None:
    assert parse_machine_date("2025-11-20T08:30:00Z", "UTC") == datetime(
        2025, 11, 20, 8, 30, tzinfo=UTC
    )
    naive = parse_machine_date("2025-03-30 12:00", "Europe/Berlin")  # the day DST starts
    assert naive is not None and naive.utcoffset() == timedelta(hours=2)
    assert parse_machine_date("Thu, 20 Nov 2025 08:30:00 +0700", "UTC") == datetime(
        2025, 11, 20, 1, 30, tzinfo=UTC
    )
    assert parse_machine_date("not a date", "UTC") is None


def test_future_jsonld_date_is_rejected_for_next_source() -> None:
    head = jsonld({"@type": "NewsArticle", "datePublished": "2025-12-24T10:00:00+01:00"})
    head += '<meta property="article:published_time" content="2025-11-24T09:00:00+01:00">'
    article = extract_article(page(EN_PARAGRAPHS, head=head), "https://example.com/x", now=NOW)
    assert article.date_source is DateSource.meta
    assert article.published == datetime(2025, 11, 24, 8, 0, tzinfo=UTC)


def test_feed_date_then_url_fallbacks() -> None:
    html = page(EN_PARAGRAPHS)  # no date anywhere in the page
    url = "https://example.com/2025/11/17/council-approves-tram"
    from_feed = extract_article(
        html, url, timezone="Europe/Berlin", feed_date=datetime(2025, 11, 17, 18, 45), now=NOW
    )
    assert from_feed.date_source is DateSource.feed
    assert from_feed.published == datetime(2025, 11, 17, 17, 45, tzinfo=UTC)  # naive -> Berlin

    future_feed = datetime(2026, 1, 1, tzinfo=UTC)
    from_url = extract_article(html, url, timezone="Europe/Berlin", feed_date=future_feed, now=NOW)
    assert from_url.date_source is DateSource.url
    assert from_url.published == datetime(2025, 11, 16, 23, 0, tzinfo=UTC)

    slug = extract_article(html, "https://example.com/news/tram-2025-11-18.html", now=NOW)
    assert slug.date_source is DateSource.url
    assert slug.published is not None and slug.published.date().isoformat() == "2025-11-18"

    nothing = extract_article(html, "https://example.com/news/tram", now=NOW)
    assert nothing.published is None and nothing.date_source is None


# --- language ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraphs", "wrong_hint", "expected"),
    [(VI_PARAGRAPHS, "en", "vi"), (DE_PARAGRAPHS, "vi", "de"), (EN_PARAGRAPHS, "de", "en")],
)
def test_language_from_text_not_hint(paragraphs: list[str], wrong_hint: str, expected: str) -> None:
    article = extract_article(
        page(paragraphs, lang=wrong_hint), "https://example.com/a", language_hint=wrong_hint,
        now=NOW,
    )  # fmt: skip
    assert article.language == expected


def test_language_hint_used_for_too_little_text() -> None:
    html = "<html><body><h1>Tin nhanh</h1><p>Xem video.</p></body></html>"
    assert extract_article(html, "https://example.vn/", language_hint="vi-VN").language == "vi"


# --- metadata ---------------------------------------------------------------------------


def test_metadata_fields() -> None:
    head = (
        '<link rel="canonical" href="/news/2025/tram-extension">'
        '<meta property="og:url" content="https://other.example/ignored">'
        '<meta property="og:title" content="Council approves tram extension">'
        '<meta property="og:image" content="/img/tram.jpg">'
        '<meta property="og:description" content="Twelve more kilometres of track.">'
        '<meta property="article:section" content="Local">'
        '<meta property="article:tag" content="Transport">'
        '<meta property="article:tag" content="City council">'
        + jsonld({"@type": "NewsArticle", "author": "By Jane Doe and John Roe, Reuters"})
    )
    article = extract_article(
        page(EN_PARAGRAPHS, head=head), "https://www.example.com/news/tram?utm_source=x", now=NOW
    )
    assert article.title == "Council approves tram extension"  # not "... | The Daily Example"
    assert article.canonical_url == "https://www.example.com/news/2025/tram-extension"
    assert article.image == "https://www.example.com/img/tram.jpg"
    assert article.description == "Twelve more kilometres of track."
    assert article.section == "Local"
    assert article.tags == ("Transport", "City council")
    assert article.authors == ("Jane Doe", "John Roe", "Reuters")


def test_og_url_fallback_and_meta_authors_split() -> None:
    head = (
        '<meta property="og:url" content="//zeitung.example/artikel/123">'
        '<meta name="author" content="Von Anna Müller, Jörg Schmidt und Lena Weber">'
    )
    article = extract_article(
        page(DE_PARAGRAPHS, head=head, lang="de"), "https://zeitung.example/a?x=1", now=NOW
    )
    assert article.canonical_url == "https://zeitung.example/artikel/123"
    assert article.authors == ("Anna Müller", "Jörg Schmidt", "Lena Weber")


def test_title_tag_site_suffix_removed_without_og_title() -> None:
    html = page(EN_PARAGRAPHS).replace("<h1>Council approves tram extension</h1>", "")
    article = extract_article(html, "https://example.com/x", now=NOW)
    assert article.title == "Council approves tram extension"


# --- robustness -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   ",
        "not html at all",
        "<html><body><div><p>unclosed <b>tags <table><tr><td>cell",
        "\x00\x01\x02<html>\x0b<body>\ufffd</body>",
        "<?xml version='1.0' encoding='utf-8'?><html><body><p>x</p></body></html>",
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": [}</script></head><body></body></html>',
        "<html><head><meta property='og:url' content='http://[::1'></head></html>",
    ],
)
def test_malformed_or_empty_pages_do_not_raise(html: str) -> None:
    article = extract_article(html, "https://example.com/broken", now=NOW)
    assert isinstance(article, ExtractedArticle)
    assert article.url == "https://example.com/broken"
    assert len(article.text) < 50


def test_result_pickles_for_process_pool() -> None:
    html = page(DE_PARAGRAPHS, byline="18. November 2025, 14:05 Uhr", lang="de")
    article = extract_article(html, "https://zeitung.example/a", timezone="Europe/Berlin")
    assert article.published is not None  # carries a ZoneInfo tzinfo
    clone = pickle.loads(pickle.dumps(article))
    assert clone == article
    assert clone.published is not None and clone.published.utcoffset() == timedelta(hours=1)
