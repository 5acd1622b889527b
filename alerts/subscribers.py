"""Subscribers in the archive: synced from the config, managed from the CLI.

The config is authoritative for the subscribers it lists (their topics,
cadence, …) but never overrides a person's own choice: someone who clicked
"unsubscribe" stays unsubscribed, and a paused subscriber stays paused.
Removing is a soft delete, so a re-added address keeps its delivery history
and is never sent a story it already received.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime
from email.errors import HeaderParseError
from email.headerregistry import Address

from pydantic import ValidationError
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from newsmon.alerts.models import (
    Delivery,
    DeliveryStatus,
    Digest,
    DigestStatus,
    Subscriber,
    SubscriberStatus,
)
from newsmon.config import SubscriberConfig
from newsmon.storage.db import session_scope
from newsmon.storage.models import utcnow


class SubscriberError(ValueError):
    """A subscriber operation that cannot be done; the message says why."""


def validate(entry: SubscriberConfig) -> SubscriberConfig:
    """Reject addresses the mail layer would refuse, before they reach the database."""
    if entry.email is None:
        return entry
    try:
        Address(display_name=entry.name, addr_spec=entry.email)
    except (HeaderParseError, ValueError, IndexError) as exc:
        raise SubscriberError(f"{entry.email!r}: not a usable email address ({exc})") from None
    return entry


def make_entry(email: str | None, topics: list[str], **fields: object) -> SubscriberConfig:
    """A validated subscriber description (the same rules as the config file)."""
    try:
        entry = SubscriberConfig.model_validate({"email": email, "topics": topics, **fields})
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise SubscriberError(problems) from None
    return validate(entry)


def _apply(row: Subscriber, entry: SubscriberConfig, now: datetime) -> None:
    row.email = entry.email.lower() if entry.email else None
    row.channels = list(entry.channels)
    row.name = entry.name
    row.topics = list(entry.topics)
    row.cadence = entry.cadence.value
    row.send_time = entry.send_time.strftime("%H:%M")
    row.timezone = entry.timezone
    row.language = entry.language
    row.updated_at = now


def handle_of(name_or_email: str) -> str:
    """Emails are matched case-insensitively; names of channel-only subscribers exactly."""
    return name_or_email.lower() if "@" in name_or_email else name_or_email


def _by_handle(session: Session, handle: str) -> Subscriber | None:
    return session.exec(select(Subscriber).where(Subscriber.handle == handle_of(handle))).first()


def upsert(session: Session, entry: SubscriberConfig, origin: str, now: datetime) -> Subscriber:
    row = _by_handle(session, entry.handle)
    if row is None:
        row = Subscriber(
            handle=entry.handle,
            origin=origin,
            token_key=secrets.token_urlsafe(12),
            created_at=now,
            updated_at=now,
        )
    elif row.status == SubscriberStatus.removed or (
        origin == "cli" and row.status == SubscriberStatus.unsubscribed
    ):  # an operator's explicit add re-subscribes; a config sync never does
        row.status = SubscriberStatus.active.value
        row.token_key = secrets.token_urlsafe(12)  # a new subscription: old links die
    row.origin = origin if origin == "config" else row.origin
    _apply(row, entry, now)
    session.add(row)
    session.flush()
    return row


def sync_from_config(
    engine: Engine, entries: Sequence[SubscriberConfig], now: datetime | None = None
) -> None:
    """Make the table agree with the config's subscriber list (one transaction)."""
    now = now or utcnow()
    listed = {e.handle for e in entries}
    with session_scope(engine) as session:
        for entry in entries:
            upsert(session, validate(entry), "config", now)
        for row in session.exec(select(Subscriber).where(Subscriber.origin == "config")).all():
            if row.handle not in listed and row.status != SubscriberStatus.removed:
                row.status, row.updated_at = SubscriberStatus.removed.value, now
                session.add(row)


def add(engine: Engine, entry: SubscriberConfig) -> Subscriber:
    with session_scope(engine) as session:
        return upsert(session, validate(entry), "cli", utcnow())


def listing(engine: Engine, include_removed: bool = False) -> list[Subscriber]:
    with Session(engine) as session:
        statement = select(Subscriber).order_by(Subscriber.handle)
        if not include_removed:
            statement = statement.where(Subscriber.status != SubscriberStatus.removed)
        return list(session.exec(statement).all())


def set_status(engine: Engine, email: str, status: SubscriberStatus) -> Subscriber:
    """Pause, resume or remove (by email or name); leaving cancels what is not yet sent."""
    with session_scope(engine) as session:
        row = _by_handle(session, email)
        if row is None or row.status == SubscriberStatus.removed:
            raise SubscriberError(f"no subscriber {email!r}")
        if status == SubscriberStatus.removed and row.origin == "config":
            raise SubscriberError(f"{email} is listed in the config file: remove it there")
        if row.status == SubscriberStatus.unsubscribed and status == SubscriberStatus.active:
            raise SubscriberError(f"{email} unsubscribed themselves; add them again to resubscribe")
        row.status, row.updated_at = status.value, utcnow()
        session.add(row)
        if status in (SubscriberStatus.removed, SubscriberStatus.unsubscribed):
            cancel_pending(session, row)
        return row


def cancel_pending(session: Session, row: Subscriber) -> None:
    for digest in session.exec(
        select(Digest).where(Digest.subscriber_id == row.id, Digest.status == DigestStatus.pending)
    ).all():
        digest.status, digest.last_error = DigestStatus.cancelled.value, f"subscriber {row.status}"
        session.add(digest)
    for delivery in session.exec(
        select(Delivery).where(
            Delivery.subscriber_id == row.id, Delivery.status == DeliveryStatus.pending
        )
    ).all():
        delivery.status = DeliveryStatus.cancelled.value
        delivery.last_error = f"subscriber {row.status}"
        session.add(delivery)
