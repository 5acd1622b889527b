"""Processes that must not outlive the process that started them.

A crawl's extraction workers are forked by multiprocessing's fork server, so they
are not children of the crawl process, and a crawl started by the daemon runs in
a session of its own: neither dies with its parent by itself. Each watches the
process it works for and acts the moment it is gone. A pidfd (Linux 5.3+) becomes
readable when the process exits: no polling, and no confusion with a new process
that reuses the PID.
"""

from __future__ import annotations

import logging
import os
import select
import signal
import threading
import time
from collections.abc import Callable

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.5
"""Fallback check interval where pidfds are not available."""


def _wait_for_exit(pid: int) -> None:
    try:
        descriptor = os.pidfd_open(pid)
    except ProcessLookupError:
        return
    except (AttributeError, OSError):  # no pidfd support: poll instead
        while True:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            except PermissionError:
                pass
            time.sleep(POLL_SECONDS)
    try:
        select.select([descriptor], [], [])
    finally:
        os.close(descriptor)


def on_exit_of(pid: int, action: Callable[[], None], *, name: str = "lifeline") -> None:
    """Run ``action`` in a daemon thread as soon as process ``pid`` has exited."""

    def watch() -> None:
        _wait_for_exit(pid)
        action()

    threading.Thread(target=watch, name=name, daemon=True).start()


def exit_with(pid: int) -> None:
    """End this process at once when ``pid`` exits (for workers: nobody waits for them)."""
    on_exit_of(pid, lambda: os._exit(1), name=f"exit-with-{pid}")


def stop_with(pid: int, grace: float) -> None:
    """Stop this crawl gracefully when ``pid`` (its daemon) exits, then for good.

    SIGTERM to ourselves is Scrapy's graceful stop (in-flight pages are stored,
    the run is closed); if that takes longer than ``grace``, the whole process
    group (fork server and workers included) is killed.
    """

    def stop() -> None:
        logger.warning("the daemon (pid %d) is gone: stopping this crawl", pid)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(grace)
        logger.error("crawl still running %.0f s after its daemon died: killing it", grace)
        if os.getpgrp() == os.getpid():
            os.killpg(os.getpid(), signal.SIGKILL)
        os._exit(1)

    on_exit_of(pid, stop, name=f"stop-with-{pid}")
