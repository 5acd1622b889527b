"""Search and topic rules agree on what a phrase and NEAR mean, on SQLite and PostgreSQL.

One table of cases runs through the topic matcher (what digests fire on) and
through archive search (what analysts find); both must give the expected answer.
A phrase or NEAR never spans a sentence end or the title/body gap, and words
inside a cited URL are not story words.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.engine import Engine

from newsmon.extract.model import DateSource, ExtractedArticle
from newsmon.query.matcher import StoryText, TopicMatcher
from newsmon.search.engine import search
from newsmon.stories.repository import ArticlePage, save_article

SEEN = datetime(2025, 11, 21, 9, 0, tzinfo=UTC)

# (title, body, language, query, expected match)
CASES = [
    ("City news", "Hanoi calls itself a learning city now.", "en", '"learning city"', True),
    ("City news", "A culture of learning. City officials met.", "en", '"learning city"', False),
    ("City news", "Is it learning? City hall says no.", "en", '"learning city"', False),
    ("Learning", "City council met on Monday.", "en", '"learning city"', False),
    (
        "Links",
        "As reported at https://example.org/news/learning-city-award-2025 yesterday.",
        "en",
        '"learning city"',
        False,
    ),
    ("Links", "As reported at https://example.org/learning-city today.", "en", "award", False),
    ("Tin", "Hà Nội trở thành thành phố học tập.", "vi", '"thanh pho hoc tap"', True),
    ("Tin", "Đây là thành phố. Học tập là ưu tiên.", "vi", '"thành phố học tập"', False),
    (
        "Tin",
        "Xem thêm tại https://thoidai.vn/thanh-pho-hoc-tap-toan-cau-123.html để biết.",
        "vi",
        '"thanh pho hoc tap"',
        False,
    ),
    ("Nachrichten", "Köln ist eine lernende Stadt.", "de", "lernend* NEAR/2 stadt", True),
    ("Nachrichten", "Wir sind lernende. Stadt und Land.", "de", "lernend* NEAR/2 stadt", False),
    ("News", "Learning happens in every city.", "en", "learning NEAR/3 city", True),
    ("News", "Learning happens. The city grows.", "en", "learning NEAR/3 city", False),
    ("News", "The city keeps learning.", "en", "learning ONEAR/3 city", False),
    ("News", "The city keeps learning.", "en", "learning NEAR/3 city", True),
    ("News", "Learning: city plans.", "en", "learning NEAR/5 city", False),
    ("News", "Read the learning city report.", "en", "learn* NEAR/1 city", True),
]


def _save(archive: Engine, number: int, title: str, body: str, language: str) -> int:
    article = ExtractedArticle(
        url=f"https://agree.example/story-{number}.html",
        text=body,
        title=title,
        published=SEEN,
        date_source=DateSource.json_ld,
        language=language,
    )
    page = ArticlePage(source="agree", article=article, seen_at=SEEN)
    return save_article(archive, page).story_id


@pytest.mark.parametrize(
    ("title", "body", "language", "query", "expected"),
    CASES,
    ids=[f"{c[3]}|{c[1][:30]}" for c in CASES],
)
def test_topics_and_search_agree(
    archive: Engine, title: str, body: str, language: str, query: str, expected: bool
) -> None:
    story_id = _save(archive, 0, title, body, language)
    # A story that always matches the words, so search has to tell them apart.
    _save(archive, 1, "Other", "unrelated words about learning city lernende stadt", "en")
    matcher = TopicMatcher.from_rules([("topic", query)])
    topic_fires = bool(matcher.match(StoryText(title, body, language, "agree")))
    found = {hit.story.id for hit in search(archive, query, limit=50)}
    assert topic_fires is expected, "topic matcher"
    assert (story_id in found) is expected, "search"


def test_unquoted_words_get_a_hint_to_quote_the_phrase(tmp_path: object) -> None:
    from fastapi.testclient import TestClient

    from newsmon.config import parse_config
    from newsmon.query.compile import phrase_hint
    from newsmon.web.app import create_app

    assert phrase_hint("thanh pho hoc tap") == '"thanh pho hoc tap"'
    for query in ('"learning city"', "learning OR city", "learn* city", "single", "a -b"):
        assert phrase_hint(query) is None, query
    settings = parse_config({"database": {"url": f"sqlite:///{tmp_path}/hint.db"}})
    page = TestClient(create_app(settings)).get("/", params={"q": "learning city"}).text
    assert 'the phrase <a href="/?q=%22learning+city%22">&#34;learning city&#34;</a>' in page
