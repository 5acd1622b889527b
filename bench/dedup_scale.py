"""Scale of near-duplicate detection: per-story cost and memory as the archive grows.

Run: .venv/bin/python bench/dedup_scale.py [--count 200000] [--block 20000] [--sample 2000]
     [--db PATH]

Stores synthetic stories (~450 words, Zipf-distributed vocabulary so common
phrases recur as in real news; about 550 a day, published in order) in a SQLite
archive. The last ``--sample`` stories of each block go one by one through the
real save path (``save_article``: lock, transaction, FTS, clustering) and are
timed; one in ten of them is a re-publication of a recent story (new lead, a
paragraph dropped) and must be found. The rest of each block is filled in bulk
with the very rows a save writes for a new story (story, appearance, FTS entry,
sketch and cross-language keys, computed by the same functions), several times
faster than one save per story. ``--sample 0`` times every story.
Per block it prints the median and p95 of the dedup cost (sketch + profile +
LSH/anchor lookup + verification + index rows + cross-language lookup), the
median whole save, and the process RSS; then the same medians in CPU time of the
process (what other programs on a shared machine cannot inflate).

The bench runs against whichever newsmon its interpreter imports, so the same
file measures an older checkout: ``/path/to/old/.venv/bin/python bench/dedup_scale.py``.
"""

from __future__ import annotations

import argparse
import inspect
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import newsmon.stories.repository as repository  # noqa: E402
from newsmon.extract.model import DateSource, ExtractedArticle  # noqa: E402
from newsmon.query.index_terms import make_entry  # noqa: E402
from newsmon.search.fulltext import write_entries  # noqa: E402
from newsmon.storage.db import open_archive, session_scope  # noqa: E402
from newsmon.storage.models import Appearance, Story  # noqa: E402
from newsmon.stories.identity import content_hash, normalize_url  # noqa: E402
from newsmon.stories.neardup import index_sketch, load_params, sketch_text  # noqa: E402
from newsmon.stories.relations import index_profile, profile  # noqa: E402
from newsmon.stories.repository import ArticlePage, SaveOutcome, save_article  # noqa: E402

_dedup_seconds = 0.0
_dedup_cpu = 0.0


def _timed(function):  # type: ignore[no-untyped-def]
    def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
        global _dedup_seconds, _dedup_cpu
        start, cpu = time.perf_counter(), time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            _dedup_seconds += time.perf_counter() - start
            _dedup_cpu += time.process_time() - cpu

    return wrapper


# Measure exactly the clustering calls the save path makes (and, where the save
# computes the sketch and profile before taking the lock, that step too).
repository.lookup_duplicate = _timed(repository.lookup_duplicate)
repository.index_new_story = _timed(repository.index_new_story)
if hasattr(repository, "text_keys"):
    repository.text_keys = _timed(repository.text_keys)
_DATED_SKETCH = "published" in inspect.signature(index_sketch).parameters


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
        self.cdf = np.cumsum(1 / ranks) / (1 / ranks).sum()

    def paragraph(self, words: int) -> str:
        picked = np.searchsorted(self.cdf, self.rng.random(words)).clip(0, len(self.words) - 1)
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


def bulk_store(engine, pages: list[ArticlePage]) -> None:  # type: ignore[no-untyped-def]
    """Store new stories in one transaction with every row a save writes for them."""
    with session_scope(engine) as session:
        params = load_params(session)
        stories = []
        for item in pages:
            article = item.article
            stories.append(
                Story(
                    canonical_url=normalize_url(article.url),
                    href=article.url,
                    source=item.source,
                    title=article.title,
                    text=article.text,
                    content_hash=content_hash(article.text),
                    published=article.published,
                    date_source=str(article.date_source),
                    language=article.language,
                    first_seen=item.seen_at,
                    last_seen=item.seen_at,
                    updated=item.seen_at,
                )
            )
        session.add_all(stories)
        session.flush()
        write_entries(
            session,
            [make_entry(s.id, s.title, s.text, s.language, s.source, s.published) for s in stories],
        )
        for story in stories:
            sketch = sketch_text(story.text, params)
            if _DATED_SKETCH:
                index_sketch(session, story.id, story.published, sketch)
            else:
                index_sketch(session, story.id, sketch)  # type: ignore[call-arg]
            prof = profile(story.text, story.title, [story.canonical_url])
            index_profile(session, story.id, story.published, prof, story.language)
        session.execute(
            sa.insert(Appearance.__table__),  # type: ignore[attr-defined]
            [
                {
                    "story_id": s.id,
                    "url": s.canonical_url,
                    "href": s.href,
                    "rendering": None,
                    "listed": True,
                    "source": s.source,
                    "first_seen": s.first_seen,
                    "last_seen": s.last_seen,
                    "listed_at": None,
                }
                for s in stories
            ],
        )


def main() -> None:
    global _dedup_seconds, _dedup_cpu
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=200_000)
    parser.add_argument("--block", type=int, default=20_000)
    parser.add_argument("--sample", type=int, default=2000, help="stories timed per block (0: all)")
    parser.add_argument("--db", type=Path, default=None, help="archive file (default: temp)")
    args = parser.parse_args()
    sample = args.sample or args.block
    tmp = tempfile.TemporaryDirectory()
    db = args.db or Path(tmp.name) / "scale.db"
    engine = open_archive(f"sqlite:///{db}")
    writer = Writer()
    start_date = datetime(2025, 1, 1, tzinfo=UTC)
    recent: list[list[str]] = []
    dedup_ms: list[float] = []
    save_ms: list[float] = []
    dedup_cpu_ms: list[float] = []
    save_cpu_ms: list[float] = []
    copies = found = 0
    began = time.perf_counter()
    print(f"{'stories':>8} {'dedup median':>13} {'dedup p95':>10} {'save median':>12} "
          f"{'RSS MB':>7} {'copies found':>13} {'db MB':>7} {'elapsed':>8} "
          f"{'CPU: dedup':>10} {'save':>8}")  # fmt: skip
    bulk: list[ArticlePage] = []
    for n in range(1, args.count + 1):
        published = start_date + timedelta(seconds=n * 157)  # ~550 stories a day
        timed = n % args.block == 0 or n % args.block > args.block - sample
        is_copy = timed and n % 10 == 0 and recent
        if not timed:
            paragraphs = writer.story()
            recent = [*recent[-199:], paragraphs]
            bulk.append(page(n, paragraphs, published, f"outlet{n % 7}"))
            if len(bulk) >= 1000:
                bulk_store(engine, bulk)
                bulk.clear()
            continue
        if bulk:
            bulk_store(engine, bulk)
            bulk.clear()
        if is_copy:
            original = recent[int(writer.rng.integers(0, len(recent)))]
            paragraphs = [writer.paragraph(30), *original[1:-1]]  # new lead, last one dropped
            copies += 1
        else:
            paragraphs = writer.story()
            recent = [*recent[-199:], paragraphs]
        _dedup_seconds = _dedup_cpu = 0.0
        article = page(n, paragraphs, published, f"outlet{n % 7}")
        start, cpu = time.perf_counter(), time.process_time()
        result = save_article(engine, article)
        save_ms.append((time.perf_counter() - start) * 1000)
        save_cpu_ms.append((time.process_time() - cpu) * 1000)
        dedup_ms.append(_dedup_seconds * 1000)
        dedup_cpu_ms.append(_dedup_cpu * 1000)
        if is_copy and result.outcome == SaveOutcome.duplicate:
            found += 1
        if n % args.block == 0:
            block = sorted(dedup_ms)
            p95 = block[len(block) * 95 // 100]
            print(
                f"{n:>8} {statistics.median(block):>10.2f} ms {p95:>7.2f} ms"
                f" {statistics.median(save_ms):>9.2f} ms {rss_mb():>7.0f} {found:>6}/{copies:<6}"
                f" {db.stat().st_size / 2**20:>7.0f} {time.perf_counter() - began:>7.0f}s"
                f" {statistics.median(dedup_cpu_ms):>7.2f} ms"
                f" {statistics.median(save_cpu_ms):>5.2f} ms",
                flush=True,
            )
            for timings in (dedup_ms, save_ms, dedup_cpu_ms, save_cpu_ms):
                timings.clear()
    engine.dispose()
    tmp.cleanup()


if __name__ == "__main__":
    main()
