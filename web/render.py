"""Jinja2 setup and the filters templates use to show untrusted, crawled text safely.

Everything stored came from someone else's web page, so autoescape is on for
every template, highlights are built from escaped pieces, and only http(s)
URLs ever become links.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from newsmon.storage.models import published_with_offset

TEMPLATES = Path(__file__).parent / "templates"

DATE_SOURCES = {
    "json-ld": "JSON-LD metadata on the page",
    "meta": "a <meta> tag on the page",
    "time-element": "a <time> element on the page",
    "visible-text": "the visible text of the page",
    "feed": "the source's feed or sitemap",
    "url": "the date in the URL",
    "first-seen": "when newsmon first saw it (the page gives no date)",
}


def highlighted(text: str, highlights: Sequence[Sequence[int]]) -> Markup:
    """``text`` with each (start, end) span in ``<mark>``; every piece escaped separately."""
    parts: list[str] = []
    last = 0
    for start, end in sorted((int(s), int(e)) for s, e in highlights):
        if start < last or end > len(text) or start >= end:
            continue  # overlapping or stale spans: skip rather than cut text apart
        parts += [escape(text[last:start]), Markup("<mark>"), escape(text[start:end])]
        parts.append(Markup("</mark>"))
        last = end
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


def safe_href(url: str | None) -> str | None:
    """The URL if it is a web link, else None: a crawled ``javascript:`` URL never becomes one."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def when(value: datetime | None, with_offset: bool = False) -> str:
    """``2025-11-20 08:30 +07:00`` (the page's own offset) or ``… UTC`` for newsmon's clocks."""
    if value is None:
        return "–"
    if not with_offset:
        return value.strftime("%Y-%m-%d %H:%M UTC")
    minutes = int((value.utcoffset() or timedelta()).total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return value.strftime("%Y-%m-%d %H:%M ") + f"{sign}{hours:02d}:{rest:02d}"


def share(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"], default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(href=safe_href, when=when, share=share, paragraphs=paragraphs)
    env.globals.update(
        highlighted=highlighted, date_sources=DATE_SOURCES, page_time=published_with_offset
    )
    return env
