"""Terminal-aware output: rich tables and progress on a terminal, plain text when piped."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.markup import escape

out = Console(soft_wrap=True)
err = Console(stderr=True)

# Scrapy and Twisted narrate every step at INFO; operators want our own lines.
_CHATTY_LOGGERS = (
    "scrapy",
    "twisted",
    "py",
    "trafilatura",
    "htmldate",
    "filelock",
    "alembic",
    "apscheduler",
    "uvicorn",
    "asyncio",
)


def setup_logging(verbose: bool = False) -> None:
    level = logging.DEBUG if verbose else logging.INFO
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    if err.is_terminal:
        from rich.logging import RichHandler

        handler: logging.Handler = RichHandler(console=err, show_path=False, markup=False)
        handler.setFormatter(logging.Formatter("%(message)s"))
    else:
        # Not a terminal (systemd, a pipe, a file): one JSON object per line, with the
        # structured fields passed as ``extra`` (event, source, counters...).
        from pythonjsonlogger.json import JsonFormatter

        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(
            JsonFormatter(
                "{asctime}{levelname}{name}{message}",
                style="{",
                rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
                datefmt="%Y-%m-%dT%H:%M:%S%z",
            )
        )
    handler.addFilter(_QuietLibraries(logging.DEBUG if verbose else logging.WARNING))
    handler.addFilter(_BoundedMessages())
    root.addHandler(handler)
    root.setLevel(level)


class _QuietLibraries(logging.Filter):
    """Drops library chatter below a level.

    A handler filter, not logger levels: Scrapy resets its loggers' levels when a
    crawl starts.
    """

    def __init__(self, library_level: int) -> None:
        super().__init__()
        self.library_level = library_level

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.split(".")[0] in _CHATTY_LOGGERS:
            return record.levelno >= self.library_level
        return True


def print_table(title: str | None, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """A rich table on a terminal; tab-separated lines with a header row otherwise."""
    if out.is_terminal:
        from rich.table import Table
        from rich.text import Text

        table = Table(title=title, show_lines=False)
        for column in columns:
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(
                *(
                    cell if isinstance(cell, Text) else escape("" if cell is None else str(cell))
                    for cell in row
                )
            )
        out.print(table)
    else:
        print("\t".join(columns))
        for row in rows:
            print(
                "\t".join(
                    "" if c is None else str(c).replace("\t", " ").replace("\n", " ") for c in row
                )
            )


MAX_LOG_MESSAGE = 2000
"""Characters of one log message; the rest is cut (a library may log a whole page)."""


class _BoundedMessages(logging.Filter):
    """Keeps every log record small: 20 dropped 4.5 MB pages must not write 180 MB of log."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if len(message) > MAX_LOG_MESSAGE:
            record.msg = f"{message[:MAX_LOG_MESSAGE]}… [{len(message):,} characters cut]"
            record.args = None
        return True
