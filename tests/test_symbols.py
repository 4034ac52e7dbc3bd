"""Hate symbols the token scan cannot see (the echo), the Tibetan swastika signs, and
number codes read as numbers: both sides, bad entries, and any input."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import any_text

from nudge.errors import LexiconError
from nudge.lexicon import SYMBOL_RECOGNIZERS, MatchKind, load_pack
from nudge.scorer import Scorer

SCORER = Scorer.load()
ECHO = "((( )))"


def _echo(text: str) -> list[str]:
    return [m.text for m in SCORER.score(text).matches if m.term == ECHO]


@pytest.mark.parametrize(
    ("text", "inside"),
    [
        ("(((them))) run the banks", "them"),
        ("ask ((( the globalists ))) who pays", "the globalists"),
        ("they love ((((Soros))))", "Soros"),
        ("(((eux))) contrôlent tout", "eux"),
    ],
)
def test_the_echo_around_a_name_is_found_and_spans_the_name(text: str, inside: str) -> None:
    a = SCORER.score(text)
    assert a.flagged and _echo(text) == [inside]
    match = next(m for m in a.matches if m.term == ECHO)
    assert text[match.start : match.end] == inside and "symbol" in match.steps


@pytest.mark.parametrize(
    "text",
    [
        "return f(g(h(x)))",
        "(((",
        "(((((((((((( text art",
        "thanks :-)))",
        "so sad :((( miss you :)))",
        "the result is (((a + b) * c) - d)",
        "(defun f (x) (((lambda (y) y)) x))",
        "(((x)))",
        "((( )))",
        "((them)) are here",
    ],
)
def test_code_art_and_emoticons_are_no_echo(text: str) -> None:
    assert _echo(text) == []
    assert not SCORER.score(text).flagged


def test_the_usual_context_rules_apply_to_the_echo() -> None:
    quoted = SCORER.score('he wrote "(((them)))" and that is antisemitic, not okay')
    plain = SCORER.score("(((them)))")
    assert quoted.score < plain.score


def test_long_runs_of_parentheses_are_handled() -> None:
    # The recognizer reads each run of parentheses once and each inside for a bounded
    # number of characters; these must simply come back, unflagged or found.
    for unit in ["(", ")", "((( a", "((( aaaa ))", "(((:)))"]:
        assert not SCORER.score(unit * (100_000 // len(unit))).flagged
    assert len(_echo("(((ab))) " * 2_000)) >= 1


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="() ab:-1", max_size=60) | any_text())
def test_any_text_around_parentheses(text: str) -> None:
    for m in SCORER.score(text).matches:
        assert 0 <= m.start < m.end <= len(text)


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("࿕ jews out ࿕", True),
        ("࿘ heil ࿘", True),
        ("the ࿕ is carved on the Buddhist temple door", False),
        ("le ࿖ est un symbole sacré dans les temples bouddhistes", False),
    ],
)
def test_tibetan_swastikas_like_the_cjk_ones(text: str, flagged: bool) -> None:
    assert SCORER.score(text).flagged is flagged


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("In 1488 the Portuguese reached the Cape", False),
        ("built around the year 1488", False),
        ("the road is 1488 km long", False),
        ("En 1488 tenía veinte años.", False),
        ("La ville comptait 1488 habitants.", False),
        ("1488 brothers, stay strong", True),
        ("white power 1488", True),
        ("1488 les frères", True),
    ],
)
def test_number_codes_read_as_numbers(text: str, flagged: bool) -> None:
    assert SCORER.score(text).flagged is flagged


def test_a_symbol_entry_must_name_a_recognizer(tmp_path: Path) -> None:
    assert ECHO in SYMBOL_RECOGNIZERS
    assert any(t.match is MatchKind.SYMBOL for t in load_pack("en").terms)
    pack = tmp_path / "xx"
    pack.mkdir()
    (pack / "pack.toml").write_text(
        'code = "xx"\nname = "X"\nversion = "1.0.0"\nlicence = "CC0-1.0"\nmaintainers = ["x"]\n'
    )
    (pack / "terms.toml").write_text(
        '[[term]]\nterm = "<<< >>>"\nmatch = "symbol"\ncategory = "insult"\nseverity = 1\n'
    )
    with pytest.raises(LexiconError, match=r"terms\.toml:2: term: no symbol recognizer"):
        load_pack(pack)
