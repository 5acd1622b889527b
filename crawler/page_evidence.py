"""What a page's own markup says about it: its main prose and its teaser lists.

One streaming walk (``lxml.etree.iterwalk``) over the tree the crawl has parsed anyway:
every text run is credited to its nearest block element, so the walk costs about as
much as reading the page, and nesting thousands deep cannot exhaust the stack.

An article is one container holding paragraphs of running text with few links; a
listing is many repeated blocks (cards) each carrying a link with a title-like text,
often with a summary paragraph. Both are measured from structure alone: no class
names, no head metadata, no language-specific words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree
from lxml.html import HtmlElement


def _tags(names: str) -> frozenset[str]:
    return frozenset(names.split())


BLOCK_TAGS = _tags(
    "p div td th li dd dt blockquote section article main pre center body table tr tbody "
    "ul ol dl figure figcaption header footer aside nav form h1 h2 h3 h4 h5 h6"
)
HEADINGS = _tags("h1 h2 h3 h4 h5 h6")
SKIPPED = _tags(
    "script style noscript template svg iframe select option button head title textarea"
)
NOT_PROSE = frozenset({"figcaption"})
MENUS = frozenset({"nav", "footer"})
"""Links in menus are navigation, not teasers (their text still counts for link density).
Sites do wrap articles in <aside>, <header> and <form> (ASP.NET), so those are not excluded."""

PROSE_MIN_CHARS = 80
PROSE_MAX_LINK_DENSITY = 0.35
TITLE_LINK_CHARS = (15, 220)
TITLE_LINK_SHARE = 0.6
"""A teaser title is (nearly) all of its block's text, or opens it; a link inside running
text is neither."""
CONTAINER_LEVELS = 2
"""A paragraph counts for its parent and grandparent: bodies often wrap each <p> once."""
CARD_LEVELS = 2
"""A title link marks the blocks up to this far above its own block as teaser cards."""
CARD_MAX_PARAGRAPHS = 2
SUMMARY_MAX_CHARS = 500
"""Teaser summaries are a sentence or two; a longer text beside a link is running prose."""

_SENTENCE_END = re.compile(r"[.!?。！？؟…][\"”’»)]*(?:\s|$)|[。！？]")


@dataclass(eq=False, slots=True)
class _Block:
    tag: str
    parent: _Block | None
    menu: bool
    chars: int = 0
    link_chars: int = 0
    sentence: bool = False
    """Some text run of the block ends a sentence."""
    prose_paragraphs: int = 0
    """Prose paragraphs whose parent or grandparent is this block."""
    title_links: int = 0
    """Title links in this block or up to CARD_LEVELS below it."""


@dataclass(frozen=True, slots=True)
class PageEvidence:
    main_chars: int
    """Characters of running prose: paragraphs (enough text, few links, sentences) that are
    not teaser summaries."""
    teasers: int
    """Title links (distinct targets) outside menus."""
    lead_gap: int | None
    """Title links between the last <h1> before the running text and that text, or the
    page's end when it has none (None: no such <h1>). An article's headline is followed
    by its text, a section's by teasers."""


def _measure(text: str) -> int:
    """Characters with each whitespace run counted as one (leading and trailing runs not).

    Joined in C: summing the words' lengths in Python cost more, on every text run.
    """
    return len(" ".join(text.split()))


def gather_evidence(tree: HtmlElement) -> PageEvidence:
    """Measure the page in one walk; see the module docstring."""
    root = _Block("#root", None, False)
    blocks = [root]
    # (owner block, in link, is an <a>) of the enclosing elements
    stack: list[tuple[_Block, bool, bool]] = []
    current, in_link = root, False
    skipped = False  # inside a skipped element (script, style...): its end comes next
    # open <a>: owner, href, text runs, whether it starts its block (a card's title line)
    anchors: list[tuple[_Block, str, list[str], bool]] = []
    links: list[tuple[_Block, str, str, bool]] = []
    h1_positions: list[int] = []

    def add_text(text: str) -> None:
        chars = _measure(text)
        if chars:
            current.chars += chars
            if not current.sentence and _SENTENCE_END.search(text):
                current.sentence = True
            if in_link:
                current.link_chars += chars
                if anchors:
                    anchors[-1][2].append(text)

    walk = etree.iterwalk(tree, events=("start", "end"))
    for event, element in walk:
        raw_tag = element.tag
        if event == "start":
            if not isinstance(raw_tag, str) or (tag := raw_tag.lower()) in SKIPPED:
                skipped = True
                walk.skip_subtree()  # no events for its descendants; its own end follows
                continue
            stack.append((current, in_link, tag == "a"))
            if tag in BLOCK_TAGS:
                current = _Block(tag, current, current.menu or tag in MENUS)
                blocks.append(current)
                if tag == "h1":
                    h1_positions.append(len(blocks) - 1)
            if tag == "a":
                in_link = True
                anchors.append((current, element.get("href") or "", [], current.chars == 0))
            if text := element.text:
                add_text(text)
            continue
        if skipped:
            skipped = False
            if text := element.tail:
                add_text(text)
            continue
        current, in_link, anchor = stack.pop()
        if anchor:
            owner, href, parts, leading = anchors.pop()
            links.append((owner, href, " ".join(parts), leading and _set_apart(element)))
        if text := element.tail:
            add_text(text)

    title_links: list[tuple[_Block, str]] = []
    for owner, href, text, leading in links:
        chars = _measure(text)
        if not TITLE_LINK_CHARS[0] <= chars <= TITLE_LINK_CHARS[1]:
            continue
        if owner.menu or not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        if not leading and owner.link_chars < TITLE_LINK_SHARE * owner.chars:
            continue
        title_links.append((owner, href))
        block: _Block | None = owner
        for _ in range(CARD_LEVELS + 1):
            if block is None:
                break
            block.title_links += 1
            block = block.parent

    paragraphs = [b for b in blocks if _is_prose(b)]
    for paragraph in paragraphs:
        _credit(paragraph)
    running = [p for p in paragraphs if not _is_summary(p)]
    return PageEvidence(
        main_chars=sum(p.chars for p in running),
        teasers=len({href for _, href in title_links}),
        lead_gap=_lead_gap(blocks, running, h1_positions, title_links),
    )


def _set_apart(anchor: HtmlElement) -> bool:
    """A link set apart as a title line: bold, or followed by a line break."""
    following = anchor.getnext()
    if following is not None and following.tag == "br" and not (anchor.tail or "").strip():
        return True
    return any(child.tag in ("b", "strong") for child in anchor.iterchildren())


def _lead_gap(
    blocks: list[_Block],
    running: list[_Block],
    h1_positions: list[int],
    title_links: list[tuple[_Block, str]],
) -> int | None:
    position = {id(block): index for index, block in enumerate(blocks)}
    text_at = position[id(running[0])] if running else len(blocks)
    headline_at = max((h for h in h1_positions if h < text_at), default=None)
    if headline_at is None:
        return None
    return sum(1 for owner, _ in title_links if headline_at < position[id(owner)] < text_at)


def _is_prose(block: _Block) -> bool:
    if block.tag in HEADINGS or block.tag in NOT_PROSE or block.chars < PROSE_MIN_CHARS:
        return False
    if block.link_chars > PROSE_MAX_LINK_DENSITY * block.chars:
        return False
    return block.sentence or block.chars >= 200


def _credit(paragraph: _Block) -> None:
    container, level = paragraph.parent, 0
    while container is not None and level < CONTAINER_LEVELS:
        container.prose_paragraphs += 1
        container, level = container.parent, level + 1


def _is_summary(paragraph: _Block) -> bool:
    """A teaser's summary: short, beside a title link, in a card or a list of teasers."""
    if paragraph.chars > SUMMARY_MAX_CHARS + TITLE_LINK_CHARS[1]:
        return False
    if paragraph.title_links:
        return True  # the title link opens the paragraph: "<a><b>Title</b></a><br>summary"
    if paragraph.chars > SUMMARY_MAX_CHARS:
        return False
    container, level = paragraph.parent, 0
    while container is not None and level < CONTAINER_LEVELS:
        if container.title_links and (
            container.prose_paragraphs <= CARD_MAX_PARAGRAPHS or _is_teaser_list(container)
        ):
            return True
        container, level = container.parent, level + 1
    return False


def _is_teaser_list(block: _Block) -> bool:
    """Titles interleaved with their summaries in one container: as many links as paragraphs."""
    return block.title_links >= 3 and block.title_links >= block.prose_paragraphs
