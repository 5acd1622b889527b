"""Digests over encrypted, authenticated SMTP: STARTTLS and implicit TLS, against aiosmtpd."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from newsmon.alerts.transport import DeliveryError, SmtpTransport
from newsmon.config import parse_config
from tests.smtpkit import Inbox, free_port

MESSAGE = b"From: newsmon@example.org\r\nTo: ana@example.org\r\nSubject: test\r\n\r\nhello\r\n"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (the test's own CA)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    directory = tmp_path_factory.mktemp("tls")
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def _authenticator(
    server: Any, session: Any, envelope: Any, mechanism: str, data: Any
) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"newsmon", b"s3cret")
    return AuthResult(success=ok)


@pytest.fixture(params=["starttls", "ssl"])
def tls_server(
    request: pytest.FixtureRequest, certificate: tuple[Path, Path]
) -> Iterator[tuple[str, int, Inbox]]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    inbox, port = Inbox(), free_port()
    common: dict[str, Any] = {
        "hostname": "127.0.0.1",
        "port": port,
        "authenticator": _authenticator,
        "auth_required": True,
    }
    if request.param == "starttls":
        controller = Controller(inbox, tls_context=context, require_starttls=True, **common)
    else:
        controller = Controller(inbox, ssl_context=context, auth_require_tls=False, **common)
    controller.start()
    yield request.param, port, inbox
    controller.stop()


def _transport(security: str, port: int, ca_file: Path | None, env: str) -> SmtpTransport:
    smtp = {
        "host": "127.0.0.1",
        "port": port,
        "security": security,
        "username": "newsmon",
        "password_env": env,
    }
    if ca_file is not None:
        smtp["ca_file"] = str(ca_file)
    return SmtpTransport(parse_config({"smtp": smtp}).smtp, timeout=5)


def test_sends_over_tls_with_login(
    tls_server: tuple[str, int, Inbox],
    certificate: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    security, port, inbox = tls_server
    monkeypatch.setenv("TEST_SMTP_PASSWORD", "s3cret")
    with _transport(security, port, certificate[0], "TEST_SMTP_PASSWORD") as transport:
        transport.send("newsmon@example.org", "ana@example.org", MESSAGE, "test")
    assert [rcpts for _, rcpts, _ in inbox.received] == [["ana@example.org"]]


def test_untrusted_certificate_or_wrong_password_never_delivers(
    tls_server: tuple[str, int, Inbox],
    certificate: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    security, port, inbox = tls_server
    monkeypatch.setenv("TEST_SMTP_PASSWORD", "s3cret")
    with pytest.raises(DeliveryError), _transport(security, port, None, "TEST_SMTP_PASSWORD") as t:
        t.send("newsmon@example.org", "ana@example.org", MESSAGE, "test")
    monkeypatch.setenv("TEST_SMTP_PASSWORD", "wrong")
    with (
        pytest.raises(DeliveryError),
        _transport(security, port, certificate[0], "TEST_SMTP_PASSWORD") as t,
    ):
        t.send("newsmon@example.org", "ana@example.org", MESSAGE, "test")
    assert inbox.received == []
