"""The daemon's alerts cycle: match new stories, decide due digests, send the outbox.

It runs after every crawl that stored new or changed stories (immediate
digests) and on its own interval (hourly, daily and weekly send times). Cycles
never overlap: a request made while one runs gets exactly one more cycle after
it, so no crawl's stories wait for the next interval. Every step is idempotent
and recorded in the archive (see ``alerts.outbox``), so a cycle cut short by a
crash is simply completed by the next one. A failing mail server makes the
cycle "degraded"; it never stops the crawling.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy.engine import Engine

from newsmon.alerts.deliveries import ChannelCounts, channel_counts
from newsmon.alerts.outbox import OutboxCounts, outbox_counts
from newsmon.alerts.service import CycleSummary, run_cycle
from newsmon.alerts.settings import AlertSettings
from newsmon.config import NewsmonConfig

logger = logging.getLogger("newsmon.daemon")

MAX_MESSAGE = 500
"""Characters of an error kept for status and logs (one line, never a page)."""


@dataclass(frozen=True, slots=True)
class CycleReport:
    started: datetime
    finished: datetime
    outcome: str
    """ok | degraded (some mail could not be delivered) | failed (the cycle itself broke)"""
    message: str | None
    counts: dict[str, int] = field(default_factory=dict)
    """matched, decided, sent, retrying, failed; spikes; channel_sent, _retrying, _failed"""
    outbox: OutboxCounts | None = None
    channels: ChannelCounts | None = None


def _one_line(error: BaseException | str) -> str:
    text = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
    text = " ".join(text.split())
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


def _report(started: datetime, finished: datetime, summary: CycleSummary) -> CycleReport:
    sent = summary.sent
    channels = summary.channels
    counts = {
        "matched": summary.matched.new_matches,
        "decided": summary.decided,
        "sent": sent.sent,
        "retrying": sent.retrying,
        "failed": sent.failed,
        "spikes": summary.spikes,
        "channel_sent": channels.sent,
        "channel_retrying": channels.retrying,
        "channel_failed": channels.failed,
    }
    if sent.retrying or sent.failed or channels.retrying or channels.failed:
        error = sent.last_error if sent.retrying or sent.failed else channels.last_error
        return CycleReport(started, finished, "degraded", _one_line(error or ""), counts)
    return CycleReport(started, finished, "ok", None, counts)


class AlertsRunner:
    def __init__(
        self,
        engine: Engine,
        config: NewsmonConfig,
        settings: AlertSettings,
        clock: Callable[[], datetime],
        on_report: Callable[[CycleReport], None],
    ) -> None:
        self.engine = engine
        self.config = config
        self.settings = settings
        self.clock = clock
        self.on_report = on_report
        self.last: CycleReport | None = None
        self.running_since: float | None = None
        """time.monotonic() at the start of the cycle running now."""
        self._task: asyncio.Task[None] | None = None
        self._again = False
        self._closed = False
        self._last_failure: str | None = None
        # Its own thread: a mail server that hangs must not hold up the event loop,
        # nor the daemon's exit (the claim of an unfinished send dies with the process).
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="alerts")

    def request(self) -> None:
        """Run a cycle now, or once more right after the one that is running."""
        if self._closed:
            return
        if self._task is not None and not self._task.done():
            self._again = True
            return
        self._task = asyncio.get_running_loop().create_task(self._cycles(), name="alerts")

    async def close(self, grace: float) -> None:
        """No new cycles; give the running one ``grace`` seconds to finish."""
        self._closed = True
        if self._task is not None and not self._task.done():
            done, _ = await asyncio.wait([self._task], timeout=grace)
            if not done:
                logger.warning("alerts cycle still running after %.0f s: leaving it", grace)
        self._executor.shutdown(wait=False, cancel_futures=True)

    async def _cycles(self) -> None:
        while True:
            self._again = False
            await self._cycle()
            if not self._again or self._closed:
                return

    async def _cycle(self) -> None:
        self.running_since = time.monotonic()
        try:
            report = await asyncio.get_running_loop().run_in_executor(self._executor, self._run)
        finally:
            self.running_since = None
        self.last = report
        self.on_report(report)

    def _run(self) -> CycleReport:
        started = self.clock()
        try:
            summary = run_cycle(
                self.engine,
                self.config,
                now=started,
                settings=self.settings,
                sync_subscribers=False,  # synced once at daemon start
            )
            report = _report(started, self.clock(), summary)
        except Exception as exc:  # the archive or the rules broke: report, retry next cycle
            message = _one_line(exc)
            if message != self._last_failure:  # the traceback once, not every minute
                logger.exception("alerts cycle failed (retried every cycle): %s", message)
            report = CycleReport(started, self.clock(), "failed", message)
        self._last_failure = report.message if report.outcome == "failed" else None
        try:
            outbox, channels = outbox_counts(self.engine), channel_counts(self.engine)
        except Exception:
            outbox, channels = None, None
        report = replace(report, outbox=outbox, channels=channels)
        if report.outcome == "ok" and outbox is not None and outbox.retrying:
            # Nothing was due this time, but earlier digests are still waiting to retry.
            waiting = f"{outbox.retrying} digest(s) waiting to retry: {outbox.last_error or ''}"
            report = replace(report, outcome="degraded", message=_one_line(waiting))
        elif report.outcome == "ok" and channels is not None and channels.retrying:
            waiting = (
                f"{channels.retrying} channel notice(s) waiting to retry: "
                f"{channels.last_error or ''}"
            )
            report = replace(report, outcome="degraded", message=_one_line(waiting))
        self._log(report)
        return report

    def _log(self, report: CycleReport) -> None:
        """One line per cycle that did something or newly went wrong (never one a minute)."""
        counts = report.counts
        extra = {"event": "alerts_cycle", "outcome": report.outcome, **counts}
        if report.outcome == "failed":
            return  # logged with its traceback in _run, once per distinct error
        undelivered = sum(
            counts.get(k, 0) for k in ("retrying", "failed", "channel_retrying", "channel_failed")
        )
        waiting = report.outbox.pending if report.outbox is not None else 0
        if undelivered:
            logger.warning(
                "alerts: %d digest(s) decided, %d sent, %d not delivered (%s); %d waiting",
                counts["decided"],
                counts["sent"] + counts.get("channel_sent", 0),
                undelivered,
                report.message,
                waiting,
                extra=extra,
            )
        elif any(counts.get(k) for k in ("matched", "decided", "sent", "spikes", "channel_sent")):
            logger.info(
                "alerts: %d new match(es), %d digest(s) decided, %d mailed, "
                "%d channel notice(s) sent, %d spike(s)",
                counts["matched"],
                counts["decided"],
                counts["sent"],
                counts.get("channel_sent", 0),
                counts.get("spikes", 0),
                extra=extra,
            )
