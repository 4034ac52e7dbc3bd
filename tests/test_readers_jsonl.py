"""The JSONL reader decodes a part once, yet reads every line exactly as parsing that
line's bytes alone would (records, ids, errors and their line numbers)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import data_file_bytes

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
