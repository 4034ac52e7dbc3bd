"""The JSONL reader decodes a part once, yet reads every line exactly as parsing that
line's bytes alone would (records, ids, errors and their line numbers)."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import data_file_bytes, jsonl_records

from nudge import Scorer, readers
from nudge.columns import score_jsonl, score_table
from nudge.errors import DataError
from nudge.readers import plan, read_part


def _one_line_at_a_time(data: bytes, source: str) -> list[str]:
    """What each line gives when its bytes are parsed on their own."""
    out = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except (ValueError, RecursionError):
            out.append(f"{source}:{number}: error")
            continue
        text = record.get("text") if isinstance(record, dict) else None
        if isinstance(text, str):
            ident = record.get("id")
            out.append(f"{number} {text!r} {ident is None}")
        else:
            out.append(f"{source}:{number}: error")
    return out


def _read(data: bytes) -> list[str]:
    folder = Path(tempfile.mkdtemp())
    (folder / "c.jsonl").write_bytes(data)
    out = []
    for part in plan(folder / "c.jsonl"):
        for item in read_part(part, text_field="text", id_field="id"):
            if hasattr(item, "text"):
                out.append(f"{item.line} {item.text!r} {item.id == f'c.jsonl:{item.line}'}")
            else:
                out.append(f"{str(item).split(':')[0]}:{str(item).split(':')[1]}: error")
    return out


LINES = st.sampled_from(
    [
        b'{"id": "a", "text": "ok"}',
        b'{"text": "caf\xc3\xa9 \xe2\x80\xa8"}',
        b"\xef\xbb\xbf" + b'{"text": "bom"}',
        b'{"text": "crlf"}\r',
        b'{"text": "a\\ud800b", "id": 3}',
        b'{"text": null}',
        b"[1]",
        b"\x00{}",
        b"\xc2\xa0",
        b"  ",
        b"",
        b'{"text": "\xff"}',
        b"{bad",
    ]
)


def test_a_line_nested_too_deeply_is_reported_and_the_rest_read() -> None:
    data = b"[" * 100_000 + b'\n{"text": "after"}\n'
    assert _read(data) == ["c.jsonl:1: error", "2 'after' True"]


@settings(max_examples=150, deadline=None)
@given(st.lists(LINES, max_size=8).map(b"\n".join) | data_file_bytes())
def test_a_part_reads_as_its_lines_one_by_one(data: bytes) -> None:
    # Ids of their own may collide with the location form only in the reference's
    # "no id" test; the synthetic lines above avoid that.
    assert _read(data) == _one_line_at_a_time(data, "c.jsonl")


def _part(data: bytes) -> readers.Part:
    folder = Path(tempfile.mkdtemp())
    (folder / "c.jsonl").write_bytes(data)
    (part,) = plan(folder / "c.jsonl", part_rows=10**6)
    return part


@settings(max_examples=150, deadline=None)
@given(jsonl_records())
def test_arrow_reads_a_plain_part_as_the_line_by_line_path_does(data: bytes) -> None:
    pytest.importorskip("pyarrow")
    part = _part(data)
    fast = readers.read_columns(part, text_field="text", id_field="id")
    slow = list(readers._jsonl_lines(part, data, "text", "id"))
    if fast is None:
        # Only a lone surrogate (written escaped) sends such a part the other way.
        assert b"\\ud" in data
    else:
        rows = [
            readers.Row(i, fast.first_line + n, t)
            for n, (i, t) in enumerate(zip(fast.ids, fast.texts, strict=True))
        ]
        assert rows == slow


def test_arrow_is_used_on_a_plain_part_and_not_on_a_blank_line() -> None:
    pytest.importorskip("pyarrow")
    data = b'{"id": 7, "text": "one"}\n{"text": "two", "id": null}\n{"text": "3"}\n'
    part = _part(data)
    assert readers.read_columns(part, text_field="text", id_field="id") == readers.Columns(
        ["7", "c.jsonl:2", "c.jsonl:3"], 1, ["one", "two", "3"]
    )
    for broken in (
        data.replace(b"\n{", b"\n \t\n{", 1),  # a blank line: Arrow would skip it
        data.replace(b"}\n{", b"} {", 1),  # two records on a line
        data.replace(b"7", b"7" * (sys.get_int_max_str_digits() + 1)),  # json refuses it
        data.replace(b'"two"', b'{"nested": "two"}'),  # not flat
    ):
        assert readers.read_columns(_part(broken), text_field="text", id_field="id") is None


# ------------------------------------------------- read and scored by the compiled core

JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True)
    | st.text(max_size=12)
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=4,
)
FIELD_NAMES = st.sampled_from(["text", "id", "t\u00e9xt", "n"]) | st.text(max_size=4)


@st.composite
def json_lines_of_any_kind(draw: st.DrawFn) -> bytes:
    """Lines of JSON objects (repeated keys, values of every kind, the text or the id of
    any kind or absent), written by different writers, among broken lines."""
    lines = []
    for _ in range(draw(st.integers(1, 6))):
        if draw(st.integers(0, 9)) == 0:
            lines.append(draw(LINES))
            continue
        pairs = draw(st.lists(st.tuples(FIELD_NAMES, JSON_VALUES), max_size=5))
        if draw(st.booleans()):
            pairs.append(("text", draw(st.text(max_size=20))))
        ascii_only = draw(st.booleans())
        items = [
            f"{json.dumps(k, ensure_ascii=ascii_only)}:{json.dumps(v, ensure_ascii=ascii_only)}"
            for k, v in pairs
        ]
        space = draw(st.sampled_from(["", " ", "\t", " \r"]))
        line = "{" + space + ("," + space).join(items) + space + "}" + space
        lines.append(line.encode("utf-8", "surrogatepass"))
    end = draw(st.sampled_from([b"\n", b""]))
    return b"\n".join(lines) + end


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer.load()


def _reference(data: bytes) -> list[readers.Row | DataError]:
    return list(read_part(_part(data), text_field="text", id_field="id"))


@settings(max_examples=200, deadline=None)
@given(json_lines_of_any_kind() | jsonl_records() | st.lists(LINES, max_size=6).map(b"\n".join))
def test_the_core_reads_a_part_as_the_reference_or_leaves_it(scorer: Scorer, data: bytes) -> None:
    pytest.importorskip("pyarrow")
    found = score_jsonl(scorer, data, text_field="text", id_field="id", source="c.jsonl")
    if found is None:
        return
    reference = _reference(data)
    ids, table = found
    rows = [r for r in reference if isinstance(r, readers.Row)]
    assert rows == reference
    assert ids.to_pylist() == [r.id for r in rows]
    assert table.equals(score_table(scorer, [r.text for r in rows]))


@settings(max_examples=100, deadline=None)
@given(jsonl_records())
def test_the_core_reads_every_plain_part(scorer: Scorer, data: bytes) -> None:
    pytest.importorskip("pyarrow")
    found = score_jsonl(scorer, data, text_field="text", id_field="id", source="c.jsonl")
    if found is None:
        # Only a lone surrogate (written escaped) sends such a part the other way.
        assert b"\\ud" in data


def test_the_core_leaves_what_the_reference_reports() -> None:
    pytest.importorskip("pyarrow")
    scorer = Scorer.load()
    data = b'{"id": 7, "text": "one"}\n{"text": "two", "id": null}\n{"text": "3", "id": true}\n'
    found = score_jsonl(scorer, data, text_field="text", id_field="id", source="c.jsonl")
    assert found is not None
    ids, table = found
    assert ids.to_pylist() == ["7", "c.jsonl:2", "true"]
    assert table.num_rows == 3
    limit = sys.get_int_max_str_digits()
    for broken in (
        data.replace(b"\n{", b"\n \t\n{", 1),  # a blank line: no record, one line more
        data.replace(b"}\n{", b"} {", 1),  # two records on a line
        data.replace(b"7", b"7" * (limit + 1)),  # json refuses it
        data.replace(b'"two"', b'{"nested": "two"}'),  # not flat
        data.replace(b'"one"', b"1"),  # not a string: an error row there
        data.replace(b"7", b"7.5"),  # a float id, as json.dumps writes it
        data.replace(b'"one"', b'"\\ud83d"'),  # half a surrogate pair
    ):
        assert _reference(broken) != _reference(data)
        assert score_jsonl(scorer, broken, text_field="text", id_field="id", source="c") is None
