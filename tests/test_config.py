"""A broken config is reported as one clear line naming the key; a good one loads."""

from __future__ import annotations

import tomllib
from datetime import timedelta
from importlib import resources
from pathlib import Path

import pytest

from newsmon.config import ConfigError, load_config, parse_config
from newsmon.schedules import CronSchedule, IntervalSchedule, parse_schedule

SOURCE = {"name": "thoidai", "start_urls": ["https://thoidai.com.vn/"]}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"sources": [SOURCE, {**SOURCE, "name": "b"}, {"name": "c", "feeds": ["ftp://x/rss"]}]},
            "sources[2].feeds[0]: not a URL",
        ),
        (
            {"sources": [{**SOURCE, "timezone": "Mars/Olympus"}]},
            "sources[0].timezone: unknown time zone",
        ),
        (
            {"sources": [{**SOURCE, "schedule": "whenever"}]},
            "sources[0].schedule: cannot parse schedule",
        ),
        (
            {"sources": [{**SOURCE, "schedule": "*/15 * * * 9"}]},
            "sources[0].schedule: invalid cron",
        ),
        (
            {"sources": [{**SOURCE, "article_url_pattern": "(["}]},
            "sources[0].article_url_pattern: not a valid regular expression",
        ),
        ({"sources": [{"name": "empty"}]}, "sources[0]: needs at least one of start_urls"),
        (
            {"sources": [{**SOURCE, "allowed_domains": ["https://x.vn/"]}]},
            "sources[0].allowed_domains[0]: not a domain",
        ),
        ({"sources": [SOURCE, SOURCE]}, "sources: duplicate name 'thoidai'"),
        (
            {"crawl": {"depth_limit": -1}},
            "crawl.depth_limit: Input should be greater than or equal to 0",
        ),
        ({"crawl": {"user_agnet": "typo"}}, "crawl.user_agnet: unknown key"),
        (
            {"database": {"url": "mysql://db/x"}},
            "database.url: expected a sqlite:/// or postgresql://",
        ),
        (
            {"subscribers": [{"email": "a@b.org", "topics": ["nope"]}]},
            "subscribers[0].topics[0]: unknown topic 'nope'",
        ),
        (
            {
                "subscribers": [{"email": "a@b.org", "topics": ["t"], "name": "x\r\nBcc: y@z"}],
                "topics": [{"name": "t", "query": "x"}],
            },
            "subscribers[0].name: must be a single line",
        ),
        (
            {"smtp": {"security": "tls"}},
            "smtp.security: Input should be 'none', 'starttls' or 'ssl'",
        ),
    ],
)
def test_errors_name_the_key_and_the_reason(data: dict, message: str) -> None:
    with pytest.raises(ConfigError) as error:
        parse_config(data, origin="newsmon.toml")
    assert str(error.value).startswith(f"newsmon.toml: {message}")
    assert "\n" not in str(error.value)


def test_file_errors_are_clear(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "missing.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("[crawl\nuser_agent = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"broken.toml: invalid TOML"):
        load_config(broken)


def test_starter_config_is_valid_and_monitors_thoidai() -> None:
    text = resources.files("newsmon").joinpath("starter_config.toml").read_text("utf-8")
    config = parse_config(tomllib.loads(text))
    names = [s.name for s in config.sources]
    assert "thoidai" in names
    assert {s.language for s in config.sources} == {"vi", "de", "en"}
    assert config.source("thoidai").domains == ["thoidai.com.vn"]
    assert [t.name for t in config.topics] == ["learning-city"]
    assert config.database.url == "sqlite:///data/newsmon.db"


def test_secrets_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    config = parse_config({"smtp": {"password_env": "MY_SMTP_SECRET"}})
    monkeypatch.delenv("MY_SMTP_SECRET", raising=False)
    assert config.smtp.password is None
    monkeypatch.setenv("MY_SMTP_SECRET", "hunter2")
    assert config.smtp.password is not None
    assert config.smtp.password.get_secret_value() == "hunter2"
    with pytest.raises(ConfigError, match=r"smtp\.password: unknown key"):
        parse_config({"smtp": {"password": "in-file"}})


def test_database_url_can_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSMON_DATABASE_URL", "postgresql://newsmon@db/newsmon")
    assert parse_config({}).database.url == "postgresql://newsmon@db/newsmon"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("every 15 minutes", IntervalSchedule(timedelta(minutes=15))),
        ("every hour", IntervalSchedule(timedelta(hours=1))),
        ("2h", IntervalSchedule(timedelta(hours=2))),
        ("*/15 * * * *", CronSchedule("*/15 * * * *")),
    ],
)
def test_schedules(text: str, expected: object) -> None:
    assert parse_schedule(text) == expected
