"""Distinct letters (``tokens.toml``'s ``distinct_letters``): a letter that is no accented
form of another (Spanish ``ñ``) keeps a term written without it off a word that has it,
while the normaliser still folds it for the terms written with it."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

import nudge
from nudge.facts import LanguageFacts, letter_spellings
from nudge.lexicon import load_pack

_TERMS = "".join(
    f'[[term]]\nterm = "{term}"\ncategory = "insult"\nseverity = 2\nvariants = {variants}\n\n'
    for term, variants in (
        ("mono", '["monos"]'),
        ("coño", "[]"),
        ("putero", '["putañero"]'),
        ("mono ... feo", "[]"),
    )
)


def _pack(root: Path, code: str, tokens: str) -> Path:
    folder = root / code
    folder.mkdir()
    meta = f'code = "{code}"\nname = "t"\nversion = "1"\nlicence = "CC0-1.0"\nmaintainers = ["t"]\n'
    (folder / "pack.toml").write_text(meta, encoding="utf-8")
    (folder / "tokens.toml").write_text(tokens, encoding="utf-8")
    (folder / "terms.toml").write_text(_TERMS, encoding="utf-8")
    return folder


def _terms(scorer: nudge.Scorer, text: str) -> list[str]:
    return sorted(m.term for m in scorer.score(text).matches)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> nudge.Scorer:
    root = tmp_path_factory.mktemp("packs")
    return nudge.Scorer.load(paths=[_pack(root, "xx", 'distinct_letters = ["ñ"]\n')])


def test_a_term_written_without_the_letter_is_not_found_on_a_word_with_it(
    tiny: nudge.Scorer,
) -> None:
    assert _terms(tiny, "mono") == ["mono"]
    assert _terms(tiny, "monos") == ["mono"]
    assert _terms(tiny, "moño") == []
    assert _terms(tiny, "Moños negros") == []
    assert _terms(tiny, "MOÑOS") == []


def test_the_letter_is_seen_composed_or_as_a_letter_and_its_mark(tiny: nudge.Scorer) -> None:
    decomposed = unicodedata.normalize("NFD", "moños")
    assert decomposed != "moños"
    assert _terms(tiny, decomposed) == []
    assert _terms(tiny, decomposed.upper()) == []


def test_a_term_written_with_the_letter_keeps_its_obfuscated_readings(tiny: nudge.Scorer) -> None:
    for text in ("coño", "CoÑo", "cono", "c0ño", "c0no", "c o ñ o"):
        assert _terms(tiny, text) == ["coño"], text


def test_a_variant_written_with_the_letter_counts_for_its_term(tiny: nudge.Scorer) -> None:
    assert _terms(tiny, "putañero") == ["putero"]
    assert _terms(tiny, "putero") == ["putero"]


def test_the_words_in_a_phrase_gap_are_not_read(tiny: nudge.Scorer) -> None:
    # The gap holds any words: a letter in one of them says nothing about the phrase.
    assert "mono ... feo" in _terms(tiny, "mono niño feo")
    # A phrase with a gap is not checked at all (its own words could be: a known limit),
    # while its words found alone are.
    assert _terms(tiny, "moño niño feo") == ["mono ... feo"]


def test_the_other_letters_of_a_match_are_folded_as_before(tiny: nudge.Scorer) -> None:
    # Only the distinct letters stop a match: other accents fold as always.
    assert _terms(tiny, "mönö") == ["mono"]
    assert _terms(tiny, "móno") == ["mono"]


def test_a_pack_without_the_fact_is_not_affected(tmp_path: Path) -> None:
    scorer = nudge.Scorer.load(paths=[_pack(tmp_path, "yy", "")])
    assert scorer.lexicon.facts.distinct_letters == ()
    assert _terms(scorer, "moños") == ["mono"]


def test_a_term_records_the_spellings_it_is_not_written_with(tiny: nudge.Scorer) -> None:
    by_term = {t.term: t.letters for t in tiny.lexicon.terms}
    assert by_term["mono"] == letter_spellings("ñ")
    assert by_term["coño"] == ()
    assert by_term["putero"] == ()
    assert by_term["mono ... feo"] == ()
    assert set(letter_spellings("ñ")) == {"ñ", "Ñ", "n\u0303", "N\u0303"}


def test_the_fact_survives_the_union_and_a_pickle() -> None:
    es = load_pack("es").tokens
    assert es.distinct_letters == ("ñ",)
    assert LanguageFacts().union(es).distinct_letters == ("ñ",)
    assert load_pack("en").tokens.distinct_letters == ()


@pytest.fixture(scope="module")
def es() -> nudge.Scorer:
    return nudge.Scorer.load(["es"])


class TestSpanish:
    """The Spanish pack: ``ñ`` is a letter of its own."""

    def test_bows_are_no_slur(self, es: nudge.Scorer) -> None:
        a = es.score("Moños negros en muchas edificaciones de la ciudad")
        assert "mono" not in [m.term for m in a.matches]
        assert not a.flagged

    def test_the_slur_is_still_found(self, es: nudge.Scorer) -> None:
        assert "mono" in [m.term for m in es.score("eres un mono asqueroso").matches]

    def test_the_term_with_the_letter_is_still_found_obfuscated(self, es: nudge.Scorer) -> None:
        for text in ("qué coño haces", "qué c0ño haces", "qué cono haces"):
            assert "coño" in [m.term for m in es.score(text).matches], text

    def test_an_english_comment_is_not_affected(self) -> None:
        # English has no distinct letters: its terms fold every accent as before.
        en = nudge.Scorer.load(["en"])
        assert en.lexicon.facts.distinct_letters == ()
        assert [m.term for m in en.score("you are an idiöt").matches] == ["idiot"]


def test_find_without_context_rules_agrees(tiny: nudge.Scorer) -> None:
    lexicon = tiny.lexicon
    assert [f.term.term for f in lexicon.find("Moños negros")] == []
    assert [f.term.term for f in lexicon.find("un mono")] == ["mono"]
    assert [f.term.term for f in lexicon.find("c0ño")] == ["coño"]
