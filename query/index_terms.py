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
- a *gap* between title and body on PostgreSQL, wider than any NEAR distance.
- a *boundary* ``_`` at each sentence end and cited URL, so a phrase never spans
  two sentences (NEAR, which could, is verified against the text).

``search.fulltext`` writes these to the database; ``query.compile`` turns a query
into the same terms.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from typing import Literal

from newsmon.query.folding import collapse_digraphs, index_words
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
    german = (language or "").lower() == GERMAN
    found: list[str] = []
    for token in tokens(text or ""):
        if is_boundary(token):
            if found and found[-1] != BOUNDARY:
                found.append(BOUNDARY)
            continue
        for word in index_words(token):
            found.append(collapse_digraphs(word) if german else word)
    if found and found[-1] == BOUNDARY:
        found.pop()
    return " ".join(found)


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
