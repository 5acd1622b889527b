"""Crawl throughput against a scaled-up fixture world, compared with extraction alone.

    .venv/bin/python bench/throughput.py [--scale 700] [--sample 300]

Crawls the fixture world (3 outlets x ``scale`` synthetic articles plus the
hand-written ones) with the real ``newsmon crawl`` into a fresh SQLite archive
and reports pages/s and CPU use (busy CPU seconds of the whole machine during
the crawl divided by wall time = cores kept busy; the fixture server's share is
shown too). Then it times
``extract_article`` alone, single process, on a sample of the same article pages.
Target: the crawl reaches at least 1.5x the single-core extraction-only rate.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from fixtureworld import FixtureWorld  # noqa: E402
from newsmon.extract import extract_article  # noqa: E402


def machine_busy_seconds() -> float:
    """CPU seconds all cores spent busy, from /proc/stat.

    Machine-wide on purpose: extraction workers are grandchildren (behind
    multiprocessing's fork server), which RUSAGE_CHILDREN does not see. The
    fixture server's own CPU is reported separately.
    """
    with open("/proc/stat", encoding="ascii") as stat:
        fields = [int(v) for v in stat.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _process_cpu(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds) of a live process, from /proc."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _descendants_cpu(root: int, seen: dict[int, float]) -> None:
    """Update ``seen`` (pid -> last CPU seconds) for ``root`` and all its descendants."""
    parents: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            info = _process_cpu(int(entry))
            if info is not None:
                parents[int(entry)], cpu[int(entry)] = info
    family = {root}
    changed = True
    while changed:
        changed = False
        for pid, parent in parents.items():
            if parent in family and pid not in family:
                family.add(pid)
                changed = True
    for pid in family:
        if pid in cpu:
            seen[pid] = cpu[pid]


def crawl(world: FixtureWorld, directory: Path) -> dict:
    config = directory / "newsmon.toml"
    config.write_text(
        world.config_toml(
            database_url=f"sqlite:///{directory}/archive.db",
            crawl_overrides={
                "max_listing_pages": 200,
                "max_requests_per_source": 100_000,
                "concurrency_per_domain": 32,
                "concurrency_total": 64,
                "download_timeout": 10,
            },
        ),
        encoding="utf-8",
    )
    cpu_before, started = machine_busy_seconds(), time.monotonic()
    server_before = resource.getrusage(resource.RUSAGE_SELF)
    process = subprocess.Popen(
        [sys.executable, "-m", "newsmon", "crawl", "--json", "--config", str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=REPO,
    )
    per_process: dict[int, float] = {}
    while process.poll() is None:
        _descendants_cpu(process.pid, per_process)
        time.sleep(0.25)
    stdout = process.stdout.read() if process.stdout else ""
    wall = time.monotonic() - started
    cpu = machine_busy_seconds() - cpu_before
    server_after = resource.getrusage(resource.RUSAGE_SELF)
    server_cpu = (server_after.ru_utime - server_before.ru_utime) + (
        server_after.ru_stime - server_before.ru_stime
    )
    report = json.loads(stdout)
    main_cpu = per_process.pop(process.pid, 0.0)
    report.update(
        wall=wall,
        cpu=cpu,
        server_cpu=server_cpu,
        main_cpu=main_cpu,
        helper_cpu=sorted(per_process.values(), reverse=True),
    )
    return report


def extraction_only(world: FixtureWorld, sample: int) -> tuple[int, float]:
    articles = [a for a in world.truth.reachable]
    random.Random(7).shuffle(articles)
    pages = []
    for article in articles[:sample]:
        with urllib.request.urlopen(article.canonical_url, timeout=10) as response:
            charset = response.headers.get_content_charset() or "utf-8"
            pages.append((article, response.read().decode(charset, errors="replace")))
    extract_article(pages[0][1], pages[0][0].canonical_url)  # warm imports and caches
    started = time.process_time()
    for article, html in pages:
        extract_article(html, article.canonical_url, timezone="Europe/Berlin")
    return len(pages), time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=700, help="synthetic articles per outlet")
    parser.add_argument("--sample", type=int, default=300, help="pages for extraction-only")
    args = parser.parse_args()
    with (
        FixtureWorld(scale=args.scale, slow_seconds=0.5) as world,
        tempfile.TemporaryDirectory() as tmp,
    ):
        reachable = len(world.truth.reachable)
        report = crawl(world, Path(tmp))
        pages = sum(s["pages_fetched"] for s in report["sources"])
        articles = sum(s["articles_extracted"] for s in report["sources"])
        new = sum(s["stories_new"] for s in report["sources"])
        count, seconds = extraction_only(world, args.sample)
    extract_rate = count / seconds
    crawl_rate = articles / report["wall"]
    crawl_rate_inner = articles / report["seconds"]
    print(f"fixture world: {reachable} reachable articles (scale {args.scale})")
    print(f"crawl: {pages} pages fetched, {articles} articles extracted, {new} stories stored")
    print(
        f"  wall {report['wall']:.1f} s (crawl loop {report['seconds']:.1f} s, the rest is "
        f"process start-up), CPU {report['cpu']:.1f} s = {report['cpu'] / report['wall']:.2f} "
        f"of {os.cpu_count()} cores busy (machine-wide; the fixture server's part: "
        f"{report['server_cpu']:.1f} s)"
    )
    helpers = ", ".join(f"{c:.1f}" for c in report["helper_cpu"] if c >= 0.5)
    print(
        f"  CPU by process (sampled): crawl loop {report['main_cpu']:.1f} s; "
        f"extraction/storage workers {helpers} s"
    )
    print(
        f"  {crawl_rate:.1f} articles/s end to end, {crawl_rate_inner:.1f} articles/s in the "
        f"crawl loop, {pages / report['wall']:.1f} pages/s"
    )
    print(
        f"extraction only (1 process, {count} of the same pages): {extract_rate:.1f} pages/s, "
        f"{1000 / extract_rate:.1f} ms/page"
    )
    print(
        f"speed-up of the crawl over single-core extraction: {crawl_rate / extract_rate:.2f}x "
        f"end to end, {crawl_rate_inner / extract_rate:.2f}x in the crawl loop (target >= 1.5x)"
    )


if __name__ == "__main__":
    main()
