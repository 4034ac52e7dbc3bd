"""Streaming readers for labelled datasets (JSONL, CSV, TSV) and word lists.

Rows are read one at a time from the raw bytes: a line that is not UTF-8, not JSON, or
lacks a field is reported as a :class:`RowIssue` naming the file and line, and reading
goes on (unless ``strict``).  The file's SHA-256 is computed on the same pass, so a
report can name exactly what it measured without a second read.

>>> import tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "d.jsonl")
>>> _ = Path(path).write_text('{"text": "hi", "label": 0}\\n{"text": "x", "label": 7}\\n')
>>> reader = DatasetReader(path)
>>> [(r.line, r.text, r.label) for r in reader]
[(1, 'hi', 0)]
>>> [(i.line, i.message) for i in reader.issues]
[(2, 'label must be 0 or 1, got 7')]
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, Final, TextIO

from nudge.errors import NudgeError
from nudge.normalize import normalize

__all__ = [
    "DataFormat",
    "DatasetReader",
    "DatasetSpec",
    "EvalInputError",
    "Progress",
    "Row",
    "RowIssue",
    "Wordlist",
    "load_wordlist",
    "parse_where",
]

_MAX_ISSUES_KEPT = 1000
MAX_LINE_BYTES: Final = 1024 * 1024
"""A data line longer than this (1 MiB; a comment is a few hundred bytes) is reported
and skipped, so that one broken line cannot take the reader's memory."""
_CSV_FIELD_LIMIT = MAX_LINE_BYTES


class EvalInputError(NudgeError, ValueError):
    """A dataset or word list cannot be read at all (or a bad row under ``strict``).

    >>> str(EvalInputError("no such file", path="x.jsonl"))
    'x.jsonl: no such file'
    """

    def __init__(self, message: str, *, path: str = "", line: int | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        where = path if line is None else f"{path}:{line}"
        super().__init__(f"{where}: {message}" if where else message)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (self.message, self.path, self.line))


def _rebuild(message: str, path: str, line: int | None) -> EvalInputError:
    return EvalInputError(message, path=path, line=line)


class DataFormat(Enum):
    """File formats the readers understand."""

    JSONL = "jsonl"
    CSV = "csv"
    TSV = "tsv"

    @classmethod
    def of(cls, path: str | Path) -> DataFormat:
        """The format named by the extension: ``.csv``, ``.tsv``; anything else is JSONL.

        >>> DataFormat.of("x/data.tsv")
        <DataFormat.TSV: 'tsv'>
        """
        suffix = Path(path).suffix.lower()
        if suffix in {".csv"}:
            return cls.CSV
        if suffix in {".tsv", ".tab"}:
            return cls.TSV
        return cls.JSONL


@dataclass(frozen=True, slots=True)
class RowIssue:
    """A row that was skipped (or a term that was dropped), and why.

    >>> str(RowIssue("data.csv", 4, "missing field 'text'"))
    "data.csv:4: missing field 'text'"
    """

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class Row:
    """One usable row: its line, text, 0/1 label, language and grouping value.

    >>> Row(3, "salut", 0, "fr", "")
    Row(line=3, text='salut', label=0, lang='fr', group='')
    """

    line: int
    text: str
    label: int
    lang: str
    group: str


def parse_where(clauses: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """Parse ``field=value`` filters (all must hold).

    >>> parse_where(["split=test", "lang=fr"])
    (('split', 'test'), ('lang', 'fr'))
    """
    out: list[tuple[str, str]] = []
    for clause in clauses:
        name, sep, value = clause.partition("=")
        if not sep or not name.strip():
            raise EvalInputError(f"--where expects field=value, got {clause!r}")
        out.append((name.strip(), value.strip()))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class DatasetSpec:
    """What to read from one data file, and how to group its rows.

    ``name`` defaults to the folder for a file called ``data.*``, else the file's stem.
    ``label_field=None`` reads a presumed-clean file where every row is 0.

    >>> DatasetSpec("../shared/data/mlma_fr/data.jsonl").display_name
    'mlma_fr'
    >>> DatasetSpec("comments.csv", where=(("split", "test"),)).display_name
    'comments[split=test]'
    """

    path: str | Path
    name: str | None = None
    text_field: str = "text"
    label_field: str | None = "label"
    lang_field: str | None = "lang"
    where: tuple[tuple[str, str], ...] = ()
    by: str | None = None

    @property
    def display_name(self) -> str:
        """The name reports use for this dataset.

        >>> DatasetSpec("a/b.jsonl", name="b-test").display_name
        'b-test'
        """
        if self.name:
            return self.name
        path = Path(self.path)
        base = path.parent.name if path.stem == "data" and path.parent.name else path.stem
        if self.where:
            base += "[" + ",".join(f"{k}={v}" for k, v in self.where) + "]"
        return base


def _as_label(value: object) -> int | None:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int) and value in (0, 1):
        return value
    if isinstance(value, float) and value in (0.0, 1.0):
        return int(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in {"0", "1"}:
            return int(text)
        if text in {"0.0", "1.0"}:
            return int(float(text))
        if text in {"true", "false"}:
            return int(text == "true")
    return None


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


class Progress:
    """A one-line progress display on standard error, shown only for long runs.

    Nothing is printed during the first ``delay`` seconds, so short runs stay quiet.

    >>> p = Progress("demo", total_bytes=100, enabled=False)
    >>> p.update(rows=10, done_bytes=50); p.close()
    """

    def __init__(
        self,
        label: str,
        *,
        total_bytes: int = 0,
        enabled: bool = True,
        delay: float = 2.0,
        stream: TextIO | None = None,
    ) -> None:
        self.label = label
        self.total = total_bytes
        self.enabled = enabled
        self.stream = stream if stream is not None else sys.stderr
        self.start = time.monotonic()
        self.delay = delay
        self.last = 0.0
        self.shown = False

    def update(self, *, rows: int, done_bytes: int) -> None:
        """Redraw the line (at most a few times a second).

        >>> Progress("x", enabled=False).update(rows=1, done_bytes=1)
        """
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.start < self.delay or now - self.last < 0.25:
            return
        self.last = now
        rate = rows / max(now - self.start, 1e-9)
        share = f"{100 * done_bytes / self.total:5.1f}% " if self.total else ""
        self.stream.write(f"\r{self.label}: {share}{rows:,} rows, {rate:,.0f} rows/s   ")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        """End the line if anything was drawn.

        >>> Progress("x", enabled=False).close()
        """
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()
            self.shown = False


class _Lines:
    """Decoded lines of a binary file, with the physical line number and a running hash."""

    def __init__(self, raw: io.BufferedReader, on_issue: Callable[[int, str], None]) -> None:
        self.raw = raw
        self.on_issue = on_issue
        self.line = 0
        self.done_bytes = 0
        self.sha256 = hashlib.sha256()
        self.bad_lines = 0

    def _read_line(self) -> bytes | None:
        """The next physical line, or ``None`` past a line over the limit (read on, in
        bounded pieces, to its end, for the checksum and the line count)."""
        chunk = self.raw.readline(MAX_LINE_BYTES + 1)
        self.done_bytes += len(chunk)
        self.sha256.update(chunk)
        if len(chunk) <= MAX_LINE_BYTES or chunk.endswith(b"\n"):
            return chunk
        while chunk and not chunk.endswith(b"\n"):
            chunk = self.raw.readline(MAX_LINE_BYTES)
            self.done_bytes += len(chunk)
            self.sha256.update(chunk)
        return None

    def __iter__(self) -> Iterator[str]:
        while True:
            chunk = self._read_line()
            if chunk == b"":
                return
            self.line += 1
            if chunk is None:
                self.on_issue(self.line, f"line longer than {MAX_LINE_BYTES} bytes; skipped")
                continue
            try:
                text = chunk.decode("utf-8")
            except UnicodeDecodeError as exc:
                self.bad_lines += 1
                self.on_issue(self.line, f"not UTF-8 (byte {exc.start}); line skipped")
                continue
            if self.line == 1 and text.startswith("\ufeff"):
                text = text[1:]
            yield text


class DatasetReader:
    """Iterate the usable rows of a data file in constant memory.

    Problems go to ``issues`` (the first thousand are kept; ``issue_count`` counts all);
    with ``strict`` the first problem raises :class:`EvalInputError`.  After iterating,
    ``sha256`` is the checksum of the whole file and ``rows_read`` counts data rows seen.

    >>> DatasetReader("missing.jsonl").sha256
    ''
    """

    def __init__(
        self,
        spec: DatasetSpec | str | Path,
        *,
        strict: bool = False,
        progress: bool = False,
    ) -> None:
        self.spec = spec if isinstance(spec, DatasetSpec) else DatasetSpec(spec)
        self.path = str(self.spec.path)
        self.strict = strict
        self.progress = progress
        self.issues: list[RowIssue] = []
        self.issue_count = 0
        self.sha256 = ""
        self.rows_read = 0
        self.rows_kept = 0
        self.size = 0
        self.missing_by = 0
        """Rows without the ``--by`` field: kept overall, in no group."""

    def _issue(self, line: int, message: str) -> None:
        self.issue_count += 1
        if self.strict:
            raise EvalInputError(message, path=self.path, line=line)
        if len(self.issues) < _MAX_ISSUES_KEPT:
            self.issues.append(RowIssue(self.path, line, message))

    def __iter__(self) -> Iterator[Row]:
        spec = self.spec
        try:
            self.size = os.path.getsize(self.path)
            raw = open(self.path, "rb")  # noqa: SIM115 - closed in the finally below
        except OSError as exc:
            raise EvalInputError(exc.strerror or str(exc), path=self.path) from exc
        lines = _Lines(raw, self._issue)
        progress = Progress(spec.display_name, total_bytes=self.size, enabled=self.progress)
        fmt = DataFormat.of(self.path)
        try:
            for line, record in self._records(lines, fmt):
                self.rows_read += 1
                row = self._row(line, record)
                if row is not None:
                    self.rows_kept += 1
                    yield row
                if self.rows_read % 1024 == 0:
                    progress.update(rows=self.rows_read, done_bytes=lines.done_bytes)
            self.sha256 = lines.sha256.hexdigest()
        finally:
            progress.close()
            raw.close()

    def _records(self, lines: _Lines, fmt: DataFormat) -> Iterator[tuple[int, Mapping[str, Any]]]:
        if fmt is DataFormat.JSONL:
            for text in lines:
                if not text.strip():
                    continue
                try:
                    record = json.loads(text)
                except json.JSONDecodeError as exc:
                    self._issue(lines.line, f"not valid JSON ({exc.msg}, column {exc.colno})")
                    continue
                except (ValueError, RecursionError) as exc:
                    # a number of thousands of digits, brackets nested past the stack
                    self._issue(lines.line, f"unusable JSON ({type(exc).__name__}: {exc})")
                    continue
                if not isinstance(record, dict):
                    self._issue(lines.line, f"expected a JSON object, got {type(record).__name__}")
                    continue
                yield lines.line, record
            return
        csv.field_size_limit(_CSV_FIELD_LIMIT)
        delimiter = "\t" if fmt is DataFormat.TSV else ","
        reader = csv.reader(iter(lines), delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            self._issue(lines.line, f"unreadable header: {exc}")
            return
        header = [h.strip() for h in header]
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                self._issue(lines.line, f"malformed CSV: {exc}")
                continue
            if not cells or all(not c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                self._issue(lines.line, f"expected {len(header)} columns, got {len(cells)}")
                continue
            yield lines.line, dict(zip(header, cells, strict=True))

    def _row(self, line: int, record: Mapping[str, Any]) -> Row | None:
        spec = self.spec
        for name, value in spec.where:
            if _as_text(record.get(name)) != value:
                return None
        if spec.text_field not in record:
            self._issue(line, f"missing field {spec.text_field!r}")
            return None
        text = record[spec.text_field]
        if not isinstance(text, str):
            self._issue(line, f"field {spec.text_field!r} must be a string")
            return None
        label = 0
        if spec.label_field is not None:
            if spec.label_field not in record:
                self._issue(line, f"missing field {spec.label_field!r}")
                return None
            found = _as_label(record[spec.label_field])
            if found is None:
                self._issue(line, f"label must be 0 or 1, got {_as_text(record[spec.label_field])}")
                return None
            label = found
        lang = _as_text(record.get(spec.lang_field)) if spec.lang_field else ""
        group = ""
        if spec.by is not None:
            if spec.by in record:
                group = _as_text(record[spec.by])
            else:
                # Counted overall, reported once at the end: never a silently empty table.
                self.missing_by += 1
                group = MISSING_GROUP
        return Row(line, text, label, lang, group)


# ------------------------------------------------------------------------ word lists


@dataclass(frozen=True, slots=True)
class Wordlist:
    """An external word list: its terms (file order, duplicates removed) and what was dropped.

    >>> Wordlist("demo", ("idiot",), ("demo.txt",)).terms
    ('idiot',)
    """

    name: str
    terms: tuple[str, ...]
    paths: tuple[str, ...]
    skipped: tuple[RowIssue, ...] = field(default=())


_TERM_COLUMNS = ("term", "word", "terms", "words")

MISSING_GROUP: Final = "(missing)"
"""The ``--by`` group of the rows that lack the field."""


def _wordlist_lines(path: str) -> Iterator[tuple[int, str]]:
    fmt = DataFormat.of(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise EvalInputError(exc.strerror or str(exc), path=path) from exc
    text = raw.decode("utf-8", errors="replace").lstrip("\ufeff")
    if fmt is DataFormat.JSONL:
        for number, line in enumerate(text.splitlines(), 1):
            yield number, line
        return
    delimiter = "\t" if fmt is DataFormat.TSV else ","
    # newline="": the csv module reads \r, \n and \r\n line ends itself (a bare \r
    # otherwise ends in "new-line character seen in unquoted field").
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise EvalInputError(f"malformed CSV: {exc}", path=path) from None
    if not rows:
        return
    header = [h.strip().lower() for h in rows[0]]
    column = next((header.index(c) for c in _TERM_COLUMNS if c in header), None)
    if column is None:
        raise EvalInputError(
            f"a CSV/TSV word list needs a column named one of {list(_TERM_COLUMNS)}", path=path
        )
    for number, cells in enumerate(rows[1:], 2):
        yield number, cells[column] if column < len(cells) else ""


def load_wordlist(paths: Sequence[str | Path], *, name: str | None = None) -> Wordlist:
    """Read one or more word lists into one (one term a line, or CSV/TSV with a term column).

    Blank lines and ``#`` comments are skipped; a term the normaliser folds to nothing is
    dropped and listed in ``skipped``.

    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "words.txt")
    >>> _ = Path(path).write_text("# mine\\nidiot\\n\\n  crétin \\n\\u200b\\n")
    >>> wl = load_wordlist([path])
    >>> wl.name, wl.terms, [s.line for s in wl.skipped]
    ('words', ('idiot', 'crétin'), [5])
    """
    if not paths:
        raise EvalInputError("no word list given")
    terms: dict[str, None] = {}
    skipped: list[RowIssue] = []
    for path in map(str, paths):
        for number, line in _wordlist_lines(path):
            term = line.strip()
            if not term or term.startswith("#"):
                continue
            if "\ufffd" in term:
                skipped.append(RowIssue(path, number, "not UTF-8; term skipped"))
                continue
            if not normalize(term).words():
                skipped.append(
                    RowIssue(path, number, f"term {term!r} normalises to nothing; skipped")
                )
                continue
            terms.setdefault(term, None)
    label = name or "+".join(Path(p).stem for p in paths)
    return Wordlist(label, tuple(terms), tuple(map(str, paths)), tuple(skipped))
