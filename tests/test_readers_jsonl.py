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

from nudge import readers
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
