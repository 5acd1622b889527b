"""Memory of the daemon over many short crawl cycles: does the supervisor grow?

    .venv/bin/python bench/daemon_memory.py [--cycles 200]

Runs ``newsmon run`` against the fixture world with every source scheduled
every second, samples the supervisor's resident memory and each crawl
process's peak (VmHWM) from /proc until ``--cycles`` crawls have finished, then
stops the daemon with SIGTERM. Target: the supervisor's RSS stays flat (beyond
noise) while crawl processes come and go.
"""

from __future__ import annotations

import argparse
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from fixtureworld import FixtureWorld  # noqa: E402


def status_kb(pid: int, field: str) -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as handle:
            return [int(p) for p in handle.read().split()]
    except OSError:
        return []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def finished_runs(database: Path) -> int:
    try:
        with sqlite3.connect(database) as db:
            return db.execute(
                "SELECT count(*) FROM crawl_runs WHERE finished_at IS NOT NULL"
            ).fetchone()[0]
    except sqlite3.Error:
        return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=200)
    args = parser.parse_args()
    with FixtureWorld(slow_seconds=0.2) as world, tempfile.TemporaryDirectory() as tmp:
        database = Path(tmp) / "archive.db"
        text = world.config_toml(database_url=f"sqlite:///{database}")
        text = text.replace('timezone = "', 'schedule = "every 1 second"\njitter = 0\ntimezone = "')
        text += f"\n[daemon]\nhttp_port = {free_port()}\nheartbeat_interval = 5\n"
        config = Path(tmp) / "newsmon.toml"
        config.write_text(text, encoding="utf-8")
        daemon = subprocess.Popen(
            [sys.executable, "-m", "newsmon", "run", "--config", str(config)],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        samples: list[tuple[int, int]] = []  # (finished cycles, supervisor RSS kB)
        crawl_peaks: dict[int, int] = {}
        started = time.monotonic()
        try:
            done = 0
            while done < args.cycles:
                time.sleep(0.2)
                rss = status_kb(daemon.pid, "VmRSS")
                if rss is None:
                    raise SystemExit("the daemon died; run it by hand to see why")
                for child in children(daemon.pid):
                    peak = status_kb(child, "VmHWM")
                    if peak:
                        crawl_peaks[child] = max(peak, crawl_peaks.get(child, 0))
                done = finished_runs(database)
                samples.append((done, rss))
        finally:
            daemon.send_signal(signal.SIGTERM)
            code = daemon.wait(timeout=60)
        elapsed = time.monotonic() - started
    print(f"{done} crawl cycles in {elapsed:.0f} s; daemon exit status {code} after SIGTERM")
    checkpoints = [10, 25, 50, 100, 150, 200, 300, 400]
    print("supervisor RSS (MB) after N finished crawls:")
    for mark in [m for m in checkpoints if m <= done] + [done]:
        rss = next((r for d, r in samples if d >= mark), samples[-1][1])
        print(f"  {mark:4d}: {rss / 1024:6.1f}")
    steady = [r for d, r in samples if d >= min(25, done)]
    if steady:
        print(
            f"  growth from cycle 25 to the end: {(steady[-1] - steady[0]) / 1024:+.1f} MB "
            f"(min {min(steady) / 1024:.1f}, max {max(steady) / 1024:.1f})"
        )
    peaks = sorted(crawl_peaks.values())
    if peaks:
        print(
            f"crawl processes sampled: {len(peaks)}; peak RSS median "
            f"{statistics.median(peaks) / 1024:.1f} MB, max {peaks[-1] / 1024:.1f} MB "
            "(each crawl also runs extraction workers of its own)"
        )


if __name__ == "__main__":
    main()
