"""Issue 15: JSONL output, Dask Bags and the local Dask cluster go through the columnar
path and give what ``score_many`` gives; the reader's UTF-8 check agrees with Python's.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import SAMPLE_COMMENTS, obfuscated_text, storable_text

from nudge import Scorer
from nudge.backlog import _ArrowRows, _Rows, _write_jsonl, _write_jsonl_table, run
from nudge.columns import RESULT_COLUMNS, record
from nudge.readers import plan

pa = pytest.importorskip("pyarrow")

from nudge.columns import score_table  # noqa: E402 - needs pyarrow
from nudge.readers import _utf8  # noqa: E402

SCORER = Scorer.load()


def _comments(n: int) -> list[str]:
    return [f"{SAMPLE_COMMENTS[i % len(SAMPLE_COMMENTS)]} #{i}" for i in range(n)]


def _part(tmp_path: Path, texts: list[str]) -> Any:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), "utf-8")
    return plan(src)[0]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(storable_text(), obfuscated_text()), min_size=1, max_size=12))
def test_jsonl_from_the_columns_is_the_jsonl_from_the_assessments(texts: list[str]) -> None:
    import tempfile

    folder = Path(tempfile.mkdtemp())
    part = _part(folder, texts)
    ids = [f"r{i}" for i in range(len(texts))]
    lines = list(range(1, len(texts) + 1))
    _write_jsonl(folder / "a.jsonl", part, _Rows(ids, lines, texts), SCORER.score_many(texts))
    table = score_table(SCORER, texts)
    _write_jsonl_table(folder / "b.jsonl", part, _Rows(ids, lines, texts), table)
    arrow = _ArrowRows(pa.array(ids), 1, pa.array(texts))
    _write_jsonl_table(folder / "c.jsonl", part, arrow, table)
    want = (folder / "a.jsonl").read_bytes()
    assert (folder / "b.jsonl").read_bytes() == want
    assert (folder / "c.jsonl").read_bytes() == want


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=40))
def test_the_utf8_check_agrees_with_python(data: bytes) -> None:
    try:
        data.decode("utf-8")
        valid = True
    except UnicodeDecodeError:
        valid = False
    assert _utf8(pa, data) is valid


def test_a_bag_partition_is_scored_as_score_many() -> None:
    from nudge.dask import score_items

    texts = _comments(40)
    items: list[Any] = [{"id": i, "text": t} for i, t in enumerate(texts)]
    items[3] = {"id": 3}  # no text: nulls, as before
    items[7] = {"id": 7, "text": None}
    got = score_items(items, options={"threshold": 0.3}, prefix="n_")
    scorer = Scorer.load(threshold=0.3)
    for item, row in zip(items, got, strict=True):
        text = item.get("text")
        want = dict.fromkeys(RESULT_COLUMNS) if text is None else record(scorer.score(text))
        assert row == {**item, **{"n_" + k: v for k, v in want.items()}}
    # Plain strings give the result dicts; a lone surrogate takes score_many.
    strings = ["kys", "a lone \ud800 surrogate, idiot"]
    assert score_items(strings, options={}) == [record(a) for a in SCORER.score_many(strings)]


def test_jsonl_output_without_pyarrow_is_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = _comments(30)
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts)))
    run(src, tmp_path / "with.jsonl", part_rows=7, progress=False)
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # `import pyarrow` fails from here
    run(src, tmp_path / "without.jsonl", part_rows=7, progress=False)
    for part in sorted((tmp_path / "with.jsonl").glob("part-*.jsonl")):
        assert part.read_bytes() == (tmp_path / "without.jsonl" / part.name).read_bytes()


def test_the_local_dask_cluster_scores_every_row_once(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    texts = _comments(120)
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts)))
    summary = run(src, tmp_path / "o.jsonl", engine="dask", workers=2, part_rows=25,
                  progress=False)  # fmt: skip
    assert summary.complete and summary.rows_scored == len(texts)
    got = [
        json.loads(line)
        for part in sorted((tmp_path / "o.jsonl").glob("part-*.jsonl"))
        for line in part.read_text("utf-8").splitlines()
    ]
    assert [row["id"] for row in got] == [str(i) for i in range(len(texts))]
    for row, a in zip(got, SCORER.score_many(texts), strict=True):
        assert {k: row[k] for k in RESULT_COLUMNS} == record(a)


@pytest.mark.parametrize(
    "ids",
    [
        ["a", "b", None, "d", "e"],
        [1, None, -3, 2**40, 5],
        None,  # no id column: the row numbers
        ["x", "y", "z", "w", "v"],
    ],
)
def test_a_plain_parquet_part_reads_as_the_row_reader_reads_it(
    tmp_path: Path, ids: list[Any] | None
) -> None:
    import pyarrow.parquet as pq

    from nudge.readers import Row, read_arrow, read_part

    texts = _comments(5)
    columns: dict[str, Any] = {"text": texts}
    if ids is not None:
        columns["id"] = ids
    pq.write_table(pa.table(columns), tmp_path / "c.parquet", row_group_size=2)
    for part in plan(tmp_path / "c.parquet", part_rows=2):
        fast = read_arrow(part, text_field="text", id_field="id")
        assert fast is not None
        rows = [
            Row(i, fast.first_line + n, t)
            for n, (i, t) in enumerate(
                zip(fast.ids.to_pylist(), fast.texts.to_pylist(), strict=True)
            )
        ]
        assert rows == list(read_part(part, text_field="text", id_field="id"))


@pytest.mark.parametrize(
    "columns",
    [
        {"text": ["a", None]},  # a null text is an error row of the row reader
        {"text": ["a", "b"], "id": [1.5, 2.0]},  # float ids: json.dumps names them
        {"body": ["a", "b"]},  # no text column
        {"text": [1, 2]},
    ],
)
def test_other_parquet_parts_are_left_to_the_row_reader(
    tmp_path: Path, columns: dict[str, Any]
) -> None:
    import pyarrow.parquet as pq

    from nudge.readers import read_arrow

    pq.write_table(pa.table(columns), tmp_path / "c.parquet")
    (part,) = plan(tmp_path / "c.parquet")
    assert read_arrow(part, text_field="text", id_field="id") is None
