"""Segmentation: glued and respaced words and hashtags read as the words they hold.

The split needs a cover of the whole token by known words of one language with at least
one piece that means something to the packs; words, names and Scunthorpe words stay whole.
"""

from __future__ import annotations

import gzip
from functools import cache
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nudge import _vocabulary
from nudge.errors import LexiconError
from nudge.scorer import Scorer


@cache
def scorer() -> Scorer:
    return Scorer.load()


def terms(text: str) -> list[tuple[str, str]]:
    """(term, original text) of every match."""
    return [(m.term, m.text) for m in scorer().score(text).matches]


@pytest.mark.parametrize(
    ("text", "term", "typed"),
    [
        ("youbitch", "bitch", "bitch"),
        ("you stupidbitch", "bitch", "bitch"),
        ("#stupidbitch", "bitch", "bitch"),
        ("#loser2024", "loser", "loser"),
        ("#pervert", "pervert", "pervert"),
        ("#SierraBurgessIsALoser", "loser", "Loser"),
        ("t'es qu'une espècedeconnasse", "connard", "connasse"),
    ],
)
def test_glued_words_and_hashtags_are_read(text: str, term: str, typed: str) -> None:
    got = terms(text)
    assert (term, typed) in got, got
    match = next(m for m in scorer().score(text).matches if m.term == term)
    assert "segment" in match.steps
    assert text[match.start : match.end] == typed  # the span is in the text as typed


def test_respaced_letters_are_split_after_joining() -> None:
    a = scorer().score("s t u p i d b i t c h")
    assert a.flagged
    steps = {m.term: set(m.steps) for m in a.matches}
    assert {"split_letters", "segment"} <= steps["bitch"]


@pytest.mark.parametrize(
    "text",
    [
        "Scunthorpe United won the cup",
        "a classy cocktail with the therapist",
        "the assassin read the constitution",
        "Hitchcock directed many thrillers.",
        "Lake Titicaca lies between Peru and Bolivia.",
        "Cockburn Street is busy on weekends.",
        "#Hitchcock retrospective tonight",
        "La perspective d'être rattachées à la république.",
        "Aucun signe échographique de trisomie.",
        "Le bâtardeau retient l'eau du chantier.",
    ],
)
def test_words_and_names_stay_whole(text: str) -> None:
    a = scorer().score(text)
    assert not a.flagged, a.explain()
    assert all("segment" not in m.steps for m in a.matches)


def test_a_split_needs_a_word_that_means_something() -> None:
    # "bluegreen" splits into known words, none of which the packs know: no match.
    assert terms("bluegreen sky") == []


def test_word_lists_are_compact_and_folded() -> None:
    for code in ("en", "fr"):
        frequent = _vocabulary.words(code)
        rare = _vocabulary.words(code, _vocabulary.RARE_FILE)
        assert 30_000 <= len(frequent) <= 50_000
        assert not set(frequent) & set(rare)
        assert all(w.isalpha() and w == w.lower() for w in frequent[:2000])
        path = resources.files("nudge").joinpath("lexicons", code, _vocabulary.WORDS_FILE)
        assert gzip.decompress(path.read_bytes()).decode("utf-8").endswith("\n")
    assert "reputation" in _vocabulary.words("fr")  # accents folded as the normaliser does
    assert _vocabulary.words("../en") == ()  # a code never climbs out of lexicons/


def test_bad_limits_are_located(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> str:
        raise LexiconError("a positive integer is needed", path="_data/segment.toml", field="x")

    monkeypatch.setattr(_vocabulary, "segment_limits", broken)
    with pytest.raises(LexiconError, match=r"_data/segment.toml: x:"):
        _vocabulary.segment_limits()


def test_scorer_with_segmentation_pickles() -> None:
    import pickle

    again = pickle.loads(pickle.dumps(scorer()))
    assert again.score("youbitch").flagged


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz#", min_size=1, max_size=200))
def test_any_glued_run_is_scored_without_error(text: str) -> None:
    a = scorer().score(text)
    for m in a.matches:
        assert 0 <= m.start < m.end <= len(text)


def test_a_long_glued_run_is_linear() -> None:
    import time

    run = "youbitch" * 20_000  # longer than max_token: left whole
    started = time.perf_counter()
    scorer().score(run)
    assert time.perf_counter() - started < 2.0


def test_a_pack_loaded_by_path_reads_its_own_word_lists(tmp_path: Path) -> None:
    # A maintainer's pack in progress: its words.txt.gz is read, not the bundled one's.
    import shutil

    from nudge import _vocabulary
    from nudge.lexicon import bundled_packs_root, load_pack
    from nudge.matcher import compile_packs

    folder = tmp_path / "fr"
    shutil.copytree(bundled_packs_root() / "fr", folder)
    (folder / "words.txt.gz").write_bytes(gzip.compress(b"zorglub\nblub\n"))
    lex = compile_packs([load_pack(folder)])
    assert lex.word_folders == (str(folder),)
    lists, _ = _vocabulary.segmenter_data(lex.languages, lex.word_folders)
    assert lists[0][0].split() == ["zorglub", "blub"]
    # Without one of its own, a pack reads the bundled list of its language.
    (folder / "words.txt.gz").unlink()
    (folder / "words-rare.txt.gz").unlink()
    assert compile_packs([load_pack(folder)]).word_folders == ()
