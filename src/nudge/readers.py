"""Read comments from JSONL, CSV/TSV and Parquet files, part by part, keeping locations.

:func:`plan` cuts an input (one file or a folder of files) into :class:`Part` objects of
about ``part_rows`` rows: JSONL and CSV/TSV files are cut at record boundaries (a byte
range and the line it starts on), Parquet files at row-group boundaries.  A part is
small and picklable, so an engine can ship it to any worker; :func:`read_part` then yields
one :class:`Row` per good record and one :class:`~nudge.errors.DataError` per bad one
(broken JSON, missing or null text, a value that is not a string), naming file, line and
field, so that nothing is dropped silently.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "c.jsonl").write_text('{"id": 1, "text": "hi"}\\n{"text": null}\\n{oops\\n')
>>> [part] = plan(folder / "c.jsonl")
>>> for item in read_part(part, text_field="text", id_field="id"):
...     print(item)
Row(id='1', line=1, text='hi')
c.jsonl:2: text: null
c.jsonl:3: not valid JSON (Expecting property name enclosed in double quotes)
"""

from __future__ import annotations

import array
import csv
import json
import re
import struct
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Final

from nudge import _core
from nudge.errors import ConfigError, DataError

__all__ = [
    "ArrowColumns",
    "Columns",
    "Format",
    "Part",
    "Row",
    "detect_format",
    "input_files",
    "line_numbers",
    "part_bytes",
    "plan",
    "read_arrow",
    "read_columns",
    "read_part",
]

_Pieces = list[tuple[int, int, int, int, tuple[str, ...], str]]
"""(start, stop, first line, rows, header, problem) of each part of one file."""

_BLOCK: Final = 1 << 22
"""Bytes read at a time when counting lines (4 MiB)."""


class Format(StrEnum):
    """The input formats, chosen by file extension."""

    JSONL = "jsonl"
    CSV = "csv"
    TSV = "tsv"
    PARQUET = "parquet"


_EXTENSIONS: Final = {
    ".jsonl": Format.JSONL,
    ".ndjson": Format.JSONL,
    ".json": Format.JSONL,
    ".csv": Format.CSV,
    ".tsv": Format.TSV,
    ".tab": Format.TSV,
    ".parquet": Format.PARQUET,
    ".pq": Format.PARQUET,
}


def detect_format(path: str | Path) -> Format | None:
    """The format of a file from its extension, or ``None`` if it is not one we read.

    >>> detect_format("a/part-0001.parquet"), detect_format("notes.txt")
    (<Format.PARQUET: 'parquet'>, None)
    """
    return _EXTENSIONS.get(Path(path).suffix.lower())


@dataclass(frozen=True, slots=True)
class Part:
    """A piece of one input file: what a worker reads and scores in one go.

    ``source`` is the file's path relative to the input root (what reports show);
    ``start``/``stop`` are byte offsets (text formats) or row-group indexes (Parquet);
    ``first_line`` is the line (text) or row (Parquet) number of its first record;
    ``rows`` is the planned number of records (an estimate for CSV with quoted newlines);
    ``header`` holds the CSV/TSV column names (read once when planning).
    """

    index: int
    path: str
    source: str
    format: Format
    start: int
    stop: int
    first_line: int
    rows: int
    header: tuple[str, ...] = ()
    problem: str = ""
    """Why the file could not be planned (then reading it reports that as a part error)."""


@dataclass(frozen=True, slots=True)
class Row:
    """One readable record: its id (a string), its line (or row) number, its text."""

    id: str
    line: int
    text: str


def input_files(root: str | Path) -> list[Path]:
    """The data files of an input: the file itself, or a folder's files in name order.

    Hidden files and names starting with ``_`` (markers such as ``_SUCCESS``) are skipped,
    as are files in a format we do not read and links that lead out of the folder.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> for name in ("b.csv", "a.jsonl", "_SUCCESS", "notes.txt"):
    ...     _ = (d / name).write_text("")
    >>> [p.name for p in input_files(d)]
    ['a.jsonl', 'b.csv']
    """
    root = Path(root)
    if root.is_file():
        if detect_format(root) is None:
            raise ConfigError(
                "unknown input format (expected .jsonl, .csv, .tsv or .parquet)", path=str(root)
            )
        return [root]
    if not root.is_dir():
        raise ConfigError("no such file or folder", path=str(root))
    base = root.resolve()
    files = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith((".", "_")) for part in rel.parts):
            continue
        if not path.is_file() or detect_format(path) is None:
            continue
        if not path.resolve().is_relative_to(base):
            continue  # a link out of the input folder: data never leads us elsewhere
        files.append(path)
    return files


def plan(root: str | Path, part_rows: int = 50_000) -> list[Part]:
    """Cut an input into parts of about ``part_rows`` records each.

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "c.jsonl"
    >>> _ = f.write_text("".join(f'{{"text": "t{i}"}}\\n' for i in range(5)))
    >>> [(p.first_line, p.rows) for p in plan(f, part_rows=2)]
    [(1, 2), (3, 2), (5, 1)]
    """
    if part_rows < 1:
        raise ConfigError("must be at least 1", path="part_rows")
    root = Path(root)
    parts: list[Part] = []
    for path in input_files(root):
        source = path.name if root.is_file() else str(path.relative_to(root))
        fmt = detect_format(path)
        assert fmt is not None  # input_files keeps only known formats
        pieces: _Pieces
        try:
            if fmt is Format.PARQUET:
                pieces = _plan_parquet(path, part_rows)
            elif fmt is Format.JSONL:
                pieces = _plan_lines(path, part_rows)
            else:
                pieces = _plan_csv(path, fmt, part_rows)
        except Exception as exc:  # an unreadable file is one failed part, not a crash
            pieces = [(0, 0, 1, 0, (), f"{type(exc).__name__}: {exc}")]
        for start, stop, first, rows, header, problem in pieces:
            parts.append(
                Part(len(parts), str(path), source, fmt, start, stop, first, rows, header, problem)
            )
    return parts


def _plan_lines(path: Path, part_rows: int) -> _Pieces:
    # JSON Lines never has a raw newline inside a record: cut at every part_rows-th one.
    pieces: _Pieces = []
    start = pos = 0
    first = line = 1
    last = b"\n"
    with path.open("rb") as f:
        while block := f.read(_BLOCK):
            at = 0
            while True:
                # Found by the compiled core, the GIL released: planning a large file
                # then runs beside the Scorer's loading and the engine's imports.
                need = part_rows - (line - first)
                seen, end = _core.line_feeds(block, at, need)
                if end is None:
                    line += seen
                    break
                at = end
                line += need
                stop = pos + at
                pieces.append((start, stop, first, line - first, (), ""))
                start, first = stop, line
            pos += len(block)
            last = block[-1:]
    if pos > start:
        tail = 0 if last == b"\n" else 1  # a last record without a final newline
        pieces.append((start, pos, first, line - first + tail, (), ""))
    return pieces


def _plan_csv(path: Path, fmt: Format, part_rows: int) -> _Pieces:
    # A quoted CSV field may hold newlines: cut only where the csv module ends a record,
    # which we see by feeding it lines while counting their bytes.
    pieces: _Pieces = []
    with path.open("rb") as f:
        lines = _LineFeed(f)
        reader = csv.reader(lines, dialect=_dialect(fmt))
        header = tuple(next(reader, []))
        start, first, rows = lines.offset, lines.line + 1, 0
        for _ in reader:
            rows += 1
            if rows == part_rows:
                pieces.append((start, lines.offset, first, rows, header, ""))
                start, first, rows = lines.offset, lines.line + 1, 0
        if rows:
            pieces.append((start, lines.offset, first, rows, header, ""))
    if not pieces:
        pieces.append((0, 0, 1, 0, header, ""))
    return pieces


def _plan_parquet(path: Path, part_rows: int) -> _Pieces:
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(path).metadata
    pieces: _Pieces = []
    group, first, rows, start = 0, 1, 0, 0
    for group in range(meta.num_row_groups):
        rows += meta.row_group(group).num_rows
        if rows >= part_rows:
            pieces.append((start, group + 1, first, rows, (), ""))
            start, first, rows = group + 1, first + rows, 0
    if rows or not pieces:
        pieces.append((start, meta.num_row_groups, first, rows, (), ""))
    return pieces


class _LineFeed:
    """Decoded lines of a binary file, counting bytes and lines (feeds the csv module)."""

    def __init__(self, f: Any, offset: int = 0, stop: int | None = None, line: int = 0) -> None:
        self._f = f
        self.offset = offset
        self.stop = stop
        self.line = line
        self.bad_lines: list[tuple[int, str]] = []

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        while True:
            if self.stop is not None and self.offset >= self.stop:
                raise StopIteration
            raw = self._f.readline()
            if not raw:
                raise StopIteration
            self.offset += len(raw)
            self.line += 1
            try:
                text: str = raw.decode("utf-8-sig" if self.line == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                self.bad_lines.append((self.line, f"not UTF-8 ({exc.reason})"))
                continue
            return text


def _dialect(fmt: Format) -> type[csv.Dialect]:
    return csv.excel_tab if fmt is Format.TSV else csv.excel


def read_part(part: Part, *, text_field: str, id_field: str) -> Iterator[Row | DataError]:
    """The records of one part: a :class:`Row` for each good one, a ``DataError`` otherwise.

    A part that cannot be read at all gives one ``DataError`` with no line.  A record
    without an id (or with a null one) gets its location, ``source:line``, as its id.
    This is the reference reading; :func:`read_columns` reads the plain JSONL parts the
    same, faster, and ``nudge score`` tries it first.

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "c.tsv"
    >>> _ = f.write_text("id\\ttext\\nx\\tbonjour\\ny\\n")
    >>> [str(r) for r in read_part(plan(f)[0], text_field="text", id_field="id")]
    ["Row(id='x', line=2, text='bonjour')", 'c.tsv:3: text: missing']
    """
    if part.problem:
        yield DataError(f"unreadable ({part.problem})", path=part.source)
        return
    try:
        if part.format is Format.JSONL:
            yield from _read_jsonl(part, text_field, id_field)
        elif part.format is Format.PARQUET:
            yield from _read_parquet(part, text_field, id_field)
        else:
            yield from _read_csv(part, text_field, id_field)
    except (OSError, ValueError) as exc:
        # The file changed or broke under us (or a Parquet page is corrupt): the part's
        # remaining rows are reported through the part error, never dropped quietly.
        yield DataError(f"unreadable ({type(exc).__name__}: {exc})", path=part.source)


def _id_of(value: Any, part: Part, line: int) -> str:
    if value is None:
        return f"{part.source}:{line}"
    if isinstance(value, str):
        return value
    if type(value) is int:
        return str(value)  # what json.dumps gives, without its machinery
    if isinstance(value, bool | int | float):
        return json.dumps(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _text_of(record: Any, part: Part, line: int, text_field: str) -> str | DataError:
    if not isinstance(record, dict):
        return DataError(f"expected an object, got {_kind(record)}", path=part.source, line=line)
    if text_field not in record:
        return DataError("missing", path=part.source, line=line, field=text_field)
    text = record[text_field]
    if text is None:
        return DataError("null", path=part.source, line=line, field=text_field)
    if not isinstance(text, str):
        return DataError(
            f"expected a string, got {_kind(text)}", path=part.source, line=line, field=text_field
        )
    return text


def _kind(value: Any) -> str:
    return {dict: "an object", list: "an array", bool: "a boolean", int: "a number",
            float: "a number", str: "a string"}.get(type(value), type(value).__name__)  # fmt: skip


_ASCII_SPACE: Final = " \t\n\r\x0b\x0c"
"""What ``bytes.strip()`` strips: a line of only these is blank (and nothing else is)."""


def _read_jsonl(part: Part, text_field: str, id_field: str) -> Iterator[Row | DataError]:
    with open(part.path, "rb") as f:
        f.seek(part.start)
        data = f.read(part.stop - part.start)
    yield from _jsonl_lines(part, data, text_field, id_field)


def _jsonl_lines(
    part: Part, data: bytes, text_field: str, id_field: str
) -> Iterator[Row | DataError]:
    """The part's records a line at a time, each bad one reported with its reason."""
    # Decoding the part once is cheaper than once per line.  A part that is not all
    # UTF-8, or a line the decoded text does not parse (a BOM, a NUL, bad JSON), takes
    # the per-line path on the bytes, so records and errors are exactly as before.
    lines: list[str] | list[bytes]
    try:
        lines = data.decode("utf-8").split("\n")
    except UnicodeDecodeError:
        lines = data.split(b"\n")
    line = part.first_line - 1
    for item in lines:
        line += 1
        if isinstance(item, str):
            if not item.strip(_ASCII_SPACE):
                continue  # a blank line holds no record
            try:
                parsed = json.loads(item)
            except (ValueError, RecursionError):
                pass  # the bytes path below says why, as it always did
            else:
                found = _text_of(parsed, part, line, text_field)
                if isinstance(found, DataError):
                    yield found
                else:
                    yield Row(_id_of(parsed.get(id_field), part, line), line, found)
                continue
            raw = item.encode("utf-8")  # the line's bytes (the decoding was lossless)
        else:
            raw = item
        if not raw.strip():
            continue  # a blank line holds no record
        try:
            record = json.loads(raw)
        except UnicodeDecodeError as exc:
            yield DataError(f"not UTF-8 ({exc.reason})", path=part.source, line=line)
            continue
        except ValueError as exc:
            reason = getattr(exc, "msg", str(exc))
            yield DataError(f"not valid JSON ({reason})", path=part.source, line=line)
            continue
        except RecursionError:  # "[[[[…": the rest of the part must still be read
            yield DataError("not valid JSON (nested too deeply)", path=part.source, line=line)
            continue
        text = _text_of(record, part, line, text_field)
        if isinstance(text, DataError):
            yield text
            continue
        yield Row(_id_of(record.get(id_field), part, line), line, text)


_SPACE_BYTES: Final = _ASCII_SPACE.replace("\n", "").encode("ascii")
_SPACE_BYTES_EACH: Final = frozenset(bytes([b]) for b in _SPACE_BYTES)
_LINE_STARTS: Final = _SPACE_BYTES_EACH | {b"\n"}
"""First bytes of a part that may begin a blank line."""
_SPACE_AFTER_LINE_FEED: Final = re.compile(rb"\n[ \t\r\x0b\x0c\n]")
"""A line feed followed by ASCII white space or another line feed: where a blank line
may begin (the characters of ``_ASCII_SPACE``)."""
_DIGITS_ONLY: Final = bytes(0x30 if 0x30 <= b <= 0x39 else 0x2E for b in range(256))
"""A byte table keeping digits (as ``0``) and turning everything else into ``.``."""


@dataclass(frozen=True, slots=True)
class Columns:
    """A part's records as columns: what :func:`read_columns` gives for a plain part.

    Record ``i`` is on line ``first_line + i`` (no blank line, one record a line)."""

    ids: list[str]
    first_line: int
    texts: list[str]


@dataclass(frozen=True, slots=True)
class ArrowColumns:
    """:class:`Columns` as Arrow arrays (``pyarrow`` string arrays, chunked or not):
    what :func:`read_arrow` gives for a plain part."""

    ids: Any
    first_line: int
    texts: Any


def _scalar(kind: Any) -> bool:
    import pyarrow as pa

    return bool(
        pa.types.is_string(kind)
        or pa.types.is_integer(kind)
        or pa.types.is_floating(kind)
        or pa.types.is_boolean(kind)
        or pa.types.is_null(kind)
    )


def read_columns(part: Part, *, text_field: str, id_field: str) -> Columns | None:
    """A JSONL part's records as columns, read by Arrow's JSON reader (C++: about ten
    times faster than a ``json.loads`` a line, and no object a row), or ``None`` when the
    part is not the plain case it reads exactly as :func:`read_part` does: one object a
    line, no blank line (Arrow skips them, which would shift the line numbers), no
    byte-order mark, only flat records, every text a string, ids strings or integers.
    Anything else (a broken line, a null or missing text, a float id, another format,
    pyarrow not installed) is for :func:`read_part`, which says what is wrong with each
    row.  :func:`read_arrow` gives the same columns as Arrow arrays.

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "c.jsonl"
    >>> _ = f.write_text('{"id": 7, "text": "hi"}\\n{"text": "yo"}\\n')
    >>> cols = read_columns(plan(f)[0], text_field="text", id_field="id")
    >>> cols is None or (cols.ids, cols.texts) == (["7", "c.jsonl:2"], ["hi", "yo"])
    True

    (``None`` here only without pyarrow, which the ``parquet`` extra installs.)
    """
    if part.format is not Format.JSONL:
        return None
    found = read_arrow(part, text_field=text_field, id_field=id_field)
    if found is None:
        return None
    return Columns(found.ids.to_pylist(), found.first_line, found.texts.to_pylist())


def read_arrow(part: Part, *, text_field: str, id_field: str) -> ArrowColumns | None:
    """:func:`read_columns`'s columns as Arrow string arrays, never turned into Python
    strings: what ``nudge score`` scores and writes through the columnar path.  A Parquet
    part is read the same way when it is the plain case (strings or integers for ids, no
    null text); anything else is ``None``, for :func:`read_part`.

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "c.jsonl"
    >>> _ = f.write_text('{"id": 7, "text": "hi"}\\n{"text": "yo", "id": null}\\n')
    >>> cols = read_arrow(plan(f)[0], text_field="text", id_field="id")
    >>> cols is None or cols.ids.to_pylist() == ["7", "c.jsonl:2"]
    True
    """
    if part.problem:
        return None
    if part.format is Format.PARQUET:
        return _plain_parquet(part, text_field, id_field)
    if part.format is not Format.JSONL:
        return None
    data = part_bytes(part)
    if data is None:
        return None
    return _plain_jsonl(part, data, text_field, id_field)


def part_bytes(part: Part) -> bytes | None:
    """The bytes of a text part (its byte range of its file), or ``None`` when the file
    cannot be read now (the reference reading, :func:`read_part`, then reports why).

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "c.jsonl"
    >>> _ = f.write_text('{"text": "a"}\\n{"text": "b"}\\n')
    >>> [part_bytes(p) for p in plan(f, part_rows=1)]
    [b'{"text": "a"}\\n', b'{"text": "b"}\\n']
    """
    try:
        with open(part.path, "rb") as f:
            f.seek(part.start)
            return f.read(part.stop - part.start)
    except OSError:
        return None


def _plain_jsonl(part: Part, data: bytes, text_field: str, id_field: str) -> ArrowColumns | None:
    try:
        import pyarrow as pa
        import pyarrow.json as pa_json
    except ImportError:
        return None
    if not data or data.startswith(b"\xef\xbb\xbf"):
        return None
    # Arrow does not check the UTF-8 of fields it is not asked for; a line that is not
    # UTF-8 anywhere is an error row on the other path.
    if not _utf8(pa, data):
        return None
    if _blank_line(data):
        return None
    lines = data.count(b"\n") + (not _ends_line(data))
    options = pa_json.ReadOptions(use_threads=False, block_size=max(len(data), 1 << 20))
    try:
        table = pa_json.read_json(pa.py_buffer(data), read_options=options)
    except (pa.ArrowException, ValueError):  # UnicodeDecodeError is a ValueError
        return None
    names = table.column_names
    # Two records on a line make more rows than lines.  A nested field may be nested
    # deeper than Python's json allows: only flat records are read here.
    if table.num_rows != lines or text_field not in names:
        return None
    if not all(_scalar(f.type) for f in table.schema):
        return None
    # Python's json refuses integers longer than this interpreter's limit (4,300 digits by
    # default; 0: none), which Arrow reads as floats: only a part with a float column can
    # hold one, so only such a part pays for the search.
    limit = sys.get_int_max_str_digits()
    floats = any(pa.types.is_floating(f.type) for f in table.schema)
    if limit and floats and b"0" * (limit + 1) in data.translate(_DIGITS_ONLY):
        return None
    texts = table.column(text_field)
    if not pa.types.is_string(texts.type) or texts.null_count:
        return None
    first = part.first_line
    if id_field == text_field:
        return ArrowColumns(texts, first, texts)
    if id_field not in names:
        return ArrowColumns(_line_ids(part, first, lines), first, texts)
    column = table.column(id_field)
    kind = column.type
    if not (pa.types.is_string(kind) or pa.types.is_int64(kind) or pa.types.is_null(kind)):
        return None
    import pyarrow.compute as pc

    # str() of an int64 is what Arrow's cast to string writes (what json.dumps gives);
    # a null id is named by its line, as _id_of names it.
    ids = column if pa.types.is_string(kind) else pc.cast(column, pa.string())
    if ids.null_count:
        ids = pc.if_else(pc.is_null(ids), _line_ids(part, first, lines), ids)
    return ArrowColumns(ids, first, texts)


def _plain_parquet(part: Part, text_field: str, id_field: str) -> ArrowColumns | None:
    """A Parquet part's texts and ids as Arrow arrays, as :func:`_read_parquet` reads them
    (an id column of strings or integers, a null id named by its row), or ``None`` for
    anything that path reports or reads otherwise: a missing column, a null text, a text
    column that is not strings, ids of another type, an unreadable file."""
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.parquet as pq
    except ImportError:
        return None
    try:
        pf = pq.ParquetFile(part.path)
        names = pf.schema_arrow.names
        if text_field not in names or part.rows == 0:
            return None
        columns = [text_field] + (
            [id_field] if id_field in names and id_field != text_field else []
        )
        table = pf.read_row_groups(list(range(part.start, part.stop)), columns=columns)
    except (OSError, pa.ArrowException):
        return None
    texts = table.column(text_field)
    if pa.types.is_dictionary(texts.type):  # e.g. written from a pandas categorical
        texts = pc.cast(texts, texts.type.value_type)
    if not (pa.types.is_string(texts.type) or pa.types.is_large_string(texts.type)):
        return None
    if texts.null_count:
        return None
    first, count = part.first_line, table.num_rows
    if id_field not in names:
        return ArrowColumns(_line_ids(part, first, count), first, texts)
    column = texts if id_field == text_field else table.column(id_field)
    kind = column.type
    if not (
        pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_integer(kind)
    ):
        return None
    # str() of an integer is what Arrow's cast to string writes; a null id is named by
    # its row, as _id_of names it.
    ids = pc.cast(column, pa.string())
    if ids.null_count:
        ids = pc.if_else(pc.is_null(ids), _line_ids(part, first, count), ids)
    return ArrowColumns(ids, first, texts)


def _blank_line(data: bytes) -> bool:
    """Whether a line of ``data`` ended by a line feed holds nothing but ASCII white
    space (which Arrow's reader skips and the line-by-line path reports).  A regular
    expression of fixed width finds the line feed followed by white space or another
    line feed in one linear pass, without a copy of the part (a part with such a line,
    or whose first line starts with white space, is checked exactly, by removing the
    blanks).

    >>> _blank_line(b'{"a": 1}\\n \\t\\n{"a": 2}\\n'), _blank_line(b'{"a": 1}\\n  {"a": 2}\\n')
    (True, False)
    """
    if data[:1] not in _LINE_STARTS and _SPACE_AFTER_LINE_FEED.search(data) is None:
        return False
    squeezed = data.translate(None, _SPACE_BYTES)
    return squeezed.startswith(b"\n") or b"\n\n" in squeezed


def _ends_line(data: bytes) -> bool:
    """Whether ``data``'s last byte that is not ASCII white space is a line feed.

    >>> _ends_line(b"x\\n"), _ends_line(b"x\\n  "), _ends_line(b"x")
    (True, True, False)
    """
    if data[-1:] in _SPACE_BYTES_EACH:  # rare: copy only then
        data = data.rstrip(_SPACE_BYTES)
    return data.endswith(b"\n")


def _utf8(pa: Any, data: bytes) -> bool:
    """Whether ``data`` is UTF-8 (what ``data.decode("utf-8")`` accepts), checked by
    Arrow's validator on the bytes as they are: five times faster than decoding them
    into a Python string that is thrown away."""
    offsets = pa.py_buffer(struct.pack("<qq", 0, len(data)))
    whole = pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(data)])
    try:
        whole.cast(pa.large_string())
    except pa.ArrowInvalid:
        return False
    return True


def line_numbers(first: int, count: int) -> Any:
    """``first``, ``first + 1``, ... (``count`` of them) as an Arrow ``int64`` array,
    made from a buffer: ``pa.array`` of a Python sequence asks whether it is a pandas
    object, which imports pandas (a quarter of a CPU-second in every worker process that
    would otherwise never load it).

    >>> line_numbers(7, 3).to_pylist()
    [7, 8, 9]
    """
    import pyarrow as pa

    numbers = array.array("q", range(first, first + count))
    return pa.Array.from_buffers(pa.int64(), count, [None, pa.py_buffer(numbers)])


def _line_ids(part: Part, first: int, count: int) -> Any:
    """``source:line`` for ``count`` lines from ``first``, as an Arrow string array."""
    import pyarrow as pa
    import pyarrow.compute as pc

    numbers = pc.cast(line_numbers(first, count), pa.string())
    return pc.binary_join_element_wise(f"{part.source}:", numbers, "")


def _read_csv(part: Part, text_field: str, id_field: str) -> Iterator[Row | DataError]:
    header = part.header
    if part.rows == 0 and part.stop == 0:
        return
    if text_field not in header:
        yield DataError(
            f"no such column (the header has {', '.join(header) or 'nothing'})",
            path=part.source,
            field=text_field,
        )
        return
    text_at = header.index(text_field)
    id_at = header.index(id_field) if id_field in header else None
    with open(part.path, "rb") as f:
        f.seek(part.start)
        feed = _LineFeed(f, part.start, part.stop, part.first_line - 1)
        reader = csv.reader(feed, dialect=_dialect(part.format))
        while True:
            first = feed.line + 1
            try:
                fields = next(reader, None)
            except csv.Error as exc:
                yield DataError(f"not valid CSV ({exc})", path=part.source, line=first)
                continue
            for bad_line, reason in feed.bad_lines:
                yield DataError(reason, path=part.source, line=bad_line)
            feed.bad_lines.clear()
            if fields is None:
                return
            if not fields:
                continue  # a blank line holds no record
            if text_at >= len(fields):
                yield DataError("missing", path=part.source, line=first, field=text_field)
                continue
            ident = fields[id_at] if id_at is not None and id_at < len(fields) else None
            yield Row(_id_of(ident, part, first), first, fields[text_at])


def _read_parquet(part: Part, text_field: str, id_field: str) -> Iterator[Row | DataError]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(part.path)
    names = pf.schema_arrow.names
    if text_field not in names:
        yield DataError(
            f"no such column (the file has {', '.join(names)})",
            path=part.source,
            field=text_field,
        )
        return
    kind = pf.schema_arrow.field(text_field).type
    if pa.types.is_dictionary(kind):  # e.g. written from a pandas categorical
        kind = kind.value_type
    if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
        yield DataError(f"expected strings, the column holds {kind}", path=part.source,
                        field=text_field)  # fmt: skip
        return
    columns = [text_field] + ([id_field] if id_field in names and id_field != text_field else [])
    table = pf.read_row_groups(list(range(part.start, part.stop)), columns=columns)
    texts = table.column(text_field).to_pylist()
    ids = table.column(id_field).to_pylist() if id_field in columns else [None] * len(texts)
    for i, (text, ident) in enumerate(zip(texts, ids, strict=True)):
        line = part.first_line + i
        if text is None:
            yield DataError("null", path=part.source, line=line, field=text_field)
            continue
        yield Row(_id_of(ident, part, line), line, text)
