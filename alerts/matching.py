"""Run topic matching over the archive and record the matches.

A story is (re)scanned when it was never scanned, when its text changed
(``stories.version`` moved) or when the topic rules changed. Records are
idempotent per (topic, story): a rescan updates the terms and snippet in place
and keeps ``matched_at``, so an updated story is not "new" to digests.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from newsmon.alerts.models import MatchRecord, MatchScan
from newsmon.config import TopicConfig
from newsmon.query.matcher import StoryText, TopicMatch, TopicMatcher
from newsmon.storage.db import session_scope
from newsmon.storage.models import Story, utcnow


@dataclass(frozen=True, slots=True)
class MatchSummary:
    scanned: int
    new_matches: int
    updated_matches: int


def rules_hash(topics: Sequence[TopicConfig]) -> str:
    payload = json.dumps(sorted((t.name, t.query) for t in topics), ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def build_matcher(topics: Sequence[TopicConfig]) -> TopicMatcher:
    """Compile every topic; raises RuleSyntaxError naming the first bad rule's column."""
    return TopicMatcher.from_rules((t.name, t.query) for t in topics)


def _due(session: Session, after_id: int, digest: str, rematch: bool, limit: int) -> list[Story]:
    statement = select(Story).where(Story.id > after_id).order_by(Story.id).limit(limit)
    if not rematch:
        scan = sa.orm.aliased(MatchScan)
        statement = statement.outerjoin(scan, scan.story_id == Story.id).where(
            sa.or_(
                scan.story_id.is_(None),
                scan.story_version != Story.version,
                scan.rules_hash != digest,
            )
        )
    return list(session.exec(statement).all())


def _record(
    session: Session,
    story: Story,
    found: list[TopicMatch],
    now: datetime,
    digest: str,
    counts: dict[str, int],
) -> None:
    assert story.id is not None
    existing = {
        r.topic: r
        for r in session.exec(select(MatchRecord).where(MatchRecord.story_id == story.id)).all()
    }
    for match in found:
        record = existing.get(match.topic)
        if record is None:
            record = MatchRecord(topic=match.topic, story_id=story.id, matched_at=now)
            counts["new"] += 1
        else:
            counts["updated"] += 1
        record.terms = match.terms
        record.snippet = match.snippet.text
        record.highlights = [list(h) for h in match.snippet.highlights]
        record.in_title = match.in_title
        record.story_version = story.version
        record.updated_at = now
        session.add(record)
    scan = session.get(MatchScan, story.id)
    if scan is None:
        scan = MatchScan(
            story_id=story.id, story_version=story.version, rules_hash=digest, scanned_at=now
        )
    scan.story_version, scan.rules_hash, scan.scanned_at = story.version, digest, now
    session.add(scan)


def match_pending(
    engine: Engine,
    topics: Sequence[TopicConfig],
    *,
    rematch: bool = False,
    batch_size: int = 200,
    now: datetime | None = None,
) -> MatchSummary:
    """Match every story that needs it; one transaction per batch."""
    matcher = build_matcher(topics)
    digest = rules_hash(topics)
    counts = {"scanned": 0, "new": 0, "updated": 0}
    after_id = 0
    while True:
        with session_scope(engine) as session:
            stories = _due(session, after_id, digest, rematch, batch_size)
            if not stories:
                break
            stamp = now or utcnow()
            for story in stories:
                found = matcher.match(
                    StoryText(story.title or "", story.text, story.language, story.source)
                )
                _record(session, story, found, stamp, digest, counts)
            counts["scanned"] += len(stories)
            after_id = stories[-1].id or after_id
    return MatchSummary(counts["scanned"], counts["new"], counts["updated"])


def matches_for_topic(
    engine: Engine, topic: str, limit: int = 50
) -> list[tuple[Story, MatchRecord]]:
    """Newest matches of one topic, for ``newsmon search --topic``."""
    with Session(engine) as session:
        rows = session.exec(
            select(Story, MatchRecord)
            .join(MatchRecord, MatchRecord.story_id == Story.id)
            .where(MatchRecord.topic == topic)
            .order_by(MatchRecord.matched_at.desc(), Story.id.desc())
            .limit(limit)  # type: ignore[union-attr]
        ).all()
    return [(story, record) for story, record in rows]
