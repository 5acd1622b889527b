"""Text that is the article: furniture goes by structure, real content stays (vi/de/en)."""

from __future__ import annotations

from datetime import UTC, datetime

import lxml.html
import pytest

from newsmon.extract import extract_article
from newsmon.extract.metadata import clean_author
from newsmon.extract.structure import remove_furniture, scan
from newsmon.query.snippets import make_snippet, shorten
from tests.test_extraction import DE_PARAGRAPHS, EN_PARAGRAPHS, VI_PARAGRAPHS

NOW = datetime(2025, 11, 25, 12, 0, tzinfo=UTC)


def extract(body: str, url: str = "https://news.example/2025/11/20/tram-network-story") -> str:
    html = (
        "<!doctype html><html><head><meta charset='utf-8'><title>Tram network grows</title>"
        "</head><body><header><nav><a href='/'>Home</a><a href='/politik/'>Politik und "
        f"Gesellschaft</a></nav></header><main><article>{body}</article></main>"
        "<footer><a href='/impressum'>Impressum</a></footer></body></html>"
    )
    return extract_article(html, url, now=NOW).text


def paragraphs(items: list[str]) -> str:
    return "".join(f"<p>{p}</p>" for p in items)


@pytest.mark.parametrize(
    ("items", "form"),
    [
        (
            VI_PARAGRAPHS,
            "<div class='box-comment'><h4>Ý kiến bạn đọc</h4>"
            "<p>Bình luận của bạn sẽ được biên tập trước khi đăng.</p>"
            "<textarea name='c'></textarea><button>Gửi</button></div>",
        ),
        (
            DE_PARAGRAPHS,
            "<form action='/k'><h4>Kommentar schreiben</h4><p>Ihr Kommentar wird vor der "
            "Veröffentlichung geprüft.</p><textarea></textarea></form>",
        ),
        (
            EN_PARAGRAPHS,
            "<div class='signup'><p>Get the morning briefing in your inbox every day.</p>"
            "<input type='email' name='e'><button>Sign me up</button></div>",
        ),
        (
            EN_PARAGRAPHS,
            "<div class='nl'><div><h3>Morning briefing</h3><p>Get the morning briefing in your "
            "inbox every day.</p><form><input type='email'></form></div>"
            "<div hidden><p>Thanks for signing up!</p></div></div>",
        ),
    ],
)
def test_comment_and_newsletter_boxes_go_with_their_text_field(items: list[str], form: str) -> None:
    text = extract(paragraphs(items) + form)
    assert items[-1] in text
    for gone in ("Bình luận của bạn", "Kommentar", "briefing in your inbox", "signing up"):
        assert gone not in text


def test_captions_and_credits_go_data_tables_stay() -> None:
    body = (
        paragraphs(EN_PARAGRAPHS[:2])
        + "<figure><img src='a.jpg'><figcaption>The tram depot at dawn. Photo: Jane Roe"
        "</figcaption></figure>" + "<table align='center'><tr><td><img src='b.jpg'></td></tr>"
        "<tr><td>Quang cảnh sự kiện. Ảnh: Minh Anh</td></tr></table>"
        + paragraphs(EN_PARAGRAPHS[2:])
        + "<table><tr><th>Date</th><th>Change</th></tr><tr><td>1/1/2013</td><td>+13.1%</td>"
        "</tr><tr><td>1/1/2014</td><td>-2.4%</td></tr></table>"
    )
    text = extract(body)
    assert "tram depot at dawn" not in text and "Quang cảnh" not in text
    assert "1/1/2013" in text and "+13.1%" in text and "1/1/2014" in text


def test_a_form_holding_the_whole_article_is_kept() -> None:
    """ASP.NET wraps every page in a <form> (with a search field): not a comment box."""
    wrapped = f"<form id='aspnetForm'><input type='hidden' name='v'>{paragraphs(EN_PARAGRAPHS)}"
    wrapped += "<input type='text' name='search'></form>"
    assert EN_PARAGRAPHS[0] in extract(wrapped)


def test_section_label_and_repeated_headline_at_the_top_go() -> None:
    body = (
        "<a class='kicker' href='/politik/'>Politik und Gesellschaft</a>"
        "<div class='headline'>Tram network grows</div>" + paragraphs(DE_PARAGRAPHS)
    )
    text = extract(body)
    assert text.startswith(DE_PARAGRAPHS[0][:40]), text[:120]


def test_a_more_from_section_with_its_list_is_content() -> None:
    body = (
        paragraphs(EN_PARAGRAPHS) + "<h2>More from Cornell on the tram study</h2><ul>"
        "<li>Researchers counted passengers at forty stops over two winters.</li>"
        "<li>The study found that waiting times fell by a third on extended lines.</li></ul>"
    )
    text = extract(body)
    assert "More from Cornell on the tram study" in text
    assert "waiting times fell by a third" in text


def test_a_paragraph_that_is_only_a_link_to_another_story_goes() -> None:
    body = (
        paragraphs(EN_PARAGRAPHS[:2])
        + "<p><strong><a href='/2025/11/19/stadium'>STADIUM PROJECT DELAYED AGAIN AS COSTS"
        " SOAR</a></strong></p>"
        + paragraphs(EN_PARAGRAPHS[2:3])
        + "<p><a href='https://transport.example/report'>https://transport.example/report</a></p>"
        + paragraphs(EN_PARAGRAPHS[3:])
    )
    text = extract(body)
    assert "STADIUM PROJECT" not in text
    assert EN_PARAGRAPHS[1] in text and EN_PARAGRAPHS[2] in text
    assert "https://transport.example/report" in text  # a written-out source stays


def test_a_list_of_headline_links_goes_with_its_title() -> None:
    body = (
        paragraphs(DE_PARAGRAPHS[:2]) + "<div class='box'><h3>Auch interessant für Pendler</h3><ul>"
        "<li><a href='/a'>Neue Buslinie verbindet die Vororte mit dem Hauptbahnhof</a> Ab "
        "Montag alle zehn Minuten.</li><li><a href='/b'>Fahrpreise steigen im Januar um "
        "durchschnittlich vier Prozent</a> Der Verbund begründet das mit Kosten.</li>"
        "<li><a href='/c'>Baustelle am Ring: Umleitungen bis Ende März</a> Autofahrer "
        "brauchen Geduld.</li></ul></div>"
        + paragraphs(DE_PARAGRAPHS[2:])
        + "<ul><li>Zwölf Kilometer neue Gleise</li><li>Drei neue Haltestellen im Osten</li></ul>"
    )
    text = extract(body)
    assert "Neue Buslinie" not in text and "Auch interessant für Pendler" not in text
    assert DE_PARAGRAPHS[-1] in text and "Drei neue Haltestellen im Osten" in text


def test_the_title_just_above_a_headline_list_goes_with_it() -> None:
    items = "".join(
        f"<li><a href='/news/{i}'>Headline number {i} about the tram, the bus and the ring</a></li>"
        for i in range(3)
    )
    body = (
        f"<div class='news'><h4>Top stories today</h4><div class='wrap'><ul>{items}</ul></div>"
        + paragraphs(EN_PARAGRAPHS)
        + "</div>"
    )
    text = extract(body)
    assert "Top stories today" not in text and "Headline number" not in text
    assert text.split("\n\n") == EN_PARAGRAPHS


def test_a_long_side_box_beside_a_longer_story_goes() -> None:
    facts = (
        "<div role='complementary'><h3>Facts about trams</h3>"
        + paragraphs(VI_PARAGRAPHS)
        + "</div>"
    )
    story = EN_PARAGRAPHS * 3
    text = extract(paragraphs(story[:6]) + facts + paragraphs(story[6:]))
    assert "Hội đồng" not in text and "Facts about trams" not in text
    assert EN_PARAGRAPHS[-1] in text


def test_a_list_of_cards_each_wrapped_in_one_link_goes() -> None:
    blurb = (
        "An official said that with the elections close the risk remains high, and that "
        "the island's defence planners had been told to prepare for every scenario. "
    ) * 3
    cards = "".join(
        f"<li><a href='/news/{i}'><div><h3>Headline number {i} of the day</h3><p>{blurb}</p>"
        "</div></a></li>"
        for i in range(4)
    )
    text = extract(
        paragraphs(EN_PARAGRAPHS[:2]) + f"<ul>{cards}</ul>" + paragraphs(EN_PARAGRAPHS[2:])
    )
    assert "defence planners" not in text and EN_PARAGRAPHS[-1] in text


def test_articles_nested_in_the_story_are_related_posts() -> None:
    """HTML's nested <article> is content related to the outer one (teasers, comments)."""
    teaser = (
        "<article class='post'><h3>Gratitude lives in the details</h3><p>Gratitude for "
        "life is in the small things: the smile at waking, the prayer of thanks, the walk "
        "home. Happiness comes from within and grows when it is shared.</p></article>"
    )
    text = extract(paragraphs(EN_PARAGRAPHS) + teaser * 2)
    assert EN_PARAGRAPHS[-1] in text and "Gratitude" not in text


def test_lines_above_the_repeated_headline_go() -> None:
    """What the extractor put above the <h1> (a banner, the page's address) is not the story."""
    html = (
        "<!doctype html><html><head><title>Cat found after five years | Example News</title>"
        "</head><body><div class='story'><p>16-inch laptop now available in stores</p>"
        "<p>https://news.example/cat-found-after-five-years</p>"
        "<h1>Cat found in New Mexico after going missing in Oregon</h1>"
        + paragraphs(EN_PARAGRAPHS)
        + "</div></body></html>"
    )
    text = extract_article(html, "https://news.example/cat-found-after-five-years", now=NOW).text
    assert text.split("\n\n") == EN_PARAGRAPHS


def test_ruby_annotations_become_inline_text() -> None:
    """Furigana over a name: the extractor does not know <ruby> and splits the sentence
    around it (on the page's cascade path), so ruby is turned into plain inline spans."""
    tree = lxml.html.fromstring(
        "<html><body><p>韓国の <ruby><rb>尹錫悦</rb><rp>（</rp><rt>ユンソンニョル</rt><rp>）"
        "</rp></ruby> 大統領は３日夜、緊急談話を出した。</p></body></html>"
    )
    remove_furniture(scan(tree))
    paragraph = tree.find(".//p")
    assert {e.tag for e in paragraph.iter()} == {"p", "span"}
    assert (
        paragraph.text_content()
        == "韓国の 尹錫悦（ユンソンニョル） 大統領は３日夜、緊急談話を出した。"
    )


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("Chloe Barnes, Posted", ["Chloe Barnes"]),
        ("By Jane Doe Updated 5 minutes ago", ["Jane Doe"]),
        ("Nguyễn Văn An, cập nhật lúc 10:00", ["Nguyễn Văn An"]),
        ("Posted by Tom Lee", ["Tom Lee"]),
        ("Nguyễn Hải Đăng", ["Nguyễn Hải Đăng"]),
        ("Anna Stand", ["Anna Stand"]),
    ],
)
def test_author_names_without_trailing_labels(raw: str, names: list[str]) -> None:
    assert clean_author(raw) == names


def test_leads_and_snippets_end_at_a_word() -> None:
    text = "Thành phố Huế được UNESCO công nhận là thành phố học tập toàn cầu năm nay."
    short = shorten(text, 50)
    assert short.endswith("…") and text.startswith(short[:-1])
    assert short[:-1].split()[-1] in text.split()
    snippet = make_snippet(text * 4, ["học tập"], width=60).text
    assert snippet.rstrip("…").split()[-1] in text.split()


def test_a_run_of_timestamps_is_data_but_a_lone_dateline_goes() -> None:
    log = "".join(f"<p>2013-01-0{day} 12:00:0{day}</p>" for day in range(1, 4))
    text = extract("<p>Stand: 22.04.2024, 06:00 Uhr</p>" + paragraphs(EN_PARAGRAPHS[:2]) + log)
    assert "Stand:" not in text
    assert all(f"2013-01-0{day} 12:00:0{day}" in text for day in range(1, 4))
    text = extract(paragraphs(EN_PARAGRAPHS) + "<p>Updated at 1:23 p.m.</p>")
    assert "Updated" not in text and text.endswith(EN_PARAGRAPHS[-1])


def test_a_lead_cut_inside_a_word_by_the_site_ends_at_a_whole_word() -> None:
    first = VI_PARAGRAPHS[0]
    cut = next(i for i in range(80, len(first)) if first[i - 1].isalpha() and first[i].isalpha())
    lead = first[:cut]  # the site's og:description: the first characters, cut inside a word
    html = (
        f"<html><head><meta property='og:description' content='{lead}...'></head><body>"
        f"<article><h1>Xe điện</h1>{paragraphs(VI_PARAGRAPHS)}</article></body></html>"
    )
    description = extract_article(html, "https://tin.example/xe-dien-mo-rong-12345", now=NOW)
    assert description.description is not None
    shown = description.description.removesuffix("…")
    assert description.description.endswith("…") and VI_PARAGRAPHS[0].startswith(shown)
    assert VI_PARAGRAPHS[0][len(shown)] == " "


STORY = [
    "The harbour authority opened its new ferry terminal on Monday after four years of "
    "building, and the first boats left for the islands before sunrise with full decks.",
    "Engineers had to drive more than six hundred piles into the soft clay of the old "
    "quay, a job that took twice as long as planned after a wet winter and two floods.",
    "Ticket prices stay the same for residents, the authority said, while visitors will "
    "pay a small surcharge in summer to cover the cost of the extra evening crossings.",
    "Shop owners near the old pier fear that fewer passengers will walk past their doors "
    "now that the buses stop right in front of the new building on the eastern side.",
    "The old terminal will be turned into a market hall, and the city plans to open a "
    "competition for its design in the spring, with a jury of residents and architects.",
    "Islanders welcomed the earlier first crossing, which lets commuters reach the city "
    "before eight o'clock for the first time since the service began in the sixties.",
]


def chunked_page(between: str) -> str:
    """A long story cut into three chunks, each in its own cell of a layout grid."""
    chunks = [STORY[0:2], STORY[2:4], STORY[4:6]]
    cells = between.join(
        f"<div class='grid-cell'><div class='article-body'>{paragraphs(chunk)}</div></div>"
        for chunk in chunks
    )
    return (
        "<!doctype html><html><head><title>Ferry terminal opens</title></head><body>"
        "<header><nav><a href='/'>Home</a></nav></header><main>"
        f"<h1>Ferry terminal opens</h1>{cells}</main></body></html>"
    )


def test_a_story_cut_into_chunks_between_ads_is_read_whole() -> None:
    ad = (
        "<div class='grid-cell'><div class='promo'><a href='/shop'>Subscribe now and read "
        "everything</a></div></div>"
    )
    text = extract_article(chunked_page(ad), "https://news.example/ferry-terminal", now=NOW).text
    assert text.split("\n\n") == STORY


def test_the_next_story_under_its_own_headline_is_not_joined() -> None:
    """Pages that scroll on append the next story in the same markup, under a new <h1>."""
    html = chunked_page("<h1>Next story: the bridge closes for repairs</h1>")
    text = extract_article(html, "https://news.example/ferry-terminal", now=NOW).text
    assert STORY[0] in text and STORY[5] not in text


def test_blocks_repeated_from_one_template_are_placeholders() -> None:
    placeholder = (
        "<div class='ext-box'><p>External content not available. Your privacy "
        "settings prevent loading it; allow it in the privacy settings.</p></div>"
    )
    question = "<p>What did the council decide about the funding plan in the end?</p>"
    body = ""
    for item in EN_PARAGRAPHS:
        body += paragraphs([item]) + placeholder + question
    text = extract(body)
    assert "External content" not in text
    assert text.count("What did the council decide") == len(EN_PARAGRAPHS)
    assert all(item in text for item in EN_PARAGRAPHS)
