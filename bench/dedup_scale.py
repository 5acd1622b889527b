"""Scale of near-duplicate detection: per-story cost and memory as the archive grows.

Run: .venv/bin/python bench/dedup_scale.py [--count 200000] [--block 20000] [--db PATH]

Inserts synthetic stories (~450 words, Zipf-distributed vocabulary so common
phrases recur as in real news; about 550 a day, published in order) into a
SQLite archive through the real save path (``save_article``: lock, transaction,
FTS, clustering). One in ten is a re-publication of a recent story (new lead, a
paragraph dropped) and must be found. Per block it prints the median and p95 of
the dedup cost (sketch + LSH/anchor lookup + verification + index rows +
cross-language keys and lookup), the whole save, and the process RSS.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import newsmon.stories.repository as repository  # noqa: E402
from newsmon.extract.model import DateSource, ExtractedArticle  # noqa: E402
from newsmon.storage.db import open_archive  # noqa: E402
from newsmon.stories.repository import ArticlePage, SaveOutcome, save_article  # noqa: E402

_dedup_seconds = 0.0


def _timed(function):  # type: ignore[no-untyped-def]
    def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
        global _dedup_seconds
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            _dedup_seconds += time.perf_counter() - start

    return wrapper


# Measure exactly the clustering calls the save path makes.
repository.lookup_duplicate = _timed(repository.lookup_duplicate)
repository.index_new_story = _timed(repository.index_new_story)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Writer:
    """Synthetic news prose: Zipfian words, capitalised names, numbers, paragraphs."""

    def __init__(self, seed: int = 7, vocabulary: int = 40_000) -> None:
        self.rng = np.random.default_rng(seed)
        letters = np.array(list("aeiounrstlhdcmgpbkvy"))
        lengths = self.rng.integers(2, 10, vocabulary)
        self.words = ["".join(self.rng.choice(letters, n)) for n in lengths]
        ranks = np.arange(1, vocabulary + 1)
        self.p = (1 / ranks) / (1 / ranks).sum()

    def paragraph(self, words: int) -> str:
        picked = self.rng.choice(len(self.words), words, p=self.p)
        tokens = [self.words[i] for i in picked]
        for i in self.rng.integers(0, words, 3):
            tokens[i] = tokens[i].capitalize()
        tokens[int(self.rng.integers(0, words))] = str(int(self.rng.integers(10, 99_999)))
        return tokens[0].capitalize() + " " + " ".join(tokens[1:]) + "."

    def story(self) -> list[str]:
        return [self.paragraph(int(self.rng.integers(40, 90))) for _ in range(7)]


def page(n: int, paragraphs: list[str], published: datetime, source: str) -> ArticlePage:
    article = ExtractedArticle(
        url=f"https://{source}.example/news/{n}.html",
        text="\n\n".join(paragraphs),
        title=paragraphs[0][:60],
        published=published,
        date_source=DateSource.json_ld,
        language="vi",
    )
    return ArticlePage(source, article, published + timedelta(minutes=5))


def main() -> None:
    global _dedup_seconds
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=200_000)
    parser.add_argument("--block", type=int, default=20_000)
    parser.add_argument("--db", type=Path, default=None, help="archive file (default: temp)")
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    db = args.db or Path(tmp.name) / "scale.db"
    engine = open_archive(f"sqlite:///{db}")
    writer = Writer()
    start_date = datetime(2025, 1, 1, tzinfo=UTC)
    recent: list[list[str]] = []
    dedup_ms: list[float] = []
    save_ms: list[float] = []
    copies = found = 0
    began = time.perf_counter()
    print(f"{'stories':>8} {'dedup median':>13} {'dedup p95':>10} {'save median':>12} "
          f"{'RSS MB':>7} {'copies found':>13} {'db MB':>7} {'elapsed':>8}")  # fmt: skip
    for n in range(1, args.count + 1):
        published = start_date + timedelta(seconds=n * 157)  # ~550 stories a day
        is_copy = n % 10 == 0 and recent
        if is_copy:
            original = recent[int(writer.rng.integers(0, len(recent)))]
            paragraphs = [writer.paragraph(30), *original[1:-1]]  # new lead, last one dropped
            copies += 1
        else:
            paragraphs = writer.story()
            recent = [*recent[-199:], paragraphs]
        _dedup_seconds = 0.0
        start = time.perf_counter()
        result = save_article(engine, page(n, paragraphs, published, f"outlet{n % 7}"))
        save_ms.append((time.perf_counter() - start) * 1000)
        dedup_ms.append(_dedup_seconds * 1000)
        if is_copy and result.outcome == SaveOutcome.duplicate:
            found += 1
        if n % args.block == 0:
            block = sorted(dedup_ms)
            p95 = block[len(block) * 95 // 100]
            print(
                f"{n:>8} {statistics.median(block):>10.2f} ms {p95:>7.2f} ms"
                f" {statistics.median(save_ms):>9.2f} ms {rss_mb():>7.0f} {found:>6}/{copies:<6}"
                f" {db.stat().st_size / 2**20:>7.0f} {time.perf_counter() - began:>7.0f}s",
                flush=True,
            )
            dedup_ms.clear()
            save_ms.clear()
    engine.dispose()
    tmp.cleanup()


if __name__ == "__main__":
    main()
