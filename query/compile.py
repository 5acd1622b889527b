"""Search queries in the topic-rule language, compiled for SQLite FTS5 and PostgreSQL.

The query is parsed by ``query.rules.parse_rule`` and *normalised* into the
index's own words (``query.folding.index_words``): search ignores diacritics
both ways ("Đà Nẵng" = "da nang"), unlike topic rules. A word containing
ae/oe/ue becomes ``(word OR collapsed)`` because German stories are indexed
with those digraphs collapsed (see ``query.folding.collapse_digraphs``).

Each engine gets an expression that is exact where the engine can say it and a
**superset** where it cannot; ``exact`` tells ``search.engine`` whether
candidates must be verified in Python with the topic matcher:

* FTS5 phrases are phrases of pair tokens (``search.fulltext``): the same
  matches, from the short lists of rare word pairs.
* FTS5 has ``NEAR(a b, n)`` (either order) but no ordered NEAR, and no NEAR over
  nested NEARs: ONEAR and nested NEAR compile to NEAR/AND and are verified.
  NEAR over OR-groups is distributed into OR of NEARs (exact).
* tsquery only has ``a <k> b`` (exactly k apart): NEAR/n and ONEAR/n up to
  ``PG_NEAR_EXPAND`` become an OR of k = 1..n+1 (exact); longer or nested ones
  compile to AND and are verified.
* Under NOT an inexact part is dropped (NOT of a superset would be a subset).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field, replace
from itertools import product

from newsmon.query.folding import collapse_digraphs, has_digraph, index_words
from newsmon.query.index_terms import ALL_TOKEN, index_text, meta_token, pair_tokens, postgres_pairs
from newsmon.query.matcher import Document, Evaluator, StoryText, compile_node
from newsmon.query.rules import (
    And,
    Filter,
    Near,
    Node,
    Not,
    Or,
    RuleSyntaxError,
    Term,
    parse_rule,
    positive_terms,
)

PG_NEAR_EXPAND = 10
"""Largest NEAR distance compiled exactly for PostgreSQL (2(n+1) alternatives)."""
MAX_NEAR_COMBINATIONS = 16
"""Most (left x right) alternatives a NEAR over OR-groups is distributed into."""

Expr = tuple[str | None, bool]
"""(engine expression, exact); None means "no constraint" (every story)."""


class SearchError(ValueError):
    """The query cannot be run; the message says why (and where, for syntax errors)."""


# -- normalisation ------------------------------------------------------------------------


def _normalize_term(term: Term) -> Node:
    words = tuple(index_words(" ".join(term.words)))
    if not words:
        raise SearchError(f"nothing searchable in {' '.join(term.words)!r}")
    plain = replace(term, words=words)
    if not any(has_digraph(w) for w in words):
        return plain
    return Or((plain, replace(term, words=tuple(collapse_digraphs(w) for w in words))))


def normalize(node: Node) -> Node:
    """The rule in index words, with German digraph spellings expanded (see module doc)."""
    if isinstance(node, Term):
        return _normalize_term(node)
    if isinstance(node, Or):
        items: list[Node] = []
        for item in map(normalize, node.items):
            items.extend(item.items if isinstance(item, Or) else (item,))
        return Or(tuple(items))
    if isinstance(node, And):
        return And(tuple(map(normalize, node.items)))
    if isinstance(node, Not):
        return Not(normalize(node.item))
    if isinstance(node, Near):
        return replace(node, left=normalize(node.left), right=normalize(node.right))
    return node


def _alternatives(node: Node) -> list[Term] | None:
    """The terms of a term or an OR-group of terms; None for anything else."""
    if isinstance(node, Term):
        return [node]
    if isinstance(node, Or):
        found: list[Term] = []
        for item in node.items:
            terms = _alternatives(item)
            if terms is None:
                return None
            found += terms
        return found
    return None


# -- shared boolean structure -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Syntax(ABC):
    """How one engine spells the boolean operators."""

    all: str
    and_: str
    or_: str

    @abstractmethod
    def not_(self, positive: str, negated: str) -> str: ...


class _Compiler(ABC):
    """The boolean structure shared by both engines; terms, filters and NEAR are theirs."""

    syntax: _Syntax

    @abstractmethod
    def term(self, term: Term) -> str: ...

    @abstractmethod
    def filter(self, node: Filter) -> str: ...

    @abstractmethod
    def near(self, node: Near) -> Expr: ...

    def compile(self, node: Node) -> Expr:
        if isinstance(node, Term):
            return self.term(node), True
        if isinstance(node, Filter):
            return self.filter(node), True
        if isinstance(node, Near):
            return self.near(node)
        if isinstance(node, Or):
            parts = [self.compile(i) for i in node.items]
            exact = all(e for _, e in parts)
            if any(p is None for p, _ in parts):
                return None, exact
            return "(" + self.syntax.or_.join(p for p, _ in parts if p) + ")", exact
        if isinstance(node, Not):
            return self._and([node])
        assert isinstance(node, And)
        return self._and(list(node.items))

    def _and(self, items: list[Node]) -> Expr:
        positives, negatives, exact = [], [], True
        for item in items:
            if isinstance(item, Not):
                inner, inner_exact = self.compile(item.item)
                if inner is not None and inner_exact:
                    negatives.append(inner)
                else:
                    exact = False  # dropped: NOT of a superset would lose matches
                continue
            expr, item_exact = self.compile(item)
            exact = exact and item_exact
            if expr is not None:
                positives.append(expr)
        if not positives and not negatives:
            return None, exact
        expr = "(" + self.syntax.and_.join(positives or [self.syntax.all]) + ")"
        for negated in negatives:
            expr = self.syntax.not_(expr, negated)
        return expr, exact


# -- SQLite FTS5 ----------------------------------------------------------------------------


class _FtsSyntax(_Syntax):
    def not_(self, positive: str, negated: str) -> str:
        return f"({positive} NOT {negated})"


class FtsCompiler(_Compiler):
    """FTS5 MATCH syntax; text terms are confined to title/body, filters to ``meta``."""

    syntax = _FtsSyntax(f"meta : {ALL_TOKEN}", " AND ", " OR ")

    @staticmethod
    def _columns(term: Term) -> str:
        return "title" if term.field == "title" else "{title body}"

    @staticmethod
    def _phrase(term: Term) -> str:
        return '"' + " ".join(term.words) + '"' + ("*" if term.prefix else "")

    def term(self, term: Term) -> str:
        """A word, or a phrase as a phrase of pair tokens (same matches, short lists)."""
        if len(term.words) == 1:
            return f"{self._columns(term)} : {self._phrase(term)}"
        columns = "title_pairs" if term.field == "title" else "{title_pairs body_pairs}"
        pairs = replace(term, words=tuple(pair_tokens(term.words)))
        return f"{columns} : {self._phrase(pairs)}"

    def filter(self, node: Filter) -> str:
        return f"meta : {meta_token(node.field, node.value)}"

    def near(self, node: Near) -> Expr:
        lefts, rights = _alternatives(node.left), _alternatives(node.right)
        if lefts and rights and len(lefts) * len(rights) <= MAX_NEAR_COMBINATIONS:
            fields = {t.field for t in lefts + rights}
            if len(fields) == 1:
                columns = self._columns(lefts[0])
                parts = [
                    f"{columns} : NEAR({self._phrase(a)} {self._phrase(b)}, {node.distance})"
                    for a, b in product(lefts, rights)
                ]
                # A superset: NEAR may span a sentence end here, never for topics.
                return "(" + " OR ".join(parts) + ")", False
        expr, _ = self._and([node.left, node.right])
        return expr, False


# -- PostgreSQL tsquery --------------------------------------------------------------------


class _TsSyntax(_Syntax):
    def not_(self, positive: str, negated: str) -> str:
        return f"({positive} & !{negated})"


class TsCompiler(_Compiler):
    """to_tsquery syntax; only ``title:`` terms carry a weight label (A, the title).

    ``for_match``: the expression that selects stories, where a two-word phrase
    is its pair token alone. The token is present exactly when the two words are
    adjacent in title or body (pairs never span a sentence end or the title/body
    gap), and a pair-only tsquery needs no positional recheck, which reads each
    candidate's whole tsvector. Ranking keeps the positional form (title weight).
    """

    syntax = _TsSyntax(f"'{ALL_TOKEN}'", " & ", " | ")

    def __init__(self, for_match: bool = False) -> None:
        self.for_match = for_match

    def term(self, term: Term, pairs: bool = True) -> str:
        # No weight label unless the term is title-only: a weight-restricted lexeme
        # makes every GIN hit a recheck that reads the whole tsvector from the heap.
        # Meta words are coded, so an unlabelled text word never meets one.
        weights = ":A" if term.field == "title" else ""
        lexemes = [f"'{w}'{weights}" for w in term.words]
        if term.prefix:
            lexemes[-1] = f"'{term.words[-1]}':*{weights.lstrip(':')}"
        if len(lexemes) == 1:
            return lexemes[0]
        phrase = " <-> ".join(lexemes)
        complete = term.words[:-1] if term.prefix else term.words
        tokens = postgres_pairs(" ".join(pair_tokens(complete))).split()
        title = term.field == "title"
        if not pairs or not tokens or (title and not self.for_match):
            return f"({phrase})"
        # Title and body pairs are one set: for a title phrase they narrow only.
        if self.for_match and len(tokens) == 1 and not title and _unique_pair(term):
            return f"'{tokens[0]}'"
        # Rare pairs narrow the GIN candidates before the positional recheck.
        return "(" + " & ".join(f"'{t}'" for t in tokens) + f" & ({phrase}))"

    def filter(self, node: Filter) -> str:
        return f"'{meta_token(node.field, node.value)}'"

    def near(self, node: Near) -> Expr:
        plain = _alternatives(node.left) and _alternatives(node.right)
        if plain and node.distance <= PG_NEAR_EXPAND:
            # Positional operands only: pair tokens have no place in a distance test.
            left = self._positional(node.left)
            right = self._positional(node.right)
            steps = range(1, node.distance + 2)
            parts = [f"{left} <{k}> {right}" for k in steps]
            if not node.ordered:
                parts += [f"{right} <{k}> {left}" for k in steps]
            # A superset: the distance may span a sentence end, which topics never do.
            return "(" + " | ".join(parts) + ")", False
        expr, _ = self._and([node.left, node.right])
        return expr, False

    def _positional(self, node: Node) -> str:
        terms = _alternatives(node) or []
        parts = [self.term(t, pairs=False) for t in terms]
        return parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")"


class TsNarrowCompiler(TsCompiler):
    """A tsquery that GIN answers without a recheck: a superset of the match.

    No positions and no weights: a phrase is its pair tokens (plus a prefix
    word), NEAR is AND, ``title:`` is anywhere. GIN rechecks a candidate by
    reading its whole tsvector from TOAST, so search finds candidates with this
    expression and rechecks only the few it needs (``search.engine``). The
    exact flag says whether the expression is the match itself.
    """

    def compile(self, node: Node) -> Expr:
        if isinstance(node, Term):
            return self._narrow(node)
        if isinstance(node, Near):
            expr, _ = self._and([node.left, node.right])
            return expr, False
        return super().compile(node)

    def _narrow(self, term: Term) -> Expr:
        last = f"'{term.words[-1]}'" + (":*" if term.prefix else "")
        exact = term.field != "title"
        if len(term.words) == 1:
            return last, exact
        complete = term.words[:-1] if term.prefix else term.words
        tokens = postgres_pairs(" ".join(pair_tokens(complete))).split()
        parts = [f"'{t}'" for t in tokens] or [f"'{w}'" for w in complete]
        if term.prefix:
            parts.append(last)
        exact = exact and len(term.words) == 2 and not term.prefix and _unique_pair(term)
        return "(" + " & ".join(parts) + ")", exact

    def sure(self, node: Node) -> str:
        """The alternatives of a top-level OR that need no recheck, ORed ("" if none):
        their candidates are matches without reading a tsvector."""
        if not isinstance(node, Or):
            return ""
        parts = [self.compile(item) for item in node.items]
        exact = [expr for expr, is_exact in parts if is_exact and expr]
        return "(" + " | ".join(exact) + ")" if exact else ""


def _unique_pair(term: Term) -> bool:
    """Whether the PostgreSQL pair token of a two-word phrase stands for that pair only.

    Its joiner is "0" (``postgres_pairs``), so "ab0"+"c" and "ab"+"0c" share a
    token; without a 0 in either word no other pair can spell it.
    """
    return not any("0" in word for word in term.words)


# -- the compiled query ---------------------------------------------------------------------


@dataclass(slots=True)
class CompiledQuery:
    node: Node
    """The normalised rule (index words); what verification evaluates."""
    fts: str
    fts_exact: bool
    tsquery: str
    """The tsquery that ranks (positional phrases, for ``ts_rank_cd``)."""
    tsquery_exact: bool
    terms: list[str]
    """Positive words/phrases (``*`` for prefixes), for snippet highlighting."""
    tsquery_match: str = ""
    """The tsquery that selects the same stories as ``tsquery`` with fewer
    positional rechecks (``TsCompiler.for_match``); ``tsquery`` when empty."""
    tsquery_narrow: str = ""
    """A superset of ``tsquery_match`` that GIN answers without rechecks
    (``TsNarrowCompiler``); empty when ``tsquery_match`` needs none."""
    tsquery_sure: str = ""
    """A subset of ``tsquery_match`` that needs no recheck (``TsNarrowCompiler.sure``)."""
    _evaluate: Evaluator | None = field(default=None, repr=False)

    def exact(self, dialect: str) -> bool:
        return self.fts_exact if dialect == "sqlite" else self.tsquery_exact

    def matches(self, title: str | None, text: str, language: str | None, source: str) -> bool:
        """Exact check of one story, on the same words the index holds."""
        if self._evaluate is None:
            self._evaluate = compile_node(self.node)
        document = Document(
            StoryText(index_text(title, language), index_text(text, language), language, source)
        )
        return self._evaluate(document) is not None


def _term_text(term: Term) -> str:
    return " ".join(term.words) + ("*" if term.prefix else "")


MAX_QUERY_LENGTH = 1000
"""Characters of a search query (the API, the web page and the CLI alike)."""


def compile_query(query: str) -> CompiledQuery:
    """Parse and compile ``query``; SearchError carries the rule parser's positioned message."""
    if len(query) > MAX_QUERY_LENGTH:
        raise SearchError(f"query too long: {len(query):,} characters (at most {MAX_QUERY_LENGTH})")
    try:
        rule = parse_rule(query)
    except RuleSyntaxError as exc:
        raise SearchError(f"invalid query: {exc}") from None
    node = normalize(rule)
    fts, fts_exact = FtsCompiler().compile(node)
    tsquery, ts_exact = TsCompiler().compile(node)
    if fts is None:  # nothing the engine can narrow down: every story is a candidate
        fts = FtsCompiler.syntax.all
    if tsquery is None:
        tsquery = TsCompiler.syntax.all
    match, _ = TsCompiler(for_match=True).compile(node)
    narrowing = TsNarrowCompiler()
    narrow, narrow_exact = narrowing.compile(node)
    terms = list(dict.fromkeys(_term_text(t) for t in positive_terms(node)))
    return CompiledQuery(
        node,
        fts,
        fts_exact,
        tsquery,
        ts_exact,
        terms,
        match or tsquery,
        "" if narrow_exact else narrow or TsCompiler.syntax.all,
        "" if narrow_exact else narrowing.sure(node),
    )


def phrase_hint(query: str) -> str | None:
    """The quoted phrase an unquoted query of several plain words may have meant.

    "thanh pho hoc tap" finds stories with the four words anywhere; most people
    typing it want the phrase, so search suggests ``"thanh pho hoc tap"``.
    """
    try:
        node = parse_rule(query)
    except RuleSyntaxError:
        return None
    if not isinstance(node, And) or len(node.items) < 2:
        return None
    words = []
    for item in node.items:
        if not isinstance(item, Term) or item.prefix or item.field != "any" or len(item.words) != 1:
            return None
        words.append(item.words[0])
    return '"' + " ".join(words) + '"'
