"""Crawls on a pool of real Scrapyd nodes, one PostgreSQL archive, daemons that fail over.

Three ``scrapyd`` processes on loopback (each its own port, eggs and logs) get the
project egg through ``newsmon cluster deploy``; ``newsmon run`` dispatches the
fixture world's sources to them. Nodes and the leading daemon are killed with
``kill -9``; what must hold is what an operator sees: every article stored once,
every source crawled to its end, no source crawled twice at once, no story mailed
twice. Skipped without NEWSMON_TEST_POSTGRES_URL.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import signal
import subprocess
import urllib.request
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, select

from fixtureworld import FixtureWorld
from newsmon.alerts.models import Digest
from newsmon.config import load_config
from newsmon.scheduler.remote_crawl import RemoteCrawl
from newsmon.scheduler.scrapyd import NodePool
from newsmon.storage.db import create_db_engine, open_archive
from newsmon.storage.locks import EXIT_LOCK_BUSY, ArchiveLock
from newsmon.storage.models import CrawlRun, Story
from newsmon.stories.identity import normalize_url
from tests.conftest import POSTGRES_URL, run_newsmon
from tests.daemonkit import start_daemon, wait_until
from tests.scrapydkit import ScrapydProcess, node_logs, start_scrapyd
from tests.smtpkit import SmtpServer, free_port
from tests.test_daemon_mail import MAIL, SUBSCRIBERS, mailed

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.skipif(not POSTGRES_URL, reason="NEWSMON_TEST_POSTGRES_URL is not set"),
]

NODE_NAMES = ("alpha", "beta", "gamma")


@dataclass
class Cluster:
    nodes: dict[str, ScrapydProcess]
    directory: Path

    def revive(self, name: str) -> None:
        """Start a killed node again on its directory (its eggs are still there)."""
        node = start_scrapyd(name, self.directory / name)
        self.nodes[name] = node
        with urllib.request.urlopen(f"{node.url}/listspiders.json?project=newsmon", timeout=120):
            pass  # like `newsmon cluster deploy`: the node caches its spider list

    def toml(self, *, takeover_poll: float = 0.5) -> str:
        lines = [
            "[cluster]",
            "poll_interval = 0.3",
            "node_timeout = 1.5",
            f"takeover_poll = {takeover_poll}",
        ]
        for name, node in self.nodes.items():
            lines += ["[[cluster.nodes]]", f'url = "{node.url}"', f'name = "{name}"', "slots = 1"]
        return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    directory = tmp_path_factory.mktemp("nodes")
    nodes: dict[str, ScrapydProcess] = {}
    result = Cluster(nodes, directory)
    try:
        for name in NODE_NAMES:
            nodes[name] = start_scrapyd(name, directory / name)
        # The operator's path: the egg built from scrapy.cfg, uploaded to every node.
        config = directory / "deploy.toml"
        config.write_text(
            '[database]\nurl = "postgresql://deploy@127.0.0.1/unused"\n' + result.toml()
        )
        deployed = run_newsmon("cluster", "deploy", "--version", "7", config=config)
        for name in NODE_NAMES:
            assert f"{name}: version 7 deployed (2 spider(s))" in deployed.stdout
        yield result
    finally:
        for node in result.nodes.values():
            node.stop()


@pytest.fixture
def database() -> Iterator[str]:
    """A database of its own (nodes and daemons connect to it from other processes)."""
    assert POSTGRES_URL
    name = f"newsmon_cluster_{uuid.uuid4().hex[:10]}"
    admin = create_db_engine(POSTGRES_URL)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(sa.text(f"CREATE DATABASE {name}"))
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    open_archive(url).dispose()  # migrated once, before daemons and nodes race for it
    try:
        yield url
    finally:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def write_config(
    world: FixtureWorld,
    directory: Path,
    database: str,
    cluster: Cluster,
    *,
    outlets: list[str] | None = None,
    schedule: str = "every 1 hours",
    mail: str | None = None,
    http_port: int = 0,
) -> Path:
    text = world.config_toml(database_url=database, outlets=outlets)
    text = text.replace('timezone = "', f'schedule = "{schedule}"\njitter = 0\ntimezone = "')
    if mail is not None:
        text = text[: text.index("[[subscribers]]")] + mail
    text += (
        f"\n[daemon]\nhttp_port = {http_port}\nheartbeat_interval = 1\nshutdown_grace = 10\n"
        "\n[alerts]\ncycle_interval = 1\n\n" + cluster.toml()
    )
    config = directory / "newsmon.toml"
    config.write_text(text, encoding="utf-8")
    return config


def all_runs(engine: Engine) -> list[CrawlRun]:
    with Session(engine) as session:
        return list(session.exec(select(CrawlRun).order_by(CrawlRun.id)).all())  # type: ignore[arg-type]


def stored_urls(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return sorted(session.exec(select(Story.canonical_url)).all())


def expected_urls(world: FixtureWorld, outlets: list[str] | None = None) -> list[str]:
    hosts = {world.domain(o) for o in outlets} if outlets else None
    return sorted(
        normalize_url(a.canonical_url)
        for a in world.truth.reachable
        if hosts is None or any(h in a.canonical_url for h in hosts)
    )


def finished_sources(engine: Engine, after: datetime | None = None) -> set[str]:
    return {
        run.source
        for run in all_runs(engine)
        if run.status == "finished" and (after is None or run.started_at > after)
    }


def status_json(config: Path) -> dict[str, Any]:
    return json.loads(run_newsmon("status", "--json", config=config).stdout)


def kill(process: subprocess.Popen[bytes]) -> None:
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)


def assert_never_two_at_once(runs: list[CrawlRun]) -> None:
    """No source was crawled by two live crawls at the same time."""
    by_source: dict[str, list[CrawlRun]] = {}
    for run in runs:
        by_source.setdefault(run.source, []).append(run)
    for source, source_runs in by_source.items():
        ordered = sorted(source_runs, key=lambda r: r.started_at)
        for before, after in itertools.pairwise(ordered):
            assert before.finished_at is not None, (source, before.id, before.status)
            assert after.started_at >= before.finished_at, (source, before.id, after.id)


def test_sources_spread_over_the_nodes_and_every_article_is_stored_once(
    cluster: Cluster, database: str, tmp_path: Path
) -> None:
    with FixtureWorld(slow_seconds=1.0) as world:
        port = free_port()
        config = write_config(world, tmp_path, database, cluster, http_port=port)
        engine = open_archive(database)
        log = tmp_path / "daemon.log"
        daemon = start_daemon(config, log)
        try:
            wait_until(
                lambda: finished_sources(engine) == set(world.outlets),
                120,
                "every source crawled on a node",
            )
            report = status_json(config)
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as page:
                metrics = page.read().decode()
        finally:
            stop(daemon)
        stored = stored_urls(engine)
        expected = expected_urls(world)
        runs = all_runs(engine)
        engine.dispose()

    assert stored == expected, node_logs(cluster.nodes["alpha"])[-2000:]  # each exactly once
    # Three due sources, three one-slot nodes: the least busy node took each.
    assert sorted(run.node or "" for run in runs) == sorted(NODE_NAMES)
    assert all(run.job_id and run.outcome == "ok" for run in runs)
    assert {n["name"]: (n["reachable"], n["slots"], n["version"]) for n in report["nodes"]} == {
        name: (True, 1, "7") for name in NODE_NAMES
    }
    nodes_by_source = {s["source"]: s["node"] for s in report["sources"]}
    assert nodes_by_source == {run.source: run.node for run in runs}
    assert report["daemon"]["state"] == "running" and report["daemon"]["pid"] == daemon.pid
    assert "Traceback" not in log.read_text()
    # /metrics: the leader, every node, and which node crawled which source.
    assert "newsmon_daemon_leader 1.0" in metrics
    for run in runs:
        assert f'newsmon_node_up{{node="{run.node}"}} 1.0' in metrics
        assert f'newsmon_node_slots{{node="{run.node}"}} 1.0' in metrics
        crawled = f'newsmon_node_crawls_total{{node="{run.node}",source="{run.source}"}} 1.0'
        assert crawled in metrics
    assert "newsmon_dispatch_seconds_count 3.0" in metrics
    # The crawl on a node runs with Scrapy's telnet console and remote control off.
    crawl_logs = "".join(
        path.read_text(errors="replace")
        for node in cluster.nodes.values()
        for path in (node.directory / "logs").rglob("*.log")
    )
    assert "Enabled extensions" in crawl_logs
    assert "telnet.TelnetConsole" not in crawl_logs
    assert "remote_control.RemoteControl" not in crawl_logs


def test_a_node_killed_mid_crawl_hands_its_source_to_another_node(
    cluster: Cluster, database: str, tmp_path: Path
) -> None:
    outlets = ["rheinblatt"]
    with FixtureWorld(slow_seconds=1.0) as world:
        config = write_config(world, tmp_path, database, cluster, outlets=outlets)
        engine = open_archive(database)
        log = tmp_path / "daemon.log"
        daemon = start_daemon(config, log)
        victim = None
        try:
            # Mid-crawl: the run is open and has stored part of the source.
            def crawling_and_storing() -> bool:
                open_runs = [r for r in all_runs(engine) if r.status == "running"]
                return bool(open_runs) and len(stored_urls(engine)) >= 1

            wait_until(crawling_and_storing, 90, "a crawl that has stored some articles")
            victim = next(r.node for r in all_runs(engine) if r.status == "running")
            assert victim is not None
            cluster.nodes[victim].kill()  # the node and its crawl, like a host going down
            wait_until(
                lambda: finished_sources(engine) == set(outlets), 120, "the crawl on another node"
            )
        finally:
            stop(daemon)
            if victim is not None:
                cluster.revive(victim)
        stored = stored_urls(engine)
        expected = expected_urls(world, outlets)
        runs = all_runs(engine)
        engine.dispose()

    assert stored == expected  # everything stored, nothing twice
    killed, finished = runs[0], runs[-1]
    assert (killed.node, killed.status, killed.outcome) == (victim, "killed", "failed")
    assert victim in (killed.message or "")
    assert finished.status == "finished" and finished.node not in (None, victim)
    assert_never_two_at_once(runs)
    assert "dispatching it again" in log.read_text()


def test_a_job_that_finds_its_source_being_crawled_is_a_skipped_slot_not_a_failure(
    cluster: Cluster, database: str, tmp_path: Path
) -> None:
    # Another crawl of the source (here: this test) holds its lease when the job
    # starts on its node, as when a crawl started elsewhere after the daemon looked.
    with FixtureWorld() as world:
        config = write_config(world, tmp_path, database, cluster, outlets=["rheinblatt"])
        settings = load_config(config)
        assert settings.cluster is not None
        engine = open_archive(database)
        crawl = RemoteCrawl(
            "rheinblatt",
            pool=NodePool(settings.cluster),
            cluster=settings.cluster,
            engine=engine,
            database_url=database,
            config_ref=str(config),
            stopping=asyncio.Event(),
            dispatch_lock=asyncio.Lock(),
        )
        with ArchiveLock(database, "crawl-rheinblatt"):
            asyncio.run(crawl.run(deadline=120, grace=10))
        runs = all_runs(engine)
        engine.dispose()
    assert len(crawl.attempts) == 1  # not dispatched again: the source is not lost
    assert crawl.exit_status == EXIT_LOCK_BUSY and runs == []
    assert "found the source being crawled" in (crawl.message or "")


def test_a_standby_daemon_takes_over_from_a_killed_leader_and_mails_nothing_twice(
    cluster: Cluster, database: str, tmp_path: Path, smtp: SmtpServer
) -> None:
    with FixtureWorld(slow_seconds=1.0) as world:
        config = write_config(
            world,
            tmp_path,
            database,
            cluster,
            schedule="every 5 seconds",
            mail=MAIL.format(port=smtp.port),
        )
        engine = open_archive(database)
        expected = set(world.truth.learning_city_keys)
        logs = tmp_path / "leader.log", tmp_path / "standby.log"
        smtp.inbox.stall_next = True  # the leader dies in the middle of sending a digest
        leader = start_daemon(config, logs[0])
        wait_until(lambda: status_json(config)["daemon"]["pid"] == leader.pid, 30, "a leader")
        standby = start_daemon(config, logs[1])
        try:
            wait_until(
                lambda: [s["pid"] for s in status_json(config)["standbys"]] == [standby.pid],
                30,
                "the second daemon standing by",
            )
            wait_until(smtp.inbox.stalled.is_set, 150, "a digest being sent")
            kill(leader)
            smtp.inbox.released.set()
            killed_at = max(r.started_at for r in all_runs(engine))
            wait_until(
                lambda: status_json(config)["daemon"]["pid"] == standby.pid, 30, "the take-over"
            )
            wait_until(
                lambda: all(expected <= set(mailed(smtp, world, r)) for r in SUBSCRIBERS),
                90,
                "the digests, from the new leader",
            )
            wait_until(
                lambda: bool(finished_sources(engine, after=killed_at)),
                120,
                "a crawl scheduled by the new leader",
            )
            report = status_json(config)
        finally:
            stop(standby)
            if leader.poll() is None:
                kill(leader)
        runs = all_runs(engine)
        with Session(engine) as session:
            digests = session.exec(select(Digest)).all()
        engine.dispose()
        received = {recipient: mailed(smtp, world, recipient) for recipient in SUBSCRIBERS}

    for recipient, counts in received.items():
        assert set(counts) == expected, recipient
        assert not {k: n for k, n in counts.items() if n > 1}, f"{recipient} got a story twice"
    assert {d.status for d in digests} == {"sent"}
    assert len(smtp.inbox.received) == len(digests)  # each digest delivered exactly once
    assert_never_two_at_once(runs)
    assert report["standbys"] == [] and report["daemon"]["pid"] == standby.pid
    assert Counter(r.status for r in runs)["finished"] >= len(world.outlets) + 1
    standby_log = logs[1].read_text()
    assert "standing by" in standby_log and "daemon started as leader" in standby_log
    assert "Traceback" not in standby_log
