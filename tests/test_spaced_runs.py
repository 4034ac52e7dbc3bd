"""Spaced runs (issue 17): every letter spaced out, neighbouring words running together,
read back as words with offsets; the robustness transformations on the packs' own
flagged examples (no ../shared needed)."""

from __future__ import annotations

import random
import re
import tomllib
from functools import cache
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from strategies import any_text, english_prose

from nudge.normalize import normalize
from nudge.research._robustness import Obfuscation, eligible_spans, obfuscate_text
from nudge.scorer import Scorer

BARS = Path(__file__).resolve().parents[1] / "benchmarks" / "quality_bars.toml"


@cache
def scorer() -> Scorer:
    return Scorer.load()


def spaced(text: str) -> str:
    """``text`` with every word of four letters or more spaced out, as ``--robustness``."""
    return obfuscate_text(text, eligible_spans(text), Obfuscation.SPACED, random.Random(0))


@pytest.mark.parametrize(
    ("text", "term", "target"),
    [
        ("you are a stupid bitch", "bitch", "you"),
        ("typical coon behaviour", "coon", ""),  # "behaviour": in no (American) list
        ("Zuko gets bitches", "bitch", ""),  # a name beside the words
        ("black people are human garbage", "human garbage", "black"),
        ("those women's nature is vile", "vile", ""),  # a contraction after the run
        ("women are a canc3r", "cancer", "women"),  # a leet digit inside the run
    ],
)
def test_a_spaced_comment_is_read_as_its_words(text: str, term: str, target: str) -> None:
    variant = spaced(text) if "3" not in text else "w o m e n are a c a n c 3 r"
    a = scorer().score(variant)
    assert term in [m.term for m in a.matches], (variant, a.reasons)
    if target:
        # The context rules see the recovered words: the target is named in the reason
        # (first of the words named: the pack's phrase "you are a" is named whole).
        assert any(f"('{target}" in r for r in a.reasons), a.reasons


@pytest.mark.parametrize(
    "text",
    [
        "s c u n t h o r p e",  # one unknown name: no term carved out of it
        "c u n t h o r p e",  # a term with only an unknown stretch beside it
        "c l a s s i c a s s a s s i n",  # words all the way
        "r o o m 1 0 1",  # digits spelled out are a number, not leet
    ],
)
def test_names_and_words_stay_benign_when_spaced(text: str) -> None:
    assert not scorer().score(text).flagged


def test_leet_digits_join_a_spelled_out_run_but_numbers_do_not() -> None:
    assert normalize("m u z z i 3 s").text == "muzzies"
    assert normalize("r o o m 1 0 1").text == "room 1 0 1"


def test_an_elided_word_before_a_vowel_stays_apart() -> None:
    # French elision comes before a vowel or a mute h; contractions after a consonant.
    assert normalize("l e s f e m m e s n'ont").text == "lesfemmes n'ont"
    assert normalize("w o m e n's").text == "women's"


def _plain_flagged(code: str) -> list[str]:
    """The pack's flagged examples in plain words (letters only, no typo or leet form)."""
    raw = resources.files("nudge").joinpath("lexicons", code, "examples.toml").read_text("utf-8")
    out = []
    for example in tomllib.loads(raw)["example"]:
        text = example["text"]
        if not example["flag"] or not re.fullmatch(r"[^\W\d_]+( [^\W\d_]+)*[.!?]?", text):
            continue
        a = scorer().score(text)
        if a.flagged and all(not m.steps for m in a.matches):
            out.append(text)
    return out


@pytest.mark.parametrize("kind", [Obfuscation.SPACED, Obfuscation.MASKED])
def test_the_packs_flagged_examples_stay_flagged(kind: Obfuscation) -> None:
    bar = tomllib.loads(BARS.read_text("utf-8"))["robustness"]["at_least"]
    texts = _plain_flagged("en") + _plain_flagged("fr")
    assert len(texts) > 100
    variants = [
        obfuscate_text(t, eligible_spans(t), kind, random.Random(i)) for i, t in enumerate(texts)
    ]
    kept = [v for v in variants if scorer().score(v).flagged]
    assert len(kept) >= bar * len(variants), sorted(set(variants) - set(kept))


@settings(max_examples=80, deadline=None)
@given(any_text())
def test_any_text_spaced_is_scored_with_spans_inside_the_original(text: str) -> None:
    variant = spaced(text)
    a = scorer().score(variant)
    for m in a.matches:
        assert 0 <= m.start < m.end <= len(variant)


@settings(max_examples=80, deadline=None)
@given(english_prose())
def test_spaced_prose_spans_cover_the_spaced_letters(text: str) -> None:
    variant = spaced(text)
    for m in scorer().score(variant).matches:
        assert variant[m.start] != " " and variant[m.end - 1] != " "


def test_a_run_longer_than_max_run_is_left_whole_and_short_runs_read_in_every_repeat() -> None:
    # How long they take is measured by ``benchmarks/core.py`` ("spaced letter runs"),
    # not here: this holds what they read.
    run = " ".join("youstupidbitch" * 3_000)  # longer than max_run: left whole
    assert scorer().score(run).matches == ()
    short = " ".join("youstupidbitch" * 20) + " ! "  # runs the best path reads
    once = [m.term for m in scorer().score(short).matches]
    assert once and set(once) == {"stupid", "bitch"}
    assert [m.term for m in scorer().score(short * 200).matches] == once * 200
