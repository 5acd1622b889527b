"""A story split into chunks of the same kind, joined before the text is extracted.

Sites cut long stories into several containers with the same tag and class, between ads,
paywall markers or cells of a layout grid. The main extractor takes the first chunk for
the article and loses the rest, so a page whose extracted text is much shorter than its
paragraph text is checked for such chunks (see ``body.extract_body``).
"""

from __future__ import annotations

from collections import Counter

from lxml.html import HtmlElement

from .structure import remove_element, visible_chars

CHUNK_MIN_CHARS = 200
"""Paragraph text a container needs to count as a chunk of the story."""
_CHUNK_TAGS = ("div", "section")


def join_split_body(tree: HtmlElement) -> bool:
    """Move the story's later chunks into its first one; whether any chunk moved.

    The chunks are the containers of the kind (tag and class) that holds the most
    paragraph text on the page. They are joined only when they read as parts of one
    story: each says something else (identical blocks are placeholders), none sits
    inside another, all stand in the same ``<article>`` and no ``<h1>`` comes between
    them (a page that appends the next story repeats the markup under a new headline).
    """
    paragraph_chars: dict[HtmlElement, int] = {}
    for paragraph in tree.iter("p"):
        parent = paragraph.getparent()
        if parent is not None and parent.tag in _CHUNK_TAGS and parent.get("class"):
            paragraph_chars[parent] = paragraph_chars.get(parent, 0) + visible_chars(paragraph)
    texts = {container: " ".join(container.text_content().split()) for container in paragraph_chars}
    repeats = Counter(texts.values())
    kinds: dict[tuple[str, str], list[tuple[HtmlElement, int]]] = {}
    for container, chars in paragraph_chars.items():
        if repeats[texts[container]] == 1:
            kinds.setdefault((container.tag, container.get("class", "")), []).append(
                (container, chars)
            )
    if not kinds:
        return False
    biggest = max(kinds.values(), key=lambda found: sum(chars for _, chars in found))
    chunks = [container for container, chars in biggest if chars >= CHUNK_MIN_CHARS]
    if len(chunks) < 2 or not _one_story(tree, chunks):
        return False
    first = chunks[0]
    for chunk in chunks[1:]:
        first.extend(list(chunk))
        remove_element(chunk)
    return True


def _one_story(tree: HtmlElement, chunks: list[HtmlElement]) -> bool:
    members = set(chunks)
    if any(a in members for chunk in chunks for a in chunk.iterancestors()):
        return False
    if len({next(chunk.iterancestors("article"), None) for chunk in chunks}) > 1:
        return False
    position = {element: index for index, element in enumerate(tree.iter())}
    start, end = position[chunks[0]], position[chunks[-1]]
    return not any(start < position[h1] < end for h1 in tree.iter("h1"))
