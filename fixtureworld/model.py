"""The fixture world's data model: one ``Article`` per story, plus date/text helpers.

Articles are plain data so the hand-written content modules stay readable and the
renderers, feeds, sitemaps and ground truth are all derived from one source.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

DateMode = Literal[
    "json-ld",  # JSON-LD NewsArticle + article:published_time + visible text
    "meta",  # article:published_time meta tags + visible text, no JSON-LD
    "time-element",  # <time datetime=...> + visible text only
    "visible-text",  # only a human-readable date in the page (source timezone applies)
    "future-json-ld",  # JSON-LD claims 2031 (a CMS bug); the visible text is right
    "feed",  # no date in the page at all; feeds carry it
    "url",  # the URL is the only date
    "none",  # no date anywhere: first-seen is all a crawler can know
]
Special = Literal["flaky", "slow", "disallowed", "missing", "oversized"]

TZ_VN = ZoneInfo("Asia/Ho_Chi_Minh")
TZ_DE = ZoneInfo("Europe/Berlin")
TZ_UK = ZoneInfo("Europe/London")


def vn(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    """A wall-clock time in Hanoi."""
    return datetime(y, mo, d, h, mi, tzinfo=TZ_VN)


def de(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    """A wall-clock time in Cologne (CET/CEST resolved by zoneinfo)."""
    return datetime(y, mo, d, h, mi, tzinfo=TZ_DE)


def uk(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    """A wall-clock time in London."""
    return datetime(y, mo, d, h, mi, tzinfo=TZ_UK)


@dataclass
class Article:
    """One story as the newsroom wrote it; every page/feed/sitemap entry derives from it.

    ``body`` is paragraphs separated by blank lines; a paragraph starting with ``## `` is a
    subheading. ``{base:OUTLET}`` inside text is replaced by that outlet's live base URL.
    """

    key: str
    section: str
    path: str  # canonical path (absolute URL is built from the live port)
    title: str
    lead: str
    body: str
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    modified: datetime | None = None
    date_mode: DateMode = "json-ld"
    learning_city: bool = False
    outlet: str = ""
    charset: str = "utf-8"  # "utf-8", "windows-1252", "windows-1258"
    nfd: bool = False  # served as UTF-8 but in Unicode NFD
    malformed: bool = False
    special: Special | None = None
    in_feeds: bool = True
    in_sitemaps: bool = True
    listed: bool = True  # appears on section/latest listings
    tags: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)  # keys; auto-filled when empty
    comments: list[tuple[str, str]] = field(default_factory=list)  # extra (name, text)
    # URL variants that a crawler will meet and must fold into this story:
    variant_links: list[tuple[str, str]] = field(default_factory=list)  # (place, path?query)
    amp_path: str | None = None
    print_variant: bool = False
    redirect_from: list[str] = field(default_factory=list)
    alt_paths: list[tuple[str, str]] = field(default_factory=list)  # (path, section), canonical
    copy_paths: list[tuple[str, str]] = field(default_factory=list)  # (path, section), none
    slashless_variant: bool = False
    attachments: list[tuple[str, str]] = field(default_factory=list)  # (label, path)
    synthetic: bool = False

    @property
    def paragraphs(self) -> list[str]:
        """Body split into paragraphs (subheadings keep their ``## `` marker)."""
        return [p.strip() for p in self.body.strip().split("\n\n") if p.strip()]

    @property
    def last_change(self) -> datetime | None:
        return self.modified or self.published


_VI_WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]
_DE_MONTHS = [
    "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
    "September", "Oktober", "November", "Dezember",
]  # fmt: skip


def visible_date(dt: datetime, language: str) -> str:
    """The human-readable date each outlet prints under its headlines."""
    if language == "vi":
        return f"{_VI_WEEKDAYS[dt.weekday()]}, {dt:%d/%m/%Y %H:%M}"
    if language == "de":
        return f"{dt.day}. {_DE_MONTHS[dt.month - 1]} {dt.year}, {dt:%H:%M} Uhr"
    return f"{dt:%A} {dt.day} {dt:%B %Y %H:%M} {dt.tzname()}"


def short_date(dt: datetime, language: str) -> str:
    """Teaser date for listings."""
    if language == "vi":
        return f"{dt:%d/%m/%Y}"
    if language == "de":
        return f"{dt:%d.%m.%Y}"
    return f"{dt.day} {dt:%b %Y}"


def slugify(text: str) -> str:
    """ASCII slug as Vietnamese/German CMSs make them (đ→d, ß→ss, diacritics dropped)."""
    text = text.replace("đ", "d").replace("Đ", "D").replace("ß", "ss")
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"), ("Ü", "Ue")):
        text = text.replace(a, b)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


_CP1258_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def encode_cp1258(text: str) -> bytes:
    """Encode like real windows-1258 pages: precomposed where the code page has the letter,
    otherwise base letter (â, ơ, ư… are in the code page) + combining tone mark."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        nfd = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _CP1258_TONES))
        tones = "".join(c for c in nfd if c in _CP1258_TONES)
        try:
            out += (base + tones).encode("cp1258")
        except UnicodeEncodeError:
            out += ch.encode("cp1258", errors="xmlcharrefreplace")
    return bytes(out)


def encode_page(html: str, charset: str, nfd: bool = False) -> bytes:
    """Serialise a page in its declared charset."""
    if nfd:
        html = unicodedata.normalize("NFD", html)
    if charset == "windows-1258":
        return encode_cp1258(html)
    if charset == "windows-1252":
        return html.encode("cp1252", errors="xmlcharrefreplace")
    return html.encode("utf-8")
