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

WORD = re.compile(r"\w+")
TOKEN = re.compile(r"\w+|[.!?;:]")
"""Story tokens: words plus sentence punctuation, which occupies a position so that a
phrase never spans two sentences ("…culture of learning. City officials…")."""

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
    """Character spans of the first ``limit`` tokens of ``text`` (NFC), aligned with TOKEN."""
    return [m.span() for m in islice(TOKEN.finditer(text), limit)]
