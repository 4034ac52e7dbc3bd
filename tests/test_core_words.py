"""The typo forms and triggers the compiled core keeps alone (``nudge._corewords``): a
lexicon read from the compiled-pack cache answers ``typos`` and ``triggers`` from the
core, with exactly the values a lexicon compiled from the packs holds; pickles carry
plain dicts and sets; damaged word tables in the ``.seg`` file are refused with a
warning and the packs compiled again."""

from __future__ import annotations

import logging
import pickle
from pathlib import Path

import pytest

from nudge import _cache
from nudge._corewords import CoreTriggers, CoreTypos
from nudge.matcher import Lexicon


def _fresh(codes: tuple[str, ...]) -> Lexicon:
    return _cache._compile_now(codes)[1]


def _seg(cache: Path) -> Path:
    (seg,) = sorted(cache.glob("packs-*.seg"))
    return seg


def test_a_cached_lexicon_reads_the_cores_words_and_they_are_the_compiled_ones(
    cache: Path,
) -> None:
    _cache.load_compiled(("en", "fr"), memo=False)  # a miss: compiled and written
    lexicon = _cache.load_compiled(("en", "fr"), memo=False)[1]  # a hit
    assert isinstance(lexicon.typos, CoreTypos)
    assert isinstance(lexicon.triggers, CoreTriggers)
    fresh = _fresh(("en", "fr"))
    assert isinstance(fresh.typos, dict) and isinstance(fresh.triggers, frozenset)
    assert dict(lexicon.typos) == fresh.typos and lexicon.typos == fresh.typos
    assert set(lexicon.triggers) == fresh.triggers and lexicon.triggers == fresh.triggers
    assert lexicon == fresh
    form, stands_for = next(iter(fresh.typos.items()))
    assert lexicon.typos[form] == stands_for and form in lexicon.triggers
    assert "not-a-typo-form" not in lexicon.typos and 42 not in lexicon.triggers  # type: ignore[comparison-overlap]
    with pytest.raises(KeyError):
        lexicon.typos["not-a-typo-form"]


def test_a_cached_lexicon_pickles_as_plain_tables(cache: Path) -> None:
    _cache.load_compiled(("fr",), memo=False)
    lexicon = _cache.load_compiled(("fr",), memo=False)[1]
    again = pickle.loads(pickle.dumps(lexicon))
    assert type(again.typos) is dict and type(again.triggers) is frozenset
    assert again == lexicon


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw, at: raw[: at + 20],  # the word tables cut short
        lambda raw, at: raw[:at] + (10**9).to_bytes(8, "little") + raw[at + 8 :],  # length
        lambda raw, at: raw[: at + 40] + bytes([raw[at + 40] ^ 1]) + raw[at + 41 :],  # a bit
    ],
)
def test_damaged_word_tables_are_refused_with_a_warning_and_rewritten(
    cache: Path, damage: object, caplog: pytest.LogCaptureFixture
) -> None:
    first = _cache.load_compiled(("fr",), memo=False)
    seg = _seg(cache)
    good = seg.read_bytes()
    at = good.index(b"\n") + 1  # where the word tables' length starts
    seg.write_bytes(damage(good, at))  # type: ignore[operator]
    with caplog.at_level(logging.WARNING, logger="nudge.cache"):
        again = _cache.load_compiled(("fr",), memo=False)
    assert any("typo forms" in r.getMessage() for r in caplog.records)
    assert again == first
    assert seg.read_bytes() == good  # written again, the same bytes


def test_a_cached_lexicon_keeps_one_copy_of_each_repeated_string(cache: Path) -> None:
    # The JSON decoder makes a new string per occurrence; the decode keeps the first
    # (issue #12: some 1.6 MB of copies for en + fr). Equal values, shared objects.
    _cache.load_compiled(("en", "fr"), memo=False)
    lexicon = _cache.load_compiled(("en", "fr"), memo=False)[1]
    phrases = [p for e in lexicon.index.values() for ps in e.phrases.values() for p in ps]
    langs = {p.lang for p in phrases if p.lang}
    assert langs and len({id(p.lang) for p in phrases if p.lang}) == len(langs)
    tokens = [t for p in phrases for t in p.tokens]
    assert len({id(t) for t in tokens}) == len(set(tokens)) < len(tokens)
    keys = {id(k): k for k in lexicon.index}
    assert all(id(t) in keys for t in tokens if t in lexicon.index)
    assert lexicon == _fresh(("en", "fr"))
