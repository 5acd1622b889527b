"""Main text via trafilatura (comments excluded), then the line-level furniture filter."""

from __future__ import annotations

import logging
from collections.abc import Container, Sequence

from lxml.html import HtmlElement
from trafilatura import bare_extraction

from .boilerplate import filter_lines
from .split_body import join_split_body
from .text import clean_paragraphs, split_paragraphs

logger = logging.getLogger(__name__)

CASCADE_BELOW_SHARE = 0.6
"""The main extractor alone is trusted when it recovers at least this share of the page's
paragraph text; below it, trafilatura's whole cascade (comparison with readability and
jusText) decides. The cascade costs about as much again as the main extractor, and on
most pages it agrees with it (see bench/extraction_quality.py)."""
UNMARKED_BELOW_SHARE = 0.5
"""A page whose <p> text is less than this share of the extracted text does not mark its
paragraphs (text in <div>/<br>, tables): coverage cannot be judged, so the cascade runs."""


def extract_body(
    tree: HtmlElement,
    url: str,
    title: str | None = None,
    labels: Container[str] = (),
    headlines: Sequence[str] = (),
) -> str:
    """Article text, paragraphs separated by a blank line, NFC; empty when nothing found.

    A story split into chunks is joined in ``tree`` (see ``split_body``). Comments are
    excluded: besides keeping reader comments out, pruning comment blocks before the
    extraction cascade raises precision on both benchmarks (see bench/extraction_quality.py).
    ``labels``: menu link texts (lower-cased); a first line equal to one is a section label.
    ``headlines``: the page's <h1> texts; a first line repeating one is the headline.
    """
    raw = _main_text(tree, url, fast=True)
    paragraphs = _paragraph_chars(tree)
    if _partial(raw, paragraphs) and join_split_body(tree):
        # The main extractor may have taken the first chunk of a story cut into several.
        raw = _main_text(tree, url, fast=True) or raw
    if _partial(raw, paragraphs):
        # Still less than most of the paragraph text (the main extractor may have locked
        # onto a teaser), or no paragraph markup to judge by: let the external extractors
        # vote, as trafilatura's full cascade does.
        raw = _main_text(tree, url, fast=False) or raw
    if not raw:
        return ""
    return clean_paragraphs(filter_lines(split_paragraphs(raw), title, labels, headlines))


def _partial(raw: str, paragraphs: int) -> bool:
    """Whether the text may be part of the story only, or coverage cannot be judged."""
    chars = len(raw)
    return chars < CASCADE_BELOW_SHARE * paragraphs or paragraphs < UNMARKED_BELOW_SHARE * chars


def _main_text(tree: HtmlElement, url: str, *, fast: bool) -> str:
    try:
        document = bare_extraction(
            tree, url=url, include_comments=False, with_metadata=False, fast=fast
        )
    except Exception:  # trafilatura is robust but not guaranteed; a page must never fail
        logger.debug("trafilatura failed on %s", url, exc_info=True)
        return ""
    if document is None:
        return ""
    raw = document.get("text") if isinstance(document, dict) else document.text
    return raw or ""


def _paragraph_chars(tree: HtmlElement) -> int:
    """Characters of visible text in the page's <p> elements (whitespace collapsed)."""
    return sum(len(" ".join(p.text_content().split())) for p in tree.iter("p"))
