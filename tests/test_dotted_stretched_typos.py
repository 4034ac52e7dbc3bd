"""Disguises on top of disguises (issue 17, item 2: robustness).

* letters dotted up to a contraction or possessive (``a.r.e.n't``, ``w.o.m.e.n's``)
  are one word with its ending; between spaces the letter before an apostrophe stays
  an elided word (``f e m m e s n'ont``);
* two parts around one dot that ends the sentence are joined like any inner dot
  (``a can.cer.``), while ``a.b.c`` chains stay the normaliser's;
* a stretched typo (``haaaaatrd``) is the typo's word, unless squeezing it another way
  gives a listed word (``baaaaars``);
* a handle with a masked letter (``@us*r``) is still a mention, the person addressed.
"""

from __future__ import annotations

import pytest

from nudge import Scorer, normalize


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer.load()


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("a.r.e.n't worth it", "aren't worth it"),
        ("in w.o.m.e.n's nature", "in women's nature"),
        ("Les f e m m e s n'ont pas", "les femmes n'ont pas"),
        ("w-o-m-e-n's rights", "women's rights"),
    ],
)
def test_dotted_letters_keep_their_contraction(typed: str, folded: str) -> None:
    assert normalize(typed).text == folded


def test_a_dotted_contraction_completes_its_phrase(scorer: Scorer) -> None:
    a = scorer.score("T.r.a.n.s l.i.v.e.s a.r.e.n't w.o.r.t.h s.h.i.t.")
    assert a.flagged


@pytest.mark.parametrize(
    ("text", "term"),
    [("Women are a c.a.n.c3r.", "cancer"), ("You are nothing but a r3t.a.r.d.", "retard")],
)
def test_one_dot_before_the_full_stop_is_joined(scorer: Scorer, text: str, term: str) -> None:
    a = scorer.score(text)
    assert a.flagged and [m.term for m in a.matches] == [term]


def test_two_listed_words_around_a_dot_stay_apart(scorer: Scorer) -> None:
    assert not scorer.score("Read the file.txt. Then the next.").flagged


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("I haaaaave so muuuuuch haaaaatrd for you immigrants.", "hatred"),
        ("Typiiiiical of a woman to be thaaaaat stuuuuupd.", "stupid"),
    ],
)
def test_a_stretched_typo_is_its_word(scorer: Scorer, text: str, term: str) -> None:
    a = scorer.score(text)
    assert a.flagged
    assert term in [m.term for m in a.matches]


def test_a_stretched_listed_word_stays_that_word(scorer: Scorer) -> None:
    a = scorer.score("monkey baaaaars at the park")
    assert all(m.term != "bâtard" for m in a.matches)


@pytest.mark.parametrize("handle", ["@us*r", "@u*er"])
def test_a_handle_with_a_masked_letter_is_still_a_mention(scorer: Scorer, handle: str) -> None:
    (token,) = normalize(handle).tokens()
    assert token.text == handle and token.kind.name == "MENTION"
    # The mention is the person the slur is aimed at, as "@user" is.
    a = scorer.score(f"{handle} m*ngol va")
    assert a.flagged and "aimed at a person" in a.explain()


def test_a_masked_handle_may_still_hide_a_term(scorer: Scorer) -> None:
    assert next(m.term for m in scorer.score("@ssh*le go away").matches) == "asshole"
    # A star opening the handle or closing it is no masked letter.
    assert normalize("@*user").tokens()[0].kind.name != "MENTION"
