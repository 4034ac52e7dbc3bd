"""Language packs: loading, the validator's error kinds, the bundled packs' own examples."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from nudge.errors import LexiconError, PackNotFoundError
from nudge.lexicon import ONE_WORD_KEYS, Category, available_packs, bundled_packs_root, load_pack
from nudge.scorer import Scorer
from nudge.validate import new_pack, pack_stats, validate_pack

REPO = Path(__file__).resolve().parents[1]
# Every pack shipped in the wheel (a new language is tested as data with no test edit),
# and those that are not regional variants of another.
BUNDLED = tuple(code for code, where in available_packs().items() if where == "bundled")
BASES = tuple(code for code in BUNDLED if "-" not in code)

PACK_TOML = """\
code = "xx"
name = "Test"
version = "0.0.1"
licence = "CC0-1.0"
maintainers = ["tests"]
"""


def make_pack(tmp_path: Path, **files: str) -> Path:
    """A pack folder with a valid pack.toml and the given files (name_toml=text)."""
    folder = tmp_path / "xx"
    folder.mkdir()
    (folder / "pack.toml").write_text(files.pop("pack_toml", PACK_TOML), encoding="utf-8")
    for key, text in files.items():
        name = key.replace("_toml", ".toml")
        (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def errors(folder: Path) -> list[str]:
    return [str(p) for p in validate_pack(folder) if p.level == "error"]


# ----------------------------------------------------------------- bundled packs


@pytest.mark.parametrize("code", BUNDLED)
def test_bundled_pack_validates_without_errors(code: str) -> None:
    problems = [str(p) for p in validate_pack(bundled_packs_root() / code) if p.level == "error"]
    assert problems == []


@pytest.mark.parametrize("code", BASES)
def test_bundled_pack_size_and_coverage(code: str) -> None:
    stats = pack_stats(bundled_packs_root() / code)
    assert stats.terms >= 500
    assert all(stats.by_category[c.value] > 0 for c in Category)
    assert stats.examples_flag >= 60
    assert stats.examples_pass >= 60


def test_bundled_packs_are_found_by_code_and_listed() -> None:
    assert set(BUNDLED) <= set(available_packs())
    assert load_pack("fr-CA").base == "fr"
    assert load_pack("fr-CA").language == "fr"


def test_variant_removes_and_adds_terms() -> None:
    fr = {t.term for t in load_pack("fr").terms}
    ca_pack = load_pack("fr-CA")
    ca = {t.term for t in ca_pack.terms}
    assert set(ca_pack.removed) <= fr
    assert not set(ca_pack.removed) & ca
    assert ca - fr, "the variant adds terms of its own"


def test_pack_sources_name_a_licence() -> None:
    for code in ("en", "fr"):
        for source in load_pack(code).sources:
            assert source.licence, source.name
            assert "NC" not in source.licence.upper().split("-"), "non-commercial list"


def test_unknown_pack_raises_pack_not_found() -> None:
    with pytest.raises(PackNotFoundError, match="no language pack 'zz'"):
        load_pack("zz")


def test_a_folder_named_like_a_code_does_not_shadow_the_pack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An app's working directory often holds "en/" and "fr/" translation folders.
    (tmp_path / "en").mkdir()
    monkeypatch.chdir(tmp_path)
    assert load_pack("en").code == "en"
    with pytest.raises(LexiconError, match=r"pack\.toml is missing"):
        load_pack(Path("en"))  # a Path is always a folder
    own = make_pack(tmp_path)  # folder "xx": no pack has that code
    assert load_pack("xx").code == load_pack(own).code == load_pack(str(own)).code


# ------------------------------------------------------------ one test per error


def test_malformed_toml_names_file_and_line(tmp_path: Path) -> None:
    folder = make_pack(tmp_path, terms_toml='[[term]]\nterm = "a\n')
    with pytest.raises(LexiconError) as info:
        load_pack(folder)
    assert info.value.path is not None and info.value.path.endswith("terms.toml")
    assert info.value.line == 2


def test_wrong_type_names_field_and_line(tmp_path: Path) -> None:
    folder = make_pack(
        tmp_path,
        terms_toml="""
        [[term]]
        term = "bad"
        category = "insult"
        severity = "high"
        """,
    )
    with pytest.raises(LexiconError) as info:
        load_pack(folder)
    assert info.value.field == "severity"
    assert info.value.line == 5
    assert "terms.toml:5: severity:" in str(info.value)


# A term entry with one thing wrong, and what the loader must say about it.
REFUSED_TERMS = [
    pytest.param(
        'category = "rude"\nseverity = 2', "category: 'rude' is not one of", id="category"
    ),
    pytest.param(
        'category = "insult"\nseverity = 2\nseverty = 3', "severty: unknown field", id="field"
    ),
]


@pytest.mark.parametrize(("fields", "message"), REFUSED_TERMS)
def test_bad_term_field_is_refused(tmp_path: Path, fields: str, message: str) -> None:
    folder = make_pack(tmp_path, terms_toml=f'[[term]]\nterm = "bad"\n{fields}\n')
    with pytest.raises(LexiconError, match=message):
        load_pack(folder)


def test_duplicate_context_word_is_refused(tmp_path: Path) -> None:
    folder = make_pack(tmp_path, context_toml='negators = ["not", "never", "not"]\n')
    with pytest.raises(LexiconError, match=r"negators\[2\]: 'not' is already negators\[0\]"):
        load_pack(folder)


def test_existentials_is_a_context_list_checked_like_the_others(tmp_path: Path) -> None:
    folder = make_pack(tmp_path, context_toml='\n\nexistentials = ["hay", "había", "hay"]\n')
    found = errors(folder)
    assert any(
        "context.toml:3: existentials[2]: 'hay' is already existentials[0]" in e for e in found
    ), found
    (tmp_path / "ok").mkdir()
    ok = make_pack(tmp_path / "ok", context_toml='existentials = ["hay", "no queda"]\n')
    assert errors(ok) == []


@pytest.mark.parametrize("key", sorted(ONE_WORD_KEYS))
def test_a_one_word_list_refuses_an_entry_of_several_words(tmp_path: Path, key: str) -> None:
    # Each list's rule reads one token (a copula opening its sentence, a pronoun before a
    # lower-case word, the clause's last word, a verb and its particle): an entry of two
    # words could never be found, and would otherwise be dropped without a word.
    folder = make_pack(tmp_path, context_toml=f'\n\n{key} = ["son", "siguen siendo"]\n')
    found = errors(folder)
    assert any(f"context.toml:3: {key}[1]: 'siguen siendo': one word only" in e for e in found), (
        found
    )
    (tmp_path / "ok").mkdir()
    # A compound head must also be a term's form (test_compound_head_is_a_form_...).
    term = '[[term]]\nterm = "son"\ncategory = "insult"\nseverity = 2\n'
    terms = {"terms_toml": term} if key == "compound_heads" else {}
    assert errors(make_pack(tmp_path / "ok", context_toml=f'{key} = ["son"]\n', **terms)) == []


def test_empty_term_is_refused(tmp_path: Path) -> None:
    folder = make_pack(
        tmp_path, terms_toml='[[term]]\nterm = "  "\ncategory = "insult"\nseverity = 2\n'
    )
    with pytest.raises(LexiconError, match="term: must not be empty"):
        load_pack(folder)


def test_term_that_normalises_to_nothing(tmp_path: Path) -> None:
    folder = make_pack(
        tmp_path,
        terms_toml="""
        [[term]]
        term = "\\u200b!!"
        category = "insult"
        severity = 2
        """,
    )
    assert any("normalises to nothing" in e for e in errors(folder))


def test_duplicate_after_normalisation(tmp_path: Path) -> None:
    folder = make_pack(
        tmp_path,
        terms_toml="""
        [[term]]
        term = "Pétasse"
        category = "insult"
        severity = 2

        [[term]]
        term = "petasse"
        category = "insult"
        severity = 3
        """,
    )
    found = errors(folder)
    assert any("duplicates term 'Pétasse'" in e and "terms.toml:7" in e for e in found), found


def test_term_shadowed_by_allow_entry(tmp_path: Path) -> None:
    folder = make_pack(
        tmp_path,
        terms_toml="""
        [[term]]
        term = "badword"
        category = "insult"
        severity = 2
        """,
        allow_toml="""
        [[allow]]
        word = "BADWORD"
        """,
    )
    assert any("shadowed by an allow entry" in e for e in errors(folder))


def test_allow_entry_that_shadows_nothing_is_a_warning(tmp_path: Path) -> None:
    folder = make_pack(
        tmp_path,
        terms_toml="""
        [[term]]
        term = "badword"
        category = "insult"
        severity = 2
        """,
        allow_toml="""
        [[allow]]
        word = "teapot"
        """,
    )
    problems = validate_pack(folder)
    assert [p.level for p in problems if "shadows nothing" in p.message] == ["warning"]
    assert errors(folder) == []


def test_stem_swallowing_function_words(tmp_path: Path) -> None:
    folder = make_pack(
        tmp_path,
        terms_toml="""
        [[term]]
        term = "con"
        match = "stem"
        category = "insult"
        severity = 2
        """,
        context_toml='function_words = ["contre", "comme"]\n',
    )
    assert any("swallows common words: contre" in e for e in errors(folder))


def test_glued_verb_needs_a_pronoun_of_the_packs_clitics(tmp_path: Path) -> None:
    terms = """
        [[term]]
        term = "echar"
        category = "harassment"
        severity = 2
        match = "glued"
        targeted = true
        """
    folder = make_pack(tmp_path, terms_toml=terms, context_toml='clitics = ["re rli"]\n')
    (problem,) = errors(folder)
    assert "terms.toml:2: match: glued verb 'echar' takes no pronoun" in problem
    (folder / "context.toml").write_text('clitics = ["r rlos"]\n', encoding="utf-8")
    assert errors(folder) == []


def test_compound_head_is_a_form_of_a_one_word_term(tmp_path: Path) -> None:
    terms = """
        [[term]]
        term = "trottel"
        category = "insult"
        severity = 2
        variants = ["trotteln"]
        """
    context = 'compound_heads = [\n  "trotteln",\n  "depp"\n]\n'
    folder = make_pack(tmp_path, terms_toml=terms, context_toml=context)
    (problem,) = errors(folder)
    assert "context.toml:3: compound_heads[1]: 'depp' is no form of a one-word term" in problem
    (folder / "context.toml").write_text('compound_heads = ["trottel"]\n', encoding="utf-8")
    assert errors(folder) == []


def test_glued_verb_is_a_threat_or_harassment(tmp_path: Path) -> None:
    folder = make_pack(
        tmp_path,
        terms_toml="""
        [[term]]
        term = "echar"
        category = "insult"
        severity = 2
        match = "glued"
        """,
        context_toml='clitics = ["r rlos"]\n',
    )
    assert any("match: a glued verb is a threat or harassment" in e for e in errors(folder))


def test_phrase_that_can_never_match(tmp_path: Path) -> None:
    folder = make_pack(
        tmp_path,
        terms_toml="""
        [[term]]
        term = "hey @someone"
        category = "harassment"
        severity = 1
        """,
    )
    assert any("can never match" in e for e in errors(folder))


def test_single_token_phrase_is_a_warning_but_a_glued_variant_is_not(tmp_path: Path) -> None:
    folder = make_pack(
        tmp_path,
        terms_toml="""
        [[term]]
        term = "badword"
        match = "phrase"
        category = "insult"
        severity = 2

        [[term]]
        term = "shut it"
        variants = ["shutit"]
        category = "harassment"
        severity = 1
        """,
    )
    single = [p for p in validate_pack(folder) if "is a single token" in p.message]
    assert [(p.level, p.message) for p in single] == [
        ("warning", "phrase 'badword' is a single token: use match = \"word\"")
    ]
    assert Scorer.load(paths=[folder]).score("shutit").matches[0].term == "shut it"


def test_failing_example_is_reported_with_reasons(tmp_path: Path) -> None:
    folder = make_pack(
        tmp_path,
        terms_toml="""
        [[term]]
        term = "badword"
        category = "insult"
        severity = 3
        """,
        examples_toml="""
        [[example]]
        text = "what a lovely day"
        flag = true
        reason = "deliberately wrong"

        [[example]]
        text = "you badword"
        flag = true
        reason = "right"
        """,
    )
    found = errors(folder)
    assert len(found) == 1
    assert "examples.toml:2: text: 'what a lovely day' should be flagged" in found[0]


def test_xfail_example_that_passes_is_an_error(tmp_path: Path) -> None:
    folder = make_pack(
        tmp_path,
        terms_toml="""
        [[term]]
        term = "badword"
        category = "insult"
        severity = 3
        """,
        examples_toml="""
        [[example]]
        text = "you badword"
        flag = true
        reason = "right"
        xfail = "thought to fail"
        """,
    )
    assert any("now passes: remove xfail" in e for e in errors(folder))


def test_variant_removing_unknown_term(tmp_path: Path) -> None:
    folder = make_pack(tmp_path, pack_toml=PACK_TOML + 'base = "fr"\nremove = ["nope"]\n')
    with pytest.raises(LexiconError, match="'nope' is not a term of the base pack"):
        load_pack(folder)


def test_missing_pack_toml(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert "pack.toml is missing" in errors(tmp_path / "empty")[0]


def test_new_pack_scaffold_validates(tmp_path: Path) -> None:
    folder = new_pack("es", tmp_path)
    assert {p.name for p in folder.iterdir()} >= {
        "pack.toml",
        "terms.toml",
        "examples.toml",
        "messages.toml",
    }
    problems = validate_pack(folder)
    # No error; one warning: the scaffolded catalogue has no wordings yet (English prompts).
    assert [p.level for p in problems] == ["warning"]
    assert "fallback catalogue 'en'" in problems[0].message
    with pytest.raises(LexiconError, match="already exists"):
        new_pack("es", tmp_path)


def test_edited_pack_is_reloaded(tmp_path: Path) -> None:
    folder = make_pack(tmp_path, terms_toml="")
    assert load_pack(folder).terms == ()
    (folder / "terms.toml").write_text(
        '[[term]]\nterm = "zzyzx"\ncategory = "insult"\nseverity = 1\n', encoding="utf-8"
    )
    import os

    os.utime(folder / "terms.toml", ns=(1, 10**18))
    assert [t.term for t in load_pack(folder).terms] == ["zzyzx"]


def test_gap_must_stand_between_words(tmp_path: Path) -> None:
    folder = make_pack(
        tmp_path,
        terms_toml="""
        [[term]]
        term = "kill ..."
        category = "threat"
        severity = 3
        """,
    )
    assert any("a gap (...) must stand between words" in e for e in errors(folder))


def test_number_endings_take_three_endings(tmp_path: Path) -> None:
    folder = make_pack(tmp_path, context_toml='\nnumber_endings = ["e i a", "e i"]\n')
    found = errors(folder)
    assert any("context.toml:2: number_endings[1]: 'e i': an ending" in e for e in found), found
    (tmp_path / "ok").mkdir()
    assert errors(make_pack(tmp_path / "ok", context_toml='number_endings = ["e i a"]\n')) == []
