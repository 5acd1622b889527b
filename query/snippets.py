"""Highlighted snippets cut from a story's own text, matched diacritic-insensitively.

German text can also be matched with umlaut digraphs collapsed, as the search
index stores it, so "Staedte" highlights "Städte" and "Strasse" "Straße".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from newsmon.query.folding import collapse_digraphs, fold


@dataclass(frozen=True, slots=True)
class Snippet:
    text: str
    highlights: tuple[tuple[int, int], ...]
    """(start, end) character spans of matches within ``text``."""

    def marked(self, before: str = "[", after: str = "]") -> str:
        out, last = [], 0
        for start, end in self.highlights:
            out += [self.text[last:start], before, self.text[start:end], after]
            last = end
        out.append(self.text[last:])
        return "".join(out)


class _OddLengthTable(dict[int, str | None]):
    """Keeps only characters that fold to other than one character (ß, æ, marks)."""

    def __missing__(self, codepoint: int) -> str | None:
        value = None if len(fold(chr(codepoint))) == 1 else chr(codepoint)
        self[codepoint] = value
        return value


_ODD_LENGTH = _OddLengthTable()


def _fold_with_positions(text: str) -> tuple[str, list[int] | range]:
    """Folded text plus, for each folded character, the index of its source character.

    Nearly every character folds to one (checked with a C-speed ``translate``):
    runs of those fold whole with identity positions, and only the few others
    (ß, ligatures, combining marks) are placed one by one. A loop over every
    character cost most of a search's time on long stories (German has ß).
    """
    odd = text.translate(_ODD_LENGTH)
    if not odd:
        return fold(text), range(len(text))
    folded: list[str] = []
    origin: list[int] = []
    last = 0
    for match in re.finditer("[" + re.escape("".join(set(odd))) + "]", text):
        index = match.start()
        if index > last:
            _fold_run(text, last, index, folded, origin)
        piece = fold(text[index])
        folded.append(piece)
        origin.extend([index] * len(piece))
        last = index + 1
    if last < len(text):
        _fold_run(text, last, len(text), folded, origin)
    return "".join(folded), origin


def _fold_run(text: str, start: int, end: int, folded: list[str], origin: list[int]) -> None:
    """Fold ``text[start:end]``, whose characters each fold to one character."""
    run = fold(text[start:end])
    if len(run) != end - start:  # not expected; keep positions right regardless
        for index in range(start, end):
            piece = fold(text[index])
            folded.append(piece)
            origin.extend([index] * len(piece))
        return
    folded.append(run)
    origin.extend(range(start, end))


_DIGRAPH_E = re.compile(r"(?<=[aou])e")


def _collapse_with_positions(folded: str, origin: list[int] | range) -> tuple[str, list[int]]:
    """``collapse_digraphs`` of the folded text, keeping each character's origin."""
    pieces: list[str] = []
    kept: list[int] = []
    last = 0
    for match in _DIGRAPH_E.finditer(folded):
        pieces.append(folded[last : match.start()])
        kept.extend(origin[last : match.start()])
        last = match.end()
    pieces.append(folded[last:])
    kept.extend(origin[last:])
    return "".join(pieces), kept


def _merge_adjacent(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Join matches separated only by spaces, so a phrase reads as one highlight."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and not text[merged[-1][1] : start].strip():
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


SEGMENT = 4000
"""Characters folded at a time while looking for the first match (plus an overlap)."""
OVERLAP = 300


def _first_matches(text: str, patterns: list[str], german: bool) -> list[tuple[int, int]]:
    """Spans of the matches in the first stretch of ``text`` that has any.

    Folding a long story whole to show 240 characters of it cost more than the
    search; the text is folded a segment at a time (segments start and end at
    spaces and overlap, so no word or short phrase is cut) until a match turns up.
    """
    pattern = re.compile("|".join(f"(?:{p})" for p in patterns))
    start = 0
    while start < len(text):
        end = len(text) if len(text) - start <= SEGMENT else text.find(" ", start + SEGMENT)
        end = len(text) if end < 0 else end
        folded, origin = _fold_with_positions(text[start:end])
        if german:
            folded, origin = _collapse_with_positions(folded, origin)
        spans = [
            (start + origin[m.start()], start + origin[m.end() - 1] + 1)
            for m in pattern.finditer(folded)
            if m.end() > m.start()
        ]
        if spans or end >= len(text):
            return spans
        back = text.find(" ", end - OVERLAP)
        start = back + 1 if start < back < end else end
    return []


def word_end(text: str, limit: int, slack: int = 30) -> int:
    """Where to cut ``text`` at most ``limit`` chars in: the last word boundary within
    ``slack`` of the limit (a cut mid-word reads as a typo: "… của UNES")."""
    if len(text) <= limit:
        return len(text)
    space = max(text.rfind(" ", 0, limit + 1), text.rfind("\n", 0, limit + 1))
    return space if space > limit - slack else limit


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to about ``limit`` chars, with "…" if cut."""
    end = word_end(text, limit - 1)
    return text if end >= len(text) else text[:end].rstrip(" ,;:-–—") + "…"


def make_snippet(text: str, terms: list[str], width: int = 240, *, german: bool = False) -> Snippet:
    """A window of ``text`` around the first match of any term, with every match marked.

    Terms are matched on folded text at word starts (a trailing ``*`` is a
    prefix); the spans point into the original, accented text. ``german`` matches
    with umlaut digraphs collapsed on both sides (see ``collapse_digraphs``).
    """
    text = unicodedata.normalize("NFC", text)
    patterns = []
    for term in terms:
        term = fold(term).strip()
        term = collapse_digraphs(term) if german else term
        if not term:
            continue
        prefix = term.endswith("*")
        words = [re.escape(w) for w in term.rstrip("*").split()]
        if not words:
            continue
        patterns.append(r"\b" + r"\W+".join(words) + (r"\w*" if prefix else r"\b"))
    spans = _merge_adjacent(_first_matches(text, patterns, german), text) if patterns else []
    if not spans:
        return Snippet(shorten(text, width + 1), ())
    # Centre on the longest highlight: where the query words stand together.
    first = max(spans, key=lambda span: span[1] - span[0])[0]
    start = max(0, first - width // 3)
    if start:
        space = text.rfind(" ", 0, start + 1)
        start = space + 1 if space > start - 30 else start
    end = start + word_end(text[start:], width)
    prefix, suffix = ("…" if start else ""), ("…" if end < len(text) else "")
    window = text[start:end].replace("\n", " ")
    shift = len(prefix) - start
    inside = tuple((s + shift, e + shift) for s, e in spans if s >= start and e <= end)
    return Snippet(prefix + window + suffix, inside)
