"""Digest periods: when each cadence's most recent send time was, in the subscriber's zone.

A period is named by its end (the send time), so "daily at 08:00
Asia/Ho_Chi_Minh" on 21 Nov is ``daily:2025-11-21T08:00:00+07:00`` whichever
process or clock decides it: that name is the digest's idempotency key.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo


def parse_send_time(value: str) -> time:
    return time.fromisoformat(value)


def latest_boundary(
    cadence: str, send_time: time, timezone: str, now: datetime, weekly_day: int = 0
) -> datetime | None:
    """The latest scheduled send time at or before ``now``; None for ``immediate``."""
    zone = ZoneInfo(timezone)
    local = now.astimezone(zone)
    if cadence == "hourly":
        boundary = local.replace(minute=send_time.minute, second=0, microsecond=0)
        return boundary if boundary <= local else boundary - timedelta(hours=1)
    if cadence not in ("daily", "weekly"):
        return None
    day = local.date()
    if cadence == "weekly":
        day -= timedelta(days=(day.weekday() - weekly_day) % 7)
    step = 7 if cadence == "weekly" else 1
    boundary = datetime.combine(day, send_time.replace(tzinfo=None), tzinfo=zone)
    if boundary > local:  # today's (this week's) send time is still ahead: take the previous
        boundary = datetime.combine(
            day - timedelta(days=step), send_time.replace(tzinfo=None), tzinfo=zone
        )
    return boundary


def period_key(cadence: str, boundary: datetime) -> str:
    return f"{cadence}:{boundary.isoformat()}"
