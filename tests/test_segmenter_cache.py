"""The segmenter's tables in the compiled-pack cache (``nudge._cache``, the ``.seg`` file
beside each cache file): written on a miss, read on a hit with the same answers as
tables built from the word lists, and a damaged file is refused with a warning and
written again.  Answers only, never time (``benchmarks/load.py`` times it)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from nudge import _cache
from nudge.scorer import Scorer

# Texts whose answers depend on the segmenter: glued and respaced words, hashtags, and
# words a general list knows (never split).
TEXTS = (
    "you stupidbitch",
    "youbitch",
    "#SierraBurgessIsALoser",
    "#stupidbitch",
    "s t u p i d b i t c h",
    "t'es qu'un sale connard",
    "Scunthorpe United won the cup",
    "what a cocktail of a therapist",
    "the constitution of the assassin's class",
    "#loser2024 woorst peoople",
)


def _seg_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("packs-*.seg")) if folder.is_dir() else []


def _answers(scorer: Scorer) -> list[object]:
    return [scorer.score(t) for t in TEXTS]


def _fresh() -> Scorer:
    """A scorer whose segmenter is built from the word lists (no cache involved)."""
    packs, lexicon = _cache._compile_now(("en", "fr"))
    return Scorer(lexicon, packs)


def test_a_miss_writes_the_tables_and_a_hit_reads_them(cache: Path) -> None:
    _cache.load_compiled(("en", "fr"), memo=False)
    (seg,) = _seg_files(cache)
    (json_file,) = sorted(cache.glob("packs-*.json"))
    assert seg.stem == json_file.stem
    key = json_file.stem.rsplit("-", 1)[1]
    assert seg.read_bytes().startswith(key.encode() + b"\n")
    stamp = seg.stat().st_mtime_ns
    packs, lexicon = _cache.load_compiled(("en", "fr"), memo=False)
    assert seg.stat().st_mtime_ns == stamp  # read, not written again
    fresh = _fresh()
    # The same tables as built from the lists, byte for byte, and the same answers.
    assert lexicon._core_lexicon().segmenter_bytes() == (
        fresh.lexicon._core_lexicon().segmenter_bytes()
    )
    cached = Scorer(lexicon, packs)
    assert _answers(cached) == _answers(fresh)
    assert cached.score("you stupidbitch").flagged  # the segmenter is there


def test_a_hit_reads_the_piece_filters_a_first_comment_would_derive(cache: Path) -> None:
    _cache.load_compiled(("en", "fr"), memo=False)
    _, lexicon = _cache.load_compiled(("en", "fr"), memo=False)
    core = lexicon._core_lexicon()
    # Read with the packs: no comment pays for deriving them.
    assert core.has_piece_filters()
    fresh = _fresh().lexicon._core_lexicon()
    assert not fresh.has_piece_filters()
    # The filters the fresh lexicon derives (here, when asked for its bytes) are the
    # ones read back, byte for byte.
    assert core.piece_filters_bytes() == fresh.piece_filters_bytes()
    assert fresh.has_piece_filters()


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],  # cut short
        lambda raw: raw[:-100] + bytes(100),  # changed bytes at the end
        lambda raw: raw[:200] + bytes([raw[200] ^ 1]) + raw[201:],  # one bit in a table
        lambda raw: b"0" * 40 + raw[40:],  # written for other packs
        lambda raw: raw.split(b"\n", 1)[0],  # the key alone
        # a length past the end of the file (never trusted, never allocated)
        lambda raw: (
            raw.split(b"\n", 1)[0]
            + b"\n"
            + (2**40).to_bytes(8, "little")
            + raw.split(b"\n", 1)[1][8:]
        ),
        lambda raw: b"",
    ],
)
def test_damaged_tables_are_refused_with_a_warning_and_rewritten(
    cache: Path, damage: object, caplog: pytest.LogCaptureFixture
) -> None:
    _cache.load_compiled(("en", "fr"), memo=False)
    (seg,) = _seg_files(cache)
    good = seg.read_bytes()
    seg.write_bytes(damage(good))  # type: ignore[operator]
    with caplog.at_level(logging.WARNING, logger="nudge.cache"):
        packs, lexicon = _cache.load_compiled(("en", "fr"), memo=False)
    assert any("segmenter's tables" in r.getMessage() for r in caplog.records)
    assert _answers(Scorer(lexicon, packs)) == _answers(_fresh())
    assert seg.read_bytes() == good  # written again


def test_a_missing_tables_file_is_built_and_written_quietly(
    cache: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _cache.load_compiled(("fr",), memo=False)
    (seg,) = _seg_files(cache)
    good = seg.read_bytes()
    seg.unlink()
    with caplog.at_level(logging.WARNING, logger="nudge.cache"):
        _cache.load_compiled(("fr",), memo=False)
    assert not caplog.records
    assert seg.read_bytes() == good


def test_the_tables_of_pruned_files_go_with_them(cache: Path) -> None:
    _cache.load_compiled(("fr",), memo=False)
    (seg,) = _seg_files(cache)
    key = seg.stem.rsplit("-", 1)[1]
    for i in range(6):
        path = seg.with_name(seg.name.replace(key, f"{i:040x}"))
        path.write_bytes(b"old")
        path.with_suffix(".json").write_bytes(b"old")
        # Older than the real one: the newest _KEEP files stay.
        time = seg.stat().st_mtime_ns - (i + 1) * 10**9
        os.utime(path.with_suffix(".json"), ns=(time, time))
    _cache._prune(seg.with_suffix(".json"))
    jsons = sorted(cache.glob("packs-fr-*.json"))
    assert len(jsons) == _cache._KEEP
    assert sorted(p.stem for p in _seg_files(cache)) == sorted(p.stem for p in jsons)
