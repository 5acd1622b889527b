"""The clustering steps of a save, called by ``stories.repository`` inside its transaction.

Kept apart from the repository so the save path only gains three calls: look for a
near-duplicate, index a new story (sketch + cross-language keys + links), and
re-index a story whose text changed.
"""

from __future__ import annotations

from dataclasses import dataclass
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
from newsmon.stories.relations import (
    Profile,
    index_profile,
    profile,
    relate_story,
    remember_text_profile,
    unindex_profile,
    with_own_urls,
)


@dataclass(frozen=True, slots=True)
class TextKeys:
    """A page's near-duplicate sketch and cross-language profile, computed from its text.

    Pure CPU work, done before the save takes the archive's write lock; the sketch
    is only used if ``params`` are still the archive's inside the transaction.
    """

    params: DedupParams
    sketch: Sketch
    profile: Profile
    text_profile: Profile
    """``profile`` without the page's own URLs: what linking keeps of a stored story."""


_last_params = DedupParams()
"""The parameters the last save in this process found in the archive (changed only by
``newsmon dedup --rebuild``, so almost always the ones the next save will find)."""


def text_keys(text: str, title: str | None, urls: list[str]) -> TextKeys:
    text_prof = profile(text, title, ())
    prof = with_own_urls(text_prof, urls)
    prof.keys()  # hashed now, before the write lock
    return TextKeys(_last_params, sketch_text(text, _last_params), prof, text_prof)


def lookup_duplicate(
    session: Session, text: str, published: datetime, keys: TextKeys | None = None
) -> tuple[DedupParams, Sketch, Match | None]:
    global _last_params
    params = _last_params = load_params(session)
    fresh = keys is not None and keys.params == params
    sketch = keys.sketch if keys is not None and fresh else sketch_text(text, params)
    return params, sketch, find_duplicate(session, sketch, published, params)


def index_new_story(
    session: Session,
    story: Story,
    urls: list[str],
    params: DedupParams,
    sketch: Sketch,
    keys: TextKeys | None = None,
) -> None:
    """``keys``: the story's text keys (of its text, title and ``urls``), if already computed."""
    assert story.id is not None and story.published is not None
    index_sketch(session, story.id, story.published, sketch)
    if keys is None:
        prof = profile(story.text, story.title, urls)
    else:
        prof = keys.profile
        remember_text_profile(story, keys.text_profile)
    index_profile(session, story.id, story.published, prof, story.language)
    relate_story(session, story, prof, params)


def reindex_changed_story(session: Session, story: Story, urls: list[str]) -> None:
    """A story's own page changed its text: its index rows follow (links are kept)."""
    assert story.id is not None and story.published is not None
    params = load_params(session)
    unindex_sketch(session, story.id)
    index_sketch(session, story.id, story.published, sketch_text(story.text, params))
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
