"""The item pipeline: what became of each article, in the crawl's stats and log.

The page workers (``page_work``) have extracted and stored the article by the time
its outcome arrives here; this stage only counts and reports, in the crawl process.
"""

from __future__ import annotations

import logging
from typing import Self

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from newsmon.crawler.page_work import PageOutcome

logger = logging.getLogger(__name__)


class ArticlePipeline:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler.stats)

    def process_item(self, outcome: PageOutcome, spider: Spider | None = None) -> PageOutcome:
        counter = f"newsmon/{outcome.source}"
        if outcome.error:
            logger.warning("%s, skipped: %s", outcome.error, outcome.url)
            self.stats.inc_value(f"{counter}/errors")
            if outcome.store_failed:
                self.stats.inc_value(f"{counter}/store_errors")
            raise DropItem(outcome.error)
        if outcome.canonical_offsite:
            logger.info(
                "canonical link outside %s ignored: %s names %s",
                outcome.source,
                outcome.url,
                outcome.canonical_offsite,
            )
            self.stats.inc_value(f"{counter}/canonical_offsite")
        self.stats.inc_value(f"{counter}/articles_extracted")
        if outcome.empty_body:
            self.stats.inc_value(f"{counter}/empty_body")
            logger.warning("no article text found, skipped: %s", outcome.url)
            raise DropItem(f"empty body: {outcome.url}")
        if outcome.missing_date:
            self.stats.inc_value(f"{counter}/missing_date")
        assert outcome.saved is not None
        self.stats.inc_value(f"{counter}/stories_{outcome.saved.outcome}")
        return outcome
