"""newsmon's configuration: one TOML file, validated in one place.

Everything an operator can set lives in the models below. Secrets never live in
the file: the SMTP password is read from the environment variable named by
``smtp.password_env`` (default ``NEWSMON_SMTP_PASSWORD``), and channel URLs name theirs
as ``${ENV_VAR}`` references, expanded only when a message is sent.
"""

from __future__ import annotations

import os
import re
import tomllib
from datetime import time
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)

from newsmon.schedules import Cadence

DEFAULT_CONFIG_PATH = Path("newsmon.toml")
CONFIG_ENV_VAR = "NEWSMON_CONFIG"
DATABASE_URL_ENV_VAR = "NEWSMON_DATABASE_URL"


class ConfigError(Exception):
    """A configuration problem, worded for the operator (one line per problem)."""


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("not a URL (expected http:// or https://)")
    return value


def _regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"not a valid regular expression: {exc}") from None
    return value


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {value!r} (use an IANA name such as Asia/Ho_Chi_Minh)"
        ) from None
    return value


def _domain(value: str) -> str:
    # host or host:port; the port form matters for sites served on loopback.
    if "/" in value or not re.fullmatch(r"[A-Za-z0-9.-]+(:\d{1,5})?", value):
        raise ValueError("not a domain (expected e.g. thoidai.com.vn or 127.0.0.1:8080)")
    return value.lower()


ENV_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
"""``${NAME}`` in a channel URL: replaced by the environment variable NAME at send time."""


def _channel_url(value: str) -> str:
    """An Apprise URL whose secrets are ``${NAME}`` references, never literal values."""
    value = value.strip()
    if "://" not in value:
        raise ValueError("not an Apprise URL (expected e.g. ntfy://${NTFY_TOKEN}@host/topic)")
    probe = ENV_REFERENCE.sub("placeholder", value)
    parts = urlsplit(probe)
    literal = urlsplit(value)
    if (literal.password and not ENV_REFERENCE.fullmatch(literal.password)) or re.search(
        r"(?<![A-Za-z0-9])tk_[A-Za-z0-9]", value
    ):
        raise ValueError(
            "a secret written into the URL: put it in an environment variable and write "
            "${NAME} in its place (the config file must hold no secrets)"
        )
    import apprise  # local: only configs with channels pay for it

    if not parts.scheme or apprise.Apprise.instantiate(probe, suppress_exceptions=True) is None:
        raise ValueError(f"not a URL Apprise can send to (scheme {parts.scheme!r})")
    return value


def _schedule(value: str) -> str:
    from newsmon.schedules import parse_schedule  # local: keeps import of config cheap

    parse_schedule(value)
    return value


HttpUrl = Annotated[str, AfterValidator(_http_url)]
Regex = Annotated[str, AfterValidator(_regex)]
TimeZoneName = Annotated[str, AfterValidator(_timezone)]
Domain = Annotated[str, AfterValidator(_domain)]
Schedule = Annotated[str, AfterValidator(_schedule)]
ChannelUrl = Annotated[str, AfterValidator(_channel_url)]
Language = Annotated[str, Field(pattern=r"^[a-z]{2}$")]


class _Strict(BaseModel):
    # Unknown keys are errors: a typo must not silently fall back to a default.
    model_config = ConfigDict(extra="forbid", frozen=True)


class DatabaseConfig(_Strict):
    url: str = "sqlite:///data/newsmon.db"

    @field_validator("url")
    @classmethod
    def _known_backend(cls, value: str) -> str:
        if not value.startswith(("sqlite://", "postgresql://", "postgresql+psycopg://")):
            raise ValueError("expected a sqlite:/// or postgresql:// URL")
        return value


class CrawlConfig(_Strict):
    user_agent: str = "newsmon/0.1 (+https://github.com/newsmon/newsmon)"
    obey_robots: bool = True
    concurrency_per_domain: int = Field(4, ge=1, le=64)
    concurrency_total: int = Field(16, ge=1, le=512)
    download_delay: float = Field(0.25, ge=0, le=60)
    download_timeout: float = Field(30, gt=0, le=600)
    retries: int = Field(2, ge=0, le=10)
    max_page_bytes: int = Field(5_000_000, ge=10_000)
    depth_limit: int = Field(3, ge=0, le=20)
    max_listing_pages: int = Field(5, ge=1, le=1000)
    max_requests_per_source: int = Field(5000, ge=1)
    follow_article_links: bool = False
    """Also follow links found on article pages (related stories), not only on listings."""
    max_crawl_delay: float = Field(60, ge=0, le=3600)
    """Longest robots.txt Crawl-delay obeyed, seconds (Crawl-delay: 1000000000 would stall)."""
    max_retry_after: float = Field(120, ge=0, le=3600)
    """Longest Retry-After waited for; a longer one gives the URL up for this crawl."""
    extract_workers: int = Field(0, ge=0, le=64)
    max_article_age_days: int | None = Field(None, ge=1)
    http_cache: bool = False

    @property
    def effective_extract_workers(self) -> int:
        """0 means one worker per core: extraction is the CPU-bound part of a crawl."""
        return self.extract_workers or max(1, os.cpu_count() or 1)


class SourceConfig(_Strict):
    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    start_urls: list[HttpUrl] = []
    feeds: list[HttpUrl] = []
    sitemaps: list[HttpUrl] = []
    allowed_domains: list[Domain] = []
    article_url_pattern: Regex | None = None
    exclude_url_pattern: Regex | None = None
    language: Language | None = None
    timezone: TimeZoneName = "UTC"
    schedule: Schedule = "every 30 minutes"
    jitter: float | None = Field(
        None,
        ge=0,
        description="random delay added to each run, seconds (default: 5% of interval, max 60)",
    )
    enabled: bool = True

    @model_validator(mode="after")
    def _has_entry_point(self) -> SourceConfig:
        if not (self.start_urls or self.feeds or self.sitemaps):
            raise ValueError("needs at least one of start_urls, feeds or sitemaps")
        return self

    @property
    def domains(self) -> list[str]:
        """Allowed domains, defaulting to the hosts of the configured entry points."""
        if self.allowed_domains:
            return list(self.allowed_domains)
        hosts = []
        for url in (*self.start_urls, *self.feeds, *self.sitemaps):
            netloc = urlsplit(url).netloc.lower()
            if netloc not in hosts:
                hosts.append(netloc)
        return hosts


class DaemonConfig(_Strict):
    """``newsmon run``: how many crawls at once, how long they may take, where it listens."""

    max_concurrent_crawls: int = Field(0, ge=0, le=64)
    crawl_deadline: float = Field(1800, gt=0, description="seconds before a crawl is stopped")
    shutdown_grace: float = Field(30, gt=0, description="seconds crawls get to finish on stop")
    http_host: str = "127.0.0.1"
    http_port: int = Field(8787, ge=0, le=65535, description="0 turns the HTTP endpoint off")
    backoff_base: float = Field(60, gt=0, description="first wait after a failed crawl, seconds")
    backoff_max: float = Field(6 * 3600, gt=0)
    heartbeat_interval: float = Field(10, gt=0)
    health_drift_threshold: float = Field(0.3, gt=0, le=1)

    @property
    def effective_max_crawls(self) -> int:
        return self.max_concurrent_crawls or max(1, os.cpu_count() or 1)


class ScrapydNodeConfig(_Strict):
    """One Scrapyd node: where its JSON API answers and how many crawls it runs at once."""

    url: HttpUrl
    name: str | None = Field(None, pattern=r"^[A-Za-z0-9_.:-]+$", description="default: host:port")
    slots: int = Field(1, ge=1, le=64, description="crawls at once (Scrapyd's max_proc)")

    @property
    def label(self) -> str:
        return self.name or urlsplit(self.url).netloc


class ClusterConfig(_Strict):
    """``[cluster]``: crawls run on Scrapyd nodes; the archive (PostgreSQL) coordinates.

    Secrets stay out of the file and out of job arguments: the HTTP basic-auth
    password of the nodes is read from ``password_env``; each node reads the
    database URL from the config file at ``node_config`` (or from its own
    ``$NEWSMON_DATABASE_URL``).
    """

    nodes: list[ScrapydNodeConfig] = Field(min_length=1)
    project: str = Field("newsmon", pattern=r"^[A-Za-z0-9_.-]+$")
    spider: str = "newsmon-node"
    node_config: str | None = Field(
        None, description="config path as the nodes see it; default: the daemon's own path"
    )
    username: str | None = None
    password_env: str = Field("NEWSMON_SCRAPYD_PASSWORD", pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    poll_interval: float = Field(2.0, gt=0, description="seconds between listjobs.json polls")
    request_timeout: float = Field(5.0, gt=0, description="seconds a node has to answer")
    node_timeout: float = Field(
        15.0, gt=0, description="seconds a node may not answer before its crawls count as lost"
    )
    max_dispatches: int = Field(3, ge=1, le=10, description="nodes one due crawl may be tried on")
    takeover_poll: float = Field(
        2.0, gt=0, description="seconds between a standby's tries to become the leader"
    )

    @model_validator(mode="after")
    def _unique_nodes(self) -> ClusterConfig:
        labels = [n.label for n in self.nodes]
        for label in labels:
            if labels.count(label) > 1:
                raise ValueError(f"nodes: {label!r} is listed twice")
        return self

    @property
    def password(self) -> SecretStr | None:
        value = os.environ.get(self.password_env)
        return SecretStr(value) if value else None

    @property
    def total_slots(self) -> int:
        return sum(n.slots for n in self.nodes)


class TopicConfig(_Strict):
    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    query: str = Field(min_length=1)
    description: str = ""

    @model_validator(mode="after")
    def _rule_parses(self) -> TopicConfig:
        # Local import: only configs with topics pay for the grammar.
        from newsmon.query.rules import RuleSyntaxError, parse_rule

        try:
            parse_rule(self.query)
        except RuleSyntaxError as exc:
            raise ValueError(f"query of topic {self.name!r}: {exc}") from None
        return self


class SubscriberConfig(_Strict):
    """A digest recipient: an e-mail address, Apprise channels, or both.

    Without an e-mail address the ``name`` identifies the subscriber (CLI, status).
    """

    email: str | None = Field(None, pattern=r"^[^@\s]+@[^@\s]+$")
    name: str = ""
    channels: list[ChannelUrl] = []
    """Apprise URLs (ntfy://, json://, slack://, matrix://, …); secrets as ``${ENV_VAR}``."""
    topics: list[str] = Field(min_length=1)
    cadence: Cadence = Cadence.daily
    send_time: time = time(8, 0)
    timezone: TimeZoneName = "UTC"
    language: Literal["vi", "de", "en"] = "en"

    @field_validator("name")
    @classmethod
    def _single_line(cls, value: str) -> str:
        # Names end up in mail headers: a line break there would be header injection.
        if "\r" in value or "\n" in value:
            raise ValueError("must be a single line")
        return value

    @model_validator(mode="after")
    def _reachable(self) -> SubscriberConfig:
        if not self.email and not self.channels:
            raise ValueError("needs an email address, channels, or both")
        if not self.email and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", self.name):
            raise ValueError(
                "a subscriber without email needs a name (letters, digits, . _ -) to be known by"
            )
        return self

    @property
    def handle(self) -> str:
        """How the subscriber is named in the archive and on the command line."""
        return self.email.lower() if self.email else self.name


class SmtpConfig(_Strict):
    transport: Literal["smtp", "file"] = "smtp"
    host: str = "localhost"
    port: int = Field(25, ge=1, le=65535)
    security: Literal["none", "starttls", "ssl"] = "none"
    username: str | None = None
    password_env: str = "NEWSMON_SMTP_PASSWORD"
    ca_file: str | None = None
    """PEM bundle to trust for ssl/starttls besides the system's (a private mail relay)."""
    from_address: str = Field("newsmon@localhost", pattern=r"^[^@\s]+@[^@\s]+$")
    outbox_dir: str = "data/outbox"
    timeout: float = Field(30, gt=0, le=600)
    """Seconds a mail server may take to answer any one step (connect, each command)."""

    @property
    def password(self) -> SecretStr | None:
        value = os.environ.get(self.password_env)
        return SecretStr(value) if value else None


class AlertsConfig(_Strict):
    """Digests: where unsubscribe links point, and what an empty period sends."""

    public_url: HttpUrl | None = None
    """Base URL subscribers reach the daemon's /unsubscribe at (default: its local address)."""
    send_empty: bool = False
    backfill_days: int = Field(7, ge=0, le=365)
    """A new subscriber also gets stories first seen this many days before joining."""
    weekly_day: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"] = "mon"
    unsubscribe_link_days: int = Field(365, ge=1, le=3650)
    """How long the unsubscribe link in a digest works."""
    cycle_interval: float = Field(60, gt=0, le=3600)
    """Seconds between the daemon's alerts cycles (besides the one after each crawl)."""


class SpikesConfig(_Strict):
    """Coverage spikes: a period with far more matching stories than the recent baseline.

    A period is a spike when it has at least ``min_count`` stories and its robust
    z-score against the previous ``baseline`` periods reaches ``threshold``:
    (count - median) / max(1.4826 * MAD, sqrt(median), 1).
    """

    enabled: bool = True
    notify: bool = True
    """Send a notice to the topic's subscribers (email and channels) once per spike."""
    period: Literal["day", "week"] = "day"
    baseline: int = Field(14, ge=3, le=365, description="previous periods forming the baseline")
    min_history: int = Field(7, ge=3, le=365, description="periods of history needed to judge")
    threshold: float = Field(3.5, gt=0, le=100, description="robust z-score that makes a spike")
    min_count: int = Field(5, ge=1, description="fewer stories than this are never a spike")
    split: list[Literal["source", "language"]] = []
    """Also detect per source and/or per language (besides the topic as a whole)."""


class DedupConfig(_Strict):
    """Story clustering (stories.neardup); changes take effect with `newsmon dedup --rebuild`."""

    shingle_words: int = Field(4, ge=1, le=12, description="words per shingle")
    num_perm: int = Field(64, ge=16, le=512, description="MinHash permutations")
    bands: int = Field(16, ge=1, le=512, description="LSH bands (num_perm must divide evenly)")
    anchor_modulus: int = Field(16, ge=1, le=1024, description="1 in N shingles is an anchor")
    min_anchor_hits: int = Field(3, ge=1)
    jaccard: float = Field(0.45, gt=0, le=1, description="resemblance that makes a duplicate")
    containment: float = Field(0.8, gt=0, le=1, description="share of the shorter text contained")
    min_shingles: int = Field(25, ge=1)
    min_containment_shingles: int = Field(40, ge=1)
    window_days: float = Field(14.0, gt=0, description="compare stories published this close")
    max_candidates: int = Field(8, ge=1, le=100)
    link_window_days: float = Field(3.0, gt=0, description="cross-language: publication gap")
    link_threshold: float = Field(0.5, gt=0, description="cross-language: score to link")

    @model_validator(mode="after")
    def _bands_divide(self) -> DedupConfig:
        if self.num_perm % self.bands:
            raise ValueError("dedup.bands must divide dedup.num_perm")
        return self


class WebConfig(_Strict):
    """``newsmon serve``: the web UI and JSON API (read-only unless an admin token is set)."""

    host: str = "127.0.0.1"
    port: int = Field(8080, ge=1, le=65535)
    admin_token_env: str = Field("NEWSMON_ADMIN_TOKEN", pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    """Environment variable holding the admin token; unset or empty keeps admin endpoints off."""
    page_size: int = Field(20, ge=1, le=200)

    @property
    def admin_token(self) -> SecretStr | None:
        value = os.environ.get(self.admin_token_env)
        return SecretStr(value) if value else None


class NewsmonConfig(_Strict):
    database: DatabaseConfig = DatabaseConfig()
    crawl: CrawlConfig = CrawlConfig()
    daemon: DaemonConfig = DaemonConfig()
    sources: list[SourceConfig] = []
    topics: list[TopicConfig] = []
    subscribers: list[SubscriberConfig] = []
    smtp: SmtpConfig = SmtpConfig()
    alerts: AlertsConfig = AlertsConfig()
    spikes: SpikesConfig = SpikesConfig()
    dedup: DedupConfig = DedupConfig()
    web: WebConfig = WebConfig()
    cluster: ClusterConfig | None = None

    @model_validator(mode="after")
    def _cross_references(self) -> NewsmonConfig:
        names = [s.name for s in self.sources]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"sources: duplicate name {duplicates[0]!r}")
        topic_names = {t.name for t in self.topics}
        for i, sub in enumerate(self.subscribers):
            for j, topic in enumerate(sub.topics):
                if topic not in topic_names:
                    raise ValueError(f"subscribers[{i}].topics[{j}]: unknown topic {topic!r}")
        handles = [sub.handle for sub in self.subscribers]
        for handle in handles:
            if handles.count(handle) > 1:
                raise ValueError(f"subscribers: {handle!r} is listed twice")
        return self

    def source(self, name: str) -> SourceConfig:
        for source in self.sources:
            if source.name == name:
                return source
        known = ", ".join(s.name for s in self.sources) or "none configured"
        raise ConfigError(f"unknown source {name!r} (known: {known})")


def _format_location(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif not text:
            text = str(part)
        elif str(part).startswith(("function-after", "function-before")):
            continue  # pydantic's validator wrapper names are noise for operators
        else:
            text += f".{part}"
    return text


def _format_errors(error: ValidationError) -> list[str]:
    lines = []
    for item in error.errors():
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = "unknown key"
        location = _format_location(tuple(p for p in item["loc"] if p not in ("str",)))
        lines.append(f"{location}: {message}" if location else message)
    return lines


def parse_config(data: dict[str, Any], origin: str = "config") -> NewsmonConfig:
    """Validate an already-parsed TOML document."""
    try:
        config = NewsmonConfig.model_validate(data)
    except ValidationError as exc:
        lines = _format_errors(exc)
        raise ConfigError("\n".join(f"{origin}: {line}" for line in lines)) from None
    env_url = os.environ.get(DATABASE_URL_ENV_VAR)
    if env_url:
        try:
            database = DatabaseConfig(url=env_url)
        except ValidationError as exc:
            problem = exc.errors()[0]["msg"].removeprefix("Value error, ")
            raise ConfigError(f"${DATABASE_URL_ENV_VAR}: {problem}") from None
        config = config.model_copy(update={"database": database})
    if config.cluster is not None and not config.database.url.startswith("postgresql"):
        raise ConfigError(
            f"{origin}: cluster: needs a PostgreSQL [database] url (nodes and standby "
            "daemons share the archive; SQLite is one machine's file)"
        )
    return config


def resolve_config_path(path: Path | None) -> Path:
    if path is not None:
        return path
    env = os.environ.get(CONFIG_ENV_VAR)
    return Path(env) if env else DEFAULT_CONFIG_PATH


def load_config(path: Path | None = None) -> NewsmonConfig:
    """Read and validate the config file (``--config``, ``$NEWSMON_CONFIG``, ``./newsmon.toml``)."""
    path = resolve_config_path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(
            f"{path}: config file not found (create one with `newsmon init`)"
        ) from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config file: {exc.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: config file is not UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: nested too deeply") from None
    return parse_config(data, origin=str(path))
