"""The archive stores each story once and keeps every URL it was seen at (SQLite and PostgreSQL)."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from newsmon.analysis.export import iter_records
from newsmon.extract.model import DateSource, ExtractedArticle
from newsmon.search.engine import SearchError, SearchFilters, search
from newsmon.storage.db import open_archive
from newsmon.storage.models import Appearance, Story
from newsmon.stories import repository
from newsmon.stories.repository import ArticlePage, SaveOutcome, save_article
from tests.conftest import REPO

HANOI_BODY = (
    "Hà Nội chính thức trở thành thành viên Mạng lưới các thành phố học tập toàn cầu của UNESCO. "
    "Quyết định được công bố tại Paris, ghi nhận nỗ lực xây dựng xã hội học tập của Thủ đô. "
    "Theo Sở Giáo dục và Đào tạo, hơn 2.000 trung tâm học tập cộng đồng đang hoạt động."
)
KOELN_BODY = (
    "Köln will eine lernende Stadt werden. Der Stadtrat beschloss am Dienstag ein Programm, "
    "das Volkshochschulen, Bibliotheken und Betriebe verbindet. Die Bewerbung bei der UNESCO "
    "soll im Frühjahr eingereicht werden, sagte die Oberbürgermeisterin."
)
SEEN = datetime(2025, 11, 21, 9, 0, tzinfo=UTC)
VN = timezone(timedelta(hours=7))


def page(
    url: str,
    text: str = HANOI_BODY,
    *,
    title: str = "Hà Nội gia nhập mạng lưới",
    canonical: str | None = None,
    fetched: tuple[str, ...] = (),
    source: str = "thoidai",
    published: datetime | None = datetime(2025, 11, 20, 8, 30, tzinfo=VN),
    seen: datetime = SEEN,
    language: str = "vi",
) -> ArticlePage:
    article = ExtractedArticle(
        url=url,
        text=text,
        title=title,
        canonical_url=canonical,
        published=published,
        date_source=DateSource.json_ld if published else None,
        language=language,
        authors=("Minh Anh",),
    )
    return ArticlePage(source=source, article=article, seen_at=seen, fetched_urls=fetched)


def stories(engine: Engine) -> list[Story]:
    with Session(engine) as session:
        return list(session.exec(select(Story).order_by(Story.id)).all())


def appearance_urls(engine: Engine, story_id: int) -> set[str]:
    with Session(engine) as session:
        return set(session.exec(select(Appearance.url).where(Appearance.story_id == story_id)))


def test_recrawling_a_story_never_adds_a_row(archive: Engine) -> None:
    first = save_article(archive, page("https://thoidai.com.vn/ha-noi-123.html"))
    again = save_article(
        archive, page("https://thoidai.com.vn/ha-noi-123.html", seen=SEEN + timedelta(hours=1))
    )
    assert first.outcome == SaveOutcome.new
    assert again == repository.SaveResult(SaveOutcome.duplicate, first.story_id)
    [story] = stories(archive)
    assert story.last_seen == SEEN + timedelta(hours=1)
    assert story.first_seen == SEEN


def test_url_variants_collapse_to_one_story(archive: Engine) -> None:
    base = "https://thoidai.com.vn/doi-ngoai/ha-noi-123.html"
    variants = [
        page(base + "?utm_source=facebook&utm_medium=social"),
        page(base + "?fbclid=IwAR0abc"),
        page(base + "/"),
        page("https://thoidai.com.vn/amp/doi-ngoai/ha-noi-123.html", canonical=base),
        page(base + "?print=1", canonical=base),
        page("https://THOIDAI.com.vn/doi-ngoai/ha-noi-123.html#comments"),
        page(base, fetched=("https://thoidai.com.vn/old/ha-noi.html", base)),
        page("https://thoidai.com.vn/giao-duc/ha-noi-123.html", canonical=base),
    ]
    results = [save_article(archive, v) for v in variants]
    assert {r.story_id for r in results} == {results[0].story_id}
    assert [r.outcome for r in results].count(SaveOutcome.new) == 1
    [story] = stories(archive)
    assert story.canonical_url == base
    assert appearance_urls(archive, story.id) == {
        base,
        "https://thoidai.com.vn/old/ha-noi.html",
        "https://thoidai.com.vn/giao-duc/ha-noi-123.html",
        # the AMP and print renderings, each listed under its own URL
        "https://thoidai.com.vn/amp/doi-ngoai/ha-noi-123.html",
        "https://thoidai.com.vn/doi-ngoai/ha-noi-123.html?print=1",
    }
    with Session(archive) as session:
        shown = {
            a.href: a.rendering
            for a in session.exec(select(Appearance).where(Appearance.listed)).all()
        }
    assert shown == {
        base: None,  # as fetched, less the tracking parameters
        "https://thoidai.com.vn/giao-duc/ha-noi-123.html": None,
        "https://thoidai.com.vn/amp/doi-ngoai/ha-noi-123.html": "amp",
        "https://thoidai.com.vn/doi-ngoai/ha-noi-123.html?print=1": "print",
    }


def test_identical_body_at_another_url_or_outlet_is_the_same_story(archive: Engine) -> None:
    first = save_article(archive, page("https://thoidai.com.vn/a-1.html"))
    copy = save_article(
        archive,
        page(
            "https://other.vn/republished/a.html",
            source="other",
            title="Khác tiêu đề",
            text=HANOI_BODY.replace(". ", ".  "),
        ),
    )
    assert copy == repository.SaveResult(SaveOutcome.duplicate, first.story_id)
    assert appearance_urls(archive, first.story_id) == {
        "https://thoidai.com.vn/a-1.html",
        "https://other.vn/republished/a.html",
    }
    with Session(archive) as session:
        sources = set(session.exec(select(Appearance.source)))
    assert sources == {"thoidai", "other"}


def test_short_identical_bodies_do_not_merge_stories(archive: Engine) -> None:
    teaser = "Xem video."
    a = save_article(archive, page("https://thoidai.com.vn/video-1.html", text=teaser))
    b = save_article(archive, page("https://thoidai.com.vn/video-2.html", text=teaser))
    assert a.story_id != b.story_id


def test_edited_article_is_updated_in_place(archive: Engine) -> None:
    url = "https://rheinblatt.de/lokales/lernende-stadt-koeln.html"
    first = save_article(archive, page(url, KOELN_BODY, title="Köln", language="de"))
    edited_text = KOELN_BODY + " Update: Auch Bonn prüft eine Bewerbung als Lernstadt."
    later = SEEN + timedelta(days=1)
    second = save_article(archive, page(url, edited_text, title="Köln", language="de", seen=later))
    assert second == repository.SaveResult(SaveOutcome.updated, first.story_id)
    [story] = stories(archive)
    assert story.version == 2
    assert story.updated == later
    assert story.text == edited_text
    assert [h.story.id for h in search(archive, "bonn")] == [story.id]
    # A variant page with other text (say an AMP rendering) does not rewrite the story.
    amp = page(
        url.replace("/lokales/", "/amp/lokales/"),
        KOELN_BODY,
        title="Köln",
        language="de",
        canonical=url,
    )
    assert save_article(archive, amp).outcome == SaveOutcome.duplicate
    assert stories(archive)[0].text == edited_text


def test_failed_write_leaves_no_half_story(
    archive: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_index(*args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(repository, "write_entries", broken_index)
    with pytest.raises(RuntimeError):
        save_article(archive, page("https://thoidai.com.vn/ha-noi-123.html"))
    monkeypatch.undo()
    assert stories(archive) == []
    with Session(archive) as session:
        assert session.exec(select(sa.func.count()).select_from(Appearance)).one() == 0
    # and the archive still works afterwards
    assert save_article(archive, page("https://thoidai.com.vn/ha-noi-123.html")).outcome == "new"


def test_dates_keep_their_offset_and_missing_dates_fall_back_to_first_seen(archive: Engine) -> None:
    save_article(archive, page("https://thoidai.com.vn/a-1.html"))
    save_article(
        archive, page("https://rheinblatt.de/b.html", KOELN_BODY, published=None, language="de")
    )
    records = {r["url"]: r for r in iter_records(archive)}
    dated = records["https://thoidai.com.vn/a-1.html"]
    assert dated["published"] == "2025-11-20T08:30:00+07:00"
    assert dated["date_source"] == "json-ld"
    undated = records["https://rheinblatt.de/b.html"]
    assert undated["published"] == SEEN.isoformat()
    assert undated["date_source"] == "first-seen"


def test_search_ignores_vietnamese_diacritics_both_ways(archive: Engine) -> None:
    hanoi = save_article(archive, page("https://thoidai.com.vn/a-1.html")).story_id
    save_article(archive, page("https://rheinblatt.de/b.html", KOELN_BODY, language="de"))
    assert [h.story.id for h in search(archive, "thanh pho hoc tap")] == [hanoi]
    assert [h.story.id for h in search(archive, '"thành phố học tập"')] == [hanoi]
    assert [h.story.id for h in search(archive, "SỞ GIÁO DỤC")] == [hanoi]
    assert [h.story.id for h in search(archive, "so giao duc dao tao")] == [hanoi]
    hit = search(archive, "thanh pho hoc tap")[0]
    assert "thành phố học tập" in hit.snippet.marked("[", "]")


def test_search_filters_and_ranking(archive: Engine) -> None:
    in_title = save_article(
        archive,
        page(
            "https://rheinblatt.de/a.html",
            KOELN_BODY,
            title="Lernende Stadt Köln",
            language="de",
            source="rheinblatt",
        ),
    ).story_id
    in_body = save_article(
        archive,
        page(
            "https://thoidai.com.vn/a.html",
            HANOI_BODY + " Köln cũng là một lernende Stadt.",
            title="Hà Nội",
            source="thoidai",
        ),
    ).story_id
    assert [h.story.id for h in search(archive, "lernende stadt")] == [in_title, in_body]
    only_vi = search(archive, "lernende stadt", SearchFilters(languages=["vi"]))
    assert [h.story.id for h in only_vi] == [in_body]
    only_source = search(archive, "lernende", SearchFilters(sources=["rheinblatt"]))
    assert [h.story.id for h in only_source] == [in_title]
    late = search(archive, "stadt", SearchFilters(since=datetime(2025, 12, 1, tzinfo=UTC)))
    assert late == []
    assert search(archive, "koln NOT unesco") == []
    assert [h.story.id for h in search(archive, "lern*", limit=1)] == [in_title]


def test_search_rejects_malformed_queries_with_a_reason(archive: Engine) -> None:
    for query in ["", "OR stadt", "(stadt", "stadt AND", "stadt NEAR/x koln", '"stadt']:
        with pytest.raises(SearchError):
            search(archive, query)


def test_export_has_one_record_per_story_with_all_urls(archive: Engine) -> None:
    base = "https://thoidai.com.vn/a-1.html"
    save_article(archive, page(base))
    save_article(archive, page(base + "?utm_source=x", fetched=("https://t.vn/r", base)))
    save_article(
        archive,
        page("https://rheinblatt.de/b.html", KOELN_BODY, language="de", source="rheinblatt"),
    )
    records = list(iter_records(archive))
    assert len(records) == 2
    hanoi = records[0]
    assert hanoi["url"] == base
    assert set(hanoi["urls"]) >= {base}  # what answered; the redirect's source only identifies
    assert "https://t.vn/r" not in hanoi["urls"]
    assert hanoi["authors"] == ["Minh Anh"]
    for key in (
        "story_id",
        "source",
        "title",
        "text",
        "published",
        "date_source",
        "language",
        "first_seen",
        "updated",
    ):
        assert hanoi[key] is not None
    assert [r["language"] for r in iter_records(archive, SearchFilters(languages=["de"]))] == ["de"]


def test_processes_opening_a_fresh_archive_at_once_all_succeed(database_url: str) -> None:
    """A daemon and `newsmon status` started together both migrate: one does, one waits."""
    opener = "import sys; from storage.db import open_archive; open_archive(sys.argv[1]).dispose()"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", opener, database_url],
            cwd=REPO,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    errors = [p.communicate(timeout=120)[1] for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0], errors
    engine = open_archive(database_url)
    with Session(engine) as session:  # the schema is whole
        assert session.exec(select(sa.func.count()).select_from(Story)).one() == 0
    engine.dispose()
