"""When a source runs: APScheduler triggers from the config, first runs from the archive."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from newsmon.config import SourceConfig
from newsmon.schedules import CronSchedule, IntervalSchedule, parse_schedule

MAX_DEFAULT_JITTER = 60.0


def jitter_seconds(source: SourceConfig) -> float:
    """Spread runs so that sources (and daemons) do not hit sites in lockstep."""
    if source.jitter is not None:
        return source.jitter
    schedule = parse_schedule(source.schedule)
    if isinstance(schedule, IntervalSchedule):
        return min(MAX_DEFAULT_JITTER, schedule.every.total_seconds() * 0.05)
    return 30.0


def trigger_for(source: SourceConfig) -> BaseTrigger:
    schedule = parse_schedule(source.schedule)
    jitter = jitter_seconds(source) or None
    if isinstance(schedule, IntervalSchedule):
        return IntervalTrigger(seconds=schedule.every.total_seconds(), jitter=jitter, timezone=UTC)
    return CronTrigger.from_crontab(schedule.expression, timezone=UTC)


def typical_interval(source: SourceConfig) -> timedelta:
    """The interval, or for cron the gap between the next two fire times."""
    schedule = parse_schedule(source.schedule)
    if isinstance(schedule, IntervalSchedule):
        return schedule.every
    assert isinstance(schedule, CronSchedule)
    trigger = CronTrigger.from_crontab(schedule.expression, timezone=UTC)
    first = trigger.get_next_fire_time(None, datetime.now(UTC))
    second = trigger.get_next_fire_time(first, first + timedelta(seconds=1))
    return (second - first) if first and second else timedelta(hours=1)


def misfire_grace(source: SourceConfig) -> int:
    """A late run still happens if it is less than half an interval late."""
    return max(1, int(typical_interval(source).total_seconds() / 2))


def first_run_time(
    source: SourceConfig,
    last_started: datetime | None,
    backoff_until: datetime | None,
    now: datetime,
) -> datetime:
    """Continue the schedule from the archive's record, not from the daemon's start.

    Runs missed while the daemon was down collapse into one catch-up run now.
    """
    if last_started is None:
        due = now
    else:
        schedule = parse_schedule(source.schedule)
        if isinstance(schedule, IntervalSchedule):
            due = last_started + schedule.every
        else:
            trigger = CronTrigger.from_crontab(schedule.expression, timezone=UTC)
            due = trigger.get_next_fire_time(None, last_started + timedelta(seconds=1)) or now
    if backoff_until is not None:
        due = max(due, backoff_until)
    return max(due, now)
