"""Page furniture recognised by its structure, removed before the text is extracted.

Rules that hold for any site and language, from what an element *is* and where it
stands rather than from what it says: a comment or newsletter box is a small block
around a text field; a photo caption is a ``<figcaption>`` or a small table around an
image; a box beside the story is a short ``<aside>`` or a complementary/hidden region.
Each rule is bounded by size, because sites do wrap whole articles in ``<form>``
(ASP.NET) and ``<aside>``; a block holding real running text is never removed.
"""

from __future__ import annotations

from lxml.html import HtmlElement

BOX_MAX_CHARS = 400
"""A furniture box is short: longer blocks may hold the story itself."""
CAPTION_TABLE_MAX_CELLS = 3
_FIELDS = "//textarea | //input[not(@type) or @type='text' or @type='email']"
_CAPTIONS = "//figcaption"
_SIDE_BOXES = (
    "//aside | //*[@role='complementary'] | //*[@role='dialog'] | //*[@aria-hidden='true']"
)
_MENUS = "//nav | //header | //footer | //*[@role='navigation'] | //*[@role='banner']"


def _chars(element: HtmlElement) -> int:
    return len(" ".join(element.text_content().split()))


def _remove(element: HtmlElement) -> None:
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


def _box_around(field: HtmlElement) -> HtmlElement:
    """The largest ancestor of a text field that is still a short box (the whole form)."""
    box = field
    for ancestor in field.iterancestors():
        if ancestor.tag in ("body", "html") or _chars(ancestor) > BOX_MAX_CHARS:
            break
        box = ancestor
    return box


def _is_caption_table(table: HtmlElement) -> bool:
    """A small table around an image with a line of text: how old sites set captions."""
    cells = table.xpath(".//td | .//th")
    if not cells or len(cells) > CAPTION_TABLE_MAX_CELLS or table.find(".//img") is None:
        return False
    return 0 < _chars(table) <= BOX_MAX_CHARS and table.find(".//table") is None


def navigation_labels(tree: HtmlElement) -> set[str]:
    """Texts of links in menus: a story's text that starts with one starts with a label."""
    labels = set()
    for menu in tree.xpath(_MENUS):
        for link in menu.iter("a"):
            text = " ".join(link.text_content().split())
            if text:
                labels.add(text.casefold())
    return labels


def remove_furniture(tree: HtmlElement) -> None:
    """Remove comment/newsletter boxes, captions and short side boxes, in place."""
    doomed: list[HtmlElement] = []
    for field in tree.xpath(_FIELDS):
        box = _box_around(field)
        if box is not field or field.tag == "textarea":
            doomed.append(box)
    doomed += tree.xpath(_CAPTIONS)
    doomed += [t for t in tree.iter("table") if _is_caption_table(t)]
    doomed += [box for box in tree.xpath(_SIDE_BOXES) if _chars(box) <= BOX_MAX_CHARS]
    for element in doomed:
        if element.getparent() is not None and element.tag not in ("body", "html"):
            _remove(element)
