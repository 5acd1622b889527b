"""Main text via trafilatura, without comments, then a light line-level boilerplate filter."""

from __future__ import annotations

import logging
import re

from lxml.html import HtmlElement
from trafilatura import bare_extraction

from .text import clean_paragraphs, split_paragraphs

logger = logging.getLogger(__name__)

# Short lines that are page furniture even when they sit inside the article container.
_FURNITURE = re.compile(
    r"""^(?:
        advertisement|anzeige|werbung|quảng\ cáo|publicité|publicidad|pubblicità|reklame|
        (?:share|teilen|chia\ sẻ)(?:\ (?:this|on|via)\b.*)?|
        (?:sign\ up|subscribe)\b.*newsletter.*|
        newsletter\b.*(?:sign\ up|subscribe|abonnieren|anmelden).*|
        (?:follow\ us|folgen\ sie\ uns)\b.*|
        (?:read|see)\ (?:more|also)\s*:?|
        (?:mehr\ zum\ thema|lesen\ sie\ auch|auch\ interessant)\s*:?|
        (?:xem\ thêm|đọc\ thêm|tin\ liên\ quan)\s*:?|
        (?:click|tap)\ here\ to\ (?:subscribe|sign\ up).*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
FURNITURE_MAX_CHARS = 120


def _is_furniture(line: str) -> bool:
    return len(line) <= FURNITURE_MAX_CHARS and _FURNITURE.match(line) is not None


def extract_body(tree: HtmlElement, url: str) -> str:
    """Article text, paragraphs separated by a blank line, NFC; empty when nothing found.

    trafilatura copies the tree it is given, so the caller's tree stays usable. Comments are
    excluded: on the benchmark pages this also raises precision (comment blocks are pruned
    before the extraction cascade rather than filtered afterwards).
    """
    try:
        document = bare_extraction(
            tree,
            url=url,
            include_comments=False,
            include_tables=True,
            with_metadata=False,
        )
    except Exception:  # trafilatura is robust but not guaranteed; a page must never fail
        logger.debug("trafilatura failed on %s", url, exc_info=True)
        return ""
    if document is None:
        return ""
    raw = document.text if not isinstance(document, dict) else document.get("text")
    if not raw:
        return ""
    return clean_paragraphs([line for line in split_paragraphs(raw) if not _is_furniture(line)])
