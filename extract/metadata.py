"""Article metadata (title, authors, description, image, tags, section, canonical URL).

Everything is read from the already-built :class:`Page` index (meta tags, JSON-LD), plus a
few targeted lookups around the headline, so no step rescans the whole document.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from .datetext import MONTH_ALT as _MONTH_ALT
from .page import ARTICLE_TYPES, JsonObj, Page, node_types
from .text import clean_inline

_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»/]{1,2}\s+")
_WORD = re.compile(r"\w+")
_DATE_ONLY = re.compile(r"[\d./\-: ]{6,}")
_AUTHOR_PREFIX = re.compile(
    r"^(?:(?:written|reported|reporting|text|story|words|photos?|posted|published)\s+by|by|von|text|texte?|"
    r"autor(?:in)?|author|bởi|par|por|di|de|af|av|door|tác giả|redakce|napisał|quelle|source|"
    r"from)\s*:?\s+",
    re.IGNORECASE,
)
_AUTHOR_SPLIT = re.compile(
    r"\s*(?:[,;|/•·]|\s(?:and|und|&|et|và|og|och|en|и|oraz|ve|(?-i:y|e|i|a))\s)\s*",
    re.IGNORECASE,  # one-letter conjunctions only in lower case: "Nguyễn Văn A" is a name
)
_PATHLIKE = re.compile(r"\w\.\w+/|^/")
_AUTHOR_NOISE = re.compile(
    r"@|https?:|www\.|[()\[\]]|\b(?:getty|istock|shutterstock|image|images|photo|foto|bild)\b",
    re.IGNORECASE,
)
_AUTHOR_TRAILER = re.compile(
    rf"\s*(?:\b(?:{_MONTH_ALT})\.?\s*)?\d.*$", re.IGNORECASE
)  # "Jane Doe 12:20pm Jan 7", "Jane Doe June 19": the date glued to a byline
_AUTHOR_ROLE = re.compile(
    r"\s*(?:\((?:[^)]*)\)|[-–—|]\s*(?:reuters|afp|dpa|apa|ap)\b.*)$", re.IGNORECASE
)
_AUTHOR_LABEL = re.compile(
    r"(?:(?<=\w)\s*|^)\b(?:posted|updated|last\s+updated|published|filed|veröffentlicht|"
    r"aktualisiert|erschienen|cập\s+nhật|đăng\s+lúc)\b(?!\s+by\b).*$",
    re.IGNORECASE,
)  # "Chloe Barnes, Posted", "Jane Doe Updated 5 min ago": a label, not a name
_BYLINE_XPATH = etree.XPath(
    "//*[@itemprop='author'] | //a[@rel='author'] | "
    "//*[contains(@class,'author') or contains(@class,'byline')]"
    "[not(self::meta or self::script or self::style or self::body or self::html)]"
)


@dataclass(frozen=True, slots=True)
class Metadata:
    """Metadata fields extracted from one page (dates live in :mod:`dates`)."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    description: str | None = None
    image: str | None = None
    tags: tuple[str, ...] = ()
    section: str | None = None
    canonical_url: str | None = None


def story_node(page: Page) -> JsonObj | None:
    """The JSON-LD node describing the story (first article-typed node), if any."""
    for node in page.jsonld:
        if node_types(node) & ARTICLE_TYPES:
            return node
    return None


def _strings(value: Any, key: str = "name") -> Iterator[str]:
    """Flatten JSON-LD values: 'x', {'name': 'x'}, ['x', {'name': 'y'}] -> 'x', 'y'."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        inner = value.get(key)
        if isinstance(inner, str):
            yield inner
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, key)


def _tokens(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def _similarity(a: str, b: str) -> float:
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / max(len(ta), len(tb))


def site_names(page: Page, story: JsonObj | None) -> list[str]:
    """Names a page may append to its titles: og:site_name, publisher, host name."""
    names = [
        name
        for name in (
            page.first_meta("og:site_name"),
            page.first_meta("application-name"),
            page.first_meta("apple-mobile-web-app-title"),
            *(_strings(story.get("publisher")) if story else ()),
        )
        if name
    ]
    host = urlsplit(page.url).hostname or ""
    host = host.removeprefix("www.").removeprefix("m.")
    if host:
        names.append(host)
        names.append(host.split(".")[0])
    return names


def _fold(text: str) -> str:
    """Comparison key for site names: 'Börsen-Zeitung' ~ 'boersen-zeitung.de'."""
    text = text.lower().translate(_UMLAUTS)
    return re.sub(r"\W", "", text)


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def site_keys(names: Iterable[str]) -> set[str]:
    keys = {_fold(n) for n in names if n}
    keys.discard("")
    return keys


def is_site_name(text: str, keys: set[str]) -> bool:
    """Does ``text`` name the site itself (fuzzy: host names, umlaut spellings)?"""
    key = _fold(text)
    return bool(key) and any(key == k or (len(key) > 3 and key in k) or k in key for k in keys)


def strip_site_name(title: str, names: Iterable[str], *, aggressive: bool) -> str:
    """Drop leading/trailing " | Site name" segments (and " | 28.04.2023", " | by Author").

    ``aggressive`` (used for <title>, which nearly always carries the site) also drops one
    short trailing segment when we cannot tell it is the site's name.
    """
    keys = site_keys(names)

    def is_site(part: str) -> bool:
        return is_site_name(part, keys)

    def is_noise(part: str) -> bool:
        stripped = part.strip()
        return (
            is_site(stripped)
            or _DATE_ONLY.fullmatch(stripped) is not None
            or stripped.lower().startswith("by ")
        )

    for _ in range(3):
        parts = _TITLE_SEPARATORS.split(title)
        if len(parts) < 2:
            return title
        seps = _TITLE_SEPARATORS.findall(title)
        if is_noise(parts[-1]):
            title = title[: len(title) - len(parts[-1]) - len(seps[-1])].strip()
        elif is_site(parts[0]):
            title = title[len(parts[0]) + len(seps[0]) :].strip()
        else:
            break
    else:
        return title
    parts = _TITLE_SEPARATORS.split(title)
    if aggressive and len(parts) > 1 and len(parts[-1]) < 30 and len(title) - len(parts[-1]) > 15:
        seps = _TITLE_SEPARATORS.findall(title)
        return title[: len(title) - len(parts[-1]) - len(seps[-1])].strip()
    return title


def find_headline_element(
    tree: HtmlElement, hint: str | None, title_tag: str | None
) -> HtmlElement | None:
    """The <h1> carrying the story title (logos in <h1> are common, so match against hints)."""
    best: HtmlElement | None = None
    best_score = 0.0
    for count, h1 in enumerate(tree.iter("h1")):
        if count >= 10:
            break
        text = clean_inline(h1.text_content())
        if not text:
            continue
        score = max(
            _similarity(text, hint) if hint else 0.0,
            _similarity(text, title_tag) * 0.9 if title_tag else 0.0,
        )
        if not hint and not title_tag:
            score = 0.5 if len(text) > 15 else 0.1
        if score > best_score:
            best, best_score = h1, score
    if best is not None and best_score >= 0.3:
        return best
    if hint:  # some templates set the headline in <h2>/<h3>: accept only a close match
        for count, heading in enumerate(tree.iter("h2", "h3")):
            if count >= 100:
                break
            text = clean_inline(heading.text_content())
            if text and _similarity(text, hint) >= 0.6:
                return heading
    return None


def choose_title(page: Page, story: JsonObj | None, h1: HtmlElement | None) -> str | None:
    """The title most of JSON-LD headline, og:title and the <h1> agree on (ties: that order).

    Sites rewrite og:title for social media and the <h1> for the page; where two of the
    three agree that is the story's title. <title> (with its " | Site" suffix) is last resort.
    """
    names = site_names(page, story)
    headline = (
        next((s for s in _strings(story.get("headline")) if s.strip()), None) if (story) else None
    )
    candidates = [
        strip_site_name(value, names, aggressive=False)
        for raw in (
            headline,
            page.first_meta("og:title", "twitter:title"),
            h1.text_content() if h1 is not None else None,
        )
        if (value := clean_inline(raw))
    ]
    if candidates:
        votes = Counter(_title_key(c) for c in candidates)
        return max(candidates, key=lambda c: votes[_title_key(c)])  # first wins ties
    title_tag = _title_tag(page)
    if title_tag:
        return strip_site_name(title_tag, names, aggressive=True)
    return None


def _title_key(title: str) -> str:
    return " ".join(_WORD.findall(title.casefold()))


def _title_tag(page: Page) -> str | None:
    if page.tree is None:
        return None
    element = page.tree.find(".//title")
    return clean_inline(element.text_content()) if element is not None else None


def clean_author(raw: str) -> list[str]:
    """'By Jane Doe and John Roe, Reuters' -> ['Jane Doe', 'John Roe', 'Reuters']."""
    text = clean_inline(raw)
    if not text or len(text) > 200 or _PATHLIKE.search(text):
        return []
    text = _AUTHOR_PREFIX.sub("", text)
    names: list[str] = []
    for part in _AUTHOR_SPLIT.split(text):
        part = _AUTHOR_PREFIX.sub("", part.strip(" .:-–—")).strip()
        part = _AUTHOR_TRAILER.sub("", _AUTHOR_ROLE.sub("", part))
        part = _AUTHOR_LABEL.sub("", part).strip(" .,:-–—")
        if not part or _AUTHOR_NOISE.search(part) or len(part) > 60 or len(part.split()) > 5:
            continue
        if not any(ch.isalpha() for ch in part):
            continue
        names.append(part)
    return names


def _dedupe(values: Iterable[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        key = value.casefold()
        if key not in seen:
            seen.add(key)
            out.append(value)
    return tuple(out)


_AUTHOR_META = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator",
                "dcterms.creator", "byl", "citation_author")  # fmt: skip


def find_authors(page: Page, story: JsonObj | None, h1: HtmlElement | None) -> tuple[str, ...]:
    """JSON-LD author, then author meta tags, then a byline element near the headline.

    Many sites put their own name in the author slot; such an answer is kept only when no
    later source names a person.
    """
    keys = site_keys(site_names(page, story))

    def from_jsonld() -> list[str]:
        if not story:
            return []
        return list(_strings(story.get("author"))) or list(_strings(story.get("creator")))

    def from_meta() -> list[str]:
        for key in _AUTHOR_META:
            values = [v for v in page.meta.get(key, ()) if "://" not in v]
            if values:
                return values
        return []

    def from_byline() -> list[str]:
        return _byline_authors(page.tree) if page.tree is not None else []

    fallback: tuple[str, ...] = ()
    for source in (from_jsonld, from_meta, from_byline):
        names = _dedupe(name for value in source() for name in clean_author(value))
        if not names:
            continue
        if all(is_site_name(name, keys) for name in names):
            fallback = fallback or names
            continue
        return names
    return fallback


def _byline_authors(tree: HtmlElement) -> list[str]:
    for count, element in enumerate(_BYLINE_XPATH(tree)):
        if count >= 20:
            break
        if any(a.tag in ("nav", "footer", "aside") for a in element.iterancestors()):
            continue
        named = element.xpath(".//*[@itemprop='name']")
        text = named[0].text_content() if named else element.text_content()
        found = clean_author(text)
        if found:
            return found
    return []


def _split_keywords(values: Iterable[str]) -> Iterator[str]:
    for value in values:
        for part in re.split(r"[,;]", value):
            cleaned = clean_inline(part)
            if cleaned and len(cleaned) <= 80:
                yield cleaned


def find_tags(page: Page, story: JsonObj | None) -> tuple[str, ...]:
    """article:tag, JSON-LD keywords, news_keywords/keywords meta, deduplicated."""
    sources: list[str] = list(page.meta.get("article:tag", ()))
    if story:
        sources.extend(_strings(story.get("keywords")))
    if not sources:
        sources = list(page.meta.get("news_keywords", ())) or list(page.meta.get("keywords", ()))
    return _dedupe(_split_keywords(sources))[:50]


def find_section(page: Page, story: JsonObj | None, title: str | None) -> str | None:
    """article:section, JSON-LD articleSection, else the last breadcrumb before the story."""
    value = page.first_meta("article:section", "section", "parsely-section")
    if value:
        return clean_inline(value)
    if story:
        for section in _strings(story.get("articleSection")):
            cleaned = clean_inline(section)
            if cleaned:
                return cleaned
    for node in page.jsonld:
        if "breadcrumblist" in node_types(node):
            items = node.get("itemListElement")
            if not isinstance(items, list):
                continue
            ordered = sorted(
                (i for i in items if isinstance(i, dict)),
                key=lambda i: i.get("position") if isinstance(i.get("position"), int) else 0,
            )
            names = [n for i in ordered if (n := clean_inline(_crumb_name(i)))]
            if names and title and _similarity(names[-1], title) > 0.6:
                names.pop()
            if len(names) > 1:
                return names[-1]
    return None


def _crumb_name(item: dict[str, Any]) -> str | None:
    name = item.get("name")
    if isinstance(name, str):
        return name
    inner = item.get("item")
    if isinstance(inner, dict) and isinstance(inner.get("name"), str):
        return inner["name"]
    return None


def find_image(page: Page, story: JsonObj | None) -> str | None:
    """og:image / twitter:image / JSON-LD image / image_src, made absolute."""
    value = page.first_meta(
        "og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src"
    )
    if not value and story:
        value = next(_strings(story.get("image"), key="url"), None)
    if not value and page.links.get("image_src"):
        value = page.links["image_src"][0]
    absolute = page.absolute(value)
    return absolute if absolute and absolute.startswith(("http://", "https://")) else None


def find_canonical(page: Page) -> str | None:
    """<link rel=canonical>, then og:url, made absolute; only http(s) URLs count."""
    for href in (*page.links.get("canonical", ()), page.first_meta("og:url")):
        absolute = page.absolute(href)
        if absolute and absolute.startswith(("http://", "https://")):
            return absolute
    return None


def extract_metadata(page: Page) -> tuple[Metadata, HtmlElement | None]:
    """All metadata fields plus the headline element (the anchor for byline/date search)."""
    story = story_node(page)
    h1: HtmlElement | None = None
    if page.tree is not None:
        hint = page.first_meta("og:title", "twitter:title")
        if not hint and story:
            hint = next(_strings(story.get("headline")), None)
        h1 = find_headline_element(page.tree, hint, _title_tag(page))
    title = choose_title(page, story, h1)
    description = clean_inline(
        page.first_meta("og:description", "description", "twitter:description")
        or (next(_strings(story.get("description")), None) if story else None)
    )
    metadata = Metadata(
        title=title,
        authors=find_authors(page, story, h1),
        description=description,
        image=find_image(page, story),
        tags=find_tags(page, story),
        section=find_section(page, story, title),
        canonical_url=find_canonical(page),
    )
    return metadata, h1
