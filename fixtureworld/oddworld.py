# ruff: noqa: E501  (page shells are HTML templates; wrapping them hurts more than it helps)
"""Outlets that do not fit the usual markup: newsmon must still find every article.

Three more outlets on 127.0.0.1, each its own ``host:port``:

- ``baocu``: an old Vietnamese site built with tables, no og:type, no JSON-LD, the
  headline in ``<font><b>``, articles at ``story.asp?NewsID=…``, photo captions in
  table cells ("Ảnh: …") and a comment form under every story.
- ``stadtkurier``: a German site whose section and tag pages have long slugs
  (``/politik-und-gesellschaft-aktuell/``, ``/thema/klimawandel-und-energiewende-in-
  deutschland/``) and claim ``og:type=article``; articles at ``/politik/article3322353.ece``
  or a bare number (``/3912126``), with the headline in an ``<h2>`` or a ``<div>``, several
  ``<h1>`` (the logo), sometimes ``og:type=website``; figures with captions and credits,
  newsletter and share prompts, a comment form.
- ``pressroom``: an English site that only has listing pages (its stories live on
  another domain): a source that yields pages but no articles.

``OddWorld.truth`` lists what must be stored (articles), what must not (listings),
and the furniture sentences that must not end up in stored text.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import ClassVar


def _split(words: str) -> list[str]:
    return words.split()


_WORDS = {
    "vi": _split(
        "thành phố người dân chính quyền dự án kinh tế giáo dục học tập cộng đồng năm nay kế hoạch phát triển văn hóa thể thao tỉnh huyện xã trường học bệnh viện giao thông nông nghiệp du lịch doanh nghiệp đầu tư lao động môi trường nước sạch điện lực"
    ),
    "de": _split(
        "Stadt Bürger Verwaltung Projekt Wirtschaft Bildung Gemeinde Jahr Plan Entwicklung Kultur Sport Landkreis Schule Krankenhaus Verkehr Landwirtschaft Tourismus Unternehmen Investition Arbeit Umwelt Wasser Strom Rat Haushalt Bahnhof Brücke Energie Klima"
    ),
    "en": _split(
        "city residents council project economy education community year plan development culture sport county school hospital transport farming tourism business investment labour environment water power budget station bridge energy climate"
    ),
}
_GLUE = {
    "vi": _split("và của cho với trong đã sẽ được những các"),
    "de": _split("und der die das mit für im hat wird wurde ein eine"),
    "en": _split("and the of with for in has will was a an"),
}


def _prose(language: str, seed: int, paragraphs: int) -> list[str]:
    """Distinct running text in the language's words (no two stories share sentences)."""
    rng = random.Random(seed)
    out = []
    for _ in range(paragraphs):
        sentences = []
        for _ in range(rng.randint(2, 4)):
            words = [
                rng.choice(_WORDS[language] if i % 2 else _GLUE[language])
                for i in range(rng.randint(10, 18))
            ]
            words.append(str(rng.randint(2, 2030)))
            sentence = " ".join(words)
            sentences.append(sentence[0].upper() + sentence[1:] + ".")
        out.append(" ".join(sentences))
    return out


@dataclass
class OddArticle:
    outlet: str
    path: str
    title: str
    paragraphs: list[str]
    language: str


@dataclass
class OddTruth:
    articles: dict[str, list[OddArticle]] = field(default_factory=dict)
    listings: dict[str, list[str]] = field(default_factory=dict)
    furniture: list[str] = field(default_factory=list)
    """Sentences that are page furniture: never part of a stored story's text."""


COMMENT_FORM_VI = "Bình luận của bạn sẽ được biên tập trước khi đăng."
COMMENT_FORM_DE = "Ihr Kommentar wird vor der Veröffentlichung von der Redaktion geprüft."
CAPTION_VI = "Quang cảnh buổi lễ khai mạc tại nhà văn hóa. Ảnh: Minh Anh"
CAPTION_DE = "Blick auf die neue Brücke am Abend. Foto: Stadtkurier/Jana Weber"
NEWSLETTER_DE = (
    "Melden Sie sich jetzt für unseren kostenlosen Newsletter an und verpassen Sie nichts."
)
SHARE_EN = "Share this story with your friends on social media."


class _Outlet:
    name: str

    def __init__(self) -> None:
        self.pages: dict[str, str] = {}
        self.articles: list[OddArticle] = []
        self.listings: list[str] = []

    def add_listing(self, path: str, html: str) -> None:
        self.pages[path] = html
        self.listings.append(path)

    def add_article(self, article: OddArticle, html: str) -> None:
        self.pages[article.path] = html
        self.articles.append(article)


class BaoCu(_Outlet):
    """Tables, no metadata, headline in <font><b>, story.asp?NewsID=…"""

    name = "baocu"
    sections: ClassVar[dict[str, str]] = {"1": "Thời sự trong nước", "2": "Văn hóa - Thể thao"}

    def __init__(self) -> None:
        super().__init__()
        teasers: dict[str, list[OddArticle]] = {cat: [] for cat in self.sections}
        for number in range(8):
            cat = "12"[number % 2]
            paragraphs = _prose("vi", 100 + number, 4 if number != 7 else 1)
            title = " ".join(_prose("vi", 900 + number, 1)[0].split()[:9]).rstrip(".")
            article = OddArticle(
                self.name, f"/story.asp?NewsID={4711 + number * 37}", title, paragraphs, "vi"
            )
            teasers[cat].append(article)
            self.add_article(article, self.article_page(article, cat))
        home_rows = "".join(self.teaser_row(a) for items in teasers.values() for a in items)
        self.add_listing("/", self.shell("Báo Cũ - Trang chủ", home_rows))
        self.add_listing("/default.asp", self.shell("Báo Cũ - Trang chủ", home_rows))
        for cat, items in teasers.items():
            rows = f"<tr><td><font size='4'><b>{escape(self.sections[cat])}</b></font></td></tr>"
            rows += "".join(self.teaser_row(a) for a in items)
            self.add_listing(f"/list.asp?CatID={cat}", self.shell(self.sections[cat], rows))

    def menu(self) -> str:
        links = " | ".join(
            f"<a href='/list.asp?CatID={cat}'>{escape(name)}</a>"
            for cat, name in self.sections.items()
        )
        return f"<tr><td bgcolor='#003366'><a href='/default.asp'>Trang chủ</a> | {links}</td></tr>"

    def shell(self, title: str, rows: str) -> str:
        return (
            "<html><head><meta http-equiv='Content-Type' content='text/html; charset=utf-8'>"
            f"<title>{escape(title)}</title></head><body bgcolor='#ffffff'>"
            "<table width='760' border='0' cellpadding='0' cellspacing='0' align='center'>"
            "<tr><td><img src='/images/logo.gif' alt='Báo Cũ'></td></tr>"
            f"{self.menu()}<tr><td><table width='100%' cellpadding='4'>{rows}</table></td></tr>"
            "<tr><td><font size='1'>Bản quyền thuộc Báo Cũ. Ghi rõ nguồn khi phát hành lại.</font></td></tr>"
            "</table></body></html>"
        )

    def teaser_row(self, article: OddArticle) -> str:
        summary = article.paragraphs[0][:160].rsplit(" ", 1)[0] + "…"
        return (
            f"<tr><td valign='top'><a href='{escape(article.path)}'><b>{escape(article.title)}</b></a>"
            f"<br><font size='2'>{escape(summary)}</font></td></tr>"
        )

    def article_page(self, article: OddArticle, cat: str) -> str:
        body = "<br><br>".join(escape(p) for p in article.paragraphs)
        rows = (
            f"<tr><td><font size='2'>{escape(self.sections[cat])}</font></td></tr>"
            f"<tr><td><font size='5' color='#990000'><b>{escape(article.title)}</b></font></td></tr>"
            "<tr><td><font size='1'>Cập nhật: 12/03/2024 08:15</font></td></tr>"
            "<tr><td><table align='center' width='400'><tr><td><img src='/images/p.jpg'></td></tr>"
            f"<tr><td><i>{escape(CAPTION_VI)}</i></td></tr></table></td></tr>"
            f"<tr><td><font face='Arial' size='3'>{body}</font></td></tr>"
            "<tr><td><form method='post' action='/comment.asp'>"
            f"<b>Ý kiến của bạn</b><br>{escape(COMMENT_FORM_VI)}<br>"
            "Họ tên: <input name='name'><br><textarea name='c'></textarea>"
            "<input type='submit' value='Gửi'></form></td></tr>"
        )
        return self.shell(article.title, rows)


class StadtKurier(_Outlet):
    """Long-slug sections and tags that claim og:type=article; odd article URLs and headlines."""

    name = "stadtkurier"
    sections: ClassVar[dict[str, str]] = {
        "/politik-und-gesellschaft-aktuell/": "Politik und Gesellschaft",
        "/kultur-und-freizeit-in-der-region/": "Kultur und Freizeit",
    }
    tag = "/thema/klimawandel-und-energiewende-in-deutschland/"

    def __init__(self) -> None:
        super().__init__()
        by_section: dict[str, list[OddArticle]] = {path: [] for path in self.sections}
        for number in range(10):
            section = list(self.sections)[number % 2]
            path = (
                f"/politik/article{3322353 + number * 101}.ece"
                if number % 3 == 0
                else f"/{3912126 + number * 7}"
                if number % 3 == 1
                else f"/lokales/{number + 20}-{_prose('de', 50 + number, 1)[0].split()[1].lower()}"
            )
            paragraphs = _prose("de", 300 + number, 5)
            title = " ".join(_prose("de", 700 + number, 1)[0].split()[:8]).rstrip(".")
            article = OddArticle(self.name, path, title, paragraphs, "de")
            by_section[section].append(article)
            self.add_article(article, self.article_page(article, number, section))
        everything = [a for items in by_section.values() for a in items]
        self.add_listing("/", self.listing("Stadtkurier", everything[:8], og_type="website"))
        for path, heading in self.sections.items():
            items = by_section[path]
            self.add_listing(path, self.listing(heading, items[:3], next_page=f"{path}seite-2/"))
            self.add_listing(f"{path}seite-2/", self.listing(f"{heading} – Seite 2", items[3:]))
        self.add_listing(
            self.tag,
            self.listing(
                "Thema: Klimawandel und Energiewende",
                everything[::2],
                intro="Alle Artikel zum Thema.",
            ),
        )

    def head(self, title: str, og_type: str) -> str:
        return (
            "<!doctype html><html lang='de'><head><meta charset='utf-8'>"
            f"<title>{escape(title)} | Stadtkurier</title>"
            f"<meta property='og:type' content='{og_type}'>"
            f"<meta property='og:title' content='{escape(title)}'></head>"
        )

    def chrome(self) -> str:
        nav = "".join(f"<li><a href='{p}'>{escape(h)}</a></li>" for p, h in self.sections.items())
        return (
            "<header><h1 class='logo'><a href='/'>Stadtkurier</a></h1>"
            f"<nav><ul>{nav}<li><a href='{self.tag}'>Klima</a></li></ul></nav></header>"
        )

    def footer(self) -> str:
        return (
            "<footer><p>Der Stadtkurier ist die Zeitung für die Stadt und den Landkreis. "
            "Die Redaktion sitzt am Marktplatz.</p><a href='/impressum/'>Impressum</a></footer>"
        )

    def listing(
        self,
        heading: str,
        items: list[OddArticle],
        og_type: str = "article",
        next_page: str | None = None,
        intro: str = "",
    ) -> str:
        cards = "".join(
            f"<div class='teaser'><a class='image' href='{escape(a.path)}'><img src='/img/{i}.jpg' alt=''></a>"
            f"<div class='text'><span class='kicker'>Lokales</span><h3><a href='{escape(a.path)}'>{escape(a.title)}</a></h3>"
            f"<p>{escape(a.paragraphs[0][:180].rsplit(' ', 1)[0])} …</p></div></div>"
            for i, a in enumerate(items)
        )
        pager = f"<a class='next' href='{next_page}'>Nächste Seite</a>" if next_page else ""
        return (
            self.head(heading, og_type)
            + f"<body>{self.chrome()}<main><h1>{escape(heading)}</h1>"
            + (f"<p class='intro'>{escape(intro)}</p>" if intro else "")
            + f"<section class='list'>{cards}</section>{pager}</main>{self.footer()}</body></html>"
        )

    def article_page(self, article: OddArticle, number: int, section: str) -> str:
        headline = (
            f"<h2 class='article-title'>{escape(article.title)}</h2>"
            if number % 2
            else f"<div class='headline'>{escape(article.title)}</div>"
        )
        paragraphs = [f"<p>{escape(p)}</p>" for p in article.paragraphs]
        paragraphs.insert(
            2,
            "<figure><img src='/img/bruecke.jpg' alt=''>"
            f"<figcaption>{escape(CAPTION_DE)}</figcaption></figure>",
        )
        paragraphs.insert(4, f"<aside class='newsletter'><p>{escape(NEWSLETTER_DE)}</p></aside>")
        og_type = "website" if number % 4 == 0 else "article"
        return (
            self.head(article.title, og_type) + f"<body>{self.chrome()}<main><div class='story'>"
            f"<a class='section' href='{section}'>{escape(self.sections[section])}</a>{headline}"
            "<time datetime='2024-03-12T08:15:00+01:00'>12.03.2024</time>"
            f"<div class='body'>{''.join(paragraphs)}</div>"
            "<form class='comments' action='/kommentar'><h4>Kommentar schreiben</h4>"
            f"<p>{escape(COMMENT_FORM_DE)}</p><textarea name='text'></textarea>"
            "<button>Senden</button></form></div>"
            "<div class='related'><h3>Mehr zum Thema</h3>"
            + "".join(
                f"<h4><a href='{escape(a.path)}'>{escape(a.title)}</a></h4>"
                for a in self.articles[-3:]
            )
            + f"</div></main>{self.footer()}</body></html>"
        )


class PressRoom(_Outlet):
    """Only listings: every story lives on another domain."""

    name = "pressroom"

    def __init__(self) -> None:
        super().__init__()
        elsewhere = "https://stories.example.org"
        for page in (1, 2):
            items = "".join(
                f"<li><h3><a href='{elsewhere}/2024/03/{page}{n:02d}/story-about-{n}'>"
                f"{escape(' '.join(_prose('en', page * 100 + n, 1)[0].split()[:8]))}</a></h3>"
                f"<p>{escape(_prose('en', page * 200 + n, 1)[0][:140])}</p></li>"
                for n in range(8)
            )
            pager = "<a href='/news/page/2/'>Older</a>" if page == 1 else ""
            path = "/" if page == 1 else "/news/page/2/"
            self.add_listing(
                path,
                "<!doctype html><html lang='en'><head><title>Press room</title></head><body>"
                f"<h1>Press room</h1><ul class='releases'>{items}</ul>{pager}</body></html>",
            )


OUTLETS = (BaoCu, StadtKurier, PressRoom)


class OddWorld:
    """``with OddWorld() as world:`` serves the outlets; ``world.truth`` says what is what."""

    def __init__(self) -> None:
        self.outlets = {cls.name: cls() for cls in OUTLETS}
        self.servers: dict[str, ThreadingHTTPServer] = {}

    @property
    def truth(self) -> OddTruth:
        return OddTruth(
            articles={name: list(o.articles) for name, o in self.outlets.items()},
            listings={name: list(o.listings) for name, o in self.outlets.items()},
            furniture=[COMMENT_FORM_VI, COMMENT_FORM_DE, CAPTION_VI, CAPTION_DE, NEWSLETTER_DE],
        )

    def base_url(self, outlet: str) -> str:
        return f"http://127.0.0.1:{self.servers[outlet].server_address[1]}"

    def config_toml(self, database_url: str) -> str:
        lines = [
            "[database]",
            f"url = '{database_url}'",
            "",
            "[crawl]",
            "obey_robots = false",
            "download_delay = 0",
            "retries = 0",
        ]
        for name in self.outlets:
            lines += [
                "",
                "[[sources]]",
                f"name = '{name}'",
                f"start_urls = ['{self.base_url(name)}/']",
            ]
            if name == "baocu":
                lines.append("language = 'vi'")
        return "\n".join(lines) + "\n"

    def __enter__(self) -> OddWorld:
        for name, outlet in self.outlets.items():
            self.servers[name] = serve_pages(outlet.pages)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for server in self.servers.values():
            server.shutdown()
            server.server_close()


def serve_pages(
    pages: dict[str, str], key: Callable[[str], str] = lambda path: path
) -> ThreadingHTTPServer:
    """Serve ``pages`` (request path → HTML) on a free loopback port; ``key`` maps a
    request path to the dictionary's key (e.g. to ignore a query's encoding)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            page = pages.get(key(self.path))
            if page is None:
                self.send_error(404)
                return
            data = page.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
