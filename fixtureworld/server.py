"""HTTP serving for one outlet: routing, caching, conditional GET and the hard cases.

One ``OutletServer`` = one ``ThreadingHTTPServer`` on its own port, so every outlet is a
distinct ``host:port`` domain. Rendered responses are cached until the world mutates.
"""

from __future__ import annotations

import functools
import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from fixtureworld.model import Article, encode_page
from fixtureworld.sites import Site

CHUNK = 64 * 1024
OVERSIZED_BYTES = 8 * 1024 * 1024


@dataclass
class LoggedRequest:
    """One request as the server saw it (for asserting what a crawler fetched)."""

    outlet: str
    method: str
    path: str  # including the query string
    status: int
    headers: dict[str, str]
    bytes_sent: int
    timestamp: float


@dataclass
class Response:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    stream: Callable[[], Iterator[bytes]] | None = None
    length: int | None = None
    delay: float = 0.0


def _http_date(dt: datetime) -> str:
    return format_datetime(dt.astimezone(UTC), usegmt=True)


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha1(body).hexdigest()[:20] + '"'


@functools.cache
def _pdf_bytes() -> bytes:
    """A small but valid one-page PDF (built once, with a correct xref table)."""
    stream = b"BT /F1 18 Tf 72 720 Td (Bao cao ho so de cu thanh pho - 2025) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


_GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


@functools.cache
def _oversized_page(title: str) -> bytes:
    """~8 MB of article-looking HTML, built once per process and then only streamed."""
    names = ["Cole", "Natarajan", "Osei", "Reyes", "Whitcombe", "Hughes", "Park", "Ferris"]
    topics = ["harbour dredging", "parking charges", "library hours", "bin collections"]
    head = (
        f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{title}'
        '</title><meta property="og:type" content="article"></head><body>'
        '<nav><a href="/">Home</a> <a href="/section/news/">News</a></nav>'
        f"<article><h1>{title}</h1>"
        '<div class="article-body">'
    )
    lines = [head]
    size = len(head)
    i = 0
    while size < OVERSIZED_BYTES:
        line = (
            f"<p>Item {i}: Councillor {names[i % 8]} moved that the report on "
            f"{topics[i % 4]} be noted. The motion was seconded and carried by "
            f"{20 + i % 17} votes to {i % 13}, with {i % 5} abstentions.</p>\n"
        )
        lines.append(line)
        size += len(line)
        i += 1
    lines.append("</div></article></body></html>\n")
    return "".join(lines).encode("utf-8")


class OutletServer:
    """Routes and serves one outlet; the world calls ``invalidate`` after mutations."""

    def __init__(self, site: Site, slow_seconds: float, log: Callable[[LoggedRequest], None]):
        self.site = site
        self.slow_seconds = slow_seconds
        self._log = log
        self._lock = threading.Lock()
        self._hits: dict[str, int] = {}
        self.httpd: ThreadingHTTPServer | None = None
        self.thread: threading.Thread | None = None
        self.invalidate()

    # --------------------------------------------------------------- lifecycle
    def listen(self, host: str, port: int) -> None:
        self.httpd = ThreadingHTTPServer((host, port), _make_handler(self))
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False

    def serve(self) -> None:
        assert self.httpd is not None
        self.thread = threading.Thread(
            target=self.httpd.serve_forever,
            kwargs={
                "poll_interval": 0.1
            },  # quick stop() in tests name=f"fixtureworld-{self.site.name}", daemon=True
        )
        self.thread.start()

    def shutdown(self) -> None:
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.httpd = None

    @property
    def port(self) -> int:
        assert self.httpd is not None
        return int(self.httpd.server_address[1])

    # ----------------------------------------------------------------- routes
    def invalidate(self) -> None:
        """Rebuild routes and drop every cached response (called after a mutation)."""
        site = self.site
        routes: dict[str, tuple[str, ...]] = {"/": ("home",), "/robots.txt": ("robots",)}
        for sec in site.sections:
            pages = max(1, -(-len(site.section_entries(sec)) // site.page_size))
            for p in range(1, pages + 1):
                path, _, query = site.section_path(sec, p).partition("?")
                routes[path] = ("section", sec) if query else ("section", sec, str(p))
        pages = max(1, -(-len(site.latest) // site.page_size))
        for p in range(1, pages + 1):
            path, _, query = site.latest_path(p).partition("?")
            routes[path] = ("latest",) if query else ("latest", str(p))
        for a in site.articles:
            if a.special == "missing":
                routes[a.path] = ("missing",)
                continue
            if a.special == "oversized":
                routes[a.path] = ("oversized", a.key)
                continue
            routes[a.path] = ("article", a.key, "main", a.section)
            if a.slashless_variant:
                routes[a.path.rstrip("/")] = ("article", a.key, "main", a.section)
            if a.amp_path:
                routes[a.amp_path] = ("article", a.key, "amp", a.section)
            for path, sec in a.alt_paths:
                routes[path] = ("article", a.key, "alt", sec)
            for path, sec in a.copy_paths:
                routes[path] = ("article", a.key, "copy", sec)
            for path in a.redirect_from:
                routes[path] = ("redirect", a.path)
        for path, kind in site.extra_routes().items():
            routes[path] = (kind,)
        self.routes = routes
        self.cache: dict[tuple[str, str], Response] = {}
        self._xml: dict[str, tuple[str, str, datetime | None]] | None = None

    def xml_documents(self) -> dict[str, tuple[str, str, datetime | None]]:
        docs = self._xml
        if docs is None:
            docs = self._xml = self.site.xml_documents()
        return docs

    # --------------------------------------------------------------- serving
    def respond(self, raw_path: str) -> Response:
        parts = urlsplit(raw_path)
        path = parts.path or "/"
        query = parse_qs(parts.query)
        route = self.routes.get(path)
        if route is None and (path.startswith(("/static/", "/images/")) or path == "/favicon.ico"):
            return Response(
                200, {"Content-Type": "image/gif", "Cache-Control": "max-age=86400"}, _GIF
            )
        if route is None and path in self.xml_documents():
            route = ("xml", path)
        if route is None:
            trap = self.site.parse_trap(path)
            if trap:
                return self._html(self.site.render_trap(*trap))
            return self._not_found()

        kind = route[0]
        if kind == "article":
            article = self.site.by_key[route[1]]
            variant = route[2]
            if variant == "main" and query.get("print") == ["1"] and article.print_variant:
                variant = "print"
            if article.special == "flaky":
                with self._lock:
                    self._hits[path] = self._hits.get(path, 0) + 1
                    first = self._hits[path] == 1
                if first:
                    body = b"<html><body><h1>500 Internal Server Error</h1></body></html>"
                    return Response(500, {"Content-Type": "text/html"}, body)
            resp = self._cached((path, variant), lambda: self._article(article, variant, route[3]))
            if article.special == "slow":
                return Response(resp.status, resp.headers, resp.body, delay=self.slow_seconds)
            return resp
        if kind == "section":
            page = int(route[2]) if len(route) > 2 else _page(query)
            return self._cached((path, str(page)), lambda: self._listing("section", route[1], page))
        if kind == "latest":
            page = int(route[1]) if len(route) > 1 else _page(query)
            return self._cached((path, str(page)), lambda: self._listing("latest", "", page))
        if kind == "home":
            return self._cached((path, ""), lambda: self._html(self.site.render_home()))
        if kind == "robots":
            return self._cached((path, ""), self._robots)
        if kind == "xml":
            return self._cached((path, ""), lambda: self._xml_doc(path))
        if kind == "redirect":
            return Response(301, {"Location": self.site.url(route[1]), "Content-Type": "text/html"})
        if kind == "missing":
            return self._not_found()
        if kind == "oversized":
            article = self.site.by_key[route[1]]
            data = _oversized_page(article.title)
            return Response(
                200,
                {"Content-Type": "text/html; charset=utf-8"},
                stream=lambda: (data[i : i + CHUNK] for i in range(0, len(data), CHUNK)),
                length=len(data),
            )
        if kind == "pdf":
            return Response(200, {"Content-Type": "application/pdf"}, _pdf_bytes())
        if kind == "search":
            return self._html(self.site.render_search())
        return self._not_found()

    def _cached(self, key: tuple[str, str], build: Callable[[], Response]) -> Response:
        cache = self.cache
        resp = cache.get(key)
        if resp is None:
            resp = cache[key] = build()
        return resp

    def _html(self, html: str, status: int = 200) -> Response:
        return Response(status, {"Content-Type": "text/html; charset=utf-8"}, html.encode())

    def _not_found(self) -> Response:
        return self._cached(("<404>", ""), lambda: self._html(self.site.render_not_found(), 404))

    def _article(self, a: Article, variant: str, section: str) -> Response:
        html = self.site.render_article(a, variant, section)
        if a.charset != "utf-8" and variant not in ("amp", "print"):
            # Legacy pages declare their charset only in <meta>, never in the HTTP header.
            html = html.replace(
                '<meta charset="utf-8">',
                f'<meta http-equiv="Content-Type" content="text/html; charset={a.charset}">',
                1,
            )
            headers = {"Content-Type": "text/html"}
            body = encode_page(html, a.charset)
        else:
            headers = {"Content-Type": "text/html; charset=utf-8"}
            body = encode_page(html, "utf-8", nfd=a.nfd)
        if a.last_change and a.date_mode in ("json-ld", "meta", "time-element"):
            headers["Last-Modified"] = _http_date(a.last_change)
        return Response(200, headers, body)

    def _listing(self, kind: str, section: str, page: int) -> Response:
        if kind == "section":
            html = self.site.render_section(section, page)
        else:
            html = self.site.render_latest(page)
        if html is None:
            return self._not_found()
        response = self._html(html)
        # Like most CMSs and CDNs, listing pages carry a validator for conditional GETs.
        response.headers["ETag"] = _etag(response.body)
        return response

    def _robots(self) -> Response:
        body = self.site.robots().encode()
        return Response(
            200, {"Content-Type": "text/plain; charset=utf-8", "ETag": _etag(body)}, body
        )

    def _xml_doc(self, path: str) -> Response:
        ctype, text, last_modified = self.xml_documents()[path]
        body = text.encode("utf-8")
        headers = {"Content-Type": ctype, "ETag": _etag(body)}
        headers["Last-Modified"] = _http_date(last_modified or datetime(2025, 1, 1, tzinfo=UTC))
        return Response(200, headers, body)


def _page(query: dict[str, list[str]]) -> int:
    try:
        return int(query.get("page", ["1"])[0])
    except ValueError:
        return 0  # renders as 404


def _not_modified(resp: Response, req_headers: dict[str, str]) -> bool:
    """RFC 9110 conditional GET: If-None-Match wins over If-Modified-Since."""
    etag = resp.headers.get("ETag")
    inm = req_headers.get("if-none-match")
    if inm is not None:
        if etag is None:
            return False
        tags = [t.strip().removeprefix("W/") for t in inm.split(",")]
        return "*" in tags or etag in tags
    ims = req_headers.get("if-modified-since")
    lm = resp.headers.get("Last-Modified")
    if ims and lm:
        try:
            return parsedate_to_datetime(lm) <= parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
    return False


def _make_handler(outlet: OutletServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive: the server must not be the bottleneck
        timeout = 30

        def version_string(self) -> str:
            return "nginx"

        def log_message(self, format: str, *args: object) -> None:
            pass  # the world's request_log is the record

        def do_GET(self) -> None:
            self._serve(head=False)

        def do_HEAD(self) -> None:
            self._serve(head=True)

        def do_POST(self) -> None:
            self._send(Response(405, {"Content-Type": "text/plain"}, b"405"), head=False)

        def _serve(self, head: bool) -> None:
            resp = outlet.respond(self.path)
            if resp.delay:
                time.sleep(resp.delay)
            req_headers = {k.lower(): v for k, v in self.headers.items()}
            if resp.status == 200 and _not_modified(resp, req_headers):
                keep = {k: v for k, v in resp.headers.items() if k in ("ETag", "Last-Modified")}
                resp = Response(304, keep)
            self._send(resp, head)

        def _send(self, resp: Response, head: bool) -> None:
            sent = 0
            try:
                self.send_response(resp.status)
                length = resp.length if resp.stream is not None else len(resp.body)
                for name, value in resp.headers.items():
                    self.send_header(name, value)
                if resp.status != 304:
                    self.send_header("Content-Length", str(length))
                self.end_headers()
                if not head and resp.status != 304:
                    if resp.stream is not None:
                        for chunk in resp.stream():
                            self.wfile.write(chunk)
                            sent += len(chunk)
                    else:
                        self.wfile.write(resp.body)
                        sent = len(resp.body)
            except (BrokenPipeError, ConnectionResetError, TimeoutError):
                self.close_connection = True
            finally:
                outlet._log(
                    LoggedRequest(
                        outlet=outlet.site.name,
                        method=self.command,
                        path=self.path,
                        status=resp.status,
                        headers=dict(self.headers.items()),
                        bytes_sent=sent,
                        timestamp=time.time(),
                    )
                )

    return Handler
