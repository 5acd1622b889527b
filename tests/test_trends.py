"""Coverage trends: stories per page-local day/week, split, restricted; charts; `stats`."""

from __future__ import annotations

import json
import random
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from newsmon.alerts.matching import match_pending
from newsmon.analysis.charts import render_trend
from newsmon.analysis.trends import Trend, coverage_trend
from newsmon.config import TopicConfig
from newsmon.extract.model import DateSource, ExtractedArticle
from newsmon.search.engine import SearchFilters
from newsmon.storage.db import open_archive
from newsmon.stories.repository import ArticlePage, save_article
from tests.conftest import run_newsmon

VN = timezone(timedelta(hours=7))
NY = timezone(timedelta(hours=-5))
BERLIN = timezone(timedelta(hours=1))
_RNG = random.Random(11)
_VOCABULARY = [
    "".join(_RNG.choice("aeioubcdfghklmnprstvz") for _ in range(_RNG.randint(3, 9)))
    for _ in range(3000)
]
_serial = iter(range(1_000_000))


def body(*keywords: str) -> str:
    """Distinct prose per call (never a near-duplicate of another story)."""
    n = next(_serial)
    rng = random.Random(n)
    words = [rng.choice(_VOCABULARY) for _ in range(80)]
    return " ".join([*keywords, *words]) + f". Nummer {n}."


def store(
    engine: Engine,
    published: datetime | None,
    *,
    source: str = "thoidai",
    text: str | None = None,
    url: str | None = None,
    title: str | None = None,
    language: str = "de",
    seen: datetime | None = None,
) -> int:
    """Save one article page through the real save path; returns the story id."""
    n = next(_serial)
    article = ExtractedArticle(
        url=url or f"https://{source}.example/news/{n}.html",
        text=text or body(),
        title=title or f"Bericht {n}",
        published=published,
        date_source=DateSource.json_ld if published else None,
        language=language,
    )
    seen_at = seen or (published or datetime(2025, 11, 1, tzinfo=UTC)) + timedelta(hours=1)
    page = ArticlePage(source=source, article=article, seen_at=seen_at)
    return save_article(engine, page).story_id


def days(first: date, n: int) -> list[date]:
    return [first + timedelta(days=i) for i in range(n)]


def test_daily_counts_use_the_pages_local_date_one_per_story_zero_filled(archive: Engine) -> None:
    # 00:30 in Hanoi is 17:30 UTC the day before: it counts on the Hanoi date.
    store(archive, datetime(2025, 11, 20, 0, 30, tzinfo=VN))
    # 22:00 in New York is 03:00 UTC the next day: it counts on the New York date.
    store(archive, datetime(2025, 11, 19, 22, 0, tzinfo=NY))
    text = body()
    first = store(archive, datetime(2025, 11, 22, 9, 0, tzinfo=UTC), text=text)
    # The same story at another URL and outlet is one story, counted once.
    copy = store(archive, datetime(2025, 11, 22, 9, 0, tzinfo=UTC), text=text, source="other")
    assert copy == first
    store(archive, datetime(2025, 11, 22, 23, 59, tzinfo=UTC))
    # No publication date: counted on the UTC day it was first seen.
    store(archive, None, seen=datetime(2025, 11, 24, 23, 30, tzinfo=UTC))

    trend = coverage_trend(archive)
    assert trend.by == "day"
    assert trend.periods == days(date(2025, 11, 19), 6)
    assert trend.series == {"all": [1, 1, 0, 2, 0, 1]}
    assert trend.total == 5


def test_weeks_start_on_monday_in_the_pages_time_zone(archive: Engine) -> None:
    store(archive, datetime(2025, 11, 17, 0, 5, tzinfo=BERLIN))  # Monday (Sunday 23:05 UTC)
    store(archive, datetime(2025, 11, 23, 23, 30, tzinfo=BERLIN))  # Sunday, same ISO week
    store(archive, datetime(2025, 11, 24, 0, 10, tzinfo=BERLIN))  # Monday: next week
    store(archive, datetime(2025, 12, 10, 12, 0, tzinfo=BERLIN))  # two weeks later

    trend = coverage_trend(archive, by="week")
    assert trend.periods == [date(2025, 11, 17), date(2025, 11, 24), date(2025, 12, 1),
                             date(2025, 12, 8)]  # fmt: skip
    assert all(p.weekday() == 0 for p in trend.periods)
    assert trend.series == {"all": [2, 1, 0, 1]}


def test_split_by_source_and_source_filter(archive: Engine) -> None:
    for day, source in [(3, "thoidai"), (3, "koeln"), (3, "koeln"), (5, "koeln"), (6, "bbc")]:
        store(archive, datetime(2025, 11, day, 10, tzinfo=UTC), source=source)

    trend = coverage_trend(archive, split_by_source=True)
    assert trend.periods == days(date(2025, 11, 3), 4)
    assert trend.series == {
        "bbc": [0, 0, 0, 1],
        "koeln": [2, 0, 1, 0],
        "thoidai": [1, 0, 0, 0],
    }
    only = coverage_trend(
        archive, split_by_source=True, filters=SearchFilters(sources=["koeln", "thoidai"])
    )
    assert only.series == {"koeln": [2, 0, 1], "thoidai": [1, 0, 0]}
    assert only.total == 4


def test_topic_and_query_restrict_the_counts(archive: Engine) -> None:
    flood = [
        store(archive, datetime(2025, 11, d, 8, tzinfo=UTC), text=body("Hochwasser", "Rhein"))
        for d in (2, 2, 4)
    ]
    for d in (1, 2, 3, 4, 5):
        store(archive, datetime(2025, 11, d, 8, tzinfo=UTC))
    # A different story naming the river but not the flood: matches "rhein", not the topic.
    store(archive, datetime(2025, 11, 6, 8, tzinfo=UTC), text=body("Rhein", "Schiff"))
    summary = match_pending(archive, [TopicConfig(name="flood", query="hochwasser")])
    assert summary.new_matches == len(flood)

    topic = coverage_trend(archive, topic="flood")
    assert topic.periods == days(date(2025, 11, 2), 3)
    assert topic.series == {"all": [2, 0, 1]}
    assert coverage_trend(archive, topic="no-such-topic").periods == []

    query = coverage_trend(archive, query="rhein")
    assert query.periods == days(date(2025, 11, 2), 5)
    assert query.series == {"all": [2, 0, 1, 0, 1]}
    both = coverage_trend(archive, topic="flood", query="rhein NOT hochwasser")
    assert both.total == 0
    assert coverage_trend(archive).total == 9


def test_since_until_are_inclusive_local_days_and_span_the_chart(archive: Engine) -> None:
    store(archive, datetime(2025, 11, 10, 0, 30, tzinfo=VN))  # Nov 9 in UTC
    store(archive, datetime(2025, 11, 12, 12, tzinfo=UTC))
    store(archive, datetime(2025, 11, 14, 12, tzinfo=UTC))

    trend = coverage_trend(archive, since=date(2025, 11, 10), until=date(2025, 11, 16))
    assert trend.periods == days(date(2025, 11, 10), 7)
    assert trend.series == {"all": [1, 0, 1, 0, 1, 0, 0]}
    assert coverage_trend(archive, since=date(2025, 11, 11)).series == {"all": [0, 1, 0, 1]}
    weekly = coverage_trend(archive, by="week", until=date(2025, 11, 12))
    assert weekly.periods == [date(2025, 11, 10)] and weekly.series == {"all": [2]}


def test_empty_archive_gives_an_empty_trend(archive: Engine) -> None:
    assert coverage_trend(archive) == Trend(by="day", periods=[], series={"all": []})
    with pytest.raises(ValueError, match="day"):
        coverage_trend(archive, by="month")  # type: ignore[arg-type]


# --- charts -----------------------------------------------------------------------------

SPLIT = Trend(
    by="day",
    periods=days(date(2025, 11, 1), 30),
    series={"Tuổi Trẻ": [i % 4 for i in range(30)], "Kölner Stadt-Anzeiger": [2] * 30},
)


def test_png_chart_is_a_png_of_the_requested_size() -> None:
    png = render_trend(SPLIT, title="Hochwasser", fmt="png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (900, 360)


def test_svg_chart_is_xml_with_the_series_labels_and_is_reproducible() -> None:
    svg = render_trend(SPLIT, title="Coverage of $x$ & co", fmt="svg")
    root = ET.fromstring(svg)
    texts = {"".join(t.itertext()).strip() for t in root.iter("{http://www.w3.org/2000/svg}text")}
    assert {"Tuổi Trẻ", "Kölner Stadt-Anzeiger", "Coverage of $x$ & co"} <= texts
    assert render_trend(SPLIT, title="Coverage of $x$ & co", fmt="svg") == svg


def test_svg_chart_escapes_stored_text() -> None:
    hostile = Trend(by="week", periods=[date(2025, 11, 3)], series={"<img src=x onerror=1>": [3]})
    svg = render_trend(hostile, title="<script>alert(1)</script>", fmt="svg")
    assert b"<script>" not in svg and b"<img" not in svg
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    ET.fromstring(svg)


def test_empty_trend_still_draws() -> None:
    svg = render_trend(Trend(by="day", periods=[], series={"all": []}), title="t", fmt="svg")
    assert b"no stories" in svg
    with pytest.raises(ValueError, match="png or svg"):
        render_trend(SPLIT, title="t", fmt="gif")  # type: ignore[arg-type]


# --- the stats command ---------------------------------------------------------------------


def stats_archive(tmp_path: Path) -> Path:
    url = f"sqlite:///{tmp_path / 'archive.db'}"
    config = tmp_path / "newsmon.toml"
    config.write_text(
        f'[database]\nurl = "{url}"\n[[topics]]\nname = "flood"\nquery = "hochwasser"\n',
        encoding="utf-8",
    )
    engine = open_archive(url)
    for day, source, flood in [
        (17, "koeln", True),
        (17, "thoidai", False),
        (19, "koeln", True),
        (24, "thoidai", True),
        (25, "koeln", False),
    ]:
        text = body("Hochwasser") if flood else None
        store(engine, datetime(2025, 11, day, 10, tzinfo=UTC), source=source, text=text)
    engine.dispose()
    run_newsmon("match", config=config)
    return config


def test_stats_shows_the_topic_trend_with_extraction_health(tmp_path: Path) -> None:
    config = stats_archive(tmp_path)
    plain = run_newsmon("stats", "--topic", "flood", "--by", "week", "--split", config=config)
    trend_table, health_table = plain.stdout.split("\n\n")
    assert trend_table.splitlines() == [
        "week\tkoeln\tthoidai\ttotal",
        "2025-11-17\t2\t0\t2",
        "2025-11-24\t0\t1\t1",
    ]
    header, *rows = health_table.strip().splitlines()
    assert header.split("\t")[:2] == ["source", "stories"] and "empty body" in header
    assert [r.split("\t")[:2] for r in rows] == [["koeln", "3"], ["thoidai", "2"]]

    as_json = json.loads(
        run_newsmon(
            "stats", "--topic", "flood", "--source", "koeln", "--json", config=config
        ).stdout
    )
    assert as_json["trend"]["periods"] == [f"2025-11-{d}" for d in (17, 18, 19)]
    assert as_json["trend"]["series"] == {"koeln": [1, 0, 1]}
    assert [s["source"] for s in as_json["sources"]] == ["koeln"]
    assert {"empty_body_share", "missing_date_share", "errors", "last_run"} <= set(
        as_json["sources"][0]
    )


def test_stats_without_a_trend_keeps_the_health_list(tmp_path: Path) -> None:
    config = stats_archive(tmp_path)
    health = json.loads(run_newsmon("stats", "--json", config=config).stdout)
    assert [h["source"] for h in health] == ["koeln", "thoidai"]
    daily = run_newsmon("stats", "--by", "day", "--since", "2025-11-24", config=config).stdout
    assert daily.startswith("day\tall\n2025-11-24\t1\n2025-11-25\t1\n\nsource\t")


def test_stats_plot_writes_a_chart_and_rejects_other_formats(tmp_path: Path) -> None:
    config = stats_archive(tmp_path)
    svg = tmp_path / "charts" / "flood.svg"
    run_newsmon("stats", "--topic", "flood", "--split", "--plot", str(svg), config=config)
    root = ET.fromstring(svg.read_bytes())
    texts = {"".join(t.itertext()).strip() for t in root.iter("{http://www.w3.org/2000/svg}text")}
    assert {"koeln", "thoidai"} <= texts
    png = tmp_path / "all.PNG"
    run_newsmon("stats", "--plot", str(png), config=config)
    assert png.read_bytes().startswith(b"\x89PNG")

    gif = run_newsmon("stats", "--plot", str(tmp_path / "x.gif"), config=config, check=False)
    assert gif.returncode == 2
    assert "--plot" in gif.stderr and ".png or .svg" in gif.stderr
    assert not (tmp_path / "x.gif").exists()
    unknown = run_newsmon("stats", "--topic", "nope", config=config, check=False)
    assert unknown.returncode == 2 and "unknown topic 'nope'" in unknown.stderr
