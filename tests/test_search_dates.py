"""Date filters run inside the search index (date words): boundaries, time zones, upgrades.

Days are UTC days (the archive stores UTC). The web form's "to" date is
inclusive: a story at 23:59 UTC of that day is in, one at 00:00 the next is out.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from newsmon.query import index_terms
from newsmon.search.engine import SearchFilters, facets, matching_ids, search
from newsmon.search.reindex import rebuild_index
from newsmon.storage.db import MIGRATIONS, open_archive, writer
from newsmon.web.data import SearchParams
from tests.test_search import save

HANOI = timezone(timedelta(hours=7))
TEXT = "Hội nghị thành phố học tập khu vực."


@pytest.fixture
def dated(archive: Engine) -> dict[str, int]:
    """Stories around January 2025, named by when they were published (UTC)."""
    when = {
        "dec31_2359": datetime(2024, 12, 31, 23, 59, 59, tzinfo=UTC),
        "jan01_0000": datetime(2025, 1, 1, 0, 0, tzinfo=UTC),
        "jan15": datetime(2025, 1, 15, 12, 0, tzinfo=UTC),
        # 06:30 in Hanoi on 1 February is 23:30 UTC on 31 January: a January story.
        "jan31_hanoi": datetime(2025, 2, 1, 6, 30, tzinfo=HANOI),
        "jan31_2359": datetime(2025, 1, 31, 23, 59, tzinfo=UTC),
        "feb01_0000": datetime(2025, 2, 1, 0, 0, tzinfo=UTC),
        "jun": datetime(2025, 6, 10, 8, 0, tzinfo=UTC),
        "next_year": datetime(2026, 3, 1, 8, 0, tzinfo=UTC),
    }
    return {name: save(archive, name, TEXT, published=at) for name, at in when.items()}


def _found(archive: Engine, filters: SearchFilters, query: str = "hoi nghi") -> set[int]:
    hits = {h.story.id for h in search(archive, query, filters, limit=50)}
    assert facets(archive, query, filters).total == len(hits)
    assert set(matching_ids(archive, query, filters)) == hits  # exports and trends agree
    return hits  # type: ignore[return-value]


def _names(dated: dict[str, int], found: set[int]) -> set[str]:
    return {name for name, story in dated.items() if story in found}


def test_the_last_day_of_a_range_is_included_to_its_last_minute(
    archive: Engine, dated: dict[str, int]
) -> None:
    january = SearchParams(q="hoi nghi", since=date(2025, 1, 1), until=date(2025, 1, 31))
    assert _names(dated, _found(archive, january.filters())) == {
        "jan01_0000",
        "jan15",
        "jan31_hanoi",
        "jan31_2359",
    }
    one_day = SearchParams(q="hoi nghi", since=date(2025, 1, 31), until=date(2025, 1, 31))
    assert _names(dated, _found(archive, one_day.filters())) == {"jan31_hanoi", "jan31_2359"}


def test_whole_years_and_open_ends(archive: Engine, dated: dict[str, int]) -> None:
    year = SearchFilters(
        since=datetime(2025, 1, 1, tzinfo=UTC), until=datetime(2026, 1, 1, tzinfo=UTC)
    )
    assert _names(dated, _found(archive, year)) == {
        "jan01_0000", "jan15", "jan31_hanoi", "jan31_2359", "feb01_0000", "jun",
    }  # fmt: skip
    since_feb = SearchFilters(since=datetime(2025, 2, 1, tzinfo=UTC))
    assert _names(dated, _found(archive, since_feb)) == {"feb01_0000", "jun", "next_year"}
    before_2025 = SearchFilters(until=datetime(2025, 1, 1, tzinfo=UTC))
    assert _names(dated, _found(archive, before_2025)) == {"dec31_2359"}
    assert _found(archive, SearchFilters(since=datetime(2030, 1, 1, tzinfo=UTC))) == set()
    assert _found(archive, SearchFilters(until=datetime(2020, 1, 1, tzinfo=UTC))) == set()


def test_range_ends_inside_a_day_and_in_other_time_zones(
    archive: Engine, dated: dict[str, int]
) -> None:
    # 31 Jan 23:45 UTC .. 1 Feb 00:00:30 UTC: only part of two days.
    narrow = SearchFilters(
        since=datetime(2025, 1, 31, 23, 45, tzinfo=UTC),
        until=datetime(2025, 2, 1, 0, 0, 30, tzinfo=UTC),
    )
    assert _names(dated, _found(archive, narrow)) == {"jan31_2359", "feb01_0000"}
    # The same Hanoi calendar day, given in Hanoi time: 1 Feb 00:00+07 .. 2 Feb 00:00+07.
    hanoi_day = SearchFilters(
        since=datetime(2025, 2, 1, tzinfo=HANOI), until=datetime(2025, 2, 2, tzinfo=HANOI)
    )
    assert _names(dated, _found(archive, hanoi_day)) == {
        "jan31_hanoi", "jan31_2359", "feb01_0000",
    }  # fmt: skip
    # Words and other filters combine with the date words.
    since_june = SearchFilters(since=datetime(2025, 6, 1, tzinfo=UTC), sources=["thoidai"])
    assert _names(dated, _found(archive, since_june)) == {"jun", "next_year"}
    assert _found(archive, since_june, query="hoi nghi NOT hoc") == set()


def test_an_archive_upgraded_from_entries_without_date_words_finds_dated_stories(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = open_archive(database_url)
    story = save(archive, "old", TEXT, published=datetime(2025, 1, 31, 23, 59, tzinfo=UTC))
    january = SearchParams(q="hoi nghi", since=date(2025, 1, 1), until=date(2025, 1, 31))
    # The archive as the previous release left it: entries without date words, at 0012
    # (later migrations stepped back by Alembic itself, so the test holds as they grow).
    with monkeypatch.context() as old_release:
        old_release.setattr(index_terms, "date_tokens", lambda published: [])
        with writer(archive).begin() as connection:
            _downgrade(connection, "0012")
            rebuild_index(connection)
    assert _found(archive, january.filters()) == set()  # old entries: the date words are missing
    archive.dispose()

    upgraded = open_archive(database_url)  # runs migration 0013
    try:
        assert _found(upgraded, january.filters()) == {story}
        # A rebuilt entry is replaced exactly when the story is edited.
        assert save(upgraded, "old", TEXT + " Cập nhật lần hai.") == story
        assert _found(upgraded, january.filters(), query="cap nhat") == {story}
        assert _found(upgraded, january.filters()) == {story}
    finally:
        upgraded.dispose()


def _downgrade(connection: sa.Connection, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.downgrade(config, revision)
