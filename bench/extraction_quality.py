"""Extraction quality benchmark: plain trafilatura vs newsmon's extract_article.

Run on demand (not a test)::

    .venv/bin/python bench/extraction_quality.py [--dataset scrapinghub|fundus|all] [--limit N]
        [--worst 10] [--half 0|1]

Body metric is the scrapinghub article-extraction-benchmark's own: \\w+ tokens (case kept),
bag of 4-token shingles, per-page precision/recall, precision averaged over pages with
output, recall over pages with gold text, F1 = harmonic mean of the two averages.
On fundus it also scores publication dates (same calendar day in the gold's UTC offset),
titles (normalised exact match, token-F1 >= 0.9) and authors. Timing is single-process.

``--half 0`` / ``--half 1`` keep the pages whose crc32(file name) is even / odd: design a
rule on one half, check it on the other, so a rule that only fits the pages looked at
shows up as a gain on one half and none (or a loss) on the other.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import re
import statistics
import sys
import time
import unicodedata
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import trafilatura

from newsmon.extract import ExtractedArticle, extract_article

ROOT = Path(__file__).resolve().parents[1]

# The shared data sets live beside the repository (../shared/datasets); --datasets or
# $NEWSMON_DATASETS point elsewhere.
DATASETS = Path(os.environ.get("NEWSMON_DATASETS", ROOT.parent / "shared" / "datasets"))
SCRAPINGHUB = DATASETS / "scrapinghub-article-extraction-benchmark"
FUNDUS = DATASETS / "fundus-parser-testdata"

# The zone a newsmon source config would carry for each fundus country folder.
COUNTRY_TZ = {
    "at": "Europe/Vienna", "au": "Australia/Sydney", "be": "Europe/Brussels",
    "ca": "America/Toronto", "ch": "Europe/Zurich", "cn": "Asia/Shanghai",
    "cz": "Europe/Prague", "de": "Europe/Berlin", "dk": "Europe/Copenhagen",
    "es": "Europe/Madrid", "fr": "Europe/Paris", "gl": "America/Nuuk",
    "id": "Asia/Jakarta", "il": "Asia/Jerusalem", "ind": "Asia/Kolkata",
    "isl": "Atlantic/Reykjavik", "it": "Europe/Rome", "jp": "Asia/Tokyo",
    "kr": "Asia/Seoul", "lb": "Asia/Beirut", "li": "Europe/Vaduz", "ls": "Africa/Maseru",
    "lt": "Europe/Vilnius", "lu": "Europe/Luxembourg", "mx": "America/Mexico_City",
    "my": "Asia/Kuala_Lumpur", "na": "Africa/Windhoek", "no": "Europe/Oslo",
    "pl": "Europe/Warsaw", "pt": "Europe/Lisbon", "py": "America/Asuncion",
    "ru": "Europe/Moscow", "se": "Europe/Stockholm", "tr": "Europe/Istanbul",
    "tw": "Asia/Taipei", "tz": "Africa/Dar_es_Salaam", "ua": "Europe/Kyiv",
    "uk": "Europe/London", "us": "America/New_York", "vn": "Asia/Ho_Chi_Minh",
    "za": "Africa/Johannesburg",
}  # fmt: skip

_TOKEN = re.compile(r"\w+")


@dataclass(slots=True)
class Sample:
    key: str
    url: str
    html: str
    body: str
    title: str | None = None
    published: str | None = None
    authors: list[str] = field(default_factory=list)
    timezone: str = "UTC"
    crawled: datetime | None = None


# --- metric (re-implemented from the benchmark's description) ---------------------------


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def tp_fp_fn(gold: str, pred: str) -> tuple[int, int, int]:
    g, p = shingles(gold), shingles(pred)
    tp = sum((g & p).values())
    return tp, sum(p.values()) - tp, sum(g.values()) - tp


def body_scores(rows: list[tuple[int, int, int]]) -> tuple[float, float, float]:
    """(F1, precision, recall) as the benchmark averages them."""
    precisions = [tp / (tp + fp) for tp, fp, _ in rows if tp + fp > 0]
    recalls = [tp / (tp + fn) for tp, _, fn in rows if tp + fn > 0]
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, precision, recall


# --- datasets ---------------------------------------------------------------------------


def _read(path: Path) -> str:
    return gzip.decompress(path.read_bytes()).decode("utf-8")


def in_half(key: str, half: int | None) -> bool:
    """Whether a page belongs to the half (crc32 of its key, even = 0, odd = 1)."""
    return half is None or zlib.crc32(key.encode()) % 2 == half


def load_scrapinghub(limit: int | None, half: int | None = None) -> list[Sample]:
    truth = json.loads((SCRAPINGHUB / "ground-truth.json").read_text(encoding="utf-8"))
    keys = [k for k in sorted(truth) if in_half(k, half)][:limit]
    return [
        Sample(k, truth[k]["url"], _read(SCRAPINGHUB / "html" / f"{k}.html.gz"),
               truth[k]["articleBody"])
        for k in keys
    ]  # fmt: skip


def load_fundus(limit: int | None, half: int | None = None) -> list[Sample]:
    truth = json.loads((FUNDUS / "ground-truth.json").read_text(encoding="utf-8"))
    samples = []
    for key in [k for k in sorted(truth) if in_half(k, half)][:limit]:
        gold = truth[key]
        crawled = datetime.fromisoformat(gold["crawlDate"]) if gold.get("crawlDate") else None
        samples.append(
            Sample(
                key=key,
                url=gold["url"],
                html=_read(FUNDUS / "html" / f"{key}.html.gz"),
                body=gold["articleBody"],
                title=gold.get("headline"),
                published=gold.get("datePublished"),
                authors=list(gold.get("authors") or []),
                timezone=COUNTRY_TZ.get(gold.get("country", ""), "UTC"),
                crawled=crawled,
            )
        )
    return samples


# --- systems ----------------------------------------------------------------------------


def run_trafilatura(sample: Sample, **options: bool) -> str:
    return trafilatura.extract(sample.html, url=sample.url, **options) or ""


def run_ours(sample: Sample) -> ExtractedArticle:
    # crawlDate's zone is not recorded: allow a day so "now" never rejects a true date
    now = sample.crawled.replace(tzinfo=UTC) + timedelta(days=1) if sample.crawled else None
    return extract_article(sample.html, sample.url, timezone=sample.timezone, now=now)


@dataclass(slots=True)
class Run:
    name: str
    outputs: list[object]
    seconds: list[float]


def timed(name: str, samples: list[Sample], fn: Callable[[Sample], object]) -> Run:
    fn(samples[0])  # warm-up: imports and model loading are a once-per-worker cost
    outputs, seconds = [], []
    for sample in samples:
        start = time.perf_counter()
        outputs.append(fn(sample))
        seconds.append(time.perf_counter() - start)
    return Run(name, outputs, seconds)


# --- other fields -----------------------------------------------------------------------


def norm_title(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    text = re.sub(r"[‘’‚‛′`´]", "'", text)
    text = re.sub(r"[“”„‟″«»]", '"', text)
    text = re.sub(r"[‐‑‒–—―]", "-", text)
    return " ".join(text.split()).strip(" .")


def token_f1(gold: str | None, pred: str | None) -> float:
    g = Counter(_TOKEN.findall(norm_title(gold)))
    p = Counter(_TOKEN.findall(norm_title(pred)))
    tp = sum((g & p).values())
    if not tp:
        return 0.0
    precision, recall = tp / sum(p.values()), tp / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def same_day(gold: str | None, pred: datetime | None, tz: str) -> tuple[bool, bool]:
    """(same calendar day in the gold's offset, same minute) for one page."""
    if not gold or pred is None:
        return False, False
    gold_dt = datetime.fromisoformat(gold)
    if gold_dt.tzinfo is None:
        gold_dt = gold_dt.replace(tzinfo=ZoneInfo(tz))
    local = pred.astimezone(gold_dt.tzinfo)
    return local.date() == gold_dt.date(), abs((local - gold_dt).total_seconds()) < 60


# --- report -----------------------------------------------------------------------------


def timing_line(run: Run) -> str:
    ms = sorted(s * 1000 for s in run.seconds)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    return (
        f"{len(ms) / sum(run.seconds):6.1f} pages/s  per page: mean {statistics.mean(ms):.1f} ms,"
        f" median {statistics.median(ms):.1f} ms, p95 {p95:.1f} ms, max {ms[-1]:.1f} ms"
    )


def page_f1(gold: str, text: str) -> float:
    tp, fp, fn = tp_fp_fn(gold, text)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def worst_pages(samples: list[Sample], ours: list[str], theirs: list[str], count: int) -> None:
    """The pages where newsmon loses most against trafilatura (include_comments=False)."""
    deltas = sorted(
        (page_f1(s.body, o) - page_f1(s.body, t), page_f1(s.body, o), page_f1(s.body, t), s.key)
        for s, o, t in zip(samples, ours, theirs, strict=True)
    )
    print(f"{count} worst pages against trafilatura (include_comments=False), page F1:")
    for delta, mine, other, key in deltas[:count]:
        print(f"  {delta:+.3f}  newsmon {mine:.3f}  trafilatura {other:.3f}  {key}")


def evaluate(name: str, samples: list[Sample], detail: bool, worst: int = 0) -> None:
    print(f"\n=== {name}: {len(samples)} pages ===")
    runs = [
        timed("trafilatura.extract (defaults)", samples, run_trafilatura),
        timed(
            "trafilatura.extract (include_comments=False)",
            samples,
            lambda s: run_trafilatura(s, include_comments=False),
        ),
        timed("newsmon extract_article", samples, run_ours),
    ]
    for run in runs:
        texts = [o.text if isinstance(o, ExtractedArticle) else str(o) for o in run.outputs]
        f1, precision, recall = body_scores(
            [tp_fp_fn(s.body, t) for s, t in zip(samples, texts, strict=True)]
        )
        empty = sum(1 for t in texts if not t.strip())
        print(f"{run.name:<46} F1={f1:.4f}  precision={precision:.4f}  recall={recall:.4f}"
              f"  empty={empty}")  # fmt: skip
        print(f"{'':<46} {timing_line(run)}")

    ours = [o for o in runs[-1].outputs if isinstance(o, ExtractedArticle)]
    if worst:
        worst_pages(samples, [a.text for a in ours], [str(t) for t in runs[1].outputs], worst)
    sources = Counter(str(a.date_source) if a.date_source else "none" for a in ours)
    print("date sources:", ", ".join(f"{k}={v}" for k, v in sources.most_common()))
    langs = Counter(a.language or "none" for a in ours)
    print("languages:", ", ".join(f"{k}={v}" for k, v in langs.most_common(12)))
    if not any(s.title for s in samples):
        return

    n = len(samples)
    days = minutes = exact = close = author_hits = 0
    for sample, article in zip(samples, ours, strict=True):
        day, minute = same_day(sample.published, article.published, sample.timezone)
        days += day
        minutes += minute
        exact += norm_title(article.title) == norm_title(sample.title)
        close += token_f1(sample.title, article.title) >= 0.9
        gold_authors = {norm_title(a) for a in sample.authors}
        author_hits += gold_authors == {norm_title(a) for a in article.authors}
        if detail and not day:
            print(f"  date miss {sample.key}: gold={sample.published} ours={article.published}"
                  f" ({article.date_source})")  # fmt: skip
        if detail and token_f1(sample.title, article.title) < 0.9:
            print(f"  title miss {sample.key}: gold={sample.title!r} ours={article.title!r}")
    print(f"date accuracy (same day as gold): {days / n:.3f} ({days}/{n}); "
          f"same minute: {minutes / n:.3f}")  # fmt: skip
    print(f"title accuracy: exact (normalised) {exact / n:.3f}; token-F1>=0.9 {close / n:.3f}")
    print(f"authors: exact set match {author_hits / n:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", choices=["scrapinghub", "fundus", "all"], default="all")
    parser.add_argument("--limit", type=int, default=None, help="first N pages of each dataset")
    parser.add_argument("--detail", action="store_true", help="list date/title misses")
    parser.add_argument(
        "--worst", type=int, default=0, help="list the N pages newsmon loses most on"
    )
    parser.add_argument(
        "--half", type=int, choices=[0, 1], help="only pages whose crc32(name) %% 2 is this"
    )
    parser.add_argument(
        "--datasets", type=Path, help=f"folder holding the data sets (default {DATASETS})"
    )
    args = parser.parse_args()
    if args.datasets:
        global SCRAPINGHUB, FUNDUS
        SCRAPINGHUB = args.datasets / SCRAPINGHUB.name
        FUNDUS = args.datasets / FUNDUS.name
    for folder in (SCRAPINGHUB, FUNDUS):
        if not folder.is_dir():
            sys.exit(f"data set not found: {folder} (use --datasets DIR)")
    logging.basicConfig(level=logging.ERROR)
    if args.dataset in ("scrapinghub", "all"):
        pages = load_scrapinghub(args.limit, args.half)
        evaluate("scrapinghub article-extraction-benchmark", pages, args.detail, args.worst)
    if args.dataset in ("fundus", "all"):
        evaluate(
            "fundus parser test data", load_fundus(args.limit, args.half), args.detail, args.worst
        )


if __name__ == "__main__":
    main()
