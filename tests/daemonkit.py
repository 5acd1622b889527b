"""Running the real daemon (`newsmon run`) in tests: config, process, waiting, reading back."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from fixtureworld import FixtureWorld
from newsmon.storage.models import CrawlRun, Story
from tests.conftest import REPO
from tests.smtpkit import free_port


def daemon_config(
    world: FixtureWorld,
    directory: Path,
    *,
    schedule: str = "every 2 seconds",
    extra_sources: str = "",
    grace: float = 20,
    mail: str | None = None,
    alerts_interval: float = 60,
) -> tuple[Path, str]:
    """The fixture world's config on a fast schedule; ``mail`` replaces its subscribers/[smtp]."""
    database = f"sqlite:///{directory}/archive.db"
    text = world.config_toml(database_url=database)
    text = text.replace('timezone = "', f'schedule = "{schedule}"\njitter = 0\ntimezone = "')
    if mail is not None:
        text = text[: text.index("[[subscribers]]")] + mail
    text += extra_sources
    text += (
        f"\n[daemon]\nhttp_port = {free_port()}\nheartbeat_interval = 1\n"
        f"shutdown_grace = {grace}\nbackoff_base = 60\n"
        f"\n[alerts]\ncycle_interval = {alerts_interval}\n"
    )
    config = directory / "newsmon.toml"
    config.write_text(text, encoding="utf-8")
    return config, database


def start_daemon(
    config: Path, log: Path, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    # Own session, like a service: a signal to the test's group never reaches it.
    return subprocess.Popen(
        [sys.executable, "-m", "newsmon", "run", "--config", str(config)],
        cwd=REPO,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env={**os.environ, **(env or {})},
    )


def wait_until(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout} s waiting for: {what}")


def runs(engine: Engine, **where: object) -> list[CrawlRun]:
    with Session(engine) as session:
        statement = select(CrawlRun)
        for key, value in where.items():
            statement = statement.where(getattr(CrawlRun, key) == value)
        return list(session.exec(statement).all())


def story_count(engine: Engine) -> int:
    with Session(engine) as session:
        return session.exec(select(sa.func.count()).select_from(Story)).one()
