"""End-to-end crawl of real news pages against trafilatura's own rate, in one run.

    .venv/bin/python bench/crawl_real.py [--copies 10] [--workers 0] [--profile FILE]

Serves the 181 real pages of the ScrapingHub article-extraction benchmark
(``../shared/datasets``) ``copies`` times from loopback, each copy a distinct
story: the letters of its visible text shifted (a Caesar shift per copy, so no
two copies share a shingle) and its ``<link rel=canonical>``/og:url pointing at
its own URL. ``newsmon crawl`` reads them from a sitemap into a fresh SQLite
archive. In the same run, on the same machine, it then times trafilatura alone
on the served pages, on one core and with two processes (the limit for this
work on two cores), and newsmon's ``extract_article`` alone with two processes.

Target: the crawl stores >= 1.5x trafilatura's single-core rate, i.e. >= 0.75 of
the two-process limit. ``--profile FILE`` records the crawl and its extraction
workers with py-spy (``pip install py-spy``; sampling slows the crawl a little)
and prints where each process spent its time.
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATASET = REPO / "../shared/datasets/scrapinghub-article-extraction-benchmark"
sys.path.insert(0, str(REPO / "bench"))

from throughput import _descendants_cpu, _process_cpu, machine_busy_seconds  # noqa: E402

_OPAQUE = re.compile(
    r"(<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->|<[^>]*>)",
    re.IGNORECASE | re.DOTALL,
)
_LETTER_OR_ENTITY = re.compile(r"&#?\w+;|[A-Za-z]")
_CANONICAL = re.compile(
    r"""<link\b[^>]*\brel\s*=\s*["']?canonical\b[^>]*>"""
    r"""|<meta\b[^>]*\bproperty\s*=\s*["']?og:url\b[^>]*>""",
    re.IGNORECASE,
)
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)


def _shift(text: str, by: int) -> str:
    def one(match: re.Match[str]) -> str:
        value = match.group()
        if len(value) > 1:
            return value  # an entity (&amp;): keep it intact
        base = ord("a") if value.islower() else ord("A")
        return chr(base + (ord(value) - base + by) % 26)

    return _LETTER_OR_ENTITY.sub(one, text)


def distinct_copy(html: str, copy: int, url: str) -> str:
    """The page as a story of its own: visible letters shifted, canonical = its own URL.

    Tags, scripts (JSON-LD keeps its types, so the page still reads as an article),
    styles and comments stay as they are; only text between tags changes.
    """
    parts = _OPAQUE.split(html)
    shifted = "".join(part if index % 2 else _shift(part, copy) for index, part in enumerate(parts))
    shifted = _CANONICAL.sub("", shifted)
    link = f'<link rel="canonical" href="{url}">'
    if _HEAD.search(shifted):
        return _HEAD.sub(lambda m: m.group() + link, shifted, count=1)
    return link + shifted


def load_pages() -> list[tuple[str, str]]:
    """(id, html) of the dataset's pages."""
    pages = []
    for path in sorted((DATASET / "html").glob("*.html.gz")):
        raw = gzip.decompress(path.read_bytes())
        pages.append((path.name.split(".")[0], raw.decode("utf-8", errors="replace")))
    return pages


class Site:
    """The copies on a threaded loopback server (bodies built once, before the crawl)."""

    def __init__(self, pages: list[tuple[str, str]], copies: int) -> None:
        self.bodies: dict[str, bytes] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.urls: list[str] = []
        for copy in range(copies):
            for page_id, html in pages:
                path = f"/news/{copy}/{page_id[:16]}-story.html"
                url = self.base + path
                self.bodies[path] = distinct_copy(html, copy, url).encode("utf-8")
                self.urls.append(url)
        entries = "".join(f"<url><loc>{u}</loc></url>" for u in self.urls)
        self.bodies["/sitemap.xml"] = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
        ).encode()
        self.bodies["/empty.xml"] = (
            b'<?xml version="1.0" encoding="UTF-8"?>'
            b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>'
        )
        self.bodies["/robots.txt"] = b"User-agent: *\nAllow: /\n"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                body = site.bodies.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                kind = "application/xml" if self.path.endswith(".xml") else "text/html"
                if self.path.endswith(".txt"):
                    kind = "text/plain"
                self.send_response(200)
                self.send_header("Content-Type", f"{kind}; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        return Handler

    def __enter__(self) -> Site:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def crawl(
    site: Site, directory: Path, workers: int, profile: Path | None, sitemap: str = "/sitemap.xml"
) -> dict:
    config = directory / "newsmon.toml"
    config.write_text(
        "\n".join(
            [
                "[database]",
                f'url = "sqlite:///{directory}/archive.db"',
                "[crawl]",
                "max_requests_per_source = 100000",
                "concurrency_per_domain = 32",
                "concurrency_total = 64",
                "download_timeout = 30",
                "download_delay = 0",
                f"extract_workers = {workers}",
                "[[sources]]",
                'name = "realpages"',
                f'sitemaps = ["{site.base}{sitemap}"]',
                'allowed_domains = ["127.0.0.1"]',
                # No article_url_pattern: every page is classified from its content,
                # in the page workers, as on a source configured by its home page.
                "",
            ]
        ),
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "newsmon", "crawl", "--json", "--config", str(config)]
    if profile is not None:
        # py-spy follows the forkserver's workers too (--subprocesses); CPU samples only.
        spy = [
            str(Path(sys.executable).with_name("py-spy")),
            "record",
            "--subprocesses",
            "--rate",
            "50",
            "--format",
            "raw",
        ]
        command = [*spy, "--output", str(profile), "--", *command]
    cpu_before, started = machine_busy_seconds(), time.monotonic()
    log = (directory / "crawl.log").open("w")
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, text=True, cwd=REPO)
    per_process: dict[int, float] = {}
    crawl_pid = process.pid  # under py-spy, the crawl is py-spy's child
    while process.poll() is None:
        _descendants_cpu(process.pid, per_process)
        if profile is not None and crawl_pid == process.pid:
            crawl_pid = _child_of(process.pid) or crawl_pid
        time.sleep(0.25)
    stdout = process.stdout.read() if process.stdout else ""
    wall = time.monotonic() - started
    log.close()
    # py-spy, when profiling, writes its own lines around the JSON report.
    report, _ = json.JSONDecoder().raw_decode(
        stdout[stdout.index("\n{") + 1 :] if not stdout.startswith("{") else stdout
    )
    warnings = Counter(
        re.sub(r"http\S+", "URL", json.loads(line).get("message", ""))[:100]
        for line in (directory / "crawl.log").read_text().splitlines()
        if line.startswith("{") and ('"WARNING"' in line or '"ERROR"' in line)
    )
    report["warnings"] = warnings.most_common(8)
    report.update(
        wall=wall,
        cpu=machine_busy_seconds() - cpu_before,
        main_cpu=per_process.pop(crawl_pid, 0.0),
    )
    return report


def _child_of(parent: int) -> int | None:
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (info := _process_cpu(int(entry))) and info[0] == parent:
            return int(entry)
    return None


def _trafilatura_pages(chunk: list[tuple[str, str]]) -> tuple[int, float]:
    """Run trafilatura alone over pages; (pages, wall seconds). Runs in a fresh process."""
    import trafilatura

    trafilatura.extract(chunk[0][1], url=chunk[0][0])  # warm imports and caches
    started = time.perf_counter()
    for url, html in chunk:
        trafilatura.extract(html, url=url, include_comments=False)
    return len(chunk), time.perf_counter() - started


def _newsmon_pages(chunk: list[tuple[str, str]]) -> tuple[int, float]:
    from newsmon.extract import extract_article

    extract_article(chunk[0][1], chunk[0][0])
    started = time.perf_counter()
    for url, html in chunk:
        extract_article(html, url)
    return len(chunk), time.perf_counter() - started


def rate(function, pages: list[tuple[str, str]], processes: int) -> float:  # type: ignore[no-untyped-def]
    """Pages per second of ``function`` over ``pages`` split across ``processes``.

    Each process warms up first; the rate is all pages over the slowest process's
    time (what a pool of that size would achieve on this work).
    """
    chunks = [pages[i::processes] for i in range(processes)]
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes) as pool:
        results = pool.map(function, chunks)
    return sum(n for n, _ in results) / max(seconds for _, seconds in results)


def load() -> str:
    return Path("/proc/loadavg").read_text().split(" ", 3)[:3].__str__()


def print_profile(path: Path, top: int = 18) -> None:
    """Where each process spent its samples: own time per function, and time inside."""
    own: dict[str, Counter[str]] = {}
    inside: dict[str, Counter[str]] = {}
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = stack.split(";")
        process = frames[0][:60]
        own.setdefault(process, Counter())[frames[-1]] += int(count)
        for frame in set(frames[1:]):
            inside.setdefault(process, Counter())[frame] += int(count)
    for process, counter in sorted(own.items(), key=lambda kv: -sum(kv[1].values())):
        total = sum(counter.values())
        if total < 50:
            continue
        print(f"\n== {process}: {total} samples ==")
        print("  own time:")
        for frame, n in counter.most_common(top):
            print(f"    {100 * n / total:5.1f}%  {frame[:110]}")
        print("  inside (cumulative):")
        for frame, n in inside[process].most_common(top + 12)[1:]:
            print(f"    {100 * n / total:5.1f}%  {frame[:110]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument(
        "--workers", type=int, default=0, help="extract_workers of the crawl (0: the default)"
    )
    parser.add_argument("--sample-copies", type=int, default=2, help="copies timed alone")
    parser.add_argument("--profile", type=Path, default=None, help="py-spy raw output file")
    args = parser.parse_args()
    if not DATASET.exists():
        sys.exit(f"dataset not found: {DATASET.resolve()}")
    pages = load_pages()
    with Site(pages, args.copies) as site, tempfile.TemporaryDirectory() as tmp:
        print(f"{len(pages)} real pages x {args.copies} copies = {len(site.urls)} stories "
              f"({sum(len(b) for b in site.bodies.values()) / 2**20:.0f} MB of HTML)")  # fmt: skip
        # The same crawl with nothing to fetch: start-up and shutdown of the process.
        (Path(tmp) / "empty").mkdir()
        idle = crawl(site, Path(tmp) / "empty", args.workers, None, "/empty.xml")
        load_before = load()
        report = crawl(site, Path(tmp), args.workers, args.profile)
        load_after = load()
        sample = [(url, site.bodies[url[len(site.base) :]].decode()) for url in site.urls]
        sample = sample[: len(pages) * args.sample_copies]
    articles = sum(s["articles_extracted"] for s in report["sources"])
    stored = sum(s["stories_new"] for s in report["sources"])
    errors = sum(s["errors"] for s in report["sources"])
    empty = sum(s["empty_body"] for s in report["sources"])
    single = rate(_trafilatura_pages, sample, 1)
    double = rate(_trafilatura_pages, sample, 2)
    newsmon_double = rate(_newsmon_pages, sample, 2)
    load_end = load()
    crawl_rate = articles / report["wall"]
    print(f"load average (1, 5, 15 min): before crawl {load_before}, after crawl {load_after}, "
          f"after extraction timings {load_end}")  # fmt: skip
    print(f"crawl: {articles} articles extracted, {stored} new stories, {empty} empty, "
          f"{errors} errors in {report['wall']:.1f} s wall "
          f"({report['seconds']:.1f} s crawl loop)")  # fmt: skip
    print(f"  CPU {report['cpu']:.1f} s = {report['cpu'] / report['wall']:.2f} of "
          f"{os.cpu_count()} cores busy (machine-wide, server included); crawl process "
          f"{report['main_cpu']:.1f} s, of which {idle['main_cpu']:.1f} s start-up and shutdown "
          f"(the same crawl with nothing to fetch): crawl loop "
          f"{1000 * (report['main_cpu'] - idle['main_cpu']) / max(articles, 1):.1f} ms CPU per "
          "article (target <= 2 ms)")  # fmt: skip
    print(f"  {crawl_rate:.1f} articles/s end to end, "
          f"{articles / report['seconds']:.1f} articles/s in the crawl loop")  # fmt: skip
    print(f"trafilatura alone ({len(sample)} of the served pages): {single:.1f}/s on one core, "
          f"{double:.1f}/s with two processes; newsmon extract_article, two processes: "
          f"{newsmon_double:.1f}/s")  # fmt: skip
    print(f"crawl / trafilatura single-core = {crawl_rate / single:.2f}x (target >= 1.5x); "
          f"crawl / two-process limit = {crawl_rate / double:.2f} (target >= 0.75)")  # fmt: skip
    for text, count in report["warnings"]:
        print(f"  crawl log: {count} x {text}")
    if args.profile:
        print_profile(args.profile)


if __name__ == "__main__":
    main()
