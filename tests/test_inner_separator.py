"""One separator inside a word (issue 17, item 2): ``con.nard``, ``f.ck``.

Two word tokens with one ``.`` or ``_`` between them are read as one word when that is
a term (``connard``), or, with the separator standing for a masked letter, when a term
fits (``f*ck``); never when both parts are words of their own, nor in chains
(``e.g.``, ``a.m.``), file names or URLs.
"""

from __future__ import annotations

import pytest

from nudge import Scorer


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer.load()


@pytest.mark.parametrize(
    ("text", "term", "typed"),
    [("t'es un con.nard", "connard", "con.nard"), ("f.ck you", "fuck you", "f.ck you")],
)
def test_one_inner_separator_is_read_through(
    scorer: Scorer, text: str, term: str, typed: str
) -> None:
    a = scorer.score(text)
    assert a.flagged
    (match,) = a.matches
    assert match.term == term
    assert text[match.start : match.end] == typed


@pytest.mark.parametrize(
    "text",
    ["e.g. this one", "the a.m. train", "see www.bit.ly", "my user_name", "file_name.txt"],
)
def test_abbreviations_names_and_urls_stay(scorer: Scorer, text: str) -> None:
    assert scorer.score(text).matches == ()
