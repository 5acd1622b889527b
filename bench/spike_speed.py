"""Spike detection cost per alerts cycle: T topics over an archive of N stories.

Run: .venv/bin/python bench/spike_speed.py [--topics 200] [--stories 100000] [--split]
Builds a SQLite archive of N stories spread over 60 days (rows written directly,
no extraction), each matched to about 3 of the T topics, then times
``alerts.spikes.find_spikes`` (what the daemon runs every alerts cycle). Only the
last ``baseline + 2`` days of matches are read, so the cost follows the recent
matches per topic, not the archive's size.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa

from newsmon.alerts.spikes import find_spikes
from newsmon.config import SpikesConfig, TopicConfig
from newsmon.storage.db import open_archive

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def build(url: str, topics: int, stories: int) -> None:
    engine = open_archive(url)
    rng = random.Random(1)
    story_rows, match_rows = [], []
    for i in range(1, stories + 1):
        when = NOW - timedelta(minutes=rng.randrange(60 * 24 * 60))
        story_rows.append(
            {
                "id": i,
                "canonical_url": f"https://s{i % 7}.example/{i}",
                "canonical_declared": False,
                "source": f"s{i % 7}",
                "title": f"story {i}",
                "text": "x",
                "content_hash": f"h{i}",
                "published": when,
                "published_utcoffset": 60,
                "date_source": "json-ld",
                "language": ("en", "de", "vi")[i % 3],
                "authors": [],
                "tags": [],
                "first_seen": when,
                "last_seen": when,
                "updated": when,
                "version": 1,
            }
        )
        for topic in rng.sample(range(topics), 3):
            match_rows.append(
                {
                    "topic": f"t{topic}",
                    "story_id": i,
                    "terms": [],
                    "snippet": "",
                    "highlights": [],
                    "in_title": False,
                    "story_version": 1,
                    "matched_at": when,
                    "updated_at": when,
                }
            )
    metadata = sa.MetaData()
    metadata.reflect(engine, only=["stories", "topic_matches"])
    with engine.begin() as connection:
        connection.execute(metadata.tables["stories"].insert(), story_rows)
        connection.execute(metadata.tables["topic_matches"].insert(), match_rows)
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", type=int, default=200)
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--split", action="store_true", help="also per source and language")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite:///{directory}/bench.db"
        started = time.perf_counter()
        build(url, args.topics, args.stories)
        print(f"archive: {args.stories} stories, {args.topics} topics, "
              f"built in {time.perf_counter() - started:.1f} s")  # fmt: skip
        engine = open_archive(url)
        topics = [TopicConfig(name=f"t{i}", query="x") for i in range(args.topics)]
        settings = SpikesConfig(split=["source", "language"] if args.split else [])
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            found = find_spikes(
                engine, topics, settings, NOW, start=(NOW - timedelta(days=60)).date()
            )
            timings.append(time.perf_counter() - started)
        best = min(timings)
        print(f"find_spikes: best {best * 1000:.0f} ms of 3 runs "
              f"({best / args.topics * 1000:.2f} ms per topic), {len(found)} spike(s)")  # fmt: skip


if __name__ == "__main__":
    main()
