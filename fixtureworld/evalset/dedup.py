# ruff: noqa: E501  (edit snippets are prose)
"""Labelled evaluation set for story clustering, built from the fixture world.

Bases are the hand-written fixture articles (vi, de, en). Near-duplicates are
derived from them with the edits republishers make (new title and lead, agency
prefix and "read more" boilerplate, a paragraph dropped or added, a few words
changed, subheadings lost, or only the first paragraphs as a short syndicated
copy). Hard negatives, translations, cross-language negatives and look-alikes
sharing only numbers are hand-written (``texts.py``). Every document carries two labels: ``story`` (same text, modulo
edits) and ``event`` (same happening, any language).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from fixtureworld.content import load_articles
from fixtureworld.evalset.texts import CROSS_NEGATIVES, FOLLOW_UPS, LOOK_ALIKES, TRANSLATIONS, Text
from fixtureworld.model import Article
from newsmon.extract.model import DateSource, ExtractedArticle
from newsmon.stories.repository import ArticlePage

BASE_URLS = {
    "thoidai": "https://thoidai.com.vn",
    "rheinblatt": "https://rheinblatt.de",
    "harbourtimes": "https://harbourtimes.co.uk",
}
LANGUAGE = {"thoidai": "vi", "rheinblatt": "de", "harbourtimes": "en"}
REPUBLISHERS = {
    "vi": ["tinmoi", "baodientu"],
    "de": ["stadtanzeiger", "nachrichtenwerk"],
    "en": ["coastalnews", "pressdesk"],
}
_PREFIX = {"vi": "(Tin Mới) ", "de": "(dpa) ", "en": "(PA) "}
_READ_MORE = {
    "vi": "Xem thêm: Tin giáo dục, kinh tế, xã hội mới nhất trong ngày.",
    "de": "Mehr zum Thema lesen Sie in unserem Dossier. Folgen Sie uns auch in den sozialen Netzwerken.",
    "en": "Read more: the latest news from the region, updated throughout the day.",
}
_LEAD_TAIL = {
    "vi": ", theo thông tin mới nhất từ cơ quan chức năng.",
    "de": ", wie die zuständigen Stellen am Morgen mitteilten.",
    "en": ", officials confirmed on Thursday.",
}
_TITLE = {
    "vi": ("Tin nóng: ", " | Tin Mới"),
    "de": ("Aktuell: ", " – Nachrichten"),
    "en": ("Latest: ", " | Coastal News"),
}
_AGENCY = {
    "vi": "Trước đó, nhiều chuyên gia đã nhận định đây là bước đi cần thiết trong bối cảnh nhu cầu của người dân và doanh nghiệp ngày càng tăng. Các cơ quan chức năng cho biết sẽ tiếp tục theo dõi, đánh giá và báo cáo kết quả định kỳ.",
    "de": "Bereits im Vorfeld hatten Fachleute den Schritt als überfällig bezeichnet. Die zuständigen Stellen kündigten an, die Entwicklung weiter zu beobachten und regelmäßig über die Ergebnisse zu berichten.",
    "en": "Experts had described the move as long overdue, given growing demand from residents and businesses. Officials said they would keep the situation under review and publish regular updates on progress.",
}
_WORD_EDITS = {
    "vi": [
        ("cho biết", "thông tin"),
        ("hơn ", "trên "),
        ("người dân", "bà con"),
        ("hiện", "hiện nay"),
    ],
    "de": [("sagte", "erklärte"), ("rund ", "etwa "), ("mehr als", "über"), ("Stadt", "Kommune")],
    "en": [
        ("said", "told reporters"),
        ("more than", "over"),
        ("about ", "around "),
        ("council", "local authority"),
    ],
}


@dataclass(frozen=True)
class Doc:
    id: str
    story: str
    event: str
    language: str
    source: str
    url: str
    title: str
    text: str
    published: datetime


@dataclass
class EvalSet:
    docs: list[Doc]
    duplicate_pairs: list[tuple[str, str]] = field(default_factory=list)
    hard_negative_pairs: list[tuple[str, str]] = field(default_factory=list)
    translation_pairs: list[tuple[str, str]] = field(default_factory=list)
    cross_negative_pairs: list[tuple[str, str]] = field(default_factory=list)


def _paragraphs(article: Article) -> list[str]:
    return [article.lead, *article.paragraphs]


def _text(paragraphs: list[str]) -> str:
    return "\n\n".join(p.removeprefix("## ") for p in paragraphs)


def _body(paragraphs: list[str]) -> list[str]:
    return [p for p in paragraphs if not p.startswith("## ")]


def _relead(paragraphs: list[str], lang: str) -> list[str]:
    words = paragraphs[0].rstrip(".").split()
    return [" ".join(words[: max(6, len(words) * 3 // 5)]) + _LEAD_TAIL[lang], *paragraphs[1:]]


def _edit_words(paragraphs: list[str], lang: str) -> list[str]:
    out = []
    for p in paragraphs:
        for old, new in _WORD_EDITS[lang]:
            p = p.replace(old, new, 1)
        out.append(p)
    return out


def _variant(paragraphs: list[str], title: str, lang: str, recipe: int) -> tuple[str, list[str]]:
    prefix, suffix = _TITLE[lang]
    if recipe == 0:  # new lead, agency prefix, "read more" footer
        edited = _relead(paragraphs, lang)
        edited[0] = _PREFIX[lang] + edited[0]
        return prefix + title, [*edited, _READ_MORE[lang]]
    if recipe == 1:  # last paragraph cut, some words changed
        return title + suffix, _edit_words(paragraphs[:-1], lang)
    if recipe == 2:  # agency paragraph added, subheadings lost, footer
        body = _body(paragraphs)
        return title, [*body[:-1], _AGENCY[lang], body[-1], _READ_MORE[lang]]
    if recipe == 3:  # short syndicated copy: lead and the first two paragraphs
        body = _body(paragraphs)
        return prefix + title, [_PREFIX[lang] + body[0], *body[1:3]]
    # recipe 4: new lead, words changed, a middle paragraph dropped, one added
    body = _edit_words(_relead(_body(paragraphs), lang), lang)
    middle = len(body) // 2
    return title + suffix, [*body[:middle], *body[middle + 1 :], _AGENCY[lang]]


def _article_doc(article: Article, outlet: str) -> Doc:
    base = BASE_URLS[outlet]
    text = _text(_paragraphs(article)).replace("{base:thoidai}", BASE_URLS["thoidai"])
    published = (article.published or datetime(2025, 11, 18, 9, 0, tzinfo=UTC)).astimezone(UTC)
    event = "vi-hanoi-gnlc" if article.key == "en-hanoi-translation" else article.key
    return Doc(
        article.key,
        article.key,
        event,
        LANGUAGE[outlet],
        outlet,
        base + article.path,
        article.title,
        text,
        published,
    )


def _written_doc(item: Text, base: Doc, bases: dict[str, Article], *, same_event: bool) -> Doc:
    text = item.text
    if item.background is not None:
        text = text.replace("{background}", _body(bases[item.base].paragraphs)[item.background])
    return Doc(
        item.key,
        item.key,
        base.event if same_event else item.key,
        item.language,
        item.source,
        f"{BASE_URLS[item.source]}/eval/{item.key}.html",
        item.title,
        text,
        base.published + timedelta(days=item.days_after),
    )


def build_evalset(second_variants: int = 8) -> EvalSet:
    articles = {
        outlet: [
            a
            for a in items
            if not a.synthetic and a.special not in ("missing", "oversized", "disallowed")
        ]
        for outlet, items in load_articles().items()
    }
    by_key = {a.key: a for items in articles.values() for a in items}
    base_docs = {
        a.key: _article_doc(a, outlet) for outlet, items in articles.items() for a in items
    }
    evalset = EvalSet(docs=list(base_docs.values()))
    for i, (key, base) in enumerate(sorted(base_docs.items())):
        recipes = [i % 5] + ([(i + 3) % 5] if i < second_variants else [])
        variant_ids = []
        for n, recipe in enumerate(recipes):
            title, paragraphs = _variant(
                _paragraphs(by_key[key]), base.title, base.language, recipe
            )
            outlet = REPUBLISHERS[base.language][n % 2]
            doc = Doc(
                f"{key}~{n}",
                base.story,
                base.event,
                base.language,
                outlet,
                f"https://{outlet}.example/{key}-r{recipe}.html",
                title,
                _text(paragraphs),
                base.published + timedelta(hours=2 + i % 20 + 24 * n),
            )
            evalset.docs.append(doc)
            evalset.duplicate_pairs.append((key, doc.id))
            variant_ids.append(doc.id)
        if len(variant_ids) == 2:
            evalset.duplicate_pairs.append((variant_ids[0], variant_ids[1]))
    for item in TRANSLATIONS:
        doc = _written_doc(item, base_docs[item.base], by_key, same_event=True)
        evalset.docs.append(doc)
        evalset.translation_pairs.append((item.base, doc.id))
    evalset.translation_pairs.append(("vi-hanoi-gnlc", "en-hanoi-translation"))
    for item in FOLLOW_UPS:
        doc = _written_doc(item, base_docs[item.base], by_key, same_event=False)
        evalset.docs.append(doc)
        evalset.hard_negative_pairs.append((item.base, doc.id))
    evalset.hard_negative_pairs += [
        ("vi-hanoi-gnlc", "vi-hue-gnlc"),
        ("vi-hanoi-gnlc", "vi-bac-ninh-cp1258"),
        ("vi-hue-gnlc", "vi-bac-ninh-cp1258"),
        ("de-koeln-lernende-stadt", "de-bonn-lernstadt"),
        ("en-learning-city-network-grows", "en-evening-classes"),
        ("en-hanoi-translation", "xn-en-hanoi-ceremony"),
    ]
    for item in CROSS_NEGATIVES:
        doc = _written_doc(item, base_docs[item.base], by_key, same_event=False)
        if item.same_event_as:
            doc = replace(doc, event=item.same_event_as)
            evalset.translation_pairs.append((item.same_event_as, doc.id))
        evalset.docs.append(doc)
        evalset.cross_negative_pairs.append((item.base, doc.id))
    for item in LOOK_ALIKES:
        doc = _written_doc(item, base_docs[item.base], by_key, same_event=False)
        evalset.docs.append(doc)
        evalset.cross_negative_pairs.append((item.base, doc.id))
    evalset.cross_negative_pairs += [
        ("vi-hanoi-gnlc", "de-koeln-lernende-stadt"),
        ("de-koeln-lernende-stadt", "en-learning-city-network-grows"),
        ("vi-hoc-may-giao-thong", "en-machine-learning"),
    ]
    return evalset


def doc_page(doc: Doc) -> ArticlePage:
    """The evaluation document as the crawler would hand it to the archive."""
    article = ExtractedArticle(
        url=doc.url,
        text=doc.text,
        title=doc.title,
        published=doc.published,
        date_source=DateSource.json_ld,
        language=doc.language,
    )
    return ArticlePage(doc.source, article, doc.published + timedelta(minutes=30))
