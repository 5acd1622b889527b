"""Chat and push channels (Apprise): each story once per channel, retries, no secret leaks.

Real receivers on loopback: an HTTP server that Apprise's json:// and ntfy://
plugins post to, and aiosmtpd for mail.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from fixtureworld import FixtureWorld
from newsmon.alerts.channels import channel_key, digest_notice, expand, md_link
from newsmon.alerts.models import Delivery, Digest
from newsmon.alerts.service import run_cycle
from newsmon.config import ConfigError, NewsmonConfig, parse_config
from newsmon.storage.db import open_archive
from newsmon.stories.identity import normalize_url
from tests.conftest import run_newsmon
from tests.daemonkit import daemon_config, start_daemon, wait_until
from tests.hookkit import HookServer
from tests.smtpkit import SmtpServer
from tests.test_alerts_delivery import LEARNING_CITY, NOW, STORIES, save
from tests.test_daemon_mail import FRESH, digest_urls, stop

SECRET = "tk_s3cretNtfyToken42"
PASSWORD = "hook-pa$$word/99"
ENV = {"NTFY_TOKEN": SECRET, "HOOK_PASSWORD": PASSWORD}


@pytest.fixture
def hook() -> Iterator[HookServer]:
    server = HookServer().start()
    yield server
    server.stop()


@pytest.fixture
def hook2() -> Iterator[HookServer]:
    server = HookServer().start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def secrets_in_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)


def config(smtp_port: int, database_url: str, *subscribers: dict[str, Any]) -> NewsmonConfig:
    return parse_config(
        {
            "database": {"url": database_url},
            "topics": [
                {"name": "learning-city", "query": LEARNING_CITY},
                {"name": "climate", "query": 'climate OR "global warming"'},
            ],
            "subscribers": list(subscribers),
            "smtp": {"host": "127.0.0.1", "port": smtp_port, "from_address": "d@newsmon.test"},
            "spikes": {"enabled": False},
        }
    )


def titles_in(texts: list[str]) -> Counter[str]:
    """How often each story title was linked in the notices' Markdown."""
    found: Counter[str] = Counter()
    for text in texts:
        for story in STORIES.values():
            title = story.article.title or ""
            found[title] += text.count(md_link(title, "https://x")[:-10])
    return +found


def test_each_story_reaches_each_channel_once(
    archive: Engine, smtp: SmtpServer, hook: HookServer, database_url: str
) -> None:
    port = hook.port
    settings = config(
        smtp.port,
        database_url,
        {
            "email": "alice@example.org",
            "topics": ["learning-city"],
            "cadence": "immediate",
            "channels": [
                f"json://user:${{HOOK_PASSWORD}}@127.0.0.1:{port}/alice",
                f"ntfy://${{NTFY_TOKEN}}@127.0.0.1:{port}/news",
            ],
        },
        {
            "name": "team",
            "topics": ["learning-city", "climate"],
            "cadence": "immediate",
            "channels": [f"json://127.0.0.1:{port}/team"],
        },
    )
    save(archive, "hanoi", "koeln", "ml")
    run_cycle(archive, settings, now=NOW)
    save(archive, "gnlc", "heat")
    run_cycle(archive, settings, now=NOW + timedelta(minutes=1))
    run_cycle(archive, settings, now=NOW + timedelta(minutes=2))  # nothing more

    learning = {"Hà Nội gia nhập mạng lưới", "Köln plant Bildungsoffensive", "Cork joins GNLC"}
    alice_json = [r.text for r in hook.on("/alice")]
    ntfy = hook.on("/news")
    team = [r.text for r in hook.on("/team")]
    assert len(alice_json) == 2 and len(ntfy) == 2 and len(team) == 2
    assert titles_in(alice_json) == dict.fromkeys(learning, 1)
    assert titles_in([r.text for r in ntfy]) == dict.fromkeys(learning, 1)
    assert titles_in(team) == dict.fromkeys([*learning, "Record heat"], 1)
    # The secrets reached the services, taken from the environment at send time.
    assert all(r.headers["Authorization"] == f"Bearer {SECRET}" for r in ntfy)
    assert all("Authorization" in r.headers for r in hook.on("/alice"))
    assert "https://thoidai.vn/hanoi.html" in alice_json[0]  # short text with links
    # Email is one channel among them: the full digest, once per story.
    assert len(smtp.inbox.messages("alice@example.org")) == 2
    with Session(archive) as session:
        deliveries = session.exec(select(Delivery)).all()
        digests = session.exec(select(Digest)).all()
    assert {d.status for d in deliveries} == {"sent"} and len(deliveries) == 6
    assert {d.status for d in digests} == {"sent", "no-mail"}
    for row in deliveries:  # the archive keeps the URL as configured: no secret in it
        assert SECRET not in row.target and PASSWORD not in row.target


def test_a_failing_channel_waits_and_recovers_while_the_others_go_on(
    archive: Engine,
    smtp: SmtpServer,
    hook: HookServer,
    hook2: HookServer,
    database_url: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    broken_url = f"json://user:${{HOOK_PASSWORD}}@127.0.0.1:{hook.port}/down"
    settings = config(
        smtp.port,
        database_url,
        {
            "email": "alice@example.org",
            "topics": ["learning-city"],
            "cadence": "immediate",
            "channels": [broken_url, f"ntfy://${{NTFY_TOKEN}}@127.0.0.1:{hook2.port}/ok"],
        },
    )
    hook.fail_with = 500
    save(archive, "hanoi")
    with caplog.at_level(logging.DEBUG):
        first = run_cycle(archive, settings, now=NOW)
        save(archive, "koeln")
        second = run_cycle(archive, settings, now=NOW + timedelta(seconds=30))
    assert first.channels.sent == 1 and first.channels.retrying == 1
    assert second.channels.sent == 1  # the working channel got the next story at once
    assert len(hook2.on("/ok")) == 2 and len(smtp.inbox.received) == 2
    assert len(hook.refused) == 1  # the broken one was not hammered within its backoff
    with Session(archive) as session:
        waiting = session.exec(
            select(Delivery).where(Delivery.channel == channel_key(broken_url))
        ).all()
    assert [d.status for d in waiting] == ["pending", "pending"]
    error = waiting[0].last_error or ""
    assert "500" in error and "/down" in error
    for text in (error, caplog.text):  # the error names the channel, never its secret
        assert PASSWORD not in text and SECRET not in text
        assert "pa%24%24word" not in text

    hook.fail_with = None  # the service is back; the backoff (1 then 2 minutes) ends
    run_cycle(archive, settings, now=NOW + timedelta(minutes=3))
    run_cycle(archive, settings, now=NOW + timedelta(minutes=10))
    down = [r.text for r in hook.on("/down")]
    assert titles_in(down) == {"Hà Nội gia nhập mạng lưới": 1, "Köln plant Bildungsoffensive": 1}
    assert len(hook2.on("/ok")) == 2 and len(smtp.inbox.received) == 2  # no repeats elsewhere


def test_a_missing_environment_variable_is_retried_and_named(
    archive: Engine, smtp: SmtpServer, hook: HookServer, database_url: str, monkeypatch: Any
) -> None:
    monkeypatch.delenv("NTFY_TOKEN")
    settings = config(
        smtp.port,
        database_url,
        {
            "name": "ops",
            "topics": ["learning-city"],
            "cadence": "immediate",
            "channels": [f"ntfy://${{NTFY_TOKEN}}@127.0.0.1:{hook.port}/ops"],
        },
    )
    save(archive, "hanoi")
    summary = run_cycle(archive, settings, now=NOW)
    assert summary.channels.retrying == 1
    assert summary.channels.last_error == "environment variable NTFY_TOKEN is not set"
    monkeypatch.setenv("NTFY_TOKEN", SECRET)
    run_cycle(archive, settings, now=NOW + timedelta(minutes=2))
    assert len(hook.on("/ops")) == 1


def test_secrets_written_into_a_channel_url_are_refused() -> None:
    base = {"topics": [{"name": "t", "query": "x"}]}
    for url, problem in [
        ("ntfy://tk_abcdef@ntfy.example.org/news", "environment variable"),
        ("json://user:hunter2@hooks.example.org/in", "environment variable"),
        ("nosuchscheme://example.org", "Apprise"),
        ("just text", "Apprise URL"),
    ]:
        sub = {"name": "x", "topics": ["t"], "channels": [url]}
        with pytest.raises(ConfigError, match=problem) as caught:
            parse_config({**base, "subscribers": [sub]})
        assert "hunter2" not in str(caught.value) or "hunter2" in url
    with pytest.raises(ConfigError, match="email address, channels, or both"):
        parse_config({**base, "subscribers": [{"name": "x", "topics": ["t"]}]})
    ok = parse_config(
        {**base, "subscribers": [{"name": "x", "topics": ["t"], "channels": ["ntfy://${T}@h/n"]}]}
    )
    assert ok.subscribers[0].handle == "x"


def test_expansion_percent_encodes_and_collects_the_secrets() -> None:
    url, secrets = expand("json://u:${P}@h/x", {"P": "a/b@c"})
    assert url == "json://u:a%2Fb%40c@h/x"
    assert "a/b@c" in secrets and "a%2Fb%40c" in secrets


def test_chat_notices_escape_crawled_markdown() -> None:
    from newsmon.alerts.render import DigestContent, Entry, Section
    from newsmon.query.snippets import Snippet

    entry = Entry(
        story_id=1,
        title="[click](javascript:alert(1)) *bold*",
        url="javascript:alert(1)",
        source="evil",
        published=None,
        snippet=Snippet("", ()),
        terms=[],
    )
    content = DigestContent("", "", "en", "UTC", ["t"], [Section("t", "", [entry] * 12)], "u")
    notice = digest_notice(content)
    assert "](javascript" not in notice.body and "\\[click\\]" in notice.body
    assert notice.body.count("\n- ") == 10 and notice.body.endswith("… and 2 more")


def test_cli_adds_a_subscriber_with_channels_only(tmp_path: Any) -> None:
    path = tmp_path / "newsmon.toml"
    path.write_text(
        f'[database]\nurl = "sqlite:///{tmp_path}/a.db"\n[[topics]]\nname = "t"\nquery = "x"\n',
        encoding="utf-8",
    )
    added = run_newsmon(
        "subscribers", "add", "--name", "team", "--topic", "t",
        "--channel", "ntfy://${NTFY_TOKEN}@ntfy.example.org/news", config=path,
    )  # fmt: skip
    assert "team: active" in added.stdout and "1 channel(s)" in added.stdout
    listed = run_newsmon("subscribers", "list", config=path)
    assert "ntfy://${NTFY_TOKEN}@ntfy.example.org/news" in listed.stdout
    refused = run_newsmon(
        "subscribers", "add", "--name", "x", "--topic", "t",
        "--channel", "json://u:hunter2@h/x", config=path, check=False,
    )  # fmt: skip
    assert refused.returncode == 2
    assert "environment variable" in refused.stdout + refused.stderr
    paused = run_newsmon("subscribers", "pause", "team", config=path)
    assert "team: paused" in paused.stdout


# -- through the real daemon ------------------------------------------------------------------


def _first_links(texts: list[str]) -> list[str]:
    """The story link of each entry line ("- [title](url) · source") of chat notices."""
    found = []
    for text in texts:
        for line in text.splitlines():
            match = re.match(r"- \[.*?\]\((https?://[^)\s]+)\)", line)
            if match:
                found.append(normalize_url(match.group(1)))
    return found


@pytest.mark.slow
def test_the_daemon_delivers_each_story_once_per_channel_across_a_restart_and_an_outage(
    tmp_path: Path, smtp: SmtpServer, hook: HookServer
) -> None:
    hook.fail_next = 1  # the first notice is refused (503), then the service recovers
    mail = (
        '[[subscribers]]\nemail = "ana@example.org"\ntopics = ["learning-city"]\n'
        'cadence = "immediate"\n'
        f'channels = ["json://user:${{HOOK_PASSWORD}}@127.0.0.1:{hook.port}/chat"]\n'
        '[[subscribers]]\nname = "ops"\ntopics = ["learning-city"]\ncadence = "immediate"\n'
        f'channels = ["ntfy://${{NTFY_TOKEN}}@127.0.0.1:{hook.port}/ops"]\n'
        f'[smtp]\nhost = "127.0.0.1"\nport = {smtp.port}\nfrom_address = "d@newsmon.test"\n'
    )
    with FixtureWorld() as world:
        config, database = daemon_config(
            world, tmp_path, schedule="every 3 seconds", grace=10, mail=mail, alerts_interval=1
        )
        expected = set(world.truth.learning_city_keys)

        def keys() -> dict[str, str]:  # articles added later included
            return {normalize_url(url): key for url, key in world.truth.url_to_key().items()}

        def got(prefix: str) -> Counter[str]:
            known = keys()
            links = _first_links([r.text for r in hook.on(prefix)])
            return Counter(known.get(u, u) for u in links)

        def mailed() -> Counter[str]:
            known = keys()
            return Counter(
                known.get(u, u)
                for m in smtp.inbox.messages("ana@example.org")
                for u in digest_urls(m)
            )

        def everywhere() -> bool:
            return all(expected <= set(c) for c in (got("/chat"), got("/ops"), mailed()))

        log = tmp_path / "daemon.log"
        daemon = start_daemon(config, log, env=ENV)
        try:
            wait_until(lambda: expected <= set(got("/chat")) and expected <= set(mailed()), 180,
                       "the first notices")  # fmt: skip
            assert hook.refused  # that notice waits for its retry
        finally:
            stop(daemon, log)
        world.add_article(*FRESH["de"])
        expected.add(FRESH["de"][1].key)
        daemon = start_daemon(config, log, env=ENV)
        try:  # the retry is due a minute after the refusal
            try:
                wait_until(everywhere, 200, "every story on every channel, after the restart")
            except AssertionError:
                seen = {"chat": got("/chat"), "ops": got("/ops"), "mail": mailed()}
                raise AssertionError(f"expected {sorted(expected)}, got {seen}") from None
            status = run_newsmon("status", "--json", config=config, env=ENV)
        finally:
            stop(daemon, log)
        received = {"chat": got("/chat"), "ops": got("/ops"), "mail": mailed()}

    for channel, counts in received.items():
        assert set(counts) == expected, channel
        assert not {k: n for k, n in counts.items() if n > 1}, f"{channel} got repeats"
    channels = json.loads(status.stdout)["channels"]
    assert channels["pending"] == 0 and channels["failed"] == 0 and channels["sent"] >= 4
    text = log.read_text()
    assert SECRET not in text and PASSWORD not in text and "Traceback" not in text
    engine = open_archive(database)
    with Session(engine) as session:
        rows = session.exec(select(Delivery)).all()
    engine.dispose()
    assert {r.status for r in rows} == {"sent"}
    assert any(r.attempts == 2 for r in rows)  # the refused one, delivered on its retry
