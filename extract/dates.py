"""Publication date with provenance, tried from most to least trustworthy source.

Order: JSON-LD, meta tags, <time>/itemprop elements, visible text next to the headline,
the feed's date, a date in the URL. A candidate later than ``now`` (plus a small clock-skew
tolerance) is rejected and the next source is tried, because sites do publish nonsense such
as embargo or event dates in these slots.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from lxml import etree
from lxml.html import HtmlElement

from .datetext import find_text_dates, localize, parse_machine_date
from .model import DateSource
from .page import ARTICLE_TYPES, PAGE_TYPES, Page, node_types

FUTURE_TOLERANCE = timedelta(minutes=5)
"""Publisher clocks and our own drift a little; beyond this a date is taken as bogus."""

PUBLISHED_META = (
    "article:published_time", "og:published_time", "og:article:published_time",
    "article:published", "published_time", "pubdate", "publishdate", "publish-date",
    "publish_date", "publication_date", "date", "dc.date.issued", "dcterms.issued",
    "dc.date", "dcterms.date", "dcterms.created", "dc.date.created", "sailthru.date",
    "parsely-pub-date", "datepublished", "datecreated", "article.published",
    "article_date_original", "originalpublicationdate", "cxenseparse:recs:publishtime",
    "date.created", "release_date",
)  # fmt: skip
MODIFIED_META = (
    "article:modified_time", "og:updated_time", "article:modified", "modified_time",
    "datemodified", "dc.date.modified", "dcterms.modified", "last-modified", "lastmod",
)  # fmt: skip

_TIME_ELEMENTS = etree.XPath(
    "//time[@datetime or @data-datetime] | //*[@itemprop='datePublished' or "
    "@itemprop='dateCreated' or @itemprop='dateModified'][not(self::meta)]"
)
_SKIP_TEXT = frozenset({"script", "style", "noscript", "template", "svg", "button", "select"})
_CHROME = frozenset({"nav", "footer", "aside", "form"})
_TEASER_CLASS = re.compile(
    r"teaser|related|recommend|more-stories|most-read|promo|widget", re.IGNORECASE
)
_UPDATE_HINT = re.compile(r"updat|modif|aktualis|edit", re.IGNORECASE)
_DATEISH_CLASS = etree.XPath(
    "//*[contains(@class,'date') or contains(@class,'Date') or contains(@class,'time') or "
    "contains(@class,'publish') or contains(@class,'byline') or contains(@class,'datum') or "
    "contains(@class,'meta') or contains(@id,'date') or contains(@class,'ngay')]"
    "[not(self::meta or self::script or self::style or self::body or self::html)]"
)
_URL_DATE_RE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})(?:/|[-_](?=\d{2}[-_]\d{2}))(0?[1-9]|1[0-2])[/_-]"
    r"(0?[1-9]|[12]\d|3[01])(?=[/_.\-]|$)"
    r"|/((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=[/_.\-]|$)"
)
_DATE_LABELS = (
    "Datum", "Date", "Published", "Posted", "Veröffentlicht", "Erschienen", "Publié",
    "Publicado", "Publicada", "Pubblicato", "Gepubliceerd", "Publicerad", "Publisert",
    "Ngày đăng", "Đăng ngày", "Thời gian đăng", "Stand",
)  # fmt: skip
_LABELLED_TEXT = etree.XPath(
    "//text()[string-length(normalize-space(.)) < 60 and ("
    + " or ".join(f"starts-with(normalize-space(.), '{label}')" for label in _DATE_LABELS)
    + ")]"
)
_LABEL_WORD = re.compile(rf"(?:{'|'.join(_DATE_LABELS)})(?!\w)")
NEAR_AFTER_CHARS = 700
NEAR_BEFORE_CHARS = 250


def _accept(value: datetime | None, latest: datetime) -> datetime | None:
    return value if value is not None and value <= latest else None


def _jsonld_values(page: Page, key: str) -> Iterator[str]:
    """Values of ``key`` on story nodes first, then page nodes (JSON-LD order otherwise)."""
    for node in page.jsonld:
        types = node_types(node)
        if not types & (ARTICLE_TYPES | PAGE_TYPES):
            continue
        raw = node.get(key)
        for value in raw if isinstance(raw, list) else [raw]:
            if isinstance(value, str) and value.strip():
                yield value
        if types & ARTICLE_TYPES and "videoobject" not in types and raw:
            return  # the story node answered; later nodes may describe other things


def _from_jsonld(page: Page, key: str, tz: str, latest: datetime) -> datetime | None:
    for value in _jsonld_values(page, key):
        parsed = _accept(parse_machine_date(value, tz), latest)
        if parsed is not None:
            return parsed
    return None


def _from_meta(page: Page, keys: tuple[str, ...], tz: str, latest: datetime) -> datetime | None:
    for key in keys:
        for value in page.meta.get(key, ()):
            parsed = _accept(parse_machine_date(value, tz), latest)
            if parsed is not None:
                return parsed
    return None


def _in_chrome(element: HtmlElement) -> bool:
    """Inside navigation/footer/sidebar or a teaser of another story: dates there belong
    to other stories or to today."""
    for ancestor in element.iterancestors():
        if ancestor.tag in _CHROME:
            return True
        if _TEASER_CLASS.search(ancestor.get("class") or ""):
            return True
    return False


def _header_scope(anchor: HtmlElement | None) -> HtmlElement | None:
    """The headline's container a few levels up: where a story's own byline/date lives."""
    if anchor is None:
        return None
    scope = anchor
    for _ in range(3):
        parent = scope.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        scope = parent
    return scope


def _from_time_elements(
    tree: HtmlElement, anchor: HtmlElement | None, tz: str, latest: datetime
) -> datetime | None:
    """itemprop=datePublished first, then <time> in the headline's block, then in <article>."""
    elements = _TIME_ELEMENTS(tree)
    if not elements:
        return None
    scope = _header_scope(anchor)
    ranked: list[tuple[int, int, HtmlElement]] = []
    for index, element in enumerate(elements):
        itemprop = element.get("itemprop") or ""
        hint = f"{itemprop} {element.get('class') or ''}"
        if itemprop == "dateModified" or (_UPDATE_HINT.search(hint) and "publish" not in hint):
            continue
        if itemprop in ("datePublished", "dateCreated") or element.get("pubdate") is not None:
            rank = 0
        elif "publish" in hint.lower():
            rank = 1
        elif scope is not None and _is_inside(element, scope):
            rank = 2
        elif any(a.tag == "article" for a in element.iterancestors()) and not _in_chrome(element):
            rank = 3
        else:
            continue
        ranked.append((rank, index, element))
    for _rank, _index, element in sorted(ranked, key=lambda item: item[:2]):
        raw = element.get("datetime") or element.get("data-datetime") or element.get("content")
        parsed = parse_machine_date(raw, tz) if raw else None
        if parsed is None:
            found = find_text_dates(element.text_content()[:200], tz, limit=1)
            parsed = found[0].value if found else None
        parsed = _accept(parsed, latest)
        if parsed is not None:
            return parsed
    return None


def _is_inside(element: HtmlElement, scope: HtmlElement) -> bool:
    return any(ancestor is scope for ancestor in element.iterancestors())


def _collect_text(element: HtmlElement, out: list[str], budget: list[int]) -> None:
    """Depth-first visible text of a subtree (with tails), stopping once the budget is spent."""
    if budget[0] <= 0:
        return
    if isinstance(element.tag, str) and element.tag not in _SKIP_TEXT:
        if element.text:
            out.append(element.text)
            budget[0] -= len(element.text)
        for child in element:
            _collect_text(child, out, budget)
            if budget[0] <= 0:
                return
    if element.tail:
        out.append(element.tail)
        budget[0] -= len(element.tail)


def text_after(anchor: HtmlElement, limit: int = NEAR_AFTER_CHARS) -> str:
    """Visible text following ``anchor`` in document order (its own text excluded)."""
    out: list[str] = []
    budget = [limit]
    node: HtmlElement | None = anchor
    if anchor.tail:
        out.append(anchor.tail)
        budget[0] -= len(anchor.tail)
    while node is not None and budget[0] > 0:
        for sibling in node.itersiblings():
            _collect_text(sibling, out, budget)
            if budget[0] <= 0:
                break
        node = node.getparent()
        if node is not None and node.tag == "body":
            break
    return " ".join(out)


def text_before(anchor: HtmlElement, limit: int = NEAR_BEFORE_CHARS) -> str:
    """Visible text just before ``anchor`` (closest last), e.g. a dateline above the title."""
    chunks: list[str] = []
    size = 0
    node: HtmlElement | None = anchor
    while node is not None and size < limit:
        for sibling in node.itersiblings(preceding=True):
            out: list[str] = []
            _collect_text(sibling, out, [limit * 4])
            text = " ".join(out)
            chunks.append(text)
            size += len(text)
            if size >= limit:
                break
        node = node.getparent()
        if node is not None and node.tag == "body":
            break
    return " ".join(reversed(chunks))[-limit:]


def _from_visible_text(
    tree: HtmlElement, anchor: HtmlElement | None, tz: str, latest: datetime
) -> datetime | None:
    """A written date next to the headline, else a labelled or date/byline-looking one.

    Next to the headline, a date *with a time* is the byline; a bare day there may as well
    be a photo caption, so a labelled date elsewhere ("Datum 28.04.2023") beats it.
    """
    untimed: datetime | None = None
    if anchor is not None:
        for region, closest_last in ((text_after(anchor), False), (text_before(anchor), True)):
            found = [d for d in find_text_dates(" ".join(region.split()), tz) if d.value <= latest]
            if closest_last:
                found.reverse()
            fresh = [d for d in found if not d.updated] or found
            timed = [d for d in fresh if d.has_time]
            if timed:
                return timed[0].value if fresh is not found else min(d.value for d in timed)
            if fresh and untimed is None:
                untimed = fresh[0].value
    value = _from_labelled_text(tree, tz, latest)
    if value is not None:
        return value
    if untimed is not None:
        return untimed
    for count, element in enumerate(_DATEISH_CLASS(tree)):
        if count >= 40:
            break
        if _in_chrome(element):
            continue
        text = " ".join(element.text_content()[:300].split())
        found = [d for d in find_text_dates(text, tz, limit=2) if d.value <= latest]
        fresh = [d for d in found if not d.updated]
        if fresh:
            return fresh[0].value
    return None


def _from_labelled_text(tree: HtmlElement, tz: str, latest: datetime) -> datetime | None:
    """'Datum 28.04.2023', 'Published: ...': a label is good evidence wherever it sits."""
    for count, node in enumerate(_LABELLED_TEXT(tree)):
        if count >= 20:
            break
        element = node.getparent()
        if not _LABEL_WORD.match(node.strip()) or element is None or _in_chrome(element):
            continue
        if node.is_tail:
            context = text_after(element, 80)
        else:
            context = f"{element.text_content()[:120]} {text_after(element, 80)}"
        found = find_text_dates(" ".join(context.split()), tz, limit=1)
        if found and found[0].value <= latest and not found[0].updated:
            return found[0].value
    return None


def date_from_url(url: str, tz: str) -> datetime | None:
    """/2025/11/17/slug, slug-2025-11-18.html or /20251118/ -> local midnight."""
    match = _URL_DATE_RE.search(url.split("?", 1)[0])
    if match is None:
        return None
    parts = [int(p) for p in match.groups() if p]
    try:
        return localize(datetime(parts[0], parts[1], parts[2]), tz)
    except ValueError:
        return None


def find_published(
    page: Page,
    anchor: HtmlElement | None,
    *,
    tz: str,
    feed_date: datetime | None,
    now: datetime,
) -> tuple[datetime | None, DateSource | None]:
    """First acceptable publication date and where it came from, or (None, None)."""
    latest = now + FUTURE_TOLERANCE
    tree = page.tree
    if tree is not None:
        value = _from_jsonld(page, "datePublished", tz, latest) or _from_jsonld(
            page, "dateCreated", tz, latest
        )
        if value is not None:
            return value, DateSource.json_ld
        value = _from_meta(page, PUBLISHED_META, tz, latest)
        if value is not None:
            return value, DateSource.meta
        value = _from_time_elements(tree, anchor, tz, latest)
        if value is not None:
            return value, DateSource.time_element
        value = _from_visible_text(tree, anchor, tz, latest)
        if value is not None:
            return value, DateSource.visible_text
    if feed_date is not None:
        value = _accept(localize(feed_date, tz), latest)
        if value is not None:
            return value, DateSource.feed
    value = _accept(date_from_url(page.url, tz), latest)
    if value is not None:
        return value, DateSource.url
    return None, None


def find_modified(page: Page, tz: str, now: datetime) -> datetime | None:
    """Last-modified time from JSON-LD or meta; informational, so no deeper search."""
    latest = now + FUTURE_TOLERANCE
    return _from_jsonld(page, "dateModified", tz, latest) or _from_meta(
        page, MODIFIED_META, tz, latest
    )


def utc_now() -> datetime:
    """Current time, timezone-aware, for the future-date check."""
    return datetime.now(UTC)
