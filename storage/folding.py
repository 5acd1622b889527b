"""Diacritic and case folding shared by indexing and querying.

Search must find "thành phố học tập" for "thanh pho hoc tap". SQLite's unicode61
tokenizer cannot do this alone (remove_diacritics 2 keeps đ, 1 misses letters
with two marks), so both the indexed text and the query are folded here.
"""

from __future__ import annotations

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


def fold(text: str) -> str:
    """Lower-case, strip diacritics and map special letters to ASCII-like forms."""
    decomposed = unicodedata.normalize("NFD", text.translate(_SPECIAL))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold().translate(_SPECIAL)
