"""Real Scrapyd nodes for the cluster tests: each its own process group, port and directories."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tests.smtpkit import free_port


@dataclass
class ScrapydProcess:
    name: str
    port: int
    directory: Path
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/daemonstatus.json", timeout=1) as response:
                return json.loads(response.read()).get("status") == "ok"
        except OSError:
            return False

    def kill(self) -> None:
        """kill -9 of the node and every crawl it started (they share its process group)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.kill()


def start_scrapyd(
    name: str, directory: Path, *, slots: int = 1, env: dict[str, str] | None = None
) -> ScrapydProcess:
    """``scrapyd`` with a scrapyd.conf of its own (read from its working directory)."""
    directory.mkdir(parents=True, exist_ok=True)
    port = free_port()
    (directory / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        f"bind_address = 127.0.0.1\nhttp_port = {port}\n"
        f"eggs_dir = {directory / 'eggs'}\nlogs_dir = {directory / 'logs'}\n"
        f"dbs_dir = {directory / 'dbs'}\nitems_dir =\n"
        f"max_proc = {slots}\npoll_interval = 0.2\nfinished_to_keep = 200\n",
        encoding="utf-8",
    )
    scrapyd = Path(sys.executable).parent / "scrapyd"
    process = subprocess.Popen(
        [str(scrapyd)],
        cwd=directory,
        stdout=(directory / "scrapyd.out").open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # the node and its crawls: one group to kill -9
        env={**os.environ, **(env or {})},
    )
    node = ScrapydProcess(name, port, directory, process)
    deadline = time.monotonic() + 20
    while not node.answers():
        if process.poll() is not None or time.monotonic() > deadline:
            node.stop()
            log = (directory / "scrapyd.out").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"scrapyd {name} did not start:\n{log}")
        time.sleep(0.1)
    return node


def node_logs(node: ScrapydProcess) -> str:
    """Every crawl log the node wrote, for assertion messages."""
    return "\n".join(
        path.read_text(errors="replace")[-3000:]
        for path in sorted((node.directory / "logs").rglob("*.log"))
    )
