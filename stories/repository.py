"""Writing articles into the archive so that each story is stored exactly once.

A fetched article joins an existing story when any of its URLs (the page, the
redirect chain, its ``<link rel=canonical>``) is already an appearance, or when
its body is identical to a stored story's. Otherwise it becomes a new story.
Each save is one transaction: the story, its appearances and its full-text
entry are written together or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from newsmon.extract.model import DateSource, ExtractedArticle
from newsmon.query.index_terms import IndexEntry, make_entry
from newsmon.search.fulltext import reindex_story, set_published, write_entries
from newsmon.storage.db import core, session_scope
from newsmon.storage.locks import WriteLock, lock_story_writes
from newsmon.storage.models import Appearance, Story, StoryVersion
from newsmon.stories.clustering import (
    TextKeys,
    index_new_story,
    lookup_duplicate,
    record_copy,
    reindex_changed_story,
    relink_story,
    text_keys,
)
from newsmon.stories.identity import clean_url, content_hash, normalize_url, rendering_of
from newsmon.stories.neardup import Match, set_sketch_published
from newsmon.stories.relations import cited_urls

# Shorter bodies (teasers, paywall stubs) are too generic to prove two pages are one story.
MIN_TEXT_FOR_BODY_MATCH = 200


class SaveOutcome(StrEnum):
    new = "new"
    updated = "updated"
    duplicate = "duplicate"


@dataclass(frozen=True, slots=True)
class ArticlePage:
    """An extracted article as the crawler hands it to the archive."""

    source: str
    article: ExtractedArticle
    seen_at: datetime
    fetched_urls: tuple[str, ...] = field(default_factory=tuple)
    """URLs requested on the way to the page: the redirect chain, the original link."""
    listed_changed: datetime | None = None
    """Last change a feed/sitemap reported for the URL (lastmod, updated), if listed."""
    canonical_link: bool = True
    """The page declared its canonical URL with <link rel=canonical>, not just og:url."""
    renderings: tuple[str, ...] = ()
    """AMP renderings the page names (``<link rel="amphtml">``)."""


@dataclass(frozen=True, slots=True)
class SaveResult:
    outcome: SaveOutcome
    story_id: int


def _is_http(url: str | None) -> bool:
    return bool(url) and urlsplit(url).scheme in ("http", "https")  # type: ignore[arg-type]


def _declared_canonical(page: ArticlePage) -> str | None:
    """The canonical URL the page declares with <link rel=canonical>, normalised."""
    url = page.article.canonical_url
    return normalize_url(url) if page.canonical_link and url and _is_http(url) else None


def _url_keys(page: ArticlePage) -> tuple[str, list[str]]:
    """The story's canonical key and every key this page is known under."""
    page_key = normalize_url(page.article.url)
    named = page.article.canonical_url
    canonical = normalize_url(named) if named and _is_http(named) else page_key
    keys = [canonical, page_key, *(normalize_url(u) for u in page.fetched_urls if _is_http(u))]
    return canonical, list(dict.fromkeys(keys))


# Statements built once (building them per save cost more Python than running them).
_APPEARANCES = Appearance.__table__  # type: ignore[attr-defined]
_KNOWN_APPEARANCES = sa.select(
    *(
        _APPEARANCES.c[name]
        for name in ("id", "url", "story_id", "href", "rendering", "listed", "listed_at")
    )
).where(_APPEARANCES.c.url.in_(sa.bindparam("urls", expanding=True)))
_SEEN_AGAIN = (
    sa.update(_APPEARANCES)
    .where(_APPEARANCES.c.id == sa.bindparam("appearance_id"))
    .values(
        {
            _APPEARANCES.c[column]: sa.bindparam(name, type_=_APPEARANCES.c[column].type)
            for column, name in (
                ("last_seen", "seen_at"),
                ("listed_at", "listed_changed"),
                ("href", "served"),
                ("rendering", "served_rendering"),
                ("listed", "served_listed"),
            )
        }
    )
)
_SAME_BODY = (
    sa.select(Story.id)
    .where(Story.content_hash == sa.bindparam("hash"))
    .order_by(Story.id)  # type: ignore[arg-type]
    .limit(1)
)
_INSERT_STORY = sa.insert(Story.__table__)  # type: ignore[attr-defined]
_STORY_COLUMNS = [c.key for c in Story.__table__.columns if c.key != "id"]  # type: ignore[attr-defined]
_INSERT_APPEARANCES = sa.insert(_APPEARANCES)


def _known_appearances(session: Session, urls: list[str]) -> dict[str, sa.Row[Any]]:
    """The stored appearances among ``urls``: one query serves finding and recording.

    Plain rows, updated by ``_SEEN_AGAIN``: loading them as ORM objects cost more than
    the query.
    """
    rows = core(session).execute(_KNOWN_APPEARANCES, {"urls": urls})
    return {row.url: row for row in rows}


def _find_story(
    session: Session,
    keys: list[str],
    known: dict[str, sa.Row[Any]],
    body_hash: str,
    text: str,
) -> Story | None:
    story_ids = [known[key].story_id for key in keys if key in known]
    if story_ids:
        return session.get(Story, min(story_ids))
    if len(text) >= MIN_TEXT_FOR_BODY_MATCH:
        story_id = core(session).execute(_SAME_BODY, {"hash": body_hash}).scalar()
        return None if story_id is None else session.get(Story, story_id)
    return None


def _insert_story(session: Session, story: Story) -> None:
    """Write a new story with one Core INSERT (the ORM's unit of work cost more than the
    rest of the statement); ``story`` stays a plain object outside the session."""
    values = {name: getattr(story, name) for name in _STORY_COLUMNS}
    result = session.connection().execute(_INSERT_STORY, values)
    story.id = result.inserted_primary_key[0]  # type: ignore[index]


def _lead_href(page: ArticlePage) -> str:
    """The URL to show for a story this page leads: its canonical as named, else the page."""
    named = page.article.canonical_url
    return clean_url(named if named and _is_http(named) else page.article.url)


def _seen_urls(page: ArticlePage) -> dict[str, tuple[str | None, str | None]]:
    """Every URL key of the page -> (the URL to show, rendering); (None, None) only identifies.

    Keys are normalised (no tracking parameters, trailing slash or AMP/print path) so
    that variants meet, but a key is not always a URL the site answers: what is
    listed is the URL that answered (after redirects) and the canonical URL as
    named. A redirect's source identifies the story without being listed, and an
    AMP or print rendering is listed under its own URL, marked as such.
    """
    article = page.article
    rows: dict[str, tuple[str | None, str | None]] = {
        normalize_url(u): (None, None) for u in page.fetched_urls if _is_http(u)
    }
    rendering, served = rendering_of(article.url), clean_url(article.url)
    if rendering:
        rows[normalize_url(article.url, collapse_renderings=False)] = (served, rendering)
        rows.setdefault(normalize_url(article.url), (None, None))
    else:
        rows[normalize_url(article.url)] = (served, None)
    named = article.canonical_url
    if named and _is_http(named):
        rows[normalize_url(named)] = (clean_url(named), None)
    for url in page.renderings:
        if kind := rendering_of(url):
            rows.setdefault(normalize_url(url, collapse_renderings=False), (clean_url(url), kind))
    return rows


def _new_story(page: ArticlePage, canonical: str, body_hash: str) -> Story:
    article = page.article
    published, date_source = article.published, article.date_source
    if published is None:
        published, date_source = page.seen_at, DateSource.first_seen
    offset = published.utcoffset()
    return Story(
        canonical_url=canonical,
        canonical_declared=_declared_canonical(page) is not None,
        href=_lead_href(page),
        source=page.source,
        title=article.title,
        text=article.text,
        content_hash=body_hash,
        published=published,
        published_utcoffset=int(offset.total_seconds() // 60) if offset is not None else None,
        date_source=str(date_source),
        modified=article.modified,
        language=article.language,
        authors=list(article.authors),
        description=article.description,
        image=article.image,
        tags=list(article.tags),
        section=article.section,
        first_seen=page.seen_at,
        last_seen=page.seen_at,
        updated=page.seen_at,
    )


def _apply_update(session: Session, story: Story, page: ArticlePage, body_hash: str) -> bool:
    """Update a story in place from its own canonical page; True if its content changed."""
    article = page.article
    declared = _declared_canonical(page)
    if declared and not story.canonical_declared:
        # The story was first met at a copy without a canonical link; this page names it.
        story.canonical_url, story.canonical_declared = declared, True
        story.href = clean_url(declared_url) if (declared_url := article.canonical_url) else None
    authoritative = normalize_url(article.url, collapse_renderings=False) == story.canonical_url
    changed = authoritative and (
        body_hash != story.content_hash or (article.title and article.title != story.title)
    )
    story.last_seen = page.seen_at
    if changed:
        assert story.id is not None
        session.add(
            StoryVersion(
                story_id=story.id,
                version=story.version,
                title=story.title,
                text=story.text,
                content_hash=story.content_hash,
                replaced_at=page.seen_at,
            )
        )
        reindex_story(session, story.id, story.title, story.text, article.title, article.text)
        story.text, story.content_hash = article.text, body_hash
        story.title = article.title or story.title
        story.modified = article.modified or story.modified
        story.updated = page.seen_at
        story.version += 1
    # Fill gaps a better rendering of the page can close, without counting as a change.
    if article.published and story.date_source == DateSource.first_seen and authoritative:
        offset = article.published.utcoffset()
        story.published = article.published
        story.published_utcoffset = int(offset.total_seconds() // 60) if offset else 0
        story.date_source = str(article.date_source)
        set_published(session, story.id, story.published)  # type: ignore[arg-type]
        set_sketch_published(session, story.id, story.published)  # type: ignore[arg-type]
    if authoritative and story.href is None:
        story.href = _lead_href(page)
    story.language = story.language or article.language
    story.authors = story.authors or list(article.authors)
    story.image = story.image or article.image
    story.description = story.description or article.description
    session.add(story)
    return bool(changed)


ORIGINAL_LEAD = timedelta(minutes=1)
"""A page published this much earlier than a story's lead is its original."""


def _is_original(page: ArticlePage, story: Story | None, keys: list[str]) -> bool:
    """Whether a near-duplicate page is the original of the story it matched.

    The story was stored first from a re-publication (crawl order is arbitrary):
    the page that the story's text cites, or that was published earlier, leads.
    """
    if story is None:
        return False
    if set(keys) & cited_urls(f"{story.title or ''}\n{story.text}"):
        return True
    published = page.article.published
    if published is None:
        return False
    if story.date_source == DateSource.first_seen:
        return published < story.first_seen
    return story.published is not None and published < story.published - ORIGINAL_LEAD


def _relead(
    session: Session,
    story: Story,
    page: ArticlePage,
    canonical: str,
    keys: list[str],
    body_hash: str,
    match: Match,
) -> None:
    """Make ``page`` the story's lead; the re-publication that led becomes a copy.

    In the save transaction: the story keeps its id (digests, links and topic
    matches stay attached), its text, source, title and date become the
    original's, and the text it had is kept as a copy and as a version.
    """
    assert story.id is not None
    old_title, old_text = story.title, story.text
    record_copy(
        session,
        story.id,
        url=story.canonical_url,
        urls=[story.canonical_url],
        source=story.source,
        title=old_title,
        text=old_text,
        content_hash=story.content_hash,
        language=story.language,
        published=story.published,
        seen_at=story.first_seen,
        match=match,
    )
    session.add(
        StoryVersion(
            story_id=story.id,
            version=story.version,
            title=old_title,
            text=old_text,
            content_hash=story.content_hash,
            replaced_at=page.seen_at,
        )
    )
    lead = _new_story(page, canonical, body_hash)
    for name in (
        "canonical_url",
        "canonical_declared",
        "href",
        "source",
        "title",
        "text",
        "content_hash",
        "published",
        "published_utcoffset",
        "date_source",
        "modified",
        "language",
        "authors",
        "description",
        "image",
        "tags",
        "section",
    ):
        setattr(story, name, getattr(lead, name))
    story.first_seen = min(story.first_seen, page.seen_at)
    story.last_seen = story.updated = page.seen_at
    story.version += 1
    session.add(story)
    session.flush()
    reindex_story(session, story.id, old_title, old_text, story.title, story.text)
    set_published(session, story.id, story.published)
    reindex_changed_story(session, story, keys)
    relink_story(session, story, keys)


def _latest(a: datetime | None, b: datetime | None) -> datetime | None:
    return max(a, b) if a and b else a or b


def _record_appearances(
    session: Session, story_id: int, page: PreparedPage, known: dict[str, sa.Row[Any]]
) -> None:
    new, seen_again = [], []
    for key, (href, rendering) in page.seen.items():
        appearance = known.get(key)
        if rendering and appearance is not None and appearance.story_id != story_id:
            continue  # a rendering another story was fetched at stays that story's
        if appearance is None:
            new.append(
                {
                    "story_id": story_id,
                    "url": key,
                    "href": href,
                    "rendering": rendering,
                    "listed": href is not None,
                    "source": page.page.source,
                    "first_seen": page.page.seen_at,
                    "last_seen": page.page.seen_at,
                    "listed_at": page.page.listed_changed,
                }
            )
            continue
        answered = href and not appearance.href  # the URL itself answered now
        seen_again.append(
            {
                "appearance_id": appearance.id,
                "seen_at": page.page.seen_at,
                "listed_changed": _latest(appearance.listed_at, page.page.listed_changed),
                "served": href if answered else appearance.href,
                "served_rendering": rendering if answered else appearance.rendering,
                "served_listed": True if answered else appearance.listed,
            }
        )
    if new:
        core(session).execute(_INSERT_APPEARANCES, new)
    if seen_again:
        core(session).execute(_SEEN_AGAIN, seen_again)


@dataclass(frozen=True, slots=True)
class PreparedPage:
    """Everything a save computes from the page alone, before the write lock is taken.

    URL keys, the body hash, the near-duplicate sketch, the cross-language profile
    and the full-text entry cost a few milliseconds of CPU per story; computed here,
    they do not hold up the other processes waiting to store.
    """

    page: ArticlePage
    canonical: str
    keys: list[str]
    seen: dict[str, tuple[str | None, str | None]]
    body_hash: str
    text_keys: TextKeys
    entry: IndexEntry
    """The full-text entry of the page as a new story (``story_id`` set on insert)."""


def prepare_page(page: ArticlePage) -> PreparedPage:
    article = page.article
    canonical, keys = _url_keys(page)
    published = article.published or page.seen_at
    return PreparedPage(
        page=page,
        canonical=canonical,
        keys=keys,
        seen=_seen_urls(page),
        body_hash=content_hash(article.text),
        text_keys=text_keys(article.text, article.title, keys),
        entry=make_entry(0, article.title, article.text, article.language, page.source, published),
    )


_write_locks: dict[sa.URL, WriteLock] = {}


def save_article_in(session: Session, prepared: PreparedPage) -> SaveResult:
    """Store one article page inside the caller's transaction (see ``save_article``)."""
    page = prepared.page
    lock_story_writes(session)
    canonical, keys, body_hash = prepared.canonical, prepared.keys, prepared.body_hash
    known = _known_appearances(session, list(dict.fromkeys([*keys, *prepared.seen])))
    story = _find_story(session, keys, known, body_hash, page.article.text)
    if story is None:
        # Not a known URL or body: a re-publication of a stored story joins it as a copy.
        published = page.article.published or page.seen_at
        params, sketch, match = lookup_duplicate(
            session, page.article.text, published, prepared.text_keys
        )
        if match is not None and _is_original(page, session.get(Story, match.story_id), keys):
            story = session.get(Story, match.story_id)
            assert story is not None
            _relead(session, story, page, canonical, keys, body_hash, match)
            outcome = SaveOutcome.updated
        elif match is not None:
            story = session.get(Story, match.story_id)
            assert story is not None and story.id is not None
            story.last_seen = page.seen_at
            session.add(story)
            record_copy(
                session,
                story.id,
                url=canonical,
                urls=keys,
                source=page.source,
                title=page.article.title,
                text=page.article.text,
                content_hash=body_hash,
                language=page.article.language,
                published=page.article.published,
                seen_at=page.seen_at,
                match=match,
            )
            outcome = SaveOutcome.duplicate
        else:
            story = _new_story(page, canonical, body_hash)
            _insert_story(session, story)
            assert story.id is not None
            write_entries(session, [replace(prepared.entry, story_id=story.id)])
            index_new_story(session, story, keys, params, sketch, prepared.text_keys)
            outcome = SaveOutcome.new
    elif _apply_update(session, story, page, body_hash):
        assert story.id is not None
        reindex_changed_story(session, story, keys)
        outcome = SaveOutcome.updated
    else:
        outcome = SaveOutcome.duplicate
    assert story.id is not None
    _record_appearances(session, story.id, prepared, known)
    return SaveResult(outcome, story.id)


def save_article(engine: Engine, page: ArticlePage) -> SaveResult:
    """Store one article page in its own transaction.

    Several processes may store at once (extraction workers, parallel crawls,
    crawler nodes sharing a PostgreSQL archive). Deciding "new or known" and
    writing happen under one lock (BEGIN IMMEDIATE on SQLite, an advisory lock on
    PostgreSQL), so two copies of a story can never both be stored as new. A
    unique-constraint error is retried once all the same.
    """
    prepared = prepare_page(page)
    lock = _write_locks.get(engine.url)
    if lock is None:
        lock = _write_locks[engine.url] = WriteLock(engine.url.render_as_string(False))
    for attempt in range(2):
        try:
            with lock, session_scope(engine) as session:
                return save_article_in(session, prepared)
        except IntegrityError:
            if attempt:
                raise
    raise AssertionError("unreachable")


def fill_listing_dates(engine: Engine, published_by_url: dict[str, datetime]) -> int:
    """Date stories that only had their first-seen time with a feed/sitemap date.

    A page without a date of its own may be fetched from a section link before
    the feed that dates it has been read; this closes that gap at the end of a
    crawl, whatever the order was. Returns the number of stories dated.
    """
    dated = 0
    keys = list(published_by_url)
    with session_scope(engine) as session:
        for start in range(0, len(keys), 500):
            batch = keys[start : start + 500]
            rows = session.exec(
                select(Story, Appearance.url)
                .join(Appearance, Appearance.story_id == Story.id)
                .where(Appearance.url.in_(batch), Story.date_source == str(DateSource.first_seen))
            ).all()
            for story, url in rows:
                if story.date_source != DateSource.first_seen:
                    continue  # already dated through another of its URLs
                published = published_by_url[url]
                offset = published.utcoffset()
                story.published = published
                story.published_utcoffset = int(offset.total_seconds() // 60) if offset else 0
                story.date_source = str(DateSource.feed)
                set_published(session, story.id, published)  # type: ignore[arg-type]
                set_sketch_published(session, story.id, published)  # type: ignore[arg-type]
                session.add(story)
                dated += 1
    return dated
