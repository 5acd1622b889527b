"""The retry rules every outbox shares (mail digests, channel deliveries)."""

from __future__ import annotations

from datetime import timedelta

CLAIM_LEASE = timedelta(minutes=15)
"""A claim from another host is trusted this long (a claim of a dead local process is not)."""
GIVE_UP_AFTER = timedelta(days=3)


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, … minutes, at most an hour."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))
