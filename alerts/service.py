"""One alerts cycle for the daemon (and ``newsmon digest send``): match, decide, send.

Send is the mail outbox, then every chat/push channel and spike notice (``deliveries``).

Each step is safe to repeat and to run in several processes at once, so the
daemon can call :func:`run_cycle` after every crawl and once a minute.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.engine import Engine

from newsmon.alerts.channels import AppriseSender
from newsmon.alerts.deliveries import ChannelSummary, send_deliveries
from newsmon.alerts.matching import MatchSummary, match_pending
from newsmon.alerts.outbox import SendSummary, decide_digests, send_pending
from newsmon.alerts.settings import AlertSettings, load_settings
from newsmon.alerts.spikes import detect_and_record
from newsmon.alerts.subscribers import handle_of, sync_from_config
from newsmon.alerts.transport import Transport, transport_for
from newsmon.config import NewsmonConfig


@dataclass(frozen=True, slots=True)
class CycleSummary:
    matched: MatchSummary
    decided: int
    sent: SendSummary
    channels: ChannelSummary = field(default_factory=ChannelSummary)
    spikes: int = 0


def run_cycle(
    engine: Engine,
    config: NewsmonConfig,
    *,
    now: datetime | None = None,
    email: str | None = None,
    force: bool = False,
    transport: Transport | None = None,
    settings: AlertSettings | None = None,
    sync_subscribers: bool = True,
    channel_sender: AppriseSender | None = None,
) -> CycleSummary:
    if sync_subscribers:  # the daemon syncs once at start instead
        sync_from_config(engine, config.subscribers, now)
    matched = match_pending(engine, config.topics, now=now)
    settings = settings or load_settings(engine, config)
    decided = decide_digests(engine, settings, now=now, email=email, force=force)
    spikes = detect_and_record(engine, config.topics, config.spikes, settings, now)
    sent = send_pending(engine, transport or transport_for(config.smtp), now=now, email=email)
    # Channels after mail, each on its own: a mail server that is down holds up neither.
    channels = send_deliveries(
        engine,
        mail=lambda: transport or transport_for(config.smtp),
        sender_address=config.smtp.from_address,
        channels=channel_sender,
        now=now,
        handle=handle_of(email) if email else None,
    )
    return CycleSummary(matched, len(decided), sent, channels, len(spikes))
