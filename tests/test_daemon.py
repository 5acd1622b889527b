"""`newsmon run` under stress: killed, stopped, with a failing source beside healthy ones."""

from __future__ import annotations

import json
import os
import signal
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from fixtureworld import FixtureWorld
from newsmon.storage.db import open_archive
from newsmon.storage.models import Appearance, DaemonState, SourceState, Story
from newsmon.stories.identity import normalize_url
from tests.conftest import run_newsmon
from tests.daemonkit import daemon_config, free_port, runs, start_daemon, story_count, wait_until

pytestmark = pytest.mark.slow


@pytest.fixture
def world() -> Iterator[FixtureWorld]:
    # A slow page under the timeout keeps crawls running long enough to be interrupted.
    with FixtureWorld(slow_seconds=1.5) as fixture_world:
        yield fixture_world


def test_sigkill_mid_crawl_then_restart_loses_and_duplicates_nothing(
    world: FixtureWorld, tmp_path: Path
) -> None:
    config, database = daemon_config(world, tmp_path)
    engine = open_archive(database)
    log = tmp_path / "daemon.log"
    daemon = start_daemon(config, log)
    try:
        wait_until(
            lambda: story_count(engine) > 0 and runs(engine, status="running"),
            60,
            "a crawl in progress with some stories stored",
        )
    finally:
        os.killpg(daemon.pid, signal.SIGKILL)  # the daemon and its crawl processes
        daemon.wait(timeout=10)
    killed_at = time.time()
    stored_at_kill = story_count(engine)

    daemon = start_daemon(config, log)
    try:
        wait_until(
            lambda: (
                {
                    r.source
                    for r in runs(engine, status="finished")
                    if r.started_at.timestamp() > killed_at
                }
                == set(world.outlets)
            ),
            120,
            "every source crawled again after the restart",
        )
    finally:
        daemon.send_signal(signal.SIGTERM)
        assert daemon.wait(timeout=40) == 0, log.read_text()

    reachable = {normalize_url(a.canonical_url) for a in world.truth.reachable}
    with Session(engine) as session:
        canonical = list(session.exec(select(Story.canonical_url)).all())
        story_ids = set(session.exec(select(Story.id)).all())
        appearance_story_ids = set(session.exec(select(Appearance.story_id)).all())
        fts_ids = {row[0] for row in session.execute(sa.text("SELECT rowid FROM story_fts"))}
        daemons = session.exec(select(DaemonState).order_by(DaemonState.id)).all()
    assert stored_at_kill <= len(canonical)
    assert sorted(canonical) == sorted(reachable)  # every article exactly once
    assert appearance_story_ids <= story_ids  # no orphan appearances
    assert fts_ids == story_ids  # the search index is in step
    assert runs(engine, status="running") == []  # no run left open
    assert {r.status for r in runs(engine)} <= {"finished", "interrupted", "killed"}
    assert [d.state for d in daemons] == ["crashed", "stopped"]
    engine.dispose()


def test_sigterm_stops_cleanly_within_the_grace_period(world: FixtureWorld, tmp_path: Path) -> None:
    config, database = daemon_config(world, tmp_path, grace=15)
    engine = open_archive(database)
    log = tmp_path / "daemon.log"
    daemon = start_daemon(config, log)
    try:
        wait_until(lambda: bool(runs(engine, status="running")), 60, "a crawl in progress")
    finally:
        started = time.monotonic()
        daemon.send_signal(signal.SIGTERM)
        code = daemon.wait(timeout=30)
    assert code == 0, log.read_text()
    assert time.monotonic() - started < 15 + 5
    assert runs(engine, status="running") == []
    with Session(engine) as session:
        assert session.exec(select(DaemonState.state)).all() == ["stopped"]
    # the crawl that was running finished its in-flight work and closed its run
    assert all(r.finished_at is not None for r in runs(engine))
    engine.dispose()


def test_a_failing_source_backs_off_without_delaying_the_others(
    world: FixtureWorld, tmp_path: Path
) -> None:
    dead = f"http://127.0.0.1:{free_port()}/"
    down = (
        f'\n[[sources]]\nname = "down"\nstart_urls = ["{dead}"]\n'
        f'schedule = "every 2 seconds"\njitter = 0\n'
    )
    config, database = daemon_config(world, tmp_path, extra_sources=down)
    engine = open_archive(database)
    log = tmp_path / "daemon.log"
    daemon = start_daemon(config, log)
    try:
        wait_until(
            lambda: all(len(runs(engine, source=o, status="finished")) >= 2 for o in world.outlets),
            120,
            "two crawls of every healthy source",
        )
        status = run_newsmon("status", "--json", config=config)
        port = int(config.read_text().split("http_port = ")[1].split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            health = json.loads(response.read())
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
            metrics = response.read().decode()
    finally:
        daemon.send_signal(signal.SIGTERM)
        assert daemon.wait(timeout=40) == 0, log.read_text()
    with Session(engine) as session:
        state = session.get(SourceState, "down")
    assert state is not None and state.failure_streak >= 1
    assert state.backoff_until is not None
    # backing off: not retried every 2 seconds
    assert len(runs(engine, source="down")) <= 2
    assert '"source": "down"' in status.stdout and '"failure_streak": ' in status.stdout
    assert "crawl of down failed" in log.read_text()
    assert health["status"] == "ok" and set(health["sources"]) == {*world.outlets, "down"}
    assert 'newsmon_crawls_total{source="down",status="failed"}' in metrics
    assert 'newsmon_source_failure_streak{source="down"}' in metrics
    assert "newsmon_daemon_up 1.0" in metrics
    engine.dispose()


def test_unparsable_schedule_is_a_clear_config_error(tmp_path: Path) -> None:
    config = tmp_path / "newsmon.toml"
    config.write_text(
        '[[sources]]\nname = "x"\nstart_urls = ["https://x.example/"]\nschedule = "sometimes"\n'
    )
    result = run_newsmon("run", config=config, check=False)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "sources[0].schedule: cannot parse schedule 'sometimes'" in lines[0]


def test_a_bad_topic_rule_stops_the_daemon_at_start_naming_the_key(tmp_path: Path) -> None:
    config = tmp_path / "newsmon.toml"
    config.write_text(
        f'[database]\nurl = "sqlite:///{tmp_path}/archive.db"\n\n'
        '[[sources]]\nname = "x"\nstart_urls = ["https://x.example/"]\n\n'
        '[[topics]]\nname = "learning-city"\nquery = \'"learning city" OR (lernstadt\'\n',
        encoding="utf-8",
    )
    result = run_newsmon("run", config=config, check=False, timeout=60)
    assert result.returncode == 2
    problem, rule, pointer = result.stderr.strip().splitlines()
    assert problem.endswith(
        "topics[0]: query of topic 'learning-city': column 30: rule ends too early: expected ')'"
    )
    assert rule.strip() == '"learning city" OR (lernstadt' and pointer.strip() == "^"
