"""Tokens and match keys shared by topic rules and stories.

Every word gets two keys:

* the *exact* key keeps diacritics but ignores case, where a Vietnamese tone
  mark sits (old "hoà" = new "hòa": tone marks move to the end of the word) and
  German spelling variants (ä→ae, ö→oe, ü→ue, ß→ss), so "Städte" = "Staedte";
* the *loose* key drops every diacritic (``query.folding.fold``: đ→d too).

A rule word written with diacritics is looked up by its exact key, one written
without by its loose key. Stories index both keys of each word, so a
diacritic-free rule matches text with or without diacritics while
"thành phố" never fires on "thanh pho" or "thánh phó".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import islice

from newsmon.query.folding import fold

WORD = re.compile(r"[^\W_]+")
TOKEN = re.compile(r"[^\W_]+|[.!?;:_]")
"""Story tokens: words, and boundaries that occupy a position of their own so that
no phrase or NEAR spans two sentences ("…culture of learning. City officials…").
``_`` is the boundary marker of index text (see ``index_terms``), so it is one too."""
BOUNDARY = "_"
"""How index text marks a sentence end or a cited URL."""
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)


def without_urls(text: str) -> str:
    """``text`` with each URL blanked out as a boundary, keeping every character offset.

    Words inside a cited URL (``…/thanh-pho-hoc-tap-…``) are not words of the story:
    no topic may fire on them and no search may find them there.
    """
    if "://" not in text and "www." not in text.lower():
        return text
    return _URL.sub(lambda m: "." + " " * (len(m.group()) - 1), text)


def is_boundary(token: str) -> bool:
    return len(token) == 1 and token in ".!?;:_"


def tokens(text: str) -> list[str]:
    """Words and boundaries of ``text`` (NFC), the one tokenisation topics and search share."""
    return TOKEN.findall(without_urls(unicodedata.normalize("NFC", text)))


# Vietnamese tone marks (grave, acute, tilde, hook above, dot below). Vowel-quality
# marks (circumflex, breve, horn) stay where they are: they change the letter.
TONES = "\u0300\u0301\u0303\u0309\u0323"
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})


@lru_cache(maxsize=200_000)
def word_keys(word: str) -> tuple[str, str]:
    """(exact, loose) keys of one word; cached because vocabularies repeat."""
    lowered = unicodedata.normalize("NFC", word).casefold()
    decomposed = unicodedata.normalize("NFD", lowered.translate(_UMLAUTS))
    tones = "".join(ch for ch in decomposed if ch in TONES)
    exact = "".join(ch for ch in decomposed if ch not in TONES) + tones if tones else decomposed
    return exact, fold(lowered)


def has_diacritics(word: str) -> bool:
    """True when folding changes the word; ß is a spelling, not a diacritic ("straße")."""
    lowered = unicodedata.normalize("NFC", word).casefold()
    return fold(lowered) != lowered


def split_tones(key: str) -> tuple[str, str]:
    """An exact key split into (letters, trailing tone marks), for prefix matching."""
    base = key.rstrip(TONES)
    return base, key[len(base) :]


def words(text: str) -> list[str]:
    return WORD.findall(unicodedata.normalize("NFC", text))


def word_spans(text: str, limit: int | None = None) -> list[tuple[int, int]]:
    """Character spans of the first ``limit`` tokens of ``text`` (NFC), aligned with ``tokens``."""
    return [m.span() for m in islice(TOKEN.finditer(without_urls(text)), limit)]
