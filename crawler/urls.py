"""Which URLs a source's crawl may follow."""

from __future__ import annotations

from urllib.parse import urlsplit


def netloc_of(url: str) -> str:
    """host[:port] in lower case, the unit our allowed-domain checks compare."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return f"{host}:{parts.port}" if parts.port else host


def is_allowed(url: str, domains: list[str]) -> bool:
    """True if the URL's host is one of the domains or a subdomain of one.

    A domain given with a port (``127.0.0.1:8080``) matches that port only;
    Scrapy's own offsite check ignores ports, which matters on loopback.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return False
    host = (parts.hostname or "").lower()
    netloc = netloc_of(url)
    for domain in domains:
        if ":" in domain:
            if netloc == domain:
                return True
        elif host == domain or host.endswith("." + domain):
            return True
    return False
