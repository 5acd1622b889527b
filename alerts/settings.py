"""Alert settings: what the config says plus the signing secret, resolved once.

The public URL of the unsubscribe endpoint is ``[alerts] public_url`` (or
``$NEWSMON_PUBLIC_URL``), defaulting to the daemon's own HTTP address. The
signing secret comes from ``$NEWSMON_ALERTS_SECRET`` or is generated once and
kept in the archive, so links in already-sent mail stay valid across restarts.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from newsmon.alerts.models import AlertSecret
from newsmon.config import NewsmonConfig, TopicConfig
from newsmon.storage.db import session_scope

PUBLIC_URL_ENV = "NEWSMON_PUBLIC_URL"
SECRET_ENV = "NEWSMON_ALERTS_SECRET"
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8787"


@dataclass(frozen=True, slots=True)
class AlertSettings:
    secret: str
    from_address: str
    public_url: str = DEFAULT_PUBLIC_URL
    from_name: str = "newsmon"
    send_empty: bool = False
    """Send a "nothing new" digest for empty scheduled periods."""
    backfill: timedelta = timedelta(days=7)
    """Stories first seen this long before a subscriber joined still reach them."""
    weekly_day: int = 0
    """Weekday of weekly digests (0 = Monday)."""
    unsubscribe_max_age: timedelta = timedelta(days=365)
    """How long an unsubscribe link works."""
    topics: dict[str, TopicConfig] = field(default_factory=dict)


def stored_secret(engine: Engine, name: str = "unsubscribe") -> str:
    """The archive's generated secret ``name``, created on first use (race-safe)."""
    with Session(engine) as session:
        row = session.get(AlertSecret, name)
        if row is not None:
            return row.value
    try:
        with session_scope(engine) as session:
            session.add(AlertSecret(name=name, value=secrets.token_urlsafe(32)))
    except IntegrityError:
        pass  # another process created it first; use theirs
    with Session(engine) as session:
        row = session.get(AlertSecret, name)
        assert row is not None
        return row.value


_WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def load_settings(engine: Engine, config: NewsmonConfig) -> AlertSettings:
    section = config.alerts
    daemon_url = f"http://{config.daemon.http_host}:{config.daemon.http_port or 8787}"
    return AlertSettings(
        secret=os.environ.get(SECRET_ENV) or stored_secret(engine),
        from_address=config.smtp.from_address,
        public_url=(os.environ.get(PUBLIC_URL_ENV) or section.public_url or daemon_url).rstrip("/"),
        send_empty=section.send_empty,
        backfill=timedelta(days=section.backfill_days),
        weekly_day=_WEEKDAYS.index(section.weekly_day),
        unsubscribe_max_age=timedelta(days=section.unsubscribe_link_days),
        topics={t.name: t for t in config.topics},
    )
