"""Digests reach the right subscribers exactly once, through a real SMTP server on loopback."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from newsmon.alerts.matching import match_pending
from newsmon.alerts.models import Digest, DigestItem, DigestStatus, MatchRecord
from newsmon.alerts.outbox import CLAIM_LEASE, _claim, decide_digests, send_pending
from newsmon.alerts.service import run_cycle
from newsmon.alerts.settings import load_settings
from newsmon.alerts.subscribers import sync_from_config
from newsmon.alerts.transport import SmtpTransport
from newsmon.config import NewsmonConfig, parse_config
from newsmon.extract.model import DateSource, ExtractedArticle
from newsmon.stories.repository import ArticlePage, SaveOutcome, save_article
from tests.conftest import REPO
from tests.smtpkit import SmtpServer

NOW = datetime.now(UTC).replace(microsecond=0)
LEARNING_CITY = (
    '"learning city" OR "learning cities" OR GNLC OR "thanh pho hoc tap" '
    "OR (lernend* NEAR/2 städt*) OR lernstadt*"
)
FILLER = " Die Verwaltung legte dazu einen ausführlichen Bericht mit Zahlen vor." * 3


# -- a small world of stories and subscribers ------------------------------------------------


def config_for(port: int, database_url: str, **subscriber_overrides: Any) -> NewsmonConfig:
    base = {"cadence": "immediate", "timezone": "Asia/Ho_Chi_Minh", **subscriber_overrides}
    return parse_config(
        {
            "database": {"url": database_url},
            "topics": [
                {"name": "learning-city", "query": LEARNING_CITY, "description": "Learning cities"},
                {"name": "climate", "query": 'climate OR "global warming"'},
            ],
            "subscribers": [
                {
                    "email": "alice@example.org",
                    "name": "Alice",
                    "topics": ["learning-city"],
                    "language": "vi",
                    **base,
                },
                {"email": "bob@example.org", "topics": ["climate"], "language": "de", **base},
                {"email": "carol@example.org", "topics": ["learning-city", "climate"], **base},
            ],
            "smtp": {
                "transport": "smtp",
                "host": "127.0.0.1",
                "port": port,
                "from_address": "digest@newsmon.test",
            },
        }
    )


def article(
    url: str,
    title: str,
    text: str,
    *,
    language: str = "en",
    canonical: str | None = None,
    source: str = "daily",
    seen: datetime = NOW - timedelta(hours=1),
) -> ArticlePage:
    return ArticlePage(
        source=source,
        article=ExtractedArticle(
            url=url,
            text=text,
            title=title,
            canonical_url=canonical,
            published=seen - timedelta(hours=1),
            date_source=DateSource.json_ld,
            language=language,
        ),
        seen_at=seen,
    )


STORIES = {
    "hanoi": article(
        "https://thoidai.vn/hanoi.html",
        "Hà Nội gia nhập mạng lưới",
        "Hà Nội trở thành thành viên mạng lưới các thành phố học tập của UNESCO.",
        language="vi",
        source="thoidai",
    ),
    "koeln": article(
        "https://stadt.de/koeln.html",
        "Köln plant Bildungsoffensive",
        "Köln will zu den lernenden Städten gehören." + FILLER,
        language="de",
    ),
    "ml": article(
        "https://daily.com/ml.html",
        "Machine learning in the city",
        "A startup brings machine learning to the city of Leeds.",
    ),
    "heat": article(
        "https://daily.com/heat.html",
        "Record heat",
        "Scientists link the heatwave to global warming.",
    ),
    "gnlc": article(
        "https://daily.com/gnlc.html",
        "Cork joins GNLC",
        "Cork joined the UNESCO network and spoke about climate plans.",
    ),
}


def save(engine: Engine, *names: str) -> dict[str, int]:
    return {name: save_article(engine, STORIES[name]).story_id for name in names}


def titles(messages: list[EmailMessage]) -> list[str]:
    """Story titles in the text parts, in order (every entry line starts with '* ')."""
    found = []
    for message in messages:
        text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        found += [line[2:] for line in text.splitlines() if line.startswith("* ")]
    return found


def cycle(engine: Engine, config: NewsmonConfig, now: datetime = NOW) -> None:
    run_cycle(engine, config, now=now, transport=SmtpTransport(config.smtp, timeout=5))


# -- tests ----------------------------------------------------------------------------------


def test_each_subscriber_gets_exactly_their_matching_stories(
    archive: Engine, smtp: SmtpServer, database_url: str
) -> None:
    config = config_for(smtp.port, database_url)
    save(archive, "hanoi", "koeln", "ml", "heat", "gnlc")
    cycle(archive, config)

    alice = smtp.inbox.messages("alice@example.org")
    bob = smtp.inbox.messages("bob@example.org")
    carol = smtp.inbox.messages("carol@example.org")
    assert len(alice) == len(bob) == len(carol) == 1
    assert sorted(titles(alice)) == [
        "Cork joins GNLC",
        "Hà Nội gia nhập mạng lưới",
        "Köln plant Bildungsoffensive",
    ]
    assert sorted(titles(bob)) == ["Cork joins GNLC", "Record heat"]
    # One entry per story even when it matches two of carol's topics.
    assert sorted(titles(carol)) == [
        "Cork joins GNLC",
        "Hà Nội gia nhập mạng lưới",
        "Köln plant Bildungsoffensive",
        "Record heat",
    ]
    assert all(len(rcpts) == 1 for _, rcpts, _ in smtp.inbox.received)
    assert {sender for sender, _, _ in smtp.inbox.received} == {"digest@newsmon.test"}
    # Digest wording follows the subscriber's language; the highlight is in the HTML part.
    assert "bài mới" in str(alice[0]["Subject"])
    html = alice[0].get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert ">thành phố học tập</strong>" in html
    assert alice[0]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # As the mail client gets it: one unfolded line with the URL in angle brackets
    # (RFC 2369/8058), never RFC 2047 encoded words.
    raw = next(r for _, rcpts, r in smtp.inbox.received if "alice@example.org" in rcpts)
    header = re.search(rb"\r\nList-Unsubscribe: (.*?)\r\n(?=\S)", raw)
    assert header is not None, raw[:2000]
    assert re.fullmatch(rb"<https?://\S+/unsubscribe\?token=\S+>", header.group(1))


def test_rerun_and_recrawl_send_nothing_already_sent(
    archive: Engine, smtp: SmtpServer, database_url: str
) -> None:
    config = config_for(smtp.port, database_url)
    ids = save(archive, "hanoi", "koeln")
    cycle(archive, config)
    assert len(smtp.inbox.messages("alice@example.org")) == 1
    cycle(archive, config, NOW + timedelta(minutes=1))
    assert len(smtp.inbox.received) == 2  # alice and carol, once each

    # Second crawl: an updated text of the Hanoi story at its own URL (same story id), a
    # re-published copy elsewhere pointing at it, and one genuinely new story.
    updated = article(
        "https://thoidai.vn/hanoi.html",
        "Hà Nội gia nhập mạng lưới (cập nhật)",
        "Cập nhật: Hà Nội là thành phố học tập thứ ba của Việt Nam.",
        language="vi",
        source="thoidai",
        seen=NOW + timedelta(minutes=5),
    )
    copy = article(
        "https://mirror.vn/hanoi-copy.html",
        "Hà Nội gia nhập",
        "Bản sao.",
        canonical="https://thoidai.vn/hanoi.html",
        source="mirror",
        seen=NOW + timedelta(minutes=5),
    )
    assert save_article(archive, updated).outcome == SaveOutcome.updated
    assert save_article(archive, updated).story_id == ids["hanoi"]
    assert save_article(archive, copy).story_id == ids["hanoi"]
    save(archive, "gnlc")
    cycle(archive, config, NOW + timedelta(minutes=10))

    alice = titles(smtp.inbox.messages("alice@example.org"))
    assert sorted(alice[:2]) == ["Hà Nội gia nhập mạng lưới", "Köln plant Bildungsoffensive"]
    assert alice[2:] == ["Cork joins GNLC"]  # only the new story; the updated one is not resent
    assert len(smtp.inbox.messages("carol@example.org")) == 2
    with Session(archive) as session:
        record = session.exec(
            select(MatchRecord).where(
                MatchRecord.story_id == ids["hanoi"], MatchRecord.topic == "learning-city"
            )
        ).one()
    assert record.story_version == 2
    assert "thứ ba" in record.snippet  # the match record follows the updated text


def test_smtp_outage_mid_send_delivers_every_digest_exactly_once_later(
    archive: Engine, smtp: SmtpServer, database_url: str
) -> None:
    config = config_for(smtp.port, database_url)
    save(archive, "hanoi", "heat")
    smtp.inbox.accept_limit = 1  # the server takes one message, then starts shutting down
    cycle(archive, config)
    assert len(smtp.inbox.received) == 1
    smtp.stop()
    cycle(archive, config, NOW + timedelta(minutes=30))  # server gone: connection refused
    with Session(archive) as session:
        digests = session.exec(select(Digest).order_by(Digest.id)).all()
    assert [d.status for d in digests].count(DigestStatus.sent) == 1
    assert {d.status for d in digests[1:]} <= {DigestStatus.pending}
    # The refused connection was recorded; the batch then stopped instead of hammering.
    assert "connection" in (digests[1].last_error or "").lower()
    assert digests[1].attempts == 2  # the 421 during the first run, the refusal now

    smtp.inbox.accept_limit = None
    smtp.start()
    cycle(archive, config, NOW + timedelta(hours=2))
    cycle(archive, config, NOW + timedelta(hours=3))
    recipients = sorted(r for _, rcpts, _ in smtp.inbox.received for r in rcpts)
    assert recipients == ["alice@example.org", "bob@example.org", "carol@example.org"]
    assert sorted(titles(smtp.inbox.messages("carol@example.org"))) == [
        "Hà Nội gia nhập mạng lưới",
        "Record heat",
    ]


def test_permanent_rejection_is_not_retried_and_spares_others(
    archive: Engine, smtp: SmtpServer, database_url: str
) -> None:
    config = config_for(smtp.port, database_url)
    save(archive, "hanoi")
    smtp.inbox.refuse_rcpt["alice@example.org"] = "550 5.1.1 no such mailbox"
    cycle(archive, config)
    cycle(archive, config, NOW + timedelta(hours=5))
    assert [r for _, rcpts, _ in smtp.inbox.received for r in rcpts] == ["carol@example.org"]
    with Session(archive) as session:
        failed = session.exec(select(Digest).where(Digest.recipient == "alice@example.org")).one()
    assert failed.status == DigestStatus.failed and "550" in (failed.last_error or "")
    assert failed.attempts == 1


_CRASH_AFTER_DECIDE = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from datetime import datetime
    from newsmon.alerts.matching import match_pending
    from newsmon.alerts.outbox import decide_digests
    from newsmon.alerts.settings import load_settings
    from newsmon.alerts.subscribers import sync_from_config
    from newsmon.config import load_config
    from newsmon.storage.db import open_archive

    config = load_config(Path(sys.argv[1]))
    engine = open_archive(config.database.url)
    now = datetime.fromisoformat(sys.argv[2])
    sync_from_config(engine, config.subscribers, now)
    match_pending(engine, config.topics, now=now)
    decided = decide_digests(engine, load_settings(engine, config), now=now)
    print(len(decided), flush=True)
    os._exit(9)  # dies before sending: no cleanup, no finally blocks
""")


def test_crash_between_decided_and_sent_neither_loses_nor_duplicates(
    archive: Engine, smtp: SmtpServer, database_url: str, tmp_path: Any
) -> None:
    config_file = tmp_path / "newsmon.toml"
    config_file.write_text(
        textwrap.dedent(f"""
        [database]
        url = "{database_url}"
        [[topics]]
        name = "learning-city"
        query = '{LEARNING_CITY}'
        [[topics]]
        name = "climate"
        query = 'climate OR "global warming"'
        [[subscribers]]
        email = "alice@example.org"
        topics = ["learning-city"]
        cadence = "immediate"
        [[subscribers]]
        email = "carol@example.org"
        topics = ["learning-city", "climate"]
        cadence = "immediate"
        [smtp]
        host = "127.0.0.1"
        port = {smtp.port}
    """),
        encoding="utf-8",
    )
    save(archive, "hanoi", "heat")
    child = subprocess.run(
        [sys.executable, "-c", _CRASH_AFTER_DECIDE, str(config_file), NOW.isoformat()],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert child.returncode == 9, child.stderr
    assert child.stdout.strip() == "2"
    assert smtp.inbox.received == []

    from newsmon.config import load_config

    config = load_config(config_file)
    cycle(archive, config, NOW + timedelta(minutes=1))
    cycle(archive, config, NOW + timedelta(minutes=2))
    recipients = sorted(r for _, rcpts, _ in smtp.inbox.received for r in rcpts)
    assert recipients == ["alice@example.org", "carol@example.org"]
    assert sorted(titles(smtp.inbox.messages("carol@example.org"))) == [
        "Hà Nội gia nhập mạng lưới",
        "Record heat",
    ]


def test_a_claimed_digest_is_resent_only_after_its_lease(
    archive: Engine, smtp: SmtpServer, database_url: str
) -> None:
    """A sender that died mid-send leaves a claim; nobody else sends until it expires."""
    config = config_for(smtp.port, database_url)
    save(archive, "heat")
    sync_from_config(archive, config.subscribers, NOW)
    match_pending(archive, config.topics, now=NOW)
    settings = load_settings(archive, config)
    digest_ids = decide_digests(archive, settings, now=NOW)
    assert len(digest_ids) == 2
    assert _claim(archive, digest_ids[0], NOW) is not None  # "crashed" holding this claim
    transport = SmtpTransport(config.smtp, timeout=5)
    send_pending(archive, transport, now=NOW + timedelta(minutes=1))
    assert len(smtp.inbox.received) == 1
    send_pending(archive, transport, now=NOW + CLAIM_LEASE + timedelta(minutes=1))
    assert len(smtp.inbox.received) == 2
    send_pending(archive, transport, now=NOW + timedelta(days=1))
    assert len(smtp.inbox.received) == 2


def test_daily_digest_is_sent_once_per_period_at_the_local_send_time(
    archive: Engine, smtp: SmtpServer, database_url: str
) -> None:
    config = config_for(smtp.port, database_url, cadence="daily", send_time="08:00")
    vn_morning = datetime(2030, 3, 4, 1, 0, tzinfo=UTC)  # 08:00 in Ho Chi Minh City
    for story in ("hanoi", "heat"):
        page = STORIES[story]
        save_article(
            archive, ArticlePage(page.source, page.article, vn_morning - timedelta(hours=30))
        )
    sync_from_config(archive, config.subscribers, vn_morning - timedelta(days=2))
    cycle(archive, config, vn_morning - timedelta(minutes=1))  # 07:59 local, but the
    assert smtp.inbox.received != []  # previous 08:00 is due
    first = len(smtp.inbox.received)
    cycle(archive, config, vn_morning - timedelta(minutes=1))
    cycle(archive, config, vn_morning + timedelta(hours=3))  # new period, nothing new
    assert len(smtp.inbox.received) == first
    with Session(archive) as session:
        keys = session.exec(select(Digest.period_key)).all()
        items = session.exec(select(DigestItem)).all()
    assert set(keys) == {"daily:2030-03-03T08:00:00+07:00"}
    assert len(items) == 4  # alice 1, bob 1, carol 2


def test_digest_lists_the_story_in_other_languages_under_it(
    archive: Engine, smtp: SmtpServer, database_url: str
) -> None:
    config = config_for(smtp.port, database_url)
    original = save_article(archive, STORIES["hanoi"]).story_id
    translation = save_article(
        archive,
        article(
            "https://daily.com/hanoi-joins.html",
            "Hanoi joins the network of learning cities",
            "Hanoi has joined UNESCO's network of learning cities, the city said. "
            "Source: https://thoidai.vn/hanoi.html",
            source="daily",
        ),
    ).story_id
    assert original != translation  # each language version stays its own story
    cycle(archive, config)
    [message] = smtp.inbox.messages("alice@example.org")
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "Bằng ngôn ngữ khác (en): Hanoi joins the network of learning cities" in text
    assert 'href="https://daily.com/hanoi-joins.html"' in html
