"""The columnar scoring path (issue 15): ``nudge.columns.score_table`` gives exactly the
columns ``arrow_table(score_many(...))`` gives, field by field, whatever the texts and
however the Arrow array holding them is laid out (nulls, a slice, 64-bit offsets,
several chunks)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import any_text, english_prose, obfuscated_text

from nudge import Scorer
from nudge.lexicon import available_packs, load_pack

pa = pytest.importorskip("pyarrow")

from nudge.columns import arrow_table, score_table  # noqa: E402 - needs pyarrow

SCORER = Scorer.load()


def _utf8(text: str) -> bool:
    """Arrow strings are UTF-8: a lone surrogate cannot be one."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _expected(scorer: Scorer, texts: list[str | None], lang: str | None = None) -> Any:
    present = [t for t in texts if t is not None]
    scored = iter(scorer.score_many(present, lang))
    return arrow_table([None if t is None else next(scored) for t in texts])


def _same(got: Any, want: Any) -> None:
    got.validate(full=True)
    assert got.schema == want.schema
    for name in want.column_names:
        # Column by column first, so that a failure names the field that differs.
        assert got.column(name).to_pylist() == want.column(name).to_pylist(), name
    assert got.equals(want)


texts_with_nulls = st.lists(
    st.one_of(any_text(), obfuscated_text(), english_prose(), st.none()).filter(
        lambda t: t is None or _utf8(t)
    ),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(texts_with_nulls)
def test_the_columns_are_score_many_field_by_field(texts: list[str | None]) -> None:
    _same(score_table(SCORER, pa.array(texts, type=pa.string())), _expected(SCORER, texts))


@settings(max_examples=60, deadline=None)
@given(texts_with_nulls, st.integers(0, 5), st.integers(0, 5), st.booleans())
def test_any_layout_of_the_array_gives_the_same_columns(
    texts: list[str | None], drop_front: int, drop_back: int, wide: bool
) -> None:
    kind = pa.large_string() if wide else pa.string()
    whole = pa.array(["head"] * drop_front + texts + ["tail"] * drop_back, type=kind)
    sliced = whole.slice(drop_front, len(texts))  # an offset into shared buffers
    _same(score_table(SCORER, sliced), _expected(SCORER, texts))
    half = len(texts) // 2
    chunked = pa.chunked_array([texts[:half], texts[half:]], type=pa.string())
    _same(score_table(SCORER, chunked), _expected(SCORER, texts))


def test_the_packs_examples_with_every_bundled_pack_and_a_forced_language() -> None:
    codes = sorted(available_packs())
    scorer = Scorer.load(codes)
    examples = [e.text for code in codes for e in load_pack(code).examples]
    assert len(examples) > 500
    assert any(a.flagged for a in scorer.score_many(examples))
    _same(score_table(scorer, examples), _expected(scorer, list(examples)))
    _same(score_table(scorer, examples, lang="fr"), _expected(scorer, list(examples), "fr"))
    _same(score_table(scorer, examples, prefix=""), _expected(scorer, list(examples)))


def test_a_prefix_names_the_columns_and_an_empty_batch_has_them_all() -> None:
    empty = score_table(SCORER, [], prefix="nudge_")
    assert empty.num_rows == 0
    assert empty.column_names == ["nudge_" + n for n in arrow_table([]).column_names]


def test_bad_input_is_refused_with_its_place() -> None:
    from nudge.errors import InputError

    with pytest.raises(InputError, match="item 1: expected str, got int"):
        score_table(SCORER, ["fine", 3])
    with pytest.raises(InputError, match="expected an Arrow string array"):
        score_table(SCORER, pa.array([1, 2]))
    with pytest.raises(UnicodeEncodeError):
        score_table(SCORER, ["a lone \ud800 surrogate"])
