"""The topic rule language: parsed with lark into a small public AST.

Syntax (operators are upper case; lower-case "and"/"or"/"not" are ordinary words)::

    learning city                 implicit AND
    "learning city"               exact phrase (adjacent words, in order)
    a OR b   a AND b   NOT a  -a  boolean operators; precedence NOT > AND > OR
    ( ... )                       grouping
    lernstadt*                    prefix (also on a phrase's last word)
    lernend* NEAR/2 städt*        at most 2 words between, either order
    "learning" ONEAR/3 cities     at most 3 words between, left before right
    title:(gnlc OR "learning city")   only in the title
    lang:vi   source:thoidai      story filters

NEAR/ONEAR join terms, phrases, OR-groups of those, or other NEARs. The AST is
independent of how it is matched, so full-text search can be compiled from it too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from lark import Lark, Token, Transformer, Tree, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, VisitError

from newsmon.query.text import words

MAX_NEAR = 100
MAX_NESTING = 64
"""Deepest rule accepted (parentheses, NOT, NEAR chains): every later step recurses."""


@dataclass(frozen=True, slots=True)
class Term:
    """A word or an exact phrase (several words), optionally a prefix on the last word."""

    words: tuple[str, ...]
    prefix: bool = False
    field: Literal["any", "title"] = "any"


@dataclass(frozen=True, slots=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    item: Node


@dataclass(frozen=True, slots=True)
class Near:
    left: Node
    right: Node
    distance: int
    """Most words allowed between the two sides."""
    ordered: bool = False


@dataclass(frozen=True, slots=True)
class Filter:
    """A story property test: ``lang:vi``, ``source:thoidai``."""

    field: Literal["lang", "source"]
    value: str


Node = Term | And | Or | Not | Near | Filter


class RuleSyntaxError(ValueError):
    """A rule that cannot be parsed; ``column`` is 1-based."""

    def __init__(self, rule: str, column: int, problem: str) -> None:
        self.rule, self.column, self.problem = rule, column, problem
        pointer = " " * (column - 1) + "^"
        super().__init__(f"column {column}: {problem}\n  {rule}\n  {pointer}")


_GRAMMAR = r"""
?start: or_expr
?or_expr: and_expr (_OR and_expr)*
?and_expr: unary (_AND? unary)*
?unary: _NOT unary -> negate
      | MINUS unary -> negate_minus
      | near
?near: primary (NEAR primary)*
?primary: "(" or_expr ")"
        | TITLE primary -> title
        | FILTER VALUE -> filter
        | PHRASE -> phrase
        | WORD -> word

_OR: "OR"
_AND: "AND"
_NOT: "NOT"
MINUS: "-"
NEAR.3: /O?NEAR\/\d+(?![^\s()"])/
TITLE.3: /title:/i
FILTER.3: /(lang|source):/i
VALUE: /[^\s()"]+/
PHRASE: /"[^"]*"/
WORD: /[^\s()"\-][^\s()"]*/

%import common.WS
%ignore WS
"""

# cache=True: Lark keeps the built LALR tables in a temporary file keyed by the grammar,
# so a command-line search does not rebuild them on every start.
_PARSER = Lark(
    _GRAMMAR, parser="lalr", propagate_positions=False, maybe_placeholders=False, cache=True
)


class _Invalid(Exception):
    def __init__(self, token: Token, problem: str) -> None:
        super().__init__(problem)
        self.column = token.column or 1
        self.problem = problem


def _term(token: Token, raw: str) -> Term:
    prefix = raw.endswith("*")
    body = raw.rstrip("*")
    if "*" in body:
        raise _Invalid(token, "'*' is only allowed at the end of a word (a prefix)")
    found = tuple(words(body))
    if not found:
        raise _Invalid(token, f"nothing to match in {raw!r}")
    return Term(found, prefix)


def _positional(node: Node) -> bool:
    if isinstance(node, Term | Near):
        return True
    return isinstance(node, Or) and all(_positional(i) for i in node.items)


def _in_title(node: Node) -> Node:
    if isinstance(node, Term):
        return replace(node, field="title")
    if isinstance(node, And | Or):
        return type(node)(tuple(_in_title(i) for i in node.items))
    if isinstance(node, Not):
        return Not(_in_title(node.item))
    if isinstance(node, Near):
        return replace(node, left=_in_title(node.left), right=_in_title(node.right))
    return node


def _flat(kind: type[And] | type[Or], items: list[Node]) -> Node:
    out: list[Node] = []
    for item in items:
        out.extend(item.items if isinstance(item, kind) else (item,))
    return kind(tuple(out))


class _Build(Transformer[Token, Node]):
    @v_args(inline=True)
    def word(self, token: Token) -> Node:
        if token.upper() in ("NEAR", "ONEAR") or re.fullmatch(r"O?NEAR/.*", token, re.I):
            raise _Invalid(token, f"{token}: write NEAR/n or ONEAR/n with a distance, e.g. NEAR/3")
        if token in ("AND", "OR", "NOT"):
            raise _Invalid(token, f"{token} needs a term on both sides")
        return _term(token, str(token))

    @v_args(inline=True)
    def phrase(self, token: Token) -> Node:
        return _term(token, str(token)[1:-1])

    @v_args(inline=True)
    def title(self, _field: Token, node: Node) -> Node:
        return _in_title(node)

    @v_args(inline=True)
    def filter(self, field: Token, value: Token) -> Node:
        kind = str(field)[:-1].lower()
        return Filter("lang" if kind == "lang" else "source", str(value).lower())

    @v_args(inline=True)
    def negate(self, node: Node) -> Node:
        return Not(node)

    @v_args(inline=True)
    def negate_minus(self, _minus: Token, node: Node) -> Node:
        return Not(node)

    def and_expr(self, items: list[Node]) -> Node:
        return _flat(And, items)

    def or_expr(self, items: list[Node]) -> Node:
        return _flat(Or, items)

    def near(self, items: list[Node | Token]) -> Node:
        left = items[0]
        assert not isinstance(left, Token)
        for op, right in zip(items[1::2], items[2::2], strict=True):
            assert isinstance(op, Token) and not isinstance(right, Token)
            distance = int(str(op).split("/")[1])
            if distance > MAX_NEAR:
                raise _Invalid(op, f"{op}: distance must be at most {MAX_NEAR}")
            if not (_positional(left) and _positional(right)):
                raise _Invalid(
                    op, f"{op} joins terms, phrases or OR-groups of them, not AND/NOT/field filters"
                )
            left = Near(left, right, distance, ordered=str(op).upper().startswith("O"))
        return left


def _expected(exc: UnexpectedInput) -> str:
    expected = set(getattr(exc, "expected", ()) or getattr(exc, "allowed", ()) or ())
    if "VALUE" in expected:
        return "expected a value after the field, e.g. lang:vi"
    if expected & {"WORD", "PHRASE", "LPAR"}:
        return "expected a term, a phrase or '('"
    if "RPAR" in expected:
        return "expected ')'"
    return "unexpected input"


def _describe(rule: str, exc: UnexpectedInput) -> tuple[int, str]:
    token = getattr(exc, "token", None)
    if isinstance(exc, UnexpectedEOF) or getattr(token, "type", None) == "$END":
        return len(rule.rstrip()) + 1, f"rule ends too early: {_expected(exc)}"
    if isinstance(exc, UnexpectedCharacters):
        char = rule[exc.pos_in_stream]
        if char == '"':
            return exc.column, 'unterminated phrase: missing closing "'
        return exc.column, f"unexpected {char!r}"
    if str(token) == ")":
        return exc.column, "')' without a matching '('"
    return exc.column, f"unexpected {str(token)!r}: {_expected(exc)}"


def parse_rule(rule: str) -> Node:
    """Parse a topic rule; raises :class:`RuleSyntaxError` naming the column."""
    if not rule.strip():
        raise RuleSyntaxError(rule, 1, "empty rule")
    try:
        tree = _PARSER.parse(rule)
        if _depth(tree) > MAX_NESTING:
            raise RuleSyntaxError(rule, 1, f"nested more than {MAX_NESTING} levels deep")
        node = _Build().transform(tree)
    except RecursionError:
        raise RuleSyntaxError(rule, 1, f"nested more than {MAX_NESTING} levels deep") from None
    except UnexpectedInput as exc:
        column, problem = _describe(rule, exc)
        raise RuleSyntaxError(rule, column, problem) from None
    except VisitError as exc:
        if isinstance(exc.orig_exc, _Invalid):
            raise RuleSyntaxError(rule, exc.orig_exc.column, exc.orig_exc.problem) from None
        raise
    if isinstance(node, Token):  # a lone token the grammar inlined
        raise RuleSyntaxError(rule, 1, f"unexpected {str(node)!r}")
    return node


def _depth(tree: Tree[Token]) -> int:
    """Depth of the parse tree, measured without recursion (the tree may be 10,000 deep)."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in node.children if isinstance(child, Tree))
    return deepest


def format_rule(node: Node) -> str:
    """Canonical text of an AST (parses back to the same AST)."""
    if isinstance(node, Term):
        text = " ".join(node.words) + ("*" if node.prefix else "")
        text = f'"{text}"' if len(node.words) > 1 else text
        return f"title:{text}" if node.field == "title" else text
    if isinstance(node, Filter):
        return f"{node.field}:{node.value}"
    if isinstance(node, Not):
        return f"NOT {_group(node.item)}"
    if isinstance(node, Near):
        op = f"{'ONEAR' if node.ordered else 'NEAR'}/{node.distance}"
        return f"{_group(node.left)} {op} {_group(node.right)}"
    joiner = " OR " if isinstance(node, Or) else " AND "
    return joiner.join(_group(i) for i in node.items)


def _group(node: Node) -> str:
    text = format_rule(node)
    return f"({text})" if isinstance(node, And | Or | Near) else text


def positive_terms(node: Node) -> list[Term]:
    """Terms whose presence can make the rule match (not those under NOT)."""
    if isinstance(node, Term):
        return [node]
    if isinstance(node, And | Or):
        return [t for i in node.items for t in positive_terms(i)]
    if isinstance(node, Near):
        return positive_terms(node.left) + positive_terms(node.right)
    return []
