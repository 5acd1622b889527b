"""Main text via trafilatura (comments excluded), then the line-level furniture filter."""

from __future__ import annotations

import logging
from collections.abc import Container

from lxml.html import HtmlElement
from trafilatura import bare_extraction

from .boilerplate import filter_lines
from .text import clean_paragraphs, split_paragraphs

logger = logging.getLogger(__name__)


def extract_body(
    tree: HtmlElement,
    url: str,
    title: str | None = None,
    labels: Container[str] = (),
) -> str:
    """Article text, paragraphs separated by a blank line, NFC; empty when nothing found.

    trafilatura copies the tree it is given, so the caller's tree stays usable. Comments are
    excluded: besides keeping reader comments out, pruning comment blocks before the
    extraction cascade raises precision on both benchmarks (see bench/extraction_quality.py).
    ``labels``: menu link texts (lower-cased); a first line equal to one is a section label.
    """
    try:
        document = bare_extraction(tree, url=url, include_comments=False, with_metadata=False)
    except Exception:  # trafilatura is robust but not guaranteed; a page must never fail
        logger.debug("trafilatura failed on %s", url, exc_info=True)
        return ""
    if document is None:
        return ""
    raw = document.get("text") if isinstance(document, dict) else document.text
    if not raw:
        return ""
    return clean_paragraphs(filter_lines(split_paragraphs(raw), title, labels))
