"""``[cluster]``: validated in one place; secrets from the environment, never in job args.

The dispatch cases talk to a stand-in Scrapyd API on loopback, for what a real
node will not do on demand (forget a job it was given); tests/test_cluster.py
runs real Scrapyd processes.
"""

from __future__ import annotations

import asyncio
import json
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from newsmon.config import ConfigError, parse_config
from newsmon.scheduler.remote_crawl import RemoteCrawl
from newsmon.scheduler.scrapyd import NodePool
from newsmon.storage.db import open_archive
from newsmon.storage.locks import ArchiveLock

PG = {"url": "postgresql://newsmon:s3cret-db@db.example.org/newsmon"}
NODE = {"url": "http://node1.example.org:6800"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"cluster": {"nodes": [NODE]}}, "cluster: needs a PostgreSQL [database] url"),
        ({"database": PG, "cluster": {"nodes": []}}, "cluster.nodes: List should have at least 1"),
        ({"database": PG, "cluster": {}}, "cluster.nodes: Field required"),
        (
            {"database": PG, "cluster": {"nodes": [NODE, NODE]}},
            "cluster: nodes: 'node1.example.org:6800' is listed twice",
        ),
        ({"database": PG, "cluster": {"nodes": [{"url": "node1:6800"}]}}, "cluster.nodes[0].url"),
        (
            {"database": PG, "cluster": {"nodes": [NODE], "password": "in-file"}},
            "cluster.password: unknown key",
        ),
        ({"database": PG, "cluster": {"nodes": [{**NODE, "slots": 0}]}}, "cluster.nodes[0].slots"),
    ],
)
def test_cluster_errors_name_the_key(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError) as error:
        parse_config(data, origin="newsmon.toml")
    assert str(error.value).startswith(f"newsmon.toml: {message}"), str(error.value)


def test_the_postgresql_url_may_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSMON_DATABASE_URL", PG["url"])
    config = parse_config({"cluster": {"nodes": [NODE, {**NODE, "name": "b", "slots": 3}]}})
    assert config.cluster is not None
    assert config.cluster.total_slots == 4
    assert [n.label for n in config.cluster.nodes] == ["node1.example.org:6800", "b"]


class StandInServer(ThreadingHTTPServer):
    """A stand-in Scrapyd: answers ``ok``, keeps each request, and either reports
    every job it was given as finished or (``forgets_jobs``) knows none of them,
    like a node restarted with its queue lost."""

    def __init__(self, forgets_jobs: bool = False) -> None:
        super().__init__(("127.0.0.1", 0), StandInHandler)
        self.forgets_jobs = forgets_jobs
        self.seen: list[tuple[str, str, dict[str, list[str]], str | None]] = []
        self.jobs: list[str] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class StandInHandler(BaseHTTPRequestHandler):
    server: StandInServer

    def _answer(self, body: bytes) -> None:
        path, _, query = self.path.partition("?")
        form = urllib.parse.parse_qs(body.decode() or query)
        self.server.seen.append((self.command, path, form, self.headers.get("Authorization")))
        reply: dict[str, Any] = {"status": "ok", "running": 0, "pending": 0}
        if path == "/schedule.json":
            self.server.jobs.append(form["jobid"][0])
            reply["jobid"] = form["jobid"][0]
        if path == "/listjobs.json":
            known = [] if self.server.forgets_jobs else [{"id": j} for j in self.server.jobs]
            reply |= {"pending": [], "running": [], "finished": known}
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self._answer(b"")

    def do_POST(self) -> None:
        self._answer(self.rfile.read(int(self.headers.get("Content-Length", 0))))

    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def stand_in(forgets_jobs: bool = False) -> Iterator[StandInServer]:
    server = StandInServer(forgets_jobs)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def recorder() -> Iterator[StandInServer]:
    with stand_in() as server:
        yield server


def test_a_dispatch_names_the_source_and_config_and_carries_no_secret(
    recorder: StandInServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NODE_PASSWORD", "n0de-pass")
    config = parse_config(
        {
            "database": PG,
            "cluster": {
                "nodes": [{"url": recorder.url, "name": "n1"}],
                "username": "ops",
                "password_env": "NODE_PASSWORD",
                "node_config": "/etc/newsmon/newsmon.toml",
            },
        }
    )
    assert config.cluster is not None
    pool = NodePool(config.cluster)
    node = pool.least_busy()
    assert node is not None and node.name == "n1"
    node.schedule("newsmon-node", "job-1", {"source": "thoidai", "config": "/etc/n.toml"})
    method, path, form, auth = recorder.seen[-1]
    assert (method, path) == ("POST", "/schedule.json")
    assert form == {
        "project": ["newsmon"],
        "spider": ["newsmon-node"],
        "jobid": ["job-1"],
        "source": ["thoidai"],
        "config": ["/etc/n.toml"],
    }
    assert auth is not None and auth.startswith("Basic ")  # HTTP auth from the environment
    for _, _, form, _ in recorder.seen:
        flat = json.dumps(form)
        assert "s3cret-db" not in flat and "n0de-pass" not in flat


def test_a_vanished_job_is_dispatched_again_only_once_its_lease_is_free(tmp_path: Path) -> None:
    """The node forgot the job; while the source's lease is held the crawl is alive
    (somewhere the node cannot say), so nothing is dispatched twice; once the lease
    is free the crawl is gone and another node gets the source."""
    database = f"sqlite:///{tmp_path / 'archive.db'}"
    engine = open_archive(database)
    with stand_in(forgets_jobs=True) as amnesiac, stand_in() as healthy:
        config = parse_config(
            {
                "database": PG,
                "cluster": {
                    "nodes": [  # equally free: the first one listed is taken first
                        {"url": amnesiac.url, "name": "a"},
                        {"url": healthy.url, "name": "b"},
                    ],
                    "poll_interval": 0.05,
                },
            }
        )
        assert config.cluster is not None
        pool = NodePool(config.cluster)
        lease = ArchiveLock(database, "crawl-thoidai").acquire()  # the crawl lives on

        async def scenario() -> RemoteCrawl:
            crawl = RemoteCrawl(
                "thoidai",
                pool=pool,
                cluster=config.cluster,  # type: ignore[arg-type]
                engine=engine,
                database_url=database,
                config_ref="/etc/newsmon.toml",
                stopping=asyncio.Event(),
                dispatch_lock=asyncio.Lock(),
            )
            task = asyncio.create_task(crawl.run(deadline=60, grace=1))
            await asyncio.sleep(1.0)  # ~20 polls of a job the node does not know
            assert crawl.attempts == [("a", amnesiac.jobs[0])]
            # The crawl dies: its lease frees.
            lease.release()
            await asyncio.wait_for(task, 10)
            return crawl

        crawl = asyncio.run(scenario())
    engine.dispose()
    assert [node for node, _ in crawl.attempts] == ["a", "b"]
    assert healthy.jobs == [crawl.attempts[1][1]]
    # The job on b "finished" without a crawl run: reported, not taken for success.
    assert crawl.exit_status == 1 and "ended without crawling" in (crawl.message or "")
