"""Server-rendered HTML pages: search, story, topics, sources, unsubscribe.

Forms are plain GET/POST so everything works without JavaScript. Parameters
are parsed leniently here (an empty date box is "no date", a bad one is shown
as a message) because people type them, unlike API clients.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from starlette.datastructures import QueryParams

from newsmon.query.compile import phrase_hint
from newsmon.search.engine import SearchError
from newsmon.web import data
from newsmon.web.api import MAX_ID, source_rows
from newsmon.web.security import UNSUBSCRIBE_CSP

router = APIRouter(include_in_schema=False)
TOPIC_PAGE_SIZE = 10
"""Recent matches under a topic's chart: the chart is the point of that page."""


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    env = request.app.state.templates
    settings = request.app.state.settings
    html = env.get_template(template).render(
        request_path=request.url.path, topics=settings.topics, **context
    )
    return HTMLResponse(html, status_code=status_code)


def not_found(request: Request, message: str) -> HTMLResponse:
    return render(request, "error.html", 404, title="Not found", message=message)


def _date(value: str | None, name: str, problems: list[str]) -> date | None:
    if not value or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        problems.append(f"{name}: not a date (expected YYYY-MM-DD): {value!r}")
        return None


def _page_number(value: str | None) -> int:
    try:
        return min(max(1, int(value or 1)), data.MAX_PAGE)
    except ValueError:
        return 1


def search_params(query: QueryParams, page_size: int, problems: list[str]) -> data.SearchParams:
    return data.SearchParams(
        q=(query.get("q") or "").strip(),
        sources=tuple(v for v in query.getlist("source") if v),
        languages=tuple(v for v in query.getlist("lang") if v),
        since=_date(query.get("since"), "from", problems),
        until=_date(query.get("until"), "to", problems),
        topic=query.get("topic") or None,
        page=_page_number(query.get("page")),
        page_size=page_size,
    )


def link(path: str, items: list[tuple[str, str]]) -> str:
    return f"{path}?{urlencode(items)}" if items else path


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request) -> HTMLResponse:
    settings = request.app.state.settings
    problems: list[str] = []
    params = search_params(request.query_params, settings.web.page_size, problems)
    results = error = None
    try:
        results = data.run_search(request.app.state.engine, settings, params)
    except SearchError as exc:
        error = str(exc)
    error = "; ".join([*problems, *([error] if error else [])]) or None

    def toggle(kind: str, value: str) -> str:
        current = params.sources if kind == "sources" else params.languages
        chosen = tuple(v for v in current if v != value) if value in current else (*current, value)
        return link("/", params.query_items(**{kind: chosen, "page": 1}))

    hint = phrase_hint(params.q) if params.q and not error else None
    return render(
        request,
        "search.html",
        status_code=400 if error else 200,
        hint=hint,
        hint_link=link("/", params.query_items(q=hint, page=1)) if hint else None,
        title=f"{params.q} – search" if params.q else "Search",
        params=params,
        results=results,
        error=error,
        toggle=toggle,
        page_link=lambda n: link("/", params.query_items(page=n)),
        clear_link=link("/", params.query_items(sources=(), languages=(), since=None,
                                                until=None, topic=None, page=1)),
    )  # fmt: skip


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str) -> HTMLResponse:
    if not story_id.isdigit() or int(story_id) > MAX_ID:
        return not_found(request, f"There is no story {story_id!r}.")
    view = data.load_story(request.app.state.engine, int(story_id))
    if view is None:
        return not_found(request, f"There is no story {story_id} in the archive.")
    return render(request, "story.html", title=view.story.title or f"Story {story_id}", view=view)


@router.get("/topics", response_class=HTMLResponse)
def topics_page(request: Request) -> HTMLResponse:
    summaries = data.topic_summaries(request.app.state.engine, request.app.state.settings)
    return render(request, "topics.html", title="Topics", summaries=summaries)


def _by(request: Request) -> str:
    return "week" if request.query_params.get("by") == "week" else "day"


@router.get("/topics/{name}", response_class=HTMLResponse)
def topic_page(request: Request, name: str) -> HTMLResponse:
    settings = request.app.state.settings
    engine = request.app.state.engine
    summary = next(
        (s for s in data.topic_summaries(engine, settings) if s.topic.name == name), None
    )
    if summary is None:
        return not_found(request, f"There is no topic {name!r} in the configuration.")
    page = _page_number(request.query_params.get("page"))
    params = data.SearchParams(topic=name, page=page, page_size=TOPIC_PAGE_SIZE)
    results = data.run_search(engine, settings, params)
    by = _by(request)
    split = request.query_params.get("split") == "source"
    chart_items = [("by", by)] + ([("split", "source")] if split else [])
    try:
        trend = data.topic_trend(engine, name, by, split)
        spikes = data.trend_spikes(engine, settings, trend)
    except data.Unavailable:
        spikes = []
    return render(
        request,
        "topic.html",
        title=f"Topic {name}",
        summary=summary,
        results=results,
        by=by,
        split=split,
        chart_src=link(f"/topics/{name}/trend.svg", chart_items),
        spikes=sorted(spikes, key=lambda m: m.period, reverse=True),
        spike_threshold=settings.spikes.threshold,
        spike_min_count=settings.spikes.min_count,
        feed_atom=f"/feeds/topics/{name}.atom",
        feed_json=f"/feeds/topics/{name}.json",
        view_link=lambda **kw: link(
            f"/topics/{name}",
            [("by", kw.get("by", by))] + ([("split", "source")] if kw.get("split", split) else []),
        ),
        page_link=lambda n: link(
            f"/topics/{name}", chart_items + ([("page", str(n))] if n > 1 else [])
        ),
        search_link=link("/", [("topic", name)]),
    )


@router.get("/topics/{name}/trend.svg")
def topic_trend_svg(request: Request, name: str) -> Response:
    settings = request.app.state.settings
    topic = data.find_topic(settings, name)
    if topic is None:
        return Response(f"no topic {name!r}\n", 404, media_type="text/plain")
    by = _by(request)
    split = request.query_params.get("split") == "source"
    try:
        engine = request.app.state.engine
        trend = data.topic_trend(engine, name, by, split)
        spikes = data.trend_spikes(engine, settings, trend)
        svg = data.trend_svg(trend, f"{name}: stories per {by}", spikes)
    except data.Unavailable as exc:
        return Response(f"{exc}\n", 503, media_type="text/plain")
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-cache"})


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request) -> HTMLResponse:
    settings = request.app.state.settings
    rows = source_rows(request.app.state.engine, settings)
    schedules = {s.name: s.schedule for s in settings.sources}
    return render(request, "sources.html", title="Sources", rows=rows, schedules=schedules)


@router.api_route("/unsubscribe", methods=["GET", "POST"], response_class=HTMLResponse)
def unsubscribe(request: Request, token: str = "") -> HTMLResponse:
    """The daemon's handler, mounted here too: GET confirms, POST (RFC 8058) unsubscribes."""
    from newsmon.alerts.settings import load_settings
    from newsmon.alerts.unsubscribe import handle_unsubscribe

    engine = request.app.state.engine
    settings = load_settings(engine, request.app.state.settings)
    status, page = handle_unsubscribe(
        engine, settings.secret, request.method, token, settings.unsubscribe_max_age
    )
    response = HTMLResponse(page, status_code=status)
    response.headers["Content-Security-Policy"] = UNSUBSCRIBE_CSP
    return response
