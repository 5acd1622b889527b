"""Per-channel deliveries: each notice reaches each channel once, each channel on its own.

A digest is decided once (``alerts.outbox``); in the same transaction one
``deliveries`` row is recorded per chat/push channel of the subscriber (unique per
notice and channel), holding the notice rendered for that channel. A spike notice
(``alerts.spikes``) records one row per subscriber and channel, its email
included. Sending follows the mail outbox's rules: a conditional UPDATE claims a
row, transient failures back off (1, 2, 4 … minutes, at most an hour) and give up
after three days, a claim of a dead process on this host is taken back at once.
A channel that fails is skipped for the rest of the batch; the other channels
go on, and so does email.

As with SMTP, a crash after the service accepted a notice but before the row was
marked sent can repeat that one notice once: HTTP gives no way to close that window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from newsmon.alerts.channels import AppriseSender, channel_key, digest_notice
from newsmon.alerts.models import Delivery, DeliveryStatus, Subscriber, SubscriberStatus
from newsmon.alerts.render import DigestContent
from newsmon.alerts.retry import CLAIM_LEASE, GIVE_UP_AFTER, backoff
from newsmon.alerts.transport import DeliveryError, Transport
from newsmon.storage.db import session_scope
from newsmon.storage.locks import holder_alive, holder_id
from newsmon.storage.models import utcnow

EMAIL = "email"


def record_digest_deliveries(
    session: Session,
    subscriber: Subscriber,
    digest_id: int,
    content: DigestContent,
    now: datetime,
) -> int:
    """One delivery per channel of the subscriber for this digest (in the caller's transaction)."""
    if not subscriber.channels or not content.story_count:
        return 0  # "nothing new" is worth an email at most, never a chat message
    notice = digest_notice(content)
    for url in dict.fromkeys(subscriber.channels):
        assert subscriber.id is not None
        session.add(
            Delivery(
                subscriber_id=subscriber.id,
                notice=f"digest:{digest_id}",
                digest_id=digest_id,
                channel=channel_key(url),
                target=url,
                title=notice.title,
                body=notice.body,
                story_count=content.story_count,
                next_attempt_at=now,
                created_at=now,
            )
        )
    return len(set(subscriber.channels))


# -- sending ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChannelSummary:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    last_error: str | None = None


def _claimable(now: datetime) -> sa.ColumnElement[bool]:
    return sa.or_(
        sa.and_(Delivery.status == DeliveryStatus.pending, Delivery.next_attempt_at <= now),
        sa.and_(Delivery.status == DeliveryStatus.sending, Delivery.claimed_at < now - CLAIM_LEASE),
    )


def release_dead_claims(engine: Engine, now: datetime) -> int:
    released = 0
    with session_scope(engine) as session:
        for row in session.exec(
            select(Delivery).where(Delivery.status == DeliveryStatus.sending.value)
        ).all():
            if holder_alive(row.claimed_by) is False:
                row.status, row.next_attempt_at, row.claimed_by = "pending", now, None
                session.add(row)
                released += 1
    return released


def _claim(engine: Engine, delivery_id: int, now: datetime) -> Delivery | None:
    with session_scope(engine) as session:
        result = session.execute(
            sa.update(Delivery)
            .where(Delivery.id == delivery_id, _claimable(now))
            .values(status=DeliveryStatus.sending.value, claimed_at=now, claimed_by=holder_id())
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            return None
        return session.get(Delivery, delivery_id)


def _finish(engine: Engine, delivery_id: int, now: datetime, error: DeliveryError | None) -> str:
    with session_scope(engine) as session:
        row = session.get(Delivery, delivery_id)
        assert row is not None
        row.attempts += 1
        row.claimed_by = None
        if error is None:
            row.status, row.sent_at, row.last_error = DeliveryStatus.sent.value, now, None
        elif error.permanent or now - row.created_at > GIVE_UP_AFTER:
            row.status, row.last_error = DeliveryStatus.failed.value, str(error)
        else:
            row.status, row.last_error = DeliveryStatus.pending.value, str(error)
            row.next_attempt_at = now + backoff(row.attempts)
        session.add(row)
        return row.status


def send_deliveries(
    engine: Engine,
    *,
    mail: Callable[[], Transport],
    sender_address: str,
    channels: AppriseSender | None = None,
    now: datetime | None = None,
    handle: str | None = None,
    limit: int = 500,
) -> ChannelSummary:
    """Send every delivery that is due; a failing channel waits, the others go on."""
    now = now or utcnow()
    release_dead_claims(engine, now)
    with Session(engine) as session:
        statement = (
            select(Delivery.id)
            .join(Subscriber, Subscriber.id == Delivery.subscriber_id)
            .where(_claimable(now), Subscriber.status == SubscriberStatus.active)
            .order_by(Delivery.id)
            .limit(limit)
        )
        if handle:
            statement = statement.where(Subscriber.handle == handle)
        ids = list(session.exec(statement).all())
    if not ids:
        return ChannelSummary()
    counts = {"sent": 0, "pending": 0, "failed": 0}
    with Session(engine) as session:
        # A channel waiting out its backoff holds its newer notices too (kept in order,
        # and a service that is down is not hit once per new notice).
        broken = set(
            session.exec(
                select(Delivery.channel).where(
                    Delivery.status == DeliveryStatus.pending.value,
                    Delivery.attempts > 0,
                    Delivery.next_attempt_at > now,
                )
            ).all()
        )
    last_error = None
    transport: Transport | None = None
    try:
        for delivery_id in ids:
            with Session(engine) as session:
                channel = session.exec(
                    select(Delivery.channel).where(Delivery.id == delivery_id)
                ).one()
            if channel in broken:
                continue
            row = _claim(engine, delivery_id, now)
            if row is None:
                continue
            error = None
            try:
                if row.channel == EMAIL:
                    transport = transport or mail()
                    transport.send(
                        sender_address,
                        row.target,
                        row.body.encode("ascii"),
                        f"notice-{row.id:08d}",
                    )
                else:
                    channels = channels or AppriseSender()
                    channels.send(row.target, row.title, row.body)
            except DeliveryError as exc:
                error, last_error = exc, str(exc)
                if not exc.permanent:
                    broken.add(row.channel)
            counts[_finish(engine, delivery_id, now, error)] += 1
    finally:
        if transport is not None:
            transport.close()
    return ChannelSummary(counts["sent"], counts["pending"], counts["failed"], last_error)


@dataclass(frozen=True, slots=True)
class ChannelCounts:
    """Deliveries at a glance (for ``status`` and ``/metrics``)."""

    sent: int
    pending: int
    failed: int
    retrying: int
    last_error: str | None


def channel_counts(engine: Engine) -> ChannelCounts:
    with Session(engine) as session:
        by_status = dict(
            session.execute(  # type: ignore[call-overload]
                sa.select(Delivery.status, sa.func.count()).group_by(Delivery.status)
            ).all()
        )
        retrying = session.execute(
            sa.select(sa.func.count()).where(
                Delivery.status == DeliveryStatus.pending.value, Delivery.attempts > 0
            )
        ).scalar()
        last_error = session.exec(
            select(Delivery.last_error)
            .where(Delivery.status.in_(("pending", "sending", "failed")))  # type: ignore[attr-defined]
            .where(Delivery.last_error.is_not(None))  # type: ignore[union-attr]
            .order_by(Delivery.id.desc())  # type: ignore[union-attr]
        ).first()
    return ChannelCounts(
        sent=by_status.get("sent", 0),
        pending=by_status.get("pending", 0) + by_status.get("sending", 0),
        failed=by_status.get("failed", 0),
        retrying=retrying or 0,
        last_error=last_error,
    )
