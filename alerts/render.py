"""Digest emails: content model → Jinja2 text and HTML parts → a safe MIME message.

Titles, snippets and URLs are untrusted (they come from crawled pages). The
HTML template autoescapes them; header values pass through :func:`header_safe`
and :class:`email.headerregistry.Address`, so a title with CR/LF cannot add a
header (Python 3.11.7 predates the CVE-2024-6923 fix, so we never rely on the
email package to refuse them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from newsmon.alerts.i18n import strings
from newsmon.query.snippets import Snippet

TEMPLATES = Path(__file__).parent / "templates"
_CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]+")

_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=lambda name: bool(name and name.endswith(".html.j2")),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def header_safe(value: str) -> str:
    """One line of text: CR, LF and other control characters become a space."""
    return _CONTROL.sub(" ", value).strip()


def one_line(value: str | None) -> str:
    """Untrusted text for a single line of the text part."""
    return header_safe(value or "")


def href(url: str) -> str:
    """Only web links become links: a crawled ``javascript:`` URL must not."""
    return url if url.lower().startswith(("http://", "https://")) else "#"


@dataclass(frozen=True, slots=True)
class Entry:
    """One story in a digest."""

    story_id: int
    title: str
    url: str
    source: str
    published: datetime | None
    snippet: Snippet
    terms: list[str]
    also_at: list[tuple[str, str]] = field(default_factory=list)
    related: list[tuple[str, str, str]] = field(default_factory=list)
    """Versions of the story in other languages: (language, title, URL)."""
    """(source, url) of the story's other appearances."""
    also_topics: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Section:
    topic: str
    description: str
    entries: list[Entry]


@dataclass(frozen=True, slots=True)
class DigestContent:
    recipient_name: str
    recipient_email: str
    language: str
    timezone: str
    topics: list[str]
    sections: list[Section]
    unsubscribe_url: str

    @property
    def story_count(self) -> int:
        return sum(len(s.entries) for s in self.sections)


def segments(snippet: Snippet) -> list[tuple[str, bool]]:
    """The snippet as (text, highlighted) pieces, for templates to mark up safely."""
    pieces: list[tuple[str, bool]] = []
    last = 0
    for start, end in snippet.highlights:
        pieces += [(snippet.text[last:start], False), (snippet.text[start:end], True)]
        last = end
    pieces.append((snippet.text[last:], False))
    # Line breaks become spaces, but the spaces around a highlight stay.
    return [(" ".join(t.splitlines()), h) for t, h in pieces if t]


def _context(content: DigestContent) -> dict[str, object]:
    zone = ZoneInfo(content.timezone)
    words = strings(content.language)

    def when(value: datetime | None) -> str:
        return value.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z") if value else ""

    return {
        "c": content,
        "t": words,
        "when": when,
        "segments": segments,
        "one_line": one_line,
        "href": href,
        "intro": words["intro"].format(count=content.story_count),
        "footer": words["footer"].format(topics=", ".join(content.topics)),
    }


def render_parts(content: DigestContent) -> tuple[str, str]:
    """(plain text, HTML) of a digest."""
    context = _context(content)
    text = _env.get_template("digest.txt.j2").render(context)
    html = _env.get_template("digest.html.j2").render(context)
    return text, html


def subject(content: DigestContent) -> str:
    words = strings(content.language)
    topics = ", ".join(content.topics)
    if not content.story_count:
        return words["subject_empty"].format(topics=topics)
    return words["subject"].format(count=content.story_count, topics=topics)


class _DigestPolicy(EmailPolicy):
    """The SMTP policy, except that List-Unsubscribe is never folded.

    Folding has no whitespace to break a long URL at, so the stock policy turns
    ``<https://…>`` into RFC 2047 encoded words, which no mail client follows
    (RFC 2369 and 8058 want the angle-bracketed URL). Header lines may be 998
    characters long (RFC 5322), far beyond any unsubscribe URL.
    """

    def fold(self, name: str, value: str) -> str:
        if name.lower() in _UNFOLDED:
            return f"{name}: {value}{self.linesep}"
        return super().fold(name, value)

    def fold_binary(self, name: str, value: str) -> bytes:
        if name.lower() in _UNFOLDED:
            return f"{name}: {value}{self.linesep}".encode("ascii")
        return super().fold_binary(name, value)


_UNFOLDED = ("list-unsubscribe",)
DIGEST_POLICY = _DigestPolicy(linesep="\r\n")  # email.policy.SMTP is EmailPolicy(linesep=CRLF)


def build_message(
    content: DigestContent, *, sender: str, sender_name: str, message_id: str, date: datetime
) -> EmailMessage:
    """The multipart/alternative digest with List-Unsubscribe (RFC 8058 one-click)."""
    text, html = render_parts(content)
    message = EmailMessage(policy=DIGEST_POLICY)
    message["From"] = Address(display_name=header_safe(sender_name), addr_spec=sender)
    message["To"] = Address(
        display_name=header_safe(content.recipient_name),
        addr_spec=header_safe(content.recipient_email),
    )
    message["Subject"] = header_safe(subject(content))
    message["Date"] = format_datetime(date)
    message["Message-ID"] = header_safe(message_id)
    message["List-Unsubscribe"] = f"<{header_safe(content.unsubscribe_url)}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text, subtype="plain", charset="utf-8")
    message.add_alternative(html, subtype="html", charset="utf-8")
    return message


def render_page(template: str, language: str, **values: object) -> str:
    """A small HTML page (the unsubscribe endpoint's), autoescaped."""
    return _env.get_template(template).render(t=strings(language), language=language, **values)
