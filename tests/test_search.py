"""Archive search: the topic-rule language on FTS5 and tsquery, diacritics, German, ranking."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from newsmon.extract.model import DateSource, ExtractedArticle
from newsmon.search.engine import SearchError, SearchFilters, facets, search
from newsmon.search.reindex import reindex
from newsmon.stories.repository import ArticlePage, save_article

SEEN = datetime(2025, 11, 21, 9, 0, tzinfo=UTC)
FILLER = "Tin tức trong ngày được cập nhật liên tục cho bạn đọc."


def save(
    archive: Engine,
    slug: str,
    text: str,
    *,
    title: str = "Tin",
    language: str = "vi",
    source: str = "thoidai",
    published: datetime = SEEN,
    url: str | None = None,
) -> int:
    article = ExtractedArticle(
        url=url or f"https://{source}.example/{slug}.html",
        text=text,
        title=title,
        published=published,
        date_source=DateSource.json_ld,
        language=language,
    )
    page = ArticlePage(source=source, article=article, seen_at=published)
    return save_article(archive, page).story_id


def ids(archive: Engine, query: str, filters: SearchFilters | None = None, **kw: int) -> list[int]:
    return [hit.story.id for hit in search(archive, query, filters, **kw)]  # type: ignore[misc]


def found(archive: Engine, query: str) -> set[int]:
    return set(ids(archive, query, limit=100))


def test_diacritics_are_optional_both_ways(archive: Engine) -> None:
    accented = save(archive, "hoc-tap", "Đà Nẵng trở thành thành phố học tập của khu vực.")
    plain = save(archive, "plain", "Da Nang va Hue: thanh pho hoc tap moi.", source="khongdau")
    save(archive, "other", "Hội An đón khách du lịch mùa hè.")
    assert found(archive, "thanh pho hoc tap") == {accented, plain}
    assert found(archive, "thành phố học tập") == {accented, plain}
    assert found(archive, "da nang") == {accented, plain}
    assert found(archive, "Đà Nẵng") == {accented, plain}
    assert found(archive, "ĐÀ NẴNG") == {accented, plain}
    hit = search(archive, "da nang", SearchFilters(sources=["thoidai"]))[0]
    assert "[Đà Nẵng]" in hit.snippet.marked()


def test_german_umlaut_spellings_find_each_other(archive: Engine) -> None:
    umlaut = save(archive, "a", "Die Städte an der Straße wachsen.", language="de")
    digraph = save(archive, "b", "Die Staedte an der Strasse wachsen.", language="de")
    for query in ("Städte", "Staedte", "stadte", "Straße", "Strasse", '"staedte an der strasse"'):
        assert found(archive, query) == {umlaut, digraph}, query
    hits = {h.story.id: h for h in search(archive, "Staedte")}
    assert "[Städte]" in hits[umlaut].snippet.marked()
    assert "[Staedte]" in hits[digraph].snippet.marked()
    by_id = {h.story.id: h for h in search(archive, "Strasse")}
    assert "[Straße]" in by_id[umlaut].snippet.marked()


def test_digraphs_are_not_collapsed_outside_german(archive: Engine) -> None:
    nguyen = save(archive, "n", "Ông Nguyễn Văn A phát biểu.", language="vi")
    assert found(archive, "nguyen") == {nguyen}
    assert found(archive, "ngun") == set()  # German-only collapsing does not touch Vietnamese


def test_phrases_words_boolean_operators_and_prefixes(archive: Engine) -> None:
    adjacent = save(archive, "a", "Hà Nội là thành phố học tập suốt đời.")
    apart = save(archive, "b", "Thành phố Huế mở lớp học tập cho người lớn.")
    other = save(archive, "c", "Giá vàng tăng mạnh trong tuần.")
    assert found(archive, "thanh pho hoc tap") == {adjacent, apart}
    assert found(archive, '"thanh pho hoc tap"') == {adjacent}
    assert found(archive, "vang OR hue") == {apart, other}
    assert found(archive, "thanh pho NOT hue") == {adjacent}
    assert found(archive, "thanh pho -hue") == {adjacent}
    assert found(archive, "NOT hoc") == {other}
    assert found(archive, "hu*") == {apart}
    assert found(archive, '"hoc ta*"') == {adjacent, apart}
    assert found(archive, "(vang OR noi) AND tang") == {other}


def test_near_distance_and_onear_order(archive: Engine) -> None:
    close = save(archive, "a", "Lernende Stadt Köln plant viel.", language="de")
    far = save(archive, "b", "Die lernende und offene, schöne Stadt Bonn.", language="de")
    reverse = save(archive, "c", "Die Stadt ist eine lernende Gemeinschaft.", language="de")
    assert found(archive, "lernende NEAR/0 stadt") == {close}
    assert found(archive, "lernende NEAR/2 stadt") == {close, reverse}
    assert found(archive, "lernende NEAR/3 stadt") == {close, far, reverse}
    assert found(archive, "lernende ONEAR/3 stadt") == {close, far}
    assert found(archive, "stadt ONEAR/2 lernende") == {reverse}
    assert found(archive, "(koln OR bonn) NEAR/1 stadt") == {close, far}
    assert found(archive, "lernende NEAR/20 stadt NOT (stadt ONEAR/2 lernende)") == {close, far}
    assert found(archive, "(lernende NEAR/0 stadt) NEAR/0 koln") == {close}


def test_onear_pages_are_filled_from_verified_candidates(archive: Engine) -> None:
    # Reversed order matches NEAR but not ONEAR: the engine's superset ranks them first.
    for n in range(6):
        save(archive, f"r{n}", "stadt lernende stadt lernende stadt lernende " + FILLER)
    wanted = [save(archive, f"w{n}", f"lernende stadt {FILLER} {n}") for n in range(3)]
    assert found(archive, "lernende ONEAR/0 stadt") >= set(wanted)
    assert len(found(archive, "stadt ONEAR/0 lernende")) == 6
    only = {
        save(archive, f"o{n}", f"alpha beta {FILLER}" if n < 3 else f"beta alpha {FILLER}")
        for n in range(8)
    }
    ordered = ids(archive, "alpha ONEAR/0 beta", limit=2)
    rest = ids(archive, "alpha ONEAR/0 beta", limit=2, offset=2)
    assert len(ordered) == 2 and len(rest) == 1
    assert set(ordered + rest) <= only and len(set(ordered + rest)) == 3
    counted = facets(archive, "alpha ONEAR/0 beta")
    assert counted.total == 3 and counted.exact


def test_title_field(archive: Engine) -> None:
    titled = save(archive, "a", "Bài viết về giáo dục.", title="Hà Nội học tập")
    body = save(archive, "b", "Hà Nội học tập suốt đời.", title="Giáo dục")
    assert found(archive, "ha noi") == {titled, body}
    assert found(archive, "title:(ha noi)") == {titled}
    assert found(archive, 'title:"ha noi" OR giao') == {titled, body}


def test_language_and_source_filters_in_query_and_filters(archive: Engine) -> None:
    vi = save(archive, "a", "UNESCO công nhận Hà Nội.")
    de = save(archive, "b", "UNESCO ehrt Köln.", language="de", source="rheinblatt")
    assert found(archive, "unesco") == {vi, de}
    assert found(archive, "unesco lang:de") == {de}
    assert found(archive, "unesco source:thoidai") == {vi}
    assert found(archive, "lang:de OR noi") == {vi, de}
    assert found(archive, "unesco -lang:de") == {vi}
    assert ids(archive, "unesco", SearchFilters(languages=["vi"])) == [vi]
    assert ids(archive, "unesco", SearchFilters(sources=["rheinblatt"])) == [de]
    late = SearchFilters(since=SEEN + timedelta(days=1))
    assert ids(archive, "unesco", late) == []
    assert ids(archive, "unesco", SearchFilters(until=SEEN + timedelta(days=1))) != []


def test_ranking_title_above_body_and_more_occurrences_higher(archive: Engine) -> None:
    body_once = save(archive, "a", f"Học tập {FILLER} {FILLER}", title="Tin sáng")
    in_title = save(archive, "b", f"Học tập {FILLER} {FILLER}", title="Học tập")
    body_often = save(archive, "c", f"Học tập, học tập, học tập. {FILLER}", title="Tin chiều")
    hits = search(archive, "hoc tap")
    assert [h.story.id for h in hits] == [in_title, body_often, body_once]
    assert hits[0].rank <= hits[1].rank <= hits[2].rank  # lower is better on both engines


def test_one_hit_per_story_and_offset_paging(archive: Engine) -> None:
    text = "Quyết định được công bố tại Paris về thành phố học tập. " * 5
    story = save(archive, "a", text, url="https://thoidai.example/a.html")
    again = save(archive, "a2", text, url="https://thoidai.example/a.html?utm=x")
    assert again == story
    hits = search(archive, "paris")
    assert len(hits) == 1 and len(hits[0].urls) == 2
    many = [save(archive, f"p{n}", f"Paris {FILLER} {n}") for n in range(5)]
    everything = ids(archive, "paris", limit=10)
    assert set(everything) == {story, *many}
    paged = ids(archive, "paris", limit=2) + ids(archive, "paris", limit=2, offset=2)
    paged += ids(archive, "paris", limit=2, offset=4)
    assert paged == everything


def test_facets_count_each_facet_without_its_own_filter(archive: Engine) -> None:
    save(archive, "a", "UNESCO công nhận Hà Nội.")
    save(archive, "b", "UNESCO vinh danh Huế.")
    save(archive, "c", "UNESCO ehrt Köln.", language="de", source="rheinblatt")
    save(archive, "d", "Giá vàng tăng.")
    counted = facets(archive, "unesco", SearchFilters(sources=["thoidai"]))
    assert counted.total == 2
    assert counted.sources == {"thoidai": 2, "rheinblatt": 1}
    assert counted.languages == {"vi": 2}


def test_broad_queries_rank_the_newest_matches_and_cap_facet_counts(
    archive: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Documented bounds that keep a common word fast on a large archive."""
    import newsmon.search.engine as search_module

    stories = [save(archive, f"w{n}", f"Hội nghị {FILLER} {n}") for n in range(8)]
    strong_but_old = stories[0]
    save(archive, "title", "Hội nghị hội nghị hội nghị.", title="Hội nghị")  # newest, strongest
    monkeypatch.setitem(search_module.RANK_WINDOW, archive.dialect.name, 4)
    monkeypatch.setattr(search_module, "FACET_LIMIT", 6)
    window = ids(archive, "hoi nghi", limit=20)
    assert len(window) == 4 and strong_but_old not in window  # only the newest 4 are ranked
    assert window[0] == max(window)  # the title hit leads them
    counted = facets(archive, "hoi nghi")
    assert (counted.total, counted.exact) == (6, False)  # "6+"
    assert facets(archive, '"hoi nghi" -tin').exact  # 1 match: counted exactly


def test_phrases_match_adjacent_words_only(archive: Engine) -> None:
    """Phrases run on word-pair tokens: words apart, or across title and body, do not match."""
    adjacent = save(archive, "a", "Hà Nội xây dựng thành phố học tập cho mọi người.")
    apart = save(archive, "b", "Thành phố mở lớp học và tập thể dục mỗi sáng.")
    across = save(archive, "c", "Học tập suốt đời.", title="Thành phố")
    assert found(archive, '"thanh pho hoc tap"') == {adjacent}
    assert found(archive, '"thanh pho hoc"') == {adjacent}
    assert found(archive, '"pho hoc tap"') == {adjacent}
    assert found(archive, '"thanh pho"') == {adjacent, apart, across}
    assert found(archive, '"pho hoc"') == {adjacent}
    assert found(archive, '"hoc tap*"') == {adjacent, across}
    assert found(archive, 'title:"thanh pho"') == {across}


def test_date_range_follows_a_story_that_is_dated_later(archive: Engine) -> None:
    """Date filters read the index's own copy of the date: it must follow re-dating."""
    url = "https://thoidai.example/hoi-nghi.html"
    text = f"Hội nghị thành phố học tập. {FILLER}"

    def page(published: datetime | None) -> ArticlePage:
        article = ExtractedArticle(
            url=url, text=text, title="Hội nghị", published=published, language="vi",
            date_source=DateSource.json_ld if published else DateSource.first_seen,
        )  # fmt: skip
        return ArticlePage(source="thoidai", article=article, seen_at=SEEN)

    story = save_article(archive, page(None)).story_id  # dated when first seen
    old = save(archive, "old", text + " cũ", published=SEEN - timedelta(days=400))
    recent = SearchFilters(since=SEEN - timedelta(days=1), until=SEEN + timedelta(days=1))
    assert ids(archive, "hoi nghi", recent) == [story]
    published = SEEN - timedelta(days=30)
    assert save_article(archive, page(published)).story_id == story  # the page now gives a date
    assert ids(archive, "hoi nghi", recent) == []
    month = SearchFilters(since=published - timedelta(days=1), until=published + timedelta(days=1))
    assert ids(archive, "hoi nghi", month) == [story]
    assert facets(archive, "hoi nghi", month).total == 1
    assert ids(archive, "hoi nghi", SearchFilters(until=SEEN - timedelta(days=100))) == [old]
    reindex(archive)
    assert ids(archive, "hoi nghi", month) == [story]


def test_syntax_errors_name_the_column(archive: Engine) -> None:
    with pytest.raises(SearchError) as error:
        search(archive, "stadt AND (koln")
    assert "column 16" in str(error.value) and "expected ')'" in str(error.value)
    with pytest.raises(SearchError, match="NEAR/n"):
        search(archive, "stadt NEAR koln")
    with pytest.raises(SearchError, match="empty"):
        search(archive, "  ")


def _empty_index(archive: Engine) -> None:
    with archive.begin() as connection:
        if archive.dialect.name == "sqlite":
            connection.execute(sa.text("INSERT INTO story_fts(story_fts) VALUES ('delete-all')"))
            connection.execute(sa.text("DELETE FROM story_fts_state"))
        else:
            connection.execute(sa.text("DELETE FROM story_search"))


def test_reindex_restores_an_emptied_index(archive: Engine) -> None:
    hanoi = save(archive, "a", "Đà Nẵng trở thành thành phố học tập.")
    koeln = save(archive, "b", "Die Städte lernen.", language="de", source="rheinblatt")
    _empty_index(archive)
    assert found(archive, "da nang") == set()
    seen: list[tuple[int, int]] = []
    summary = reindex(archive, batch_size=1, progress=lambda d, t: seen.append((d, t)))
    assert summary.stories == 2 and seen == [(1, 2), (2, 2)]
    assert found(archive, "da nang") == {hanoi}
    assert found(archive, "staedte lang:de") == {koeln}


def test_edited_story_is_found_by_new_words_only(archive: Engine) -> None:
    url = "https://thoidai.example/tin.html"
    story = save(archive, "x", "Giá vàng tăng mạnh.", url=url)
    edited = save(archive, "x", "Giá xăng giảm nhẹ.", url=url, published=SEEN + timedelta(hours=1))
    assert edited == story
    assert found(archive, "xang giam") == {story}
    assert found(archive, "vang") == set()
    reindex(archive)  # the index entry was replaced exactly: a rebuild changes nothing
    assert found(archive, "xang giam") == {story}
    assert found(archive, "vang") == set()
