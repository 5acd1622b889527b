"""What the full-text index holds for a story: one definition for indexing and querying.

The indexed words are our own word list (``query.folding.index_words``: folded,
letters and digits only, German stories with umlaut digraphs collapsed), joined
by spaces, so SQLite, PostgreSQL and the Python verifier see the same words at
the same positions. Besides the words:

- *pair tokens*: every two adjacent words joined by ``_`` ("thanh_pho pho_hoc
  hoc_tap"). A phrase of n words is a phrase of n-1 pairs, which the engines find
  from the short lists of rare pairs instead of walking the long lists of common
  words (Vietnamese syllables are all common).
- *meta words*: one word per story property (``lang:``/``source:`` filters, and a
  word every story has, for purely negative queries), coded so that no text word
  can collide with them, and searched only through their own column or weight.
- *date words*: the UTC year, month and day of publication (``zy2025 zm202511
  zd20251120``), so a date range is an OR of a few such words inside the index
  (``date_cover``) instead of a join that checks each candidate's date.
- a *gap* between title and body on PostgreSQL, wider than any NEAR distance.
- a *boundary* ``_`` at each sentence end and cited URL, so a phrase never spans
  two sentences (NEAR, which could, is verified against the text).

``search.fulltext`` writes these to the database; ``query.compile`` turns a query
into the same terms.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from typing import Literal

from newsmon.query.folding import collapse_digraphs, fold, index_words
from newsmon.query.rules import MAX_NEAR
from newsmon.query.text import BOUNDARY, is_boundary, tokens

ALL_TOKEN = "zall"
"""Meta word of every story: the universe a purely negative query subtracts from."""
GERMAN = "de"
PAIR_JOINER = "_"
"""Joins the two words of a pair token; a token character of the FTS5 tokenizer
(migration 0006) that no indexed word contains."""
TITLE_BODY_GAP = "zgap " * (MAX_NEAR + 1)
"""Put between title and body on PostgreSQL (its positions are not per column)."""


def meta_token(field: Literal["lang", "source"], value: str) -> str:
    """The meta word for ``lang:value`` / ``source:value`` (hex keeps any value one word)."""
    return ("zl" if field == "lang" else "zs") + value.lower().encode().hex()


def _utc(moment: datetime) -> datetime:
    """Aware datetimes in UTC; naive ones are taken as UTC (how the archive stores them)."""
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _day_token(day: date) -> str:
    return f"zd{day:%Y%m%d}"


def _month_token(day: date) -> str:
    return f"zm{day:%Y%m}"


def _year_token(day: date) -> str:
    return f"zy{day:%Y}"


def date_tokens(published: datetime | None) -> list[str]:
    """The date words of a story published at ``published`` (days are UTC days)."""
    if published is None:
        return []
    day = _utc(published).date()
    return [_year_token(day), _month_token(day), _day_token(day)]


@dataclass(frozen=True, slots=True)
class DateCover:
    """Date words whose stories are exactly (or a superset of) a publication range."""

    tokens: list[str]
    """OR of these = stories published on the range's UTC days; empty: no story."""
    exact: bool
    """False when an end falls inside a day: that day's stories need a check of the time."""


def date_cover(
    since: datetime | None, until: datetime | None, oldest: datetime, newest: datetime
) -> DateCover:
    """Cover ``since <= published < until`` with as few year/month/day words as possible.

    ``oldest``/``newest`` (the archive's publication dates) close an open end, so an
    open range needs no words for years nobody published in. Whole years and months
    inside the range become one word each; the days at either end one word per day.
    """
    first = _utc(since).date() if since else _utc(oldest).date()
    if until is None:
        last, exact_end = _utc(newest).date(), True
    else:
        end = _utc(until)
        exact_end = end.time() == time()
        last = end.date() - timedelta(days=1) if exact_end else end.date()
    exact = exact_end and (since is None or _utc(since).time() == time())
    last = min(last, _utc(newest).date())
    first = max(first, _utc(oldest).date())
    tokens: list[str] = []
    day = first
    while day <= last:
        year_end = date(day.year, 12, 31)
        month_end = (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        if day.month == 1 and day.day == 1 and year_end <= last:
            tokens.append(_year_token(day))
            day = year_end + timedelta(days=1)
        elif day.day == 1 and month_end <= last:
            tokens.append(_month_token(day))
            day = month_end + timedelta(days=1)
        else:
            tokens.append(_day_token(day))
            day += timedelta(days=1)
    return DateCover(tokens, exact)


@dataclass(frozen=True, slots=True)
class IndexEntry:
    story_id: int
    title: str
    body: str
    meta: str
    language: str | None
    source: str
    title_pairs: str = ""
    body_pairs: str = ""
    published: datetime | None = None


def index_text(text: str | None, language: str | None) -> str:
    """The words of ``text`` as indexed for a story in ``language``, space-separated.

    Tokenised as topics are (``query.text.tokens``), with each sentence end or cited
    URL kept as one ``_``: a phrase then never spans two sentences in the index either.
    """
    found = tokens(text or "")
    # Folding is per character, so the tokens are folded and split in one pass over
    # their joined text, unless folding made a boundary character (then token by token).
    joined = " ".join(found)
    folded = fold(joined)
    if _boundary_count(folded) != _boundary_count(joined):
        return _index_text_by_token(found, language)
    if _SPLIT_NEEDED.search(folded):  # folding made a separator or an empty token
        folded = " ".join(_INDEX_TOKEN.findall(folded))
    words = folded.translate(_AS_BOUNDARY)
    words = _BOUNDARY_RUN.sub(BOUNDARY, words)
    if words == BOUNDARY:
        return ""
    words = words.removeprefix(BOUNDARY + " ").removesuffix(" " + BOUNDARY)
    return collapse_digraphs(words) if (language or "").lower() == GERMAN else words


_BOUNDARIES = ".!?;:_"
_INDEX_TOKEN = re.compile(f"[^\\W_]+|[{re.escape(_BOUNDARIES)}]")
_SPLIT_NEEDED = re.compile(f"[^\\w {re.escape(_BOUNDARIES)}]|  |^ | $")
_AS_BOUNDARY = str.maketrans(dict.fromkeys(_BOUNDARIES, BOUNDARY))
_BOUNDARY_RUN = re.compile(f"{BOUNDARY}(?: {BOUNDARY})+")


def _boundary_count(text: str) -> int:
    return sum(text.count(mark) for mark in _BOUNDARIES)


def _index_text_by_token(found: list[str], language: str | None) -> str:
    german = (language or "").lower() == GERMAN
    words: list[str] = []
    for token in found:
        if is_boundary(token):
            if words and words[-1] != BOUNDARY:
                words.append(BOUNDARY)
            continue
        for word in index_words(token):
            words.append(collapse_digraphs(word) if german else word)
    if words and words[-1] == BOUNDARY:
        words.pop()
    return " ".join(words)


def pair_tokens(words: Sequence[str]) -> list[str]:
    """Adjacent words joined by ``_``: the pair column's tokens (none across a boundary)."""
    return [f"{a}{PAIR_JOINER}{b}" for a, b in pairwise(words) if BOUNDARY not in (a, b)]


def postgres_pairs(pairs: str) -> str:
    """Pair tokens as PostgreSQL's parser keeps them whole ("thanh0pho": it splits at "_").

    Only ever tested for presence (never by position), so a rare collision such as
    "ab"+"0c" = "ab0"+"c" merely adds a candidate that the phrase test rejects.
    """
    return pairs.replace(PAIR_JOINER, "0")


def make_entry(
    story_id: int,
    title: str | None,
    text: str,
    language: str | None,
    source: str,
    published: datetime | None = None,
) -> IndexEntry:
    meta = [ALL_TOKEN, meta_token("source", source)]
    if language:
        meta.append(meta_token("lang", language))
    meta += date_tokens(published)
    title_words, body_words = index_text(title, language), index_text(text, language)
    return IndexEntry(
        story_id,
        title_words,
        body_words,
        " ".join(meta),
        language,
        source,
        " ".join(pair_tokens(title_words.split())),
        " ".join(pair_tokens(body_words.split())),
        published,
    )
