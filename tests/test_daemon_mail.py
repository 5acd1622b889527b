"""Subscribers get their mail from `newsmon run` alone: no `match`, no `digest send`.

The daemon crawls the fixture world on loopback and mails a real SMTP server
(aiosmtpd). Every story about learning cities reaches every subscriber exactly
once: the first crawl's, later articles', across a clean restart and across a
`kill -9` of the daemon caught in the middle of sending.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import time
import urllib.request
from collections import Counter
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from fixtureworld import FixtureWorld
from fixtureworld.model import Article, de, uk, vn
from newsmon.alerts.models import Digest
from newsmon.config import load_config
from newsmon.scheduler.http import daemon_app
from newsmon.scheduler.supervisor import Supervisor
from newsmon.storage.db import open_archive
from newsmon.stories.identity import normalize_url
from tests.conftest import run_newsmon
from tests.daemonkit import daemon_config, runs, start_daemon, wait_until
from tests.smtpkit import SmtpServer, free_port

pytestmark = pytest.mark.slow

SUBSCRIBERS = ("ana@example.org", "ben@example.org")

MAIL = "\n".join(
    [
        *(
            f'[[subscribers]]\nemail = "{email}"\ntopics = ["learning-city"]\n'
            f'cadence = "immediate"\nlanguage = "{language}"\n'
            for email, language in zip(SUBSCRIBERS, ("vi", "de"), strict=True)
        ),
        "[smtp]",
        'host = "127.0.0.1"',
        "port = {port}",
        'from_address = "digest@newsmon.test"',
        "",
    ]
)

FRESH = {
    "vi": (
        "thoidai",
        Article(
            key="vi-da-lat-hoc-tap",
            section="giao-duc",
            path="/da-lat-khoi-dong-de-an-thanh-pho-hoc-tap-123901.html",
            title="Đà Lạt khởi động đề án thành phố học tập",
            lead="Thành phố Đà Lạt chính thức khởi động đề án xây dựng thành phố học tập.",
            body=(
                "Ủy ban nhân dân thành phố Đà Lạt đã phê duyệt đề án xây dựng thành phố học "
                "tập giai đoạn 2026 đến 2030, với mạng lưới thư viện phường và trung tâm học "
                "tập cộng đồng mở cửa buổi tối.\n\nTheo kế hoạch, các trường đại học trên địa "
                "bàn sẽ mở lớp kỹ năng số miễn phí cho người cao tuổi và nông dân trồng hoa."
            ),
            authors=["Trần Minh Khoa"],
            published=vn(2025, 11, 27, 9, 10),
            learning_city=True,
        ),
    ),
    "de": (
        "rheinblatt",
        Article(
            key="de-siegburg-lernstadt",
            section="lokales",
            path="/lokales/artikel/4301",
            title="Siegburg startet Netzwerk Lernstadt",
            lead="Bibliotheken, Volkshochschule und Vereine planen ein gemeinsames Programm.",
            body=(
                "Die Stadt Siegburg will Lernstadt werden: Bibliotheken, Volkshochschule und "
                "Sportvereine stellen im Frühjahr ein gemeinsames Kursprogramm für alle "
                "Altersgruppen vor.\n\nDer Rat bewilligte dafür zwei neue Stellen in der "
                "Verwaltung und einen Zuschuss für Abendkurse in den Stadtteilen."
            ),
            authors=["Mara Velten"],
            published=de(2025, 11, 27, 11, 0),
            learning_city=True,
        ),
    ),
    "en": (
        "harbourtimes",
        Article(
            key="en-cork-learning-festival",
            section="news",
            path="/news/2025/11/27/cork-plans-learning-city-festival-for-spring/",
            title="Cork plans learning city festival for spring",
            lead="The council wants every neighbourhood to host a free class.",
            body=(
                "Cork, a member of the UNESCO network since 2015, will hold its next learning "
                "city festival in April, with free classes in libraries, pubs and parks.\n\n"
                "Organisers expect more than three hundred events, from beekeeping to coding "
                "for pensioners, spread over a long weekend."
            ),
            authors=["Niamh Walsh"],
            published=uk(2025, 11, 27, 16, 30),
            learning_city=True,
        ),
    ),
}

NOT_MATCHING = Article(
    key="en-harbour-ferry-timetable",
    section="news",
    path="/news/2025/11/27/new-ferry-timetable-for-the-winter/",
    title="New ferry timetable for the winter",
    lead="Crossings to the island will run every ninety minutes from December.",
    body=(
        "The harbour authority published a reduced winter timetable for the island ferry, "
        "with crossings every ninety minutes from the first of December.\n\nFreight bookings "
        "move to a separate morning sailing so that commuters are not delayed."
    ),
    authors=["Owen Pike"],
    published=uk(2025, 11, 27, 8, 0),
)


def digest_urls(message: EmailMessage) -> list[str]:
    """The URL of each story entry in a digest's text part, in order."""
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    urls, in_entry = [], False
    for line in text.splitlines():
        if line.startswith("* "):
            in_entry = True
        elif in_entry and line.strip().startswith("http"):
            urls.append(normalize_url(line.strip()))
            in_entry = False
    return urls


def mailed(smtp: SmtpServer, world: FixtureWorld, recipient: str) -> Counter[str]:
    """How many times each story (by fixture key) reached ``recipient``."""
    keys = {normalize_url(url): key for url, key in world.truth.url_to_key().items()}
    return Counter(
        keys.get(url, url) for m in smtp.inbox.messages(recipient) for url in digest_urls(m)
    )


def everyone_has(smtp: SmtpServer, world: FixtureWorld, keys: set[str]) -> bool:
    return all(keys <= set(mailed(smtp, world, r)) for r in SUBSCRIBERS)


def stop(daemon: subprocess.Popen[bytes], log: Path) -> None:
    daemon.send_signal(signal.SIGTERM)
    assert daemon.wait(timeout=60) == 0, log.read_text()[-3000:]


def test_the_daemon_alone_mails_every_matching_story_exactly_once(
    tmp_path: Path, smtp: SmtpServer
) -> None:
    with FixtureWorld() as world:
        config, database = daemon_config(
            world,
            tmp_path,
            schedule="every 3 seconds",
            grace=10,
            mail=MAIL.format(port=smtp.port),
            alerts_interval=1,
        )
        engine = open_archive(database)
        log = tmp_path / "daemon.log"
        expected = set(world.truth.learning_city_keys)
        assert {k[:2] for k in expected} == {"vi", "de", "en"}  # matching stories in each language

        # 1. The first crawls: every matching story, and nothing else.
        daemon = start_daemon(config, log)
        try:
            wait_until(lambda: everyone_has(smtp, world, expected), 180, "the first digests")
            # 2. New articles published while the daemon runs reach a later mail.
            world.add_article(*FRESH["vi"])
            world.add_article("harbourtimes", NOT_MATCHING)
            expected.add(FRESH["vi"][1].key)
            wait_until(lambda: everyone_has(smtp, world, expected), 120, "the new article")
        finally:
            stop(daemon, log)

        # 3. A restart re-reads the outbox and the archive: nothing is sent again.
        world.add_article(*FRESH["de"])
        expected.add(FRESH["de"][1].key)
        daemon = start_daemon(config, log)
        try:
            wait_until(lambda: everyone_has(smtp, world, expected), 120, "the article, restarted")
            # 4. kill -9 while the daemon is in the middle of sending a digest.
            smtp.inbox.stall_next = True
            world.add_article(*FRESH["en"])
            wait_until(smtp.inbox.stalled.is_set, 120, "a digest caught mid-send")
        finally:
            os.kill(daemon.pid, signal.SIGKILL)
            daemon.wait(timeout=10)
        smtp.inbox.released.set()
        expected.add(FRESH["en"][1].key)

        daemon = start_daemon(config, log)
        try:
            wait_until(lambda: everyone_has(smtp, world, expected), 120, "the digest cut short")
            status = run_newsmon("status", "--json", config=config)
        finally:
            stop(daemon, log)
        received = {recipient: mailed(smtp, world, recipient) for recipient in SUBSCRIBERS}

    for recipient, counts in received.items():
        assert set(counts) == expected, recipient  # every matching story, nothing else
        twice = {key: n for key, n in counts.items() if n > 1}
        assert not twice, f"{recipient} got stories more than once: {twice}"
    with Session(engine) as session:
        digests = session.exec(select(Digest)).all()
    assert {d.status for d in digests} == {"sent"}
    assert len(smtp.inbox.received) == len(digests)  # each digest delivered once
    report = json.loads(status.stdout)
    assert report["alerts"]["outcome"] == "ok"
    assert report["mail"]["pending"] == 0 and report["mail"]["sent"] == len(digests)
    assert "Traceback" not in log.read_text()
    engine.dispose()


def status_json(config: Path) -> dict[str, Any]:
    return json.loads(run_newsmon("status", "--json", config=config).stdout)


def metric(metrics: str, name: str) -> float:
    for line in metrics.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    raise AssertionError(f"{name} not in /metrics")


def test_mail_server_down_never_stops_crawling_and_shows_in_status_and_metrics(
    tmp_path: Path,
) -> None:
    dead_port = free_port()  # nothing listens here
    with FixtureWorld() as world:
        config, database = daemon_config(
            world,
            tmp_path,
            schedule="every 3 seconds",
            grace=10,
            mail=MAIL.format(port=dead_port),
            alerts_interval=1,
        )
        port = int(config.read_text().split("http_port = ")[1].split()[0])
        log = tmp_path / "daemon.log"
        daemon = start_daemon(config, log)
        try:
            engine = open_archive(database)

            def mail_failing() -> bool:
                return status_json(config)["alerts"]["outcome"] == "degraded"

            wait_until(mail_failing, 120, "the alerts cycle reporting undeliverable mail")
            wait_until(
                lambda: all(
                    s["last_finished_run"] and s["last_finished_run"]["outcome"] == "ok"
                    for s in status_json(config)["sources"]
                ),
                120,
                "crawls finishing while mail fails",
            )
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
                metrics = r.read().decode()
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                health = r.read().decode()
            text = run_newsmon("status", config=config).stdout
        finally:
            stop(daemon, log)
    mail = status_json(config)["mail"]
    # one digest or more per subscriber, none delivered, none lost
    assert mail["pending"] >= 2 and mail["sent"] == 0 and mail["failed"] == 0
    assert "Connection refused" in mail["last_error"]
    assert metric(metrics, "newsmon_mail_pending") >= 2
    assert metric(metrics, "newsmon_mail_sent_total") == 0
    assert metric(metrics, "newsmon_mail_delivery_errors_total") >= 2
    assert metric(metrics, "newsmon_alerts_last_cycle_ok") == 0
    assert json.loads(health)["alerts"]["outcome"] == "degraded"
    assert "mail: 0 sent," in text and "retrying" in text and "Connection refused" in text
    with Session(engine) as session:
        assert {d.status for d in session.exec(select(Digest)).all()} == {"pending"}
    engine.dispose()


def test_status_tells_a_script_when_a_crawl_started_after_t_has_finished(
    tmp_path: Path,
) -> None:
    with FixtureWorld() as world:
        config, _database = daemon_config(world, tmp_path, schedule="every 3 seconds", grace=10)
        log = tmp_path / "daemon.log"
        daemon = start_daemon(config, log)
        seen: list[dict[str, Any]] = []
        try:
            t = datetime.now().astimezone()

            def finished_after_t() -> bool:
                seen[:] = status_json(config)["sources"]
                return all(
                    s["last_finished_run"] is not None
                    and datetime.fromisoformat(s["last_finished_run"]["started"]) > t
                    for s in seen
                )

            wait_until(finished_after_t, 120, "a crawl of each source started after T")
        finally:
            stop(daemon, log)
    for source in seen:
        run = source["last_finished_run"]
        assert run["state"] == "finished" and run["outcome"] == "ok", source
        assert run["finished"] >= run["started"]
        assert source["run_state"] in ("running", "finished")
    # the daemon's stop interrupted what was running: recorded as such, not as a failure
    for source in status_json(config)["sources"]:
        assert source["run_state"] in ("finished", "interrupted"), source
        assert source["failure_streak"] == 0, source


class FakeClock:
    """The daemon's clock for digests, moved by the test instead of waiting for it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


async def alerts_cycles(supervisor: Supervisor, count: int, timeout: float = 30) -> None:
    """Wait until the daemon has finished ``count`` more alerts cycles."""
    loop = asyncio.get_running_loop()
    until = loop.time() + timeout
    for _ in range(count):
        before = supervisor.alerts.last if supervisor.alerts else None
        while supervisor.alerts is None or supervisor.alerts.last is before:
            assert loop.time() < until, "the daemon stopped running alerts cycles"
            await asyncio.sleep(0.05)


def test_a_daily_subscriber_gets_one_digest_at_the_send_time(
    tmp_path: Path, smtp: SmtpServer
) -> None:
    hanoi = ZoneInfo("Asia/Ho_Chi_Minh")
    start = datetime.now(hanoi).replace(second=0, microsecond=0)
    send_at = start + timedelta(hours=3)
    mail = (
        '[[subscribers]]\nemail = "dao@example.org"\ntopics = ["learning-city"]\n'
        f'cadence = "daily"\nsend_time = "{send_at:%H:%M}"\ntimezone = "Asia/Ho_Chi_Minh"\n\n'
        f'[smtp]\nhost = "127.0.0.1"\nport = {smtp.port}\nfrom_address = "digest@newsmon.test"\n'
    )
    with FixtureWorld() as world:
        config_path, database = daemon_config(
            world, tmp_path, schedule="every 1 hour", grace=10, mail=mail, alerts_interval=0.2
        )
        expected = set(world.truth.learning_city_keys)
        clock = FakeClock(start.astimezone(UTC))
        supervisor = Supervisor(load_config(config_path), config_path, clock=clock)
        engine = open_archive(database)

        def inbox() -> list[Counter[str]]:
            return [Counter(digest_urls(m)) for m in smtp.inbox.messages("dao@example.org")]

        async def scenario() -> int:
            daemon = asyncio.create_task(supervisor.run())
            try:
                # The first crawl of every source (the schedule's next slot is an hour away).
                while len({r.source for r in runs(engine, status="finished")}) < 3:
                    assert not daemon.done(), daemon
                    await asyncio.sleep(0.2)
                await alerts_cycles(supervisor, 3)
                assert inbox() == []  # matched, but the send time has not come

                clock.now = (send_at - timedelta(minutes=1)).astimezone(UTC)
                await alerts_cycles(supervisor, 3)
                assert inbox() == []

                clock.now = (send_at + timedelta(seconds=20)).astimezone(UTC)
                await alerts_cycles(supervisor, 3)
                assert len(inbox()) == 1  # at the send time: one digest

                clock.now = (send_at + timedelta(minutes=30)).astimezone(UTC)
                await alerts_cycles(supervisor, 3)
                # the next day, with nothing new, nothing more (no empty digests by default)
                clock.now = (send_at + timedelta(days=1, seconds=5)).astimezone(UTC)
                await alerts_cycles(supervisor, 3)
                assert len(inbox()) == 1
            finally:
                supervisor.request_stop()
            return await daemon

        assert asyncio.run(scenario()) == 0
        keys = {normalize_url(u): k for u, k in world.truth.url_to_key().items()}
        (digest,) = inbox()
        assert {keys[url] for url in digest} == expected
        assert set(digest.values()) == {1}
    (message,) = smtp.inbox.messages("dao@example.org")
    sent = parsedate_to_datetime(message["Date"])
    assert abs(sent - send_at) < timedelta(minutes=1)  # dated by the daemon's clock
    engine.dispose()


def test_healthz_calls_a_crawl_stuck_past_its_deadline_degraded(tmp_path: Path) -> None:
    config_path = tmp_path / "newsmon.toml"
    config_path.write_text(
        f'[database]\nurl = "sqlite:///{tmp_path}/archive.db"\n\n'
        '[[sources]]\nname = "stuck"\nstart_urls = ["http://127.0.0.1:9/"]\n\n'
        "[daemon]\ncrawl_deadline = 20\nshutdown_grace = 5\n",
        encoding="utf-8",
    )
    supervisor = Supervisor(load_config(config_path), config_path)
    client = TestClient(daemon_app(supervisor.health, supervisor.metrics.registry))
    assert client.get("/healthz").status_code == 200
    supervisor.crawl_started["stuck"] = time.monotonic() - 90  # deadline 20 + grace 5 + margin
    response = client.get("/healthz")
    assert response.status_code == 503
    report = response.json()
    assert report["status"] == "degraded"
    assert report["problems"][0].startswith("crawl of stuck running for 90 s, past its deadline")
    supervisor.engine.dispose()
