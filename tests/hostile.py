"""A loopback web server that misbehaves the way real sites and attackers do.

Each path answers with a ``Page`` (status, headers, body) or a function that
writes the response itself (redirect loops, dripping bodies). Every request is
logged, so tests count what a crawl actually asked for.
"""

from __future__ import annotations

import html
import json
import random
import threading
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

Handler = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Page:
    body: bytes | str = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html"})


class HostileSite:
    def __init__(self, routes: dict[str, Page | Handler] | None = None) -> None:
        self.routes: dict[str, Page | Handler] = dict(routes or {})
        self.requests: list[str] = []
        self._lock = threading.Lock()
        site = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                with site._lock:
                    site.requests.append(self.path)
                route = site.routes.get(self.path) or site.routes.get(self.path.split("?")[0])
                if route is None:
                    route = Page("not here", 404)
                if callable(route):
                    route(self)
                    return
                body = route.body.encode() if isinstance(route.body, str) else route.body
                try:
                    self.send_response(route.status)
                    for name, value in route.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.domain = f"127.0.0.1:{self.port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self) -> Counter[str]:
        with self._lock:
            return Counter(self.requests)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> HostileSite:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def redirect(location: str, status: int = 302) -> Page:
    return Page(b"", status, {"Location": location, "Content-Type": "text/html"})


def article_html(
    title: str,
    paragraphs: list[str],
    *,
    canonical: str | None = None,
    json_ld: Any = None,
    raw_json_ld: str | None = None,
    published: str = "2025-11-20T09:00:00+00:00",
) -> str:
    """An ordinary article page: og:type article, one <h1>, a date, body paragraphs."""
    head = [
        f"<title>{html.escape(title)}</title>",
        '<meta property="og:type" content="article">',
        f'<meta property="article:published_time" content="{published}">',
    ]
    if canonical:
        head.append(f'<link rel="canonical" href="{html.escape(canonical)}">')
    if json_ld is not None:
        head.append(f'<script type="application/ld+json">{json.dumps(json_ld)}</script>')
    if raw_json_ld is not None:
        head.append(f'<script type="application/ld+json">{raw_json_ld}</script>')
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">{"".join(head)}</head>'
        f"<body><article><h1>{html.escape(title)}</h1>{body}</article></body></html>"
    )


def home_html(links: list[str]) -> str:
    anchors = "".join(f'<li><a href="{html.escape(u)}">{html.escape(u)}</a></li>' for u in links)
    head = "<!doctype html><html><head><title>Home</title></head>"
    return f"{head}<body><ul>{anchors}</ul></body></html>"


def sitemap(urls: list[tuple[str, str | None]], *, index: bool = False) -> Page:
    kind, item = ("sitemapindex", "sitemap") if index else ("urlset", "url")
    entries = "".join(
        f"<{item}><loc>{html.escape(u)}</loc>"
        + (f"<lastmod>{m}</lastmod>" if m else "")
        + f"</{item}>"
        for u, m in urls
    )
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<{kind} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</{kind}>'
    )
    return Page(body, 200, {"Content-Type": "application/xml"})


_WORDS = (
    "council",
    "harbour",
    "warehouse",
    "library",
    "quay",
    "budget",
    "housing",
    "plan",
    "river",
    "bridge",
    "school",
    "teacher",
    "market",
    "festival",
    "mayor",
    "election",
    "museum",
    "railway",
    "station",
    "ferry",
    "island",
    "winter",
    "summer",
    "tram",
    "hospital",
    "doctor",
    "nurse",
    "farmer",
    "harvest",
    "factory",
    "workers",
    "union",
    "strike",
    "police",
    "court",
    "judge",
    "minister",
    "parliament",
    "village",
    "mountain",
    "forest",
    "storm",
    "flood",
    "drought",
    "museum",
    "theatre",
    "concert",
    "orchestra",
    "football",
    "stadium",
    "coach",
    "season",
    "league",
    "bakery",
    "bread",
    "price",
    "rent",
    "tenant",
    "landlord",
    "bicycle",
    "lane",
    "traffic",
    "airport",
    "pilot",
    "runway",
    "engineer",
    "tunnel",
    "canal",
    "lighthouse",
    "fisherman",
)


def paragraphs(topic: str) -> list[str]:
    """Four paragraphs of text no other topic shares (so dedup keeps test stories apart)."""
    rng = random.Random(zlib.crc32(topic.encode()))
    return [
        f"{topic.capitalize()}: " + " ".join(rng.choice(_WORDS) for _ in range(45)) + "."
        for _ in range(4)
    ]


def write_config(
    directory: Path,
    sources: list[dict[str, Any]],
    *,
    database_url: str | None = None,
    crawl: dict[str, Any] | None = None,
    extra: str = "",
) -> Path:
    """A newsmon config for hostile sites (fast timeouts, no delays)."""
    settings = {"download_timeout": 5, "download_delay": 0, "retries": 1, **(crawl or {})}
    lines = [
        "[database]",
        f"url = {json.dumps(database_url or f'sqlite:///{directory}/archive.db')}",
        "",
        "[crawl]",
        *(f"{k} = {json.dumps(v)}" for k, v in settings.items()),
    ]
    for source in sources:
        lines += ["", "[[sources]]", *(f"{k} = {json.dumps(v)}" for k, v in source.items())]
    path = directory / "newsmon.toml"
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path
