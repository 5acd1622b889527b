"""What makes two pages the same story: URL keys and body fingerprints.

Tracking parameters, fragments, trailing slashes, AMP and print variants all
name the same page. The normalised form is what the archive stores as an
appearance, so every rule here decides what counts as "the same URL".
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

_TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|twclid|igshid|mc_cid|mc_eid|"
    r"_ga|_gl|ocid|cmpid|icid|ito|ns_\w+|at_\w+|wt_\w+|xtor|spm|share|ref|ref_src|s_cid)$",
    re.IGNORECASE,
)
# Query parameters that only switch a page to its AMP or print rendering.
_RENDERING_PARAMS = re.compile(r"^(amp|outputtype|print|printable|view|output)$", re.IGNORECASE)
_RENDERING_VALUES = {"", "1", "true", "yes", "amp", "print", "printable"}
_AMP_PATH = [
    (re.compile(r"/amp/"), "/"),  # /amp/section/story.html
    (re.compile(r"/amp$"), ""),  # /section/story/amp
    (re.compile(r"\.amp(\.html?)$"), r"\1"),  # story.amp.html
    (re.compile(r"/print/"), "/"),  # /print/section/story.html
    (re.compile(r"/print$"), ""),
]


@lru_cache(maxsize=4096)
def normalize_url(url: str, *, collapse_renderings: bool = True) -> str:
    """Return the key of a URL: lower-case host, no tracking parameters or fragment.

    With ``collapse_renderings`` (the default) AMP and print variants map to the
    regular article URL too. Remembered: a save asks for the same few URLs' keys
    several times (keys, appearances, renderings), at some 20 µs each.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = (
        host
        if port is None or (scheme, port) in (("http", 80), ("https", 443))
        else f"{host}:{port}"
    )
    path = parts.path or "/"
    if collapse_renderings:
        for pattern, replacement in _AMP_PATH:
            path = pattern.sub(replacement, path) or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not _TRACKING_PARAMS.match(key)
        and not (
            collapse_renderings
            and _RENDERING_PARAMS.match(key)
            and value.lower() in _RENDERING_VALUES
        )
    ]
    rebuilt = urlunsplit((scheme, netloc, path, urlencode(query), ""))
    return canonicalize_url(rebuilt, keep_fragments=False)


def clean_url(url: str) -> str:
    """``url`` as served, less what only tracks the reader (utm_*, fbclid…) and the fragment.

    Unlike the key, it keeps the path as the site spells it (trailing slash, case),
    so it still answers.
    """
    parts = urlsplit(url.strip())
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not _TRACKING_PARAMS.match(k)
    ]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def rendering_of(url: str) -> str | None:
    """ "amp" or "print" if ``url`` is such a rendering of an article, else None."""
    if normalize_url(url) == normalize_url(url, collapse_renderings=False):
        return None
    parts = urlsplit(url.lower())
    markers = [parts.path, *(f"{k}={v}" for k, v in parse_qsl(parts.query, True))]
    return "amp" if any(re.search(r"(^|[/.=])amp\b", m) for m in markers) else "print"


def content_hash(text: str) -> str:
    """Fingerprint of a body text that ignores case, Unicode normal form and whitespace.

    Whitespace runs become one space by ``split``/``join`` (what ``re``'s ``\\s+`` and
    ``strip`` did, for the same characters, at twice the cost).
    """
    normalised = " ".join(unicodedata.normalize("NFC", text).split()).casefold()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()
