"""Language facts in the packs (``tokens.toml``): reading, validation, union, use."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

import nudge
from nudge import _core
from nudge.errors import LexiconError, PackProblemsError
from nudge.facts import FACT_KEYS, LanguageFacts, default_facts
from nudge.lexicon import load_pack
from nudge.matcher import compile_packs
from nudge.normalize import _default_core_facts
from nudge.validate import new_pack, validate_pack

ZZ = Path(__file__).parent / "fixtures" / "packs" / "zz"


def _words(n: nudge.Normalized) -> list[str]:
    return [t.text for t in n.tokens()]


def _pack(root: Path, code: str, tokens: str | None, *, base: str = "") -> Path:
    folder = root / code
    folder.mkdir()
    meta = f'code = "{code}"\nname = "t"\nversion = "1"\nlicence = "CC0-1.0"\nmaintainers = ["t"]\n'
    if base:
        meta += f'base = "{base}"\n'
    (folder / "pack.toml").write_text(meta, encoding="utf-8")
    if tokens is not None:
        (folder / "tokens.toml").write_text(tokens, encoding="utf-8")
    return folder


def test_the_bundled_packs_hold_the_facts_the_core_table_held() -> None:
    en, fr = load_pack("en").tokens, load_pack("fr").tokens
    assert en.elisions == ()
    assert "qu" in fr.elisions and "jusqu" in fr.elisions
    assert en.possessive_suffixes == ("'s",)
    assert default_facts() == en.union(fr)
    assert load_pack("fr-CA").tokens == fr.union()  # a variant inherits its base's facts


def test_a_pack_without_tokens_toml_adds_nothing(tmp_path: Path) -> None:
    folder = _pack(tmp_path, "xx", None)
    (folder / "terms.toml").write_text(
        '[[term]]\nterm = "blorf"\ncategory = "insult"\nseverity = 2\n', encoding="utf-8"
    )
    pack = load_pack(folder)
    assert pack.tokens == LanguageFacts()
    scorer = nudge.Scorer.load(paths=[folder])
    assert scorer.lexicon.facts == LanguageFacts()
    assert scorer.score("blorf").flagged
    # Without elisions, the French "l'" stays part of the word: "l'blorf" is no entry.
    assert not scorer.score("l'blorf").flagged
    assert [str(p) for p in validate_pack(folder) if p.level == "error"] == []


def test_a_made_up_pack_gets_its_own_elision_tokenised() -> None:
    scorer = nudge.Scorer.load(paths=[ZZ])
    assert "zh" in scorer.lexicon.facts.elisions
    a = scorer.score("zh'blorf")
    assert a.flagged
    assert a.matches[0].text == "blorf"
    # The default packs know no such elision: the whole "zh'blorf" is one token there.
    assert _words(nudge.normalize("zh'blorf")) == ["zh'blorf"]
    assert _words(nudge.normalize("zh'blorf", facts=scorer.lexicon.facts)) == ["zh'", "blorf"]


def test_stand_alone_letters_and_ordinals_come_from_the_packs() -> None:
    zz = load_pack(ZZ).tokens
    # "q" is a word of the test language: a run of "q" letters stays apart...
    assert nudge.normalize("q q q", facts=zz).text == "q q q"
    # ...while with the default packs' facts it is joined as split letters.
    assert nudge.normalize("q q q").text != "q q q"
    # "3nga" is an ordinal of the test language, not leetspeak for "enga"...
    assert nudge.normalize("3nga", facts=zz).text == "3nga"
    assert nudge.normalize("3nga").text == "enga"
    # ...and without the French pack's facts "2eme" is leetspeak.
    assert nudge.normalize("2eme").text == "2eme"
    assert nudge.normalize("2eme", facts=zz).text == "zeme"


def test_a_scorer_uses_the_union_over_its_packs_in_any_order() -> None:
    one = nudge.Scorer.load(["en"], paths=[ZZ]).lexicon.facts
    two = nudge.Scorer.load(["fr"], paths=[ZZ]).lexicon.facts
    assert set(one.elisions) == {"zh"}
    assert {"zh", "qu", "l"} <= set(two.elisions)
    assert compile_packs([load_pack("fr"), load_pack("en")]).facts == default_facts()
    assert compile_packs([load_pack("en"), load_pack("fr")]).facts == default_facts()


def test_an_english_only_scorer_splits_no_french_elision() -> None:
    en = nudge.Scorer.load(["en"])
    both = nudge.Scorer.load()
    text = "t'es qu'un connard"
    assert _words(nudge.normalize(text, facts=en.lexicon.facts))[:2] == ["t'es", "qu'un"]
    # The same comment folded with the default facts, as a policy chain folds it once
    # for its keyword filters and its scorer, is read again by the scorer's.
    folded, _ = _core.fold_and_find([text], _default_core_facts(), [])
    assert _core.assess_folded(en._core, folded, [0]) == [en.score(text)]
    assert _core.assess_folded(both._core, folded, [0]) == [both.score(text)]


def test_a_variant_inherits_its_base_facts_and_adds(tmp_path: Path) -> None:
    _pack(tmp_path, "xx", 'elisions = ["l"]\nplural_endings = ["s"]\n')
    variant = _pack(tmp_path, "xx-YY", 'elisions = ["dh"]\n', base="xx")
    facts = load_pack(variant).tokens
    assert facts.elisions == ("dh", "l")
    assert facts.plural_endings == ("s",)


def test_normalized_keeps_its_facts_through_pickle_and_replay() -> None:
    zz = load_pack(ZZ).tokens
    n = nudge.normalize("zh'blorf", facts=zz)
    again = pickle.loads(pickle.dumps(n))
    assert _words(again) == ["zh'", "blorf"]
    assert _words(nudge.normalize.__globals__["replay"](n)) == ["zh'", "blorf"]


@pytest.mark.parametrize(
    ("text", "line", "field", "message"),
    [
        ('elisions = ["l"]\nplurals = ["s"]\n', 2, "plurals", "unknown key"),
        ('elisions = "l"\n', 1, "elisions", "must be an array of strings"),
        ("elisions = [1]\n", 1, "elisions[0]", "must be a string"),
        ('\nelisions = ["l", ""]\n', 2, "elisions[1]", "non-empty"),
        ('elisions = ["l", "l"]\n', 1, "elisions[1]", "listed twice"),
        ('elisions = [\n  "l",  # le\n  "l",\n]\n', 3, "elisions[1]", "listed twice"),
        ('ordinal_suffixes = [\n  "st", 2,\n]\n', 2, "ordinal_suffixes[1]", "must be a string"),
        ('elisions = ["qu\'"]\n', 1, "elisions[0]", "without its apostrophe"),
        ('elisions = ["Qu"]\n', 1, "elisions[0]", "lower case"),
        ('standalone_letters = ["ab"]\n', 1, "standalone_letters[0]", "single letter"),
        ('mask_letters = ["e", "th"]\n', 1, "mask_letters[1]", "single letter"),
        ('plural_endings = ["e s"]\n', 1, "plural_endings[0]", "without spaces"),
        ('distinct_letters = ["n"]\n', 1, "distinct_letters[0]", "ASCII"),
        ('distinct_letters = [\n  "ñ",\n  "ab",\n]\n', 3, "distinct_letters[1]", "single letter"),
        ('distinct_letters = ["n\u0303"]\n', 1, "distinct_letters[0]", "composed letter"),
        ('distinct_letters = ["7"]\n', 1, "distinct_letters[0]", "single letter"),
        ('distinct_letters = ["Ñ"]\n', 1, "distinct_letters[0]", "lower case"),
    ],
)
def test_the_validator_names_file_line_and_field(
    tmp_path: Path, text: str, line: int, field: str, message: str
) -> None:
    folder = _pack(tmp_path, "xx", text)
    with pytest.raises(LexiconError) as caught:
        load_pack(folder)
    err = caught.value
    assert (Path(str(err.path)).name, err.line, err.field) == ("tokens.toml", line, field)
    assert message in err.message
    problems = [p for p in validate_pack(folder) if p.level == "error"]
    assert [(p.line, p.field) for p in problems] == [(line, field)]
    assert str(problems[0]).startswith(f"{folder}/tokens.toml:{line}: {field}: ")


def test_a_tokens_error_is_reported_with_the_other_files_errors(tmp_path: Path) -> None:
    folder = _pack(tmp_path, "xx", 'elisions = ["l", "l"]\n')
    (folder / "terms.toml").write_text("[[term]]\nterm = 3\n", encoding="utf-8")
    with pytest.raises(PackProblemsError) as caught:
        load_pack(folder)
    assert {Path(str(e.path)).name for e in caught.value.errors} == {"tokens.toml", "terms.toml"}


def test_invalid_toml_names_the_line(tmp_path: Path) -> None:
    folder = _pack(tmp_path, "xx", '\nelisions = ["l",, "m"]\n')
    with pytest.raises(LexiconError, match="not valid TOML") as caught:
        load_pack(folder)
    assert caught.value.line is not None


def test_new_pack_scaffolds_a_tokens_file_with_every_key(tmp_path: Path) -> None:
    folder = new_pack("es", tmp_path)
    text = (folder / "tokens.toml").read_text(encoding="utf-8")
    empty = {"nouns_capitalised": "false"}  # the one boolean fact
    assert all(f"{key} = {empty.get(key, '[]')}" in text for key in FACT_KEYS)
    assert load_pack(folder).tokens == LanguageFacts()


def test_the_test_pack_validates_cleanly(tmp_path: Path) -> None:
    copy = tmp_path / "zz"
    shutil.copytree(ZZ, copy)
    assert [str(p) for p in validate_pack(copy) if p.level == "error"] == []
