"""Politeness and health signals that need no full crawl to check."""

from __future__ import annotations

import itertools
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from newsmon.crawler.politeness import retry_after_seconds
from newsmon.scheduler.health import drift_warning
from newsmon.storage.db import open_archive, session_scope
from newsmon.storage.models import CrawlRun, Story
from tests.conftest import run_newsmon


def test_retry_after_accepts_seconds_and_http_dates() -> None:
    assert retry_after_seconds(b"120") == 120.0
    now = datetime(2025, 11, 20, 12, 0, tzinfo=UTC).timestamp()
    assert retry_after_seconds(b"Thu, 20 Nov 2025 12:01:30 GMT", now=now) == 90.0
    assert retry_after_seconds(b"Thu, 20 Nov 2025 11:00:00 GMT", now=now) == 0.0
    assert retry_after_seconds(b"soon") is None
    assert retry_after_seconds(None) is None


def _run(engine: Engine, source: str, articles: int, empty: int, undated: int, n: int) -> None:
    with session_scope(engine) as session:
        session.add(
            CrawlRun(
                source=source,
                started_at=datetime(2025, 1, 1, tzinfo=UTC) + timedelta(hours=n),
                status="finished",
                articles_extracted=articles,
                empty_body=empty,
                missing_date=undated,
            )
        )


def test_extraction_drift_is_reported_only_when_shares_jump(archive: Engine) -> None:
    for n in range(5):
        _run(archive, "thoidai", articles=40, empty=1, undated=2, n=n)
    assert drift_warning(archive, "thoidai", threshold=0.3) is None
    # after a site redesign most pages come back without text
    _run(archive, "thoidai", articles=40, empty=30, undated=3, n=6)
    warning = drift_warning(archive, "thoidai", threshold=0.3)
    assert warning is not None and "without body text rose from 2% to 75%" in warning
    # too few articles to judge: no alarm
    _run(archive, "rheinblatt", articles=40, empty=0, undated=0, n=1)
    _run(archive, "rheinblatt", articles=2, empty=2, undated=2, n=2)
    assert drift_warning(archive, "rheinblatt", threshold=0.3) is None


ARTICLE = """<html><head><meta property="og:type" content="article">
<title>{title}</title></head><body><article><h1>{title}</h1>
<p>{body}</p><p>{body}</p></article></body></html>"""


class _PoliteSite(BaseHTTPRequestHandler):
    """robots.txt with Crawl-delay, two articles, one answering 503 + Retry-After once."""

    hits: ClassVar[list[tuple[str, float, int]]] = []
    throttled_once: ClassVar[bool] = False

    def do_GET(self) -> None:
        status, body, headers = 200, b"", {"Content-Type": "text/html; charset=utf-8"}
        if self.path == "/robots.txt":
            body = b"User-agent: *\nCrawl-delay: 1\n"
            headers["Content-Type"] = "text/plain"
        elif self.path == "/":
            body = (
                b'<html><head><meta property="og:type" content="website"></head><body>'
                b'<a href="/news/first-story-about-the-harbour-1001.html">1</a>'
                b'<a href="/news/second-story-about-the-harbour-1002.html">2</a></body></html>'
            )
        elif self.path.startswith("/news/"):
            if "second" in self.path and not _PoliteSite.throttled_once:
                _PoliteSite.throttled_once = True
                status, headers["Retry-After"] = 503, "2"
            name = self.path.rsplit("/", 1)[1]
            first = "first" in name
            sentences = [
                f"Ferry line {i} resumed service at {7 + i % 12} o'clock from pier "
                f"{i if first else 100 + i}."
                for i in range(40)
            ]
            body = ARTICLE.format(title=name, body=f"{name}: " + " ".join(sentences)).encode()
        else:
            status = 404
        _PoliteSite.hits.append((self.path, time.monotonic(), status))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_crawl_delay_and_retry_after_are_honoured(tmp_path: Path) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _PoliteSite)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    config = tmp_path / "newsmon.toml"
    config.write_text(
        f'[database]\nurl = "sqlite:///{tmp_path}/a.db"\n[crawl]\ndownload_delay = 0\n'
        f'[[sources]]\nname = "polite"\nstart_urls = ["{base}/"]\n'
        f'allowed_domains = ["127.0.0.1:{server.server_port}"]\n',
        encoding="utf-8",
    )
    try:
        run_newsmon("crawl", config=config)
    finally:
        server.shutdown()
    pages = [(path, at, status) for path, at, status in _PoliteSite.hits if path != "/robots.txt"]
    gaps = [b[1] - a[1] for a, b in itertools.pairwise(pages)]
    assert len(pages) == 4  # home, first, second (503), second again
    assert min(gaps) >= 0.9, gaps  # Crawl-delay: 1 between requests to the site
    throttled = next(at for path, at, status in pages if status == 503)
    retried = next(at for path, at, status in pages if "second" in path and status == 200)
    assert retried - throttled >= 2.0  # Retry-After: 2
    engine = open_archive(f"sqlite:///{tmp_path}/a.db")
    with Session(engine) as session:
        assert len(session.exec(select(Story)).all()) == 2
    engine.dispose()
