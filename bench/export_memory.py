"""Export memory stays constant as the archive grows: peak RSS per format for N stories.

Run: .venv/bin/python bench/export_memory.py [--counts 5000 50000] [--keep DIR]

Builds a SQLite archive of N synthetic stories (~300 words each, two URLs each)
with bulk inserts (the save path's dedup is not what is measured here), then
exports it once per format, each in a fresh child process, and prints the
child's peak RSS (``resource.getrusage(RUSAGE_SELF).ru_maxrss``) next to a
baseline child that only imports the exporter and opens the archive. Constant
memory means the peak does not grow with N.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FORMATS = ("baseline", "jsonl", "csv", "parquet")


def build(url: str, count: int) -> None:
    """Insert ``count`` stories and two appearances each, 5000 rows per transaction."""
    import sqlalchemy as sa

    from newsmon.storage.db import open_archive
    from newsmon.storage.models import Appearance, Story

    engine = open_archive(url)
    rng = random.Random(count)
    letters = "aeioubcdfghklmnprstvzăđôơưß"
    words = ["".join(rng.choices(letters, k=rng.randint(2, 9))) for _ in range(5000)]
    start = datetime(2024, 1, 1, tzinfo=UTC)
    for first in range(0, count, 5000):
        stories, appearances = [], []
        for i in range(first, min(first + 5000, count)):
            seen = start + timedelta(minutes=13 * i)
            url = f"https://site{i % 7}.example/a/{i}"
            stories.append(
                {
                    "id": i + 1,
                    "canonical_url": url,
                    "canonical_declared": False,
                    "source": f"site{i % 7}",
                    "title": f"Story {i}: " + " ".join(rng.choices(words, k=8)),
                    "text": " ".join(rng.choices(words, k=300)),
                    "content_hash": f"{i:064x}",
                    "published": seen,
                    "published_utcoffset": 420,
                    "date_source": "json-ld",
                    "language": "vi",
                    "authors": ["Minh Anh"],
                    "tags": ["news", "city"],
                    "first_seen": seen,
                    "last_seen": seen,
                    "updated": seen,
                    "version": 1,
                }
            )
            for n, link in enumerate((url, url + "?amp=1")):
                appearances.append(
                    {
                        "story_id": i + 1,
                        "url": link,
                        "source": f"site{(i + n) % 7}",
                        "first_seen": seen,
                        "last_seen": seen,
                    }
                )
        with engine.begin() as connection:
            connection.execute(sa.insert(Story), stories)
            connection.execute(sa.insert(Appearance), appearances)
    engine.dispose()


def child(url: str, fmt: str, out: Path) -> None:
    """Export in this process and print its peak RSS in MiB (Linux: ru_maxrss is KiB)."""
    from newsmon.analysis.export import iter_records, write_csv, write_jsonl, write_parquet
    from newsmon.storage.db import open_archive

    engine = open_archive(url)
    count = 0
    if fmt == "parquet":
        count = write_parquet(iter_records(engine), out)
    elif fmt in ("jsonl", "csv"):
        writer = write_jsonl if fmt == "jsonl" else write_csv
        with out.open("w", encoding="utf-8", newline="") as handle:
            count = writer(iter_records(engine), handle)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{count}\t{peak:.1f}")


def measure(url: str, fmt: str, directory: Path) -> tuple[int, float, float, int]:
    out = directory / f"export.{fmt}"
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, __file__, "--child", url, fmt, str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - started
    count, peak = result.stdout.split()
    size = out.stat().st_size if out.exists() else 0
    out.unlink(missing_ok=True)
    return int(count), float(peak), seconds, size


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], sys.argv[3], Path(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[5000, 50000])
    parser.add_argument("--keep", type=Path, help="Build the archives here and keep them.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        directory = args.keep or Path(scratch)
        directory.mkdir(parents=True, exist_ok=True)
        print("stories\tformat\texported\tpeak_rss_mib\tseconds\tfile_mib")
        for count in args.counts:
            url = f"sqlite:///{directory / f'archive-{count}.db'}"
            build(url, count)
            for fmt in FORMATS:
                exported, peak, seconds, size = measure(url, fmt, directory)
                print(
                    f"{count}\t{fmt}\t{exported}\t{peak:.1f}\t{seconds:.1f}\t{size / 2**20:.1f}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
