"""Atom and JSON Feed of each topic and of any saved search, with conditional GET.

``/feeds/topics/{name}.atom`` (``.json``) carries the topic's newest matches;
``/feeds/search.atom?q=…`` (``.json``) any query in the search syntax, with the
search page's ``source``/``lang`` filters. Entries are stories: the id of a story
never changes (a ``urn:uuid`` derived from this archive's own id and the story
id), ``updated`` moves when the story's text is edited (``stories.updated``,
``version``), and versions of the story in other languages are ``related``
links. A body depends only on the stories in it, so its ETag and Last-Modified
stay the same until one of them changes; readers polling with ``If-None-Match``
or ``If-Modified-Since`` then get 304 and no body.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import deque
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response
from feedgen.feed import FeedGenerator
from lxml import etree
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from newsmon.alerts.settings import stored_secret
from newsmon.query.rules import RuleSyntaxError
from newsmon.query.snippets import shorten
from newsmon.search.engine import SearchError, SearchFilters, matching_ids, search
from newsmon.storage.models import Story
from newsmon.stories.cluster_models import StoryLink
from newsmon.web import data

router = APIRouter(prefix="/feeds", include_in_schema=False)  # not JSON API: documented in README

FEED_SIZE = 50
SUMMARY_CHARS = 600
ATOM = "application/atom+xml; charset=utf-8"
ATOM_NS = "http://www.w3.org/2005/Atom"
JSON_FEED = "application/feed+json; charset=utf-8"


@dataclass(frozen=True, slots=True)
class FeedEntry:
    story: Story
    summary: str
    related: list[tuple[str, str, str]]
    """(language, title, URL) of the story's versions in other languages."""

    @property
    def updated(self) -> datetime:
        return self.story.updated or self.story.first_seen


def _web(url: str | None) -> str | None:
    return url if url and url.lower().startswith(("http://", "https://")) else None


def _archive_namespace(engine: Engine) -> uuid.UUID:
    """This archive's id space: two archives never give two stories the same entry id."""
    return uuid.uuid5(uuid.NAMESPACE_URL, "newsmon:" + stored_secret(engine, "archive-id"))


def entry_id(namespace: uuid.UUID, story_id: int) -> str:
    return f"urn:uuid:{uuid.uuid5(namespace, f'story/{story_id}')}"


def _related(session: Session, ids: list[int]) -> dict[int, list[tuple[str, str, str]]]:
    pairs = session.exec(
        select(StoryLink.story_id, StoryLink.related_id).where(
            sa.or_(StoryLink.story_id.in_(ids), StoryLink.related_id.in_(ids))  # type: ignore[attr-defined]
        )
    ).all()
    others: dict[int, set[int]] = {}
    for a, b in pairs:
        others.setdefault(a, set()).add(b)
        others.setdefault(b, set()).add(a)
    wanted = {o for i in ids for o in others.get(i, ())}
    linked = {
        s.id: s
        for s in session.exec(select(Story).where(Story.id.in_(wanted))).all()  # type: ignore[union-attr]
    }
    return {
        i: [
            (linked[o].language or "", linked[o].title or linked[o].canonical_url, url)
            for o in sorted(others.get(i, ()))
            if o in linked and (url := _web(linked[o].canonical_url))
        ]
        for i in ids
    }


def _entries(engine: Engine, stories: list[tuple[Story, str]]) -> list[FeedEntry]:
    ids = [s.id for s, _ in stories if s.id is not None]
    with Session(engine) as session:
        related = _related(session, ids) if ids else {}
    return [FeedEntry(s, summary, related.get(s.id or 0, [])) for s, summary in stories]


def _summary(story: Story) -> str:
    text = " ".join((story.description or story.text or "").split())
    return shorten(text, SUMMARY_CHARS)


def topic_entries(engine: Engine, topic: str) -> list[FeedEntry]:
    hits = search(engine, None, SearchFilters(topic=topic), limit=FEED_SIZE)
    return _entries(engine, [(h.story, _summary(h.story)) for h in hits])


def search_entries(engine: Engine, query: str, filters: SearchFilters) -> list[FeedEntry]:
    """The newest stories matching ``query`` (by id, i.e. by when they were stored)."""
    ids = sorted(deque(matching_ids(engine, query, filters), maxlen=FEED_SIZE), reverse=True)
    with Session(engine) as session:
        rows = {s.id: s for s in session.exec(select(Story).where(Story.id.in_(ids))).all()}  # type: ignore[union-attr]
    return _entries(engine, [(rows[i], _summary(rows[i])) for i in ids if i in rows])


@dataclass(frozen=True, slots=True)
class FeedInfo:
    title: str
    subtitle: str
    self_url: str
    home_url: str


def atom_bytes(info: FeedInfo, entries: list[FeedEntry], namespace: uuid.UUID) -> bytes:
    feed = FeedGenerator()
    feed.id(f"urn:uuid:{uuid.uuid5(namespace, 'feed' + info.self_url)}")
    feed.title(info.title)
    feed.subtitle(info.subtitle or info.title)
    feed.link(href=info.self_url, rel="self", type="application/atom+xml")
    feed.link(href=info.home_url, rel="alternate", type="text/html")
    feed.generator("newsmon")
    feed.updated(max((e.updated for e in entries), default=datetime(2000, 1, 1).astimezone()))
    for item in reversed(entries):  # feedgen prepends: the newest ends up first
        story = item.story
        assert story.id is not None
        entry = feed.add_entry()
        entry.id(entry_id(namespace, story.id))
        entry.title(story.title or story.canonical_url)
        entry.updated(item.updated)
        if story.published:
            entry.published(story.published)
        if url := _web(story.canonical_url):
            entry.link(href=url, rel="alternate", type="text/html")
        else:  # Atom wants an alternate link or content
            entry.content(item.summary, type="text")
        entry.summary(item.summary)
        for author in story.authors:
            entry.author(name=author)
        entry.category(term=story.source, label=f"source: {story.source}")
    return _with_related(feed.atom_str(pretty=True), entries, namespace)


def _with_related(atom: bytes, entries: list[FeedEntry], namespace: uuid.UUID) -> bytes:
    """Add ``rel="related"`` links (feedgen 1.0 drops rel/hreflang/title on entry links).

    The only post-processing of feedgen's output, done on the parsed tree (lxml
    escapes every value), never on the text.
    """
    related = {entry_id(namespace, e.story.id or 0): e.related for e in entries if e.related}
    if not related:
        return atom
    root = etree.fromstring(atom)
    for element in root.iterfind(f"{{{ATOM_NS}}}entry"):
        for language, title, url in related.get(element.findtext(f"{{{ATOM_NS}}}id") or "", []):
            link = etree.SubElement(element, f"{{{ATOM_NS}}}link", href=url, rel="related")
            if language:
                link.set("hreflang", language)
            link.set("title", title)
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def json_feed(info: FeedInfo, entries: list[FeedEntry], namespace: uuid.UUID) -> dict[str, Any]:
    """JSON Feed 1.1; newsmon's own fields under ``_newsmon`` (the spec's extension rule)."""
    items = []
    for item in entries:
        story = item.story
        assert story.id is not None
        items.append(
            {
                "id": entry_id(namespace, story.id),
                **({"url": url} if (url := _web(story.canonical_url)) else {}),
                "title": story.title or story.canonical_url,
                "summary": item.summary,
                "content_text": story.text,
                **({"date_published": story.published.isoformat()} if story.published else {}),
                "date_modified": item.updated.isoformat(),
                "authors": [{"name": a} for a in story.authors],
                "tags": [story.source, *story.tags],
                **({"language": story.language} if story.language else {}),
                "_newsmon": {
                    "story_id": story.id,
                    "version": story.version,
                    "source": story.source,
                    "related": [
                        {"language": lang, "title": title, "url": url}
                        for lang, title, url in item.related
                    ],
                },
            }
        )
    return {
        "version": "https://jsonfeed.org/version/1.1",
        "title": info.title,
        "description": info.subtitle,
        "home_page_url": info.home_url,
        "feed_url": info.self_url,
        "items": items,
    }


def _conditional(request: Request, body: bytes, media_type: str, modified: datetime) -> Response:
    """200 with ETag/Last-Modified, or 304 when the reader's copy is current."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {
        "ETag": etag,
        "Last-Modified": format_datetime(modified.replace(microsecond=0), usegmt=True),
        "Cache-Control": "no-cache",
    }
    none_match = request.headers.get("if-none-match")
    if none_match is not None:
        tags = {t.strip().removeprefix("W/") for t in none_match.split(",")}
        if etag in tags or "*" in tags:
            return Response(status_code=304, headers=headers)
    elif since := request.headers.get("if-modified-since"):
        try:
            if modified.replace(microsecond=0) <= parsedate_to_datetime(since):
                return Response(status_code=304, headers=headers)
        except (TypeError, ValueError):
            pass  # an unreadable date is ignored, as RFC 9110 says
    return Response(body, media_type=media_type, headers=headers)


def _respond(request: Request, kind: str, info: FeedInfo, entries: list[FeedEntry]) -> Response:
    engine = request.app.state.engine
    namespace = _archive_namespace(engine)
    modified = max((e.updated for e in entries), default=datetime(2000, 1, 1).astimezone())
    if kind == "atom":
        return _conditional(request, atom_bytes(info, entries, namespace), ATOM, modified)
    body = json.dumps(json_feed(info, entries, namespace), ensure_ascii=False, indent=1).encode()
    return _conditional(request, body, JSON_FEED, modified)


def _kind(filename: str) -> tuple[str, str]:
    stem, _, suffix = filename.rpartition(".")
    if suffix not in ("atom", "json") or not stem:
        raise HTTPException(404, "feeds end in .atom or .json")
    return stem, suffix


@router.get("/topics/{filename}", response_class=Response)
def topic_feed(request: Request, filename: str) -> Response:
    """The topic's newest matches as Atom (``NAME.atom``) or JSON Feed (``NAME.json``)."""
    name, kind = _kind(filename)
    topic = data.find_topic(request.app.state.settings, name)
    if topic is None:
        raise HTTPException(404, f"no topic {name!r}")
    base = str(request.base_url).rstrip("/")
    info = FeedInfo(
        title=f"newsmon: {name}",
        subtitle=topic.description or f"Stories matching {topic.query}",
        self_url=f"{base}/feeds/topics/{filename}",
        home_url=f"{base}/topics/{name}",
    )
    return _respond(request, kind, info, topic_entries(request.app.state.engine, name))


@router.get("/search.{kind}", response_class=Response)
def search_feed(
    request: Request,
    kind: str,
    q: Annotated[str, Query(min_length=1, max_length=500, description="search syntax")],
    source: Annotated[list[str] | None, Query()] = None,
    lang: Annotated[list[str] | None, Query()] = None,
) -> Response:
    """A saved search: the newest stories matching ``q`` as Atom or JSON Feed."""
    if kind not in ("atom", "json"):
        raise HTTPException(404, "feeds end in .atom or .json")
    filters = SearchFilters(sources=source or [], languages=lang or [])
    try:
        entries = search_entries(request.app.state.engine, q, filters)
    except (SearchError, RuleSyntaxError) as exc:
        raise HTTPException(400, f"query: {exc}") from None
    base = str(request.base_url).rstrip("/")
    info = FeedInfo(
        title=f"newsmon: {q}",
        subtitle=f"Stories matching {q}",
        self_url=str(request.url),
        home_url=f"{base}/?{request.url.query}",
    )
    return _respond(request, kind, info, entries)
