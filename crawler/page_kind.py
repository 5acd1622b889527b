"""Is this page an article, a listing to harvest links from, or neither?

Decided from the page itself (see ``page_evidence``): running text, teaser lists, where
the headline stands. The URL's shape and the head's og:type / JSON-LD are hints that
only settle pages whose body is ambiguous, because both lie: listings carry
``og:type=article``, articles carry ``website`` or ``video.other``, section slugs
look like article slugs, and article URLs can be bare numbers.

Cost: one parse and one walk over the tree, a few milliseconds; front pages and
paginated listings are recognised from their URL without either.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import parse_qsl, urlsplit

from lxml.html import HtmlElement
from trafilatura.utils import load_html

from newsmon.crawler.page_evidence import PageEvidence, gather_evidence

ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "blogposting",
    "liveblogposting",
    "report",
    "scholarlyarticle",
    "techarticle",
}
LISTING_TYPES = {"collectionpage", "itemlist", "searchresultspage"}
_HEAD_END = re.compile(r"</head\s*>|<body[\s>]", re.IGNORECASE)
_META_TAG = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([a-zA-Z:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_LINK_CANONICAL = re.compile(r"""<link\b[^>]*\brel\s*=\s*["']?canonical\b""", re.IGNORECASE)
_JSON_LD = re.compile(
    r"""<script\b[^>]*type\s*=\s*["']?application/ld\+json["']?[^>]*>(.*?)</script>""",
    re.IGNORECASE | re.DOTALL,
)
_MAX_HEAD = 256_000


@dataclass(frozen=True, slots=True)
class HeadSignals:
    og_type: str | None
    jsonld_types: frozenset[str]
    has_canonical_link: bool


def _attributes(tag: str) -> dict[str, str]:
    return {
        m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or ""
        for m in _ATTR.finditer(tag)
    }


def _types_in(block: str) -> set[str]:
    try:
        data = json.loads(block)
    except (ValueError, RecursionError):  # RecursionError: JSON nested thousands deep
        return set()
    nodes = data if isinstance(data, list) else [data]
    for node in list(nodes):
        if isinstance(node, dict) and isinstance(node.get("@graph"), list):
            nodes.extend(node["@graph"])
    types: set[str] = set()
    for node in nodes:
        if isinstance(node, dict):
            value = node.get("@type")
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str):
                    types.add(item.lower())
    return types


def head_signals(html: str) -> HeadSignals:
    """og:type, top-level JSON-LD types and <link rel=canonical> from the page's head."""
    end = _HEAD_END.search(html, 0, _MAX_HEAD)
    head = html[: end.start() if end else _MAX_HEAD]
    og_type = None
    for tag in _META_TAG.findall(head):
        attributes = _attributes(tag)
        if attributes.get("property", attributes.get("name", "")).lower() == "og:type":
            og_type = attributes.get("content", "").strip().lower()
            break
    types: set[str] = set()
    for block in _JSON_LD.findall(head):
        types |= _types_in(block)
    return HeadSignals(og_type, frozenset(types), bool(_LINK_CANONICAL.search(head)))


class PageKind(StrEnum):
    ARTICLE = "article"
    LISTING = "listing"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class PageVerdict:
    kind: PageKind
    reason: str
    """Why, in a few words: logged, and counted per source for what is skipped."""


RUNNING_TEXT_CHARS = 1200
"""This much running prose (outside teaser cards) is an article whatever else the page says."""
SHORT_TEXT_CHARS = 150
"""Below this, a page has no text of its own to speak of (CJK text is short)."""
TEASER_LIST = 5
"""Title links enough to be worth following as a listing."""
HEADLINE_LED = 2
"""At most this many title links between the headline and the text (a breadcrumb, a tag)."""
FEW_TEASERS = 2
"""A headline over nothing but a few teasers: a short section page, or its last page."""
TEASERS_UNDER_HEADLINE = 5
"""This many teasers between the <h1> and the first prose: a section page's heading."""

_ID_SEGMENT = re.compile(
    r"\d{5,}"  # an id in the last segment: /3912126, article3322353.ece, -199920.html
    r"|^(?!(?:19|20)\d\d$)\d{3,}$"  # a short numeric id, but not a year's archive
    r"|(?=[a-z0-9]*\d)(?=[a-z0-9]*[a-z])[a-z0-9]{12,}"  # AST1F4445T1FUTIL02SM
    r"|^(?:article|story|news)[-_]?\d+",
    re.IGNORECASE,
)
_DATED_PATH = re.compile(r"/(?:19|20)\d{2}[/-](?:0?[1-9]|1[0-2])(?:[/-](?:0?[1-9]|[12]\d|3[01]))?/")
_PAGINATION = re.compile(r"/(?:page|seite|trang|pagina|p)/?\d+/?$", re.IGNORECASE)
_PAGE_PARAMS = {"page", "p", "pg", "seite", "trang", "offset", "start"}
_ID_PARAMS = re.compile(r"idx?$|^(?:p|a|art|story|article|newsid)$", re.IGNORECASE)
_WORDS = re.compile(r"[^\W_]+")


def url_hint(url: str) -> int:
    """+1 if the URL looks like one story's, -1 like a front or listing page, else 0.

    One signal among several: section slugs can have as many words as a story's, and a
    story's URL can be a bare number.
    """
    parts = urlsplit(url)
    path = parts.path or "/"
    segments = [s for s in path.split("/") if s]
    query = parse_qsl(parts.query)
    if any(_ID_PARAMS.search(k) and any(c.isdigit() for c in v) for k, v in query):
        return 1
    paginated = any(k.lower() in _PAGE_PARAMS and v.isdigit() for k, v in query)
    if paginated or _PAGINATION.search(path):
        return -1
    if not segments or re.fullmatch(r"index\.\w+|default\.\w+|home", segments[-1], re.I):
        return -1
    last = segments[-1]
    if _ID_SEGMENT.search(last) or _DATED_PATH.search(path + "/"):
        return 1
    stem = last.rsplit(".", 1)[0]
    return 1 if len(_WORDS.findall(stem)) >= 5 else 0


def metadata_hint(signals: HeadSignals) -> int:
    """+1 if the head calls the page an article, -1 a collection, else 0.

    og:type=website says nothing: many sites set it on every page, articles included.
    """
    og = signals.og_type or ""
    if og.startswith("article") or signals.jsonld_types & ARTICLE_TYPES:
        return 1
    if signals.jsonld_types & LISTING_TYPES:
        return -1
    return 0


def classify_page(
    html: str,
    url: str,
    article_url_pattern: re.Pattern[str] | None = None,
    tree: HtmlElement | None = None,
) -> PageVerdict:
    """Article, listing or other; see the module docstring.

    ``tree``: the page parsed already, if it is (otherwise it is parsed here, once).
    """
    verdict = verdict_without_parsing(url, article_url_pattern, lambda: html)
    if verdict is not None:
        return verdict
    if tree is None:
        tree = _parse(html)
    by_url, by_head = url_hint(url), metadata_hint(head_signals(html))
    return decide(gather_evidence(tree) if tree is not None else None, by_url, by_head)


def verdict_without_parsing(
    url: str, article_url_pattern: re.Pattern[str] | None, read_html: Callable[[], str]
) -> PageVerdict | None:
    """The verdict when the URL and the head settle it, else None (the body must be read).

    A source's ``article_url_pattern`` is the operator's override and decides alone;
    the pages it does not match are still followed as listings. ``read_html`` is
    called only when the URL looks like a front or paginated page: the crawl loop
    does not decode an article's body (its worker does).
    """
    if article_url_pattern is not None:
        if article_url_pattern.search(url):
            return PageVerdict(PageKind.ARTICLE, "matches article_url_pattern")
        return PageVerdict(PageKind.LISTING, "does not match article_url_pattern")
    if url_hint(url) < 0 and metadata_hint(head_signals(read_html())) <= 0:
        # A front page or a listing's page N that does not claim to be an article: no
        # need to read it before following its links.
        return PageVerdict(PageKind.LISTING, "front or paginated page")
    return None


def _parse(html: str) -> HtmlElement | None:
    """trafilatura's loader: it works around libxml2 cutting some pages short after their
    doctype (which the crawl's own parser, and so a classifier using it, suffers from)."""
    try:
        return load_html(html)
    except Exception:  # garbage in: no tree, the page is "other"
        return None


def decide(evidence: PageEvidence | None, by_url: int, by_head: int) -> PageVerdict:
    """The rules, in order of the strength of their evidence (hints: -1, 0 or +1)."""
    hints = by_url + by_head
    if evidence is None:
        return PageVerdict(PageKind.OTHER, "not parseable")
    if evidence.main_chars >= RUNNING_TEXT_CHARS:
        return PageVerdict(PageKind.ARTICLE, "running text")
    gap = evidence.lead_gap
    teasers = evidence.teasers >= TEASER_LIST
    if teasers and gap is not None and gap >= TEASERS_UNDER_HEADLINE and hints < 2:
        return PageVerdict(PageKind.LISTING, "teasers under the headline")
    headline_led = gap is not None and gap <= HEADLINE_LED
    if evidence.main_chars >= SHORT_TEXT_CHARS and (hints > 0 or (hints == 0 and headline_led)):
        return PageVerdict(PageKind.ARTICLE, "short text under a headline")
    if teasers:
        return PageVerdict(PageKind.LISTING, "teaser list")
    if gap is not None and gap >= FEW_TEASERS and evidence.main_chars < SHORT_TEXT_CHARS:
        return PageVerdict(PageKind.LISTING, "teasers under the headline")
    if by_url < 0 and evidence.teasers:
        return PageVerdict(PageKind.LISTING, "listing URL with teasers")
    if hints > 0:
        # Nothing on the page says otherwise (text drawn by script, a video page): let
        # extraction decide; an empty body is counted there.
        return PageVerdict(PageKind.ARTICLE, "metadata or URL, no contrary evidence")
    return PageVerdict(PageKind.OTHER, "no running text and no teasers")
