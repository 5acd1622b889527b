"""What the pages and the JSON API show, read from the archive in one place.

Pages and API share these functions so the two can never disagree. Search and
facets come from ``search.engine``; with neither a query nor a topic the
search page browses the newest stories with the same filters and facets.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from newsmon.alerts.models import MatchRecord
from newsmon.analysis.export import story_relations
from newsmon.config import NewsmonConfig, TopicConfig
from newsmon.query.snippets import make_snippet
from newsmon.search.engine import (
    Facets,
    SearchError,
    SearchFilters,
    SearchHit,
    appearance_urls,
    apply_filters,
    facets,
    ranked_results_limit,
    search,
)
from newsmon.storage.models import Appearance, Story, StoryVersion, published_with_offset
from newsmon.stories.cluster_models import StoryCopy, StoryLink

MAX_PAGE = 10_000


@dataclass(frozen=True, slots=True)
class SearchParams:
    """One search request, from the page's form or the API's query string."""

    q: str = ""
    sources: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    """Inclusive: stories published on this day are in."""
    topic: str | None = None
    page: int = 1
    page_size: int = 20

    def filters(self) -> SearchFilters:
        until = None
        if self.until is not None and self.until < date.max:
            until = datetime.combine(self.until + timedelta(days=1), time(), UTC)
        return SearchFilters(
            sources=list(self.sources),
            languages=list(self.languages),
            since=datetime.combine(self.since, time(), UTC) if self.since else None,
            until=until,
            topic=self.topic or None,
        )

    @property
    def browsing(self) -> bool:
        """No words and no topic: show the newest stories instead of ranked hits."""
        return not self.q.strip() and self.topic is None

    def query_items(self, **changes: Any) -> list[tuple[str, str]]:
        """The request as URL parameters (for facet, filter and paging links)."""
        params = replace(self, **changes)
        items = [("q", params.q)] if params.q else []
        items += [("source", s) for s in params.sources]
        items += [("lang", lang) for lang in params.languages]
        if params.since:
            items.append(("since", params.since.isoformat()))
        if params.until:
            items.append(("until", params.until.isoformat()))
        if params.topic:
            items.append(("topic", params.topic))
        if params.page > 1:
            items.append(("page", str(params.page)))
        return items


@dataclass(frozen=True, slots=True)
class SearchResults:
    params: SearchParams
    total: int
    hits: list[SearchHit]
    facets: Facets
    reachable: int | None = None
    """Most results that can be paged through (a broad query's rank window)."""

    @property
    def pages(self) -> int:
        shown = min(self.total, self.reachable) if self.reachable else self.total
        return max(1, math.ceil(shown / self.params.page_size))


def run_search(engine: Engine, settings: NewsmonConfig, params: SearchParams) -> SearchResults:
    """Ranked hits (or the newest stories) with facet counts; raises SearchError."""
    if params.topic is not None and params.topic not in {t.name for t in settings.topics}:
        raise SearchError(f"unknown topic {params.topic!r}")
    filters = params.filters()
    offset = (params.page - 1) * params.page_size
    if params.browsing:
        found = _browse_facets(engine, filters)
        hits = _browse(engine, filters, params.page_size, offset)
    else:
        found = facets(engine, params.q, filters)
        hits = search(engine, params.q, filters, params.page_size, offset) if found.total else []
        return SearchResults(params, found.total, hits, found, ranked_results_limit(engine))
    return SearchResults(params, found.total, hits, found)


def _browse(engine: Engine, filters: SearchFilters, limit: int, offset: int) -> list[SearchHit]:
    # Newest publication first, undated stories after the dated ones. Plain column
    # order, so SQLite walks ix_stories_published backwards (NULLs sort lowest there)
    # instead of sorting the whole archive: a million stories took seconds.
    published = Story.published.desc()
    if engine.dialect.name != "sqlite":
        published = published.nulls_last()
    statement = apply_filters(select(Story), filters).order_by(published, Story.id.desc())
    with Session(engine) as session:
        stories = list(session.exec(statement.limit(limit).offset(offset)).all())
        urls = appearance_urls(session, [s.id for s in stories if s.id is not None])
    return [SearchHit(s, make_snippet(s.text, []), 0.0, urls.get(s.id or 0, [])) for s in stories]


def _browse_facets(engine: Engine, filters: SearchFilters) -> Facets:
    def counts(column: Any, without: SearchFilters) -> dict[str, int]:
        statement = apply_filters(select(column, sa.func.count()).group_by(column), without)
        rows = session.exec(statement).all()
        return {(key or "?"): int(n) for key, n in sorted(rows, key=lambda r: (-r[1], r[0] or ""))}

    with Session(engine) as session:
        total = session.exec(apply_filters(select(sa.func.count(Story.id)), filters)).one()
        sources = counts(Story.source, replace(filters, sources=[]))
        languages = counts(Story.language, replace(filters, languages=[]))
    return Facets(int(total), sources, languages)


@dataclass(frozen=True, slots=True)
class Related:
    """A version of the story in another language, and why they were linked."""

    story: Story
    evidence: list[str]


@dataclass(frozen=True, slots=True)
class StoryView:
    story: Story
    published: datetime | None
    """In the offset the page itself gave."""
    appearances: list[Appearance]
    copies: list[StoryCopy]
    group_id: int | None
    related: list[Related]
    topics: list[MatchRecord]
    versions: list[StoryVersion] = field(default_factory=list)
    """Earlier texts, replaced by edits (newest first)."""


def evidence(signals: dict[str, Any] | None) -> list[str]:
    """Readable reasons two stories were linked, from a StoryLink's signals."""
    if not signals:
        return ["same story group"]
    items = ["links the same source"] if signals.get("source_link") else []
    if signals.get("outlet_named"):
        items.append("names the outlet")
    if signals.get("numbers"):
        items.append("same numbers: " + ", ".join(map(str, signals["numbers"][:5])))
    if signals.get("names"):
        items.append("same names: " + ", ".join(map(str, signals["names"][:5])))
    return items or ["same story group"]


def load_story(engine: Engine, story_id: int) -> StoryView | None:
    with Session(engine) as session:
        story = session.get(Story, story_id)
        if story is None:
            return None
        appearances = list(
            session.exec(
                select(Appearance)
                .where(Appearance.story_id == story_id, Appearance.listed)
                .order_by(Appearance.id)
            )
        )
        copies = list(
            session.exec(
                select(StoryCopy).where(StoryCopy.story_id == story_id).order_by(StoryCopy.id)
            )
        )
        groups, related_ids = story_relations(session, [story_id])
        links = {
            tuple(sorted((link.story_id, link.related_id))): link.signals
            for link in session.exec(
                select(StoryLink).where(
                    (StoryLink.story_id == story_id) | (StoryLink.related_id == story_id)
                )
            )
        }
        related = []
        for other_id in related_ids.get(story_id, []):
            other = session.get(Story, other_id)
            if other is not None:
                signals = links.get(tuple(sorted((story_id, other_id))))
                related.append(Related(other, evidence(signals)))
        topics = list(
            session.exec(
                select(MatchRecord)
                .where(MatchRecord.story_id == story_id)
                .order_by(MatchRecord.topic)
            )
        )
        versions = list(
            session.exec(
                select(StoryVersion)
                .where(StoryVersion.story_id == story_id)
                .order_by(StoryVersion.version.desc())  # type: ignore[attr-defined]
            )
        )
    return StoryView(
        story=story,
        published=published_with_offset(story),
        appearances=appearances,
        copies=copies,
        group_id=groups.get(story_id),
        related=related,
        topics=topics,
        versions=versions,
    )


@dataclass(frozen=True, slots=True)
class TopicSummary:
    topic: TopicConfig
    matches: int
    last_matched: datetime | None


def topic_summaries(engine: Engine, settings: NewsmonConfig) -> list[TopicSummary]:
    """Every configured topic with how many stories it matched so far."""
    with Session(engine) as session:
        rows = session.exec(
            select(
                MatchRecord.topic, sa.func.count(), sa.func.max(MatchRecord.matched_at)
            ).group_by(MatchRecord.topic)
        ).all()
    stats = {topic: (int(n), last) for topic, n, last in rows}
    summaries = []
    for topic in settings.topics:
        count, last = stats.get(topic.name, (0, None))
        if last is not None and last.tzinfo is None:
            last = last.replace(tzinfo=UTC)
        summaries.append(TopicSummary(topic, count, last))
    return summaries


def find_topic(settings: NewsmonConfig, name: str) -> TopicConfig | None:
    return next((t for t in settings.topics if t.name == name), None)


class Unavailable(RuntimeError):
    """A feature whose module is not installed in this build (the page says so, HTTP 503)."""


def topic_trend(engine: Engine, topic: str, by: str, split_by_source: bool) -> Any:
    """``analysis.trends.coverage_trend`` for one topic (imported lazily: matplotlib is heavy)."""
    try:
        from newsmon.analysis.trends import coverage_trend
    except ImportError as exc:
        raise Unavailable(f"trend analysis is not available: {exc}") from None
    return coverage_trend(engine, by=by, topic=topic, split_by_source=split_by_source)


def trend_spikes(engine: Engine, settings: NewsmonConfig, trend: Any) -> list[Any]:
    """The trend's spikes (``analysis.trends.trend_spikes``), with the daemon's statistic.

    The chart judges the whole series shown, history before the first crawl
    included; the daemon's notices only judge periods it has been counting.
    """
    from newsmon.analysis.trends import trend_spikes as spikes_of

    return spikes_of(trend, settings.spikes)


def trend_svg(trend: Any, title: str, spikes: list[Any] | None = None) -> bytes:
    try:
        from newsmon.analysis.charts import render_trend
    except ImportError as exc:
        raise Unavailable(f"charts are not available: {exc}") from None
    return render_trend(trend, title=title, fmt="svg", spikes=spikes)
