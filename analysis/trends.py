"""Coverage over time: how many stories per day or ISO week, per source if asked.

Counts are stories (one per story, however many URLs it was seen at), bucketed by
the *page's own* local publication date: ``Story.published`` is stored in UTC and
``published_utcoffset`` keeps the offset the page gave, so a Hanoi story published
at 00:30 +07:00 counts on that Hanoi day, not on the previous UTC day. Stories
without a publication date count on the UTC date they were first seen.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

from newsmon.alerts.models import MatchRecord
from newsmon.alerts.spikes import flag_series
from newsmon.analysis.export import matching_story_ids
from newsmon.config import SpikesConfig
from newsmon.search.engine import SearchFilters, apply_filters
from newsmon.storage.models import Story

Period = Literal["day", "week"]
ALL = "all"
"""The series label when counts are not split by source."""
_ID_CHUNK = 5000
"""Story ids per grouped query when restricted to a query's matches (bind-parameter limits)."""


@dataclass(frozen=True)
class Trend:
    by: Literal["day", "week"]
    periods: list[date]
    """Every period from first to last, zero-filled, ascending (week = ISO week's Monday)."""
    series: dict[str, list[int]]
    """Label -> counts aligned with ``periods``; label "all" unless split by source."""

    @property
    def total(self) -> int:
        return sum(sum(counts) for counts in self.series.values())


def _local_day(dialect: str, by: Period) -> sa.ColumnElement[object]:
    """SQL for a story's bucket: its page-local publication day (or week's Monday)."""
    when = sa.func.coalesce(Story.published, Story.first_seen)
    offset = sa.case(
        (Story.published.is_(None), 0),  # type: ignore[union-attr]
        else_=sa.func.coalesce(Story.published_utcoffset, 0),
    )
    if dialect == "sqlite":
        # Stored as naive UTC text; a "+420 minutes" modifier moves it to the page's clock.
        shift = sa.func.printf("%+d minutes", offset)
        if by == "week":
            return sa.func.date(when, shift, "-6 days", "weekday 1")
        return sa.func.date(when, shift)
    local = sa.func.timezone("UTC", when) + offset * sa.literal_column("interval '1 minute'")
    if by == "week":
        local = sa.func.date_trunc("week", local)  # ISO weeks start on Monday
    return sa.cast(local, sa.Date)


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _bound(dialect: str, value: date) -> object:
    # SQLite's date() yields ISO text, which compares correctly as text.
    return value.isoformat() if dialect == "sqlite" else value


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _periods(first: date, last: date, by: Period) -> list[date]:
    step = timedelta(days=7 if by == "week" else 1)
    periods = []
    while first <= last:
        periods.append(first)
        first += step
    return periods


def coverage_trend(
    engine: Engine,
    *,
    by: Period = "day",
    topic: str | None = None,
    query: str | None = None,
    filters: SearchFilters | None = None,
    split_by_source: bool = False,
    since: date | None = None,
    until: date | None = None,
) -> Trend:
    """Stories per period, zero-filled, optionally restricted and split per source.

    ``topic`` keeps stories recorded in ``topic_matches`` for it (written by
    ``newsmon match`` and the alerts cycle); ``query`` keeps full-text matches
    (see ``search.engine``); ``filters`` are the search filters (sources,
    languages, publication range). ``since``/``until`` are inclusive page-local
    dates; when given, the periods span them even where nothing was published, so
    a chart shows the range asked for. Dates: see the module docstring (page-local
    publication date, else the UTC date first seen).
    """
    if by not in ("day", "week"):
        raise ValueError(f"by must be 'day' or 'week', not {by!r}")
    dialect = engine.dialect.name
    bucket = _local_day(dialect, by).label("period")
    columns: list[sa.ColumnElement[object]] = [bucket]
    if split_by_source:
        columns.append(Story.source)  # type: ignore[arg-type]
    statement = sa.select(*columns, sa.func.count(Story.id)).group_by(*columns)
    statement = apply_filters(statement, filters or SearchFilters())
    if topic:
        statement = statement.where(
            Story.id.in_(sa.select(MatchRecord.story_id).where(MatchRecord.topic == topic))  # type: ignore[union-attr]
        )
    day = _local_day(dialect, "day")
    if since:
        statement = statement.where(day >= _bound(dialect, since))
    if until:
        statement = statement.where(day <= _bound(dialect, until))

    counts: dict[tuple[date, str], int] = {}
    with Session(engine) as session:
        for chunk in _id_chunks(engine, query, filters):
            restricted = statement if chunk is None else statement.where(Story.id.in_(chunk))  # type: ignore[union-attr]
            for row in session.execute(restricted):
                key = (_as_date(row[0]), row[1] if split_by_source else ALL)
                counts[key] = counts.get(key, 0) + int(row[-1])
    return _zero_filled(counts, by, since, until, split_by_source)


def _id_chunks(
    engine: Engine, query: str | None, filters: SearchFilters | None
) -> Iterable[Sequence[int] | None]:
    """``[None]`` (no restriction) without a query, else the matching ids in chunks."""
    if not (query or "").strip():
        yield None
        return
    ids = matching_story_ids(engine, query or "", filters)
    for start in range(0, len(ids), _ID_CHUNK):
        yield ids[start : start + _ID_CHUNK].tolist()


def _zero_filled(
    counts: dict[tuple[date, str], int],
    by: Period,
    since: date | None,
    until: date | None,
    split: bool,
) -> Trend:
    align = _monday if by == "week" else (lambda d: d)
    seen = [period for period, _ in counts]
    first = align(since) if since else min(seen, default=None)
    last = align(until) if until else max(seen, default=None)
    if first is None or last is None:
        return Trend(by=by, periods=[], series={} if split else {ALL: []})
    periods = _periods(first, last, by)
    labels = sorted({label for _, label in counts}) if split else [ALL]
    series = {label: [counts.get((p, label), 0) for p in periods] for label in labels}
    return Trend(by=by, periods=periods, series=series)


@dataclass(frozen=True)
class SpikeMark:
    """A period of a trend series judged a spike (see ``alerts.spikes`` for the statistic)."""

    series: str
    index: int
    period: date
    count: int
    median: float
    score: float


def trend_spikes(
    trend: Trend, settings: SpikesConfig, known_from: date | None = None
) -> list[SpikeMark]:
    """Spikes in each series of ``trend``, judged as the daemon judges them.

    ``known_from``: the day counting began (earlier periods are no baseline), e.g.
    ``alerts.spikes.archive_start``; by default the whole series is history.
    """
    first_known = 0
    if known_from is not None:
        start = (
            known_from - timedelta(days=known_from.weekday()) if trend.by == "week" else known_from
        )
        first_known = next(
            (i for i, p in enumerate(trend.periods) if p >= start), len(trend.periods)
        )
    marks = []
    for label, counts in trend.series.items():
        for index, test in enumerate(flag_series(counts, settings, first_known=first_known)):
            if test is not None and test.spike:
                marks.append(
                    SpikeMark(
                        label, index, trend.periods[index], test.count, test.median, test.score
                    )
                )
    return marks
