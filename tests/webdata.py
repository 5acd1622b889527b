"""A small archive for the web UI tests, stored through the real save path.

Vietnamese, German and English stories about learning cities (one with a second
URL), filler stories for paging, a story full of script-injection payloads,
crawl runs for the sources page and topic matches from the real matcher.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy.engine import Engine

from fixtureworld.synth import synthetic_articles
from newsmon.alerts.matching import match_pending
from newsmon.config import NewsmonConfig, parse_config
from newsmon.extract.model import DateSource, ExtractedArticle
from newsmon.storage.db import session_scope
from newsmon.storage.models import CrawlRun
from newsmon.stories.repository import ArticlePage, save_article

VN = timezone(timedelta(hours=7))
DE = timezone(timedelta(hours=1))
SEEN = datetime(2025, 11, 21, 9, 0, tzinfo=UTC)
FILLER = 24
"""Vietnamese filler stories that also mention "thành phố học tập" (more than one page)."""

HANOI_TITLE = "Hà Nội gia nhập Mạng lưới thành phố học tập toàn cầu"
HANOI_URL = "https://thoidai.com.vn/ha-noi-thanh-pho-hoc-tap-123.html"
HANOI_COPY = "https://tinmoi.example/xa-hoi/ha-noi-hoc-tap"
HANOI_BODY = (
    "Hà Nội chính thức trở thành thành viên Mạng lưới các thành phố học tập toàn cầu của "
    "UNESCO. Quyết định được công bố tại Paris, ghi nhận nỗ lực xây dựng xã hội học tập của "
    "Thủ đô.\n\nTheo Sở Giáo dục và Đào tạo, hơn 2.000 trung tâm học tập cộng đồng đang hoạt "
    "động trên địa bàn thành phố."
)
KOELN_TITLE = "Köln will lernende Stadt werden"
KOELN_BODY = (
    "Köln will eine lernende Stadt werden. Der Stadtrat beschloss am Dienstag ein Programm, "
    "das Volkshochschulen, Bibliotheken und Betriebe verbindet. Die Bewerbung bei der UNESCO "
    "soll im Frühjahr eingereicht werden, sagte die Oberbürgermeisterin."
)
HANOI_EN_TITLE = "Hanoi joins UNESCO network of learning cities"
HANOI_EN_BODY = (
    'Hanoi has officially joined the UNESCO Global Network of Learning Cities, a "thanh pho '
    'hoc tap" as the capital calls it. The decision was announced in Paris. According to the '
    "Department of Education and Training, more than 2,000 community learning centres operate "
    "in the city.\n\nSource: " + HANOI_URL
)
LEEDS_TITLE = "Leeds becomes a UNESCO learning city"
LEEDS_BODY = (
    "Leeds has joined the UNESCO Global Network of Learning Cities, the council said on "
    "Thursday. The learning city programme links libraries, colleges and employers, and "
    "more than 40 community hubs will offer free courses from January."
)

# Every field an attacker controls on a crawled page carries a payload.
XSS_TITLE = '<script>window.__pwned = "title"</script><img src=x onerror="window.__pwned=1">'
XSS_BODY = (
    'Payload story "onerror=alert(1) <script>window.__pwned = "body"</script> and '
    "<img src=x onerror=window.__pwned=2> inside the learning city body text, "
    "with enough words to be stored like any other story in the archive."
)
XSS_AUTHOR = '<b onmouseover="window.__pwned=3">"onerror=alert(1)</b>'
XSS_URL = 'https://evil.example/a?q="><script>window.__pwned=4</script>'
XSS_SOURCE = 'evil"><script>window.__pwned=5</script>'
PAYLOAD_MARKERS = ("<script>window.__pwned", "<img src=x onerror", '<b onmouseover="')
"""Raw snippets that must never appear unescaped in any page."""

TOPICS = [
    {
        "name": "learning-city",
        "query": '"thanh pho hoc tap" OR "lernende Stadt" OR "learning city"',
        "description": "Learning cities: UNESCO network, city programmes",
    },
    {"name": "payloads", "query": "payload", "description": '<i>"topic with markup"</i>'},
]


@dataclass(frozen=True, slots=True)
class Archive:
    hanoi: int
    hanoi_en: int
    koeln: int
    leeds: int
    xss: int


def _page(
    url: str,
    title: str,
    text: str,
    *,
    source: str,
    language: str,
    published: datetime | None,
    authors: tuple[str, ...] = (),
    canonical: str | None = None,
    seen: datetime = SEEN,
) -> ArticlePage:
    article = ExtractedArticle(
        url=url,
        text=text,
        title=title,
        canonical_url=canonical,
        published=published,
        date_source=DateSource.json_ld if published else None,
        language=language,
        authors=authors,
    )
    return ArticlePage(source=source, article=article, seen_at=seen)


def populate(engine: Engine) -> Archive:
    """Store the stories, record crawl runs and run topic matching; returns the key ids."""
    hanoi = save_article(
        engine,
        _page(HANOI_URL, HANOI_TITLE, HANOI_BODY, source="thoidai", language="vi",
              published=datetime(2025, 11, 20, 8, 30, tzinfo=VN), authors=("Minh Anh",)),
    ).story_id  # fmt: skip
    # An aggregator's copy names the article as canonical: a second appearance, not a story.
    save_article(
        engine,
        _page(HANOI_COPY, HANOI_TITLE, HANOI_BODY, source="tinmoi", language="vi",
              published=datetime(2025, 11, 20, 9, 30, tzinfo=VN), canonical=HANOI_URL,
              seen=SEEN + timedelta(hours=2)),
    )  # fmt: skip
    # The English version cites the Vietnamese one: linked into one story group.
    hanoi_en = save_article(
        engine,
        _page("https://northern.example/news/hanoi-unesco/", HANOI_EN_TITLE, HANOI_EN_BODY,
              source="northern", language="en",
              published=datetime(2025, 11, 20, 14, 0, tzinfo=UTC)),
    ).story_id  # fmt: skip
    koeln = save_article(
        engine,
        _page("https://rheinblatt.de/koeln/artikel/1", KOELN_TITLE, KOELN_BODY,
              source="rheinblatt", language="de",
              published=datetime(2025, 11, 18, 10, 0, tzinfo=DE), authors=("Lena Graf",)),
    ).story_id  # fmt: skip
    leeds = save_article(
        engine,
        _page("https://northern.example/news/leeds-learning-city/", LEEDS_TITLE, LEEDS_BODY,
              source="northern", language="en", published=None),
    ).story_id  # fmt: skip
    for i, article in enumerate(synthetic_articles("thoidai", "vi", ["xa-hoi"], FILLER)):
        body = f"Câu chuyện thành phố học tập số {i}. " + article.body.replace("## ", "")
        save_article(
            engine,
            _page(f"https://thoidai.com.vn/filler-{i}.html", article.title, body,
                  source="thoidai", language="vi",
                  published=datetime(2025, 10, 1, 7, 0, tzinfo=VN) + timedelta(days=i)),
        )  # fmt: skip
    xss = save_article(
        engine,
        _page(XSS_URL, XSS_TITLE, XSS_BODY, source=XSS_SOURCE, language="en",
              published=datetime(2025, 11, 19, 12, 0, tzinfo=UTC), authors=(XSS_AUTHOR,)),
    ).story_id  # fmt: skip
    with session_scope(engine) as session:
        for source, status, errors in (("thoidai", "finished", 0), ("rheinblatt", "failed", 3)):
            session.add(
                CrawlRun(source=source, started_at=SEEN - timedelta(hours=1),
                         finished_at=SEEN, status=status, pages_fetched=40,
                         articles_extracted=30, empty_body=1, missing_date=12, errors=errors)
            )  # fmt: skip
    match_pending(engine, settings("sqlite://").topics)
    assert None not in (hanoi, hanoi_en, koeln, leeds, xss)
    return Archive(hanoi, hanoi_en, koeln, leeds, xss)  # type: ignore[arg-type]


def config_data(database_url: str) -> dict[str, Any]:
    return {
        "database": {"url": database_url},
        "sources": [
            {"name": "thoidai", "start_urls": ["https://thoidai.com.vn/"], "language": "vi"},
            {"name": "rheinblatt", "start_urls": ["https://rheinblatt.de/"], "language": "de"},
            {"name": "northern", "start_urls": ["https://northern.example/"]},
            {"name": "quiet", "start_urls": ["https://quiet.example/"], "schedule": "2h"},
        ],
        "topics": TOPICS,
    }


def settings(database_url: str, **web: Any) -> NewsmonConfig:
    data = config_data(database_url)
    if web:
        data["web"] = web
    return parse_config(data)


def config_toml(database_url: str, **web: Any) -> str:
    """The same config as TOML, for the real ``newsmon serve`` process."""
    import json

    def value(v: Any) -> str:
        return json.dumps(v, ensure_ascii=False)  # JSON strings and arrays are valid TOML

    data = config_data(database_url)
    lines = [f"[database]\nurl = {value(database_url)}\n"]
    if web:
        lines.append("[web]\n" + "".join(f"{k} = {value(v)}\n" for k, v in web.items()))
    for source in data["sources"]:
        lines.append("[[sources]]\n" + "".join(f"{k} = {value(v)}\n" for k, v in source.items()))
    for topic in data["topics"]:
        lines.append("[[topics]]\n" + "".join(f"{k} = {value(v)}\n" for k, v in topic.items()))
    return "\n".join(lines)


SPIKE_DAY = date(2025, 10, 28)
SPIKE_STORIES = 7
_WORDS = [
    "river",
    "budget",
    "school",
    "market",
    "harbour",
    "festival",
    "bridge",
    "museum",
    "tram",
    "garden",
]


def add_spike(engine: Engine) -> None:
    """A burst of learning-city stories on one day: a coverage spike on the topic's chart."""
    for i in range(SPIKE_STORIES):
        rng = random.Random(i)
        words = " ".join(f"{rng.choice(_WORDS)}{rng.randrange(10_000)}" for _ in range(60))
        save_article(
            engine,
            _page(f"https://spikewire.example/{i}.html", f"Learning city wire {i}",
                  f"Another learning city report. {words}", source="spikewire", language="en",
                  published=datetime.combine(SPIKE_DAY, time(8 + i), tzinfo=UTC)),
        )  # fmt: skip
    match_pending(engine, settings("sqlite://").topics)
