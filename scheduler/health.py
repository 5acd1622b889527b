"""Extraction-health drift: a source whose pages suddenly lose their text or dates.

Site redesigns break extraction silently: the crawl "succeeds" but bodies come
back empty or undated. Comparing the latest run with the source's recent history
catches that without per-site thresholds.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from newsmon.storage.models import CrawlRun

HISTORY_RUNS = 10
MIN_ARTICLES = 5


@dataclass(frozen=True, slots=True)
class Shares:
    articles: int
    empty_body: float
    missing_date: float


def _shares(runs: list[CrawlRun]) -> Shares | None:
    articles = sum(r.articles_extracted for r in runs)
    if articles < MIN_ARTICLES:
        return None
    return Shares(
        articles,
        sum(r.empty_body for r in runs) / articles,
        sum(r.missing_date for r in runs) / articles,
    )


def drift_warning(engine: Engine, source: str, threshold: float) -> str | None:
    """A sentence for the operator if the latest run's shares jumped, else None."""
    with Session(engine) as session:
        runs = list(
            session.exec(
                select(CrawlRun)
                .where(
                    CrawlRun.source == source,
                    CrawlRun.status == "finished",
                    CrawlRun.articles_extracted > 0,
                )
                .order_by(CrawlRun.id.desc())  # type: ignore[union-attr]
                .limit(HISTORY_RUNS + 1)
            ).all()
        )
    if len(runs) < 2:
        return None
    latest, before = _shares(runs[:1]), _shares(runs[1:])
    if latest is None or before is None:
        return None
    problems = []
    if latest.empty_body - before.empty_body >= threshold:
        problems.append(
            f"pages without body text rose from {before.empty_body:.0%} to {latest.empty_body:.0%}"
        )
    if latest.missing_date - before.missing_date >= threshold:
        problems.append(
            f"pages without a date rose from {before.missing_date:.0%} to {latest.missing_date:.0%}"
        )
    if not problems:
        return None
    return "; ".join(problems) + " (site redesign? check extraction for this source)"
