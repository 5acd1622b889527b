"""``FixtureWorld``: three fake news outlets on loopback, plus their ground truth.

Tests, the demo and benchmarks crawl this instead of real sites: deterministic content,
every hard case catalogued in ``world.truth``, every request recorded in ``request_log``.
"""

from __future__ import annotations

import json
import threading
import tomllib
from datetime import datetime, timedelta
from importlib import resources
from types import TracebackType
from typing import Any

from fixtureworld.content import SECTIONS, load_articles
from fixtureworld.model import Article
from fixtureworld.server import LoggedRequest, OutletServer
from fixtureworld.sites import SITE_CLASSES, Site
from fixtureworld.synth import synthetic_articles
from fixtureworld.truth import GroundTruth, build_truth

# The starter config's rule (see newsmon/starter_config.toml); bench/alert_quality.py measures it.
LEARNING_CITY_RULE = next(
    topic["query"]
    for topic in tomllib.loads(
        resources.files("newsmon").joinpath("starter_config.toml").read_text("utf-8")
    )["topics"]
    if topic["name"] == "learning-city"
)

DEFAULT_CRAWL: dict[str, Any] = {
    "download_timeout": 2,
    "download_delay": 0,
    "max_page_bytes": 2_000_000,
    "depth_limit": 3,
    "retries": 2,
    "concurrency_per_domain": 8,
}

_SOURCE_SETTINGS: dict[str, dict[str, str]] = {
    "thoidai": {"language": "vi", "timezone": "Asia/Ho_Chi_Minh"},
    "rheinblatt": {"language": "de", "timezone": "Europe/Berlin"},
    "harbourtimes": {"language": "en", "timezone": "Europe/London"},
}


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} as TOML")


class FixtureWorld:
    """Start with ``with FixtureWorld() as world:`` (or ``start()``/``stop()``)."""

    outlets: list[str] = ["thoidai", "rheinblatt", "harbourtimes"]  # noqa: RUF012

    def __init__(
        self,
        slow_seconds: float = 5.0,
        scale: int = 0,
        *,
        host: str = "127.0.0.1",
        ports: dict[str, int] | None = None,
    ) -> None:
        self.slow_seconds = slow_seconds
        self.scale = scale
        self.host = host
        self.ports = dict(ports or {})
        self._log: list[LoggedRequest] = []
        self._log_lock = threading.Lock()
        self._mutate_lock = threading.RLock()
        self._truth: GroundTruth | None = None
        articles = load_articles()
        self.sites: dict[str, Site] = {}
        for name in self.outlets:
            sections = SECTIONS[name]
            items = articles[name] + synthetic_articles(
                name, SITE_CLASSES[name].language, list(sections), scale
            )
            self.sites[name] = SITE_CLASSES[name](items, sections, scale)
        self.servers = {
            name: OutletServer(site, slow_seconds, self._append_log)
            for name, site in self.sites.items()
        }
        self._started = False

    # -------------------------------------------------------------- lifecycle
    def start(self) -> FixtureWorld:
        """Bind every outlet (ephemeral ports by default), then begin serving."""
        if self._started:
            return self
        for name, server in self.servers.items():
            server.listen(self.host, self.ports.get(name, 0))
        bases = {name: f"http://{self.host}:{srv.port}" for name, srv in self.servers.items()}
        for site in self.sites.values():
            site.base = bases[site.name]
            site.bases = bases
        for server in self.servers.values():
            server.invalidate()
            server.serve()
        self._started = True
        self._truth = None
        return self

    def stop(self) -> None:
        for server in self.servers.values():
            server.shutdown()
        self._started = False

    def __enter__(self) -> FixtureWorld:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # ------------------------------------------------------------------ URLs
    def base_url(self, outlet: str) -> str:
        if not self._started:
            raise RuntimeError("FixtureWorld is not started")
        return self.sites[outlet].base

    def domain(self, outlet: str) -> str:
        """``host:port`` of an outlet, as used in ``allowed_domains``."""
        return self.base_url(outlet).removeprefix("http://")

    # ------------------------------------------------------------------- log
    def _append_log(self, entry: LoggedRequest) -> None:
        with self._log_lock:
            self._log.append(entry)

    @property
    def request_log(self) -> list[LoggedRequest]:
        """A snapshot of every request served so far (oldest first)."""
        with self._log_lock:
            return list(self._log)

    def clear_log(self) -> None:
        with self._log_lock:
            self._log.clear()

    # ----------------------------------------------------------------- truth
    @property
    def truth(self) -> GroundTruth:
        if not self._started:
            raise RuntimeError("start the world first: truth URLs use the live ports")
        with self._mutate_lock:
            if self._truth is None:
                self._truth = build_truth(self.sites, self.slow_seconds)
            return self._truth

    # -------------------------------------------------------------- mutation
    def add_article(self, outlet: str, article: Article) -> None:
        """Publish a new story live: listings, feeds, sitemaps and ETags all update."""
        site = self.sites[outlet]
        with self._mutate_lock:
            if any(article.key in s.by_key for s in self.sites.values()):
                raise ValueError(f"duplicate article key {article.key!r}")
            if article.section not in site.sections:
                raise ValueError(f"unknown section {article.section!r} for {outlet}")
            article.outlet = outlet
            site.articles.append(article)
            self._changed(outlet)

    def edit_article(
        self,
        key: str,
        *,
        body: str | None = None,
        title: str | None = None,
        modified: datetime | None = None,
    ) -> Article:
        """Change a story in place; ``modified`` defaults to one hour after its last change."""
        with self._mutate_lock:
            found = [(n, s.by_key[key]) for n, s in self.sites.items() if key in s.by_key]
            if not found:
                raise KeyError(key)
            name, article = found[0]
            if body is not None:
                article.body = body
            if title is not None:
                article.title = title
            last = article.last_change
            if modified is None and last is not None:
                modified = last + timedelta(hours=1)
            article.modified = modified
            self._changed(name)
            return article

    def _changed(self, outlet: str) -> None:
        self.sites[outlet].reindex()
        self.servers[outlet].invalidate()
        self._truth = None

    def reset_counters(self) -> None:
        """Make the 500-then-200 page fail once more (per-path counters start over)."""
        for server in self.servers.values():
            server._hits.clear()

    # ---------------------------------------------------------------- config
    def config_toml(
        self,
        database_url: str = "sqlite:///data/newsmon.db",
        outlets: list[str] | None = None,
        crawl_overrides: dict[str, Any] | None = None,
    ) -> str:
        """A newsmon config (see ``newsmon/config.py``) that crawls this world."""
        outlets = outlets or self.outlets
        crawl = {**DEFAULT_CRAWL, **(crawl_overrides or {})}
        lines = [
            "# Generated by fixtureworld for the worlds on 127.0.0.1 (ports change per run).",
            "[database]",
            f"url = {_toml_value(database_url)}",
            "",
            "[crawl]",
        ]
        lines += [f"{k} = {_toml_value(v)}" for k, v in crawl.items() if v is not None]
        for name in outlets:
            home = self.base_url(name) + "/"
            source: dict[str, Any] = {"name": name, "start_urls": [home]}
            if name == "rheinblatt":
                source["feeds"] = [home + "feeds/rss.xml", home + "feeds/atom.xml"]
            if name == "harbourtimes":
                source["sitemaps"] = [home + "sitemap_index.xml"]
            source["allowed_domains"] = [self.domain(name)]
            source.update(_SOURCE_SETTINGS[name])
            lines += ["", "[[sources]]"] + [f"{k} = {_toml_value(v)}" for k, v in source.items()]
        lines += [
            "",
            "[[topics]]",
            'name = "learning-city"',
            "query = " + _toml_value(LEARNING_CITY_RULE),
            'description = "UNESCO learning cities (GNLC) in any language"',
            "",
            "[[subscribers]]",
            'email = "demo@example.org"',
            'name = "Demo Subscriber"',
            'topics = ["learning-city"]',
            'cadence = "daily"',
            "",
            "[smtp]",
            'transport = "file"',
            'outbox_dir = "data/outbox"',
            "",
        ]
        return "\n".join(lines)
