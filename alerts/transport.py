"""Getting a rendered message out: real SMTP (SSL / STARTTLS, auth) or .eml files.

Failures are sorted into *transient* (connection problems, 4xx replies, and
auth/TLS set-up errors an operator can fix: retried later) and *permanent*
(5xx replies about this message or recipient: never retried).
"""

from __future__ import annotations

import os
import smtplib
import ssl
import tempfile
from pathlib import Path
from types import TracebackType
from typing import Protocol

from newsmon.config import SmtpConfig


class DeliveryError(Exception):
    def __init__(self, message: str, *, permanent: bool, stop: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.stop = stop
        """The server (not this message) is the problem: stop the batch, retry later."""


class Transport(Protocol):
    def send(self, sender: str, recipient: str, message: bytes, name: str) -> None: ...

    def close(self) -> None: ...


def _classify(exc: Exception, server: str) -> DeliveryError:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        permanent = bool(codes) and all(code >= 500 for code in codes)
        return DeliveryError(f"recipient refused: {exc.recipients}", permanent=permanent)
    if isinstance(exc, smtplib.SMTPAuthenticationError | smtplib.SMTPNotSupportedError):
        return DeliveryError(
            f"SMTP set-up failed (check [smtp]): {exc}", permanent=False, stop=True
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        code, text = exc.smtp_code, exc.smtp_error
        detail = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        if isinstance(exc, smtplib.SMTPConnectError | smtplib.SMTPHeloError):
            return DeliveryError(f"SMTP {code} {detail}", permanent=False, stop=True)
        return DeliveryError(f"SMTP {code} {detail}", permanent=code >= 500, stop=code == 421)
    return DeliveryError(f"SMTP connection to {server} failed: {exc}", permanent=False, stop=True)


class SmtpTransport:
    """One connection per batch, opened on first use, re-opened after a failure."""

    def __init__(self, config: SmtpConfig, timeout: float | None = None) -> None:
        self.config = config
        self.timeout = config.timeout if timeout is None else timeout
        self._client: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        config = self.config
        # A private CA (company mail relay) can be trusted with [smtp] ca_file.
        context = ssl.create_default_context(cafile=config.ca_file)
        client: smtplib.SMTP
        if config.security == "ssl":
            client = smtplib.SMTP_SSL(
                config.host, config.port, timeout=self.timeout, context=context
            )
        else:
            client = smtplib.SMTP(config.host, config.port, timeout=self.timeout)
            if config.security == "starttls":
                client.starttls(context=context)
        if config.username:
            password = config.password
            if password is None:
                client.close()
                raise smtplib.SMTPAuthenticationError(
                    530, f"no password in ${config.password_env}".encode()
                )
            client.login(config.username, password.get_secret_value())
        return client

    def send(self, sender: str, recipient: str, message: bytes, name: str) -> None:
        try:
            if self._client is None:
                self._client = self._connect()
            self._client.sendmail(sender, [recipient], message)
        except (smtplib.SMTPException, OSError) as exc:
            error = _classify(exc, f"{self.config.host}:{self.config.port}")
            if error.stop or not isinstance(exc, smtplib.SMTPResponseException):
                self.close()
            raise error from exc

    def close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            try:
                client.quit()
            except (smtplib.SMTPException, OSError):
                client.close()

    def __enter__(self) -> SmtpTransport:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class FileTransport:
    """Writes ``<outbox_dir>/<name>.eml`` atomically; re-sending overwrites the same file."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)

    def send(self, sender: str, recipient: str, message: bytes, name: str) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".partial")
            with os.fdopen(handle, "wb") as out:
                out.write(message)
            os.replace(temporary, self.directory / f"{name}.eml")
        except OSError as exc:
            raise DeliveryError(
                f"cannot write to {self.directory}: {exc}", permanent=False, stop=True
            ) from exc

    def close(self) -> None:
        pass


def transport_for(config: SmtpConfig) -> SmtpTransport | FileTransport:
    if config.transport == "file":
        return FileTransport(config.outbox_dir)
    return SmtpTransport(config)
