"""Archive statistics: what is stored per source and language, and extraction health."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from newsmon.storage.models import CrawlRun, Story

PAGE_COUNTERS = ("pages_fetched", "article_pages", "listing_pages", "skipped_pages")


@dataclass(frozen=True, slots=True)
class SourceHealth:
    source: str
    stories: int
    languages: dict[str, int]
    articles_extracted: int
    empty_body: int
    missing_date: int
    errors: int
    runs: int
    last_run: datetime | None
    last_status: str | None
    last_pages: dict[str, int] = field(default_factory=dict)
    """The last crawl's page counts: pages_fetched, article_pages, listing_pages,
    skipped_pages (what it recognised, and so whether the source gives articles at all)."""

    @property
    def empty_body_share(self) -> float | None:
        return self.empty_body / self.articles_extracted if self.articles_extracted else None

    @property
    def missing_date_share(self) -> float | None:
        return self.missing_date / self.articles_extracted if self.articles_extracted else None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, shares included (one shape for ``stats --json`` and the web UI)."""
        return {
            "source": self.source,
            "stories": self.stories,
            "languages": self.languages,
            "articles_extracted": self.articles_extracted,
            "empty_body": self.empty_body,
            "missing_date": self.missing_date,
            "empty_body_share": self.empty_body_share,
            "missing_date_share": self.missing_date_share,
            "errors": self.errors,
            "runs": self.runs,
            "last_run": self.last_run.isoformat() if self.last_run else None,
            "last_status": self.last_status,
            "last_pages": self.last_pages,
        }


def source_health(engine: Engine) -> list[SourceHealth]:
    """Per source: stories stored by language, and what its crawls extracted and missed."""
    with Session(engine) as session:
        per_language = session.exec(
            select(Story.source, Story.language, sa.func.count()).group_by(
                Story.source, Story.language
            )
        ).all()
        totals = session.exec(
            select(
                CrawlRun.source,
                sa.func.sum(CrawlRun.articles_extracted),
                sa.func.sum(CrawlRun.empty_body),
                sa.func.sum(CrawlRun.missing_date),
                sa.func.sum(CrawlRun.errors),
                sa.func.count(),
                sa.func.max(CrawlRun.started_at),
            ).group_by(CrawlRun.source)
        ).all()
        last_runs = {
            run.source: run
            for run in session.exec(
                select(CrawlRun).where(
                    CrawlRun.id.in_(select(sa.func.max(CrawlRun.id)).group_by(CrawlRun.source))
                )
            ).all()
        }
        last_status = {name: run.status for name, run in last_runs.items()}
        last_pages = {
            name: {counter: getattr(run, counter) for counter in PAGE_COUNTERS}
            for name, run in last_runs.items()
        }
    languages: dict[str, dict[str, int]] = {}
    for source, language, count in per_language:
        languages.setdefault(source, {})[language or "?"] = count
    run_totals = {row[0]: row[1:] for row in totals}
    result = []
    for source in sorted(set(languages) | set(run_totals)):
        extracted, empty, missing, errors, runs, last = run_totals.get(
            source, (0, 0, 0, 0, 0, None)
        )
        result.append(
            SourceHealth(
                source=source,
                stories=sum(languages.get(source, {}).values()),
                languages=languages.get(source, {}),
                articles_extracted=int(extracted or 0),
                empty_body=int(empty or 0),
                missing_date=int(missing or 0),
                errors=int(errors or 0),
                runs=int(runs or 0),
                last_run=last,
                last_status=last_status.get(source),
                last_pages=last_pages.get(source, {}),
            )
        )
    return result
