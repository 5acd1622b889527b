"""Diacritic and case folding shared by indexing and querying.

Search must find "thành phố học tập" for "thanh pho hoc tap". SQLite's unicode61
tokenizer cannot do this alone (remove_diacritics 2 keeps đ, 1 misses letters
with two marks), so both the indexed text and the query are folded here.
"""

from __future__ import annotations

import re
import unicodedata

# Letters that are not "base + combining mark" in Unicode, so NFD cannot strip them.
_SPECIAL = str.maketrans(
    {
        "đ": "d",
        "Đ": "d",
        "ß": "ss",
        "ẞ": "ss",
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ı": "i",
        "þ": "th",
        "ð": "d",
    }
)


class _FoldTable(dict[int, str]):
    """Per-character folding, computed once per character and then looked up in C.

    Folding character by character equals folding the whole text: a base letter
    and its combining marks fold independently (the marks to nothing).
    """

    def __missing__(self, codepoint: int) -> str:
        char = chr(codepoint).translate(_SPECIAL)
        decomposed = unicodedata.normalize("NFD", char)
        folded = "".join(c for c in decomposed if not unicodedata.combining(c))
        folded = folded.casefold().translate(_SPECIAL)
        self[codepoint] = folded
        return folded


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower-case, strip diacritics and map special letters to ASCII-like forms."""
    return text.translate(_TABLE)


# -- search index words -------------------------------------------------------------------

_INDEX_WORD = re.compile(r"[^\W_]+")
_DIGRAPH_E = re.compile(r"(?<=[aou])e")


def index_words(text: str) -> list[str]:
    """Folded words as the search index stores them: letters and digits only.

    Splitting here (not in SQLite's or PostgreSQL's tokenizer) gives both engines,
    and the Python verifier, the same words at the same positions.
    """
    return _INDEX_WORD.findall(fold(text))


def collapse_digraphs(word: str) -> str:
    """A folded German word with umlaut spellings collapsed: "staedte"/"stadte" -> "stadte".

    German writes ä/ö/ü as ae/oe/ue where umlauts are missing, and folding turns
    "Städte" into "stadte", so both spellings meet once ae/oe/ue lose their "e".
    Only German stories are indexed collapsed: in Vietnamese ("Nguyen") or English
    ("blue") the digraph is no umlaut. Queries therefore look for a word containing
    ae/oe/ue under both spellings (see ``query.compile``).
    """
    return _DIGRAPH_E.sub("", word)


def has_digraph(word: str) -> bool:
    return _DIGRAPH_E.search(word) is not None
