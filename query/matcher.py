"""Matching stories against compiled topics: tokenise each story once, test few topics.

A story becomes a :class:`Document`: every word's exact and loose keys (see
``query.text``) mapped to word positions. Title words come first, then a gap
wider than any NEAR distance, then the body, so ``title:`` is a position test
and NEAR never joins title and body.

Each topic is indexed by keys it cannot match without (its *triggers*); a story
is only evaluated against topics whose triggers it contains, which keeps 200
topics cheap. Topics without any required word (``NOT x``, ``lang:vi``) are
evaluated on every story.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from newsmon.query.rules import (
    MAX_NEAR,
    And,
    Filter,
    Near,
    Node,
    Not,
    Or,
    Term,
    parse_rule,
    positive_terms,
)
from newsmon.query.snippets import Snippet
from newsmon.query.text import (
    has_diacritics,
    is_boundary,
    split_tones,
    tokens,
    word_keys,
    word_spans,
)

SNIPPET_WIDTH = 240
_KEY_CACHE_LIMIT = 500_000
_keys_cache: dict[str, tuple[str, ...]] = {}

Mark = tuple[int, int]
"""Word positions [start, end) of one matched term in a document."""
Hit = tuple[int, int, tuple[Mark, ...]]
"""A span of word positions and the term marks that make it up."""


@dataclass(frozen=True, slots=True)
class StoryText:
    """What a topic may look at: the extracted title and body (no navigation, no comments)."""

    title: str
    body: str
    language: str | None = None
    source: str | None = None


def _distinct_keys(word: str) -> tuple[str, ...]:
    if len(_keys_cache) > _KEY_CACHE_LIMIT:
        _keys_cache.clear()
    exact, loose = word_keys(word)
    keys = _keys_cache[word] = (exact,) if exact == loose else (exact, loose)
    return keys


class Document:
    """One story, tokenised once for all topics.

    Positions are looked up lazily per key: a story is only evaluated against a
    handful of candidate topics, so most keys are never asked for.
    """

    __slots__ = (
        "_body_tokens",
        "_boundaries",
        "_positions",
        "_prefixes",
        "_spans",
        "_title_tokens",
        "body",
        "body_start",
        "index",
        "language",
        "source",
        "title",
        "title_end",
    )

    def __init__(self, story: StoryText) -> None:
        self.title = unicodedata.normalize("NFC", story.title or "")
        self.body = unicodedata.normalize("NFC", story.body or "")
        self.language = (story.language or "").lower()
        self.source = (story.source or "").lower()
        self._title_tokens = tokens(self.title)
        self._body_tokens = tokens(self.body)
        self.title_end = len(self._title_tokens)
        self.body_start = self.title_end + MAX_NEAR + 1
        index: dict[str, list[str]] = {}
        cache = _keys_cache
        for word in dict.fromkeys(self._title_tokens + self._body_tokens):
            for key in cache.get(word) or _distinct_keys(word):
                index.setdefault(key, []).append(word)
        self.index = index
        """Every key in the story → the distinct words that have it."""
        self._positions: dict[str, list[int]] = {}
        self._prefixes: dict[tuple[str, bool], list[int]] = {}
        self._spans: dict[bool, list[tuple[int, int]]] = {}
        self._boundaries: list[int] | None = None

    def crosses_boundary(self, start: int, end: int) -> bool:
        """True if a sentence end (or cited URL) lies between positions ``start`` and ``end``."""
        if self._boundaries is None:
            self._boundaries = [
                at + offset
                for tokens_, offset in (
                    (self._title_tokens, 0),
                    (self._body_tokens, self.body_start),
                )
                for at, token in enumerate(tokens_)
                if is_boundary(token)
            ]
        at = bisect_left(self._boundaries, start)
        return at < len(self._boundaries) and self._boundaries[at] < end

    def positions(self, key: str) -> list[int]:
        """Sorted word positions of ``key``; title first, body after the gap."""
        cached = self._positions.get(key)
        if cached is None:
            cached = self._positions[key] = self._words_positions(self.index.get(key, ()))
        return cached

    def bare_positions(self, key: str) -> list[int]:
        """Positions of words whose key is ``key`` and that carry no diacritics."""
        cached = self._positions.get("\0" + key)
        if cached is None:
            words = [
                w
                for w in self.index.get(key, ())
                if len(_keys_cache.get(w) or _distinct_keys(w)) == 1
            ]
            cached = self._positions["\0" + key] = self._words_positions(words)
        return cached

    def _words_positions(self, words: Iterable[str]) -> list[int]:
        found: list[int] = []
        for part, offset in ((self._title_tokens, 0), (self._body_tokens, self.body_start)):
            for word in words:
                at = -1
                try:
                    while True:  # list.index scans in C: far cheaper than a Python loop
                        at = part.index(word, at + 1)
                        found.append(at + offset)
                except ValueError:
                    pass
        found.sort()
        return found

    def prefix_positions(self, key: str, exact: bool) -> list[int]:
        """Positions of words whose key starts with ``key`` (tone marks compared apart)."""
        cached = self._prefixes.get((key, exact))
        if cached is not None:
            return cached
        if exact:
            base, tones = split_tones(key)
            words = [
                w
                for candidate, ws in self.index.items()
                if candidate.startswith(base) and _tone_prefix(candidate, base, tones)
                for w in ws
            ]
        else:
            words = [
                w for candidate, ws in self.index.items() if candidate.startswith(key) for w in ws
            ]
        result = self._prefixes[(key, exact)] = self._words_positions(dict.fromkeys(words))
        return result

    def surface(self, mark: Mark) -> tuple[str, int, int, bool]:
        """(text, char start, char end, in_title) of a mark, in the original text."""
        start, end = mark
        in_title = start < self.title_end
        text = self.title if in_title else self.body
        base = 0 if in_title else self.body_start
        spans = self._spans.setdefault(in_title, [])
        if len(spans) < end - base:  # scan only as far as needed: most matches come early
            spans[:] = word_spans(text, end - base + 50)
        char_start, char_end = spans[start - base][0], spans[end - 1 - base][1]
        return text[char_start:char_end], char_start, char_end, in_title


def _tone_prefix(candidate: str, base: str, tones: str) -> bool:
    cbase, ctones = split_tones(candidate)
    return cbase.startswith(base) and ctones.startswith(tones)


# -- compiled rule nodes ------------------------------------------------------------------

Evaluator = Callable[[Document], list[Hit] | None]
"""None when the node does not match; otherwise its hits (empty for NOT and filters)."""


Spellings = frozenset[tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class _Word:
    key: str
    exact: bool
    prefix: bool
    bare: bool = False
    """Only words written without diacritics."""

    def positions(self, doc: Document) -> list[int]:
        if self.prefix:
            return doc.prefix_positions(self.key, self.exact)
        if self.bare:
            return doc.bare_positions(self.key)
        return doc.positions(self.key)


def _compile_term(term: Term, plain: Spellings) -> Evaluator:
    # One diacritic in a phrase makes the whole phrase diacritic-sensitive: "thanh" in
    # "thanh niên" is a different word from "thánh", though it carries no mark itself.
    exact = any(has_diacritics(w) for w in term.words)
    keys = tuple(word_keys(w)[0 if exact else 1] for w in term.words)
    # A rule that also spells this term with diacritics ("thành phố" OR "thanh pho") means
    # the bare spelling is for text typed without them: it must not match "thánh phó".
    bare = not exact and keys in plain
    parts = [
        _Word(key, exact, term.prefix and i == len(keys) - 1, bare and not term.prefix)
        for i, key in enumerate(keys)
    ]
    title_only, length = term.field == "title", len(parts)
    first, rest = parts[0], parts[1:]

    def evaluate(doc: Document) -> list[Hit] | None:
        starts = first.positions(doc)
        if not starts:
            return None
        if rest:
            following = [set(p.positions(doc)) for p in rest]
            starts = [s for s in starts if all(s + i in f for i, f in enumerate(following, 1))]
        if title_only:
            starts = [s for s in starts if s < doc.title_end]
        if not starts:
            return None
        return [(s, s + length, ((s, s + length),)) for s in starts]

    return evaluate


def _compile_near(node: Near, plain: Spellings) -> Evaluator:
    left, right = compile_node(node.left, plain), compile_node(node.right, plain)
    distance, ordered = node.distance, node.ordered

    def evaluate(doc: Document) -> list[Hit] | None:
        lefts = left(doc)
        if not lefts:
            return None
        rights = right(doc)
        if not rights:
            return None
        hits: list[Hit] = []
        for ls, le, lm in lefts:  # words NEAR each other in one sentence
            for rs, re_, rm in rights:
                if le <= rs and rs - le <= distance and not doc.crosses_boundary(le, rs):
                    hits.append((ls, re_, lm + rm))
                elif (
                    not ordered
                    and re_ <= ls
                    and ls - re_ <= distance
                    and not doc.crosses_boundary(re_, ls)
                ):
                    hits.append((rs, le, rm + lm))
        return hits or None

    return evaluate


def _compile_and(node: And, plain: Spellings) -> Evaluator:
    items = [compile_node(i, plain) for i in node.items]

    def evaluate(doc: Document) -> list[Hit] | None:
        hits: list[Hit] = []
        for item in items:
            found = item(doc)
            if found is None:
                return None
            hits.extend(found)
        return hits

    return evaluate


def _compile_or(node: Or, plain: Spellings) -> Evaluator:
    items = [compile_node(i, plain) for i in node.items]

    def evaluate(doc: Document) -> list[Hit] | None:
        hits: list[Hit] | None = None
        for item in items:  # all branches run, so every matching term gets highlighted
            found = item(doc)
            if found is not None:
                hits = (hits or []) + found
        return hits

    return evaluate


def _compile_not(node: Not, plain: Spellings) -> Evaluator:
    item = compile_node(node.item, plain)
    return lambda doc: None if item(doc) is not None else []


def _compile_filter(node: Filter) -> Evaluator:
    value, attribute = node.value, node.field if node.field == "source" else "language"
    return lambda doc: [] if getattr(doc, attribute) == value else None


def accented_spellings(node: Node) -> Spellings:
    """Loose keys of every term the rule spells with diacritics."""
    return frozenset(
        tuple(word_keys(w)[1] for w in term.words)
        for term in positive_terms(node)
        if any(has_diacritics(w) for w in term.words)
    )


def compile_node(node: Node, plain: Spellings = frozenset()) -> Evaluator:
    """An evaluator for ``node``; ``plain`` lists accented spellings (see _compile_term)."""
    if isinstance(node, Term):
        return _compile_term(node, plain)
    if isinstance(node, Near):
        return _compile_near(node, plain)
    if isinstance(node, And):
        return _compile_and(node, plain)
    if isinstance(node, Or):
        return _compile_or(node, plain)
    if isinstance(node, Not):
        return _compile_not(node, plain)
    return _compile_filter(node)


# -- triggers: which keys a topic cannot match without ---------------------------------------

Trigger = tuple[str, str]
"""("key", exact key) or ("prefix", key prefix)."""


def _term_triggers(term: Term) -> set[Trigger]:
    exact = any(has_diacritics(w) for w in term.words)
    keys = [word_keys(w)[0 if exact else 1] for w in term.words]
    whole = keys[:-1] if term.prefix else keys
    if whole:
        return {("key", max(whole, key=len))}
    prefix = split_tones(keys[-1])[0] if exact else keys[-1]
    return {("prefix", prefix)}


def triggers(node: Node) -> set[Trigger] | None:
    """Keys of which a matching story contains at least one; None if there is no such set."""
    if isinstance(node, Term):
        return _term_triggers(node)
    if isinstance(node, Or):
        union: set[Trigger] = set()
        for item in node.items:
            found = triggers(item)
            if found is None:
                return None
            union |= found
        return union
    if isinstance(node, And | Near):
        options = [
            triggers(i) for i in (node.items if isinstance(node, And) else (node.left, node.right))
        ]
        usable = [o for o in options if o]
        if not usable:
            return None
        # Fewest keys first, then whole words over prefixes (prefixes cost more per story).
        return min(usable, key=lambda o: (len(o), sum(k == "prefix" for k, _ in o)))
    return None


# -- topics ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TopicMatch:
    topic: str
    terms: list[str]
    """Distinct matched surface forms as they appear in the story."""
    snippet: Snippet
    in_title: bool


@dataclass(slots=True)
class CompiledTopic:
    name: str
    rule: Node
    evaluate: Evaluator
    triggers: set[Trigger] | None


def compile_topic(name: str, query: str) -> CompiledTopic:
    rule = parse_rule(query)
    return CompiledTopic(name, rule, compile_node(rule, accented_spellings(rule)), triggers(rule))


@dataclass
class TopicMatcher:
    """All topics compiled once; :meth:`match` a story against them."""

    topics: list[CompiledTopic]
    _by_key: dict[str, list[int]] = field(default_factory=dict)
    _by_prefix: dict[int, dict[str, list[int]]] = field(default_factory=dict)
    _always: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        for number, topic in enumerate(self.topics):
            if topic.triggers is None:
                self._always.append(number)
                continue
            for kind, key in topic.triggers:
                if kind == "key":
                    self._by_key.setdefault(key, []).append(number)
                else:
                    self._by_prefix.setdefault(len(key), {}).setdefault(key, []).append(number)

    @classmethod
    def from_rules(cls, rules: Iterable[tuple[str, str]]) -> TopicMatcher:
        return cls([compile_topic(name, query) for name, query in rules])

    def candidates(self, doc: Document) -> list[int]:
        keys = doc.index.keys()
        found = set(self._always)
        for key in keys & self._by_key.keys():
            found.update(self._by_key[key])
        for length, table in self._by_prefix.items():
            heads = {k[:length] for k in keys if len(k) >= length}
            for head in heads & table.keys():
                found.update(table[head])
        return sorted(found)

    def match(self, story: StoryText | Document) -> list[TopicMatch]:
        doc = story if isinstance(story, Document) else Document(story)
        results = []
        for number in self.candidates(doc):
            topic = self.topics[number]
            hits = topic.evaluate(doc)
            if hits is not None:
                results.append(_explain(topic.name, doc, hits))
        return results


def _explain(topic: str, doc: Document, hits: Sequence[Hit]) -> TopicMatch:
    marks = sorted({m for _, _, ms in hits for m in ms})
    terms: dict[str, str] = {}
    body_spans: list[tuple[int, int]] = []
    in_title = False
    for mark in marks:
        text, start, end, title = doc.surface(mark)
        terms.setdefault(text.casefold(), text)
        in_title = in_title or title
        if not title:
            body_spans.append((start, end))
    return TopicMatch(
        topic, list(terms.values()), window(doc.body, _merge(doc.body, body_spans)), in_title
    )


def _merge(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans, or spans with only spaces between, become one highlight."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and (start <= merged[-1][1] or not text[merged[-1][1] : start].strip()):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def window(text: str, spans: list[tuple[int, int]], width: int = SNIPPET_WIDTH) -> Snippet:
    """A snippet of ``text`` around the first span with every span inside it highlighted."""
    if not spans:
        return Snippet(text[:width].replace("\n", " ") + ("…" if len(text) > width else ""), ())
    first = spans[0][0]
    start = max(0, first - width // 3)
    if start:
        space = text.rfind(" ", 0, start + 1)
        start = space + 1 if space > start - 30 else start
    end = min(len(text), max(start + width, spans[0][1]))
    prefix, suffix = ("…" if start else ""), ("…" if end < len(text) else "")
    shift = len(prefix) - start
    inside = tuple((s + shift, e + shift) for s, e in spans if s >= start and e <= end)
    return Snippet(prefix + text[start:end].replace("\n", " ") + suffix, inside)
