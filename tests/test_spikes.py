"""Coverage spikes: the statistic on synthetic series, and notices sent once per spike."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from newsmon.alerts.models import Delivery, Spike
from newsmon.alerts.service import run_cycle
from newsmon.alerts.spikes import flag_series, robust_score
from newsmon.analysis.trends import coverage_trend, trend_spikes
from newsmon.config import NewsmonConfig, SpikesConfig, parse_config
from newsmon.extract.model import DateSource, ExtractedArticle
from newsmon.stories.repository import ArticlePage, save_article
from newsmon.web.app import create_app
from tests.conftest import run_newsmon
from tests.hookkit import HookServer
from tests.smtpkit import SmtpServer

SETTINGS = SpikesConfig()
NOW = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth), so the test needs no numpy."""
    limit, k, p = pow(2.718281828459045, -mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def test_a_known_spike_is_found_and_nothing_else() -> None:
    rng = random.Random(7)
    series = [poisson(rng, 4) for _ in range(40)]
    series[30] = 19
    flags = flag_series(series, SETTINGS)
    assert [i for i, t in enumerate(flags) if t and t.spike] == [30]
    test = flags[30]
    assert test is not None and test.score > 3.5 and test.median == pytest.approx(4, abs=1.5)
    assert flags[: SETTINGS.min_history] == [None] * SETTINGS.min_history  # too little history


@pytest.mark.parametrize("mean", [0.5, 3, 8, 25])
def test_flat_noisy_series_have_no_false_spike(mean: float) -> None:
    rng = random.Random(int(mean * 10))
    series = [poisson(rng, mean) for _ in range(90)]
    assert not [i for i, t in enumerate(flag_series(series, SETTINGS)) if t and t.spike]


def test_the_floors_keep_quiet_topics_calm_and_small_counts_out() -> None:
    # A constant baseline has MAD 0: sqrt(median) keeps 2 -> 4 from being "infinitely" odd.
    assert not robust_score([2] * 14, 4).spike
    assert not robust_score([0] * 14, 4).spike  # below min_count, however sudden
    assert robust_score([0] * 14, 6).spike
    assert robust_score([2] * 14, 9).spike  # (9 - 2) / sqrt(2) = 4.9
    # Earlier spikes in the history do not hide a new one (median/MAD, not mean/sd).
    assert robust_score([3, 3, 30, 3, 2, 4, 3, 31, 3, 2, 3, 4, 3, 3], 20).spike


def test_history_before_the_archive_began_is_not_a_baseline() -> None:
    series = [0] * 20 + [9]
    assert flag_series(series, SETTINGS)[-1].spike  # type: ignore[union-attr]
    assert flag_series(series, SETTINGS, first_known=15)[-1] is None  # 5 days of history


# -- in the archive -------------------------------------------------------------------------

WORDS = [
    "council", "library", "river", "budget", "school", "market", "harbour", "festival",
    "bridge", "museum", "tram", "garden", "forest", "hospital", "station", "theatre",
    "college", "workshop", "district", "neighbour",
]  # fmt: skip


def story(i: int, day: datetime, source: str = "daily") -> ArticlePage:
    rng = random.Random(i)
    text = "learning city " + " ".join(
        rng.choice(WORDS) + str(rng.randrange(999)) for _ in range(80)
    )
    return ArticlePage(
        source=source,
        article=ExtractedArticle(
            url=f"https://{source}.example/{i}.html",
            text=text,
            title=f"Learning city report {i}",
            published=day - timedelta(hours=1),
            date_source=DateSource.json_ld,
            language="en",
        ),
        seen_at=day,
    )


def fill(engine: Engine, today: int) -> None:
    """Two stories a day for 20 days (one per source), then ``today`` stories today."""
    n = 0
    for back in range(20, 0, -1):
        day = NOW - timedelta(days=back)
        for source in ("daily", "weekly"):
            n += 1
            save_article(engine, story(n, day, source))
    for _ in range(today):
        n += 1
        save_article(engine, story(n, NOW - timedelta(minutes=n % 50), "daily"))


def config(database_url: str, smtp: int, hook: int, **spikes: object) -> NewsmonConfig:
    return parse_config(
        {
            "database": {"url": database_url},
            "topics": [{"name": "learning-city", "query": '"learning city"'}],
            "subscribers": [
                {
                    "email": "ana@example.org",
                    "topics": ["learning-city"],
                    "cadence": "weekly",  # spike notices do not wait for the digest
                    "channels": [f"json://127.0.0.1:{hook}/ana"],
                }
            ],
            "smtp": {"host": "127.0.0.1", "port": smtp, "from_address": "d@newsmon.test"},
            "spikes": spikes,
        }
    )


@pytest.fixture
def hook() -> Iterator[HookServer]:
    server = HookServer().start()
    yield server
    server.stop()


def test_a_spike_is_noticed_once_on_every_channel(
    archive: Engine, database_url: str, smtp: SmtpServer, hook: HookServer
) -> None:
    settings = config(database_url, smtp.port, hook.port, split=["source"])
    fill(archive, today=12)
    first = run_cycle(archive, settings, now=NOW)
    assert first.spikes == 2  # the topic as a whole, and the source "daily"
    for minutes in (1, 2, 60):
        save_article(archive, story(100 + minutes, NOW + timedelta(minutes=minutes)))
        assert run_cycle(archive, settings, now=NOW + timedelta(minutes=minutes)).spikes == 0

    with Session(archive) as session:
        spikes = session.exec(select(Spike).order_by(Spike.scope)).all()
        deliveries = session.exec(select(Delivery)).all()
    assert [(s.scope, s.period_start, s.count) for s in spikes] == [
        ("all", "2026-11-30", 12),
        ("source:daily", "2026-11-30", 12),
    ]
    assert spikes[0].median == 2 and spikes[0].score >= 3.5
    assert {d.status for d in deliveries} == {"sent"} and len(deliveries) == 4
    notices = [r.text for r in hook.on("/ana")]
    assert len(notices) == 2 and all("robust z-score" in n for n in notices)
    assert "**12** stories matched **learning-city**" in notices[0]
    mails = smtp.inbox.messages("ana@example.org")
    assert sorted(m["Subject"] for m in mails) == [
        "newsmon: coverage spike in learning-city",
        "newsmon: coverage spike in learning-city (source daily)",
    ]
    assert "List-Unsubscribe" in mails[0]


def test_a_steady_topic_sends_no_spike_and_stats_and_web_show_real_ones(
    archive: Engine, database_url: str, smtp: SmtpServer, hook: HookServer, tmp_path: object
) -> None:
    settings = config(database_url, smtp.port, hook.port)
    fill(archive, today=2)
    assert run_cycle(archive, settings, now=NOW).spikes == 0
    for n in range(10):
        save_article(archive, story(500 + n, NOW - timedelta(minutes=n)))
    assert run_cycle(archive, settings, now=NOW + timedelta(minutes=5)).spikes == 1

    trend = coverage_trend(archive, by="day", topic="learning-city")
    marks = trend_spikes(trend, settings.spikes)
    assert [(m.period.isoformat(), m.count) for m in marks] == [("2026-11-30", 12)]

    app = create_app(settings, archive)
    with TestClient(app) as client:
        page = client.get("/topics/learning-city")
        assert page.status_code == 200
        assert 'id="spikes"' in page.text and "2026-11-30" in page.text
        assert "12 stories, usually 2" in page.text
        svg = client.get("/topics/learning-city/trend.svg").text
        assert 'id="spikes"' in svg and "spike (1)" in svg
        api = client.get("/api/topics/learning-city/trend").json()
        assert api["spikes"][0]["period"] == "2026-11-30" and api["spikes"][0]["count"] == 12


def test_stats_shows_spikes(tmp_path: object) -> None:
    from pathlib import Path

    from newsmon.storage.db import open_archive

    directory = Path(str(tmp_path))
    url = f"sqlite:///{directory}/a.db"
    engine = open_archive(url)
    fill(engine, today=12)
    engine.dispose()
    path = directory / "newsmon.toml"
    path.write_text(
        f'[database]\nurl = "{url}"\n[[topics]]\nname = "learning-city"\n'
        "query = '\"learning city\"'\n",
        encoding="utf-8",
    )
    run_newsmon("match", config=path)
    table = run_newsmon("stats", "--topic", "learning-city", "--by", "day", config=path).stdout
    line = next(line for line in table.splitlines() if line.startswith("2026-11-30"))
    assert "▲ z=" in line
    data = run_newsmon("stats", "--topic", "learning-city", "--json", config=path).stdout
    assert '"spikes": [' in data and '"count": 12' in data
