"""``newsmon dedup --rebuild``: recompute all clustering from the stored articles.

Replays the save-time decisions over the archive with the given parameters, in
one transaction under the write lock (a crash leaves the old clustering intact):

1. drop every index row, link and group; record the new parameters;
2. walk the stories in id (arrival) order: a story that is now a near-duplicate
   of an earlier one is folded into it (its text kept as a copy, its URLs moved);
3. re-verify every merged copy against its story; one that no longer qualifies
   is split out again (into the story it now matches, or a new story);
4. relink across languages.

Nothing is deleted without its text being kept, and a second run with the same
parameters changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, select

from newsmon.search.fulltext import index_story, unindex_story
from newsmon.storage.db import session_scope, writer
from newsmon.storage.locks import WriteLock, lock_story_writes
from newsmon.storage.models import Appearance, Story, StoryVersion
from newsmon.stories.cluster_models import (
    StoryCopy,
    StoryEntity,
    StoryGroup,
    StoryLink,
    StorySketch,
)
from newsmon.stories.neardup import (
    DedupParams,
    Match,
    duplicate_method,
    find_duplicate,
    index_sketch,
    shingles,
    similarity,
    sketch_text,
    store_params,
)
from newsmon.stories.relations import index_profile, profile, relate_story

_OWN_TABLES = {"stories", "appearances", "story_versions", "story_copies", "story_sketch"}
_OWN_TABLES |= {"story_entities", "story_links", "story_groups"}


@dataclass
class RebuildSummary:
    stories_before: int = 0
    stories_after: int = 0
    merged: int = 0
    split: int = 0
    copies: int = 0
    links: int = 0


def _urls(session: Session, story_id: int) -> list[str]:
    return list(session.exec(select(Appearance.url).where(Appearance.story_id == story_id)))


def _repoint_dependents(session: Session, old: int, new: int) -> None:
    """Rows of other features (topic matches, digests …) follow the surviving story."""
    for table in SQLModel.metadata.sorted_tables:
        if table.name in _OWN_TABLES:
            continue
        for column in table.columns:
            if not any(fk.column.table.name == "stories" for fk in column.foreign_keys):
                continue
            try:
                with session.begin_nested():
                    session.execute(sa.update(table).where(column == old).values({column: new}))
            except IntegrityError:  # the survivor already has such a row: keep that one
                session.execute(sa.delete(table).where(column == old))


def _fold_into(session: Session, story: Story, target_id: int, match: Match) -> None:
    assert story.id is not None
    urls = _urls(session, story.id)
    for version in session.exec(select(StoryVersion).where(StoryVersion.story_id == story.id)):
        session.add(_copy(target_id, story, urls, "version", 1.0, version.text, version.title))
        session.delete(version)
    session.add(
        _copy(
            target_id,
            story,
            urls,
            "merged",
            max(match.similarity.jaccard, match.similarity.containment),
            story.text,
            story.title,
        )
    )
    session.execute(
        sa.update(StoryCopy.__table__)  # type: ignore[attr-defined]
        .where(StoryCopy.story_id == story.id)  # type: ignore[arg-type]
        .values(story_id=target_id)
    )
    session.execute(
        sa.update(Appearance.__table__)  # type: ignore[attr-defined]
        .where(Appearance.story_id == story.id)  # type: ignore[arg-type]
        .values(story_id=target_id)
    )
    _repoint_dependents(session, story.id, target_id)
    unindex_story(session, story.id, story.title, story.text)
    session.flush()
    session.delete(story)
    session.flush()


def _copy(
    story_id: int,
    story: Story,
    urls: list[str],
    method: str,
    sim: float,
    text: str,
    title: str | None,
) -> StoryCopy:
    from newsmon.stories.identity import content_hash

    return StoryCopy(
        story_id=story_id,
        url=story.canonical_url,
        urls=urls,
        source=story.source,
        title=title,
        text=text,
        content_hash=content_hash(text),
        language=story.language,
        published=story.published,
        seen_at=story.first_seen,
        method=method,
        similarity=round(sim, 4),
    )


def _split_out(session: Session, copy: StoryCopy, params: DedupParams) -> bool:
    """Re-home a copy that no longer matches its story; True if it became a new story."""
    published = copy.published or copy.seen_at
    sketch = sketch_text(copy.text, params)
    match = find_duplicate(session, sketch, published, params, exclude=copy.story_id)
    if match is not None:
        copy.story_id, copy.method = match.story_id, match.method
        new_id = match.story_id
    else:
        story = Story(
            canonical_url=copy.url,
            source=copy.source,
            title=copy.title,
            text=copy.text,
            content_hash=copy.content_hash,
            published=published,
            date_source="first-seen" if copy.published is None else "json-ld",
            language=copy.language,
            first_seen=copy.seen_at,
            last_seen=copy.seen_at,
            updated=copy.seen_at,
        )
        session.add(story)
        session.flush()
        assert story.id is not None
        new_id = story.id
        index_story(session, story.id, story.title, story.text)
        index_sketch(session, story.id, published, sketch)
        prof = profile(story.text, story.title, copy.urls)
        index_profile(session, story.id, published, prof, story.language)
        session.delete(copy)
    if copy.urls:
        session.execute(
            sa.update(Appearance.__table__)  # type: ignore[attr-defined]
            .where(Appearance.url.in_(copy.urls))  # type: ignore[attr-defined]
            .values(story_id=new_id)
        )
    session.flush()
    return match is None


def rebuild(engine: Engine, params: DedupParams) -> RebuildSummary:
    summary = RebuildSummary()
    with WriteLock(engine.url.render_as_string(False)), session_scope(writer(engine)) as session:
        lock_story_writes(session)
        for model in (StoryGroup, StoryLink, StoryEntity, StorySketch):
            session.execute(sa.delete(model.__table__))  # type: ignore[attr-defined]
        store_params(session, params)
        ids = list(session.exec(select(Story.id).order_by(Story.id)))  # type: ignore[arg-type]
        summary.stories_before = len(ids)
        for story_id in ids:
            story = session.get(Story, story_id)
            assert story is not None and story.published is not None and story.id is not None
            sketch = sketch_text(story.text, params)
            match = find_duplicate(session, sketch, story.published, params, exclude=story.id)
            if match is not None:
                _fold_into(session, story, match.story_id, match)
                summary.merged += 1
                continue
            index_sketch(session, story.id, story.published, sketch)
            urls = _urls(session, story.id)
            prof = profile(story.text, story.title, urls)
            index_profile(session, story.id, story.published, prof, story.language)
            session.expunge(story)
        for copy in list(session.exec(select(StoryCopy).order_by(StoryCopy.id))):  # type: ignore[arg-type]
            if copy.method == "version":
                continue
            story = session.get(Story, copy.story_id)
            assert story is not None
            sim = similarity(
                shingles(copy.text, params.shingle_words),
                shingles(story.text, params.shingle_words),
            )
            method = duplicate_method(sim, params)
            if method is None:
                summary.split += _split_out(session, copy, params)
            else:
                copy.method, copy.similarity = method, round(max(sim.jaccard, sim.containment), 4)
                session.add(copy)
        session.flush()
        for story in session.exec(select(Story).order_by(Story.id)).all():  # type: ignore[arg-type]
            prof = profile(story.text, story.title, _urls(session, story.id))  # type: ignore[arg-type]
            relate_story(session, story, prof, params)
        summary.stories_after = session.exec(select(sa.func.count()).select_from(Story)).one()
        summary.copies = session.exec(select(sa.func.count()).select_from(StoryCopy)).one()
        summary.links = session.exec(select(sa.func.count()).select_from(StoryLink)).one()
    return summary
