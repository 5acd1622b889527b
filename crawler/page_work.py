"""Page work in a process pool: read each page once, decide what it is, extract and store.

Parsing, classifying, extracting and storing are CPU-bound; in the crawl process
they would compete with Scrapy for one interpreter lock. So the crawl loop hands
every page it cannot settle from the URL and head alone to a worker, one per core,
which parses it once and uses that tree for the verdict (article, listing or
neither) and, for an article, for extraction; then it stores the story through
``save_article``, whose lock keeps concurrent saves from storing one story twice.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from sqlalchemy.engine import Engine

from newsmon.config import SourceConfig
from newsmon.crawler.items import FetchedPage
from newsmon.crawler.lifeline import exit_with
from newsmon.crawler.links import head_links
from newsmon.crawler.page_kind import PageKind, PageVerdict, classify_page
from newsmon.crawler.urls import is_allowed
from newsmon.extract import extract_page, read_page
from newsmon.storage.db import create_db_engine
from newsmon.stories.repository import ArticlePage, SaveResult, save_article

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PageOutcome:
    """What became of one page (small, so cheap to send back from a worker)."""

    url: str
    source: str
    verdict: PageVerdict
    saved: SaveResult | None = None
    empty_body: bool = False
    missing_date: bool = False
    error: str | None = None
    canonical_offsite: str | None = None
    """A rel=canonical outside the source's domains, ignored (see ``process_page``)."""
    store_failed: bool = False
    """The archive refused the article (read-only, disk full, unreachable database)."""


@dataclass(frozen=True, slots=True)
class SourceRules:
    """What a worker needs to know of the page's source."""

    language: str | None
    timezone: str
    domains: tuple[str, ...]

    @classmethod
    def of(cls, source: SourceConfig) -> SourceRules:
        return cls(source.language, source.timezone, tuple(source.domains))


_worker_engines: dict[str, Engine] = {}


def _engine(database_url: str) -> Engine:
    # One engine per worker process, created on its first article.
    if database_url not in _worker_engines:
        _worker_engines[database_url] = create_db_engine(database_url)
    return _worker_engines[database_url]


def process_page(fetched: FetchedPage, rules: SourceRules, database_url: str) -> PageOutcome:
    """Classify (unless the crawl loop did), extract and store one page (in a worker).

    A page's rel=canonical names the story it belongs to; it is trusted only within
    the source's own domains. Otherwise any page could claim another site's article
    (its text would replace the victim's, whose real page would never be fetched).
    """
    url, source, verdict = fetched.url, fetched.source, fetched.verdict
    try:
        html = fetched.html()
        page = read_page(html, url)
        if verdict is None:
            verdict = classify_page(html, url, tree=page.tree)
        if verdict.kind is not PageKind.ARTICLE:
            return PageOutcome(url, source, verdict)
        article = extract_page(
            page,
            language_hint=rules.language,
            timezone=rules.timezone,
            feed_date=fetched.listed_date,
        )
    except Exception as exc:  # a bad page must not stop the crawl
        return PageOutcome(
            url,
            source,
            verdict or PageVerdict(PageKind.OTHER, "not parseable"),
            error=f"extraction failed: {exc!r:.300}",
        )
    domains = list(rules.domains)
    offsite = None
    if article.canonical_url and domains and not is_allowed(article.canonical_url, domains):
        offsite, article = article.canonical_url, replace(article, canonical_url=None)
    if not article.text.strip():
        return PageOutcome(url, source, verdict, empty_body=True)
    links = head_links(html, url)
    stored = ArticlePage(
        source=source,
        article=article,
        seen_at=datetime.now(UTC),
        fetched_urls=fetched.fetched_urls,
        listed_changed=fetched.listed_changed,
        canonical_link=links.has_canonical_link,
        renderings=tuple(r for r in links.renderings if not domains or is_allowed(r, domains)),
    )
    try:
        saved = save_article(_engine(database_url), stored)
    except Exception as exc:
        return PageOutcome(
            url,
            source,
            verdict,
            error=f"could not store: {_one_line(exc)}",
            missing_date=article.published is None,
            store_failed=True,
        )
    return PageOutcome(
        url,
        source,
        verdict,
        saved=saved,
        missing_date=article.published is None,
        canonical_offsite=offsite,
    )


def _one_line(exc: BaseException, limit: int = 300) -> str:
    """An exception as one short line (a database error can carry a whole statement)."""
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _start_worker(crawl_pid: int) -> None:
    """Set up a worker: tied to its crawl, deaf to stop signals.

    The crawl process alone decides when to stop (Ctrl-C or SIGTERM reach the
    whole process group; a worker killed by them would lose the pages in
    flight), and a worker whose crawl died (even by SIGKILL) exits at once
    instead of lingering as an orphan of the fork server.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    exit_with(crawl_pid)


WORKER_DEATHS_PER_PAGE = 3
"""A page is tried this often when its worker dies under it (killed by the OOM killer or
an operator, a crash in a C library); a page that kills workers every time is an error."""


class PageWorkers:
    """The crawl's pool of page workers (started on the first page, stopped by ``close``).

    A worker that dies breaks the whole pool (every page in flight fails with
    BrokenProcessPool); the pool is then replaced and those pages are tried again, so
    one lost worker costs a restart, not the rest of the crawl.
    """

    def __init__(self, workers: int, sources: list[SourceConfig], database_url: str) -> None:
        self.workers = workers
        self.rules = {s.name: SourceRules.of(s) for s in sources}
        self.database_url = database_url
        self._executor: ProcessPoolExecutor | None = None
        self.restarts = 0

    async def process(self, fetched: FetchedPage) -> PageOutcome:
        for _attempt in range(WORKER_DEATHS_PER_PAGE):
            executor = self._running()
            try:
                future = executor.submit(
                    process_page, fetched, self.rules[fetched.source], self.database_url
                )
                return await asyncio.wrap_future(future)
            except BrokenProcessPool:
                self._replace(executor)
            except Exception as exc:  # the pool itself failed: count the page, never drop it
                return PageOutcome(
                    fetched.url,
                    fetched.source,
                    fetched.verdict or PageVerdict(PageKind.OTHER, "page worker failed"),
                    error=f"page worker failed: {_one_line(exc)}",
                )
        return PageOutcome(
            fetched.url,
            fetched.source,
            fetched.verdict or PageVerdict(PageKind.OTHER, "kills page workers"),
            error=f"a page worker died reading this page, {WORKER_DEATHS_PER_PAGE} times",
        )

    def _running(self) -> ProcessPoolExecutor:
        if self._executor is None:
            # forkserver: workers must not inherit the reactor, sockets or database handles.
            # The server imports this module (trafilatura, lxml, SQLAlchemy) once; each
            # worker forked from it starts warm and shares those pages of memory.
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload([__name__])
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=context,
                initializer=_start_worker,
                initargs=(os.getpid(),),
            )
        return self._executor

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        """Drop a broken pool, once however many of its pages noticed."""
        if broken is not self._executor:
            return
        self.restarts += 1
        logger.warning("a page worker died; restarting the pool and retrying its pages")
        self._executor = None
        _discard(broken)

    def close(self) -> None:
        executor, self._executor = self._executor, None
        if executor is None:
            return
        if getattr(executor, "_broken", False):  # a worker died after the last page
            _discard(executor)
        else:
            executor.shutdown(wait=True, cancel_futures=True)


def _discard(broken: ProcessPoolExecutor) -> None:
    """End a broken pool's surviving workers, without waiting for their pages.

    The pool's manager thread stops them with SIGTERM and waits, but workers ignore
    SIGTERM (see ``_start_worker``): it would wait forever, and so would the crawl's
    exit. Their pages are retried elsewhere; a save cut short rolls back.
    (``_processes``: the executor offers no public way to its workers.)
    """
    for process in list((getattr(broken, "_processes", None) or {}).values()):
        with suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGKILL)
    broken.shutdown(wait=False, cancel_futures=True)
