"""Coverage spikes: a period in which far more stories match a topic than it usually gets.

The statistic is a robust z-score. For a period with ``count`` matching stories
and the counts of the ``baseline`` periods before it (zeros included)::

    median = median(history)
    MAD    = median(|h - median| for h in history)
    scale  = max(1.4826 * MAD, sqrt(median), 1)
    score  = (count - median) / scale

1.4826 * MAD estimates the standard deviation of normal noise but, unlike it, is
not inflated by earlier spikes in the history; the floor sqrt(median) is the
Poisson noise of a count (so a quiet topic with a constant two stories a day
does not cry wolf at four), and 1 keeps a silent topic's scale above zero. A
period is a spike when ``count >= min_count`` and ``score >= threshold``
(3.5 by default, the usual cut-off for robust z-scores). Periods before the
archive's first crawl are not history (nothing was being counted then), and
fewer than ``min_history`` periods of history judge nothing.

Days are the stories' page-local publication days (the UTC day first seen when
a page gives no date), as in ``newsmon stats``; the daemon judges today and
yesterday after every alerts cycle and records each spike once (unique per topic,
scope and period) together with its notices, one per subscriber of the topic and
channel (email included), sent right away whatever the subscriber's cadence.
"""

from __future__ import annotations

import hashlib
import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from newsmon.alerts.channels import ChatNotice, channel_key, md_link, md_text
from newsmon.alerts.deliveries import EMAIL
from newsmon.alerts.models import Delivery, MatchRecord, Spike, Subscriber, SubscriberStatus
from newsmon.alerts.render import header_safe
from newsmon.alerts.settings import AlertSettings
from newsmon.alerts.unsubscribe import make_token, unsubscribe_url
from newsmon.config import SpikesConfig, TopicConfig
from newsmon.storage.db import session_scope
from newsmon.storage.models import Story, utcnow

MAD_TO_SIGMA = 1.4826
TOP_STORIES = 5
"""Stories named in a spike notice."""


@dataclass(frozen=True, slots=True)
class SpikeTest:
    """One period judged against its history."""

    count: int
    median: float
    scale: float
    score: float
    spike: bool


def robust_score(
    history: Sequence[int], count: int, *, threshold: float = 3.5, min_count: int = 5
) -> SpikeTest:
    """``count`` against ``history`` (see the module docstring for the formula)."""
    middle = float(statistics.median(history)) if history else 0.0
    mad = float(statistics.median([abs(h - middle) for h in history])) if history else 0.0
    scale = max(MAD_TO_SIGMA * mad, math.sqrt(middle), 1.0)
    score = (count - middle) / scale
    return SpikeTest(
        count, middle, scale, round(score, 2), count >= min_count and score >= threshold
    )


def flag_series(
    counts: Sequence[int], settings: SpikesConfig, *, first_known: int = 0
) -> list[SpikeTest | None]:
    """Each period of a zero-filled series judged against the ones before it.

    ``first_known`` is the index of the first period the archive was counting;
    ``None`` marks periods with too little history to judge.
    """
    tests: list[SpikeTest | None] = []
    for i, count in enumerate(counts):
        history = counts[max(first_known, i - settings.baseline) : i]
        if len(history) < settings.min_history:
            tests.append(None)
            continue
        tests.append(
            robust_score(history, count, threshold=settings.threshold, min_count=settings.min_count)
        )
    return tests


def period_of(day: date, period: str) -> date:
    return day - timedelta(days=day.weekday()) if period == "week" else day


def _step(period: str) -> timedelta:
    return timedelta(days=7 if period == "week" else 1)


def local_day(published: datetime | None, offset: int | None, first_seen: datetime) -> date:
    """The page-local publication day (the rule of ``analysis.trends``)."""
    if published is None:
        return first_seen.date()
    return (published + timedelta(minutes=offset or 0)).date()


def archive_start(engine: Engine) -> date | None:
    """The day the archive began counting (its first story's first sighting)."""
    with Session(engine) as session:
        first = session.execute(sa.select(sa.func.min(Story.first_seen))).scalar()
    return first.date() if first is not None else None


@dataclass(frozen=True, slots=True)
class _Row:
    story_id: int
    title: str
    url: str
    day: date
    scopes: tuple[str, ...]


def _rows(
    engine: Engine, topics: Sequence[str], since: date, today: date, split: Sequence[str]
) -> dict[str, list[_Row]]:
    """Each topic's matched stories since ``since`` (one query for all topics)."""
    when = sa.func.coalesce(Story.published, Story.first_seen)
    statement = (
        sa.select(
            MatchRecord.topic,
            Story.id,
            Story.title,
            Story.canonical_url,
            Story.published,
            Story.published_utcoffset,
            Story.first_seen,
            Story.source,
            Story.language,
        )
        .join(MatchRecord, MatchRecord.story_id == Story.id)
        .where(MatchRecord.topic.in_(list(topics)))  # type: ignore[attr-defined]
        .where(when >= datetime.combine(since - timedelta(days=1), time(0), tzinfo=UTC))
    )
    rows: dict[str, list[_Row]] = defaultdict(list)
    with Session(engine) as session:
        for (
            topic,
            sid,
            title,
            url,
            published,
            offset,
            first_seen,
            source,
            language,
        ) in session.execute(statement):
            day = min(local_day(published, offset, first_seen), today)
            scopes = ["all"]
            if "source" in split:
                scopes.append(f"source:{source}")
            if "language" in split and language:
                scopes.append(f"language:{language}")
            rows[topic].append(_Row(sid, title or url, url, day, tuple(scopes)))
    return rows


@dataclass(frozen=True, slots=True)
class Found:
    topic: str
    scope: str
    period_start: date
    test: SpikeTest
    stories: list[tuple[str, str]]
    """(title, URL) of the newest stories of the spike."""


def find_spikes(
    engine: Engine,
    topics: Sequence[TopicConfig],
    settings: SpikesConfig,
    now: datetime,
    *,
    start: date | None = None,
) -> list[Found]:
    """Spikes in the current and the previous period, per topic and scope."""
    start = start if start is not None else archive_start(engine)
    if start is None:
        return []
    step = _step(settings.period)
    current = period_of(now.date(), settings.period)
    first = current - step * (settings.baseline + 1)
    known = period_of(start, settings.period)
    periods = [first + step * i for i in range(settings.baseline + 2)]
    found = []
    by_topic = _rows(engine, [t.name for t in topics], first, now.date(), settings.split)
    for topic in topics:
        counts: dict[str, Counter[date]] = defaultdict(Counter)
        newest: dict[tuple[str, date], list[_Row]] = defaultdict(list)
        for row in by_topic.get(topic.name, []):
            bucket = period_of(row.day, settings.period)
            for scope in row.scopes:
                counts[scope][bucket] += 1
                newest[scope, bucket].append(row)
        for scope, by_period in counts.items():
            series = [by_period.get(p, 0) for p in periods]
            first_known = next((i for i, p in enumerate(periods) if p >= known), len(periods))
            tests = flag_series(series, settings, first_known=first_known)
            for index in (len(periods) - 2, len(periods) - 1):
                test = tests[index]
                if test is None or not test.spike:
                    continue
                rows = sorted(newest[scope, periods[index]], key=lambda r: -r.story_id)
                found.append(
                    Found(
                        topic.name,
                        scope,
                        periods[index],
                        test,
                        [(r.title, r.url) for r in rows[:TOP_STORIES]],
                    )
                )
    return found


def _scope_words(scope: str) -> str:
    return "" if scope == "all" else f" ({scope.replace(':', ' ', 1)})"


def spike_notice(found: Found, period: str) -> ChatNotice:
    title = f"newsmon: coverage spike in {found.topic}{_scope_words(found.scope)}"
    when = "the week of " if period == "week" else ""
    test = found.test
    lines = [
        f"**{test.count}** stories matched **{md_text(found.topic)}**"
        f"{md_text(_scope_words(found.scope))}"
        f" on {when}{found.period_start.isoformat()}, against a usual {test.median:g} per "
        f"{period} (robust z-score {test.score:.1f}).",
        *(f"- {md_link(title_, url)}" for title_, url in found.stories),
    ]
    return ChatNotice(header_safe(title), "\n".join(lines))


def _spike_mail(
    notice: ChatNotice, found: Found, subscriber: Subscriber, settings: AlertSettings, now: datetime
) -> str:
    message = EmailMessage(policy=SMTP)
    message["From"] = Address(display_name=settings.from_name, addr_spec=settings.from_address)
    message["To"] = Address(
        display_name=header_safe(subscriber.name), addr_spec=subscriber.email or ""
    )
    message["Subject"] = notice.title
    message["Date"] = format_datetime(now)
    key = f"spike:{found.topic}:{found.scope}:{found.period_start}:{subscriber.id}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    message["Message-ID"] = f"<spike.{digest}@{settings.from_address.rsplit('@', 1)[-1]}>"
    link = unsubscribe_url(settings.public_url, make_token(settings.secret, subscriber))
    message["List-Unsubscribe"] = f"<{header_safe(link)}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["Auto-Submitted"] = "auto-generated"
    text = notice.body.replace("**", "").replace("\\", "")
    message.set_content(f"{text}\n\n--\nUnsubscribe: {link}\n", charset="utf-8")
    return message.as_bytes().decode("ascii")


def record_spikes(
    engine: Engine,
    found: Sequence[Found],
    spikes: SpikesConfig,
    settings: AlertSettings,
    now: datetime | None = None,
) -> list[int]:
    """Record new spikes, each with its notices in the same transaction; returns new ids."""
    now = now or utcnow()
    recorded = []
    for item in found:
        key = (item.topic, item.scope, spikes.period, item.period_start.isoformat())
        with Session(engine) as session:
            if session.exec(
                select(Spike.id).where(
                    Spike.topic == key[0],
                    Spike.scope == key[1],
                    Spike.period == key[2],
                    Spike.period_start == key[3],
                )
            ).first():
                continue
        try:
            with session_scope(engine) as session:
                spike = Spike(
                    topic=item.topic,
                    scope=item.scope,
                    period=spikes.period,
                    period_start=key[3],
                    count=item.test.count,
                    median=item.test.median,
                    scale=item.test.scale,
                    score=item.test.score,
                    detected_at=now,
                )
                session.add(spike)
                session.flush()
                assert spike.id is not None
                if spikes.notify:
                    _record_notices(session, spike.id, item, spikes.period, settings, now)
                recorded.append(spike.id)
        except sa.exc.IntegrityError:
            continue  # another process recorded it first
    return recorded


def _record_notices(
    session: Session,
    spike_id: int,
    found: Found,
    period: str,
    settings: AlertSettings,
    now: datetime,
) -> None:
    notice = spike_notice(found, period)
    subscribers = session.exec(
        select(Subscriber).where(Subscriber.status == SubscriberStatus.active)
    ).all()
    for subscriber in subscribers:
        if found.topic not in subscriber.topics:
            continue
        assert subscriber.id is not None
        targets = [
            (channel_key(url), url, notice.body) for url in dict.fromkeys(subscriber.channels)
        ]
        if subscriber.email:
            mail = _spike_mail(notice, found, subscriber, settings, now)
            targets.insert(0, (EMAIL, subscriber.email, mail))
        for channel, target, body in targets:
            session.add(
                Delivery(
                    subscriber_id=subscriber.id,
                    notice=f"spike:{spike_id}:{subscriber.id}",
                    spike_id=spike_id,
                    channel=channel,
                    target=target,
                    title=notice.title,
                    body=body,
                    story_count=found.test.count,
                    next_attempt_at=now,
                    created_at=now,
                )
            )


def detect_and_record(
    engine: Engine,
    topics: Sequence[TopicConfig],
    spikes: SpikesConfig,
    settings: AlertSettings,
    now: datetime | None = None,
) -> list[int]:
    """The daemon's step: find spikes now and record the new ones with their notices."""
    if not spikes.enabled or not topics:
        return []
    now = now or utcnow()
    return record_spikes(engine, find_spikes(engine, topics, spikes, now), spikes, settings, now)


def recent_spikes(engine: Engine, topic: str | None = None, limit: int = 20) -> list[Spike]:
    """Recorded spikes, newest period first (for ``stats`` and the web UI)."""
    with Session(engine) as session:
        statement = select(Spike).order_by(Spike.period_start.desc(), Spike.id.desc())  # type: ignore[attr-defined]
        if topic:
            statement = statement.where(Spike.topic == topic)
        return list(session.exec(statement.limit(limit)).all())
