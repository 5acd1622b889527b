"""The clustering steps of a save, called by ``stories.repository`` inside its transaction.

Kept apart from the repository so the save path only gains three calls: look for a
near-duplicate, index a new story (sketch + cross-language keys + links), and
re-index a story whose text changed.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from newsmon.storage.models import Story
from newsmon.stories.cluster_models import StoryCopy
from newsmon.stories.neardup import (
    DedupParams,
    Match,
    Sketch,
    find_duplicate,
    index_sketch,
    load_params,
    sketch_text,
    unindex_sketch,
)
from newsmon.stories.relations import index_profile, profile, relate_story, unindex_profile


def lookup_duplicate(
    session: Session, text: str, published: datetime
) -> tuple[DedupParams, Sketch, Match | None]:
    params = load_params(session)
    sketch = sketch_text(text, params)
    return params, sketch, find_duplicate(session, sketch, published, params)


def index_new_story(
    session: Session, story: Story, urls: list[str], params: DedupParams, sketch: Sketch
) -> None:
    assert story.id is not None and story.published is not None
    index_sketch(session, story.id, sketch)
    prof = profile(story.text, story.title, urls)
    index_profile(session, story.id, story.published, prof, story.language)
    relate_story(session, story, prof, params)


def reindex_changed_story(session: Session, story: Story, urls: list[str]) -> None:
    """A story's own page changed its text: its index rows follow (links are kept)."""
    assert story.id is not None and story.published is not None
    params = load_params(session)
    unindex_sketch(session, story.id)
    index_sketch(session, story.id, sketch_text(story.text, params))
    unindex_profile(session, story.id)
    prof = profile(story.text, story.title, urls)
    index_profile(session, story.id, story.published, prof, story.language)


def record_copy(
    session: Session,
    story_id: int,
    *,
    url: str,
    urls: list[str],
    source: str,
    title: str | None,
    text: str,
    content_hash: str,
    language: str | None,
    published: datetime | None,
    seen_at: datetime,
    match: Match,
) -> None:
    """Keep a merged page's own text, so a rebuild with other thresholds can split it out."""
    session.add(
        StoryCopy(
            story_id=story_id,
            url=url,
            urls=urls,
            source=source,
            title=title,
            text=text,
            content_hash=content_hash,
            language=language,
            published=published,
            seen_at=seen_at,
            method=match.method,
            similarity=round(max(match.similarity.jaccard, match.similarity.containment), 4),
        )
    )


def relink_story(session: Session, story: Story, urls: list[str]) -> None:
    """Look for language versions again after a story's lead changed (links are kept)."""
    prof = profile(story.text, story.title, urls)
    relate_story(session, story, prof, load_params(session))
