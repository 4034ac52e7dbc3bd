"""The quality bars of the issues, on the development data in ../shared/data.

Skipped cleanly when ../shared is absent; the core suite never needs it.  A bar that
the scorer does not reach yet is a strict xfail with the figure measured when it was
written down, so that reaching it turns the suite red until the mark is removed.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from nudge.scorer import Assessment, Scorer

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data is absent")


def _rows(name: str, lang: str | None = None) -> Iterator[dict[str, Any]]:
    with (SHARED / name / "data.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if lang is None or row.get("lang") == lang:
                yield row


@cache
def _scorer() -> Scorer:
    return Scorer.load()


@cache
def _scored(name: str, lang: str | None = None) -> tuple[tuple[dict[str, Any], Assessment], ...]:
    rows = list(_rows(name, lang))
    return tuple(zip(rows, _scorer().score_many([r["text"] for r in rows]), strict=True))


# ------------------------------------------------------------------------ HateCheck

LEAVE_90 = ("ident_neutral_nh", "ident_pos_nh", "negate_neg_nh", "target_obj_nh", "profanity_nh")
LEAVE_75 = ("counter_quote_nh", "counter_ref_nh", "slur_homonym_nh", "slur_reclaimed_nh")
CATCH_85 = (
    "derog_dehum_h", "derog_neg_attrib_h", "slur_h", "profanity_h", "threat_dir_h",
    "threat_norm_h", "spell_leet_h", "spell_space_add_h", "spell_char_swap_h",
)  # fmt: skip
CATCH_80 = ("target_indiv_nh", "target_group_nh")

BARS: list[tuple[str, str, float]] = (
    [(f, "leave", 0.90) for f in LEAVE_90]
    + [(f, "leave", 0.75) for f in LEAVE_75]
    + [(f, "catch", 0.85) for f in CATCH_85]
    + [(f, "catch", 0.80) for f in CATCH_80]
)

# Bars not met yet, as strict xfails with the rate measured and what it needs (a fix
# makes them XPASS).  Empty since 2026-11-22: every bar is met.
SHORT: dict[tuple[str, str], str] = {}

SETS = {"hatecheck_en": ("hatecheck_en", None), "mhc_fr": ("mhc_multi", "fr")}


def _params() -> Iterator[Any]:
    for set_name in SETS:
        for functionality, kind, bar in BARS:
            reason = SHORT.get((set_name, functionality))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            yield pytest.param(
                set_name, functionality, kind, bar, marks=marks, id=f"{set_name}-{functionality}"
            )


@pytest.mark.parametrize(("set_name", "functionality", "kind", "bar"), list(_params()))
def test_hatecheck_bar(set_name: str, functionality: str, kind: str, bar: float) -> None:
    folder, lang = SETS[set_name]
    cases = [(r, a) for r, a in _scored(folder, lang) if r["functionality"] == functionality]
    if not cases:
        pytest.skip(f"{set_name} has no {functionality} rows")
    flagged = [a.flagged for _, a in cases]
    rate = sum(flagged) / len(flagged) if kind == "catch" else 1 - sum(flagged) / len(flagged)
    wrong = [r["text"] for r, a in cases if a.flagged != (kind == "catch")]
    assert rate >= bar, f"{rate:.1%} < {bar:.0%}; wrong:\n" + "\n".join(wrong[:30])


# --------------------------------------------------------------------- benign text


@pytest.mark.parametrize("name", ["benign_ud_en", "benign_ud_fr"])
def test_benign_sentences_are_rarely_flagged(name: str) -> None:
    scored = _scored(name)
    flagged = [f"{a.score:.2f} {r['text']}" for r, a in scored if a.flagged]
    assert len(flagged) / len(scored) < 0.005, "\n".join(flagged)


@pytest.mark.parametrize("name", ["benign_ud_en", "benign_ud_fr"])
def test_packs_match_under_one_percent_of_benign_sentences(name: str) -> None:
    """Issue 3's data test: sentences where the scorer keeps a match of the packs.

    Plain swearing ("it smelled like shit") is real in this web text and is what the
    packs are for, so matches of the profanity category alone do not count here.
    """
    hits = []
    for row, a in _scored(name):
        kept = [m for m in a.matches if m.category != "profanity"]
        if kept:
            hits.append(f"{row['text'][:100]!r}: {[(m.term, m.text) for m in kept]}")
    assert len(hits) / len(_scored(name)) < 0.01, "\n".join(hits)


# ------------------------------------------------------------ F1 against a word list

_WORD = re.compile(r"\w+")


def _ldnoobw(lang: str) -> tuple[frozenset[str], tuple[str, ...]]:
    terms = [
        line.strip().casefold()
        for line in (SHARED / "lexicons" / "ldnoobw" / f"{lang}.txt")
        .read_text("utf-8")
        .splitlines()
        if line.strip()
    ]
    return frozenset(t for t in terms if " " not in t), tuple(t for t in terms if " " in t)


def _f1(pairs: list[tuple[bool, int]]) -> float:
    tp = sum(1 for p, y in pairs if p and y)
    fp = sum(1 for p, y in pairs if p and not y)
    fn = sum(1 for p, y in pairs if not p and y)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


@pytest.mark.parametrize(
    ("name", "lang"), [("davidson_en", "en"), ("mlma_en", "en"), ("mlma_fr", "fr")]
)
def test_f1_at_least_the_word_list_baseline(name: str, lang: str) -> None:
    words, phrases = _ldnoobw(lang)
    ours: list[tuple[bool, int]] = []
    base: list[tuple[bool, int]] = []
    for row, a in _scored(name):
        text = row["text"].casefold()
        naive = bool(words.intersection(_WORD.findall(text))) or any(p in text for p in phrases)
        ours.append((a.flagged, row["label"]))
        base.append((naive, row["label"]))
    assert _f1(ours) >= _f1(base), f"nudge F1 {_f1(ours):.3f} < word list {_f1(base):.3f}"


def test_functionalities_are_all_reported() -> None:
    seen: dict[str, int] = defaultdict(int)
    for row, _ in _scored("hatecheck_en"):
        seen[row["functionality"]] += 1
    assert {f for f, _, _ in BARS} <= set(seen)
