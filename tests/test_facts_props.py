"""Properties of the normaliser and the scorer under any pack's language facts."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from strategies import any_text, language_facts, obfuscated_text, tokens_toml_text

import nudge
from nudge import _core
from nudge.errors import LexiconError
from nudge.lexicon import load_pack
from nudge.normalize import _default_core_facts, replay


@settings(max_examples=200, deadline=None)
@given(text=any_text(), facts=language_facts())
def test_any_facts_keep_the_normaliser_total_and_its_offsets_inside(text: str, facts: Any) -> None:
    n = nudge.normalize(text, facts=facts)
    for token in n.tokens():
        assert 0 <= token.start < token.end <= len(n.text)
        assert 0 <= token.orig_start <= token.orig_end <= len(text)
    assert replay(n).text == n.text


@settings(max_examples=100, deadline=None)
@given(text=obfuscated_text(), facts=language_facts())
def test_folding_twice_with_the_same_facts_changes_nothing(text: str, facts: Any) -> None:
    once = nudge.normalize(text, facts=facts).text
    assert nudge.normalize(once, facts=facts).text == once


@settings(max_examples=100, deadline=None)
@given(text=obfuscated_text())
def test_a_comment_normalised_elsewhere_scores_as_the_text(text: str) -> None:
    # As a policy chain does: folded once with the default facts, scored by the scorer's.
    en = _english()
    folded, _ = _core.fold_and_find([text], _default_core_facts(), [])
    assert _core.assess_folded(en._core, folded, [0]) == [en.score(text)]


_SCORER: list[nudge.Scorer] = []


def _english() -> nudge.Scorer:
    if not _SCORER:
        _SCORER.append(nudge.Scorer.load(["en"]))
    return _SCORER[0]


@settings(max_examples=150, deadline=None)
@given(text=tokens_toml_text())
def test_any_tokens_toml_loads_or_names_its_file(text: str) -> None:
    with tempfile.TemporaryDirectory() as root:
        folder = Path(root) / "xx"
        folder.mkdir()
        meta = 'code = "xx"\nname = "x"\nversion = "1"\nlicence = "CC0-1.0"\nmaintainers = ["x"]\n'
        (folder / "pack.toml").write_text(meta, encoding="utf-8")
        (folder / "tokens.toml").write_text(text, encoding="utf-8")
        try:
            pack = load_pack(folder)
        except LexiconError as err:
            assert str(err.path).endswith("tokens.toml")
            lines = text.count("\n") + 1
            assert err.line is None or 1 <= err.line <= lines
        else:
            assert all(isinstance(v, str) and v for v in pack.tokens.elisions)
