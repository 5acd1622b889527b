"""Chat and push channels through Apprise: short Markdown notices, secrets from the environment.

A channel is an Apprise URL as the operator wrote it (``ntfy://${NTFY_TOKEN}@host/news``):
that text is what the archive stores, what status shows and what identifies the
channel. ``${NAME}`` references are expanded from the environment only in
:meth:`AppriseSender.send`, just before the request, and every expanded value is
scrubbed from the error text we keep or log. Apprise's own log records (which may
print a URL with its credentials) never reach newsmon's logs: they are captured
per send, redacted, and kept as the delivery's error.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from newsmon.alerts.render import DigestContent, href, one_line, subject
from newsmon.alerts.transport import DeliveryError
from newsmon.config import ENV_REFERENCE

MAX_STORIES = 10
"""Stories listed in one chat notice; the rest are counted ("… and 4 more")."""
MAX_ERROR = 300
REDACTED = "***"
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+!|<>~])")

_SENDING: set[str] = set()
"""Secret values of the sends in progress: scrubbed from every record of the loggers below."""


class _Scrub(logging.Filter):
    """Redacts the secrets of the sends in progress from a record, wherever it goes next.

    Apprise logs request headers (``Authorization: Bearer …``) and URLs at debug
    level; with this filter no handler, ours or a test's, ever sees them.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if _SENDING:
            message = record.getMessage()
            clean = redact(message, list(_SENDING))
            if clean != message:
                record.msg, record.args = clean, ()
        return True


for _name in ("apprise", "urllib3.connectionpool", "requests"):
    logging.getLogger(_name).addFilter(_Scrub())
# Apprise's messages are captured per send (redacted) instead of reaching our logs.
logging.getLogger("apprise").propagate = False


def channel_key(url: str) -> str:
    """A short stable id for a channel URL as configured (no secret in it, by rule)."""
    return "apprise:" + hashlib.sha256(url.strip().encode()).hexdigest()[:16]


def expand(url: str, environ: dict[str, str] | None = None) -> tuple[str, list[str]]:
    """The URL with ``${NAME}`` replaced (percent-encoded) and the secret values used.

    A missing variable is an error the operator can fix, so it is retried later.
    """
    environ = dict(os.environ) if environ is None else environ
    secrets: list[str] = []

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if not environ.get(name):
            raise DeliveryError(f"environment variable {name} is not set", permanent=False)
        secrets.append(environ[name])
        return quote(environ[name], safe="")

    expanded = ENV_REFERENCE.sub(value, url.strip())
    return expanded, secrets + [quote(s, safe="") for s in secrets]


def redact(text: str, secrets: list[str]) -> str:
    for secret in sorted(set(secrets), key=len, reverse=True):
        if secret:
            text = text.replace(secret, REDACTED)
    return text


def display(url: str) -> str:
    """The channel as shown to the operator: the configured URL without its query string."""
    return url.split("?", 1)[0]


# -- rendering ----------------------------------------------------------------------------


def md_text(value: str | None) -> str:
    """Untrusted text (a crawled title) as literal Markdown on one line."""
    return _MARKDOWN.sub(r"\\\1", one_line(value))


def md_link(title: str | None, url: str) -> str:
    target = href(url)
    text = md_text(title or url)
    return f"[{text}]({target.replace(')', '%29').replace(' ', '%20')})" if target != "#" else text


@dataclass(frozen=True, slots=True)
class ChatNotice:
    title: str
    body: str
    """Markdown: links, bold; short enough for a chat message."""


def digest_notice(content: DigestContent) -> ChatNotice:
    """A digest for chat: the stories as links, grouped by topic, at most MAX_STORIES."""
    lines: list[str] = []
    shown = 0
    for section in content.sections:
        if shown >= MAX_STORIES:
            break
        lines.append(f"**{md_text(section.topic)}** ({len(section.entries)})")
        for entry in section.entries:
            if shown >= MAX_STORIES:
                break
            shown += 1
            line = f"- {md_link(entry.title, entry.url)} · {md_text(entry.source)}"
            related = [
                md_link(f"{language}: {title}", url) for language, title, url in entry.related
            ]
            if related:
                line += " (" + ", ".join(related) + ")"
            lines.append(line)
    rest = content.story_count - shown
    if rest > 0:
        lines.append(f"… and {rest} more")
    return ChatNotice(one_line(subject(content)), "\n".join(lines))


# -- sending ------------------------------------------------------------------------------


class AppriseSender:
    """Sends one notice to one Apprise URL; raises :class:`DeliveryError` when it fails."""

    def __init__(self, environ: dict[str, str] | None = None) -> None:
        import apprise  # local: only daemons with channels pay for it

        self._apprise = apprise
        self._environ = environ

    def send(self, url: str, title: str, body: str) -> None:
        apprise = self._apprise
        expanded, secrets = expand(url, self._environ)
        logging.getLogger("apprise").propagate = False  # a logging reconfiguration may reset it
        _SENDING.update(s for s in secrets if s)
        try:
            self._send(apprise, url, expanded, secrets, title, body)
        finally:
            _SENDING.difference_update(secrets)

    def _send(
        self, apprise: Any, url: str, expanded: str, secrets: list[str], title: str, body: str
    ) -> None:
        # Memory only: Apprise writes no cache files next to the archive.
        asset = apprise.AppriseAsset(storage_mode="memory")
        notifier = apprise.Apprise(asset=asset)
        if not notifier.add(expanded):
            raise DeliveryError(f"not a valid Apprise URL: {display(url)}", permanent=True)
        with apprise.LogCapture(level=logging.WARNING, fmt="%(message)s") as captured:
            try:
                ok = notifier.notify(
                    title=title, body=body, body_format=apprise.NotifyFormat.MARKDOWN
                )
            except Exception as exc:  # a plugin bug must not end the cycle
                ok = False
                captured.write(f"{type(exc).__name__}: {exc}\n")
            log = captured.getvalue()
        if not ok:
            problems = [line for line in log.splitlines() if line.strip()]
            reason = " ".join(" ".join(problems[-2:]).split()) or "not delivered"
            reason = redact(reason, secrets)
            if len(reason) > MAX_ERROR:
                reason = reason[: MAX_ERROR - 1] + "…"
            raise DeliveryError(f"{display(url)}: {reason}", permanent=False)
