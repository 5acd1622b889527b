"""Scrapy's log lines for dropped items, without the item.

Scrapy logs every dropped item with its ``repr``, and ours carry the whole page;
the pipeline already says in one short line why an article was skipped.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import logformatter


class NewsmonLogFormatter(logformatter.LogFormatter):
    def dropped(self, item: Any, exception: BaseException, response: Any, spider: Any) -> Any:
        return {
            "level": logging.DEBUG,
            "msg": "Dropped: %(exception)s",
            "args": {"exception": str(exception)[:300]},
        }
