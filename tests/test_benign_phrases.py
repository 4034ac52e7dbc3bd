"""A ``benign_context`` entry of several words is a phrase (docs/lexicon-format.md).

It counts only whole: its words side by side, in order, one of them within reach of the
match. Before, each of its words counted alone, so Spanish `mi gordo` made any `mi`
excuse `gordo` and `la chucha` any `la`.
"""

from __future__ import annotations

import textwrap
from functools import cache
from pathlib import Path

import pytest

from nudge import Scorer
from nudge.lexicon import MatchKind, Term, available_packs, load_pack
from nudge.matcher import compile_packs, fold
from nudge.validate import validate_pack

BUNDLED = tuple(code for code, where in available_packs().items() if where == "bundled")

PACK = {"code": "xx", "name": "Test", "version": "0.0.1", "licence": "CC0-1.0"}
PACK_TOML = "".join(f'{k} = "{v}"\n' for k, v in PACK.items()) + 'maintainers = ["tests"]\n'

# Written for this test: one ambiguous word with a single-word and two phrase contexts,
# one of which holds the word itself; and a phrase term whose context is the term.
TERMS = """\
[[term]]
term = "bark"
category = "insult"
severity = 2
ambiguous = true
benign_context = ["oak", "tree trunk", "dog bark"]
fuzzy = false

[[term]]
term = "loud mouth"
category = "insult"
severity = 2
ambiguous = true
benign_context = ["loud mouth"]
fuzzy = false
"""


def _folder(root: Path) -> Path:
    folder = root / "xx"
    folder.mkdir()
    (folder / "pack.toml").write_text(PACK_TOML, encoding="utf-8")
    (folder / "terms.toml").write_text(textwrap.dedent(TERMS), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def scorer(tmp_path_factory: pytest.TempPathFactory) -> Scorer:
    return Scorer.load(paths=[_folder(tmp_path_factory.mktemp("benign"))])


def _excused_by(scorer: Scorer, text: str) -> str | None:
    """The benign context the explanation names for ``text``, if any."""
    marker = "benign sense here ("
    explained = scorer.score(text).explain()
    if marker not in explained:
        return None
    return explained.split(marker, 1)[1].split(")", 1)[0]


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("the bark near the oak", "'oak'"),
        ("the bark of that tree trunk", "'tree trunk'"),
        ("a tree trunk with rough bark", "'tree trunk'"),
        ("the dog bark woke me", "'dog bark'"),  # the phrase may hold the match
    ],
)
def test_a_phrase_counts_whole(scorer: Scorer, text: str, context: str) -> None:
    assert _excused_by(scorer, text) == context


@pytest.mark.parametrize(
    "text",
    [
        "the bark of the tree, its trunk",  # both words, not side by side
        "the bark of a trunk tree",  # side by side, out of order
        "the tree said bark",  # one word alone
        "the trunk said bark",
        "the dog said bark",
        "tree trunk " + "and so on " * 5 + "bark",  # beyond reach (ten tokens)
    ],
)
def test_a_phrase_in_part_or_out_of_reach_does_not_count(scorer: Scorer, text: str) -> None:
    assert _excused_by(scorer, text) is None


def test_a_phrase_context_that_is_the_match_itself_never_counts(scorer: Scorer) -> None:
    assert _excused_by(scorer, "what a loud mouth") is None


def test_the_validator_warns_of_a_context_that_can_never_count(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    terms = folder / "terms.toml"
    terms.write_text(
        terms.read_text(encoding="utf-8").replace('"oak",', '"oak", "€",'), encoding="utf-8"
    )
    found = sorted(
        (p.line, p.field, p.level) for p in validate_pack(folder) if "never count" in p.message
    )
    assert found == [(1, "benign_context[1]", "warning"), (9, "benign_context[0]", "warning")]


# ---------------------------------------------------------------- every bundled pack


def _phrase_entries(code: str) -> list[tuple[Term, str, list[str]]]:
    """Each term of a bundled pack with a benign context of several tokens, that entry
    and its tokens."""
    pack = load_pack(code)
    facts = compile_packs([pack]).facts
    return [
        (term, entry, tokens)
        for term in pack.terms
        for entry in term.benign_context
        if len(tokens := fold(entry, facts)) > 1
    ]


@cache
def _alone(code: str) -> Scorer:
    return Scorer.load([code])


@pytest.mark.parametrize("code", BUNDLED)
def test_every_phrase_entry_compiles_whole(code: str) -> None:
    lexicon = compile_packs([load_pack(code)])
    refs = {(r.term, r.where): r for r in lexicon.terms}
    for term, entry, tokens in _phrase_entries(code):
        ref = refs[(term.term, str(term.where))]
        assert " ".join(tokens) in ref.benign_context, (code, term.term, entry)
        alone = [w for b in term.benign_context if len(w := fold(b, lexicon.facts)) == 1]
        for word in tokens:  # no word of the phrase counts alone unless listed alone
            assert (word in ref.benign_context) == ([word] in alone), (code, entry, word)


@pytest.mark.parametrize("code", [c for c in BUNDLED if "-" not in c])
def test_every_phrase_entry_excuses_its_term_whole_and_only_whole(code: str) -> None:
    # The term's own spelling then the phrase as written: the phrase is seen through the
    # same normaliser as a comment. With only its first word it excuses nothing.
    scorer = _alone(code)
    facts = scorer.lexicon.facts
    checked = 0
    for term, entry, tokens in _phrase_entries(code):
        if term.match not in (MatchKind.WORD, MatchKind.PHRASE):
            continue
        named = _excused_by(scorer, f"{term.term} . {entry}")
        assert named is not None, (code, term.term, entry)
        checked += 1
        if [tokens[0]] not in (fold(b, facts) for b in term.benign_context):
            assert _excused_by(scorer, f"{term.term} . {tokens[0]}") is None, (code, entry)
    assert checked or code not in ("es", "it", "de")


# ---------------------------------------------------------------- reclaimed identity words


def test_english_queer_names_a_group_and_stays_a_slur() -> None:
    # A reclaimed slur is both: the identity entry makes a group of it in English (it
    # had been one only through the French pack), the ambiguous term still weighs it.
    english = _alone("en")
    assert english.lexicon.index["queers"].identity == "sexuality"
    said = english.score("There are far too many queers in this town.").explain()
    assert "attacks a group ('queers')" in said
    assert not english.score("She teaches queer history at the college.").flagged


def test_german_queer_is_untouched_by_the_english_entry() -> None:
    six = Scorer.load(["en", "fr", "es", "de", "it", "pt"])
    for text in ("Ich bin queer und stolz darauf.", "Queere Menschen sind toll."):
        assert six.score(text).language == "de"
        assert not six.score(text).flagged


def test_an_identity_entry_may_share_only_an_ambiguous_slurs_key(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "identity.toml").write_text(
        '[[identity]]\nterm = "bark"\ngroup = "other"\n\n'
        '[[identity]]\nterm = "loud mouth"\ngroup = "other"\n',
        encoding="utf-8",
    )
    terms = folder / "terms.toml"
    terms.write_text(
        terms.read_text(encoding="utf-8").replace('category = "insult"', 'category = "slur"', 1),
        encoding="utf-8",
    )
    duplicates = [str(p) for p in validate_pack(folder) if "duplicates" in p.message]
    # `bark` is an ambiguous slur now: its key may be an identity word too; `loud mouth`
    # is an insult: its identity twin is a duplicate.
    assert len(duplicates) == 1 and "'loud mouth'" in duplicates[0]
