"""Meta-refresh redirects read from the head of the page, not from the whole page decoded.

Scrapy's ``MetaRefreshMiddleware`` looks for ``<meta http-equiv="refresh">`` in the
first 4,096 characters, but gets them from ``response.text``: the whole body
decoded, for every page, in the crawl loop. Here only the first 4,096 bytes are
decoded (charset from the BOM, the header or the page's own declaration), which is
what the tag can be found in; everything else is Scrapy's middleware.
"""

from __future__ import annotations

from typing import Any

from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse, Request, Response
from scrapy.utils.httpobj import urlparse_cached
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom
from w3lib.html import get_base_url, get_meta_refresh

HEAD_BYTES = 4096


def head_meta_refresh(
    response: HtmlResponse, ignore_tags: list[str]
) -> tuple[float, str] | tuple[None, None]:
    """(interval, absolute URL) of the page's meta refresh, or (None, None)."""
    body = response.body
    content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
    encoding = (
        read_bom(body)[0]
        or http_content_type_encoding(content_type)
        or html_body_declared_encoding(body)
        or "utf-8"
    )
    head = body[:HEAD_BYTES].decode(encoding, errors="replace")
    base = get_base_url(head, response.url, encoding)
    return get_meta_refresh(head, base, encoding, ignore_tags=ignore_tags)


class HeadMetaRefreshMiddleware(MetaRefreshMiddleware):
    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        if (
            request.meta.get("dont_redirect", False)
            or request.method == "HEAD"
            or not isinstance(response, HtmlResponse)
            or urlparse_cached(request).scheme not in {"http", "https"}
        ):
            return response
        interval, url = head_meta_refresh(response, self._ignore_tags)
        if not url:
            return response
        redirected = self._redirect_request_using_get(request, response, url)
        if urlparse_cached(redirected).scheme not in {"http", "https"}:
            return response
        if interval is not None and interval < self._maxdelay:
            return self._redirect(redirected, request, "meta refresh")
        return response
