"""The JSON API under ``/api``: the same data as the pages, with typed response models.

Every response has a pydantic model so ``/api/openapi.json`` describes it
exactly (schemathesis checks the API against it). Query mistakes are 400 with
a ``detail`` message; malformed parameters are FastAPI's 422.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, BeforeValidator, Field
from sqlalchemy.engine import Engine

from newsmon.config import NewsmonConfig
from newsmon.query.snippets import Snippet
from newsmon.search.engine import SearchError, SearchHit
from newsmon.storage.models import Story, published_with_offset
from newsmon.storage.stats import source_health
from newsmon.web import data
from newsmon.web.auth import require_admin

MAX_ID = 2**31 - 1  # story ids are 32-bit integers on PostgreSQL


def engine_of(request: Request) -> Engine:
    return request.app.state.engine  # type: ignore[no-any-return]


def settings_of(request: Request) -> NewsmonConfig:
    return request.app.state.settings  # type: ignore[no-any-return]


def _iso_date(value: object) -> object:
    # Pydantic would read "0.0" or "1700000000" as a Unix timestamp; people mean YYYY-MM-DD.
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("expected a date as YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
EngineDep = Annotated[Engine, Depends(engine_of)]
SettingsDep = Annotated[NewsmonConfig, Depends(settings_of)]


class ErrorOut(BaseModel):
    detail: str


class SnippetOut(BaseModel):
    text: str
    highlights: list[tuple[int, int]] = Field(
        description="(start, end) character offsets of matched terms in text"
    )

    @classmethod
    def of(cls, snippet: Snippet) -> SnippetOut:
        return cls(text=snippet.text, highlights=[(s, e) for s, e in snippet.highlights])


class StoryBrief(BaseModel):
    id: int
    title: str | None
    source: str
    language: str | None
    published: datetime | None = Field(description="ISO 8601 in the page's own UTC offset")
    date_source: str = Field(description="where the publication date came from")
    first_seen: datetime
    url: str = Field(description="canonical URL")

    @classmethod
    def fields_of(cls, story: Story) -> dict[str, Any]:
        return {
            "id": story.id,
            "title": story.title,
            "source": story.source,
            "language": story.language,
            "published": published_with_offset(story),
            "date_source": story.date_source,
            "first_seen": story.first_seen,
            "url": story.link,
        }


class HitOut(StoryBrief):
    urls: list[str] = Field(description="every URL the story appeared at")
    snippet: SnippetOut
    rank: float = Field(description="lower is better (BM25 / negated ts_rank_cd); 0 when browsing")

    @classmethod
    def of(cls, hit: SearchHit) -> HitOut:
        return cls(
            **cls.fields_of(hit.story),
            urls=hit.urls,
            snippet=SnippetOut.of(hit.snippet),
            rank=hit.rank,
        )


class FacetsOut(BaseModel):
    sources: dict[str, int] = Field(description="stories per source, source filter left out")
    languages: dict[str, int] = Field(description="stories per language, language filter left out")


class FiltersOut(BaseModel):
    sources: list[str]
    languages: list[str]
    since: date | None
    until: date | None
    topic: str | None


class SearchOut(BaseModel):
    query: str
    filters: FiltersOut
    total: int
    total_exact: bool = Field(
        description="false when total and facets count only the newest 10,000 matches"
    )
    page: int
    page_size: int
    pages: int
    facets: FacetsOut
    results: list[HitOut]


class AppearanceOut(BaseModel):
    url: str = Field(description="the URL as the site serves it")
    source: str
    first_seen: datetime
    canonical: bool
    rendering: str | None = Field(None, description="amp or print for a rendering of the story")


class CopyOut(BaseModel):
    url: str
    source: str
    title: str | None
    method: str = Field(description="jaccard | containment | merged")
    similarity: float


class RelatedOut(StoryBrief):
    evidence: list[str] = Field(description="why the stories were linked")


class TopicMatchOut(BaseModel):
    topic: str
    terms: list[str]
    snippet: SnippetOut
    in_title: bool
    matched_at: datetime


class VersionOut(BaseModel):
    version: int
    title: str | None
    replaced_at: datetime


class StoryOut(StoryBrief):
    text: str
    authors: list[str]
    description: str | None
    image: str | None
    tags: list[str]
    section: str | None
    modified: datetime | None
    last_seen: datetime
    updated: datetime
    version: int
    group_id: int | None
    appearances: list[AppearanceOut]
    copies: list[CopyOut]
    related: list[RelatedOut] = Field(description="versions of the story in other languages")
    topics: list[TopicMatchOut]
    versions: list[VersionOut] = Field(description="earlier texts replaced by edits")


class TopicOut(BaseModel):
    name: str
    query: str
    description: str
    matches: int
    last_matched: datetime | None


class TopicDetailOut(TopicOut):
    recent: list[HitOut]


class TrendBy(StrEnum):
    day = "day"
    week = "week"


class SpikeOut(BaseModel):
    series: str = Field(description='the series ("all" or a source) that spiked')
    period: date
    count: int
    median: float = Field(description="median count of the baseline periods")
    score: float = Field(
        description="robust z-score: (count - median) / max(1.4826 MAD, √median, 1)"
    )


class TrendOut(BaseModel):
    topic: str
    by: TrendBy
    periods: list[date] = Field(description="first day of each period")
    series: dict[str, list[int]] = Field(description="stories per period, per series")
    total: int = Field(description="stories in all periods and series")
    spikes: list[SpikeOut] = Field(
        default_factory=list, description="coverage spikes ([spikes] in the config)"
    )


class SourceOut(BaseModel):
    source: str
    configured: bool
    stories: int
    languages: dict[str, int]
    articles_extracted: int
    empty_body: int
    missing_date: int
    empty_body_share: float | None
    missing_date_share: float | None
    errors: int
    runs: int
    last_run: datetime | None
    last_status: str | None


class MatchOut(BaseModel):
    scanned: int
    new_matches: int
    updated_matches: int


class ReindexOut(BaseModel):
    stories: int = Field(description="stories indexed")
    seconds: float


LIST_PARAMETERS = frozenset({"source", "lang"})
"""Query parameters that may repeat; FastAPI would silently keep the last of any other."""


def single_valued_parameters(request: Request) -> None:
    """Reject ``?page_size=5&page_size=50``: which one the caller meant is unknowable."""
    repeated = sorted(
        {k for k in request.query_params if k not in LIST_PARAMETERS}
        & {k for k in request.query_params if len(request.query_params.getlist(k)) > 1}
    )
    if repeated:
        raise RequestValidationError(
            [
                {"loc": ["query", name], "msg": "given more than once", "type": "value_error"}
                for name in repeated
            ]
        )


router = APIRouter(prefix="/api", tags=["api"], dependencies=[Depends(single_valued_parameters)])
_400 = {400: {"model": ErrorOut, "description": "the query cannot be run"}}
_404 = {404: {"model": ErrorOut, "description": "not found"}}


@router.get("/search", response_model=SearchOut, responses=_400)
def api_search(
    engine: EngineDep,
    settings: SettingsDep,
    q: Annotated[str, Query(max_length=1000, description="query; empty browses newest")] = "",
    source: Annotated[list[str], Query(description="only these sources")] = [],  # noqa: B006
    lang: Annotated[list[str], Query(description="only these languages")] = [],  # noqa: B006
    since: Annotated[IsoDate | None, Query(description="published on or after")] = None,
    until: Annotated[IsoDate | None, Query(description="published on or before")] = None,
    topic: Annotated[str | None, Query(description="only stories matching this topic")] = None,
    page: Annotated[int, Query(ge=1, le=data.MAX_PAGE)] = 1,
    page_size: Annotated[int | None, Query(ge=1, le=200)] = None,
) -> SearchOut:
    """Full-text search (diacritics optional) with filters, facet counts and paging."""
    params = data.SearchParams(
        q=q,
        sources=tuple(source),
        languages=tuple(lang),
        since=since,
        until=until,
        topic=topic,
        page=page,
        page_size=page_size or settings.web.page_size,
    )
    try:
        found = data.run_search(engine, settings, params)
    except SearchError as exc:
        raise HTTPException(400, str(exc)) from None
    return SearchOut(
        query=q,
        filters=FiltersOut(
            sources=list(source), languages=list(lang), since=since, until=until, topic=topic
        ),
        total=found.total,
        total_exact=found.facets.exact,
        page=page,
        page_size=params.page_size,
        pages=found.pages,
        facets=FacetsOut(sources=found.facets.sources, languages=found.facets.languages),
        results=[HitOut.of(hit) for hit in found.hits],
    )


@router.get("/stories/{story_id}", response_model=StoryOut, responses=_404)
def api_story(engine: EngineDep, story_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> StoryOut:
    """A story with every appearance, merged copies, language versions and matched topics."""
    view = data.load_story(engine, story_id)
    if view is None:
        raise HTTPException(404, f"no story {story_id}")
    story = view.story
    return StoryOut(
        **StoryOut.fields_of(story),
        text=story.text,
        authors=list(story.authors),
        description=story.description,
        image=story.image,
        tags=list(story.tags),
        section=story.section,
        modified=story.modified,
        last_seen=story.last_seen,
        updated=story.updated,
        version=story.version,
        group_id=view.group_id,
        appearances=[
            AppearanceOut(
                url=a.href or a.url,
                source=a.source,
                first_seen=a.first_seen,
                canonical=a.url == story.canonical_url and not a.rendering,
                rendering=a.rendering,
            )
            for a in view.appearances
        ],
        copies=[
            CopyOut(
                url=c.url, source=c.source, title=c.title, method=c.method, similarity=c.similarity
            )
            for c in view.copies
        ],
        related=[
            RelatedOut(**RelatedOut.fields_of(r.story), evidence=r.evidence) for r in view.related
        ],
        topics=[
            TopicMatchOut(
                topic=m.topic,
                terms=list(m.terms),
                snippet=SnippetOut(text=m.snippet, highlights=[(s, e) for s, e in m.highlights]),
                in_title=m.in_title,
                matched_at=m.matched_at,
            )
            for m in view.topics
        ],
        versions=[
            VersionOut(version=v.version, title=v.title, replaced_at=v.replaced_at)
            for v in view.versions
        ],
    )


def _topic_out(summary: data.TopicSummary) -> dict[str, Any]:
    return {
        "name": summary.topic.name,
        "query": summary.topic.query,
        "description": summary.topic.description,
        "matches": summary.matches,
        "last_matched": summary.last_matched,
    }


@router.get("/topics", response_model=list[TopicOut])
def api_topics(engine: EngineDep, settings: SettingsDep) -> list[TopicOut]:
    """The configured topics with how many stories each matched."""
    return [TopicOut(**_topic_out(s)) for s in data.topic_summaries(engine, settings)]


@router.get("/topics/{name}", response_model=TopicDetailOut, responses=_404)
def api_topic(
    engine: EngineDep,
    settings: SettingsDep,
    name: str,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> TopicDetailOut:
    """One topic's rule and its most recent matches, with highlighted terms."""
    summary = next(
        (s for s in data.topic_summaries(engine, settings) if s.topic.name == name), None
    )
    if summary is None:
        raise HTTPException(404, f"no topic {name!r}")
    found = data.run_search(engine, settings, data.SearchParams(topic=name, page_size=limit))
    return TopicDetailOut(**_topic_out(summary), recent=[HitOut.of(h) for h in found.hits])


@router.get(
    "/topics/{name}/trend",
    response_model=TrendOut,
    responses={**_404, 503: {"model": ErrorOut, "description": "trend analysis not installed"}},
)
def api_topic_trend(
    engine: EngineDep,
    settings: SettingsDep,
    name: str,
    by: TrendBy = TrendBy.day,
    split_by_source: bool = False,
) -> TrendOut:
    """Stories matching the topic per day or week (optionally one series per source)."""
    if data.find_topic(settings, name) is None:
        raise HTTPException(404, f"no topic {name!r}")
    try:
        trend = data.topic_trend(engine, name, by.value, split_by_source)
    except data.Unavailable as exc:
        raise HTTPException(503, str(exc)) from None
    return TrendOut(
        topic=name,
        by=by,
        periods=list(trend.periods),
        series={k: list(v) for k, v in trend.series.items()},
        total=trend.total,
        spikes=[
            SpikeOut(
                series=m.series, period=m.period, count=m.count, median=m.median, score=m.score
            )
            for m in data.trend_spikes(engine, settings, trend)
        ],
    )


def source_rows(engine: Engine, settings: NewsmonConfig) -> list[SourceOut]:
    """Archive health per source, plus configured sources that have stored nothing yet."""
    configured = {s.name for s in settings.sources}
    rows = [
        SourceOut(
            source=h.source,
            configured=h.source in configured,
            stories=h.stories,
            languages=h.languages,
            articles_extracted=h.articles_extracted,
            empty_body=h.empty_body,
            missing_date=h.missing_date,
            empty_body_share=h.empty_body_share,
            missing_date_share=h.missing_date_share,
            errors=h.errors,
            runs=h.runs,
            last_run=h.last_run,
            last_status=h.last_status,
        )
        for h in source_health(engine)
    ]
    seen = {r.source for r in rows}
    for name in sorted(configured - seen):
        rows.append(
            SourceOut(
                source=name, configured=True, stories=0, languages={}, articles_extracted=0,
                empty_body=0, missing_date=0, empty_body_share=None, missing_date_share=None,
                errors=0, runs=0, last_run=None, last_status=None,
            )
        )  # fmt: skip
    return rows


@router.get("/sources", response_model=list[SourceOut])
def api_sources(engine: EngineDep, settings: SettingsDep) -> list[SourceOut]:
    """Per-source archive health: stories, languages, extraction problems, crawl runs."""
    return source_rows(engine, settings)


admin = APIRouter(
    prefix="/api/admin",
    tags=["admin"],
    dependencies=[Depends(require_admin)],
    responses={
        401: {"model": ErrorOut, "description": "missing or wrong admin token"},
        403: {"model": ErrorOut, "description": "admin endpoints disabled (no token configured)"},
    },
)


@admin.post("/match", response_model=MatchOut)
def admin_match(engine: EngineDep, settings: SettingsDep) -> MatchOut:
    """Match new or changed stories against the configured topics (as `newsmon match`)."""
    from newsmon.alerts.matching import match_pending

    summary = match_pending(engine, settings.topics)
    return MatchOut(
        scanned=summary.scanned,
        new_matches=summary.new_matches,
        updated_matches=summary.updated_matches,
    )


@admin.post("/reindex", response_model=ReindexOut)
def admin_reindex(engine: EngineDep) -> ReindexOut:
    """Rebuild the full-text index from the stored stories (as `newsmon reindex`)."""
    from newsmon.search.reindex import reindex

    summary = reindex(engine)
    return ReindexOut(stories=summary.stories, seconds=round(summary.seconds, 3))
