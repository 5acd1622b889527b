"""Pieces every ``newsmon`` command shares: the --config option, loading, failing clearly."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from newsmon.console import err

if TYPE_CHECKING:  # imported where used: `newsmon --help` needs neither pydantic nor SQLAlchemy
    from sqlalchemy.engine import Engine

    from newsmon.config import NewsmonConfig

ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config", "-c", help="Config file (default: $NEWSMON_CONFIG or ./newsmon.toml)."
    ),
]


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print ``error: message`` on stderr and return the Exit to raise (status 2: usage/config)."""
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def load_config_or_exit(config: Path | None) -> NewsmonConfig:
    from newsmon.config import ConfigError, load_config

    try:
        return load_config(config)
    except ConfigError as exc:
        raise fail(str(exc)) from None


def open_archive_or_exit(config: NewsmonConfig) -> Engine:
    from sqlalchemy.exc import SQLAlchemyError

    from newsmon.storage.db import open_archive

    try:
        return open_archive(config.database.url)
    except (SQLAlchemyError, OSError) as exc:
        raise fail(f"database.url: cannot open the archive: {error_line(exc)}") from None


def error_line(exc: BaseException) -> str:
    """The useful part of a database or OS error, on one short line."""
    cause = getattr(exc, "orig", None) or exc.__cause__ or exc
    return " ".join(str(cause).split())[:300]
