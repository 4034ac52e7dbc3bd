"""The typo forms, triggers and phrases the compiled core keeps alone
(``nudge._corewords``): a lexicon read from the compiled-pack cache answers ``typos``,
``triggers`` and each entry's ``phrases`` from the core, with exactly the values a
lexicon compiled from the packs holds; pickles carry plain dicts and sets; damaged word
tables in the ``.seg`` file are refused with a warning and the packs compiled again."""

from __future__ import annotations

import logging
import pickle
from pathlib import Path

import pytest

from nudge import _cache
from nudge._corewords import NO_PHRASES, CorePhrases, CoreTriggers, CoreTypos
from nudge.matcher import Lexicon, Phrase


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


def _flip(raw: bytes, i: int) -> bytes:
    return raw[:i] + bytes([raw[i] ^ 4]) + raw[i + 1 :]


def _phrases_end(raw: bytes, at: int) -> int:
    """Where the word tables' phrases (their last part) end: before the 8-byte checksum."""
    return at + 8 + int.from_bytes(raw[at : at + 8], "little") - 8


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw, at: raw[: at + 20],  # the word tables cut short
        lambda raw, at: raw[:at] + (10**9).to_bytes(8, "little") + raw[at + 8 :],  # length
        lambda raw, at: raw[: at + 40] + bytes([raw[at + 40] ^ 1]) + raw[at + 41 :],  # a bit
        lambda raw, at: _flip(raw, _phrases_end(raw, at) - 9),  # the last phrase's language
        lambda raw, at: _flip(raw, _phrases_end(raw, at) - 200),  # a phrase's token
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
    assert any("typo forms and phrases" in r.getMessage() for r in caplog.records)
    assert again == first and again[1] == _fresh(("fr",))
    assert seg.read_bytes() == good  # written again, the same bytes


def test_a_cached_lexicon_keeps_one_copy_of_each_repeated_string(cache: Path) -> None:
    # The JSON decoder makes a new string per occurrence; the decode keeps the first
    # (issue #12: some 1.6 MB of copies for en + fr). Equal values, shared objects.
    _cache.load_compiled(("en", "fr"), memo=False)
    lexicon = _cache.load_compiled(("en", "fr"), memo=False)[1]
    langs = [lang for e in lexicon.index.values() for lang, _ in e.lang_roles]
    langs += [r.lang for r in lexicon.terms if r.lang]
    assert len(set(langs)) == 2 and len({id(lang) for lang in langs}) == 2
    keys = {id(k): k for k in lexicon.index}
    stems = [k for k in lexicon.stems if k in lexicon.index]
    assert all(id(k) in keys for k in lexicon.allow if k in lexicon.index)
    assert all(id(k) in keys for k in stems)
    assert lexicon == _fresh(("en", "fr"))


def test_a_cached_lexicon_reads_the_cores_phrases_and_they_are_the_compiled_ones(
    cache: Path,
) -> None:
    # Issue #12: the 4,300 phrases live once, in the core; every entry that starts some
    # answers through a view, the others share one empty view.
    _cache.load_compiled(("en", "fr"), memo=False)
    lexicon = _cache.load_compiled(("en", "fr"), memo=False)[1]
    fresh = _fresh(("en", "fr"))
    starts = [k for k, e in fresh.index.items() if e.phrases]
    assert len(starts) > 500
    for key, entry in lexicon.index.items():
        theirs = fresh.index[key].phrases
        assert type(entry.phrases) is CorePhrases
        assert (entry.phrases is NO_PHRASES) == (not theirs)
        assert entry.phrases == theirs and theirs == entry.phrases
        assert dict(entry.phrases.items()) == theirs and len(entry.phrases) == len(theirs)
    counted = sum(len(ps) for k in starts for ps in lexicon.index[k].phrases.values())
    assert counted == sum(len(ps) for k in starts for ps in fresh.index[k].phrases.values())
    groups = {p.identity for k in starts for ps in lexicon.index[k].phrases.values() for p in ps}
    assert len(groups - {None}) > 3  # the core keeps each identity phrase's group
    key = starts[0]
    second = next(iter(fresh.index[key].phrases))
    assert lexicon.index[key].phrases[second] == fresh.index[key].phrases[second]
    assert second in lexicon.index[key].phrases and "no such token" not in NO_PHRASES
    with pytest.raises(KeyError):
        lexicon.index[key].phrases["no such token"]
    assert lexicon == fresh and fresh == lexicon


def test_cached_phrases_pickle_as_plain_dicts(cache: Path) -> None:
    _cache.load_compiled(("fr",), memo=False)
    lexicon = _cache.load_compiled(("fr",), memo=False)[1]
    again = pickle.loads(pickle.dumps(lexicon))
    assert all(type(e.phrases) is dict for e in again.index.values())
    assert again == lexicon and again == _fresh(("fr",))
    assert pickle.loads(pickle.dumps(NO_PHRASES)) == {}


def test_a_lexicon_compiled_on_a_miss_also_hands_its_phrases_to_the_core(cache: Path) -> None:
    lexicon = _cache.load_compiled(("fr",), memo=False)[1]  # a miss: compiled and written
    assert all(type(e.phrases) is CorePhrases for e in lexicon.index.values())
    assert lexicon == _fresh(("fr",))


def test_phrases_the_core_would_not_give_back_are_never_cached(
    cache: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    class Lossy(CorePhrases):
        __slots__ = ()

        def _table(self) -> dict[str, tuple[Phrase, ...]]:
            return {k: ps[1:] for k, ps in super()._table().items()}

    monkeypatch.setattr(_cache, "CorePhrases", Lossy)
    with caplog.at_level(logging.WARNING, logger="nudge.cache"):
        _cache.load_compiled(("fr",), memo=False)
    assert any("core's phrases" in r.getMessage() for r in caplog.records)
    assert not list(cache.glob("packs-*.seg"))
