"""The crawl of one source on a Scrapyd node.

Scrapyd starts ``scrapy crawl newsmon-node -a source=NAME -a config=PATH`` in the
deployed egg; the job arguments name the source and the config file *as the node
sees it*, never a secret (the node's config, or its ``$NEWSMON_DATABASE_URL``,
holds the database URL). The spider loads that config, overlays the same Scrapy
settings as a local crawl (``crawler.runner.config_settings``: Scrapy lets a
spider's ``from_crawler`` change settings before they freeze), and takes the
source's lease: the ``crawl-NAME`` archive lock on a PostgreSQL session of its
own, which the database drops the moment this process dies. The daemon reads
that lease to tell a vanished job from a crawl that is really gone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Self

from scrapy.crawler import Crawler

from newsmon.config import load_config
from newsmon.crawler.runner import config_settings
from newsmon.crawler.spiders.news import NewsSpider
from newsmon.storage.locks import ArchiveLock, LockBusy


class SourceBusy(RuntimeError):
    """Another crawl holds the source's lease: this job must not crawl it too."""


class NodeSpider(NewsSpider):
    name = "newsmon-node"
    lease: ArchiveLock

    @classmethod
    def from_crawler(
        cls,
        crawler: Crawler,
        *args: Any,
        source: str,
        config: str,
        node: str = "",
        trigger: str = "schedule",
        _job: str = "",
        **kwargs: Any,
    ) -> Self:
        newsmon_config = load_config(Path(config))
        source_config = newsmon_config.source(source)
        lease = ArchiveLock(newsmon_config.database.url, f"crawl-{source}")
        try:
            lease.acquire()
        except LockBusy:
            raise SourceBusy(f"source {source!r} is being crawled elsewhere") from None
        crawler.settings.setdict(
            {
                **config_settings(newsmon_config, [source_config]),
                "NEWSMON_TRIGGER": trigger,
                "NEWSMON_NODE": node or None,
                "NEWSMON_JOB": _job or None,
            },
            priority="cmdline",
        )
        try:
            spider = super().from_crawler(
                crawler, *args, sources=[source_config], crawl=newsmon_config.crawl, **kwargs
            )
        except BaseException:
            lease.release()
            raise
        spider.lease = lease
        return spider

    def closed(self, reason: str) -> None:
        try:
            super().closed(reason)
        finally:
            self.lease.release()
