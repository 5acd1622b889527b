"""One scheduled crawl as a process tree: ``newsmon crawl --source NAME`` in its own session.

A crawl is more than one process: multiprocessing's fork server, the extraction
workers and its resource tracker come with it, and they are not children of the
crawl process. So each crawl gets a process group of its own (a new session), a
deadline acts on the whole group, and the supervisor never waits on a pipe that
a straggler could hold open: the crawl's JSON summary goes to a temporary file,
and only the crawl process's own exit is awaited.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import signal
import sys
import tempfile
from pathlib import Path
from typing import IO, Any

logger = logging.getLogger("newsmon.daemon")

STRAGGLER_WAIT = 5.0
"""Seconds the rest of the group gets to exit after the crawl process itself has."""


def live_group_members(pgid: int) -> list[int]:
    """PIDs in process group ``pgid`` that are still running (zombies are already dead)."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return []
    except PermissionError:
        pass
    proc = Path("/proc")
    if not proc.is_dir():
        return [pgid]  # cannot tell zombies apart here; assume the worst
    members = []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text("ascii", "replace").rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(entry.name))
    return members


class CrawlProcess:
    def __init__(self, source: str, process: asyncio.subprocess.Process, output: IO[bytes]):
        self.source = source
        self.process = process
        self.output = output
        self.pid = process.pid
        self.timed_out = False
        self.interrupted = False
        """Stopped by the daemon's shutdown, not for anything the crawl did."""

    @classmethod
    async def start(cls, source: str, config_path: Path) -> CrawlProcess:
        output = tempfile.TemporaryFile(prefix="newsmon-crawl-")  # noqa: SIM115 (closed in summary())
        command = [
            sys.executable,
            "-m",
            "newsmon",
            "crawl",
            "--source",
            source,
            "--config",
            str(config_path),
            "--json",
            "--trigger",
            "schedule",
            "--parent-pid",
            str(os.getpid()),
        ]
        try:
            process = await asyncio.create_subprocess_exec(
                *command,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=output,
                start_new_session=True,  # its own process group: signals reach the whole tree
            )
        except BaseException:
            output.close()
            raise
        return cls(source, process, output)

    @property
    def exit_status(self) -> int | None:
        return self.process.returncode

    # -- signals ---------------------------------------------------------------------------

    def terminate(self) -> None:
        """Ask the crawl to stop (Scrapy finishes in-flight pages); its workers wait for it."""
        if self.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.send_signal(signal.SIGTERM)

    def kill_group(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)

    def group_alive(self) -> bool:
        return bool(live_group_members(self.pid))

    # -- waiting ---------------------------------------------------------------------------

    async def interrupt(self, grace: float) -> None:
        """Stop the crawl because the daemon is stopping."""
        self.interrupted = True
        await self.stop(grace)

    async def stop(self, grace: float) -> None:
        """SIGTERM, then after ``grace`` seconds SIGKILL to the whole group."""
        self.terminate()
        try:
            await asyncio.wait_for(self.process.wait(), timeout=grace)
        except TimeoutError:
            logger.warning(
                "crawl of %s did not stop within %.0f s: killing its process group",
                self.source,
                grace,
            )
            self.kill_group()
            await self.process.wait()

    async def finish(self, deadline: float, grace: float) -> None:
        """Wait for the crawl; past ``deadline`` stop it. Returns with no process left."""
        try:
            await asyncio.wait_for(self.process.wait(), timeout=deadline)
        except TimeoutError:
            self.timed_out = True
            logger.warning(
                "crawl of %s passed its deadline (%.0f s): stopping it",
                self.source,
                deadline,
                extra={"event": "crawl_deadline", "source": self.source},
            )
            await self.stop(grace)
        await self.reap_stragglers()

    async def reap_stragglers(self) -> None:
        """Kill what is left of the group (workers whose crawl died keep nothing worth waiting)."""
        loop = asyncio.get_running_loop()
        until = loop.time() + STRAGGLER_WAIT
        while self.group_alive() and loop.time() < until:
            await asyncio.sleep(0.1)
        if self.group_alive():
            logger.warning(
                "crawl of %s left processes behind: killing them",
                self.source,
                extra={"event": "crawl_stragglers_killed", "source": self.source},
            )
            self.kill_group()

    def summary(self) -> dict[str, Any]:
        """The crawl's own counters for its source ({} if it died before reporting)."""
        try:
            self.output.seek(0)
            report = json.loads(self.output.read().decode("utf-8") or "{}")
        except (OSError, ValueError):
            return {}
        finally:
            self.output.close()
        for entry in report.get("sources", []):
            if entry.get("source") == self.source:
                return {k: v for k, v in entry.items() if k != "source"}
        return {}
