"""Cross-language links: stories in different languages that report the same event.

Each language version stays its own story; linked stories share a group. The
signals are language-neutral keys, stored per story in ``story_entities`` in the
story's own transaction so lookups stay indexed and nothing is held in memory:

* **cited URLs** — a translation ending "Quelle:/Nguồn:/Source: <url>" shares the
  key of the URL with the story stored at it (looked up without a time window);
* **names** — runs of capitalised words, folded and joined (Hà Nội -> "hanoi",
  UNESCO/Unesco -> "unesco"), so spelling across languages meets;
* **numbers** — separators dropped (200.000 = 200,000), years weighed less;
* **outlet** — the other story's outlet named in the text ("Thoi Dai");
* **date** — only stories published within ``link_window_days`` are candidates.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from newsmon.query.folding import fold
from newsmon.storage.db import DIALECTS, core, key_list, keys_in
from newsmon.storage.models import Appearance, Story
from newsmon.stories.cluster_models import EntityLanguageDay, StoryEntity, StoryGroup, StoryLink
from newsmon.stories.identity import normalize_url
from newsmon.stories.neardup import DedupParams

_URL = re.compile(r"https?://[^\s<>\"')\]]+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SOURCE_LINE = re.compile(
    r"^\W*(?:quelle|nguồn|source|reporting by|mit material von)\b.*$", re.IGNORECASE | re.MULTILINE
)
_MAX_RUN = 3
_MIN_NAME = 4
_MAX_CANDIDATES = 20
_MAX_NAMES = 40  # per story; see names()


def _key(kind: str, value: str) -> int:
    raw = int.from_bytes(hashlib.blake2b(f"{kind}:{value}".encode(), digest_size=8).digest(), "big")
    return raw - (1 << 64) if raw >= 1 << 63 else raw


def cited_urls(text: str) -> set[str]:
    return {normalize_url(m.group().rstrip(".,;:")) for m in _URL.finditer(text)}


def number_sequence(text: str) -> tuple[str, ...]:
    """Numbers of two digits or more, separators dropped, in the order they first occur."""
    found: dict[str, None] = {}
    for number in _NUMBER.findall(_URL.sub(" ", text)):
        digits = number.replace(".", "").replace(",", "")
        if len(digits) >= 2:
            found.setdefault(digits.lstrip("0") or "0")
    return tuple(found)


def numbers(text: str) -> set[str]:
    """Numbers of two digits or more, without thousands/decimal separators."""
    return set(number_sequence(text))


def order_agreement(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """How far two stories give their shared numbers in the same order (0..1).

    A translation keeps the order of the facts it translates; a story that merely
    shares some figures (a score, a budget, a date) lists them in its own order.
    The longest common subsequence of the shared numbers, over their count.
    """
    shared = set(a) & set(b)
    if len(shared) < 2:
        return 1.0
    left, right = [n for n in a if n in shared], [n for n in b if n in shared]
    previous = [0] * (len(right) + 1)
    for x in left:
        current = [0]
        for j, y in enumerate(right):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1] / len(shared)


def containment(a: set[str], b: set[str]) -> float:
    """How far the story with fewer numbers gives only numbers the other gives (0..1).

    Numbers survive translation unchanged, and a shorter version leaves figures
    out rather than adding its own: in a version of the same report, one side's
    numbers are (nearly) all in the other. Two reports that share a few figures
    of a common background (the 350 cities of a network) each give their own.
    Numbers of two digits are left out: days and months are written as numbers in
    one language ("tháng 10", "19/11") and as words in another ("October").
    """
    a, b = {n for n in a if len(n) >= 3}, {n for n in b if len(n) >= 3}
    if not a or not b:
        return 1.0
    shared = len(a & b)
    return max(shared / len(a), shared / len(b))


def _is_year(number: str) -> bool:
    return len(number) == 4 and number[:2] in ("19", "20")


def number_weight(number: str) -> float:
    """How specific a number is: 20310 or 425 say more than 19 (a day) or 2025 (a year)."""
    if _is_year(number):
        return 0.3
    return 0.5 if len(number) == 2 else 1.0 if len(number) <= 4 else 1.5


# Capitalised words that are dates or sentence openers, not names (folded).
_NOT_NAMES = frozenset(
    (  # noqa: SIM905  (a word list reads best as words)
        "january february march april may june july august september october november december "
        "monday tuesday wednesday thursday friday saturday sunday januar februar marz juni juli "
        "oktober dezember montag dienstag mittwoch donnerstag freitag samstag sonntag "
        "this that these those there their with from after when while according during "
        "dies diese dieser nach auch aber seit sowie eine einer trong theo ngay nhung"
    ).split()
)


_POSSESSIVE = re.compile(r"['’]s$")
_LETTER = r"[^\W\d_]"


@cache
def _name_runs(astral: bool) -> re.Pattern[str]:
    """Runs of capitalised words joined by one space or hyphen.

    A word is a run of letters, apostrophes inside it included ("Hanoi's", "l’Europe").
    Built on first use: the class of upper-case letters is every code point whose
    ``isupper()`` holds (about 0.1 s to collect). Matching runs in C, instead of
    looking at every word of the text in Python, made ``names`` several times faster.
    Capitals outside the BMP (``astral``) turn the class into a slow linear one, so
    they are only in the pattern used for the rare texts that hold such capitals.
    """
    upper = "".join(
        c
        for c in map(chr, range(0x110000 if astral else 0x10000))
        if c.isupper() and re.match(_LETTER, c)
    )
    capital = f"[{re.escape(upper)}]"
    rest = f"{_LETTER}*(?:['’]{_LETTER}+)*"
    # A word starts where no letter (nor a letter and an apostrophe) precedes it; the
    # capital comes first in the pattern so that the engine can skip to capitals.
    first = f"{capital}(?<!{_LETTER}.)(?<!{_LETTER}['’].)"
    return re.compile(f"{first}{rest}(?:[ -]{capital}{rest})*")


_RUN_SPLIT = re.compile(r"[ -]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def names(text: str, limit: int | None = None) -> set[str]:
    """Folded runs of capitalised words (and their sub-runs of up to three words).

    With ``limit``, only the most frequent ones (then the longest): German
    capitalises every noun, and an index row per noun would make linking cost
    more than extraction, while the event's real names recur and stay in.
    """
    found: Counter[str] = Counter()
    clean = _URL.sub(" ", text)
    # Emoji mostly; only a capital beyond the BMP needs the slower pattern.
    astral = _ASTRAL.search(clean) is not None
    astral = astral and any(c > "\uffff" and c.isupper() for c in set(clean))
    for match in _name_runs(astral).finditer(clean):
        run = [_POSSESSIVE.sub("", word) for word in _RUN_SPLIT.split(match.group())]
        folded = [fold(word) for word in run]  # fold works per character, so per word too
        for i, word in enumerate(run):
            key = folded[i]
            if (len(key) >= _MIN_NAME or (len(word) >= 3 and word.isupper())) and (
                key not in _NOT_NAMES
            ):
                found[key] += 1
            for j in range(i + 2, min(len(run), i + _MAX_RUN) + 1):
                key = "".join(folded[i:j])
                if len(key) >= _MIN_NAME and key not in _NOT_NAMES:
                    found[key] += 1
    if limit is None or len(found) <= limit:
        return set(found)
    ranked = sorted(found, key=lambda key: (-found[key], -len(key), key))
    return set(ranked[:limit])


@dataclass(frozen=True, slots=True)
class Profile:
    """A story's language-neutral keys."""

    names: set[str]
    numbers: set[str]
    urls: set[str]
    """Its own URLs and the URLs it cites."""
    cites_url: bool = False
    number_order: tuple[str, ...] = ()
    """``numbers`` in the order the story first gives them."""
    _keys: dict[int, tuple[str, str]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def keys(self) -> dict[int, tuple[str, str]]:
        """Hashed key -> (kind, value); computed once (a save asks three times), not to be
        modified."""
        if self._keys is None:
            keys = {_key("n", v): ("name", v) for v in self.names}
            keys.update({_key("d", v): ("number", v) for v in self.numbers})
            keys.update({_key("u", v): ("url", v) for v in self.urls})
            object.__setattr__(self, "_keys", keys)
        return self._keys  # type: ignore[return-value]


def profile(text: str, title: str | None, own_urls: Iterable[str]) -> Profile:
    full = f"{title or ''}\n{text}"
    cited = cited_urls(full)
    # The credit line names an outlet, not the event.
    named = names(_SOURCE_LINE.sub(" ", full), limit=_MAX_NAMES)
    order = number_sequence(full)
    return with_own_urls(Profile(named, set(order), cited, bool(cited), order), own_urls)


def with_own_urls(text_prof: Profile, own_urls: Iterable[str]) -> Profile:
    """A story's profile from the profile of its text alone (no own URLs) and its URLs."""
    own = set(own_urls)
    cited = text_prof.urls
    return replace(text_prof, urls=cited | own, cites_url=bool(cited - own))


def _despaced(text: str) -> str:
    return re.sub(r"\W+", "", fold(text))


_DESPACED_CACHE: OrderedDict[tuple[int, str], str] = OrderedDict()
_DESPACED_CACHE_SIZE = 512


def _despaced_story(story: StoryFields) -> str:
    """A story's title and text, folded without spaces (outlet names are looked up in it),
    remembered per process like its profile: recent stories are candidates of many."""
    key = (story.id or 0, story.content_hash)
    cached = _DESPACED_CACHE.get(key)
    if cached is None:
        cached = _DESPACED_CACHE[key] = _despaced(f"{story.title or ''} {story.text}")
        if len(_DESPACED_CACHE) > _DESPACED_CACHE_SIZE:
            _DESPACED_CACHE.popitem(last=False)
    else:
        _DESPACED_CACHE.move_to_end(key)
    return cached


@dataclass(frozen=True, slots=True)
class LinkScore:
    score: float
    signals: dict[str, Any] = field(default_factory=dict)


COMMON_SHARE = 0.1
COMMON_MIN_STORIES = 4
"""A name or number in more than this share of the stories around the same days
("Vietnam", "Unesco", the 350 cities of the network in a week of learning-city
news), and in more than a handful of them, is background, not evidence of one
event: it counts a third. A share, so the judgement does not drift as the archive
fills up."""


def score_pair(
    a: Profile,
    b: Profile,
    outlet_named: bool,
    days_apart: float,
    params: DedupParams,
    common_keys: set[tuple[str, str]] | None = None,
) -> LinkScore:
    """How sure we are that two stories in different languages report one event.

    A cited URL is decisive. Otherwise a link needs the other outlet named or two
    shared names (rare ones count fully, names in many stories of those days a
    third), and shared specific
    numbers (which survive translation unchanged) add to it as far as the two
    stories give them in the same order: a look-alike that shares a score or a
    budget lists it elsewhere. Numbers alone never link. ``common_keys`` are the
    ("name"|"number", value) keys common in the stories of those days
    (``_common_keys``): they count a third.
    """
    shared_names = distinct_names(a.names & b.names)
    shared_numbers = a.numbers & b.numbers
    common = common_keys or set()
    order = order_agreement(a.number_order, b.number_order)
    number_weights = sum(
        number_weight(n) / (3 if ("number", n) in common else 1) for n in shared_numbers
    )
    contained = containment(a.numbers, b.numbers)
    number_evidence = min(1.0, number_weights / 2.5) * order * contained
    name_weight = sum(1 / 3 if ("name", n) in common else 1.0 for n in shared_names)
    name_evidence = min(1.0, name_weight / 4)
    link = bool(a.urls & b.urls)
    score = (
        (1.0 if link else 0.0)
        + 0.6 * number_evidence
        + 0.4 * name_evidence
        + (0.15 if outlet_named and not (a.cites_url or b.cites_url) else 0.0)
    )
    # Independent evidence of one event: a cited URL, the other outlet named, or at
    # least two names in common. Numbers, however many, never link on their own.
    if not (link or outlet_named or len(shared_names) >= 2):
        score = min(score, 0.99 * params.link_threshold)
    signals = {
        "source_link": link,
        "outlet_named": outlet_named,
        "names": sorted(shared_names)[:12],
        "numbers": sorted(shared_numbers)[:12],
        "number_order": round(order, 3),
        "number_containment": round(contained, 3),
        "number_evidence": round(number_evidence, 3),
        "name_evidence": round(name_evidence, 3),
        "days_apart": round(days_apart, 2),
    }
    return LinkScore(round(score, 4), signals)


def distinct_names(keys: set[str]) -> set[str]:
    """One key per name: "hochiminh" stands for "hochi", "chiminh" and "minh" too."""
    return {k for k in keys if not any(k != other and k in other for other in keys)}


_ENTITY = StoryEntity.__table__  # type: ignore[attr-defined]
_INSERT_ENTITY = sa.insert(_ENTITY)


_LANGUAGE_DAY = EntityLanguageDay.__table__  # type: ignore[attr-defined]
_ADD_LANGUAGE_DAY = {
    "sqlite": sqlite_insert(_LANGUAGE_DAY).on_conflict_do_nothing(),
    "postgresql": postgresql_insert(_LANGUAGE_DAY).on_conflict_do_nothing(),
}
_OTHER_LANGUAGE_NEAR = (
    sa.select(sa.literal(1))
    .where(
        _LANGUAGE_DAY.c.day.between(sa.bindparam("first"), sa.bindparam("last")),
        _LANGUAGE_DAY.c.language != sa.bindparam("language"),
    )
    .limit(1)
)


def _utc_day(moment: datetime) -> date:
    return moment.astimezone(UTC).date() if moment.tzinfo else moment.date()


def index_profile(
    session: Session, story_id: int, published: datetime, prof: Profile, language: str | None
) -> None:
    keys = prof.keys()
    if keys:
        connection = core(session)
        connection.execute(
            _INSERT_ENTITY,
            [
                {"key": k, "published": published, "story_id": story_id, "language": language}
                for k in keys
            ],
        )
        connection.execute(
            _ADD_LANGUAGE_DAY[connection.dialect.name],
            {"day": _utc_day(published), "language": language or ""},
        )


def unindex_profile(session: Session, story_id: int) -> None:
    session.execute(sa.delete(_ENTITY).where(_ENTITY.c.story_id == story_id))


class StoryFields(Protocol):
    """What linking reads of a story: a ``Story`` or a row of ``_STORY_FIELDS``."""

    @property
    def id(self) -> int | None: ...
    @property
    def source(self) -> str: ...
    @property
    def title(self) -> str | None: ...
    @property
    def text(self) -> str: ...
    @property
    def content_hash(self) -> str: ...
    @property
    def published(self) -> datetime | None: ...
    @property
    def language(self) -> str | None: ...


# Statements built once: building them per save (IN lists, filters) cost more
# Python than running them.
_SHARED = sa.func.count().label("shared")
_SHARED_KEYS = {
    dialect: sa.select(_ENTITY.c.story_id, _SHARED)
    .where(
        keys_in(_ENTITY.c.key, dialect),
        _ENTITY.c.published.between(sa.bindparam("start"), sa.bindparam("end")),
        sa.or_(
            _ENTITY.c.language.is_(None),
            sa.bindparam("any_language", type_=sa.Boolean),
            _ENTITY.c.language != sa.bindparam("language"),
        ),
        _ENTITY.c.story_id != sa.bindparam("story_id"),
    )
    .group_by(_ENTITY.c.story_id)
    .having(_SHARED >= 2)
    .order_by(_SHARED.desc(), _ENTITY.c.story_id)
    .limit(_MAX_CANDIDATES)
    for dialect in DIALECTS
}
# A cited page may be a merged copy: appearances know every URL of a story.
_URL_HITS = sa.union_all(
    sa.select(_ENTITY.c.story_id).where(_ENTITY.c.key.in_(sa.bindparam("keys", expanding=True))),
    sa.select(Appearance.story_id).where(
        Appearance.url.in_(sa.bindparam("urls", expanding=True))  # type: ignore[attr-defined]
    ),
)
_STORY_FIELDS = sa.select(
    Story.id,
    Story.source,
    Story.title,
    Story.text,
    Story.content_hash,
    Story.published,
    Story.language,
).where(Story.id.in_(sa.bindparam("ids", expanding=True)))  # type: ignore[union-attr]
_APPEARANCES_OF = sa.select(Appearance.story_id, Appearance.url, Appearance.source).where(
    Appearance.story_id.in_(sa.bindparam("ids", expanding=True))  # type: ignore[attr-defined]
)
_STORIES_IN_WINDOW = sa.select(sa.func.count()).where(
    Story.published.between(sa.bindparam("start"), sa.bindparam("end"))  # type: ignore[union-attr]
)
_KEY_COUNTS = {
    dialect: sa.select(_ENTITY.c.key, sa.func.count())
    .where(
        keys_in(_ENTITY.c.key, dialect),
        _ENTITY.c.published.between(sa.bindparam("start"), sa.bindparam("end")),
    )
    .group_by(_ENTITY.c.key)
    for dialect in DIALECTS
}


def _other_language_near(
    session: Session, language: str | None, start: datetime, end: datetime
) -> bool:
    """Whether keys of a story in another language (or none) may lie between the dates."""
    if not language:
        return True  # every language is another one
    days = {"first": _utc_day(start), "last": _utc_day(end)}
    found = core(session).execute(_OTHER_LANGUAGE_NEAR, {**days, "language": language})
    return found.first() is not None


def _candidates(
    session: Session, story: StoryFields, prof: Profile, params: DedupParams
) -> dict[int, int]:
    """Stories in other languages sharing keys: names/numbers in the window, URLs at any date.

    Counting and the language filter run in SQL: common keys ("vietnam", "2025")
    have long postings, bounded by the window (stories per day), not the archive.
    """
    keys = prof.keys()
    url_keys = [k for k, (kind, _) in keys.items() if kind == "url"]
    other_keys = [k for k, (kind, _) in keys.items() if kind != "url"]
    window = timedelta(days=params.link_window_days)
    assert story.published is not None
    hits: dict[int, int] = {}
    start, end = story.published - window, story.published + window
    if other_keys and _other_language_near(session, story.language, start, end):
        connection = core(session)
        rows = connection.execute(
            _SHARED_KEYS[connection.dialect.name],
            {
                "keys": key_list(connection, other_keys),
                "start": start,
                "end": end,
                "any_language": story.language is None,
                "language": story.language,
                "story_id": story.id,
            },
        )
        hits.update({story_id: n for story_id, n in rows})
    cited = [v for kind, v in keys.values() if kind == "url"]
    if url_keys:
        for (story_id,) in core(session).execute(_URL_HITS, {"keys": url_keys, "urls": cited}):
            if story_id != story.id:
                hits[story_id] = hits.get(story_id, 0) + 10
    return hits


def _profiles_of(
    session: Session, stories: list[StoryFields]
) -> dict[int, tuple[Profile, set[str]]]:
    """Profiles rebuilt from text (keys are hashes), and the outlets each story appeared at."""
    ids = [s.id for s in stories]
    appearances: dict[int, list[tuple[str, str]]] = {}
    for story_id, url, source in core(session).execute(_APPEARANCES_OF, {"ids": ids}):
        appearances.setdefault(story_id, []).append((url, source))
    result = {}
    for story in stories:
        seen = appearances.get(story.id, [])  # type: ignore[arg-type]
        outlets = {story.source, *(source for _, source in seen)}
        hosts = {url.split("//", 1)[-1].split("/", 1)[0].removeprefix("www.") for url, _ in seen}
        names_ = {fold(o) for o in outlets} | {fold(h.split(".")[0]) for h in hosts}
        # The text profile's urls are the ones the text cites.
        prof = with_own_urls(_text_profile(story), {url for url, _ in seen})
        result[story.id] = (prof, {n for n in names_ if len(n) >= 5})  # type: ignore[index]
    return result


_PROFILE_CACHE: OrderedDict[tuple[int, str], Profile] = OrderedDict()
_PROFILE_CACHE_SIZE = 4096


def _text_profile(story: StoryFields) -> Profile:
    """The profile of a story's own text, remembered per process.

    The same recent stories are candidates for many new ones; parsing their
    text again for every save would make linking the most expensive step.
    """
    key = (story.id or 0, story.content_hash)
    cached = _PROFILE_CACHE.get(key)
    if cached is None:
        cached = profile(story.text, story.title, [])
        remember_text_profile(story, cached)
    else:
        _PROFILE_CACHE.move_to_end(key)
    return cached


def remember_text_profile(story: StoryFields, text_prof: Profile) -> None:
    """Keep a stored story's text profile (``profile`` without own URLs) for linking.

    A save computes it before the story has an id; remembered now, the story's
    next candidacy, soon and in the same process, costs no parsing.
    """
    _PROFILE_CACHE[(story.id or 0, story.content_hash)] = text_prof
    _PROFILE_CACHE.move_to_end((story.id or 0, story.content_hash))
    if len(_PROFILE_CACHE) > _PROFILE_CACHE_SIZE:
        _PROFILE_CACHE.popitem(last=False)


def _common_keys(
    session: Session, story: StoryFields, prof: Profile, params: DedupParams
) -> set[tuple[str, str]]:
    """The story's names and numbers that many stories around its date carry."""
    by_key = {k: kv for k, kv in prof.keys().items() if kv[0] in ("name", "number")}
    if not by_key or story.published is None:
        return set()
    window = timedelta(days=params.link_window_days)
    span = {"start": story.published - window, "end": story.published + window}
    # Stories in the window, counted on the stories' date index: counting distinct
    # story ids among the keys scanned every key of the archive.
    total = core(session).execute(_STORIES_IN_WINDOW, span).scalar_one()
    limit = max(COMMON_MIN_STORIES, COMMON_SHARE * total)
    connection = core(session)
    rows = connection.execute(
        _KEY_COUNTS[connection.dialect.name], {"keys": key_list(connection, list(by_key)), **span}
    )
    return {by_key[key] for key, count in rows if count > limit}


def relate_story(session: Session, story: Story, prof: Profile, params: DedupParams) -> list[int]:
    """Link a new story to the stories in other languages that report its event."""
    hits = _candidates(session, story, prof, params)
    if not hits:
        return []
    top = sorted(hits, key=lambda sid: (-hits[sid], sid))[:_MAX_CANDIDATES]
    others: dict[int, StoryFields] = {
        s.id: s
        for s in core(session).execute(_STORY_FIELDS, {"ids": top})
        if not (s.language and story.language and s.language == story.language)
    }
    if not others:
        return []
    profiles = _profiles_of(session, [story, *others.values()])
    own_outlets = profiles[story.id][1]  # type: ignore[index]
    common = _common_keys(session, story, prof, params)
    text = _despaced_story(story)
    linked = []
    for other_id, other in sorted(others.items()):
        other_prof, other_outlets = profiles[other_id]
        other_text = _despaced_story(other)
        outlet_named = any(n in text for n in other_outlets) or any(
            n in other_text for n in own_outlets
        )
        assert other.published is not None and story.published is not None
        days = abs((other.published - story.published).total_seconds()) / 86400
        result = score_pair(prof, other_prof, outlet_named, days, params, common)
        in_window = days <= params.link_window_days or result.signals["source_link"]
        if in_window and result.score >= params.link_threshold:
            assert story.id is not None
            link_stories(session, story.id, other_id, result)
            linked.append(other_id)
    if linked:
        assert story.id is not None
        join_groups(session, story.id, story.language)
    return linked


def link_stories(session: Session, a: int, b: int, result: LinkScore) -> None:
    """Record the link with its score and evidence (``join_groups`` decides the groups)."""
    low, high = sorted((a, b))
    session.merge(
        StoryLink(story_id=low, related_id=high, score=result.score, signals=result.signals)
    )
    session.flush()


_GROUP = StoryGroup.__table__  # type: ignore[attr-defined]
_LINKS_OF = sa.select(StoryLink.story_id, StoryLink.related_id).where(
    sa.or_(StoryLink.story_id == sa.bindparam("id"), StoryLink.related_id == sa.bindparam("id"))
)
_GROUPS_OF = sa.select(_GROUP.c.story_id, _GROUP.c.group_id).where(
    _GROUP.c.story_id.in_(sa.bindparam("ids", expanding=True))
)
_MEMBER_LANGUAGES = (
    sa.select(_GROUP.c.story_id, Story.language)
    .select_from(_GROUP.outerjoin(Story, Story.id == _GROUP.c.story_id))
    .where(_GROUP.c.group_id == sa.bindparam("group_id"))
)
_LANGUAGES = sa.select(Story.id, Story.language).where(
    Story.id.in_(sa.bindparam("ids", expanding=True))  # type: ignore[union-attr]
)
_MERGE_GROUPS = (
    sa.update(_GROUP)
    .where(_GROUP.c.group_id.in_(sa.bindparam("groups", expanding=True)))
    .values(group_id=sa.bindparam("target"))
)
_INSERT_GROUP = sa.insert(_GROUP)


def direct_links(session: Session, story_id: int) -> set[int]:
    rows = core(session).execute(_LINKS_OF, {"id": story_id})
    return {b if a == story_id else a for a, b in rows}


def join_groups(session: Session, story_id: int, language: str | None) -> None:
    """Put a story into the groups of the stories it is linked to, without transitive leaps.

    A group (one event, every language) only takes the story in if the story is
    linked directly to each of its members in another language: one weak edge
    must not make a football report a "language version" of everything a
    learning-city story was ever linked to. Group id = lowest member id.
    """
    linked = direct_links(session, story_id)
    groups = dict(core(session).execute(_GROUPS_OF, {"ids": [story_id, *linked]}).all())
    joined = {groups.get(story_id, story_id)}
    for group_id in sorted({groups.get(o, o) for o in linked} - joined):
        # The group's members with their languages; a story in no group is its own.
        languages = dict(core(session).execute(_MEMBER_LANGUAGES, {"group_id": group_id}).all())
        if not languages:
            languages = dict(core(session).execute(_LANGUAGES, {"ids": [group_id]}).all())
        members = set(languages) or {group_id}
        foreign = {m for m in members if languages.get(m) != language or language is None}
        if foreign <= linked:
            joined.add(group_id)
    if len(joined) == 1 and story_id in groups:
        return
    target = min(joined)
    core(session).execute(_MERGE_GROUPS, {"groups": list(joined), "target": target})
    in_groups = set(dict(core(session).execute(_GROUPS_OF, {"ids": [story_id, *joined]}).all()))
    missing = sorted({story_id, *joined} - in_groups)
    if missing:
        core(session).execute(_INSERT_GROUP, [{"story_id": m, "group_id": target} for m in missing])
