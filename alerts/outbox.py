"""Deciding digests once and sending them until they are delivered.

*Decide* (one transaction per subscriber): pick every matched story the
subscriber has not been assigned yet, render the message, and insert the
digest (unique idempotency key per subscriber and period, deterministic
Message-ID) together with one ``digest_items`` row per story (unique per
subscriber and story). Either all of it is recorded or none of it, and a story
can only ever be assigned to one digest per subscriber.

*Send*: claim a pending digest (a conditional UPDATE, so two senders never
both take it), transmit the stored bytes, mark it sent. Transient failures
back off and retry; 5xx replies fail it for good. A claim names its process
(``host:pid``): when that process died mid-send (``kill -9`` of the daemon), the
next cycle on the same host takes the digest back at once; a claim from another
host is trusted until its lease runs out. A crash after the SMTP server
accepted the message but before it was marked sent can therefore resend it
once: SMTP gives no way to close that window, and the unchanged Message-ID
lets mail clients drop the copy.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from newsmon.alerts.deliveries import record_digest_deliveries
from newsmon.alerts.models import (
    Delivery,
    Digest,
    DigestItem,
    DigestStatus,
    MatchRecord,
    Subscriber,
    SubscriberStatus,
)
from newsmon.alerts.render import DigestContent, Entry, Section, build_message
from newsmon.alerts.retry import CLAIM_LEASE, GIVE_UP_AFTER, backoff
from newsmon.alerts.schedule import latest_boundary, parse_send_time, period_key
from newsmon.alerts.settings import AlertSettings
from newsmon.alerts.subscribers import handle_of
from newsmon.alerts.transport import DeliveryError, Transport
from newsmon.alerts.unsubscribe import make_token, unsubscribe_url
from newsmon.query.snippets import Snippet
from newsmon.storage.db import session_scope
from newsmon.storage.locks import holder_alive, holder_id
from newsmon.storage.models import Appearance, Story, utcnow
from newsmon.stories.cluster_models import StoryLink

__all__ = ["CLAIM_LEASE", "GIVE_UP_AFTER", "backoff"]  # the shared retry rules


# -- deciding -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Pending:
    story: Story
    records: list[MatchRecord]


def _pending(session: Session, subscriber: Subscriber, backfill: timedelta) -> list[_Pending]:
    assigned = select(DigestItem.story_id).where(DigestItem.subscriber_id == subscriber.id)
    rows = session.exec(
        select(Story, MatchRecord)
        .join(MatchRecord, MatchRecord.story_id == Story.id)
        .where(MatchRecord.topic.in_(subscriber.topics))  # type: ignore[attr-defined]
        .where(Story.first_seen >= subscriber.created_at - backfill)
        .where(Story.id.not_in(assigned))  # type: ignore[union-attr]
    ).all()
    by_story: dict[int, _Pending] = {}
    for story, record in rows:
        assert story.id is not None
        by_story.setdefault(story.id, _Pending(story, [])).records.append(record)
    order = {topic: i for i, topic in enumerate(subscriber.topics)}
    for pending in by_story.values():
        pending.records.sort(key=lambda r: order.get(r.topic, len(order)))
    return sorted(
        by_story.values(),
        key=lambda p: (p.story.published or p.story.first_seen, p.story.id),
        reverse=True,
    )


def _also_at(session: Session, stories: list[Story]) -> dict[int, list[tuple[str, str]]]:
    """The other places each story appeared at, by the URLs that answered there."""
    ids = [s.id for s in stories]
    shown = {s.id: {s.canonical_url, s.link} for s in stories}
    found: dict[int, list[tuple[str, str]]] = {}
    for appearance in session.exec(
        select(Appearance)
        .where(Appearance.story_id.in_(ids), Appearance.listed)  # type: ignore[attr-defined]
        .order_by(Appearance.id)
    ).all():
        url = appearance.href or appearance.url
        if (
            appearance.url not in shown[appearance.story_id]
            and url not in shown[appearance.story_id]
        ):
            found.setdefault(appearance.story_id, []).append((appearance.source, url))
    return found


def _related(session: Session, stories: list[Story]) -> dict[int, list[tuple[str, str, str]]]:
    """The linked versions of each story in other languages (see stories.relations)."""
    ids = [s.id for s in stories]
    pairs = session.exec(
        select(StoryLink.story_id, StoryLink.related_id).where(
            sa.or_(StoryLink.story_id.in_(ids), StoryLink.related_id.in_(ids))  # type: ignore[attr-defined]
        )
    ).all()
    others: dict[int, set[int]] = {}
    for a, b in pairs:
        others.setdefault(a, set()).add(b)
        others.setdefault(b, set()).add(a)
    wanted = {o for story_id in ids for o in others.get(story_id, ())}  # type: ignore[arg-type]
    if not wanted:
        return {}
    linked = {
        s.id: s
        for s in session.exec(select(Story).where(Story.id.in_(wanted))).all()  # type: ignore[union-attr]
    }
    language = {s.id: s.language for s in stories}
    return {
        story_id: [
            (
                linked[o].language or "?",
                linked[o].title or linked[o].link,
                linked[o].link,
            )
            for o in sorted(others.get(story_id, ()))
            if o in linked and linked[o].language != language[story_id]  # versions, not look-alikes
        ]
        for story_id in ids  # type: ignore[misc]
    }


def _content(
    session: Session, subscriber: Subscriber, pending: list[_Pending], settings: AlertSettings
) -> DigestContent:
    also_at = _also_at(session, [p.story for p in pending])
    related = _related(session, [p.story for p in pending])
    sections: dict[str, list[Entry]] = {topic: [] for topic in subscriber.topics}
    for item in pending:
        story, first = item.story, item.records[0]
        assert story.id is not None
        sections.setdefault(first.topic, []).append(
            Entry(
                story_id=story.id,
                title=story.title or story.link,
                url=story.link,
                source=story.source,
                published=story.published,
                snippet=Snippet(first.snippet, tuple((s, e) for s, e in first.highlights)),
                terms=list(dict.fromkeys(t for r in item.records for t in r.terms)),
                also_at=also_at.get(story.id, []),
                related=related.get(story.id, []),
                also_topics=[r.topic for r in item.records[1:]],
            )
        )
    token = make_token(settings.secret, subscriber)
    return DigestContent(
        recipient_name=subscriber.name,
        recipient_email=subscriber.email or "",
        language=subscriber.language,
        timezone=subscriber.timezone,
        topics=list(subscriber.topics),
        sections=[
            Section(
                topic,
                settings.topics[topic].description if topic in settings.topics else "",
                entries,
            )
            for topic, entries in sections.items()
            if entries
        ],
        unsubscribe_url=unsubscribe_url(settings.public_url, token),
    )


def _message_id(idempotency_key: str, sender: str) -> str:
    digest = hashlib.sha256(idempotency_key.encode()).hexdigest()[:32]
    return f"<digest.{digest}@{sender.rsplit('@', 1)[-1]}>"


def _decide_one(
    engine: Engine, subscriber_id: int, settings: AlertSettings, now: datetime, force: bool
) -> int | None:
    with session_scope(engine) as session:
        subscriber = session.get(Subscriber, subscriber_id)
        if subscriber is None or subscriber.status != SubscriberStatus.active:
            return None
        scheduled = not force and subscriber.cadence != "immediate"
        if scheduled:
            boundary = latest_boundary(
                subscriber.cadence,
                parse_send_time(subscriber.send_time),
                subscriber.timezone,
                now,
                settings.weekly_day,
            )
            if boundary is None or boundary < subscriber.created_at:
                return None
            period = period_key(subscriber.cadence, boundary)
            key = f"{subscriber.id}:{period}"
            if session.exec(select(Digest.id).where(Digest.idempotency_key == key)).first():
                return None
        pending = _pending(session, subscriber, settings.backfill)
        if not pending and not (scheduled and settings.send_empty):
            return None
        if not scheduled:  # unscheduled digests are named by what they contain
            ids = ",".join(str(p.story.id) for p in sorted(pending, key=lambda p: p.story.id or 0))
            kind = "now" if force else "immediate"
            period = f"{kind}:{hashlib.sha256(ids.encode()).hexdigest()[:16]}"
            key = f"{subscriber.id}:{period}"
        content = _content(session, subscriber, pending, settings)
        message_id = _message_id(key, settings.from_address)
        message, status = "", DigestStatus.no_mail.value
        if subscriber.email:
            message = (
                build_message(
                    content,
                    sender=settings.from_address,
                    sender_name=settings.from_name,
                    message_id=message_id,
                    date=now,
                )
                .as_bytes()
                .decode("ascii")
            )
            status = DigestStatus.pending.value
        digest = Digest(
            subscriber_id=subscriber_id,
            period_key=period,
            idempotency_key=key,
            message_id=message_id,
            sender=settings.from_address,
            recipient=subscriber.email or "",
            message=message,
            story_count=len(pending),
            status=status,
            next_attempt_at=now,
            created_at=now,
        )
        session.add(digest)
        session.flush()
        assert digest.id is not None
        for item in pending:
            assert item.story.id is not None
            session.add(
                DigestItem(
                    digest_id=digest.id,
                    subscriber_id=subscriber_id,
                    story_id=item.story.id,
                    topic=item.records[0].topic,
                )
            )
        record_digest_deliveries(session, subscriber, digest.id, content, now)
        session.flush()
        if (
            not subscriber.email
            and not session.exec(select(Delivery.id).where(Delivery.digest_id == digest.id)).first()
        ):
            raise _NothingToSend  # a channel-only subscriber's empty period: record nothing
        return digest.id


class _NothingToSend(Exception):
    """Rolls back a digest that would reach no channel."""


def decide_digests(
    engine: Engine,
    settings: AlertSettings,
    *,
    now: datetime | None = None,
    email: str | None = None,
    force: bool = False,
) -> list[int]:
    """Record the digests that are due (all now with ``force``); returns their ids."""
    now = now or utcnow()
    with Session(engine) as session:
        statement = select(Subscriber.id).where(Subscriber.status == SubscriberStatus.active)
        if email:
            statement = statement.where(Subscriber.handle == handle_of(email))
        subscriber_ids = list(session.exec(statement).all())
    decided = []
    for subscriber_id in subscriber_ids:
        try:
            digest_id = _decide_one(engine, subscriber_id, settings, now, force)
        except IntegrityError:
            continue  # another process decided this period or these stories first
        except _NothingToSend:
            continue
        if digest_id is not None:
            decided.append(digest_id)
    return decided


def preview(engine: Engine, settings: AlertSettings, email: str) -> DigestContent | None:
    """What the subscriber would receive now, without recording anything."""
    with Session(engine) as session:
        subscriber = session.exec(
            select(Subscriber).where(Subscriber.handle == handle_of(email))
        ).first()
        if subscriber is None:
            return None
        return _content(
            session, subscriber, _pending(session, subscriber, settings.backfill), settings
        )


# -- sending ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SendSummary:
    sent: int
    retrying: int
    failed: int
    last_error: str | None = None
    """The last delivery error of this batch, as the operator should read it."""


@dataclass(frozen=True, slots=True)
class OutboxCounts:
    """The whole outbox at a glance (for ``status`` and ``/metrics``)."""

    sent: int
    pending: int
    """Decided and not yet delivered (waiting, retrying or being sent now)."""
    failed: int
    retrying: int
    """Pending digests that already failed at least once."""
    sending: int
    """Claimed by a sender right now."""
    sending_since: datetime | None
    next_attempt: datetime | None
    last_error: str | None
    """The newest error of a digest that is not delivered."""


def outbox_counts(engine: Engine) -> OutboxCounts:
    waiting = (DigestStatus.pending.value, DigestStatus.sending.value)
    with Session(engine) as session:
        by_status = dict(
            session.execute(  # type: ignore[call-overload]
                sa.select(Digest.status, sa.func.count()).group_by(Digest.status)
            ).all()
        )
        retrying, next_attempt = session.execute(  # type: ignore[call-overload]
            sa.select(
                sa.func.count().filter(Digest.attempts > 0), sa.func.min(Digest.next_attempt_at)
            ).where(Digest.status == DigestStatus.pending.value)
        ).one()
        sending_since = session.execute(
            sa.select(sa.func.min(Digest.claimed_at)).where(
                Digest.status == DigestStatus.sending.value
            )
        ).scalar()
        last_error = session.exec(
            select(Digest.last_error)
            .where(Digest.status.in_((*waiting, DigestStatus.failed.value)))  # type: ignore[attr-defined]
            .where(Digest.last_error.is_not(None))  # type: ignore[union-attr]
            .order_by(Digest.id.desc())  # type: ignore[union-attr]
        ).first()
    return OutboxCounts(
        sent=by_status.get(DigestStatus.sent.value, 0),
        pending=sum(by_status.get(s, 0) for s in waiting),
        failed=by_status.get(DigestStatus.failed.value, 0),
        retrying=retrying or 0,
        sending=by_status.get(DigestStatus.sending.value, 0),
        sending_since=sending_since,
        next_attempt=next_attempt,
        last_error=last_error,
    )


def release_dead_claims(engine: Engine, now: datetime | None = None) -> int:
    """Give back digests claimed by a process of this host that has died (no lease wait)."""
    now = now or utcnow()
    released = 0
    with session_scope(engine) as session:
        claimed = session.exec(
            select(Digest).where(Digest.status == DigestStatus.sending.value)
        ).all()
        for digest in claimed:
            if holder_alive(digest.claimed_by) is False:
                digest.status, digest.next_attempt_at = DigestStatus.pending.value, now
                digest.claimed_by = None
                session.add(digest)
                released += 1
    return released


def _claimable(now: datetime) -> sa.ColumnElement[bool]:
    return sa.or_(
        sa.and_(Digest.status == DigestStatus.pending, Digest.next_attempt_at <= now),
        sa.and_(Digest.status == DigestStatus.sending, Digest.claimed_at < now - CLAIM_LEASE),
    )


def _claim(engine: Engine, digest_id: int, now: datetime) -> Digest | None:
    with session_scope(engine) as session:
        result = session.execute(
            sa.update(Digest)
            .where(Digest.id == digest_id, _claimable(now))
            .values(status=DigestStatus.sending.value, claimed_at=now, claimed_by=holder_id())
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            return None
        return session.get(Digest, digest_id)


def _finish(engine: Engine, digest_id: int, now: datetime, error: DeliveryError | None) -> str:
    with session_scope(engine) as session:
        digest = session.get(Digest, digest_id)
        assert digest is not None
        digest.attempts += 1
        digest.claimed_by = None
        if error is None:
            digest.status, digest.sent_at, digest.last_error = DigestStatus.sent.value, now, None
        elif error.permanent or now - digest.created_at > GIVE_UP_AFTER:
            digest.status, digest.last_error = DigestStatus.failed.value, str(error)
        else:
            digest.status, digest.last_error = DigestStatus.pending.value, str(error)
            digest.next_attempt_at = now + backoff(digest.attempts)
        session.add(digest)
        return digest.status


def send_pending(
    engine: Engine,
    transport: Transport,
    *,
    now: datetime | None = None,
    email: str | None = None,
    limit: int = 500,
) -> SendSummary:
    """Send every digest that is due; stop early when the server itself is failing."""
    now = now or utcnow()
    release_dead_claims(engine, now)
    with Session(engine) as session:
        statement = (
            select(Digest.id)
            .join(Subscriber, Subscriber.id == Digest.subscriber_id)
            .where(_claimable(now), Subscriber.status == SubscriberStatus.active)
            .order_by(Digest.id)
            .limit(limit)
        )
        if email:
            statement = statement.where(Subscriber.handle == handle_of(email))
        digest_ids = list(session.exec(statement).all())
    counts = {
        DigestStatus.sent.value: 0,
        DigestStatus.pending.value: 0,
        DigestStatus.failed.value: 0,
    }
    last_error = None
    try:
        for digest_id in digest_ids:
            digest = _claim(engine, digest_id, now)
            if digest is None:
                continue
            error = None
            try:
                transport.send(
                    digest.sender,
                    digest.recipient,
                    digest.message.encode("ascii"),
                    f"digest-{digest.id:08d}",
                )
            except DeliveryError as exc:
                error, last_error = exc, str(exc)
            counts[_finish(engine, digest_id, now, error)] += 1
            if error is not None and error.stop:
                break
    finally:
        transport.close()
    return SendSummary(counts["sent"], counts["pending"], counts["failed"], last_error)
