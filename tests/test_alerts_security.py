"""Untrusted story text cannot add mail headers or HTML; unsubscribe links cannot be forged."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from itsdangerous import URLSafeSerializer
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from newsmon.alerts.models import Subscriber, SubscriberStatus
from newsmon.alerts.render import DigestContent, Section, build_message
from newsmon.alerts.service import run_cycle
from newsmon.alerts.settings import load_settings
from newsmon.alerts.subscribers import add, make_entry
from newsmon.alerts.transport import FileTransport
from newsmon.alerts.unsubscribe import SALT, handle_unsubscribe
from newsmon.config import NewsmonConfig, parse_config
from newsmon.extract.model import DateSource, ExtractedArticle
from newsmon.stories.repository import ArticlePage, save_article

NOW = datetime.now(UTC).replace(microsecond=0)
EVIL_TITLE = (
    "Learning city\r\nBcc: victim@attacker.test\r\nX-Injected: yes\n<script>alert(1)</script>"
)
EVIL_BODY = "The learning city <script>steal()</script> plan & <b>more</b>."


def config_for(database_url: str, outbox: Path) -> NewsmonConfig:
    return parse_config(
        {
            "database": {"url": database_url},
            "topics": [{"name": "learning-city", "query": '"learning city"'}],
            "subscribers": [
                {"email": f"{who}@example.org", "topics": ["learning-city"], "cadence": "immediate"}
                for who in ("alice", "bob")
            ],
            "smtp": {
                "transport": "file",
                "outbox_dir": str(outbox),
                "from_address": "digest@newsmon.test",
            },
        }
    )


def deliver(engine: Engine, config: NewsmonConfig, now: datetime = NOW) -> list[EmailMessage]:
    run_cycle(engine, config, now=now, transport=FileTransport(config.smtp.outbox_dir))
    return [
        message_from_bytes(p.read_bytes(), policy=default_policy)  # type: ignore[misc]
        for p in sorted(Path(config.smtp.outbox_dir).glob("*.eml"))
    ]


@pytest.fixture
def delivered(
    archive: Engine, database_url: str, tmp_path: Path
) -> tuple[NewsmonConfig, list[EmailMessage]]:
    config = config_for(database_url, tmp_path / "outbox")
    save_article(
        archive,
        ArticlePage(
            source="evil",
            seen_at=NOW - timedelta(hours=1),
            article=ExtractedArticle(
                url="https://evil.test/a",
                title=EVIL_TITLE,
                text=EVIL_BODY,
                published=NOW - timedelta(hours=2),
                date_source=DateSource.meta,
                language="en",
            ),
        ),
    )
    return config, deliver(archive, config)


def test_a_title_with_crlf_and_bcc_cannot_add_headers(
    delivered: tuple[NewsmonConfig, list[EmailMessage]],
) -> None:
    _, messages = delivered
    assert len(messages) == 2
    for message in messages:
        assert message["Bcc"] is None and message["X-Injected"] is None
        assert message.get_all("To") and len(message.get_all("To")) == 1
        assert "attacker" not in str(message["To"])
        text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        assert "* Learning city Bcc: victim@attacker.test X-Injected: yes" in text


def test_recipient_name_with_line_breaks_stays_one_header() -> None:
    content = DigestContent(
        recipient_name="Eve\r\nBcc: victim@attacker.test",
        recipient_email="eve@example.org",
        language="en",
        timezone="UTC",
        topics=["t"],
        sections=[Section("t", "", [])],
        unsubscribe_url="https://n.test/unsubscribe?token=x\r\nBcc: victim@attacker.test",
    )
    raw = build_message(
        content,
        sender="d@n.test",
        sender_name="newsmon\nBcc: x@y.test",
        message_id="<m@n.test>",
        date=NOW,
    ).as_bytes()
    parsed = message_from_bytes(raw, policy=default_policy)
    assert parsed["Bcc"] is None
    assert [str(a.addr_spec) for a in parsed["To"].addresses] == ["eve@example.org"]
    headers = raw.split(b"\r\n\r\n", 1)[0]
    assert b"\nBcc:" not in headers.replace(b"\r\n", b"\n")
    assert b"\r" not in headers.replace(b"\r\n", b"")


def test_script_in_title_and_snippet_is_escaped_in_html(
    delivered: tuple[NewsmonConfig, list[EmailMessage]],
) -> None:
    _, messages = delivered
    html = messages[0].get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "<script>" not in html and "<b>more</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;script&gt;steal()&lt;/script&gt;" in html
    assert '<strong style="background:#fff1a8;color:#1f2328;">learning city</strong>' in html


def _token(message: EmailMessage) -> str:
    url = re.fullmatch(r"<(.+)>", str(message["List-Unsubscribe"]))
    assert url is not None
    return unquote(parse_qs(urlsplit(url.group(1)).query)["token"][0])


def _status(engine: Engine, email: str) -> str:
    with Session(engine) as session:
        return session.exec(select(Subscriber.status).where(Subscriber.email == email)).one()


def test_unsubscribe_get_confirms_post_unsubscribes_only_the_token_owner(
    archive: Engine, delivered: tuple[NewsmonConfig, list[EmailMessage]]
) -> None:
    config, messages = delivered
    secret = load_settings(archive, config).secret
    alice = next(m for m in messages if "alice" in str(m["To"]))
    token = _token(alice)

    status, page = handle_unsubscribe(archive, secret, "GET", token)
    assert status == 200 and '<form method="post"' in page and "alice@example.org" in page
    assert _status(archive, "alice@example.org") == SubscriberStatus.active

    status, page = handle_unsubscribe(archive, secret, "POST", token)
    assert status == 200 and "alice@example.org" in page
    assert _status(archive, "alice@example.org") == SubscriberStatus.unsubscribed
    assert _status(archive, "bob@example.org") == SubscriberStatus.active

    # Alice's token says nothing about bob: swapping in bob's id breaks the signature.
    with Session(archive) as session:
        bob = session.exec(select(Subscriber).where(Subscriber.email == "bob@example.org")).one()
    payload = token.split(".")[0]
    forged_payload = URLSafeSerializer("x", salt=SALT).dumps([bob.id, "guess"]).split(".")[0]
    for bad in (
        token.replace(payload, forged_payload),
        "garbage",
        URLSafeSerializer("not-the-secret", salt=SALT).dumps([bob.id, bob.token_key]),
        token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
    ):
        status, page = handle_unsubscribe(archive, secret, "POST", bad)
        assert status == 400 and "not valid" in page
    assert _status(archive, "bob@example.org") == SubscriberStatus.active
    assert handle_unsubscribe(archive, secret, "DELETE", token)[0] == 405


def test_unsubscribed_subscriber_gets_nothing_more(
    archive: Engine, delivered: tuple[NewsmonConfig, list[EmailMessage]], tmp_path: Path
) -> None:
    config, messages = delivered
    secret = load_settings(archive, config).secret
    alice = next(m for m in messages if "alice" in str(m["To"]))
    assert handle_unsubscribe(archive, secret, "POST", _token(alice))[0] == 200
    save_article(
        archive,
        ArticlePage(
            source="daily",
            seen_at=NOW,
            article=ExtractedArticle(
                url="https://daily.test/b",
                title="Another learning city",
                text="Another learning city joins.",
                language="en",
            ),
        ),
    )
    for path in Path(config.smtp.outbox_dir).glob("*.eml"):
        path.unlink()
    later = deliver(archive, config, NOW + timedelta(minutes=5))
    assert [str(m["To"]) for m in later] == ["bob@example.org"]


def test_unsubscribe_links_expire_and_die_with_their_subscription(
    archive: Engine, delivered: tuple[NewsmonConfig, list[EmailMessage]]
) -> None:
    config, messages = delivered
    secret = load_settings(archive, config).secret
    alice = next(m for m in messages if "alice" in str(m["To"]))
    token = _token(alice)
    status, page = handle_unsubscribe(archive, secret, "POST", token, timedelta(seconds=-1))
    assert status == 400 and "expired" in page.lower()
    assert _status(archive, "alice@example.org") == SubscriberStatus.active
    assert handle_unsubscribe(archive, secret, "POST", token, timedelta(days=365))[0] == 200
    assert _status(archive, "alice@example.org") == SubscriberStatus.unsubscribed
    # Subscribed again by the operator: the link in the old mail no longer works.
    add(archive, make_entry("alice@example.org", ["learning-city"]))
    status, page = handle_unsubscribe(archive, secret, "POST", token, timedelta(days=365))
    assert status == 400 and "not valid" in page
    assert _status(archive, "alice@example.org") == SubscriberStatus.active


def test_the_daemon_unsubscribe_endpoint_sends_security_headers() -> None:
    from fastapi.testclient import TestClient
    from prometheus_client import CollectorRegistry

    from newsmon.scheduler.http import daemon_app
    from newsmon.web.security import SECURITY_HEADERS

    app = daemon_app(lambda: {"status": "ok"}, CollectorRegistry(), lambda m, t: (400, "bad"))
    client = TestClient(app)
    for path in ("/unsubscribe?token=x", "/healthz", "/metrics"):
        response = client.get(path)
        for name in ("X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options"):
            assert response.headers[name] == SECURITY_HEADERS[name], (path, name)
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
