"""Languages that capitalise every noun (``tokens.toml``'s ``nouns_capitalised``): the
proper-name rule (a one-word match in Title case beside another Title-case word is part
of a name) stands down for their terms and their comments, since there "ein Haufen
Idioten" is how nouns are written."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import nudge
from nudge.errors import LexiconError
from nudge.facts import LanguageFacts
from nudge.lexicon import load_pack
from nudge.validate import new_pack, validate_pack

_TERMS = '[[term]]\nterm = "tonto"\ncategory = "insult"\nseverity = 2\n'
_CONTEXT = 'second_person = ["du"]\nfunction_words = ["und", "ein", "mit"]\n'
# "Tonto" beside "Haufen": a name where only names are capitalised, a noun otherwise.
_TEXT = "Er kam mit einem Haufen Tonto und ging wieder, so war es eben"


def _pack(root: Path, code: str, tokens: str) -> Path:
    """A pack made by ``nudge pack new``, with one term, a few context words and
    ``tokens``."""
    folder = new_pack(code, root)
    for name, text in (("tokens", tokens), ("terms", _TERMS), ("context", _CONTEXT)):
        (folder / f"{name}.toml").write_text(text, encoding="utf-8")
    return folder


def _reasons(scorer: nudge.Scorer, text: str) -> str:
    return " ".join(scorer.score(text).reasons)


def test_the_rule_stands_down_in_a_language_that_capitalises_nouns(tmp_path: Path) -> None:
    names = nudge.Scorer.load(paths=[_pack(tmp_path, "xx", "")])
    nouns = nudge.Scorer.load(paths=[_pack(tmp_path, "yy", "nouns_capitalised = true\n")])
    assert "part of a proper name" in _reasons(names, _TEXT)
    assert "part of a proper name" not in _reasons(nouns, _TEXT)
    assert [m.term for m in nouns.score(_TEXT).matches] == ["tonto"]
    assert nouns.lexicon.capitalised == ("yy",)
    assert names.lexicon.capitalised == ()


def test_the_fact_is_read_validated_and_unioned(tmp_path: Path) -> None:
    assert load_pack("de").tokens.nouns_capitalised
    assert not load_pack("en").tokens.nouns_capitalised
    de = load_pack("de").tokens
    assert LanguageFacts().union(de).nouns_capitalised
    assert pickle.loads(pickle.dumps(de)) == de
    folder = _pack(tmp_path, "zz", 'elisions = []\nnouns_capitalised = "yes"\n')
    with pytest.raises(LexiconError) as caught:
        load_pack(folder)
    err = caught.value
    assert (Path(str(err.path)).name, err.line, err.field) == (
        "tokens.toml",
        2,
        "nouns_capitalised",
    )
    assert "true or false" in err.message
    problems = [p for p in validate_pack(folder) if p.level == "error"]
    assert [(p.line, p.field) for p in problems] == [(2, "nouns_capitalised")]


def test_the_template_names_the_fact_and_validates(tmp_path: Path) -> None:
    folder = new_pack("qq", tmp_path)
    text = (folder / "tokens.toml").read_text(encoding="utf-8")
    assert "nouns_capitalised = false" in text
    assert not [p for p in validate_pack(folder) if p.level == "error"]


@pytest.fixture(scope="module")
def six() -> nudge.Scorer:
    return nudge.Scorer.load(["en", "fr", "es", "de", "it", "pt"])


class TestGerman:
    """German writes every noun with a capital."""

    @pytest.mark.parametrize(
        "text",
        [
            "Ihr seid ein Haufen Idioten.",
            "Diese Fotze soll endlich still sein.",
            "Halt die Klappe, Du Vollidiot!",
        ],
    )
    def test_nouns_beside_nouns_are_read(self, six: nudge.Scorer, text: str) -> None:
        assert six.score(text).flagged, text

    def test_a_name_read_as_a_typo_is_still_a_name(self, six: nudge.Scorer) -> None:
        # "Luger" is one letter off "lügner": a typo reading keeps the rule.
        text = "So eben war ich das erste mal in der Praxis bei Frau Doktor Luger."
        assert "part of a proper name" in _reasons(six, text)
        assert not six.score(text).flagged

    def test_english_keeps_its_proper_names(self, six: nudge.Scorer) -> None:
        text = "We watched Dumb Idiot Returns at the cinema last night with friends"
        assert "part of a proper name" in _reasons(six, text)
