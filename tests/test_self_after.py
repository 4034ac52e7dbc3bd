"""The author after the insult: `self_reference` read after the match, through the packs'
`self_after` lists ("che idiota sono", "qué idiota soy")."""

from __future__ import annotations

from pathlib import Path

import pytest

from nudge.errors import LexiconError
from nudge.lexicon import load_pack
from nudge.scorer import Scorer
from nudge.validate import new_pack

SIX = ["en", "fr", "es", "de", "it", "pt"]


def make_pack(where: Path, context_toml: str) -> Path:
    """A pack made by ``nudge pack new`` whose ``context.toml`` is ``context_toml``."""
    folder = new_pack("xx", where)
    (folder / "context.toml").write_text(context_toml, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def six() -> Scorer:
    return Scorer.load(SIX)


def _rules(scorer: Scorer, text: str) -> set[str]:
    return {rule for m in scorer.score(text).matches for rule in m.rules}


@pytest.mark.parametrize(
    "text",
    [
        "che idiota sono",
        "che cretino sono stato a fidarmi",
        "qué idiota soy",
        "qué imbécil que soy",  # the exclamative said again as a relative
        "que lixo de ser humano eu sou",
    ],
)
def test_a_first_person_copula_after_the_insult_is_the_author(six: Scorer, text: str) -> None:
    a = six.score(text)
    assert not a.flagged, a.explain()
    assert "about the author themself" in a.explain()


@pytest.mark.parametrize(
    "text",
    [
        "che idiota sono questi",  # "sono" is "they are": others are named after it
        "che cretini sono i politici",
        "che idioti sono diventati",  # a plural insult: "they are"
        "che idiota sei",
        "qué tonto eres",
        "che idiota, sono stanco di leggerti",  # another clause
        "che idiota è lui",
    ],
)
def test_the_same_shape_said_of_others_stays_flagged(six: Scorer, text: str) -> None:
    assert six.score(text).flagged
    assert "self_reference" not in _rules(six, text)


def test_the_italian_sono_alone_before_an_insult_is_no_author(six: Scorer) -> None:
    # `self_after` words count only after the match: "sono" before one is "they are" too.
    assert six.score("i politici sono dei cretini").flagged


def test_only_names_and_only_the_author_verbs(six: Scorer) -> None:
    # An act is no self-description; "fui" (also "I went") is no `self_after` verb.
    assert six.score("a única pessoa que vai comer seu cu sou eu").flagged
    assert six.score("@user fdp fui la ver se tinhas mesmo uma ventoinha").flagged


def test_self_after_is_a_context_list_checked_like_the_others(tmp_path: Path) -> None:
    folder = make_pack(tmp_path, context_toml='self_after = ["sono", "sono"]\n')
    with pytest.raises(LexiconError, match=r"self_after\[1\]: 'sono' is already self_after\[0\]"):
        load_pack(folder)
    ok = make_pack(tmp_path / "ok", context_toml='self_after = ["sono"]\n')
    assert load_pack(ok).context["self_after"] == ("sono",)
