"""Crawl throughput on 1 vs 2 Scrapyd nodes of this machine, and dispatch overhead per crawl.

    NEWSMON_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/test \\
        .venv/bin/python bench/cluster.py [--scale 100] [--nodes 1 2]

For each node count: a fresh PostgreSQL database, that many real ``scrapyd``
processes (one slot each, ``poll_interval`` 0.2 s), the egg deployed with
``newsmon cluster deploy``, and ``newsmon run`` with every source of the fixture
world (3 outlets x ``scale`` synthetic articles) due at once. Reported: wall time
from the daemon's start to the last crawl run closed, pages fetched per second
over that time, and per crawl the dispatch overhead the daemon logs
(``dispatch_ms``: from dispatching a due source to its job running on the node,
i.e. the least-busy probe, schedule.json, Scrapyd's queue poll and our
listjobs.json poll). The machine's load average is printed beside the figures:
other work on the same cores changes them.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import sqlalchemy as sa  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from fixtureworld import FixtureWorld  # noqa: E402
from newsmon.storage.db import create_db_engine, open_archive  # noqa: E402
from newsmon.storage.models import CrawlRun  # noqa: E402
from tests.scrapydkit import start_scrapyd  # noqa: E402


def load() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def fresh_database(base: str) -> tuple[str, str]:
    name = f"newsmon_bench_cluster_{uuid.uuid4().hex[:8]}"
    admin = create_db_engine(base)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(sa.text(f"CREATE DATABASE {name}"))
    admin.dispose()
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    open_archive(url).dispose()
    return name, url


def drop_database(base: str, name: str) -> None:
    admin = create_db_engine(base)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


def run_once(world: FixtureWorld, base_url: str, node_count: int, directory: Path) -> dict:
    name, database = fresh_database(base_url)
    nodes = [start_scrapyd(f"n{i}", directory / f"n{i}") for i in range(node_count)]
    try:
        text = world.config_toml(database_url=database)
        text = text.replace('timezone = "', 'schedule = "every 6 hours"\njitter = 0\ntimezone = "')
        text += "\n[daemon]\nhttp_port = 0\n\n[cluster]\npoll_interval = 0.2\n"
        for node in nodes:
            text += f'[[cluster.nodes]]\nurl = "{node.url}"\nname = "{node.name}"\nslots = 1\n'
        config = directory / "newsmon.toml"
        config.write_text(text, encoding="utf-8")
        newsmon = [sys.executable, "-m", "newsmon"]
        subprocess.run(
            [*newsmon, "cluster", "deploy", "-c", str(config)], check=True, capture_output=True
        )
        log = directory / "daemon.log"
        engine = open_archive(database)
        started = time.monotonic()
        daemon = subprocess.Popen(
            [*newsmon, "run", "-c", str(config)],
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            while True:
                with Session(engine) as session:
                    runs = session.exec(select(CrawlRun)).all()
                if len(runs) == len(world.outlets) and all(r.finished_at for r in runs):
                    break
                if time.monotonic() - started > 900:
                    raise RuntimeError("crawls did not finish in 15 minutes")
                time.sleep(0.2)
            wall = time.monotonic() - started
        finally:
            daemon.send_signal(signal.SIGTERM)
            daemon.wait(timeout=60)
        engine.dispose()
        dispatch = [
            entry["dispatch_ms"]
            for line in log.read_text().splitlines()
            if line.startswith("{") and (entry := json.loads(line)).get("event") == "crawl_running"
        ]
        pages = sum(r.pages_fetched for r in runs)
        return {
            "nodes": node_count,
            "wall_s": round(wall, 1),
            "pages": pages,
            "stories_new": sum(r.stories_new for r in runs),
            "pages_per_s": round(pages / wall, 1),
            "crawl_s": [round((r.finished_at - r.started_at).total_seconds(), 1) for r in runs],
            "dispatch_ms": dispatch,
            "dispatch_ms_median": round(statistics.median(dispatch), 1) if dispatch else None,
            "load_after": load(),
        }
    finally:
        for node in nodes:
            node.stop()
        drop_database(base_url, name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=int, default=100, help="synthetic articles per outlet")
    parser.add_argument("--nodes", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    base = os.environ.get("NEWSMON_TEST_POSTGRES_URL")
    if not base:
        sys.exit("set NEWSMON_TEST_POSTGRES_URL (a PostgreSQL server this bench may create in)")
    with FixtureWorld(slow_seconds=1.0, scale=args.scale) as world:
        for count in args.nodes:
            print(f"load before ({count} node(s)): {load()}", flush=True)
            with tempfile.TemporaryDirectory(prefix="newsmon-bench-cluster-") as tmp:
                print(json.dumps(run_once(world, base, count, Path(tmp))), flush=True)


if __name__ == "__main__":
    main()
