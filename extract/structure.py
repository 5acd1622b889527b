"""Page furniture recognised by its structure, removed before the text is extracted.

Rules that hold for any site and language, from what an element *is* and where it
stands rather than from what it says: a comment or newsletter box is a small block
around a text field; a photo caption is a ``<figcaption>`` or a small table around an
image; a box beside the story is a short ``<aside>`` or a complementary/hidden region; a
block whose text the page repeats in several blocks is a placeholder.
Each rule is bounded by size, because sites do wrap whole articles in ``<form>``
(ASP.NET) and ``<aside>``; a block holding real running text is never removed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree
from lxml.html import HtmlElement

BOX_MAX_CHARS = 400
"""A furniture box is short: longer blocks may hold the story itself."""
CAPTION_TABLE_MAX_CELLS = 3
LABEL_MAX_CHARS = 60
BOX_LEVELS = 2
LAYOUT_CELL_CHARS = 300
LINK_SHARE = 0.9
"""A paragraph whose text is at least this share link text is a pointer to another page."""
LONE_LINK_MAX_CHARS = 200
"""Longer all-link paragraphs are left to the extractor's own link-density test."""
ITEM_LINK_SHARE = 0.5
"""A list item whose text is at least half link text is a teaser (headline + blurb)."""
ITEM_MAX_CHARS = 300
"""A longer item is a teaser only when all of it is a link (a card wrapped in <a>)."""
LINK_LIST_ITEMS = 0.8
"""Share of a list's items that must be teasers for the list to be a teaser list."""
HEADLINE_CHARS = 20
"""Mean item length below which a link list is a menu (short labels), not headlines."""
LIST_BOX_SHARE = 0.7
"""A block around a teaser list that is mostly that list is the list's box (with its
title, "Related"): the title goes with it."""
_TAGS = (
    "aside", "nav", "header", "footer", "textarea", "input", "figcaption", "table", "p",
    "ul", "ol", "ruby", "article", "h1", "div", "section",
)  # fmt: skip
NESTED_SHARE = 0.5
_ROLES = etree.XPath("//*[@role or @aria-hidden]")
_TEXT_INPUTS = (None, "text", "email")
_MENU_TAGS = ("nav", "header", "footer")
_MENU_ROLES = ("navigation", "banner")
_SIDE_ROLES = ("complementary", "dialog")


@dataclass(slots=True)
class Scan:
    """The elements every rule looks at, found in two passes over the tree (a C-level
    walk by tag and one XPath for roles) instead of one XPath scan per rule."""

    by_tag: dict[str, list[HtmlElement]] = field(default_factory=dict)
    with_role: list[HtmlElement] = field(default_factory=list)

    def tagged(self, *tags: str) -> list[HtmlElement]:
        return [e for tag in tags for e in self.by_tag.get(tag, ())]


def scan(tree: HtmlElement) -> Scan:
    result = Scan(with_role=_ROLES(tree))
    for element in tree.iter(*_TAGS):
        result.by_tag.setdefault(element.tag, []).append(element)
    return result


def visible_chars(element: HtmlElement) -> int:
    """Length of the element's text with its spacing collapsed, as a reader sees it."""
    return len(" ".join(element.text_content().split()))


def remove_element(element: HtmlElement) -> None:
    """Drop an element but keep its tail text (it belongs to the parent)."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail and tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _box_around(text_field: HtmlElement) -> HtmlElement:
    """The box a text field stands in: its short <form>, else its own small block.

    Never more than BOX_LEVELS up without a form: on a short page a few ancestors
    up is already the whole story.
    """
    form = next(text_field.iterancestors("form"), None)
    if form is not None and visible_chars(form) > BOX_MAX_CHARS:
        return text_field
    box = text_field if form is None else form
    for level, ancestor in enumerate(box.iterancestors()):
        if level >= BOX_LEVELS or ancestor.tag in ("body", "html"):
            break
        if visible_chars(ancestor) > BOX_MAX_CHARS:
            break
        box = ancestor
    return box


def _is_caption_table(table: HtmlElement) -> bool:
    """A small table around an image with a line of text: how old sites set captions."""
    if table.find(".//img") is None:
        return False
    cells = table.xpath(".//td | .//th")
    if not cells or len(cells) > CAPTION_TABLE_MAX_CELLS:
        return False
    return 0 < visible_chars(table) <= BOX_MAX_CHARS and table.find(".//table") is None


class MenuLabels:
    """Texts of links in menus: a story's text that starts with one starts with a label.

    Read from the tree on the first question only (most texts start with no short line
    that could be one), and before furniture removal changes the tree.
    """

    def __init__(self, found: Scan) -> None:
        self._menus = found.tagged(*_MENU_TAGS) + [
            e for e in found.with_role if e.get("role") in _MENU_ROLES
        ]
        self._labels: set[str] | None = None

    def __contains__(self, line: object) -> bool:
        if not isinstance(line, str) or len(line) > LABEL_MAX_CHARS:
            return False
        if self._labels is None:
            self._labels = {
                " ".join(link.text_content().split()).casefold()
                for menu in self._menus
                for link in menu.iter("a")
            }
        return line.casefold() in self._labels


def _is_layout_table(table: HtmlElement) -> bool:
    """A table used for page layout: it nests tables or a cell holds running text.
    A data table's cells are short values."""
    if table.find(".//table") is not None:
        return True
    return any(visible_chars(cell) > LAYOUT_CELL_CHARS for cell in table.iter("td", "th"))


def unwrap_layout_tables(found: Scan) -> None:
    """Turn layout tables into plain blocks, so their text reads as paragraphs, not as
    table rows ("| story text |") and the menu row is judged like any other block."""
    for table in found.tagged("table"):
        if table.getparent() is None or not _is_layout_table(table):
            continue
        for element in table.iter("table", "tbody", "thead", "tfoot", "tr", "td", "th"):
            element.tag = "div"


def _link_share(element: HtmlElement) -> float:
    """Share of the element's text inside links to other pages (not in-page anchors)."""
    total = visible_chars(element)
    if not total:
        return 0.0
    linked = sum(
        visible_chars(a) for a in element.iter("a") if not (a.get("href") or "#").startswith("#")
    )
    return linked / total


def _is_lone_link(paragraph: HtmlElement) -> bool:
    """A short paragraph that is nothing but a link: a "read this too" pointer."""
    if next(paragraph.iterancestors("li", "td", "th"), None) is not None:
        return False  # an item of a list or table: the extractor judges the list whole
    chars = visible_chars(paragraph)
    if not 0 < chars <= LONE_LINK_MAX_CHARS or _link_share(paragraph) < LINK_SHARE:
        return False
    # a bare address is a cited source, written out by the author
    return not " ".join(paragraph.text_content().split()).startswith(("http", "www."))


def _is_link_list(listing: HtmlElement) -> bool:
    """A list whose items are links to other pages: "related", "latest", "more from"."""
    items = [li for li in listing if li.tag == "li"]
    if len(items) < 2 or sum(visible_chars(li) for li in items) < HEADLINE_CHARS * len(items):
        return False  # a menu's short labels: the extractor's own link test handles those
    return sum(map(_is_teaser_item, items)) >= LINK_LIST_ITEMS * len(items)


def _is_teaser_item(item: HtmlElement) -> bool:
    """A headline link with at most a short blurb, or a card that is one link as a whole."""
    share = _link_share(item)
    return share >= LINK_SHARE or (
        0 < visible_chars(item) <= ITEM_MAX_CHARS and share >= ITEM_LINK_SHARE
    )


def _list_box(listing: HtmlElement) -> HtmlElement:
    """The list with the block around it that holds little else (its title: "Related")."""
    box, chars = listing, visible_chars(listing)
    for ancestor in listing.iterancestors():
        if ancestor.tag in ("body", "html", "article", "main"):
            break
        if chars < LIST_BOX_SHARE * visible_chars(ancestor):
            break
        box = ancestor
    return box


def _nested_articles(found: Scan) -> list[HtmlElement]:
    """Articles inside an article that hold less than half its text: the spec's "related"
    content (teasers of other posts, comments), not a wrapper around the story itself."""
    doomed = []
    for article in found.tagged("article"):
        outer = None
        for ancestor in article.iterancestors("article"):
            outer = ancestor
        if outer is not None and visible_chars(article) < NESTED_SHARE * visible_chars(outer):
            doomed.append(article)
    return doomed


def headlines(found: Scan) -> list[str]:
    """Texts of the page's <h1> elements: the headline, which the body must not repeat.

    Read before furniture removal; the elements stay in the tree (the extractor leans on
    them to find the story), only a repeat of their text at the top of the body goes.
    """
    return [" ".join(h.text_content().split()) for h in found.tagged("h1")]


def inline_ruby(found: Scan) -> None:
    """Read ruby annotations (furigana over CJK names) as the inline text they are.

    The extractor does not know <ruby>/<rb>/<rt> and breaks the sentence into separate
    lines around each annotated word; as <span> they read "尹錫悦（ユンソンニョル）" in place.
    """
    for ruby in found.tagged("ruby"):
        for element in ruby.iter("ruby", "rb", "rt", "rp", "rtc"):
            element.tag = "span"


REPEAT_MIN_CHARS = 40
"""Shorter repeats are labels ("Advertisement", a date) that the line filters judge."""
REPEAT_MAX_RAW_CHARS = 4 * BOX_MAX_CHARS
REPEAT_READ_CHARS = 2_000_000
"""Text read per page at most: real pages read a few hundred KB; a page of wrappers
nested hundreds deep would read its whole text once per level."""
"""A cheap bound before spacing is collapsed (templates indent generously)."""
REPEATS = 3


def _repeated_blocks(found: Scan) -> list[HtmlElement]:
    """Blocks whose whole text stands in three or more separate blocks of the page.

    Such blocks are placeholders (a blocked embed's consent notice, an ad slot's label),
    never story text, which says each thing once. Paragraphs are not judged: interviews
    repeat their questions and recipes their measures on purpose.
    """
    by_kind: dict[tuple[str, str], list[HtmlElement]] = {}
    for block in found.tagged("div", "section", "aside"):
        kind = block.get("class")
        if kind:  # placeholders are made from one template: same tag, same class
            by_kind.setdefault((block.tag, kind), []).append(block)
    by_text: dict[str, list[HtmlElement]] = {}
    budget = REPEAT_READ_CHARS
    for blocks in by_kind.values():
        if len(blocks) < REPEATS:
            continue  # reading every block's text would cost more than the rest of the scan
        for block in blocks:
            raw = block.text_content()
            budget -= len(raw)
            if budget < 0:
                return []  # nested wrappers read the same text again and again: give up
            if len(raw) > REPEAT_MAX_RAW_CHARS:
                continue  # spacing aside, more than a box holds: running text stays
            text = " ".join(raw.split())
            if REPEAT_MIN_CHARS <= len(text) <= BOX_MAX_CHARS:
                by_text.setdefault(text, []).append(block)
    doomed: list[HtmlElement] = []
    for blocks in by_text.values():
        if len(blocks) < REPEATS:
            continue
        same = set(blocks)  # a wrapper with one child has the child's text: keep the outer
        outermost = [b for b in blocks if not any(a in same for a in b.iterancestors())]
        if len(outermost) >= REPEATS:
            doomed += outermost
    return doomed


SIDE_SHARE = 0.3


def _is_minor(box: HtmlElement) -> bool:
    """A side box holding a small share of its article's (or page's) text."""
    outer = next(box.iterancestors("article", "main", "body"), None)
    return outer is not None and visible_chars(box) < SIDE_SHARE * visible_chars(outer)


def remove_furniture(found: Scan) -> None:
    """Remove comment/newsletter boxes, captions, short side boxes and placeholders, in place."""
    doomed: list[HtmlElement] = _repeated_blocks(found)
    fields = [e for e in found.tagged("input") if e.get("type") in _TEXT_INPUTS]
    for text_field in found.tagged("textarea") + fields:
        box = _box_around(text_field)
        if box is not text_field or text_field.tag == "textarea":
            doomed.append(box)
    doomed += found.tagged("figcaption")
    doomed += [t for t in found.tagged("table") if _is_caption_table(t)]
    side = found.tagged("aside") + [
        e
        for e in found.with_role
        if e.get("role") in _SIDE_ROLES
        or (e.get("aria-hidden") == "true" and e.tag in ("div", "section"))
    ]
    doomed += [box for box in side if visible_chars(box) <= BOX_MAX_CHARS or _is_minor(box)]
    doomed += [p for p in found.tagged("p") if _is_lone_link(p)]
    for listing in found.tagged("ul", "ol"):
        if _is_link_list(listing):
            box = _list_box(listing)
            doomed.append(box)
            title = box.getprevious()
            if (
                title is not None
                and title.tag in ("h2", "h3", "h4", "h5", "h6")
                and visible_chars(title) <= LABEL_MAX_CHARS
            ):
                doomed.append(title)  # the list's title ("Related"), standing just above it
    doomed += _nested_articles(found)
    for element in doomed:
        if element.getparent() is not None and element.tag not in ("body", "html"):
            remove_element(element)
    unwrap_layout_tables(found)
    inline_ruby(found)
