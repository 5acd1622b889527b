"""The topic rule language parses into the public AST and reports errors by column."""

from __future__ import annotations

import pytest

from newsmon.query.rules import (
    And,
    Filter,
    Near,
    Not,
    Or,
    RuleSyntaxError,
    Term,
    format_rule,
    parse_rule,
)


def test_operators_precedence_fields_and_near() -> None:
    rule = parse_rule('title:(gnlc OR "learning city") a b OR NOT c lernend* NEAR/2 städt* lang:vi')
    assert rule == Or(
        (
            And(
                (
                    Or((Term(("gnlc",), field="title"), Term(("learning", "city"), field="title"))),
                    Term(("a",)),
                    Term(("b",)),
                )
            ),
            And(
                (
                    Not(Term(("c",))),
                    Near(Term(("lernend",), prefix=True), Term(("städt",), prefix=True), 2),
                    Filter("lang", "vi"),
                )
            ),
        )
    )
    assert parse_rule('"a b" ONEAR/3 (c OR d*)') == Near(
        Term(("a", "b")), Or((Term(("c",)), Term(("d",), prefix=True))), 3, ordered=True
    )
    # Lower-case words and words starting with operators are plain terms.
    assert parse_rule("or ORANGE NEARBY") == And(
        (Term(("or",)), Term(("ORANGE",)), Term(("NEARBY",)))
    )
    assert parse_rule("-x y") == And((Not(Term(("x",))), Term(("y",))))


@pytest.mark.parametrize(
    "rule",
    [
        '"learning city" OR GNLC OR (lernend* NEAR/2 städt*) OR lernstadt*',
        'title:"thành phố học tập" NOT source:spam lang:vi',
        "(a OR b) ONEAR/5 c*",
    ],
)
def test_format_rule_round_trips(rule: str) -> None:
    node = parse_rule(rule)
    assert parse_rule(format_rule(node)) == node


@pytest.mark.parametrize(
    ("rule", "column", "words"),
    [
        ("learning OR", 12, "ends too early"),
        ('"learning city', 1, "unterminated phrase"),
        ("(a b", 5, "expected ')'"),
        ("a) b", 2, "without a matching '('"),
        ("a NEAR b", 3, "NEAR/n"),
        ("a NEAR/3 (b AND c)", 3, "joins terms"),
        ("a NEAR/500 b", 3, "at most 100"),
        ("le*rn", 1, "only allowed at the end"),
        ("a AND AND b", 7, "needs a term"),
        ("lang:", 6, "e.g. lang:vi"),
        ("   ", 1, "empty rule"),
    ],
)
def test_syntax_errors_name_the_column(rule: str, column: int, words: str) -> None:
    with pytest.raises(RuleSyntaxError) as raised:
        parse_rule(rule)
    assert raised.value.column == column
    assert words in str(raised.value)
    assert str(raised.value).splitlines()[-1] == "  " + " " * (column - 1) + "^"
