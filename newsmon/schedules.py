"""Parse the ``schedule`` strings of sources: ``every 15 minutes`` or a crontab line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

_INTERVAL = re.compile(
    r"^every\s+(?:(\d+)\s*)?(second|minute|hour|day|week)s?$|^(\d+)\s*(s|m|h|d|w)$",
    re.IGNORECASE,
)
_UNITS = {
    "second": "seconds",
    "minute": "minutes",
    "hour": "hours",
    "day": "days",
    "week": "weeks",
    "s": "seconds",
    "m": "minutes",
    "h": "hours",
    "d": "days",
    "w": "weeks",
}


@dataclass(frozen=True)
class IntervalSchedule:
    every: timedelta


@dataclass(frozen=True)
class CronSchedule:
    expression: str


def parse_schedule(text: str) -> IntervalSchedule | CronSchedule:
    """Return the schedule, or raise ValueError saying what is accepted."""
    text = text.strip()
    match = _INTERVAL.match(text)
    if match:
        count = int(match.group(1) or match.group(3) or 1)
        unit = _UNITS[(match.group(2) or match.group(4)).lower()]
        every = timedelta(**{unit: count})
        if every < timedelta(seconds=1):
            raise ValueError("interval must be at least 1 second")
        return IntervalSchedule(every)
    if len(text.split()) == 5:
        from apscheduler.triggers.cron import CronTrigger

        try:
            CronTrigger.from_crontab(text)
        except ValueError as exc:
            raise ValueError(f"invalid cron expression {text!r}: {exc}") from None
        return CronSchedule(text)
    raise ValueError(
        f"cannot parse schedule {text!r} "
        "(use e.g. 'every 15 minutes', '2h' or a cron line '*/15 * * * *')"
    )


class Cadence(StrEnum):
    """How often a subscriber gets a digest."""

    immediate = "immediate"
    hourly = "hourly"
    daily = "daily"
    weekly = "weekly"
