"""A crawl is a process tree (crawl, fork server, extraction workers): none of it outlives a kill.

A site that drips one byte per second keeps a crawl busy past its deadline.
Which processes belong to a crawl is read from /proc: every process started
for the test carries a marker in its environment, orphans included.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlmodel import Session, select

from newsmon.storage.db import open_archive
from newsmon.storage.models import Story
from tests.conftest import REPO, run_newsmon
from tests.daemonkit import runs, start_daemon, story_count, wait_until
from tests.smtpkit import free_port

pytestmark = pytest.mark.slow

MARKER = "NEWSMON_TEST_MARKER"

PARAGRAPH = (
    "The harbour board met on Tuesday evening to discuss the dredging of the inner basin, "
    "which has silted up faster than the engineers expected after two stormy winters. "
)
OTHER_PARAGRAPH = (
    "Three firms from the north coast have asked for the tender documents, and the council "
    "expects the first bids before Christmas, with work on the quay walls to follow in spring. "
)
ARTICLE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{title}</title><meta property="og:type" content="article">
<meta property="article:published_time" content="2025-11-20T09:00:00+00:00"></head>
<body><article><h1>{title}</h1><p>{body}</p><p>{body}</p><p>{body}</p></article></body></html>"""


class QuietHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass


class LoopbackSite:
    """A threaded HTTP server on 127.0.0.1; ``close`` stops it."""

    def _serve(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class DripSite(LoopbackSite):
    """Home page, one normal article, and one that drips a byte a second the first time."""

    def __init__(self) -> None:
        self.drips_left = 1
        self.drip_started = threading.Event()
        site = self

        class Handler(QuietHandler):
            def do_GET(self) -> None:
                if self.path == "/":
                    self._send(
                        b'<html><body><a href="/news/harbour-board-meets-on-dredging-2001.html">'
                        b'a</a> <a href="/news/dredging-contract-goes-to-tender-2002.html">b</a>'
                        b"</body></html>"
                    )
                elif self.path.endswith("-2001.html"):
                    title = "Harbour board meets on dredging"
                    self._send(ARTICLE.format(title=title, body=PARAGRAPH).encode())
                elif self.path.endswith("-2002.html"):
                    if site.drips_left:
                        site.drips_left -= 1
                        self._drip()
                    else:
                        title = "Dredging contract goes to tender"
                        self._send(ARTICLE.format(title=title, body=OTHER_PARAGRAPH).encode())
                else:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()

            def _send(self, body: bytes) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _drip(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", "100000")
                self.end_headers()
                site.drip_started.set()
                try:
                    for _ in range(300):
                        self.wfile.write(b" ")
                        self.wfile.flush()
                        time.sleep(1)
                except OSError:
                    pass  # the crawler hung up
                self.close_connection = True

        self._serve(Handler)


@pytest.fixture
def site() -> Iterator[DripSite]:
    drip = DripSite()
    yield drip
    drip.close()


def marked_processes(marker: str) -> dict[int, str]:
    """Live processes (not zombies) whose environment carries ``marker``: pid -> command."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if f"{MARKER}={marker}".encode() in environ.split(b"\0") and state != "Z":
            found[int(entry.name)] = command
    return found


def config_for(site: DripSite, directory: Path, schedule: str) -> tuple[Path, str]:
    database = f"sqlite:///{directory}/archive.db"
    config = directory / "newsmon.toml"
    config.write_text(
        f'[database]\nurl = "{database}"\n\n'
        "[crawl]\ndownload_timeout = 600\nretries = 0\ndownload_delay = 0\nextract_workers = 2\n\n"
        f'[[sources]]\nname = "drip"\nstart_urls = ["{site.url}"]\nlanguage = "en"\n'
        f'schedule = "{schedule}"\njitter = 0\n\n'
        f"[daemon]\ncrawl_deadline = 20\nshutdown_grace = 2\nbackoff_base = 1\n"
        f"heartbeat_interval = 1\nhttp_port = {free_port()}\n",
        encoding="utf-8",
    )
    return config, database


def test_a_crawl_past_its_deadline_is_killed_whole_and_the_next_slot_runs(
    site: DripSite, tmp_path: Path
) -> None:
    config, database = config_for(site, tmp_path, "every 45 seconds")
    engine = open_archive(database)
    marker = uuid.uuid4().hex
    log = tmp_path / "daemon.log"
    daemon = start_daemon(config, log, env={MARKER: marker})
    try:
        wait_until(site.drip_started.is_set, 60, "the crawl stuck on the dripping page")
        wait_until(lambda: len(marked_processes(marker)) >= 4, 30, "crawl, fork server, workers")
        wait_until(lambda: runs(engine, status="killed"), 40, "the crawl stopped at its deadline")
        # Everything of that crawl is gone, orphans included: only the daemon is left.
        wait_until(
            lambda: set(marked_processes(marker)) == {daemon.pid}, 10, "no process of the crawl"
        )
        wait_until(
            lambda: runs(engine, status="finished", outcome="ok"), 90, "the next slot's crawl"
        )

        def recovered() -> bool:
            (source,) = json.loads(run_newsmon("status", "--json", config=config).stdout)["sources"]
            return source["failure_streak"] == 0

        wait_until(recovered, 30, "the daemon recording the successful run")
    finally:
        daemon.send_signal(signal.SIGTERM)
        code = daemon.wait(timeout=30)
    assert code == 0, log.read_text()[-3000:]
    killed, finished = runs(engine, status="killed")[0], runs(engine, status="finished")[0]
    assert killed.outcome == "failed" and killed.message == "stopped at its deadline"
    assert killed.finished_at is not None and killed.finished_at < finished.started_at
    (source,) = json.loads(run_newsmon("status", "--json", config=config).stdout)["sources"]
    assert source["last_finished_run"]["state"] in ("finished", "interrupted")
    assert source["last_result"] in ("ok", "interrupted (daemon stopping)")
    with Session(engine) as session:
        titles = sorted(session.exec(select(Story.title)).all())
    assert titles == ["Dredging contract goes to tender", "Harbour board meets on dredging"]
    assert "passed its deadline" in log.read_text()
    wait_until(lambda: not marked_processes(marker), 10, "nothing left after the daemon stopped")
    engine.dispose()


def test_kill_9_of_a_crawl_leaves_no_worker_behind(site: DripSite, tmp_path: Path) -> None:
    config, database = config_for(site, tmp_path, "every 1 hour")
    engine = open_archive(database)
    marker = uuid.uuid4().hex
    crawl = subprocess.Popen(
        [sys.executable, "-m", "newsmon", "crawl", "--config", str(config)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env={**os.environ, MARKER: marker},
    )
    try:
        wait_until(site.drip_started.is_set, 60, "the crawl stuck on the dripping page")
        wait_until(lambda: story_count(engine) > 0, 60, "an article stored (the pool is up)")
        before = marked_processes(marker)
        assert len(before) >= 3, before  # crawl, fork server, at least one worker
    finally:
        os.kill(crawl.pid, signal.SIGKILL)  # the crawl process alone, as `kill -9 PID` does
        crawl.wait(timeout=10)
    wait_until(lambda: not marked_processes(marker), 10, "the fork server and workers exit")
    engine.dispose()


class GatedSite(LoopbackSite):
    """A home page linking six articles; all but the first two wait for ``release``."""

    ARTICLES = 6

    def __init__(self) -> None:
        self.release = threading.Event()

        site = self

        class Handler(QuietHandler):
            def do_GET(self) -> None:
                if self.path == "/":
                    links = "".join(
                        f'<a href="/news/harbour-story-number-{n}-{3000 + n}.html">{n}</a> '
                        for n in range(site.ARTICLES)
                    )
                    body = f"<html><body>{links}</body></html>".encode()
                elif self.path.startswith("/news/harbour-story-number-"):
                    number = int(self.path.split("-")[3])
                    if number >= 2:
                        site.release.wait(60)
                    title = f"Harbour story number {number}"
                    body = ARTICLE.format(title=title, body=distinct_text(number)).encode()
                else:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self._serve(Handler)

    def close(self) -> None:
        self.release.set()
        super().close()


TOPICS = ["dredging", "ferries", "fishing quotas", "the lighthouse", "quay walls", "tides"]
PLACES = ["Northport", "Eastholm", "Saltmere", "Westcliff", "Brayhaven", "Kettlebay"]


def distinct_text(number: int) -> str:
    """Running text no other story of the site shares a sentence with (no near-duplicates)."""
    topic, place = TOPICS[number], PLACES[number]
    return " ".join(
        f"In {place}, meeting {day} on {topic} heard {number * 7 + day} residents ask about "
        f"{topic} costs, and the {place} clerk promised figures for {topic} by week {day + 2}."
        for day in range(8)
    )


def parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def test_a_killed_page_worker_is_replaced_and_no_page_is_lost(tmp_path: Path) -> None:
    site = GatedSite()
    database = f"sqlite:///{tmp_path}/archive.db"
    config = tmp_path / "newsmon.toml"
    config.write_text(
        f'[database]\nurl = "{database}"\n\n'
        "[crawl]\nretries = 0\ndownload_delay = 0\nextract_workers = 2\n\n"
        f'[[sources]]\nname = "gated"\nstart_urls = ["{site.url}"]\nlanguage = "en"\n',
        encoding="utf-8",
    )
    engine = open_archive(database)
    marker = uuid.uuid4().hex
    crawl = subprocess.Popen(
        [sys.executable, "-m", "newsmon", "crawl", "--json", "--config", str(config)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env={**os.environ, MARKER: marker},
    )
    try:
        wait_until(lambda: story_count(engine) >= 2, 60, "the first two articles stored")
        processes = marked_processes(marker)
        (server,) = [
            pid
            for pid, command in processes.items()
            if parent_of(pid) == crawl.pid and "forkserver" in command
        ]
        workers = [pid for pid in processes if parent_of(pid) == server]
        assert workers, processes
        os.kill(workers[0], signal.SIGKILL)  # as the OOM killer would
        wait_until(lambda: workers[0] not in marked_processes(marker), 10, "the worker gone")
        site.release.set()
        stdout, stderr = crawl.communicate(timeout=120)
    finally:
        site.close()
        if crawl.poll() is None:
            os.killpg(crawl.pid, signal.SIGKILL)
    assert crawl.returncode == 0, stderr[-3000:]
    assert story_count(engine) == GatedSite.ARTICLES, stdout + stderr[-4000:]
    (source,) = json.loads(stdout)["sources"]
    assert source["stories_new"] == GatedSite.ARTICLES and source["errors"] == 0
    assert "a page worker died" in stderr
    engine.dispose()
